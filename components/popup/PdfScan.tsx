/** An arXiv PDF tab: the offer to read the paper's HTML version instead, its progress, failure, or the methods found. */
import { pageSummaryLine } from '@/lib/popup/page-summary-line';
import { httpUrl } from '@/lib/popup/safe-url';
import { EmptyState } from './EmptyState';
import { ErrorNote } from './ErrorNote';
import { MethodList } from './MethodList';
import type { PageViewState } from './PageView';

type PdfState = Extract<PageViewState, { kind: 'pdf' }>;

export function PdfScan({ state }: { state: PdfState }) {
  const { scan } = state;
  if (scan?.state === 'ready') {
    const htmlUrl = httpUrl(scan.value.url);
    const link = htmlUrl ? (
      <a href={htmlUrl} target="_blank" rel="noopener noreferrer">
        HTML version
      </a>
    ) : (
      'HTML version'
    );
    return (
      <>
        {scan.value.source === 'ar5iv' ? (
          <p class="note">
            arXiv has no HTML version of this paper: read from ar5iv’s {link} (arXiv Labs), which is made from one version of each
            paper, not necessarily this one.
          </p>
        ) : (
          <p class="note">Read from the paper’s {link}.</p>
        )}
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
        instead: arXiv’s, or for a paper arXiv has none of (most from before December 2023), ar5iv’s (arXiv Labs).
      </p>
      <button type="button" class="button button-primary" onClick={state.onScan} disabled={scan?.state === 'loading'}>
        {scan?.state === 'loading' ? 'Reading the HTML version…' : 'Scan the HTML version'}
      </button>
      {scan?.state === 'error' && <ErrorNote title="The HTML version could not be read." detail={scan.error} />}
    </div>
  );
}
