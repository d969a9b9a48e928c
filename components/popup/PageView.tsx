/**
 * "This page": the methods the current tab mentions, with a summary line; on an arXiv PDF, an offer
 * to read the paper's HTML version instead; clear states when there is nothing to show.
 */
import { useEffect, useState } from 'preact/hooks';
import type { PageSummary } from '@/lib/page-summary';
import type { ArxivHtmlScan } from '@/lib/arxiv-html-scan';
import type { Loadable } from '@/lib/popup/loadable';
import { EmptyState } from './EmptyState';
import { ReadFailure } from './ReadFailure';
import { Loading } from './Loading';
import { PageSummaryBody } from './PageSummaryBody';
import type { ShowMention } from '@/lib/popup/show-mention-on';
import { PdfScan, scanAnnouncement } from './PdfScan';
import { useDocumentTitle } from '@/lib/popup/use-document-title';
import { pageSummaryLine } from '@/lib/popup/page-summary-line';
import { summaryPage } from '@/lib/popup/summary-page';

/** A site Method Lens reads, as the tab's page names it, and the switch in Options it depends on. */
export interface SupportedSite {
  label: string;
  switchLabel: string;
  /**
   * What keeps the page from being read: all marks switched off, or this site's switch; null when
   * both are on (or not read yet). `switchOn` turns it back on.
   */
  switchedOff?: { what: 'marks' | 'site'; switchOn: () => Promise<void> } | null;
}

/** A method the reader muted: never looked for on pages, so never in a page's list. */
export interface MutedMethod {
  id: string;
  name: string;
}

export type PageViewState =
  | { kind: 'loading' }
  | { kind: 'error'; error: string }
  /** The tab a record window was opened from is closed. */
  | { kind: 'tab closed' }
  /** The tab's address; null when the browser does not tell it (a page Method Lens may not read). */
  | {
      kind: 'summary';
      tabUrl: string | null;
      summary: PageSummary;
      supportedSite: SupportedSite | null;
      muted?: readonly MutedMethod[];
      /** No address, and the reader withheld the extension's access to some of its sites: this may be one. */
      siteAccessWithheld?: boolean;
      /** Shows one of a method's mentions in the tab ("Show on page"). */
      showMention?: ShowMention;
    }
  | {
      kind: 'pdf';
      tabUrl: string;
      arxivId: string;
      scan: Loadable<ArxivHtmlScan> | null;
      onScan: () => void;
      muted?: readonly MutedMethod[];
      /** The scan was kept before this popup showed its offer: it replaced no button of it. */
      kept?: boolean;
    };

export function PageView({ state }: { state: PageViewState }) {
  useDocumentTitle('This page');
  const readAnnouncement = useReadAnnouncement(state);
  const announcement = state.kind === 'pdf' ? { page: `pdf ${state.arxivId}`, words: scanAnnouncement(state.scan) } : readAnnouncement;
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title" class="view-title" tabIndex={-1}>
        This page
      </h1>
      {/* The view's status region, there from the start and empty while the page loads: a live region drawn
          with its words already in it is not announced. What is said is keyed by the page it is about, so
          the same words said of another page are a new node, which a screen reader says again. */}
      <p class="visually-hidden" role="status">
        {announcement && <span key={announcement.page}>{announcement.words}</span>}
      </p>
      {(state.kind === 'summary' || state.kind === 'pdf') && state.tabUrl && <p class="view-subtitle page-url">{displayUrl(state.tabUrl)}</p>}
      {state.kind === 'loading' && <Loading what="this page’s methods" />}
      {state.kind === 'error' && <ReadFailure title="Could not read this tab’s methods." detail={state.error} />}
      {state.kind === 'tab closed' && (
        <EmptyState title="The tab this window was opened from is closed.">
          <p>Open the page again: Method Lens’s toolbar button then lists its methods.</p>
        </EmptyState>
      )}
      {state.kind === 'pdf' && <PdfScan state={state} />}
      {state.kind === 'summary' && <PageSummaryBody summary={state.summary} supportedSite={state.supportedSite} muted={state.muted ?? []} siteAccessWithheld={state.siteAccessWithheld ?? false} showMention={state.showMention} />}
    </section>
  );
}

/**
 * What a screen reader is told once the page's methods are read: the summary line ("6 methods: 2 heavily
 * superseded, …"), or that there are none. Said once for a page: a report read again (the page changed,
 * a refresh finished) re-renders the view, and "6 methods…", then "7 methods…" at each of them, would
 * talk over what the reader is doing. Loading again, or another page in the tab, says it anew.
 */
function useReadAnnouncement(state: PageViewState): Announcement | null {
  const read = state.kind === 'summary' && state.summary.scanned ? state.summary : null;
  const readPage = read ? summaryPage(read) : null;
  const [announcement, setAnnouncement] = useState<Announcement | null>(null);
  useEffect(() => {
    setAnnouncement(read && { page: readPage!, words: read.methods.length === 0 ? 'No known methods on this page.' : pageSummaryLine(read.methods) });
  }, [readPage]);
  // Gone from the render that leaves the page (loading again, the tab closed), not a frame later: what
  // is said of it when it is read again is then added anew.
  return announcement?.page === readPage ? announcement : null;
}

/** Words for the view's status region, and the page (or paper) they are about. */
interface Announcement {
  page: string;
  words: string;
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
