/**
 * The page a tab's report is about, as the page view tells one page from the next: the tab, and the
 * address without its fragment (a table of contents link stays on the page, and its content script
 * does not report it again). What the view announced, and the rows Show more added, belong to it.
 */
import type { PageSummary } from '@/lib/page-summary';

export function summaryPage({ tabId, url }: Pick<PageSummary, 'tabId' | 'url'>): string {
  return `${tabId} ${url?.split('#', 1)[0] ?? ''}`;
}
