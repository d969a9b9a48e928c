/**
 * How one topic is laid out in the store: its data regrouped into dossiers (one per method it
 * mentions, one per source paper that critiques something), packed into pages of about `pageBytes`,
 * and a manifest saying where each dossier is and which methods it names. The manifests of all
 * active topics are what the catalog (lookups across topics) is built from. Pure: no I/O.
 */
import type { Critique, Method, TopicDocument } from '../snapshot/schema';
import { titleKey } from './db';
import { PageBuilder, type MethodDossier } from './dossier';

export type DossierKind = 'method' | 'source';

export interface ManifestDossier {
  kind: DossierKind;
  /** A method id, or a source paper's `titleKey`. */
  key: string;
  page: number;
  slot: number;
  /**
   * Methods of other topics the dossier names (winners, losers, alternatives either way, critiqued methods):
   * the catalog supplies their names. Names of the topic's own methods are on the page.
   */
  mentions: string[];
}

export interface TopicManifest {
  topic: string;
  /** The methods the topic defines. */
  methods: Method[];
  dossiers: ManifestDossier[];
  /** Methods the topic's sub-problems and frontier name. */
  topicMentions: string[];
}

export interface LaidOutPage {
  /** UTF-8 JSON: the page's dossiers, encoded (see `dossier.ts`). */
  bytes: Uint8Array;
  /** Knowledge-base records (methods, critiques, results, alternatives) the page holds, for progress. */
  records: number;
}

export interface TopicLayout {
  pages: LaidOutPage[];
  manifest: TopicManifest;
  /** The topic's ranked methods, rank ascending. */
  ranking: Method[];
}

/**
 * How topics are laid out. Layout 2 added to each method's dossier the entries naming it as a newer
 * alternative of another, and its place in the topic's frontier. A topic stored in an older layout is
 * downloaded and laid out again by the next refresh (`ActiveTopic.layout`); its old pages read as if
 * they had none of what came later.
 */
export const LAYOUT_VERSION = 2;

/**
 * A method's record reads one page (rarely two), so pages stay small: in Chromium a cold read of a
 * 40 kB value took ~2.7 ms against ~1.3 ms for 10 kB, with 50k methods stored. (Over 64 kB, a value
 * is stored as a separate blob, at a cost per value.)
 */
export const DEFAULT_PAGE_BYTES = 16 * 1024;


export function layoutTopic(doc: TopicDocument, pageBytes = DEFAULT_PAGE_BYTES): TopicLayout {
  const byMethod = new Map<string, MethodDossier>();
  const dossierOf = (id: string) => {
    let dossier = byMethod.get(id);
    if (!dossier) byMethod.set(id, (dossier = { critiques: [], losses: [], wins: [], alternatives: [], alternativeTo: [], frontier: [] }));
    return dossier;
  };
  for (const method of doc.methods) dossierOf(method.id);
  const bySource = new Map<string, Critique[]>();
  // Source titles repeat across critiques; normalising one is a Unicode regex.
  const keyOfTitle = new Map<string, string>();
  for (const critique of doc.critiques) {
    dossierOf(critique.methodId).critiques.push(critique);
    let key = keyOfTitle.get(critique.sourceTitle);
    if (key === undefined) keyOfTitle.set(critique.sourceTitle, (key = titleKey(critique.sourceTitle)));
    const made = bySource.get(key);
    if (made) made.push(critique);
    else bySource.set(key, [critique]);
  }
  for (const result of doc.results) {
    dossierOf(result.loserId).losses.push(result);
    dossierOf(result.winnerId).wins.push(result);
  }
  for (const alternative of doc.alternatives) {
    dossierOf(alternative.ofMethodId).alternatives.push(alternative);
    // The other way round too: a method's record says what the KB lists it as a newer alternative to.
    if (alternative.methodId !== null) dossierOf(alternative.methodId).alternativeTo.push(alternative);
  }
  for (const entry of doc.frontier) if (entry.methodId !== null) dossierOf(entry.methodId).frontier.push({ topic: doc.topic.name, date: entry.date });

  const nameOf = new Map(doc.methods.map((method) => [method.id, method.name]));
  const pages: LaidOutPage[] = [];
  const dossiers: ManifestDossier[] = [];
  let page = new PageBuilder();
  let records = 0;
  const closePage = () => {
    if (page.dossierCount === 0) return;
    pages.push({ bytes: page.toBytes(), records });
    page = new PageBuilder();
    records = 0;
  };
  /** The named ids of other topics; those of this topic get their names on the page. */
  const foreignOf = (ids: Iterable<string>): string[] => {
    const foreign = new Set<string>();
    for (const id of ids) {
      const name = nameOf.get(id);
      if (name === undefined) foreign.add(id);
      else page.addName(id, name);
    }
    return [...foreign];
  };
  const placeMethod = (id: string) => {
    if (page.size >= pageBytes) closePage();
    const dossier = byMethod.get(id)!;
    const named: string[] = [];
    for (const result of dossier.losses) named.push(result.winnerId);
    for (const result of dossier.wins) named.push(result.loserId);
    for (const alternative of dossier.alternatives) if (alternative.methodId !== null) named.push(alternative.methodId);
    for (const alternative of dossier.alternativeTo) named.push(alternative.ofMethodId);
    const slot = page.addMethodDossier(dossier);
    dossiers.push({ kind: 'method', key: id, page: pages.length, slot, mentions: foreignOf(named) });
    records += (nameOf.has(id) ? 1 : 0) + dossier.critiques.length + dossier.losses.length + dossier.alternatives.length;
  };
  const placedSources = new Set<string>();
  const placeSource = (key: string) => {
    if (page.size >= pageBytes) closePage();
    const made = bySource.get(key)!;
    const slot = page.addSourceDossier({ made });
    dossiers.push({ kind: 'source', key, page: pages.length, slot, mentions: foreignOf(made.map((critique) => critique.methodId)) });
    placedSources.add(key);
  };

  // A method's own dossier and the one of its paper's critiques side by side: one page read.
  for (const method of doc.methods) {
    placeMethod(method.id);
    const paperKey = method.paperTitle === null ? null : titleKey(method.paperTitle);
    if (paperKey !== null && bySource.has(paperKey) && !placedSources.has(paperKey)) placeSource(paperKey);
  }
  for (const id of byMethod.keys()) if (!nameOf.has(id)) placeMethod(id);
  for (const key of bySource.keys()) if (!placedSources.has(key)) placeSource(key);
  closePage();

  const ranking = doc.methods.filter((method) => method.rank !== null).sort((a, b) => a.rank! - b.rank!);
  const topicMentions = new Set<string>();
  for (const subProblem of doc.subProblems) for (const id of subProblem.methodIds) topicMentions.add(id);
  for (const entry of doc.frontier) if (entry.methodId !== null) topicMentions.add(entry.methodId);
  return { pages, manifest: { topic: doc.topic.name, methods: doc.methods, dossiers, topicMentions: [...topicMentions] }, ranking };
}

/** Manifests are stored as bytes; dossiers as tuples, being most of their size. */
type ManifestDossierRow = [kind: 0 | 1, key: string, page: number, slot: number, mentions: string[]];

export function encodeManifest(manifest: TopicManifest): Uint8Array {
  const rows: ManifestDossierRow[] = manifest.dossiers.map((dossier) => [
    dossier.kind === 'method' ? 0 : 1,
    dossier.key,
    dossier.page,
    dossier.slot,
    dossier.mentions,
  ]);
  return new TextEncoder().encode(JSON.stringify({ ...manifest, dossiers: rows }));
}

export function decodeManifest(bytes: Uint8Array): TopicManifest {
  const raw = JSON.parse(new TextDecoder().decode(bytes)) as Omit<TopicManifest, 'dossiers'> & { dossiers: ManifestDossierRow[] };
  return {
    ...raw,
    dossiers: raw.dossiers.map(([kind, key, page, slot, mentions]) => ({
      kind: kind === 0 ? 'method' : 'source',
      key,
      page,
      slot,
      mentions,
    })),
  };
}
