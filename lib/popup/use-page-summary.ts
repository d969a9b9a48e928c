/**
 * The page view's data: the tab, then the background's summary of what its content script found.
 * Asked again when the snapshot changes (a refresh finished) or the background stores a new report
 * (it keeps them in session storage).
 */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { sendFromPage } from '@/lib/messaging/client';
import type { PageSummary } from '@/lib/page-summary';
import { readMeta } from '@/lib/store/db';
import { LOADING, errorMessage, type Loadable } from './loadable';
import { pageDb } from './page-db';
import { resolveTab, type TabInfo } from './tab';

export interface PageData {
  tab: TabInfo | null;
  /** Null for a tab whose page is not asked about (none, or an arXiv PDF). */
  summary: PageSummary | null;
}

export function usePageSummary(tabId: number | null, skipSummary: (tab: TabInfo) => boolean): Loadable<PageData> {
  const [data, setData] = useState<Loadable<PageData>>(LOADING);
  useEffect(() => {
    let current = true;
    let asked = 0;
    const load = async () => {
      const ask = ++asked;
      try {
        // A tab named by id is asked about at once, alongside the tab lookup (an unused answer costs little).
        const early = tabId === null ? null : sendFromPage('getPageSummary', { tabId });
        early?.catch(() => undefined); // awaited below unless the tab lookup fails first
        const tab = await resolveTab(tabId);
        const summary = tab && !skipSummary(tab) ? await (early ?? sendFromPage('getPageSummary', { tabId: tab.id })) : null;
        if (current && ask === asked) setData({ state: 'ready', value: { tab, summary } });
      } catch (error) {
        if (current && ask === asked) setData({ state: 'error', error: errorMessage(error) });
      }
    };
    void load();
    let snapshotKey: string | null | undefined;
    const snapshot = liveQuery(async () => (await readMeta(pageDb(), 'active'))?.snapshotKey ?? null).subscribe((key) => {
      if (snapshotKey !== undefined && key !== snapshotKey) void load();
      snapshotKey = key;
    });
    const onSessionChange = () => void load();
    browser.storage.session.onChanged.addListener(onSessionChange);
    return () => {
      current = false;
      snapshot.unsubscribe();
      browser.storage.session.onChanged.removeListener(onSessionChange);
    };
    // `skipSummary` is a pure function of the tab; only the tab id changes what is loaded.
  }, [tabId]);
  return data;
}
