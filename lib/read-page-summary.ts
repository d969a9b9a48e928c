/**
 * A tab's page summary: what its content script reported (session storage), joined with the methods'
 * standing in the store. The background answers `getPageSummary` with it; the popup calls it
 * directly, so its page view never waits for a stopped service worker to start (except in a Firefox
 * private window, whose pages have no store: the background reads it for them, `pageSummary` in
 * `lib/store/page-reads.ts`).
 */
import { getMethodsByIds } from '@/lib/store/read';
import type { MethodLensDb } from '@/lib/store/db';
import { sortBySupersession, summaryRows, type PageSummary } from '@/lib/page-summary';
import { readTabMentions } from '@/lib/tab-mentions';

export async function readPageSummary(db: MethodLensDb, tabId: number): Promise<PageSummary> {
  const reported = await readTabMentions(tabId);
  if (!reported) return { tabId, url: null, scanned: false, paused: false, methods: [] };
  if (reported.readingAt !== undefined) return { tabId, url: reported.url, scanned: false, paused: false, readingAt: reported.readingAt, methods: [] };
  const methods = await getMethodsByIds(db, reported.mentions.map((mention) => mention.methodId));
  return { tabId, url: reported.url, scanned: true, paused: reported.paused, methods: sortBySupersession(summaryRows(reported.mentions, methods)) };
}
