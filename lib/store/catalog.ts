/**
 * The catalog: lookups across every active topic, rebuilt from the topics' manifests whenever the
 * set of active topics changes, and read by the UI in one or two records per question:
 * - method buckets: method id → the method, where its dossiers are (its own topic's and any other
 *   topic's, plus those of critiques its paper makes) and the names of the methods they mention;
 * - name runs: every name and alias in lower case, sorted, in runs, for prefix search and lookup by name;
 *   word runs: each of them again from each inner word on ("lattice vector quantization"), sorted, in
 *   runs of their own, which search reads only when no name or alias starts with its query;
 * - the match dictionary for content scripts, and the names each topic view shows.
 * Pure: building and encoding; `write.ts` and `read.ts` do the I/O.
 */
import type { Method, Status } from '../snapshot/schema';
import { titleKey, type BytesRecord } from './db';
import { catalogKey } from './keys';
import type { TopicManifest } from './layout';
import { matchOrder } from '../match/matcher';

/**
 * The catalog records' format, kept with the active catalog. Format 2 (store version 3) added the ids a
 * method's family and sub-problem labels name, and the dossiers' places in the name runs; format 3
 * (store version 4) the word runs.
 */
export const CATALOG_FORMAT = 3;

/** Where a dossier is: topic generation, page, slot, and whether it is a method's (0) or a source paper's (1). */
export type DossierRef = [gen: string, page: number, slot: number, kind: 0 | 1];

export interface CatalogEntry {
  method: Method;
  refs: DossierRef[];
  /** Names of the methods of other topics its dossiers mention (each page names its own topic's). */
  names: Record<string, string>;
  /** The methods its family label and sub-problem name, when they name one exactly (they often do: "GPTQ"). */
  familyId: string | null;
  subProblemId: string | null;
}

/**
 * A name or alias: lower case (the sort key), as written, and whose it is. In a word run, the key is the
 * label from one of its inner words on ("hadamard quantization" of "Tile-wise Adaptive Hadamard
 * Quantization").
 */
export type NameEntry = [lower: string, label: string, id: string];
/** What search shows of a method, and where its dossiers are: a lookup by name reads them without its bucket first. */
export type MethodSummary = [name: string, aliases: string[], topic: string, status: Status | null, refs: DossierRef[]];

export interface NameRun {
  entries: NameEntry[];
  methods: Record<string, MethodSummary>;
}

export interface CatalogHeader {
  /** The first lower-case label of each name run, in order. */
  runs: string[];
  /** The first key of each word run, in order. */
  wordRuns: string[];
}

export interface CatalogDictionary {
  names: string[];
  methodIndex: number[];
  methods: { id: string; status: Status | null }[];
}

export interface CatalogContent {
  header: CatalogHeader;
  buckets: Record<string, CatalogEntry>[];
  runs: NameRun[];
  wordRuns: NameRun[];
  dictionary: CatalogDictionary;
  /** Topic name → names of the methods its sub-problems and frontier mention. */
  topicNames: Map<string, Record<string, string>>;
}

export interface CatalogInput {
  gen: string;
  manifest: TopicManifest;
}

/** Methods per bucket, on average: a bucket is one small record to read. */
const METHODS_PER_BUCKET = 16;
/**
 * Labels per name run. Small records, because a lookup reads one: in Chromium a cold read of a
 * 40 kB record took ~2.7 ms against ~1.3 ms for 10 kB (bench:sync, 50k methods).
 */
const NAMES_PER_RUN = 64;

function bucketCount(methods: number): number {
  return Math.max(1, Math.ceil(methods / METHODS_PER_BUCKET));
}

/** FNV-1a over UTF-16 units: a stable spread of ids over buckets. */
export function bucketOf(id: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % buckets;
}

export function buildCatalog(inputs: readonly CatalogInput[]): CatalogContent {
  // Maps, not plain objects, until encoding: method ids are data ("constructor" is a valid id).
  const entries = new Map<string, { method: Method; refs: DossierRef[]; mentions: Set<string> }>();
  for (const { manifest } of inputs) {
    for (const method of manifest.methods) entries.set(method.id, { method, refs: [], mentions: new Set() });
  }
  const sourceRefs = new Map<string, { ref: DossierRef; mentions: string[] }[]>();
  for (const { gen, manifest } of inputs) {
    for (const dossier of manifest.dossiers) {
      if (dossier.kind === 'method') {
        const entry = entries.get(dossier.key);
        if (!entry) continue; // verified before: every mentioned method exists
        entry.refs.push([gen, dossier.page, dossier.slot, 0]);
        for (const id of dossier.mentions) entry.mentions.add(id);
      } else {
        const list = sourceRefs.get(dossier.key) ?? [];
        list.push({ ref: [gen, dossier.page, dossier.slot, 1], mentions: dossier.mentions });
        sourceRefs.set(dossier.key, list);
      }
    }
  }
  // Method ids are slugs (no `_`), so none is `__proto__`: a plain object takes them all as own keys.
  const namesOf = (ids: Iterable<string>): Record<string, string> => {
    const names: Record<string, string> = {};
    for (const id of ids) {
      const name = entries.get(id)?.method.name;
      if (name !== undefined) names[id] = name;
    }
    return names;
  };

  const buckets = Array.from({ length: bucketCount(entries.size) }, () => new Map<string, CatalogEntry>());
  for (const [id, entry] of entries) {
    const paperKey = entry.method.paperTitle === null ? null : titleKey(entry.method.paperTitle);
    for (const source of paperKey === null ? [] : (sourceRefs.get(paperKey) ?? [])) {
      entry.refs.push(source.ref);
      for (const mentioned of source.mentions) entry.mentions.add(mentioned);
    }
    entry.mentions.delete(id);
  }
  const idNamed = methodsByLabel(entries.values());
  for (const [id, entry] of entries) {
    const { method, refs, mentions } = entry;
    buckets[bucketOf(id, buckets.length)]!.set(id, {
      method,
      refs,
      names: namesOf(mentions),
      familyId: (method.family !== null && idNamed.get(method.family)) || null,
      subProblemId: (method.subProblem !== null && idNamed.get(method.subProblem)) || null,
    });
  }

  const topicNames = new Map(inputs.map(({ manifest }) => [manifest.topic, namesOf(manifest.topicMentions)]));
  const { runs, wordRuns, header } = nameRuns(inputs, entries);
  return {
    header,
    buckets: buckets.map((bucket) => Object.fromEntries(bucket)),
    runs,
    wordRuns,
    dictionary: matchDictionary(inputs),
    topicNames,
  };
}

/** The records a catalog is stored as, under generation `gen`. */
export function catalogRecords(gen: string, content: CatalogContent): BytesRecord[] {
  return [
    { key: catalogKey.header(gen), gen, bytes: encodeJson(content.header) },
    { key: catalogKey.dictionary(gen), gen, bytes: encodeJson(content.dictionary) },
    ...content.buckets.map((bucket, i) => ({ key: catalogKey.bucket(gen, i), gen, bytes: encodeJson(bucket) })),
    ...content.runs.map((run, i) => ({ key: catalogKey.run(gen, i), gen, bytes: encodeJson(run) })),
    ...content.wordRuns.map((run, i) => ({ key: catalogKey.wordRun(gen, i), gen, bytes: encodeJson(run) })),
    ...[...content.topicNames].map(([topic, names]) => ({ key: catalogKey.topic(gen, topic), gen, bytes: encodeJson(names) })),
  ];
}

/** An own property of a record decoded from JSON, never one inherited from `Object.prototype`. */
export function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A method's name and aliases, each once, as written. */
function labelsOf(method: Method): string[] {
  return [...new Set([method.name, ...method.aliases])];
}

/** Each name or alias as written → the method it names (the first id in code-unit order, should two share it). */
function methodsByLabel(entries: Iterable<{ method: Method }>): Map<string, string> {
  const byLabel = new Map<string, string>();
  for (const { method } of entries) {
    for (const label of labelsOf(method)) {
      const known = byLabel.get(label);
      if (known === undefined || compare(method.id, known) < 0) byLabel.set(label, method.id);
    }
  }
  return byLabel;
}

/** A letter or digit after a character that is neither (nor a mark): a word inside a label ("-Quant", ".int8()", " (GLVQ)"). */
const INNER_WORD = /(?<=[^\p{L}\p{N}\p{M}])[\p{L}\p{N}]/gu;

function nameRuns(
  inputs: readonly CatalogInput[],
  entries: ReadonlyMap<string, { refs: DossierRef[] }>,
): { runs: NameRun[]; wordRuns: NameRun[]; header: CatalogHeader } {
  const labelEntries: NameEntry[] = [];
  const wordEntries: NameEntry[] = [];
  const summaries = new Map<string, MethodSummary>();
  for (const { manifest } of inputs) {
    for (const method of manifest.methods) {
      summaries.set(method.id, [method.name, method.aliases, method.topic, method.status, entries.get(method.id)!.refs]);
      // One entry per key, the first label having it; none from an inner word whose key a whole label
      // has (search would find the method by that label first).
      const lowers = new Set<string>();
      const labels = labelsOf(method);
      for (const label of labels) {
        const lower = label.toLowerCase();
        if (!lowers.has(lower)) labelEntries.push([lower, label, method.id]);
        lowers.add(lower);
      }
      for (const label of labels) {
        const lower = label.toLowerCase();
        for (const { index } of lower.matchAll(INNER_WORD)) {
          const rest = lower.slice(index);
          if (!lowers.has(rest)) wordEntries.push([rest, label, method.id]);
          lowers.add(rest);
        }
      }
    }
  }
  const runs = inRuns(labelEntries, summaries);
  const wordRuns = inRuns(wordEntries, summaries);
  const firstKeys = (list: NameRun[]) => list.map((run) => run.entries[0]![0]);
  return { runs, wordRuns, header: { runs: firstKeys(runs), wordRuns: firstKeys(wordRuns) } };
}

/** `all` sorted, in runs of `NAMES_PER_RUN`, each with what search shows of the methods it names. */
function inRuns(all: NameEntry[], summaries: ReadonlyMap<string, MethodSummary>): NameRun[] {
  all.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]) || compare(a[2], b[2]));
  const runs: NameRun[] = [];
  for (let start = 0; start < all.length; start += NAMES_PER_RUN) {
    const runEntries = all.slice(start, start + NAMES_PER_RUN);
    const methods = Object.fromEntries(runEntries.map(([, , id]) => [id, summaries.get(id)!]));
    runs.push({ entries: runEntries, methods });
  }
  return runs;
}

/** Names in the matcher's own order (`matchOrder`): each page's matcher then sorts nothing. */
function matchDictionary(inputs: readonly CatalogInput[]): CatalogDictionary {
  const names: string[] = [];
  const methodIndex: number[] = [];
  const methods: CatalogDictionary['methods'] = [];
  for (const { manifest } of inputs) {
    for (const method of manifest.methods) {
      const index = methods.push({ id: method.id, status: method.status }) - 1;
      for (const label of labelsOf(method)) {
        names.push(label);
        methodIndex.push(index);
      }
    }
  }
  const order = matchOrder(names);
  return { names: order.map((i) => names[i]!), methodIndex: order.map((i) => methodIndex[i]!), methods };
}

/** Code-unit order, as IndexedDB and binary search over the runs expect. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The runs that may hold keys starting with `prefix` (lower case): indices into `runs`, the runs' first keys (a header's list). */
export function runsForPrefix(runs: readonly string[], prefix: string): { first: number; end: number } {
  return runsFrom(runs, prefix, (first) => first.startsWith(prefix));
}

/** The runs that may hold the key `lower` itself (lower case): indices into `runs`, the runs' first keys; usually one. */
export function runsForLabel(runs: readonly string[], lower: string): { first: number; end: number } {
  return runsFrom(runs, lower, (first) => first === lower);
}

/** From the last run starting before `key` (it may hold the first keys sought) through the runs whose first key `holds` accepts. */
function runsFrom(runs: readonly string[], key: string, holds: (first: string) => boolean): { first: number; end: number } {
  let low = 0;
  let high = runs.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compare(runs[middle]!, key) < 0) low = middle + 1;
    else high = middle;
  }
  const first = Math.max(0, low - 1);
  let end = low;
  while (end < runs.length && holds(runs[end]!)) end++;
  return { first, end: Math.max(end, Math.min(first + 1, runs.length)) };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function decodeJson<T>(bytes: Uint8Array): T {
  return JSON.parse(decoder.decode(bytes)) as T;
}
