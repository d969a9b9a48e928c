/**
 * The extension's local copy of the knowledge base, in IndexedDB (Dexie).
 *
 * Every topic import is a generation: its records' keys start with `${gen}|`, so a whole generation
 * is one key range. A topic generation holds the topic record, its manifest and its pages of
 * dossiers (see `layout.ts`); a catalog generation holds the lookups across all active topics (see
 * `catalog.ts`). The `meta` row `active` names the generation each topic reads from and the active
 * catalog; records of any other generation are invisible to readers (being written, or waiting to
 * be deleted).
 *
 * What each question costs (one read-only transaction each):
 * - a method by id: its catalog bucket, then the page(s) of its dossiers — critiques of it, results
 *   it lost and won, its newer alternatives, what it is a newer alternative to, its place in a
 *   frontier, the critiques its paper makes;
 * - by name or alias: the catalog's sorted name run holding it, then the bucket and the pages at once;
 * - a name prefix: the name runs; a topic: its topic record and the catalog's names for it; the
 *   match dictionary: one record.
 */
import Dexie, { type DexieOptions, type PromiseExtended, type Table } from 'dexie';
import type { DatedEntry, Method, SubProblem, TopicInfo } from '../snapshot/schema';
import { rebuildOutdatedCatalog } from './catalog-upgrade';
import type { SnapshotSource } from './source';

const DEFAULT_DB_NAME = 'method-lens';

export interface TopicRecord {
  key: string;
  gen: string;
  info: TopicInfo;
  subProblems: SubProblem[];
  frontier: DatedEntry[];
  /** The topic's ranked methods, rank ascending. */
  ranking: Method[];
}

/** Pages, manifests and catalog records: JSON in UTF-8 bytes, which IndexedDB stores fastest. */
export interface BytesRecord {
  key: string;
  gen: string;
  bytes: Uint8Array;
}

export interface TopicCounts {
  methods: number;
  critiques: number;
  results: number;
  alternatives: number;
}

/** What the active snapshot holds for one topic. */
export interface ActiveTopic {
  topic: string;
  gen: string;
  file: string;
  bytes: number;
  sha256: string;
  updated: string | null;
  counts: TopicCounts;
  /** The layout its pages have (`LAYOUT_VERSION`); absent: layout 1. */
  layout?: number;
}

export interface HttpValidators {
  etag: string | null;
  lastModified: string | null;
}

export interface ActiveCatalog {
  gen: string;
  /** How many method buckets it has (see `bucketOf`). */
  buckets: number;
  /** The format of its records (`CATALOG_FORMAT`); absent: an earlier version's, built again at the background's start. */
  format?: number;
}

export interface ActiveSnapshot {
  /** Changes whenever the set of active generations changes, so callers can cache derived data. */
  snapshotKey: string;
  catalog: ActiveCatalog;
  /** The index URL the snapshot came from. */
  source: string;
  generatedAt: string;
  /** From the response that produced this snapshot, for conditional requests to the same URL. */
  indexValidators: HttpValidators;
  /**
   * Since when the index is asked for plainly: a conditional request for it failed or went unanswered
   * where a plain one was answered (a host that refuses or drops the preflight such a request needs).
   */
  plainlySince?: string;
  topics: Record<string, ActiveTopic>;
}

/** Every generation an active snapshot reads: its topics' and its catalog's. */
export function activeGenerations(active: ActiveSnapshot): string[] {
  return [...Object.values(active.topics).map((topic) => topic.gen), active.catalog.gen];
}

export interface LastRefresh {
  at: string;
  ok: true;
  outcome: 'updated' | 'up to date';
  topicsChanged: number;
  methods: number;
  /** The refresh that had this outcome (its progress record's `runId`); absent in one an earlier version wrote. */
  runId?: string;
}

/** A failure in plain words, for the UI. */
export interface RefreshError {
  what: string;
  url: string;
  at: string;
  /** Present when trying again later may mend it, with nothing changed (`RetryHint`). */
  retry?: { afterSeconds: number | null };
  /** When the background tries again by itself (a retry, or the next scheduled refresh), if it will. */
  nextTryAt?: string;
  /**
   * The number of the retry planned at `nextTryAt`, when that is a retry (not the next scheduled
   * refresh): planned again at a start of the background that finds its alarm gone.
   */
  nextRetry?: number;
}

export type RefreshPhase = 'checking' | 'downloading' | 'saving' | 'activating' | 'cleaning up';

export interface RefreshProgress {
  runId: string;
  url: string;
  startedAt: string;
  /** Heartbeat: a refresh whose last update is older than `PROGRESS_STALE_AFTER_MS` died with its worker. */
  updatedAt: string;
  phase: RefreshPhase;
  topic: string | null;
  topicsDone: number;
  topicsTotal: number;
  bytes: number;
  records: number;
}

/** A generation being written; its heartbeat keeps `collectGarbage` away from it. */
export interface PendingGeneration {
  startedAt: string;
  updatedAt: string;
}

export interface MetaValues {
  active: ActiveSnapshot;
  lastRefresh: LastRefresh;
  lastError: RefreshError;
  progress: RefreshProgress;
  /** The chosen source (`source.ts`): checked on reading, as a hand edit may have stored anything. */
  source: SnapshotSource;
  [pending: `pending:${string}`]: PendingGeneration;
}
export type MetaKey = keyof MetaValues & string;

export interface MetaRow<K extends MetaKey = MetaKey> {
  key: K;
  value: MetaValues[K];
}

/** Records per delete transaction: large enough to be fast, small enough that readers never wait long. */
export const DEFAULT_CHUNK_SIZE = 5_000;

/** Work that has not shown a sign of life for this long belongs to a stopped worker. */
const STALE_AFTER_MS = 5 * 60_000;
/** A running refresh renews its progress record at least this often, with news or without (`ProgressReporter`). */
export const PROGRESS_HEARTBEAT_MS = 20_000;
/**
 * A progress record three heartbeats old belongs to a stopped worker: the pages stop showing it as
 * running (and wake the worker, which says the refresh was cut off and runs it again).
 */
export const PROGRESS_STALE_AFTER_MS = 3 * PROGRESS_HEARTBEAT_MS;

export function isStale(updatedAt: string, now: Date, afterMs = STALE_AFTER_MS): boolean {
  return now.getTime() >= staleFrom(updatedAt, afterMs);
}

/** The first moment (ms since the epoch) at which work last heard from at `updatedAt` is stale. */
export function staleFrom(updatedAt: string, afterMs = STALE_AFTER_MS): number {
  return Date.parse(updatedAt) + afterMs + 1;
}

export class MethodLensDb extends Dexie {
  declare meta: Table<MetaRow, string>;
  declare topics: Table<TopicRecord, string>;
  declare manifests: Table<BytesRecord, string>;
  declare pages: Table<BytesRecord, string>;
  declare catalog: Table<BytesRecord, string>;

  constructor(name: string = DEFAULT_DB_NAME, deps: Pick<DexieOptions, 'indexedDB' | 'IDBKeyRange'> = {}) {
    super(name, deps);
    // Version 1 kept a record per method, critique, result and alternative, with indexes: importing
    // 50k methods (1.5M records) took 8 minutes in Chromium, bound by IndexedDB's cost per record.
    this.version(1).stores({
      meta: 'key',
      topics: 'key',
      methods: 'key, id, *names, *lowerNames',
      critiques: 'key, methodId, sourceKey',
      results: 'key, loserId, winnerId',
      alternatives: 'key, ofMethodId',
    });
    // Version 2: pages of dossiers and a catalog, reached through primary keys only (no index to
    // maintain). The old data is dropped; with no active snapshot the background imports the
    // current source again at its next start.
    this.version(2)
      .stores({
        topics: 'key',
        manifests: 'key',
        pages: 'key',
        catalog: 'key',
        methods: null,
        critiques: null,
        results: null,
        alternatives: null,
      })
      .upgrade(async (transaction) => {
        await transaction.table('topics').clear();
        const meta = transaction.table('meta');
        await meta.delete('active');
        await meta.where(':id').startsWith('pending:').delete();
      });
    this.version(3).upgrade(rebuildOutdatedCatalog);
    // Version 4: the catalog has word runs, each label from its inner words on (format 3).
    this.version(4).upgrade(rebuildOutdatedCatalog);
  }

  /**
   * Dexie keeps a failed open's error and fails every later call with it, for good: a moment's refusal
   * (or the store deleted while it opened) would leave the context without a store until it restarts.
   * So it is closed again with auto-open kept, and the next call opens it afresh: in the next task, once
   * the calls that waited for this open have failed with its reason (closed sooner, they would each
   * open it again, over and over while it fails). A store closed on purpose stays closed.
   */
  override open(): PromiseExtended<Dexie> {
    return super.open().catch((error: unknown) => {
      setTimeout(() => {
        // Not when opened, or being opened, meanwhile.
        if (!this.isOpen() && this.hasFailed() && !this.hasBeenClosed()) this.close({ disableAutoOpen: false });
      });
      throw error;
    });
  }

  /** The tables holding generations (keys `${gen}|…`). */
  get generationTables(): Table<{ key: string; gen: string }, string>[] {
    return [this.topics, this.manifests, this.pages, this.catalog] as unknown as Table<{ key: string; gen: string }, string>[];
  }
}

export interface OpenDbOptions {
  name?: string;
  /** For tests and other hosts: an IndexedDB implementation other than the global one. */
  indexedDB?: DexieOptions['indexedDB'];
  IDBKeyRange?: DexieOptions['IDBKeyRange'];
}

export function openDb(options: OpenDbOptions = {}): MethodLensDb {
  const { name = DEFAULT_DB_NAME, indexedDB, IDBKeyRange } = options;
  return new MethodLensDb(name, { ...(indexedDB && { indexedDB }), ...(IDBKeyRange && { IDBKeyRange }) });
}

export async function readMeta<K extends MetaKey>(db: MethodLensDb, key: K): Promise<MetaValues[K] | undefined> {
  const row = await db.meta.get(key);
  return row?.value as MetaValues[K] | undefined;
}

export function metaRow<K extends MetaKey>(key: K, value: MetaValues[K]): MetaRow {
  return { key, value } as MetaRow;
}

export function pendingKey(gen: string): `pending:${string}` {
  return `pending:${gen}`;
}

/**
 * Generations this context (the background's worker, while it lives) began writing: a clean-up at its
 * start may take rows dated in the future for a dead worker's, but never one of these.
 */
export const begunHere = new Set<string>();

/** The primary key of a record in a generation. */
export function recordKey(gen: string, suffix: string): string {
  return `${gen}|${suffix}`;
}

/** Bounds of a generation's key range: `|` is followed by `}` in code-point order. */
export function generationRange(gen: string): [lower: string, upperExclusive: string] {
  return [`${gen}|`, `${gen}}`];
}

export function generationOf(key: string): string {
  return key.slice(0, key.indexOf('|'));
}

/** Compares paper titles loosely: case, punctuation and spacing do not matter. */
export function titleKey(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Short ids, unique enough for generations and snapshot keys; never contain `|` or `}`. */
export function newId(): string {
  const random = crypto.getRandomValues(new Uint32Array(2));
  return Date.now().toString(36) + Array.from(random, (n) => n.toString(36).padStart(7, '0')).join('');
}
