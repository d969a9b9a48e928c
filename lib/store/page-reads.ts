/**
 * Every read the extension's own pages (popup, options) make of the store, by name, with the zod schema
 * of its arguments. A page runs them on its own connection; in a Firefox private window, which gives an
 * add-on's pages no IndexedDB, the background runs them for it (`lib/background/serve-page-reads.ts`),
 * and the schemas check what a page asks for there.
 */
import { z } from 'zod';
import { MethodId } from '@/lib/snapshot/schema';
import { readMeta, type MethodLensDb } from '@/lib/store/db';
import { own } from '@/lib/store/catalog';
import { getMethodRecord, getMethodsByIds, getSnapshotInfo, getTopicView, listTopics, searchMethods } from '@/lib/store/read';
import { readSnapshotSource } from '@/lib/store/source';
import { withPaperTitles } from '@/lib/store/entry-papers';
import { readKeptScan } from '@/lib/kept-scans';
import { readPageSummary } from '@/lib/read-page-summary';
import { ARXIV_ID } from '@/lib/arxiv-html-scan';

interface PageRead<Args extends unknown[], T> {
  args: z.ZodType<Args>;
  run(db: MethodLensDb, ...args: Args): Promise<T>;
}

function pageRead<Args extends unknown[], T>(args: z.ZodType<Args>, run: (db: MethodLensDb, ...args: Args) => Promise<T>): PageRead<Args, T> {
  return { args, run };
}

const NONE = z.tuple([]);
/**
 * Words a reader typed or a view's address carries (a method's id or name, a topic's name, a search): read
 * as the page's own reads take them, whatever they are; bounded only to refuse a flood.
 */
const Words = z.string().max(100_000);

export const pageReads = {
  snapshotInfo: pageRead(NONE, (db) => getSnapshotInfo(db)),
  /** The snapshot's state with what a running refresh's progress is measured against. */
  refreshState: pageRead(NONE, async (db) => {
    const [info, active, recorded] = await Promise.all([getSnapshotInfo(db), readMeta(db, 'active'), readMeta(db, 'progress')]);
    const topic = info.progress?.topic;
    const estimate = (topic && active ? own(active.topics, topic) : undefined) ?? null;
    // Recorded, yet too old to show: the refresh's worker was stopped.
    const stoppedRun = recorded && !info.progress ? recorded.runId : null;
    return { info, estimate, stoppedRun };
  }),
  /** Whether the store shows a refresh running or ended at or after `since` (ms since the epoch). */
  refreshBegunSince: pageRead(z.tuple([z.number()]), async (db, since) => {
    const [progress, lastRefresh, lastError] = await Promise.all([readMeta(db, 'progress'), readMeta(db, 'lastRefresh'), readMeta(db, 'lastError')]);
    return [progress?.updatedAt, lastRefresh?.at, lastError?.at].some((at) => at !== undefined && Date.parse(at) >= since);
  }),
  /** The snapshot in use (its key), null while the store holds none. */
  activeSnapshotKey: pageRead(NONE, async (db) => (await readMeta(db, 'active'))?.snapshotKey ?? null),
  snapshotSource: pageRead(NONE, (db) => readSnapshotSource(db)),
  topics: pageRead(NONE, (db) => listTopics(db)),
  /** A method's record, its newer alternatives with their papers. */
  methodRecord: pageRead(z.tuple([Words]), async (db, idOrName) => {
    const found = await getMethodRecord(db, idOrName);
    return found && { ...found, newerAlternatives: await withPaperTitles(db, found.newerAlternatives) };
  }),
  /** A topic, its frontier with its methods' papers. */
  topicView: pageRead(z.tuple([Words]), async (db, name) => {
    const found = await getTopicView(db, name);
    return found && { ...found, frontier: await withPaperTitles(db, found.frontier) };
  }),
  /** The methods of these ids the store knows (the muted list's names). */
  methodsByIds: pageRead(z.tuple([z.array(MethodId).max(100_000)]), (db, ids) => getMethodsByIds(db, ids)),
  searchMethods: pageRead(z.tuple([Words, z.number().int().min(1).max(200)]), (db, prefix, limit) => searchMethods(db, prefix, limit)),
  pageSummary: pageRead(z.tuple([z.number().int().nonnegative()]), (db, tabId) => readPageSummary(db, tabId)),
  keptScan: pageRead(z.tuple([z.string().max(64).regex(ARXIV_ID)]), (db, arxivId) => readKeptScan(db, arxivId)),
};

export type PageReadName = keyof typeof pageReads;
type ReadOf<N extends PageReadName> = (typeof pageReads)[N];
export type PageReadArgs<N extends PageReadName> = ReadOf<N> extends PageRead<infer Args, unknown> ? Args : never;
export type PageReadResult<N extends PageReadName> = ReadOf<N> extends PageRead<unknown[], infer T> ? T : never;

/** Runs the read of that name on `db`. */
export function runPageRead<N extends PageReadName>(db: MethodLensDb, name: N, args: PageReadArgs<N>): Promise<PageReadResult<N>> {
  const read = pageReads[name] as unknown as PageRead<PageReadArgs<N>, PageReadResult<N>>;
  return read.run(db, ...args);
}

/** A read asked for by name from outside (a private window's page), its arguments checked; a string says why it is refused. */
export function parsePageRead(message: unknown): { name: PageReadName; args: unknown[] } | string {
  const request = z.strictObject({ read: z.string().max(64), args: z.array(z.unknown()).max(4) }).safeParse(message);
  if (!request.success) return 'it is not a Method Lens read';
  const { read, args } = request.data;
  if (!Object.hasOwn(pageReads, read)) return `unknown read "${read}"`;
  const name = read as PageReadName;
  const parsed = (pageReads[name].args as z.ZodType<unknown[]>).safeParse(args);
  if (!parsed.success) return `"${read}" had invalid arguments (${parsed.error.issues[0]?.message ?? 'invalid'})`;
  return { name, args: parsed.data };
}
