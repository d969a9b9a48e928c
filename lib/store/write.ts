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
  type MethodLensDb,
  type PendingGeneration,
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
const DEFAULT_PAGES_PER_CHUNK = 256;
const CATALOG_RECORDS_PER_CHUNK = 512;
/** How often a generation being written renews its heartbeat (`collectGarbage` waits 5 minutes). */
const HEARTBEAT_MS = 30_000;

/** Writes one topic under a new, not yet active generation; on failure removes what it wrote. */
export async function writeTopicGeneration(
  db: MethodLensDb,
  doc: TopicDocument,
  options: WriteOptions = {},
): Promise<WrittenGeneration> {
  const { pageBytes = DEFAULT_PAGE_BYTES, pagesPerChunk = DEFAULT_PAGES_PER_CHUNK, onChunk, now = () => new Date() } = options;
  const counts: TopicCounts = {
    methods: doc.methods.length,
    critiques: doc.critiques.length,
    results: doc.results.length,
    alternatives: doc.alternatives.length,
  };
  const progress: WriteProgress = {
    recordsWritten: 0,
    recordsTotal: counts.methods + counts.critiques + counts.results + counts.alternatives,
  };
  const { pages, manifest, ranking } = layoutTopic(doc, pageBytes);
  const gen = await startGeneration(db, now);
  const heartbeat = new Heartbeat(db, gen, now);
  try {
    for (let first = 0; first < pages.length; first += pagesPerChunk) {
      const chunk = pages.slice(first, first + pagesPerChunk);
      const records: BytesRecord[] = chunk.map((page, i) => ({ key: pageKey(gen, first + i), gen, bytes: page.bytes }));
      await addAndCommit(db, 'pages', records);
      progress.recordsWritten += chunk.reduce((sum, page) => sum + page.records, 0);
      await heartbeat.beat();
      await onChunk?.({ ...progress });
    }
    // The topic record last: a generation with one is complete.
    await db.transaction('rw', db.manifests, db.topics, async () => {
      await db.manifests.add({ key: manifestKey(gen), gen, bytes: encodeManifest(manifest) });
      await db.topics.add({
        key: recordKey(gen, doc.topic.name),
        gen,
        info: doc.topic,
        subProblems: doc.subProblems,
        frontier: doc.frontier,
        ranking,
      });
    });
  } catch (error) {
    // Best effort: whatever stays behind is removed by `collectGarbage`.
    await dropGenerations(db, [gen]).catch(() => undefined);
    throw error;
  }
  return { gen, counts, manifest };
}

/** Builds and writes the catalog over `topics` under a new, not yet active generation. */
export async function writeCatalog(
  db: MethodLensDb,
  topics: readonly CatalogInput[],
  options: Pick<WriteOptions, 'now'> = {},
): Promise<ActiveCatalog> {
  const { now = () => new Date() } = options;
  const content = buildCatalog(topics);
  const gen = await startGeneration(db, now);
  const heartbeat = new Heartbeat(db, gen, now);
  const records = catalogRecords(gen, content);
  try {
    for (let first = 0; first < records.length; first += CATALOG_RECORDS_PER_CHUNK) {
      const chunk = records.slice(first, first + CATALOG_RECORDS_PER_CHUNK);
      await addAndCommit(db, 'catalog', chunk);
      await heartbeat.beat();
    }
  } catch (error) {
    await dropGenerations(db, [gen]).catch(() => undefined);
    throw error;
  }
  return { gen, buckets: content.buckets.length, format: CATALOG_FORMAT };
}

export interface NextSnapshot {
  source: string;
  generatedAt: string;
  indexValidators: ActiveSnapshot['indexValidators'];
  /** Every topic of the new snapshot: freshly written generations and generations kept from the active one. */
  topics: ActiveTopic[];
  /** The catalog over exactly these topics: a fresh one, or the active one if the topics are the same. */
  catalog: ActiveCatalog;
}

/**
 * The flip: one small transaction makes `next` the active snapshot. Refuses unless each generation
 * is either an active one or one still being written (not collected as abandoned). Returns the
 * generations that are no longer active, for `dropGenerations`.
 */
export async function activateSnapshot(db: MethodLensDb, next: NextSnapshot): Promise<string[]> {
  return db.transaction('rw', db.meta, async () => {
    const current = await readMeta(db, 'active');
    const currentGens = new Set(current ? activeGenerations(current) : []);
    const nextGens = [...next.topics.map((topic) => topic.gen), next.catalog.gen];
    for (const gen of nextGens) {
      if (!currentGens.has(gen) && !(await db.meta.get(pendingKey(gen)))) throw new StoreChangedMeanwhile('changed');
    }
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
      topics: Object.fromEntries(next.topics.map((topic) => [topic.topic, topic])),
    };
    await db.meta.put(metaRow('active', active));
    await db.meta.bulkDelete(nextGens.filter((gen) => !currentGens.has(gen)).map(pendingKey));
    return [...currentGens].filter((gen) => !nextGens.includes(gen));
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

/** A new generation, registered as being written so that `collectGarbage` leaves it alone. */
async function startGeneration(db: MethodLensDb, now: () => Date): Promise<string> {
  const gen = newId();
  begunHere.add(gen);
  const startedAt = now().toISOString();
  await db.meta.put(metaRow(pendingKey(gen), { startedAt, updatedAt: startedAt }));
  return gen;
}

/**
 * A generation's sign of life while it is written: renewed at most every HEARTBEAT_MS (a write to
 * wait for), and a failure if `collectGarbage` has given it up for dead meanwhile.
 */
class Heartbeat {
  private last: number;

  constructor(
    private readonly db: MethodLensDb,
    private readonly gen: string,
    private readonly now: () => Date,
  ) {
    this.last = now().getTime();
  }

  async beat(): Promise<void> {
    const now = this.now();
    if (now.getTime() - this.last < HEARTBEAT_MS) return;
    this.last = now.getTime();
    const key = pendingKey(this.gen);
    const renewed = await this.db.transaction('rw', this.db.meta, async () => {
      const row = await this.db.meta.get(key);
      if (!row) return false;
      await this.db.meta.put(metaRow(key, { ...(row.value as PendingGeneration), updatedAt: now.toISOString() }));
      return true;
    });
    if (!renewed) throw new StoreChangedMeanwhile('abandoned');
  }
}
