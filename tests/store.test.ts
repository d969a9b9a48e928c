import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie, { liveQuery } from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import type { Snapshot, TopicDocument } from '@/lib/snapshot/schema';
import { openDb, readMeta, type ActiveTopic, type MethodLensDb } from '@/lib/store/db';
import { collectGarbage, dropGenerations } from '@/lib/store/garbage';
import {
  getMatchDictionary,
  getMethodRecord,
  getMethodsByIds,
  getSnapshotInfo,
  getTopicView,
  listTopics,
  searchMethods,
} from '@/lib/store/read';
import { activateSnapshot, writeTopicGeneration, type WriteOptions } from '@/lib/store/write';
import { AWQ_PAPER, QUIP_PAPER, sampleSnapshot } from './helpers/sample-snapshot';

const SOURCE = 'https://kb.example/snapshot/index.json';
const NO_VALIDATORS = { etag: null, lastModified: null };

let db: MethodLensDb;
beforeEach(() => {
  db = openDb({ name: 'store-test', indexedDB: new IDBFactory(), IDBKeyRange });
});

/** Writes every topic of `snapshot` under new generations, flips, and drops what was replaced. */
async function importSnapshot(snapshot: Snapshot, options: WriteOptions = {}): Promise<void> {
  const { index } = await renderSnapshotFiles(snapshot);
  const topics: ActiveTopic[] = [];
  for (const doc of snapshot.topics) {
    const entry = index.topics.find((candidate) => candidate.topic === doc.topic.name)!;
    const { gen, counts } = await writeTopicGeneration(db, doc, options);
    topics.push({ ...entry, gen, counts });
  }
  const replaced = await activateSnapshot(db, { source: SOURCE, generatedAt: snapshot.generatedAt, indexValidators: NO_VALIDATORS, topics });
  await dropGenerations(db, replaced);
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
  const counts = await Promise.all([db.topics, db.methods, db.critiques, db.results, db.alternatives].map((table) => table.count()));
  return counts.reduce((sum, count) => sum + count, 0);
}

/** The sample's record count: 2 topics + 6 methods + 4 critiques + 4 results + 4 alternatives. */
const SAMPLE_RECORDS = 20;

function changedQuantization(): TopicDocument {
  const doc = sampleSnapshot().topics[0]!;
  doc.methods[0]!.name = 'GPTQ v2';
  doc.results.pop();
  return doc;
}

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
  beforeEach(() => importSnapshot(sampleSnapshot(), { chunkSize: 2 }));

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
    expect(await getMethodRecord(db, 'optq')).toBeNull();
    expect(await getMethodRecord(db, 'no such method')).toBeNull();
  });

  it('searchMethods matches names and aliases by prefix in any case, exact names first, then shorter', async () => {
    const ids = async (prefix: string, limit?: number) => (await searchMethods(db, prefix, limit)).map((match) => match.id);
    expect(await ids('ADAM')).toEqual(['adam', 'adamw']);
    expect(await ids('a')).toEqual(['awq', 'adam', 'adamw']);
    expect(await ids('a', 2)).toEqual(['awq', 'adam']);
    expect(await ids('  opt')).toEqual(['gptq']);
    expect(await ids('zzz')).toEqual([]);
    expect(await ids('')).toEqual([]);
    expect(await searchMethods(db, 'adam o')).toEqual([
      { id: 'adam', name: 'Adam', aliases: ['ADAM optimizer'], topic: 'Optimizers', status: 'heavily superseded', matched: 'ADAM optimizer' },
    ]);
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

  it('getMatchDictionary maps every name and alias to its method, keyed by the active snapshot', async () => {
    const dictionary = await getMatchDictionary(db);
    const owner = (name: string) => dictionary.methods[dictionary.methodIndex[dictionary.names.indexOf(name)]!];
    expect(dictionary.names).toHaveLength(10);
    expect(owner('OPTQ')).toEqual({ id: 'gptq', status: 'heavily superseded' });
    expect(owner('Decoupled weight decay')).toEqual({ id: 'adamw', status: 'frontier' });
    expect((await getMatchDictionary(db)).snapshotKey).toBe(dictionary.snapshotKey);

    await importSnapshot({ ...sampleSnapshot(), topics: [changedQuantization(), sampleSnapshot().topics[1]!] });
    expect((await getMatchDictionary(db)).snapshotKey).not.toBe(dictionary.snapshotKey);
  });

  it('getMethodsByIds returns the known methods once each, in the order asked', async () => {
    const methods = await getMethodsByIds(db, ['adamw', 'nope', 'gptq', 'adamw']);
    expect(methods.map((method) => method.id)).toEqual(['adamw', 'gptq']);
  });

  it('re-importing replaces the data and leaves no old records behind', async () => {
    await importSnapshot(sampleSnapshot());
    expect(await countRecords()).toBe(SAMPLE_RECORDS);
    expect((await getSnapshotInfo(db)).totals.methods).toBe(6);
  });
});

describe('atomic replacement', () => {
  beforeEach(() => importSnapshot(sampleSnapshot()));

  it('readers see the complete old snapshot between write chunks, and the new one after the flip', async () => {
    const before = await readEverything();
    let chunks = 0;
    const { gen, counts } = await writeTopicGeneration(db, changedQuantization(), {
      chunkSize: 1,
      onChunk: async () => {
        chunks++;
        expect(await readEverything()).toEqual(before);
      },
    });
    expect(chunks).toBe(4 + 3 + 2 + 3 + 1);

    const active = (await readMeta(db, 'active'))!;
    const replaced = await activateSnapshot(db, {
      source: SOURCE,
      generatedAt: '2025-06-01T00:00:00Z',
      indexValidators: NO_VALIDATORS,
      topics: [{ ...active.topics['LLM quantization']!, gen, counts, sha256: 'f'.repeat(64) }, active.topics['Optimizers']!],
    });
    expect(replaced).toEqual([active.topics['LLM quantization']!.gen]);
    // Old records still exist until dropped, yet readers only see the new snapshot.
    expect((await getMethodRecord(db, 'gptq'))?.method.name).toBe('GPTQ v2');
    expect((await getMethodRecord(db, 'gptq'))?.losses).toHaveLength(2);
    expect(await searchMethods(db, 'gptq')).toHaveLength(1);

    await dropGenerations(db, replaced, { chunkSize: 2 });
    expect(await countRecords()).toBe(SAMPLE_RECORDS - 1);
  });

  it('a refresh stopped mid-write leaves the old snapshot intact, and garbage collection removes its records', async () => {
    const before = await readEverything();
    let chunks = 0;
    let stopped!: () => void;
    const workerStopped = new Promise<void>((resolve) => (stopped = resolve));
    // The worker dies after its third chunk: execution simply never continues.
    void writeTopicGeneration(db, changedQuantization(), {
      chunkSize: 2,
      onChunk: () => {
        if (++chunks < 3) return;
        stopped();
        return new Promise<never>(() => {});
      },
    });
    await workerStopped;
    expect(await countRecords()).toBe(SAMPLE_RECORDS + 6);
    expect(await readEverything()).toEqual(before);

    // A generation whose writer showed life recently might still be written: left alone.
    expect(await collectGarbage(db)).toEqual([]);
    expect(await countRecords()).toBe(SAMPLE_RECORDS + 6);

    const later = new Date(Date.now() + 6 * 60_000);
    expect(await collectGarbage(db, { now: () => later, chunkSize: 1 })).toHaveLength(1);
    expect(await countRecords()).toBe(SAMPLE_RECORDS);
    expect(await readEverything()).toEqual(before);
    expect(await db.meta.where(':id').startsWith('pending:').count()).toBe(0);
  });

  it('garbage collection drops replaced generations that were never deleted, and nothing active', async () => {
    const active = (await readMeta(db, 'active'))!;
    const { gen, counts } = await writeTopicGeneration(db, changedQuantization());
    await activateSnapshot(db, {
      ...active,
      topics: [{ ...active.topics['LLM quantization']!, gen, counts }, active.topics['Optimizers']!],
    });
    const after = await readEverything();
    expect(await collectGarbage(db)).toEqual([active.topics['LLM quantization']!.gen]);
    expect(await countRecords()).toBe(SAMPLE_RECORDS - 1);
    expect(await readEverything()).toEqual(after);
  });

  it('a generation collected as abandoned can no longer be activated', async () => {
    const active = (await readMeta(db, 'active'))!;
    const { gen, counts } = await writeTopicGeneration(db, changedQuantization());
    await collectGarbage(db, { now: () => new Date(Date.now() + 6 * 60_000) });
    const flip = activateSnapshot(db, { ...active, topics: [{ ...active.topics['LLM quantization']!, gen, counts }] });
    await expect(flip).rejects.toThrow(/changed by another refresh or a clean-up/);
    expect((await getMethodRecord(db, 'gptq'))?.method.name).toBe('GPTQ');
  });

  it('the flip refuses to keep a topic whose generation another refresh replaced meanwhile', async () => {
    const seen = (await readMeta(db, 'active'))!;
    await importSnapshot(sampleSnapshot());
    const { gen, counts } = await writeTopicGeneration(db, changedQuantization());
    const flip = activateSnapshot(db, {
      ...seen,
      topics: [{ ...seen.topics['LLM quantization']!, gen, counts }, seen.topics['Optimizers']!],
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
