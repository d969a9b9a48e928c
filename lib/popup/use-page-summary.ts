/**
 * The page view's data: the tab, then the summary of what its content script found, read here from
 * session storage and the store (no round trip to a service worker that may be stopped; but through the
 * background in a Firefox private window, `store-reads.ts`). Read again
 * when the snapshot changes (a refresh finished), the background stores a new report, or the tab
 * starts or ends loading a page.
 */
import { useLayoutEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { PageSummary } from '@/lib/page-summary';
import { LOADING, type Loadable } from './loadable';
import { errorText } from '@/lib/store/storage-error';
import { readStore, watchStore } from './store-reads';
import { resolveTab, type TabInfo } from './tab';

export interface PageData {
  tab: TabInfo | null;
  /** Null for a tab whose page is not asked about (none, closed, or an arXiv PDF). */
  summary: PageSummary | null;
  /** The tab named is closed (a record window outliving the tab it was opened from). */
  tabClosed?: boolean;
}

export function usePageSummary(tabId: number | null, skipSummary: (tab: TabInfo) => boolean): Loadable<PageData> {
  const [data, setData] = useState<Loadable<PageData>>(LOADING);
  useLayoutEffect(() => {
    let current = true;
    let asked = 0;
    let shownTabId: number | null = tabId;
    const load = async () => {
      const ask = ++asked;
      try {
        // A tab named by id is read at once, alongside the tab lookup (an unused answer costs little).
        const early = tabId === null ? null : readStore('pageSummary', [tabId]);
        early?.catch(() => undefined); // awaited below unless the tab is closed or its lookup fails
        const resolved = await resolveTab(tabId);
        if (resolved === 'closed') {
          if (current && ask === asked) setData({ state: 'ready', value: { tab: null, summary: null, tabClosed: true } });
          return;
        }
        const tab = resolved;
        shownTabId = tab?.id ?? null;
        const summary = tab && !skipSummary(tab) ? await (early ?? readStore('pageSummary', [tab.id])) : null;
        if (current && ask === asked) setData({ state: 'ready', value: { tab, summary } });
      } catch (error) {
        if (current && ask === asked) setData({ state: 'error', error: errorText(error) });
      }
    };
    void load();
    let snapshotKey: string | null | undefined;
    const unwatchSnapshot = watchStore('activeSnapshotKey', [], {
      next: (key) => {
        if (snapshotKey !== undefined && key !== snapshotKey) void load();
        snapshotKey = key;
      },
      error: () => undefined, // the summary's own read says what failed
    });
    const onSessionChange = () => void load();
    browser.storage.session.onChanged.addListener(onSessionChange);
    const onTabUpdated = (updatedId: number, change: { status?: string }) => {
      if (updatedId === shownTabId && change.status) void load();
    };
    browser.tabs.onUpdated.addListener(onTabUpdated);
    return () => {
      current = false;
      unwatchSnapshot();
      browser.storage.session.onChanged.removeListener(onSessionChange);
      browser.tabs.onUpdated.removeListener(onTabUpdated);
    };
    // `skipSummary` is a pure function of the tab; only the tab id changes what is loaded.
  }, [tabId]);
  return data;
}
