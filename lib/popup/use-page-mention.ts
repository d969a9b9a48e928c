/**
 * How often what the popup's tab shows (the tab "This page" means) mentions a method, for its record: the
 * page's marks, read as the page view reads them; or, on an arXiv PDF's tab, the methods read from the
 * paper's HTML version, when it was read this session. Read again when the tab reports anew or a scan is
 * kept. Null while unknown, for a method not mentioned there, and with no tab.
 */
import { useEffect, useState } from 'preact/hooks';
import { arxivIdOfPdfUrl } from '@/lib/arxiv-html-scan';
import { watchKeptScans } from '@/lib/kept-scans';
import type { PageSummaryMethod } from '@/lib/page-summary';
import { readStore } from './store-reads';
import { isArxivPdfTab } from './tab';
import { usePageSummary } from './use-page-summary';

/** Where the mentions are: on the tab's page (its marks can be shown), or in the HTML version of the tab's PDF. */
export type PageMentionOf = { where: 'page'; tabId: number; mention: PageSummaryMethod } | { where: 'paper'; mention: PageSummaryMethod };

export function usePageMention(tabId: number | null, methodId: string | null): PageMentionOf | null {
  const page = usePageSummary(tabId, isArxivPdfTab);
  const ready = page.state === 'ready' ? page.value : null;
  const paperMethods = useKeptScanMethods(arxivIdOfPdfUrl(ready?.tab?.url));
  if (!ready?.tab || methodId === null) return null;
  const find = (methods: readonly PageSummaryMethod[] | undefined) => methods?.find((method) => method.methodId === methodId && method.count > 0);
  const onPage = find(ready.summary?.methods);
  if (onPage) return { where: 'page', tabId: ready.tab.id, mention: onPage };
  const inPaper = find(paperMethods ?? undefined);
  return inPaper ? { where: 'paper', mention: inPaper } : null;
}

/** The methods the popup read from the paper's HTML version, kept for the session; null when none is kept (or no paper). */
function useKeptScanMethods(arxivId: string | null): readonly PageSummaryMethod[] | null {
  const [kept, setKept] = useState<{ arxivId: string; methods: readonly PageSummaryMethod[] } | null>(null);
  useEffect(() => {
    if (!arxivId) return;
    let current = true;
    const read = () =>
      readStore('keptScan', [arxivId])
        .then((found) => current && setKept(found && { arxivId, methods: found.scan.methods }))
        // The record stands without the line: the page view says what failed.
        .catch(() => undefined);
    void read();
    const unwatch = watchKeptScans(() => void read());
    return () => {
      current = false;
      unwatch();
    };
  }, [arxivId]);
  return kept && kept.arxivId === arxivId ? kept.methods : null;
}
