/**
 * What the UI asks of the store. Each reader is one read-only transaction that takes the active
 * generations from `meta` and ignores every other record, so it sees one whole snapshot: the one
 * before a refresh's flip or the one after, never a mix.
 */
import type { Critique, DatedEntry, HeadToHead, Method, Status, SubProblem, TopicInfo } from '../snapshot/schema';
import {
  generationOf,
  generationRange,
  isStale,
  readMeta,
  recordKey,
  titleKey,
  type ActiveSnapshot,
  type LastRefresh,
  type MethodLensDb,
  type MethodRecord,
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
  /** Critiques made by this method's own paper: the methods it critiques. */
  critiquesMade: NamedCritique[];
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
}

export interface TopicSummary {
  name: string;
  description: string | null;
  papers: number | null;
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
 * How many prefix-index entries (keys only) a search ranks at most: all of them for any prefix but
 * the shortest on a 50k-method snapshot, while bounding the cost of a one-letter prefix.
 */
const SEARCH_SCAN_LIMIT = 20_000;

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
      progress: progress && !isStale(progress.updatedAt, now) ? progress : null,
    };
  });
}

/** A method by id, else by exact name or alias, with everything the KB says about it; null if unknown. */
export function getMethodRecord(db: MethodLensDb, idOrName: string): Promise<MethodRecordView | null> {
  return db.transaction('r', [db.meta, db.methods, db.critiques, db.results, db.alternatives], async () => {
    const active = await readMeta(db, 'active');
    if (!active) return null;
    const isActive = activeFilter(active);
    const record =
      (await db.methods.where('id').equals(idOrName).filter(isActive).first()) ??
      (await db.methods.where('names').equals(idOrName).filter(isActive).first());
    if (!record) return null;
    const id = record.id;
    const [critiques, losses, wins, alternatives, critiquesMade] = await Promise.all([
      db.critiques.where('methodId').equals(id).filter(isActive).toArray(),
      db.results.where('loserId').equals(id).filter(isActive).toArray(),
      db.results.where('winnerId').equals(id).filter(isActive).toArray(),
      db.alternatives.where('ofMethodId').equals(id).filter(isActive).toArray(),
      record.paperTitle === null
        ? []
        : db.critiques.where('sourceKey').equals(titleKey(record.paperTitle)).filter(isActive).toArray(),
    ]);
    const names = await namesOf(db, active, [
      ...losses.map((result) => result.winnerId),
      ...wins.map((result) => result.loserId),
      ...alternatives.map((alternative) => alternative.methodId),
      ...critiquesMade.map((critique) => critique.methodId),
    ]);
    names.set(id, record.name);
    const nameOf = (methodId: string | null) => (methodId === null ? null : (names.get(methodId) ?? null));
    const namedResult = ({ key, gen, ...result }: HeadToHead & Stored): NamedResult => ({
      ...result,
      winnerName: nameOf(result.winnerId),
      loserName: nameOf(result.loserId),
    });
    return {
      method: toMethod(record),
      critiques: critiques.map(({ key, gen, sourceKey, ...critique }) => critique),
      losses: losses.map(namedResult),
      wins: wins.map(namedResult),
      newerAlternatives: alternatives.map((alternative) => namedEntry(alternative, nameOf)),
      critiquesMade: critiquesMade.map(({ key, gen, sourceKey, ...critique }) => ({
        ...critique,
        methodName: nameOf(critique.methodId),
      })),
      snapshotDate: active.generatedAt,
      topicUpdated: active.topics[record.topic]?.updated ?? null,
    };
  });
}

/** Methods whose name or an alias starts with `prefix`, any case: exact names first, then shorter names. */
export function searchMethods(db: MethodLensDb, prefix: string, limit = 20): Promise<MethodMatch[]> {
  const query = prefix.trim().toLowerCase();
  return db.transaction('r', [db.meta, db.methods], async () => {
    const active = await readMeta(db, 'active');
    if (!active || query === '' || limit <= 0) return [];
    const gens = activeGens(active);
    // Ranks by the matched lower-case label from the index alone; only the winners are loaded.
    const bestLabel = new Map<string, string>();
    await db.methods
      .where('lowerNames')
      .startsWith(query)
      .limit(SEARCH_SCAN_LIMIT)
      .eachKey((label, cursor) => {
        if (!gens.has(generationOf(cursor.primaryKey))) return;
        const best = bestLabel.get(cursor.primaryKey);
        if (best === undefined || compareLabels(String(label), best, query) < 0) bestLabel.set(cursor.primaryKey, String(label));
      });
    const chosen = [...bestLabel]
      .sort(([, a], [, b]) => compareLabels(a, b, query))
      .slice(0, limit);
    const records = await db.methods.bulkGet(chosen.map(([key]) => key));
    const matches = records.flatMap((record, i): MethodMatch[] => {
      if (!record) return [];
      const label = chosen[i]![1];
      const matched = record.names.find((name) => name.toLowerCase() === label) ?? record.name;
      return [{ id: record.id, name: record.name, aliases: record.aliases, topic: record.topic, status: record.status, matched }];
    });
    const isExactName = (match: MethodMatch) => (match.name.toLowerCase() === query ? 0 : 1);
    return matches.sort(
      (a, b) =>
        isExactName(a) - isExactName(b) ||
        compareLabels(a.matched.toLowerCase(), b.matched.toLowerCase(), query) ||
        a.name.localeCompare(b.name),
    );
  });
}

/** A topic with its ranking, sub-problems and frontier; null if the snapshot has no such topic. */
export function getTopicView(db: MethodLensDb, name: string): Promise<TopicView | null> {
  return db.transaction('r', [db.meta, db.topics, db.methods], async () => {
    const active = await readMeta(db, 'active');
    const topic = active?.topics[name];
    if (!active || !topic) return null;
    const record = await db.topics.get(recordKey(topic.gen, name));
    if (!record) return null;
    const [lower, upper] = generationRange(topic.gen);
    const methods = (await db.methods.where(':id').between(lower, upper, true, false).toArray()).map(toMethod);
    const names = new Map(methods.map((method) => [method.id, method.name]));
    // Sub-problems and the frontier may name methods of other topics.
    const elsewhere = [...record.subProblems.flatMap((subProblem) => subProblem.methodIds), ...record.frontier.map((entry) => entry.methodId)];
    for (const [id, otherName] of await namesOf(db, active, elsewhere.filter((id) => id !== null && !names.has(id)))) {
      names.set(id, otherName);
    }
    const nameOf = (methodId: string | null) => (methodId === null ? null : (names.get(methodId) ?? null));
    return {
      topic: record.info,
      counts: topic.counts,
      ranking: methods.filter((method) => method.rank !== null).sort((a, b) => a.rank! - b.rank!),
      subProblems: record.subProblems.map(({ methodIds, ...subProblem }) => ({
        ...subProblem,
        methods: methodIds.map((id) => ({ id, name: nameOf(id) })),
      })),
      frontier: record.frontier.map((entry) => namedEntry(entry, nameOf)),
    };
  });
}

export function listTopics(db: MethodLensDb): Promise<TopicSummary[]> {
  return db.transaction('r', [db.meta, db.topics], async () => {
    const active = await readMeta(db, 'active');
    const topics = Object.values(active?.topics ?? {});
    const records = await db.topics.bulkGet(topics.map((topic) => recordKey(topic.gen, topic.topic)));
    return records
      .flatMap((record, i): TopicSummary[] =>
        record
          ? [
              {
                name: record.info.name,
                description: record.info.description,
                papers: record.info.papers,
                updated: record.info.updated,
                counts: topics[i]!.counts,
              },
            ]
          : [],
      )
      .sort((a, b) => a.name.localeCompare(b.name));
  });
}

export function getMatchDictionary(db: MethodLensDb): Promise<MatchDictionary> {
  return db.transaction('r', [db.meta, db.methods], async () => {
    const active = await readMeta(db, 'active');
    const dictionary: MatchDictionary = { snapshotKey: active?.snapshotKey ?? '', names: [], methodIndex: [], methods: [] };
    for (const gen of active ? activeGens(active) : []) {
      const [lower, upper] = generationRange(gen);
      const records = await db.methods.where(':id').between(lower, upper, true, false).toArray();
      for (const record of records) {
        const index = dictionary.methods.push({ id: record.id, status: record.status }) - 1;
        for (const name of record.names) {
          dictionary.names.push(name);
          dictionary.methodIndex.push(index);
        }
      }
    }
    return dictionary;
  });
}

/** The active methods among `ids`, in the order asked, each once. */
export function getMethodsByIds(db: MethodLensDb, ids: readonly string[]): Promise<Method[]> {
  return db.transaction('r', [db.meta, db.methods], async () => {
    const active = await readMeta(db, 'active');
    if (!active) return [];
    const records = await db.methods.where('id').anyOf([...new Set(ids)]).filter(activeFilter(active)).toArray();
    const byId = new Map(records.map((record) => [record.id, toMethod(record)]));
    return [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);
  });
}

/** Method id → topic, for the given active topics; read from keys only. */
export function getMethodIdsOfTopics(db: MethodLensDb, topics: Iterable<string>): Promise<Map<string, string>> {
  return db.transaction('r', [db.meta, db.methods], async () => {
    const active = await readMeta(db, 'active');
    const ids = new Map<string, string>();
    for (const topic of topics) {
      const gen = active?.topics[topic]?.gen;
      if (gen === undefined) continue;
      const [lower, upper] = generationRange(gen);
      const keys = await db.methods.where(':id').between(lower, upper, true, false).primaryKeys();
      for (const key of keys) ids.set(key.slice(lower.length), topic);
    }
    return ids;
  });
}

interface Stored {
  key: string;
  gen: string;
}

function activeGens(active: ActiveSnapshot): Set<string> {
  return new Set(Object.values(active.topics).map((topic) => topic.gen));
}

function activeFilter(active: ActiveSnapshot): (record: Stored) => boolean {
  const gens = activeGens(active);
  return (record) => gens.has(record.gen);
}

/** Active method names for the given ids (nulls and unknown ids are skipped). */
async function namesOf(db: MethodLensDb, active: ActiveSnapshot, ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((id) => id !== null))];
  const records = wanted.length === 0 ? [] : await db.methods.where('id').anyOf(wanted).filter(activeFilter(active)).toArray();
  return new Map(records.map((record) => [record.id, record.name]));
}

function namedEntry(entry: DatedEntry, nameOf: (methodId: string | null) => string | null): NamedEntry {
  return { methodId: entry.methodId, name: nameOf(entry.methodId), date: entry.date };
}

function toMethod({ key, gen, names, lowerNames, ...method }: MethodRecord): Method {
  return method;
}

/** Exact match first, then the shorter label, then alphabetical. */
function compareLabels(a: string, b: string, query: string): number {
  return Number(a !== query) - Number(b !== query) || a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
