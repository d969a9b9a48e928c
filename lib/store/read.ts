/**
 * What the UI asks of the store. Each reader is one read-only transaction that takes the active
 * generations from `meta` and reads only their records, so it sees one whole snapshot: the one
 * before a refresh's flip or the one after, never a mix.
 */
import { METHOD_ID_PATTERN, type Critique, type DatedEntry, type HeadToHead, type Method, type Status, type SubProblem, type TopicInfo } from '../snapshot/schema';
import {
  bucketOf,
  compare,
  decodeJson,
  own,
  runsForLabel,
  runsForPrefix,
  type CatalogDictionary,
  type CatalogEntry,
  type CatalogHeader,
  type DossierRef,
  type MethodSummary,
  type NameRun,
} from './catalog';
import { decodeMethodDossier, decodePage, decodeSourceDossier, type EncodedDossier, type FrontierListing, type Page } from './dossier';
import { catalogKey, manifestKey, pageKey } from './keys';
import { decodeManifest, type TopicManifest } from './layout';
import {
  isStale,
  PROGRESS_STALE_AFTER_MS,
  readMeta,
  recordKey,
  type ActiveCatalog,
  type ActiveSnapshot,
  type LastRefresh,
  type MethodLensDb,
  type RefreshError,
  type RefreshProgress,
  type TopicCounts,
} from './db';

export interface SnapshotInfo {
  /** The index URL the snapshot came from; null before the first import. */
  source: string | null;
  generatedAt: string | null;
  snapshotKey: string | null;
  topics: { name: string; updated: string | null; methods: number }[];
  totals: { methods: number; critiques: number; results: number };
  /** The last successful refresh. */
  lastRefresh: LastRefresh | null;
  /** The last failed refresh, if none succeeded since. */
  lastError: RefreshError | null;
  /** Present while a refresh runs (in any context). */
  progress: RefreshProgress | null;
}

export interface MethodRef {
  id: string;
  name: string | null;
}

/** A dated list entry with the method's name looked up (null when the KB gives no method or it is unknown). */
export interface NamedEntry {
  methodId: string | null;
  name: string | null;
  date: string | null;
}

export interface NamedResult extends HeadToHead {
  winnerName: string | null;
  loserName: string | null;
}

export interface NamedCritique extends Critique {
  methodName: string | null;
}

export interface MethodRecordView {
  method: Method;
  /** Critiques of this method. */
  critiques: Critique[];
  /** Results this method lost, in the KB's order. */
  losses: NamedResult[];
  /** Results this method won. */
  wins: NamedResult[];
  newerAlternatives: NamedEntry[];
  /** The methods the KB lists this one as a newer alternative of, each with the entry's date. */
  alternativeTo: NamedEntry[];
  /** Where a topic's frontier lists it (the KB's recent methods not yet superseded). */
  frontier: FrontierListing[];
  /** Critiques made by this method's own paper: the methods it critiques. */
  critiquesMade: NamedCritique[];
  /** The methods the family label and the sub-problem name, when they name one (they often do: "GPTQ"). */
  familyId: string | null;
  subProblemId: string | null;
  snapshotDate: string;
  topicUpdated: string | null;
}

export interface MethodMatch {
  id: string;
  name: string;
  aliases: string[];
  topic: string;
  status: Status | null;
  /** The name or alias that matched the prefix. */
  matched: string;
  /** Matched by a word inside it: no name or alias starts with the prefix. */
  byWord?: true;
}

export interface TopicSummary {
  name: string;
  /** As the snapshot's index dates it. */
  updated: string | null;
  counts: TopicCounts;
}

export interface TopicView {
  topic: TopicInfo;
  counts: TopicCounts;
  /** Ranked methods, rank ascending. */
  ranking: Method[];
  subProblems: (Omit<SubProblem, 'methodIds'> & { methods: MethodRef[] })[];
  frontier: NamedEntry[];
}

/** Names and aliases of every method, compact enough to send to every page. */
export interface MatchDictionary {
  /** Changes whenever the active snapshot does; empty when there is none. */
  snapshotKey: string;
  names: string[];
  /** `methods[methodIndex[i]]` is the method `names[i]` names. */
  methodIndex: number[];
  methods: { id: string; status: Status | null }[];
}

/**
 * How many name runs (64 labels each) a search ranks at most: every label for any prefix but the
 * shortest on a 50k-method snapshot, while bounding the cost of a one-letter prefix.
 */
const SEARCH_RUN_LIMIT = 320;
/**
 * How many word runs a search by inner words ranks at most: the first 384 keys in order. A word many
 * labels share (a synthetic 50k-method snapshot has thousands of "…quant…") is no way to find one method,
 * and each run is ~16 kB to read: 16 runs took 5.9 ms in the worker (bench:sync), against the 5 ms a
 * read may take.
 */
const WORD_SEARCH_RUN_LIMIT = 6;

export function getSnapshotInfo(db: MethodLensDb, now: Date = new Date()): Promise<SnapshotInfo> {
  return db.transaction('r', db.meta, async () => {
    const [active, lastRefresh, lastError, progress] = await Promise.all([
      readMeta(db, 'active'),
      readMeta(db, 'lastRefresh'),
      readMeta(db, 'lastError'),
      readMeta(db, 'progress'),
    ]);
    const topics = Object.values(active?.topics ?? {}).sort((a, b) => a.topic.localeCompare(b.topic));
    const sum = (field: keyof TopicCounts) => topics.reduce((total, topic) => total + topic.counts[field], 0);
    return {
      source: active?.source ?? null,
      generatedAt: active?.generatedAt ?? null,
      snapshotKey: active?.snapshotKey ?? null,
      topics: topics.map((topic) => ({ name: topic.topic, updated: topic.updated, methods: topic.counts.methods })),
      totals: { methods: sum('methods'), critiques: sum('critiques'), results: sum('results') },
      lastRefresh: lastRefresh ?? null,
      lastError: lastError ?? null,
      progress: progress && !isStale(progress.updatedAt, now, PROGRESS_STALE_AFTER_MS) ? progress : null,
    };
  });
}

/**
 * A method by id, else by name or alias (exactly as written, else in any case when that names one
 * method only), with everything the KB says about it; null if unknown. Failing that, the same with the
 * spaces around it taken off and runs of them made one (`popup.html?method=+AWQ+` as a reader typed it),
 * and compatibility forms made plain (`ＡＷＱ`).
 */
export function getMethodRecord(db: MethodLensDb, idOrName: string): Promise<MethodRecordView | null> {
  return db.transaction('r', [db.meta, db.catalog, db.pages], async () => {
    const tidied = tidyName(idOrName);
    return (await readMethodRecord(db, idOrName)) ?? (tidied !== idOrName ? readMethodRecord(db, tidied) : null);
  });
}

/**
 * A name as a reader means it, whatever spaces were typed around and inside it, in plain forms (`ＡＷＱ`),
 * and without the invisible format characters a name pasted from a PDF or a web page often carries
 * (`GPT` + zero-width space + `Q`, a soft hyphen, a byte order mark), as search takes it. They are
 * Unicode's Cf, the class the source URL's check trims (`checkSourceUrl`); here they go from inside too.
 */
function tidyName(name: string): string {
  return name.replace(INVISIBLE_FORMAT, '').normalize('NFKC').trim().replace(/\s+/g, ' ');
}
const INVISIBLE_FORMAT = /\p{Cf}/gu;

function readMethodRecord(db: MethodLensDb, idOrName: string): Promise<MethodRecordView | null> {
  return db.transaction('r', [db.meta, db.catalog, db.pages], async () => {
    // With the catalog this context saw last, the record that would hold the argument (its bucket if
    // it looks like an id, else its name run) is asked for together with `meta.active` (one round
    // trip instead of two), and used only if that catalog is still the active one. IndexedDB serves
    // a transaction's requests one after another, so nothing is asked for on speculation beyond that.
    const guess = lastCatalog;
    const header = lastHeader?.gen === guess?.gen ? lastHeader : undefined;
    const lower = idOrName.toLowerCase();
    const mayBeId = METHOD_ID_PATTERN.test(idOrName);
    const [active, guessedEntry, guessedRuns] = await Promise.all([
      readMeta(db, 'active'),
      mayBeId && guess ? entryIn(db, guess, idOrName) : undefined,
      !mayBeId && header && lower !== '' ? runsHolding(db, header, lower) : undefined,
    ]);
    if (!active) return null;
    lastCatalog = active.catalog;
    const isGuessed = guess?.gen === active.catalog.gen;
    let entry = !mayBeId ? undefined : isGuessed ? guessedEntry : await entryIn(db, active.catalog, idOrName);
    let dossiers: Dossier[];
    if (entry) {
      dossiers = await readDossiers(db, entry.refs);
    } else {
      // A name or alias. Its run says where the dossiers are, so they are read with the bucket.
      if (lower === '') return null;
      const runs = isGuessed && guessedRuns ? guessedRuns : await runsHolding(db, await readHeader(db, active), lower);
      const named = methodNamed(runs, idOrName);
      if (!named) return null;
      [entry, dossiers] = await Promise.all([entryIn(db, active.catalog, named.id), readDossiers(db, named.refs)]);
      if (!entry) return null;
    }
    const { method, names: otherTopicNames } = entry;
    const record: MethodRecordView = {
      method,
      critiques: [],
      losses: [],
      wins: [],
      newerAlternatives: [],
      alternativeTo: [],
      frontier: [],
      critiquesMade: [],
      familyId: entry.familyId,
      subProblemId: entry.subProblemId,
      snapshotDate: active.generatedAt,
      topicUpdated: own(active.topics, method.topic)?.updated ?? null,
    };
    for (const { kind, encoded, strings, names } of dossiers) {
      const nameOf = (methodId: string | null) =>
        methodId === null ? null : methodId === method.id ? method.name : (own(names, methodId) ?? own(otherTopicNames, methodId) ?? null);
      const named = (result: HeadToHead): NamedResult => ({ ...result, winnerName: nameOf(result.winnerId), loserName: nameOf(result.loserId) });
      if (kind === 1) {
        for (const critique of decodeSourceDossier(encoded, strings).made) record.critiquesMade.push({ ...critique, methodName: nameOf(critique.methodId) });
        continue;
      }
      const dossier = decodeMethodDossier(method.id, encoded, strings);
      record.critiques.push(...dossier.critiques);
      record.losses.push(...dossier.losses.map(named));
      record.wins.push(...dossier.wins.map(named));
      record.newerAlternatives.push(...dossier.alternatives.map((alternative) => namedEntry(alternative, nameOf)));
      for (const alternative of dossier.alternativeTo) {
        record.alternativeTo.push({ methodId: alternative.ofMethodId, name: nameOf(alternative.ofMethodId), date: alternative.date });
      }
      record.frontier.push(...dossier.frontier);
    }
    return record;
  });
}

/**
 * Methods whose name or an alias starts with `prefix`, any case: exact names first, then shorter. Only
 * when none does, those with a word inside a label that starts with it (`byWord`: "hadamard" finds
 * TAH-Quant, also named "Tile-wise Adaptive Hadamard Quantization").
 */
export function searchMethods(db: MethodLensDb, prefix: string, limit = 20): Promise<MethodMatch[]> {
  // A query typed in compatibility forms (full-width `ＡＷＱ`, a ligature) or with runs of spaces between
  // its words finds what its plain form finds; the form typed is looked for too, for a name written so.
  const queries = [...new Set([prefix, tidyName(prefix)].map((form) => form.trim().toLowerCase()))].filter((query) => query !== '');
  return db.transaction('r', [db.meta, db.catalog], async () => {
    const active = await readMeta(db, 'active');
    if (!active || queries.length === 0 || limit <= 0) return [];
    interface Found {
      lower: string;
      label: string;
      summary: MethodSummary;
    }
    /** Each id once, with its best label, from the name runs or the word runs. */
    const find = async (kind: RunKind) => {
      const best = new Map<string, Found>();
      for (const query of queries) {
        for (const run of await readRuns(db, active, kind, query, kind === 'runs' ? SEARCH_RUN_LIMIT : WORD_SEARCH_RUN_LIMIT)) {
          for (const [lower, label, id] of run.entries) {
            if (!lower.startsWith(query)) continue;
            const seen = best.get(id);
            if (seen === undefined || compareLabels(lower, seen.lower, queries) < 0) best.set(id, { lower, label, summary: own(run.methods, id)! });
          }
        }
      }
      return best;
    };
    let found = await find('runs');
    const byWord = found.size === 0;
    if (byWord) found = await find('wordRuns');
    const isExactName = ({ summary: [name] }: Found) => (queries.includes(name.toLowerCase()) ? 0 : 1);
    return [...found]
      .sort(([, a], [, b]) => isExactName(a) - isExactName(b) || compareLabels(a.lower, b.lower, queries) || a.summary[0].localeCompare(b.summary[0]))
      .slice(0, limit)
      .map(([id, { label, summary: [name, aliases, topic, status] }]): MethodMatch => ({ id, name, aliases, topic, status, matched: label, ...(byWord && { byWord: true as const }) }));
  });
}

/**
 * A topic with its ranking, sub-problems and frontier; null if the snapshot has no such topic. The name
 * is taken as written, else (`popup.html?topic=llm+quantization`) without stray spaces and in any case
 * when that names one topic only.
 */
export function getTopicView(db: MethodLensDb, name: string): Promise<TopicView | null> {
  return db.transaction('r', [db.meta, db.topics, db.catalog], async () => {
    const active = await readMeta(db, 'active');
    const topic = active && topicNamed(active.topics, name);
    if (!active || !topic) return null;
    const [record, namesRecord] = await Promise.all([
      db.topics.get(recordKey(topic.gen, topic.topic)),
      db.catalog.get(catalogKey.topic(active.catalog.gen, topic.topic)),
    ]);
    if (!record) return null;
    const names = namesRecord ? decodeJson<Record<string, string>>(namesRecord.bytes) : {};
    const nameOf = (methodId: string | null) => (methodId === null ? null : (own(names, methodId) ?? null));
    return {
      topic: record.info,
      counts: topic.counts,
      ranking: record.ranking,
      subProblems: record.subProblems.map(({ methodIds, ...subProblem }) => ({
        ...subProblem,
        methods: methodIds.map((id) => ({ id, name: nameOf(id) })),
      })),
      frontier: record.frontier.map((entry) => namedEntry(entry, nameOf)),
    };
  });
}

function topicNamed<T extends { topic: string }>(topics: Record<string, T>, name: string): T | undefined {
  const exact = own(topics, name);
  if (exact) return exact;
  const lower = tidyName(name).toLowerCase();
  const alike = Object.values(topics).filter((topic) => topic.topic.toLowerCase() === lower);
  return alike.length === 1 ? alike[0] : undefined;
}

/** The active topics by name, from `meta.active` alone: a topic's own record holds its whole ranking, sub-problems and frontier. */
export function listTopics(db: MethodLensDb): Promise<TopicSummary[]> {
  return db.transaction('r', db.meta, async () => {
    const active = await readMeta(db, 'active');
    return Object.values(active?.topics ?? {})
      .map(({ topic, updated, counts }) => ({ name: topic, updated, counts }))
      .sort((a, b) => a.name.localeCompare(b.name));
  });
}

export function getMatchDictionary(db: MethodLensDb): Promise<MatchDictionary> {
  return db.transaction('r', [db.meta, db.catalog], async () => {
    const active = await readMeta(db, 'active');
    const record = active && (await db.catalog.get(catalogKey.dictionary(active.catalog.gen)));
    if (!active || !record) return { snapshotKey: '', names: [], methodIndex: [], methods: [] };
    return { snapshotKey: active.snapshotKey, ...decodeJson<CatalogDictionary>(record.bytes) };
  });
}

/** The key `getMatchDictionary` would answer with, for callers that cache the dictionary. */
export async function getSnapshotKey(db: MethodLensDb): Promise<string> {
  return (await readMeta(db, 'active'))?.snapshotKey ?? '';
}

/** The active methods among `ids`, in the order asked, each once. */
export function getMethodsByIds(db: MethodLensDb, ids: readonly string[]): Promise<Method[]> {
  return db.transaction('r', [db.meta, db.catalog], async () => {
    const active = await readMeta(db, 'active');
    if (!active) return [];
    const wanted = [...new Set(ids)];
    const buckets = await readBuckets(db, active, wanted);
    return wanted.flatMap((id) => {
      const bucket = buckets.get(bucketOf(id, active.catalog.buckets));
      const entry = bucket && own(bucket, id);
      return entry ? [entry.method] : [];
    });
  });
}

/** The manifests of topic generations, in the order asked; a missing one is an error. */
export async function readManifests(db: MethodLensDb, gens: readonly string[]): Promise<TopicManifest[]> {
  const records = await db.manifests.bulkGet(gens.map(manifestKey));
  return records.map((record, i) => {
    if (!record) throw new Error(`the stored snapshot lacks the manifest of generation ${gens[i]}`);
    return decodeManifest(record.bytes);
  });
}

/**
 * The catalog this context read last. Catalog records never change once written (a new catalog is
 * a new generation), so what is known of one stays true while it is active.
 */
let lastCatalog: ActiveCatalog | undefined;
let lastHeader: KnownHeader | undefined;

async function entryIn(db: MethodLensDb, catalog: ActiveCatalog, id: string): Promise<CatalogEntry | undefined> {
  const record = await db.catalog.get(catalogKey.bucket(catalog.gen, bucketOf(id, catalog.buckets)));
  return record && own(decodeJson<Record<string, CatalogEntry>>(record.bytes), id);
}

/**
 * The method with this name or alias as written; failing that, in any case if only one method has it.
 * `runs` are those that may hold the name (see `runsHolding`).
 */
function methodNamed(runs: readonly NameRun[], name: string): { id: string; refs: DossierRef[] } | undefined {
  const lower = name.toLowerCase();
  const candidates = new Map<string, MethodSummary>();
  for (const run of runs) {
    for (const [entryLower, , id] of run.entries) if (entryLower === lower) candidates.set(id, own(run.methods, id)!);
  }
  const exact = [...candidates].find(([, [methodName, aliases]]) => methodName === name || aliases.includes(name));
  const found = exact ?? (candidates.size === 1 ? [...candidates][0] : undefined);
  return found && { id: found[0], refs: found[1][4] };
}

async function readBuckets(db: MethodLensDb, active: ActiveSnapshot, ids: readonly string[]): Promise<Map<number, Record<string, CatalogEntry>>> {
  const { gen, buckets } = active.catalog;
  const numbers = [...new Set(ids.map((id) => bucketOf(id, buckets)))];
  const records = await db.catalog.bulkGet(numbers.map((bucket) => catalogKey.bucket(gen, bucket)));
  const found = new Map<number, Record<string, CatalogEntry>>();
  records.forEach((record, i) => {
    if (record) found.set(numbers[i]!, decodeJson<Record<string, CatalogEntry>>(record.bytes));
  });
  return found;
}

/** The name runs, or the word runs. */
type RunKind = 'runs' | 'wordRuns';

/** The name runs (or word runs) that may hold keys starting with `lower`, at most `limit` of them. */
async function readRuns(db: MethodLensDb, active: ActiveSnapshot, kind: RunKind, lower: string, limit: number): Promise<NameRun[]> {
  const { gen, header } = await readHeader(db, active);
  // A header an earlier version wrote has no word runs (its catalog is rebuilt at the upgrade, and at start).
  const { first, end } = runsForPrefix(header[kind] ?? [], lower);
  return readRunRange(db, gen, kind, first, Math.min(end, first + limit));
}

/** The name runs that may hold the label `lower` itself. */
function runsHolding(db: MethodLensDb, { gen, header }: KnownHeader, lower: string): Promise<NameRun[]> {
  const { first, end } = runsForLabel(header.runs, lower);
  return readRunRange(db, gen, 'runs', first, end);
}

interface KnownHeader {
  gen: string;
  header: CatalogHeader;
}

/** The active catalog's header, read once per catalog (an empty one if the catalog lacks it). */
async function readHeader(db: MethodLensDb, active: ActiveSnapshot): Promise<KnownHeader> {
  const { gen } = active.catalog;
  if (lastHeader?.gen !== gen) {
    const headerRecord = await db.catalog.get(catalogKey.header(gen));
    if (!headerRecord) return { gen, header: { runs: [], wordRuns: [] } };
    lastHeader = { gen, header: decodeJson<CatalogHeader>(headerRecord.bytes) };
  }
  return lastHeader;
}

async function readRunRange(db: MethodLensDb, gen: string, kind: RunKind, first: number, end: number): Promise<NameRun[]> {
  const keyOf = kind === 'runs' ? catalogKey.run : catalogKey.wordRun;
  const keys: string[] = [];
  for (let run = first; run < end; run++) keys.push(keyOf(gen, run));
  const records = await db.catalog.bulkGet(keys);
  return records.flatMap((record) => (record ? [decodeJson<NameRun>(record.bytes)] : []));
}

interface Dossier {
  kind: 0 | 1;
  encoded: EncodedDossier;
  strings: readonly string[];
  /** Names of the methods of the page's topic. */
  names: Record<string, string>;
}

/** The dossiers at `refs`, each page read and decoded once, in the order of `refs`. */
async function readDossiers(db: MethodLensDb, refs: readonly DossierRef[]): Promise<Dossier[]> {
  const keys = [...new Set(refs.map(([gen, page]) => pageKey(gen, page)))];
  const records = await db.pages.bulkGet(keys);
  const pages = new Map<string, Page | undefined>(keys.map((key, i) => [key, records[i] ? decodePage(records[i].bytes) : undefined]));
  return refs.flatMap(([gen, page, slot, kind]) => {
    const decoded = pages.get(pageKey(gen, page));
    const encoded = decoded?.dossiers[slot];
    return decoded && encoded ? [{ kind, encoded, strings: decoded.strings, names: decoded.names }] : [];
  });
}

function namedEntry(entry: DatedEntry, nameOf: (methodId: string | null) => string | null): NamedEntry {
  return { methodId: entry.methodId, name: nameOf(entry.methodId), date: entry.date };
}

/** Exact match first, then the shorter label, then alphabetical. */
function compareLabels(a: string, b: string, queries: readonly string[]): number {
  return Number(!queries.includes(a)) - Number(!queries.includes(b)) || a.length - b.length || compare(a, b);
}
