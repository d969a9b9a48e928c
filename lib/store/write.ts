/**
 * Replacing snapshot data without ever showing readers a half state: a topic's pages, manifest and
 * topic record are written under a fresh generation in small transactions (readers keep going in
 * between), a catalog over the next set of topics likewise, then one small transaction on `meta`
 * makes them active. Old generations are deleted afterwards (`dropGenerations`), or by
 * `collectGarbage` if the worker stops first.
 */
import Dexie, { type DexieErrorConstructor } from 'dexie';
import type { TopicDocument } from '../snapshot/schema';
import { buildCatalog, CATALOG_FORMAT, catalogRecords, own, type CatalogInput } from './catalog';
import { manifestKey, pageKey } from './keys';
import { dropGenerations } from './garbage';
import { recordSuccess } from './status';
import { DEFAULT_PAGE_BYTES, encodeManifest, layoutTopic, type TopicManifest } from './layout';
import {
  activeGenerations,
  begunHere,
  metaRow,
  newId,
  pendingKey,
  readMeta,
  recordKey,
  type ActiveCatalog,
  type ActiveSnapshot,
  type ActiveTopic,
  type BytesRecord,
  type LastRefresh,
  type MethodLensDb,
  type PendingGeneration,
  type RefreshError,
  type TopicCounts,
} from './db';

export interface WriteProgress {
  /** Knowledge-base records (methods, critiques, results, alternatives) written so far. */
  recordsWritten: number;
  recordsTotal: number;
}

export interface WriteOptions {
  /** Size a page of dossiers aims at (UTF-16 units of its JSON). */
  pageBytes?: number;
  /** Pages per write transaction. */
  pagesPerChunk?: number;
  /** Awaited after every chunk. */
  onChunk?: (progress: WriteProgress) => void | Promise<void>;
  now?: () => Date;
}

export interface WrittenGeneration {
  gen: string;
  counts: TopicCounts;
  manifest: TopicManifest;
}

/**
 * ~4 MB per transaction with the default page size: each transaction is a round trip to wait for,
 * and a reader waits at most for one of them.
 */
export const DEFAULT_PAGES_PER_CHUNK = 256;
const CATALOG_RECORDS_PER_CHUNK = 512;
/** How often a generation being written renews its heartbeat (`collectGarbage` waits 5 minutes). */
const HEARTBEAT_MS = 30_000;

/** Writes one topic under a new, not yet active generation; on failure removes what it wrote. */
export async function writeTopicGeneration(db: MethodLensDb, doc: TopicDocument, options: WriteOptions = {}): Promise<WrittenGeneration> {
  return (await writeTopicGenerations(db, [doc], options))[0]!;
}

/**
 * Writes topics under new, not yet active generations, one each, as one batch: their generations
 * registered in one transaction, their pages `pagesPerChunk` to a transaction across topics, their
 * manifests and topic records in one. Each transaction costs a round trip (in Chromium, several
 * milliseconds however little it holds): three per topic made 2,000 topics of 10 methods take about a
 * minute. On failure removes what it wrote, of every topic of the batch.
 */
export async function writeTopicGenerations(
  db: MethodLensDb,
  docs: readonly TopicDocument[],
  options: WriteOptions = {},
): Promise<WrittenGeneration[]> {
  const { pageBytes = DEFAULT_PAGE_BYTES, pagesPerChunk = DEFAULT_PAGES_PER_CHUNK, onChunk, now = () => new Date() } = options;
  const topics = docs.map((doc) => {
    const counts: TopicCounts = {
      methods: doc.methods.length,
      critiques: doc.critiques.length,
      results: doc.results.length,
      alternatives: doc.alternatives.length,
    };
    return { doc, counts, ...layoutTopic(doc, pageBytes) };
  });
  const progress: WriteProgress = {
    recordsWritten: 0,
    recordsTotal: topics.reduce((sum, { counts }) => sum + counts.methods + counts.critiques + counts.results + counts.alternatives, 0),
  };
  const gens = await startGenerations(db, topics.length, now);
  const heartbeat = new Heartbeat(db, gens, now);
  try {
    const pages = topics.flatMap(({ pages: topicPages }, i) => topicPages.map((page, number) => ({ gen: gens[i]!, number, page })));
    for (let first = 0; first < pages.length; first += pagesPerChunk) {
      const chunk = pages.slice(first, first + pagesPerChunk);
      const records: BytesRecord[] = chunk.map(({ gen, number, page }) => ({ key: pageKey(gen, number), gen, bytes: page.bytes }));
      await addAndCommit(db, 'pages', records);
      progress.recordsWritten += chunk.reduce((sum, { page }) => sum + page.records, 0);
      await heartbeat.beat();
      await onChunk?.({ ...progress });
    }
    // The topic records last: a generation with one is complete.
    await db.transaction('rw', db.manifests, db.topics, async () => {
      await db.manifests.bulkAdd(topics.map(({ manifest }, i) => ({ key: manifestKey(gens[i]!), gen: gens[i]!, bytes: encodeManifest(manifest) })));
      await db.topics.bulkAdd(
        topics.map(({ doc, ranking }, i) => ({
          key: recordKey(gens[i]!, doc.topic.name),
          gen: gens[i]!,
          info: doc.topic,
          subProblems: doc.subProblems,
          frontier: doc.frontier,
          ranking,
        })),
      );
    });
  } catch (error) {
    // Best effort: whatever stays behind is removed by `collectGarbage`.
    await dropGenerations(db, gens).catch(() => undefined);
    throw error;
  }
  return topics.map(({ counts, manifest }, i) => ({ gen: gens[i]!, counts, manifest }));
}

/** Builds and writes the catalog over `topics` under a new, not yet active generation. */
export async function writeCatalog(
  db: MethodLensDb,
  topics: readonly CatalogInput[],
  options: Pick<WriteOptions, 'now'> = {},
): Promise<ActiveCatalog> {
  const { now = () => new Date() } = options;
  const content = buildCatalog(topics);
  const [gen] = await startGenerations(db, 1, now);
  const heartbeat = new Heartbeat(db, [gen!], now);
  const records = catalogRecords(gen!, content);
  try {
    for (let first = 0; first < records.length; first += CATALOG_RECORDS_PER_CHUNK) {
      const chunk = records.slice(first, first + CATALOG_RECORDS_PER_CHUNK);
      await addAndCommit(db, 'catalog', chunk);
      await heartbeat.beat();
    }
  } catch (error) {
    await dropGenerations(db, [gen!]).catch(() => undefined);
    throw error;
  }
  return { gen: gen!, buckets: content.buckets.length, format: CATALOG_FORMAT };
}

export interface NextSnapshot {
  source: string;
  generatedAt: string;
  indexValidators: ActiveSnapshot['indexValidators'];
  plainlySince?: ActiveSnapshot['plainlySince'];
  /** Every topic of the new snapshot: freshly written generations and generations kept from the active one. */
  topics: ActiveTopic[];
  /** The catalog over exactly these topics: a fresh one, or the active one if the topics are the same. */
  catalog: ActiveCatalog;
}

/**
 * The flip: one small transaction makes `next` the active snapshot. Refuses unless each generation
 * is either an active one or one still being written (not collected as abandoned). Returns the
 * generations that are no longer active, for `dropGenerations`. A refresh's `success` is recorded in
 * the same transaction (`recordSuccess`): no moment shows the new snapshot with the outcome before it.
 */
export async function activateSnapshot(
  db: MethodLensDb,
  next: NextSnapshot,
  success?: { lastRefresh: LastRefresh; keptFailure: RefreshError | undefined },
): Promise<string[]> {
  return db.transaction('rw', db.meta, async () => {
    const current = await readMeta(db, 'active');
    const currentGens = new Set(current ? activeGenerations(current) : []);
    const nextGens = [...next.topics.map((topic) => topic.gen), next.catalog.gen];
    // One request for all: a snapshot of 2,000 topics has as many generations to check.
    const written = nextGens.filter((gen) => !currentGens.has(gen));
    if ((await db.meta.bulkGet(written.map(pendingKey))).some((row) => row === undefined)) throw new StoreChangedMeanwhile('changed');
    for (const topic of next.topics) {
      const kept = current && own(current.topics, topic.topic)?.gen;
      if (currentGens.has(topic.gen) && kept !== topic.gen) throw new StoreChangedMeanwhile('changed');
    }
    const topicGens = new Set(next.topics.map((topic) => topic.gen));
    const sameTopics =
      current !== undefined &&
      topicGens.size === Object.keys(current.topics).length &&
      Object.values(current.topics).every((topic) => topicGens.has(topic.gen));
    const active: ActiveSnapshot = {
      snapshotKey: sameTopics ? current.snapshotKey : newId(),
      catalog: next.catalog,
      source: next.source,
      generatedAt: next.generatedAt,
      indexValidators: next.indexValidators,
      ...(next.plainlySince !== undefined && { plainlySince: next.plainlySince }),
      topics: Object.fromEntries(next.topics.map((topic) => [topic.topic, topic])),
    };
    await db.meta.put(metaRow('active', active));
    await db.meta.bulkDelete(written.map(pendingKey));
    if (success) await recordSuccess(db, success.lastRefresh, success.keptFailure);
    const kept = new Set(nextGens);
    return [...currentGens].filter((gen) => !kept.has(gen));
  });
}

const CHANGED_MEANWHILE = 'the stored snapshot was changed by another refresh or a clean-up at the same time';

/**
 * Neither a fault of the store nor of Method Lens: the store changed under a refresh (its flip is
 * refused), or a refresh held up for minutes had what it wrote given up as abandoned. A refresh says
 * so in its own words (`failure.changedMeanwhile`, `failure.abandoned`); trying again mends it.
 */
export class StoreChangedMeanwhile extends Error {
  constructor(readonly reason: 'changed' | 'abandoned') {
    super(reason === 'changed' ? CHANGED_MEANWHILE : 'the data being written was discarded as abandoned (the refresh stalled for minutes)');
    this.name = 'StoreChangedMeanwhile';
  }
}

/**
 * Adds records of a generation being written in one transaction that commits as soon as they are
 * handed over. IndexedDB otherwise commits only once the worker has received every request's
 * success event, so a topic being parsed meanwhile (hundreds of milliseconds of JavaScript) held
 * the commit back: 140 pages took 800 ms next to a parse, 300 ms alone. Written below Dexie,
 * which has no such call; nobody watches these tables until the flip, which goes through Dexie.
 * Relaxed durability: the flip's own transaction is flushed, and with it everything written before.
 */
async function addAndCommit(db: MethodLensDb, table: 'pages' | 'catalog', records: readonly BytesRecord[]): Promise<void> {
  if (!db.isOpen()) await db.open();
  try {
    const transaction = db.backendDB().transaction(table, 'readwrite', { durability: 'relaxed' });
    const done = new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onabort = () => reject(transaction.error ?? new Dexie.AbortError(`writing the ${table} was aborted`));
    });
    const store = transaction.objectStore(table);
    for (const record of records) store.add(record);
    transaction.commit();
    await done;
  } catch (error) {
    throw asDexieError(error);
  }
}

/**
 * IndexedDB's own failure (a disk error, a connection the browser closed) as Dexie raises it for every
 * other write: the refresh then says the browser's storage failed (`storage-error.ts`), not that Method
 * Lens is at fault.
 */
function asDexieError(error: unknown): unknown {
  if (!(error instanceof DOMException)) return error;
  const isDexieName = (Object.values(Dexie.errnames) as string[]).includes(error.name);
  const DexieClass = isDexieName ? (Dexie as unknown as Record<string, DexieErrorConstructor>)[error.name]! : Dexie.UnknownError;
  return new DexieClass(error.message);
}

/** New generations, registered as being written (in one transaction) so that `collectGarbage` leaves them alone. */
async function startGenerations(db: MethodLensDb, count: number, now: () => Date): Promise<string[]> {
  const gens = Array.from({ length: count }, () => newId());
  for (const gen of gens) begunHere.add(gen);
  const startedAt = now().toISOString();
  await db.meta.bulkPut(gens.map((gen) => metaRow(pendingKey(gen), { startedAt, updatedAt: startedAt })));
  return gens;
}

/**
 * The sign of life of generations being written: renewed at most every HEARTBEAT_MS (a write to wait
 * for), and a failure if `collectGarbage` has given any of them up for dead meanwhile.
 */
class Heartbeat {
  private last: number;

  constructor(
    private readonly db: MethodLensDb,
    private readonly gens: readonly string[],
    private readonly now: () => Date,
  ) {
    this.last = now().getTime();
  }

  async beat(): Promise<void> {
    const now = this.now();
    if (now.getTime() - this.last < HEARTBEAT_MS) return;
    this.last = now.getTime();
    const keys = this.gens.map(pendingKey);
    const renewed = await this.db.transaction('rw', this.db.meta, async () => {
      const rows = await this.db.meta.bulkGet(keys);
      if (rows.some((row) => !row)) return false;
      await this.db.meta.bulkPut(rows.map((row) => metaRow(row!.key as `pending:${string}`, { ...(row!.value as PendingGeneration), updatedAt: now.toISOString() })));
      return true;
    });
    if (!renewed) throw new StoreChangedMeanwhile('abandoned');
  }
}
