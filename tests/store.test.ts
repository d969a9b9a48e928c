import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie, { liveQuery } from 'dexie';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Snapshot, TopicDocument } from '@/lib/snapshot/schema';
import { openDb, readMeta, type ActiveSnapshot, type BytesRecord, type MetaRow, type MethodLensDb } from '@/lib/store/db';
import { collectGarbage, dropGenerations } from '@/lib/store/garbage';
import {
  getMatchDictionary,
  getMethodRecord,
  getMethodsByIds,
  getSnapshotInfo,
  getTopicView,
  listTopics,
  readManifests,
  searchMethods,
} from '@/lib/store/read';
import { matchOrder } from '@/lib/match/matcher';
import { activateSnapshot, writeCatalog, writeTopicGeneration, type WriteOptions } from '@/lib/store/write';
import { importDocuments } from './helpers/import-documents';
import { AWQ_PAPER, QUIP_PAPER, sampleSnapshot } from './helpers/sample-snapshot';
import { asVersion2, asVersion3 } from './helpers/earlier-catalogs';
import { synthesizeSnapshot } from '@/lib/snapshot/synth';

const SOURCE = 'https://kb.example/snapshot/index.json';
/** Every dossier on a page of its own, every page in a transaction of its own: many chunks. */
const TINY_PAGES: WriteOptions = { pageBytes: 1, pagesPerChunk: 1 };

let db: MethodLensDb;
beforeEach(() => {
  db = openDb({ name: 'store-test', indexedDB: new IDBFactory(), IDBKeyRange });
});

/** Writes every topic of `snapshot` under new generations, flips, and drops what was replaced. */
async function importSnapshot(snapshot: Snapshot, write: WriteOptions = {}): Promise<void> {
  await dropGenerations(db, await importDocuments(db, snapshot, { source: SOURCE, write }));
}

/** Everything the readers show, to compare the store before and after. */
async function readEverything() {
  const info = await getSnapshotInfo(db);
  const ids = (await getMatchDictionary(db)).methods.map((method) => method.id).sort();
  return {
    info: { ...info, lastRefresh: null, progress: null },
    records: await Promise.all(ids.map((id) => getMethodRecord(db, id))),
    topics: await listTopics(db),
    views: await Promise.all(info.topics.map((topic) => getTopicView(db, topic.name))),
    search: await searchMethods(db, 'a', 50),
    dictionary: await getMatchDictionary(db),
  };
}

async function countRecords(): Promise<number> {
  const counts = await Promise.all(db.generationTables.map((table) => table.count()));
  return counts.reduce((sum, count) => sum + count, 0);
}

/** Generations holding records: each table's keys start with `${gen}|`. */
async function storedGenerations(): Promise<Set<string>> {
  const keys = (await Promise.all(db.generationTables.map((table) => table.toCollection().primaryKeys()))).flat();
  return new Set(keys.map((key) => key.slice(0, key.indexOf('|'))));
}

function changedQuantization(): TopicDocument {
  const doc = sampleSnapshot().topics[0]!;
  doc.methods[0]!.name = 'GPTQ v2';
  doc.results.pop();
  return doc;
}

describe('upgrading a version 1 store', () => {
  it('drops the per-record tables and the active snapshot, keeps the rest, and imports afresh', async () => {
    const indexedDB = new IDBFactory();
    const old = new Dexie('upgrade-test', { indexedDB, IDBKeyRange });
    old.version(1).stores({
      meta: 'key',
      topics: 'key',
      methods: 'key, id, *names, *lowerNames',
      critiques: 'key, methodId, sourceKey',
      results: 'key, loserId, winnerId',
      alternatives: 'key, ofMethodId',
    });
    await old.table('meta').bulkPut([
      { key: 'active', value: { snapshotKey: 'old', source: SOURCE, topics: {} } },
      { key: 'pending:abc', value: { startedAt: '2025-01-01T00:00:00Z', updatedAt: '2025-01-01T00:00:00Z' } },
      { key: 'lastRefresh', value: { at: '2025-01-01T00:00:00Z', ok: true, outcome: 'updated', topicsChanged: 1, methods: 1 } },
    ]);
    await old.table('topics').put({ key: 'abc|LLM quantization', gen: 'abc' });
    await old.table('methods').put({ key: 'abc|gptq', gen: 'abc', id: 'gptq', names: ['GPTQ'], lowerNames: ['gptq'] });
    old.close();

    db = openDb({ name: 'upgrade-test', indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(4);
    expect(db.tables.map((table) => table.name).sort()).toEqual(['catalog', 'manifests', 'meta', 'pages', 'topics']);
    expect(await readMeta(db, 'active')).toBeUndefined();
    expect(await db.meta.where(':id').startsWith('pending:').count()).toBe(0);
    expect((await readMeta(db, 'lastRefresh'))?.methods).toBe(1);
    expect(await db.topics.count()).toBe(0);
    expect((await getSnapshotInfo(db)).totals.methods).toBe(0);

    await importSnapshot(sampleSnapshot());
    expect((await getMethodRecord(db, 'GPTQ'))?.method.id).toBe('gptq');
  });
});

/**
 * A copy of this store in a new IndexedDB, at an earlier store `version` (2 or 3), its catalog's records and
 * the active snapshot's row as `catalog` and `active` make them.
 */
async function copiedAsVersion(version: 2 | 3, catalog: (record: BytesRecord) => BytesRecord | null, active: (active: ActiveSnapshot) => unknown): Promise<IDBFactory> {
  const meta = (row: MetaRow) => (row.key === 'active' ? { ...row, value: active(row.value as ActiveSnapshot) } : row);
  const tables = Object.fromEntries(
    await Promise.all(['meta', 'topics', 'manifests', 'pages', 'catalog'].map(async (name) => [name, await db.table(name).toArray()] as const)),
  );
  const indexedDB = new IDBFactory();
  const old = new Dexie('upgrade-test', { indexedDB, IDBKeyRange });
  old.version(1).stores({ meta: 'key', topics: 'key', methods: 'key, id, *names, *lowerNames', critiques: 'key, methodId, sourceKey', results: 'key, loserId, winnerId', alternatives: 'key, ofMethodId' });
  old.version(2).stores({ topics: 'key', manifests: 'key', pages: 'key', catalog: 'key', methods: null, critiques: null, results: null, alternatives: null });
  if (version === 3) old.version(3);
  for (const [name, records] of Object.entries(tables)) {
    await old.table(name).bulkAdd(name === 'catalog' ? records.flatMap((record: BytesRecord) => catalog(record) ?? []) : name === 'meta' ? records.map(meta) : records);
  }
  old.close();
  return indexedDB;
}

describe('upgrading a version 2 store', () => {
  const withoutCatalogFormat = ({ catalog: { format: _, ...catalog }, ...active }: ActiveSnapshot) => ({ ...active, catalog });

  it('rebuilds the active catalog from the manifests: every reader answers as before, nothing is imported again', async () => {
    await importSnapshot(sampleSnapshot(), { pageBytes: 200 });
    const before = await readEverything();
    const oldActive = (await readMeta(db, 'active'))!;
    expect((await db.catalog.toArray()).filter((record) => record.key.includes('|n|')).length).toBeGreaterThan(0);
    // As version 2 wrote them: its catalog's records, and an active catalog without a format.
    const indexedDB = await copiedAsVersion(2, asVersion2, withoutCatalogFormat);

    db = openDb({ name: 'upgrade-test', indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(4);
    const active = (await readMeta(db, 'active'))!;
    expect(active.topics).toEqual(oldActive.topics);
    expect(active.catalog.gen).not.toBe(oldActive.catalog.gen);
    expect(active.snapshotKey).not.toBe(oldActive.snapshotKey);
    const withoutKeys = <T extends { info: { snapshotKey: string | null }; dictionary: { snapshotKey: string } }>(all: T) => ({
      ...all,
      info: { ...all.info, snapshotKey: null },
      dictionary: { ...all.dictionary, snapshotKey: '' },
    });
    expect(withoutKeys(await readEverything())).toEqual(withoutKeys(before));
    expect((await getMethodRecord(db, 'QuIP#'))?.method.id).toBe('quip-sharp');
    expect((await getMethodRecord(db, 'gptq'))?.familyId).toBe('gptq');
    // The version 2 catalog is garbage now; the topics' records are not.
    expect(await collectGarbage(db)).toEqual([oldActive.catalog.gen]);
    expect(withoutKeys(await readEverything())).toEqual(withoutKeys(before));
  });

  it('leaves an incomplete snapshot to be imported afresh', async () => {
    const indexedDB = new IDBFactory();
    const old = new Dexie('upgrade-test', { indexedDB, IDBKeyRange });
    old.version(2).stores({ meta: 'key', topics: 'key', manifests: 'key', pages: 'key', catalog: 'key' });
    await old.table('meta').put({ key: 'active', value: { snapshotKey: 'old', catalog: { gen: 'c', buckets: 1 }, source: SOURCE, generatedAt: '2026-01-01', indexValidators: {}, topics: { T: { topic: 'T', gen: 'missing' } } } });
    old.close();
    db = openDb({ name: 'upgrade-test', indexedDB, IDBKeyRange });
    await db.open();
    expect(await readMeta(db, 'active')).toBeUndefined();
  });

  it('leaves a snapshot whose manifest cannot be read to be imported afresh, rather than fail every open of the store', async () => {
    const indexedDB = new IDBFactory();
    const old = new Dexie('upgrade-test', { indexedDB, IDBKeyRange });
    old.version(2).stores({ meta: 'key', topics: 'key', manifests: 'key', pages: 'key', catalog: 'key' });
    await old.table('meta').put({ key: 'active', value: { snapshotKey: 'old', catalog: { gen: 'c', buckets: 1 }, source: SOURCE, generatedAt: '2026-01-01', indexValidators: {}, topics: { T: { topic: 'T', gen: 'cut' } } } });
    await old.table('meta').put({ key: 'lastRefresh', value: { at: '2026-01-01T00:00:00Z', ok: true, outcome: 'updated', topicsChanged: 1, methods: 1 } });
    // Bytes cut short: an upgrade that throws on them is aborted, and so is every open after it.
    await old.table('manifests').put({ key: 'cut|manifest', gen: 'cut', bytes: new TextEncoder().encode('{"topic":"T","meth') });
    old.close();
    db = openDb({ name: 'upgrade-test', indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(4);
    expect(await readMeta(db, 'active')).toBeUndefined();
    expect((await readMeta(db, 'lastRefresh'))?.methods).toBe(1);
  });
});

describe('upgrading a version 3 store', () => {
  it('rebuilds the active catalog with its word runs: search finds a method by a word inside its names, nothing is imported again', async () => {
    await importSnapshot(sampleSnapshot(), { pageBytes: 200 });
    const oldActive = (await readMeta(db, 'active'))!;
    // As version 3 wrote them: name runs and no word runs, in catalog format 2.
    const asFormat2 = (active: ActiveSnapshot) => ({ ...active, catalog: { ...active.catalog, format: 2 } });
    const indexedDB = await copiedAsVersion(3, asVersion3, asFormat2);
    const old = await new Dexie('upgrade-test', { indexedDB, IDBKeyRange }).open();
    const catalog = await old.table<BytesRecord>('catalog').toArray();
    expect(catalog.filter((record) => record.key.includes('|n|')).length).toBeGreaterThan(0);
    expect(catalog.filter((record) => record.key.includes('|w|'))).toEqual([]);
    old.close();

    db = openDb({ name: 'upgrade-test', indexedDB, IDBKeyRange });
    await db.open();
    expect(db.verno).toBe(4);
    const active = (await readMeta(db, 'active'))!;
    expect(active.topics).toEqual(oldActive.topics);
    expect(active.catalog.format).toBe(3);
    expect(active.catalog.gen).not.toBe(oldActive.catalog.gen);
    expect((await searchMethods(db, 'decay')).map((match) => match.matched)).toEqual(['Decoupled weight decay']);
    expect((await getMethodRecord(db, 'QuIP#'))?.method.id).toBe('quip-sharp');
    expect(await collectGarbage(db)).toEqual([oldActive.catalog.gen]);
  });
});

describe('readers on an empty store', () => {
  it('answer nothing rather than fail', async () => {
    expect(await getMethodRecord(db, 'gptq')).toBeNull();
    expect(await searchMethods(db, 'g')).toEqual([]);
    expect(await getTopicView(db, 'LLM quantization')).toBeNull();
    expect(await listTopics(db)).toEqual([]);
    expect(await getMethodsByIds(db, ['gptq'])).toEqual([]);
    expect(await getMatchDictionary(db)).toEqual({ snapshotKey: '', names: [], methodIndex: [], methods: [] });
    expect(await getSnapshotInfo(db)).toMatchObject({ source: null, topics: [], totals: { methods: 0, critiques: 0, results: 0 } });
  });
});

describe('readers on an imported snapshot', () => {
  beforeEach(() => importSnapshot(sampleSnapshot(), { pageBytes: 200, pagesPerChunk: 2 }));

  it('getMethodRecord by id gathers critiques, losses with winner names, newer alternatives', async () => {
    const record = await getMethodRecord(db, 'gptq');
    expect(record?.method).toMatchObject({ id: 'gptq', name: 'GPTQ', aliases: ['OPTQ'], status: 'heavily superseded' });
    expect(record?.method).not.toHaveProperty('gen');
    expect(record?.critiques.map((critique) => critique.quote)).toEqual([
      'GPTQ overfits its calibration set.',
      'GPTQ collapses at 2 bits.',
    ]);
    expect(record?.losses.map((loss) => [loss.winnerId, loss.winnerName, loss.winnerLabel])).toEqual([
      ['awq', 'AWQ', null],
      ['quip-sharp', 'QuIP#', 'QuIP# (no fine-tuning)'],
    ]);
    expect(record?.wins).toEqual([]);
    expect(record?.newerAlternatives).toEqual([
      { methodId: 'awq', name: 'AWQ', date: '2023-06-01' },
      { methodId: 'quip-sharp', name: 'QuIP#', date: '2024-02-06' },
      { methodId: null, name: null, date: '2024-05-01' },
    ]);
    expect(record?.critiquesMade).toEqual([]);
    expect(record?.snapshotDate).toBe('2025-05-02T10:00:00Z');
    expect(record?.topicUpdated).toBe('2025-05-01');
  });

  it('getMethodRecord by exact name or alias finds wins and the critiques its paper makes', async () => {
    const byName = await getMethodRecord(db, 'QuIP#');
    expect(byName?.method.id).toBe('quip-sharp');
    expect(byName?.wins.map((win) => [win.loserId, win.loserName])).toEqual([
      ['gptq', 'GPTQ'],
      ['awq', 'AWQ'],
    ]);
    // Matched on the paper title regardless of case.
    expect(byName?.critiquesMade.map((critique) => [critique.methodName, critique.sourceTitle])).toEqual([
      ['AWQ', QUIP_PAPER],
      ['GPTQ', QUIP_PAPER.toLowerCase().replace('llm', 'LLM')],
    ]);
    expect((await getMethodRecord(db, 'Activation-aware Weight Quantization'))?.critiquesMade).toEqual([
      { methodId: 'gptq', methodName: 'GPTQ', quote: 'GPTQ overfits its calibration set.', sourceTitle: AWQ_PAPER },
    ]);
    expect((await getMethodRecord(db, 'OPTQ'))?.method.id).toBe('gptq');
    // In another case when no other method has that name: `popup.html?method=optq` still finds it.
    expect((await getMethodRecord(db, 'optq'))?.method.id).toBe('gptq');
    expect((await getMethodRecord(db, 'quip#'))?.method.id).toBe('quip-sharp');
    expect(await getMethodRecord(db, 'no such method')).toBeNull();
  });

  it('getMethodRecord and getTopicView take a name typed into the popup’s URL with stray spaces, a topic in any case', async () => {
    // `popup.html?method=+QuIP%23+` and `?topic=llm%20quantization`, as a reader may type or paste them.
    expect((await getMethodRecord(db, ' QuIP# '))?.method.id).toBe('quip-sharp');
    expect((await getMethodRecord(db, 'awq '))?.method.id).toBe('awq');
    expect((await getMethodRecord(db, '\tactivation-aware  weight quantization\n'))?.method.id).toBe('awq');
    expect((await getTopicView(db, 'llm quantization'))?.topic.name).toBe('LLM quantization');
    expect((await getTopicView(db, ' LLM  Quantization '))?.topic.name).toBe('LLM quantization');
    expect(await getTopicView(db, 'LLM')).toBeNull();
  });

  it('getTopicView in another case finds a topic only when no other topic has that name in any case', async () => {
    const snapshot = sampleSnapshot();
    const empty = { methods: [], critiques: [], results: [], alternatives: [], subProblems: [], frontier: [] };
    snapshot.topics.push({ ...snapshot.topics[1]!, ...empty, topic: { ...snapshot.topics[1]!.topic, name: 'OPTIMIZERS' } });
    await importSnapshot(snapshot);
    expect((await getTopicView(db, 'Optimizers'))?.topic.name).toBe('Optimizers');
    expect((await getTopicView(db, 'OPTIMIZERS'))?.topic.name).toBe('OPTIMIZERS');
    expect(await getTopicView(db, 'optimizers')).toBeNull();
  });

  it('getMethodRecord resolves a family or sub-problem to the method it names, and to null when it names none', async () => {
    const gptq = await getMethodRecord(db, 'gptq');
    expect([gptq?.familyId, gptq?.subProblemId]).toEqual(['gptq', null]); // "Weight-only quantization" is no method's name
    const awq = await getMethodRecord(db, 'awq');
    expect([awq?.method.family, awq?.familyId, awq?.subProblemId]).toEqual([null, null, null]);
  });

  it('searchMethods matches names and aliases by prefix in any case, exact names first, then shorter', async () => {
    const ids = async (prefix: string, limit?: number) => (await searchMethods(db, prefix, limit)).map((match) => match.id);
    expect(await ids('ADAM')).toEqual(['adam', 'adamw']);
    expect(await ids('a')).toEqual(['awq', 'adam', 'adamw']);
    expect(await ids('a', 2)).toEqual(['awq', 'adam']);
    // Not "ADAM optimizer", whose inner word starts so: OPTQ does.
    expect(await ids('  opt')).toEqual(['gptq']);
    expect(await ids('zzz')).toEqual([]);
    expect(await ids('')).toEqual([]);
    expect(await searchMethods(db, 'adam o')).toEqual([
      { id: 'adam', name: 'Adam', aliases: ['ADAM optimizer'], topic: 'Optimizers', status: 'heavily superseded', matched: 'ADAM optimizer' },
    ]);
  });

  it('searchMethods finds a label by a word inside it when none starts with the prefix, shorter first; a lookup by name does not', async () => {
    const matched = async (prefix: string) =>
      (await searchMethods(db, prefix)).map((match) => `${match.id} as ${match.matched}${match.byWord ? ', by a word' : ''}`);
    expect(await matched('weight')).toEqual(['adamw as Decoupled weight decay, by a word', 'awq as Activation-aware Weight Quantization, by a word']);
    expect(await matched('WEIGHT Q')).toEqual(['awq as Activation-aware Weight Quantization, by a word']);
    expect(await matched('aware')).toEqual(['awq as Activation-aware Weight Quantization, by a word']);
    expect(await matched('decay')).toEqual(['adamw as Decoupled weight decay, by a word']);
    // Not inside a word: "ptq" is no word of GPTQ's.
    expect(await matched('ptq')).toEqual([]);
    expect(await getMethodRecord(db, 'weight decay')).toBeNull();
    expect(await getMethodRecord(db, 'optimizer')).toBeNull();
  });

  it('searchMethods lists only the labels that start with the prefix while any does, however short an inner word', async () => {
    const snapshot = sampleSnapshot();
    snapshot.topics[0]!.methods.find((method) => method.id === 'gptq')!.aliases.push('Lattice-Q');
    await importSnapshot(snapshot);
    const matched = async (prefix: string, limit?: number) =>
      (await searchMethods(db, prefix, limit)).map((match) => `${match.id} as ${match.matched}${match.byWord ? ', by a word' : ''}`);
    expect(await matched('q')).toEqual(['quip-sharp as QuIP#']);
    expect(await matched('lattice')).toEqual(['gptq as Lattice-Q']);
    expect(await matched('q-')).toEqual([]);
    expect(await matched('quantization', 1)).toEqual(['awq as Activation-aware Weight Quantization, by a word']);
    expect((await getMethodRecord(db, 'Lattice-Q'))?.method.id).toBe('gptq');
    expect(await getMethodRecord(db, 'q')).toBeNull();
  });

  it('searchMethods by a word many labels share reads a bounded stretch of them, and answers', async () => {
    const snapshot = sampleSnapshot();
    const quantization = snapshot.topics[0]!;
    const template = quantization.methods[0]!;
    // 1,500 methods named "Method N Shared": more keys from "shared" on than 6 word runs hold.
    quantization.methods.push(
      ...Array.from({ length: 1_500 }, (_, i) => ({ ...template, id: `method-${i}`, name: `Method ${i} Shared`, aliases: [], family: null, subProblem: null, paperTitle: null })),
    );
    await importSnapshot(snapshot);
    const bulkGet = vi.spyOn(db.catalog, 'bulkGet');
    const matches = await searchMethods(db, 'shared', 20);
    const wordRunsRead = bulkGet.mock.calls.flatMap(([keys]) => keys as string[]).filter((key) => key.includes('|w|'));
    bulkGet.mockRestore();
    expect(matches).toHaveLength(20);
    expect(matches.every((match) => match.byWord && match.name.endsWith(' Shared'))).toBe(true);
    expect(wordRunsRead.length).toBeGreaterThan(0);
    expect(wordRunsRead.length).toBeLessThanOrEqual(6);
  });

  it('searchMethods finds a name typed in full-width letters or other compatibility forms, as typed plainly', async () => {
    const ids = async (prefix: string) => (await searchMethods(db, prefix)).map((match) => match.id);
    expect(await ids('ＡＤＡＭ')).toEqual(['adam', 'adamw']);
    expect(await ids('\u3000ｑｕｉｐ＃')).toEqual(['quip-sharp']);
    expect(await ids('Ａｄａｍ ｏ')).toEqual(['adam']);
    // And so does a record asked for by such a name (`popup.html?method=ＡＷＱ`), or a topic.
    expect((await getMethodRecord(db, 'ＡＷＱ'))?.method.id).toBe('awq');
    expect((await getTopicView(db, 'ＬＬＭ quantization'))?.topic.name).toBe('LLM quantization');
  });

  it('searchMethods finds a name typed with more than one space, or a tab or line break, between its words', async () => {
    const ids = async (prefix: string) => (await searchMethods(db, prefix)).map((match) => match.id);
    // As getMethodRecord takes it: a slip of the space bar, or a name pasted from a PDF's broken line.
    expect(await ids('activation-aware  weight')).toEqual(['awq']);
    expect(await ids('Activation-aware\nWeight Quantization')).toEqual(['awq']);
    expect(await ids('adam \t o')).toEqual(['adam']);
  });

  it('searchMethods finds a name pasted with invisible characters in or after it', async () => {
    const ids = async (prefix: string) => (await searchMethods(db, prefix)).map((match) => match.id);
    // Copied from a PDF or a web page: a zero-width space, joiners, a word joiner, a byte order mark, a soft hyphen.
    expect(await ids('GPT\u200bQ')).toEqual(['gptq']);
    expect(await ids('GPTQ\u200b')).toEqual(['gptq']);
    expect(await ids('\ufeffG\u200cP\u200dT\u2060Q')).toEqual(['gptq']);
    expect(await ids('Qu\u00adIP#')).toEqual(['quip-sharp']);
    expect(await ids('activation-aware\u200b weight')).toEqual(['awq']);
    // And so does a record asked for by such a name, or a topic.
    expect((await getMethodRecord(db, 'AW\u200bQ'))?.method.id).toBe('awq');
    expect((await getTopicView(db, 'LLM quanti\u00adzation'))?.topic.name).toBe('LLM quantization');
  });

  it('getTopicView ranks methods and names sub-problem and frontier methods, across topics too', async () => {
    const view = await getTopicView(db, 'LLM quantization');
    expect(view?.topic.papers).toBe(42);
    expect(view?.counts).toEqual({ methods: 4, critiques: 3, results: 3, alternatives: 3 });
    expect(view?.ranking.map((method) => [method.rank, method.id])).toEqual([
      [1, 'gptq'],
      [2, 'awq'],
      [3, 'smoothquant'],
    ]);
    expect(view?.subProblems).toEqual([
      {
        name: 'Weight-only quantization',
        methodCount: 3,
        methods: [
          { id: 'gptq', name: 'GPTQ' },
          { id: 'awq', name: 'AWQ' },
          { id: 'quip-sharp', name: 'QuIP#' },
        ],
      },
      { name: 'Weight-activation quantization', methodCount: 1, methods: [{ id: 'smoothquant', name: 'SmoothQuant' }] },
    ]);
    expect(view?.frontier).toEqual([
      { methodId: 'quip-sharp', name: 'QuIP#', date: '2024-02-06' },
      { methodId: null, name: null, date: '2024-09-01' },
    ]);
    expect((await getTopicView(db, 'Optimizers'))?.frontier).toEqual([{ methodId: 'quip-sharp', name: 'QuIP#', date: '2024-02-06' }]);
    expect(await getTopicView(db, 'Nope')).toBeNull();
  });

  it('listTopics and getSnapshotInfo summarise the snapshot', async () => {
    expect((await listTopics(db)).map((topic) => [topic.name, topic.updated, topic.counts.methods])).toEqual([
      ['LLM quantization', '2025-05-01', 4],
      ['Optimizers', '2025-04-20', 2],
    ]);
    expect(await getSnapshotInfo(db)).toMatchObject({
      source: SOURCE,
      generatedAt: '2025-05-02T10:00:00Z',
      topics: [
        { name: 'LLM quantization', updated: '2025-05-01', methods: 4 },
        { name: 'Optimizers', updated: '2025-04-20', methods: 2 },
      ],
      totals: { methods: 6, critiques: 4, results: 4 },
      lastRefresh: null,
      lastError: null,
      progress: null,
    });
  });

  // A topic's record holds its ranking, sub-problems and frontier: reading 2,000 of them to list the topics' names
  // kept the Topic tab blank for 0.4 s more than the snapshot view, which lists the same from `meta.active`.
  it('listTopics lists the topics from the active snapshot alone, reading no topic’s record', async () => {
    const reads = [vi.spyOn(db.topics, 'get'), vi.spyOn(db.topics, 'bulkGet'), vi.spyOn(db.topics, 'toArray')];
    expect((await listTopics(db)).map((topic) => topic.name)).toEqual(['LLM quantization', 'Optimizers']);
    for (const read of reads) expect(read).not.toHaveBeenCalled();
  });

  it('getMatchDictionary maps every name and alias to its method, keyed by the active snapshot', async () => {
    const dictionary = await getMatchDictionary(db);
    const owner = (name: string) => dictionary.methods[dictionary.methodIndex[dictionary.names.indexOf(name)]!];
    expect(dictionary.names).toHaveLength(10);
    expect(owner('OPTQ')).toEqual({ id: 'gptq', status: 'heavily superseded' });
    expect(owner('Decoupled weight decay')).toEqual({ id: 'adamw', status: 'frontier' });
    // In the matcher's order, so that no page's matcher has to sort it.
    expect(matchOrder(dictionary.names)).toEqual(dictionary.names.map((_, i) => i));
    expect((await getMatchDictionary(db)).snapshotKey).toBe(dictionary.snapshotKey);

    await importSnapshot({ ...sampleSnapshot(), topics: [changedQuantization(), sampleSnapshot().topics[1]!] });
    expect((await getMatchDictionary(db)).snapshotKey).not.toBe(dictionary.snapshotKey);
  });

  it('getMethodsByIds returns the known methods once each, in the order asked', async () => {
    const methods = await getMethodsByIds(db, ['adamw', 'nope', 'gptq', 'adamw']);
    expect(methods.map((method) => method.id)).toEqual(['adamw', 'gptq']);
  });

  it('re-importing replaces the data and leaves no old records behind', async () => {
    const before = await readEverything();
    const oldGenerations = await storedGenerations();
    expect(oldGenerations.size).toBe(3); // two topics and the catalog
    await importSnapshot(sampleSnapshot());
    const generations = await storedGenerations();
    expect(generations.size).toBe(3);
    expect([...generations].filter((gen) => oldGenerations.has(gen))).toEqual([]);
    expect({ ...(await readEverything()), dictionary: null, info: null }).toEqual({ ...before, dictionary: null, info: null });
    expect((await getSnapshotInfo(db)).totals.methods).toBe(6);
  });
});

describe('facts across topics', () => {
  it("a method's record gathers what other topics say about it, and follows their updates", async () => {
    const snapshot = sampleSnapshot();
    const optimizers = snapshot.topics[1]!;
    optimizers.results.push({ ...optimizers.results[0]!, winnerId: 'quip-sharp', loserId: 'adam', sourceTitle: QUIP_PAPER });
    optimizers.critiques.push({ methodId: 'adam', quote: 'Adam needs its learning rate tuned.', sourceTitle: QUIP_PAPER });
    await importSnapshot(snapshot);

    const quip = (await getMethodRecord(db, 'quip-sharp'))!;
    expect(quip.wins.map((win) => [win.loserId, win.loserName])).toEqual([
      ['gptq', 'GPTQ'],
      ['awq', 'AWQ'],
      ['adam', 'Adam'],
    ]);
    expect(quip.critiquesMade.map((critique) => [critique.methodName, critique.quote])).toContainEqual(['Adam', 'Adam needs its learning rate tuned.']);
    expect((await getMethodRecord(db, 'adam'))!.losses.map((loss) => [loss.winnerId, loss.winnerName])).toEqual([
      ['adamw', 'AdamW'],
      ['quip-sharp', 'QuIP#'],
    ]);

    // The other topic changes alone: the record follows.
    await importSnapshot(sampleSnapshot());
    const after = (await getMethodRecord(db, 'quip-sharp'))!;
    expect(after.wins.map((win) => win.loserId)).toEqual(['gptq', 'awq']);
    expect(after.critiquesMade.map((critique) => critique.methodName)).toEqual(['AWQ', 'GPTQ']);
  });

  it("a method's record says where the KB's lists name it, in every topic, with the names of other topics' methods", async () => {
    const snapshot = sampleSnapshot();
    // Optimizers lists QuIP# (of LLM quantization) as a newer alternative to Adam, and AdamW as one to GPTQ
    // (of LLM quantization too); both frontiers list QuIP#.
    snapshot.topics[1]!.alternatives.push({ ofMethodId: 'adam', methodId: 'quip-sharp', date: '2024-02-06' });
    snapshot.topics[1]!.alternatives.push({ ofMethodId: 'gptq', methodId: 'adamw', date: '2017-11-14' });
    await importSnapshot(snapshot);
    // GPTQ's name comes from the catalog: Optimizers' pages hold only its own methods' names.
    expect((await getMethodRecord(db, 'adamw'))!.alternativeTo).toEqual(
      expect.arrayContaining([
        { methodId: 'adam', name: 'Adam', date: '2017-11-14' },
        { methodId: 'gptq', name: 'GPTQ', date: '2017-11-14' },
      ]),
    );
    const quip = (await getMethodRecord(db, 'quip-sharp'))!;
    expect(quip.frontier).toEqual(
      expect.arrayContaining([
        { topic: 'LLM quantization', date: '2024-02-06' },
        { topic: 'Optimizers', date: '2024-02-06' },
      ]),
    );
    expect(quip.frontier).toHaveLength(2);
    expect(quip.alternativeTo).toEqual(
      expect.arrayContaining([
        { methodId: 'gptq', name: 'GPTQ', date: '2024-02-06' },
        { methodId: 'adam', name: 'Adam', date: '2024-02-06' },
      ]),
    );
    expect(quip.alternativeTo).toHaveLength(2);
  });

  it('names of methods in other topics follow a rename there', async () => {
    await importSnapshot(sampleSnapshot());
    const renamed = sampleSnapshot();
    renamed.topics[0]!.methods.find((method) => method.id === 'quip-sharp')!.name = 'QuIP-Sharp';
    await importSnapshot(renamed);
    expect((await getTopicView(db, 'Optimizers'))?.frontier).toEqual([{ methodId: 'quip-sharp', name: 'QuIP-Sharp', date: '2024-02-06' }]);
    expect((await getMethodRecord(db, 'gptq'))?.losses.map((loss) => loss.winnerName)).toEqual(['AWQ', 'QuIP-Sharp']);
  });
});

describe('atomic replacement', () => {
  beforeEach(() => importSnapshot(sampleSnapshot()));

  it('readers see the complete old snapshot between write chunks, and the new one after the flip', async () => {
    const before = await readEverything();
    const recordsBefore = await countRecords();
    let chunks = 0;
    const { gen, counts, manifest } = await writeTopicGeneration(db, changedQuantization(), {
      ...TINY_PAGES,
      onChunk: async () => {
        chunks++;
        expect(await readEverything()).toEqual(before);
      },
    });
    // A page per dossier: the four methods, the three papers critiquing one, and nothing else.
    expect(chunks).toBe(manifest.dossiers.length);
    expect(chunks).toBeGreaterThanOrEqual(4);

    const active = (await readMeta(db, 'active'))!;
    const optimizers = active.topics['Optimizers']!;
    const [optimizersManifest] = await readManifests(db, [optimizers.gen]);
    const catalog = await writeCatalog(db, [
      { gen, manifest },
      { gen: optimizers.gen, manifest: optimizersManifest! },
    ]);
    expect(await readEverything()).toEqual(before);
    const replaced = await activateSnapshot(db, {
      source: SOURCE,
      generatedAt: '2025-06-01T00:00:00Z',
      indexValidators: active.indexValidators,
      topics: [{ ...active.topics['LLM quantization']!, gen, counts, sha256: 'f'.repeat(64) }, optimizers],
      catalog,
    });
    expect(replaced.sort()).toEqual([active.topics['LLM quantization']!.gen, active.catalog.gen].sort());
    // Old records still exist until dropped, yet readers only see the new snapshot.
    expect((await getMethodRecord(db, 'gptq'))?.method.name).toBe('GPTQ v2');
    expect((await getMethodRecord(db, 'gptq'))?.losses).toHaveLength(2);
    expect(await searchMethods(db, 'gptq')).toHaveLength(1);
    expect(await countRecords()).toBeGreaterThan(recordsBefore);

    await dropGenerations(db, replaced, { chunkSize: 2 });
    expect([...(await storedGenerations())].sort()).toEqual([gen, optimizers.gen, catalog.gen].sort());
  });

  it('drops many small generations a few to a transaction, not one transaction per generation and table', async () => {
    await importSnapshot(synthesizeSnapshot({ methods: 60, methodsPerTopic: 2 }));
    const replaced = await importDocuments(db, synthesizeSnapshot({ methods: 60, methodsPerTopic: 2, seed: 2 }), { source: SOURCE });
    // The 30 topics and the catalog of the first import.
    expect(replaced).toHaveLength(31);
    const kept = await storedGenerations();
    for (const gen of replaced) kept.delete(gen);
    const replacedPages = await db.pages.filter((page) => replaced.includes(page.gen)).count();
    await db.open();
    const storePrototype = Object.getPrototypeOf(db.backendDB().transaction('meta', 'readonly').objectStore('meta')) as IDBObjectStore;
    const deleting = new Map<string, Set<IDBTransaction>>();
    const { delete: remove } = storePrototype;
    const spy = vi.spyOn(storePrototype, 'delete').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['delete']>) {
      deleting.set(this.name, (deleting.get(this.name) ?? new Set()).add(this.transaction));
      return remove.apply(this, args);
    });
    try {
      await dropGenerations(db, replaced, { chunkSize: 20 });
    } finally {
      spy.mockRestore();
    }
    expect(await storedGenerations()).toEqual(kept);
    // 30 records in `topics` and in `manifests` (20 to a transaction), one page or more per topic.
    expect(deleting.get('topics')?.size).toBe(2);
    expect(deleting.get('manifests')?.size).toBe(2);
    expect(deleting.get('pages')?.size).toBe(Math.ceil(replacedPages / 20));
  });

  it('a refresh stopped mid-write leaves the old snapshot intact, and garbage collection removes its records', async () => {
    const before = await readEverything();
    const recordsBefore = await countRecords();
    let chunks = 0;
    let stopped!: () => void;
    const workerStopped = new Promise<void>((resolve) => (stopped = resolve));
    // The worker dies after its third chunk: execution simply never continues.
    void writeTopicGeneration(db, changedQuantization(), {
      ...TINY_PAGES,
      onChunk: () => {
        if (++chunks < 3) return;
        stopped();
        return new Promise<never>(() => {});
      },
    });
    await workerStopped;
    expect(await countRecords()).toBe(recordsBefore + 3);
    expect(await readEverything()).toEqual(before);

    // A generation whose writer showed life recently might still be written: left alone.
    expect(await collectGarbage(db)).toEqual([]);
    expect(await countRecords()).toBe(recordsBefore + 3);

    const later = new Date(Date.now() + 6 * 60_000);
    expect(await collectGarbage(db, { now: () => later, chunkSize: 1 })).toHaveLength(1);
    expect(await countRecords()).toBe(recordsBefore);
    expect(await readEverything()).toEqual(before);
    expect(await db.meta.where(':id').startsWith('pending:').count()).toBe(0);
  });

  it('garbage collection drops replaced generations that were never deleted, and nothing active', async () => {
    const active = (await readMeta(db, 'active'))!;
    const optimizers = active.topics['Optimizers']!;
    const { gen, counts, manifest } = await writeTopicGeneration(db, changedQuantization());
    const catalog = await writeCatalog(db, [{ gen, manifest }, { gen: optimizers.gen, manifest: (await readManifests(db, [optimizers.gen]))[0]! }]);
    await activateSnapshot(db, {
      ...active,
      topics: [{ ...active.topics['LLM quantization']!, gen, counts }, optimizers],
      catalog,
    });
    const after = await readEverything();
    expect((await collectGarbage(db)).sort()).toEqual([active.topics['LLM quantization']!.gen, active.catalog.gen].sort());
    expect([...(await storedGenerations())].sort()).toEqual([gen, optimizers.gen, catalog.gen].sort());
    expect(await readEverything()).toEqual(after);
  });

  it('a write that stalled so long that its generation was collected stops with a clear error, leaving nothing', async () => {
    const before = await readEverything();
    const recordsBefore = await countRecords();
    let clock = Date.now();
    let chunks = 0;
    const writing = writeTopicGeneration(db, changedQuantization(), {
      ...TINY_PAGES,
      now: () => new Date((clock += 31_000)),
      onChunk: async () => {
        // The worker was busy for minutes: meanwhile a clean-up gave the generation up for dead.
        if (++chunks === 1) await collectGarbage(db, { now: () => new Date(clock + 6 * 60_000) });
      },
    });
    await expect(writing).rejects.toThrow(/discarded as abandoned/);
    expect(await countRecords()).toBe(recordsBefore);
    expect(await readEverything()).toEqual(before);
  });

  it('a generation collected as abandoned can no longer be activated', async () => {
    const active = (await readMeta(db, 'active'))!;
    const { gen, counts, manifest } = await writeTopicGeneration(db, changedQuantization());
    const catalog = await writeCatalog(db, [{ gen, manifest }]);
    await collectGarbage(db, { now: () => new Date(Date.now() + 6 * 60_000) });
    const flip = activateSnapshot(db, { ...active, topics: [{ ...active.topics['LLM quantization']!, gen, counts }], catalog });
    await expect(flip).rejects.toThrow(/changed by another refresh or a clean-up/);
    expect((await getMethodRecord(db, 'gptq'))?.method.name).toBe('GPTQ');
  });

  it('the flip refuses to keep a topic whose generation another refresh replaced meanwhile', async () => {
    const seen = (await readMeta(db, 'active'))!;
    await importSnapshot(sampleSnapshot());
    const { gen, counts, manifest } = await writeTopicGeneration(db, changedQuantization());
    const catalog = await writeCatalog(db, [{ gen, manifest }]);
    const flip = activateSnapshot(db, {
      ...seen,
      topics: [{ ...seen.topics['LLM quantization']!, gen, counts }, seen.topics['Optimizers']!],
      catalog,
    });
    await expect(flip).rejects.toThrow(/changed by another refresh or a clean-up/);
  });

  it('live queries over the readers update when the snapshot flips', async () => {
    // liveQuery stays idle unless a global IndexedDB exists, as it does in the browser.
    Dexie.dependencies.indexedDB ??= new IDBFactory();
    const seen: (string | null)[] = [];
    const subscription = liveQuery(() => getSnapshotInfo(db)).subscribe((info) => seen.push(info.generatedAt));
    await expect.poll(() => seen).toEqual(['2025-05-02T10:00:00Z']);
    await importSnapshot({ ...sampleSnapshot(), generatedAt: '2025-07-01T00:00:00Z' });
    await expect.poll(() => seen.at(-1)).toBe('2025-07-01T00:00:00Z');
    subscription.unsubscribe();
  });
});
