/**
 * How often the popup's tab (the one "This page" means) mentions a method, for its record: read as the
 * page view reads it, and again when the tab reports anew. Null while unknown, and for a method the page
 * does not mention, a tab whose page is not read (an arXiv PDF), or no tab.
 */
import type { PageSummaryMethod } from '@/lib/page-summary';
import { isArxivPdfTab } from './tab';
import { usePageSummary } from './use-page-summary';

export interface PageMentionOf {
  tabId: number;
  mention: PageSummaryMethod;
}

export function usePageMention(tabId: number | null, methodId: string | null): PageMentionOf | null {
  const page = usePageSummary(tabId, isArxivPdfTab);
  if (page.state !== 'ready' || methodId === null) return null;
  const { tab, summary } = page.value;
  const mention = summary?.methods.find((method) => method.methodId === methodId);
  return tab && mention && mention.count > 0 ? { tabId: tab.id, mention } : null;
}
