/** What a page's content script found: the methods with a summary line, or why there are none. */
import type { PageSummary } from '@/lib/page-summary';
import { pageSummaryLine } from '@/lib/popup/page-summary-line';
import { EmptyState } from './EmptyState';
import { MethodList } from './MethodList';
import type { SupportedSite } from './PageView';

export function PageSummaryBody({ summary, supportedSite }: { summary: PageSummary; supportedSite: SupportedSite | null }) {
  if (!summary.scanned) {
    return supportedSite ? (
      <EmptyState title={`This ${supportedSite.label} page has not been read yet.`}>
        <p>Reload the page, or check in Options that marks and {supportedSite.switchLabel} are switched on.</p>
      </EmptyState>
    ) : (
      <EmptyState title="Method Lens does not read this page.">
        <p>
          It marks methods on arXiv (abstracts, HTML papers, listings and search results), ar5iv (arXiv Labs’ HTML of older papers)
          and Semantic Scholar (papers and search results). The popup’s search works anywhere.
        </p>
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
