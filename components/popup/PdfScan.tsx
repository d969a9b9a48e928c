/**
 * An arXiv PDF tab: the offer to read the paper's HTML version instead, its progress, failure, or the
 * methods found. The offer's button stays focusable while it reads (`aria-disabled`, as "Refresh now"),
 * and when the methods replace it, focus moves to them instead of falling to the page; the page view's
 * status region says what the scan is doing and what it found (`scanAnnouncement`; a failure is an alert).
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import { pageSummaryLine } from '@/lib/popup/page-summary-line';
import { httpUrl } from '@/lib/popup/safe-url';
import { EmptyState } from './EmptyState';
import { ErrorNote } from './ErrorNote';
import { MethodList } from './MethodList';
import { MutedNotLookedFor } from './MutedNotLookedFor';
import type { MutedMethod, PageViewState } from './PageView';

type PdfState = Extract<PageViewState, { kind: 'pdf' }>;

export function PdfScan({ state }: { state: PdfState }) {
  const { scan } = state;
  return scan?.state === 'ready' ? <ScanResult scan={scan.value} muted={state.muted ?? []} kept={state.kept ?? false} /> : <ScanOffer state={state} />;
}

/** What a screen reader is told of the scan: that it reads, then what it found. */
export function scanAnnouncement(scan: PdfState['scan']): string {
  if (scan?.state === 'loading') return 'Reading the HTML version…';
  if (scan?.state !== 'ready') return '';
  const { methods } = scan.value;
  return `HTML version read. ${methods.length === 0 ? 'No known methods in this paper.' : pageSummaryLine(methods)}`;
}

function ScanResult({ scan, muted, kept }: { scan: Extract<PdfState['scan'], { state: 'ready' }>['value']; muted: readonly MutedMethod[]; kept: boolean }) {
  const first = useRef<HTMLParagraphElement>(null);
  // The offer's button, which had focus, is gone: a keyboard reader goes on from the result. (A scan kept
  // before this popup showed its offer replaced no button of it.)
  useLayoutEffect(() => {
    if (!kept && (!document.activeElement || document.activeElement === document.body)) first.current?.focus();
  }, []);
  const htmlUrl = httpUrl(scan.url);
  const link = htmlUrl ? (
    <a href={htmlUrl} target="_blank" rel="noopener noreferrer">
      HTML version
    </a>
  ) : (
    'HTML version'
  );
  return (
    <>
      {scan.source === 'ar5iv' ? (
        <p class="note" ref={first} tabIndex={-1}>
          arXiv has no HTML version of this paper: read from ar5iv’s {link} (arXiv Labs), which is made from one version of each paper,
          not necessarily this one.
        </p>
      ) : (
        <p class="note" ref={first} tabIndex={-1}>
          Read from the paper’s {link}.
        </p>
      )}
      {scan.methods.length === 0 ? (
        <EmptyState title="No known methods in this paper." />
      ) : (
        <>
          <p class="summary-line">{pageSummaryLine(scan.methods)}</p>
          <MethodList methods={scan.methods} label="Methods in this paper" />
        </>
      )}
      <MutedNotLookedFor muted={muted} />
    </>
  );
}

function ScanOffer({ state }: { state: PdfState }) {
  const { scan } = state;
  const reading = scan?.state === 'loading';
  return (
    <div class="pdf-offer">
      <p>
        This is the PDF of arXiv paper {state.arxivId}; Method Lens cannot read PDFs in place. It can read the paper’s HTML version
        instead: arXiv’s, or for a paper arXiv has none of (most from before December 2023), ar5iv’s (arXiv Labs).
      </p>
      <button
        type="button"
        class="button button-primary"
        aria-disabled={reading}
        onClick={() => {
          if (!reading) state.onScan();
        }}
      >
        {reading ? 'Reading the HTML version…' : 'Scan the HTML version'}
      </button>
      {scan?.state === 'error' && <ErrorNote title="The HTML version could not be read." detail={scan.error} />}
    </div>
  );
}
