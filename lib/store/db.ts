/**
 * The extension's local copy of the knowledge base, in IndexedDB (Dexie).
 *
 * Every data record belongs to a generation: one import of one topic. Its primary key starts with
 * `${gen}|`, so a whole generation is one key range. The `meta` row `active` names the generation
 * each topic currently reads from; records of any other generation are invisible to readers (being
 * written, or waiting to be deleted).
 */
import Dexie, { type DexieOptions, type Table } from 'dexie';
import type { Alternative, Critique, DatedEntry, HeadToHead, Method, SubProblem, TopicInfo } from '../snapshot/schema';

export const DEFAULT_DB_NAME = 'method-lens';

export interface TopicRecord {
  key: string;
  gen: string;
  info: TopicInfo;
  subProblems: SubProblem[];
  frontier: DatedEntry[];
}

export interface MethodRecord extends Method {
  key: string;
  gen: string;
  /** Name and aliases exactly as written. */
  names: string[];
  /** Name and aliases in lower case, for case-insensitive prefix search. */
  lowerNames: string[];
}

export interface CritiqueRecord extends Critique {
  key: string;
  gen: string;
  /** `sourceTitle` normalised like `titleKey`, to find the critiques a method's own paper makes. */
  sourceKey: string;
}

export interface ResultRecord extends HeadToHead {
  key: string;
  gen: string;
}

export interface AlternativeRecord extends Alternative {
  key: string;
  gen: string;
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
}

export interface HttpValidators {
  etag: string | null;
  lastModified: string | null;
}

export interface ActiveSnapshot {
  /** Changes whenever the set of active generations changes, so callers can cache derived data. */
  snapshotKey: string;
  /** The index URL the snapshot came from. */
  source: string;
  generatedAt: string;
  /** From the response that produced this snapshot, for conditional requests to the same URL. */
  indexValidators: HttpValidators;
  topics: Record<string, ActiveTopic>;
}

export interface LastRefresh {
  at: string;
  ok: true;
  outcome: 'updated' | 'up to date';
  topicsChanged: number;
  methods: number;
}

/** A failure in plain words, for the UI. */
export interface RefreshError {
  what: string;
  url: string;
  at: string;
}

export type RefreshPhase = 'checking' | 'downloading' | 'saving' | 'activating' | 'cleaning up';

export interface RefreshProgress {
  runId: string;
  url: string;
  startedAt: string;
  /** Heartbeat: a refresh whose last update is older than `STALE_AFTER_MS` died with its worker. */
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
  [pending: `pending:${string}`]: PendingGeneration;
}
export type MetaKey = keyof MetaValues & string;

export interface MetaRow<K extends MetaKey = MetaKey> {
  key: K;
  value: MetaValues[K];
}

/** Records per write or delete transaction: large enough to be fast, small enough that readers never wait long. */
export const DEFAULT_CHUNK_SIZE = 5_000;

/** Work that has not shown a sign of life for this long belongs to a stopped worker. */
export const STALE_AFTER_MS = 5 * 60_000;

export function isStale(updatedAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(updatedAt) > STALE_AFTER_MS;
}

export class MethodLensDb extends Dexie {
  declare meta: Table<MetaRow, string>;
  declare topics: Table<TopicRecord, string>;
  declare methods: Table<MethodRecord, string>;
  declare critiques: Table<CritiqueRecord, string>;
  declare results: Table<ResultRecord, string>;
  declare alternatives: Table<AlternativeRecord, string>;

  constructor(name: string = DEFAULT_DB_NAME, deps: Pick<DexieOptions, 'indexedDB' | 'IDBKeyRange'> = {}) {
    super(name, deps);
    // Indexes cost write time at a million results: only those a reader needs. Topics and whole
    // generations are reached through primary-key ranges, which need no index.
    // To change the schema later, keep this call and add e.g.
    //   this.version(2).stores({ results: 'key, loserId, winnerId, metric' }).upgrade((tx) => …);
    // An upgrade may also clear the data tables and `meta` row `active`: the next refresh refills them.
    this.version(1).stores({
      meta: 'key',
      topics: 'key',
      methods: 'key, id, *names, *lowerNames',
      critiques: 'key, methodId, sourceKey',
      results: 'key, loserId, winnerId',
      alternatives: 'key, ofMethodId',
    });
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
