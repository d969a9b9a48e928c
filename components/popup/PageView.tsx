/**
 * "This page": the methods the current tab mentions, with a summary line; on an arXiv PDF, an offer
 * to read the paper's HTML version instead; clear states when there is nothing to show.
 */
import type { PageSummary } from '@/lib/page-summary';
import type { ArxivHtmlScan } from '@/lib/arxiv-html-scan';
import type { Loadable } from '@/lib/popup/loadable';
import { pageSummaryLine } from '@/lib/popup/page-summary-line';
import { httpUrl } from '@/lib/popup/safe-url';
import { MethodList } from './MethodList';
import { EmptyState, ErrorNote, Loading } from './states';

export type PageViewState =
  | { kind: 'loading' }
  | { kind: 'error'; error: string }
  /** The tab's address; null when the browser does not tell it (a page Method Lens may not read). */
  | { kind: 'summary'; tabUrl: string | null; summary: PageSummary; supportedSite: string | null }
  | { kind: 'pdf'; tabUrl: string; arxivId: string; scan: Loadable<ArxivHtmlScan> | null; onScan: () => void };

export function PageView({ state }: { state: PageViewState }) {
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title" class="view-title" tabIndex={-1}>
        This page
      </h1>
      {state.kind !== 'loading' && state.kind !== 'error' && state.tabUrl && <p class="view-subtitle page-url">{displayUrl(state.tabUrl)}</p>}
      <PageBody state={state} />
    </section>
  );
}

function PageBody({ state }: { state: PageViewState }) {
  switch (state.kind) {
    case 'loading':
      return <Loading what="this page’s methods" />;
    case 'error':
      return <ErrorNote title="Could not read this tab’s methods." detail={state.error} />;
    case 'pdf':
      return <PdfScan state={state} />;
    case 'summary':
      return <SummaryBody summary={state.summary} supportedSite={state.supportedSite} />;
  }
}

function SummaryBody({ summary, supportedSite }: { summary: PageSummary; supportedSite: string | null }) {
  if (!summary.scanned) {
    return supportedSite ? (
      <EmptyState title={`This ${supportedSite} page has not been read yet.`}>
        <p>Reload the page, or check in Options that marks and {supportedSite} are switched on.</p>
      </EmptyState>
    ) : (
      <EmptyState title="Method Lens does not read this page.">
        <p>It marks methods on arXiv (abstracts, HTML papers, listings) and Semantic Scholar. Search works anywhere.</p>
      </EmptyState>
    );
  }
  return (
    <>
      {summary.paused && (
        <p class="note note-warning">
          This page kept changing without pause, so Method Lens stopped re-reading it: the list shows what it had found by then.
        </p>
      )}
      {summary.methods.length === 0 ? (
        <EmptyState title="No known methods on this page.">
          <p>None of the methods in the snapshot is named here.</p>
        </EmptyState>
      ) : (
        <>
          <p class="summary-line">{pageSummaryLine(summary.methods)}</p>
          <MethodList methods={summary.methods} label="Methods on this page" />
        </>
      )}
    </>
  );
}

function PdfScan({ state }: { state: Extract<PageViewState, { kind: 'pdf' }> }) {
  const { scan } = state;
  if (scan?.state === 'ready') {
    const htmlUrl = httpUrl(scan.value.url);
    return (
      <>
        <p class="note">
          Read from the paper’s{' '}
          {htmlUrl ? (
            <a href={htmlUrl} target="_blank" rel="noopener noreferrer">
              HTML version
            </a>
          ) : (
            'HTML version'
          )}
          .
        </p>
        {scan.value.methods.length === 0 ? (
          <EmptyState title="No known methods in this paper." />
        ) : (
          <>
            <p class="summary-line">{pageSummaryLine(scan.value.methods)}</p>
            <MethodList methods={scan.value.methods} label="Methods in this paper" />
          </>
        )}
      </>
    );
  }
  return (
    <div class="pdf-offer">
      <p>
        This is the PDF of arXiv paper {state.arxivId}; Method Lens cannot read PDFs in place. It can read the paper’s HTML version
        on arxiv.org instead.
      </p>
      <button type="button" class="button button-primary" onClick={state.onScan} disabled={scan?.state === 'loading'}>
        {scan?.state === 'loading' ? 'Reading the HTML version…' : 'Scan the HTML version'}
      </button>
      {scan?.state === 'error' && <ErrorNote title="The HTML version could not be read." detail={scan.error} />}
    </div>
  );
}

/** Host and path, without the scheme and query: enough to recognise the tab. */
function displayUrl(address: string): string {
  try {
    const url = new URL(address);
    return `${url.host}${url.pathname}`;
  } catch {
    return address;
  }
}
