/** What a page's content script found: the methods with a summary line, or why there are none. */
import type { PageSummary } from '@/lib/page-summary';
import { ActionButton } from './ActionButton';
import { pageSummaryLine } from '@/lib/popup/page-summary-line';
import { summaryPage } from '@/lib/popup/summary-page';
import { EmptyState } from './EmptyState';
import { MethodList } from './MethodList';
import { MutedNotLookedFor } from './MutedNotLookedFor';
import type { MutedMethod, SupportedSite } from './PageView';
import type { ShowMention } from '@/lib/popup/show-mention-on';

export function PageSummaryBody({
  summary,
  supportedSite,
  muted,
  siteAccessWithheld = false,
  showMention,
}: {
  summary: PageSummary;
  supportedSite: SupportedSite | null;
  muted: readonly MutedMethod[];
  siteAccessWithheld?: boolean;
  showMention?: ShowMention;
}) {
  if (!summary.scanned) {
    if (supportedSite?.switchedOff) return <SwitchedOff site={supportedSite} switchedOff={supportedSite.switchedOff} />;
    if (siteAccessWithheld) return <SiteAccessWithheld />;
    return supportedSite ? (
      <EmptyState title={`This ${supportedSite.label} page has not been read yet.`}>
        <p>Reload the page to have it read.</p>
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
          This page kept changing without pause, so Method Lens stopped re-reading it: the list shows what it had found by then. It
          reads the page again once the page calms down.
        </p>
      )}
      {summary.methods.length === 0 ? (
        <EmptyState title="No known methods on this page.">
          <p>{muted.length > 0 ? 'None of the methods looked for is named here.' : 'None of the methods in the snapshot is named here.'}</p>
        </EmptyState>
      ) : (
        <>
          <p class="summary-line">{pageSummaryLine(summary.methods)}</p>
          {/* Keyed by the page: the rows Show more added belong to it. A page that moves on by itself (a
              single-page app's search results to a paper) reports its new list with no load between, and
              that list starts at its top; the same page reported again (at another #fragment too) keeps
              what the reader opened up. */}
          <MethodList key={summaryPage(summary)} methods={summary.methods} label="Methods on this page" showMention={showMention} />
        </>
      )}
      <MutedNotLookedFor muted={muted} />
    </>
  );
}

/**
 * Marks switched off, for every site or for this one: said as such (a reload would not help), with the
 * switch one press away. The page is read as soon as it is on; focus goes to the view's title meanwhile.
 */
function SwitchedOff({ site, switchedOff }: { site: SupportedSite; switchedOff: NonNullable<SupportedSite['switchedOff']> }) {
  const marks = switchedOff.what === 'marks';
  return (
    <EmptyState title={marks ? 'Marks are switched off.' : `Marks are switched off for ${site.switchLabel}.`}>
      <p>{marks ? 'Method Lens reads no page while they are off.' : `Method Lens reads no ${site.switchLabel} page while it is off.`}</p>
      <ActionButton
        primary
        label={marks ? 'Switch marks on' : `Switch ${site.switchLabel} on`}
        failureTitle="The switch could not be changed."
        action={switchedOff.switchOn}
      />
    </EmptyState>
  );
}

/** Not "does not read this page": on arXiv itself, that would be wrong, and leave the reader nowhere to go. */
function SiteAccessWithheld() {
  return (
    <EmptyState title="Method Lens may not read this page.">
      <p>
        Its access to arXiv, ar5iv or Semantic Scholar is switched off in the browser, so it cannot see which page this is. To
        have these sites marked, allow it in the extension’s{' '}
        {import.meta.env.FIREFOX ? 'Permissions (about:addons → Method Lens)' : 'Site access (chrome://extensions → Method Lens → Details)'}, then
        reload the page. The popup’s search works anywhere.
      </p>
    </EmptyState>
  );
}
