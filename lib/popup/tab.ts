/** The tab the page view describes: the one the URL names, or the active tab when the popup opens from the toolbar. */
import { browser } from 'wxt/browser';
import { arxivIdOfPdfUrl } from '@/lib/arxiv-html-scan';

export interface TabInfo {
  id: number;
  /** Null when the browser does not tell (a page outside the extension's host permissions). */
  url: string | null;
  /** The tab is loading a page (its content script starts once the document is in; the tab may stay loading long after). */
  loading: boolean;
  /** A private window's tab: what the popup learns of it is not kept past the popup. */
  incognito: boolean;
}

/**
 * The tab, null when no tab is active, or 'closed' when the tab named (a record window's, opened from a
 * card) is closed: a state of that window, not a failure.
 */
export async function resolveTab(tabId: number | null): Promise<TabInfo | 'closed' | null> {
  if (tabId !== null) {
    const tab = await browser.tabs.get(tabId).catch(() => null);
    if (!tab) return 'closed';
    return { id: tabId, url: tab.url ?? null, loading: tab.status === 'loading', incognito: tab.incognito === true };
  }
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id === undefined ? null : { id: active.id, url: active.url ?? null, loading: active.status === 'loading', incognito: active.incognito === true };
}

/** An arXiv PDF's tab: its page is not read (the popup offers to read the paper's HTML version instead). */
export const isArxivPdfTab = (tab: TabInfo) => arxivIdOfPdfUrl(tab.url) !== null;
