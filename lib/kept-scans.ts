/**
 * The last arXiv PDFs whose HTML version the popup read this browser session, by arXiv id: the popup
 * closes at every click outside it, and opened again on that PDF shows what was found, not the offer
 * to read the paper again. The background keeps each (its answer may come after the popup closed); the
 * popup reads them. Only what was found is kept (each method's count and names, the methods muted
 * then); each method's standing is the store's of the moment.
 */
import { z } from 'zod';
import { storage } from 'wxt/utils/storage';
import type { ArxivHtmlScan } from '@/lib/arxiv-html-scan';
import { sortBySupersession, summaryRows } from '@/lib/page-summary';
import type { MethodLensDb } from '@/lib/store/db';
import { getMethodsByIds } from '@/lib/store/read';

/** Enough for a day's reading; each is a few hundred bytes. */
const KEPT = 30;

/** Checked on reading: what another version of the extension kept reads as nothing kept. */
const KeptScans = z.array(
  z.strictObject({
    arxivId: z.string(),
    url: z.string(),
    source: z.enum(['arxiv', 'ar5iv']),
    mentions: z.array(z.strictObject({ methodId: z.string(), count: z.number(), names: z.array(z.string()).optional() })),
    /** The methods muted when it was read: the scan left those out. */
    muted: z.array(z.strictObject({ id: z.string(), name: z.string() })),
  }),
);
type KeptScan = z.infer<typeof KeptScans>[number];

const keptScans = storage.defineItem<unknown>('session:pdfScans', { fallback: [] });

async function readAll(): Promise<KeptScan[]> {
  const parsed = KeptScans.safeParse(await keptScans.getValue());
  return parsed.success ? parsed.data : [];
}

/**
 * The last keeping asked for, settled or not: each reads the list, then writes it, so one at a time, or
 * of two answers coming together (two windows' popups asked) the later write would drop the other.
 */
let keeping: Promise<void> = Promise.resolve();

export function keepScan(arxivId: string, scan: ArxivHtmlScan, muted: readonly { id: string; name: string }[]): Promise<void> {
  const kept = keeping.then(() => keepNow(arxivId, scan, muted));
  keeping = kept.catch(() => undefined);
  return kept;
}

async function keepNow(arxivId: string, scan: ArxivHtmlScan, muted: readonly { id: string; name: string }[]): Promise<void> {
  const kept: KeptScan = {
    arxivId,
    url: scan.url,
    source: scan.source,
    mentions: scan.methods.map(({ methodId, count, names }) => ({ methodId, count, ...(names && { names }) })),
    muted: muted.map(({ id, name }) => ({ id, name })),
  };
  const others = (await readAll()).filter((scan) => scan.arxivId !== arxivId);
  await keptScans.setValue([kept, ...others].slice(0, KEPT));
}

/** Calls `changed` whenever a scan is kept (the background keeps one when its answer comes); returns the unwatch. */
export function watchKeptScans(changed: () => void): () => void {
  return keptScans.watch(() => changed());
}

/** The paper's kept scan, its methods as the store has them now; null when none is kept. */
export async function readKeptScan(db: MethodLensDb, arxivId: string): Promise<{ scan: ArxivHtmlScan; muted: KeptScan['muted'] } | null> {
  const kept = (await readAll()).find((scan) => scan.arxivId === arxivId);
  if (!kept) return null;
  const methods = await getMethodsByIds(db, kept.mentions.map((mention) => mention.methodId));
  return { scan: { url: kept.url, source: kept.source, methods: sortBySupersession(summaryRows(kept.mentions, methods)) }, muted: kept.muted };
}
