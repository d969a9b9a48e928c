import { gzipSync } from 'node:zlib';
import JSZip from 'jszip';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import { sha256Hex } from '@/lib/snapshot/hash';
import type { Snapshot, SnapshotIndex, TopicDocument } from '@/lib/snapshot/schema';
import { metaRow, openDb, readMeta, type MethodLensDb, type RefreshProgress } from '@/lib/store/db';
import { describeProgress } from '@/lib/popup/refresh-progress';
import { getMatchDictionary, getMethodRecord, getSnapshotInfo, getTopicView, searchMethods } from '@/lib/store/read';
import { claimInterruptedRefresh, settleCutOff } from '@/lib/store/status';
import { cancelRefresh, refreshSnapshot, type RefreshOptions, type RefreshOutcome } from '@/lib/sync/refresh';
import type { RetryHint } from '@/lib/sync/errors';
import { ProgressReporter, REFRESH_PHASE_MARK } from '@/lib/sync/progress';
import { synthesizeSnapshot } from '@/lib/snapshot/synth';
import { sampleSnapshot } from './helpers/sample-snapshot';
import { sendGarbledGzip, startSnapshotServer, type SnapshotServer } from './helpers/snapshot-server';

const NOW = '2025-06-01T12:00:00.000Z';
/** A failure time may mend, the host having asked for no wait. */
const LATER: RetryHint = { afterSeconds: null };
const INDEX = '/kb/index.json';
const DAY = 24 * 60 * 60 * 1000;
const QUANTIZATION_FILE = '/kb/llm-quantization.json';
const OPTIMIZERS_FILE = '/kb/optimizers.json';

let server: SnapshotServer;
let db: MethodLensDb;

beforeAll(async () => {
  server = await startSnapshotServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.routes.clear();
  server.requests.length = 0;
  db = openDb({ name: 'sync-test', indexedDB: new IDBFactory(), IDBKeyRange });
});

/**
 * The timeout of a refresh whose host answers, then stalls or trickles (or leaves a conditional request
 * unanswered): the test waits it out, and the host's first answer must come within it. A machine busy
 * with the browser suites beside the unit files held an answer past 0.3 s.
 */
const ANSWERED_IN_TIME_MS = 1_500;
/**
 * A refresh's timeout where a test does not wait one out. A conditional request's answer gets a third of
 * it before the index is asked for plainly (`download.ts`): the same 1.5 s, so that a "not modified" held
 * up by a busy machine is not taken for a host that drops the preflight.
 */
const TIMEOUT_MS = 3 * ANSWERED_IN_TIME_MS;

function refresh(options: Partial<RefreshOptions> = {}): Promise<RefreshOutcome> {
  return refreshSnapshot({ db, indexUrl: server.url(INDEX), now: () => new Date(NOW), timeoutMs: TIMEOUT_MS, ...options });
}

async function publish(snapshot: Snapshot, folder = '/kb/'): Promise<Map<string, string>> {
  const { files } = await renderSnapshotFiles(snapshot);
  server.serveFiles(files, folder);
  return files;
}

/** Publishes `snapshot` with one topic file's body replaced, listed with that body's true size and checksum. */
async function publishTopicBody(snapshot: Snapshot, topic: string, body: string): Promise<void> {
  const { files, index } = await renderSnapshotFiles(snapshot);
  const entry = index.topics.find((candidate) => candidate.topic === topic)!;
  const bytes = new TextEncoder().encode(body);
  Object.assign(entry, { bytes: bytes.byteLength, sha256: await sha256Hex(bytes) });
  files.set(entry.file, body);
  files.set('index.json', JSON.stringify(index));
  server.serveFiles(files, '/kb/');
}

/** The sample with one more method in "Optimizers", so that topic alone must be downloaded. */
function withLion(): Snapshot {
  const snapshot = sampleSnapshot();
  const optimizers = snapshot.topics[1]!;
  optimizers.methods.push({ ...optimizers.methods[1]!, id: 'lion', name: 'Lion', aliases: [], paperTitle: null, rank: null });
  optimizers.results.push({ ...optimizers.results[0]!, winnerId: 'lion', loserId: 'adamw' });
  return snapshot;
}

/** Everything readers show, to compare the store before and after. */
async function readEverything() {
  const info = await getSnapshotInfo(db);
  const dictionary = await getMatchDictionary(db);
  return {
    info: { ...info, lastRefresh: null, lastError: null, progress: null },
    dictionary,
    records: await Promise.all(dictionary.methods.map((method) => getMethodRecord(db, method.id))),
    views: await Promise.all(info.topics.map((topic) => getTopicView(db, topic.name))),
    search: await searchMethods(db, 'a', 50),
  };
}

/** Empties the store, as the reader clearing the extension's data does. */
async function clearStore(): Promise<void> {
  await Promise.all([...db.generationTables, db.meta].map((table) => table.clear()));
}

async function countRecords(): Promise<number> {
  const counts = await Promise.all([...db.generationTables, db.meta].map((table) => table.count()));
  return counts.reduce((sum, count) => sum + count, 0);
}

/** Method ids as the catalog lists them. */
async function storedMethodIds(): Promise<string[]> {
  return (await getMatchDictionary(db)).methods.map((method) => method.id).sort();
}

/** What each write transaction a refresh opened wrote: records added or put, by store, and the `pending:` keys among them. */
interface WriteTransaction {
  records: Map<string, number>;
  pendingKeys: number;
}

/** Runs `work`, tallying what each IndexedDB write transaction wrote (Dexie's and the store's own raw ones alike). */
async function writeTransactionsDuring<T>(work: () => Promise<T>): Promise<{ result: T; transactions: WriteTransaction[] }> {
  if (!db.isOpen()) await db.open();
  const backend = db.backendDB();
  const storePrototype = Object.getPrototypeOf(backend.transaction('meta', 'readonly').objectStore('meta')) as IDBObjectStore;
  const tallies = new Map<IDBTransaction, WriteTransaction>();
  const tally = (store: IDBObjectStore, record: unknown) => {
    const written = tallies.get(store.transaction) ?? { records: new Map<string, number>(), pendingKeys: 0 };
    written.records.set(store.name, (written.records.get(store.name) ?? 0) + 1);
    const key = (record as { key?: unknown } | null)?.key;
    if (typeof key === 'string' && key.startsWith('pending:')) written.pendingKeys++;
    tallies.set(store.transaction, written);
  };
  const { add, put } = storePrototype;
  const adding = vi.spyOn(storePrototype, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
    tally(this, args[0]);
    return add.apply(this, args);
  });
  const putting = vi.spyOn(storePrototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    tally(this, args[0]);
    return put.apply(this, args);
  });
  try {
    return { result: await work(), transactions: [...tallies.values()] };
  } finally {
    adding.mockRestore();
    putting.mockRestore();
  }
}

describe('a successful refresh', () => {
  it('records its success in the switch to the new snapshot: a worker stopped as it cleans up leaves both, beside its progress', async () => {
    await publish(sampleSnapshot());
    const factory = new IDBFactory();
    const worker = openDb({ name: 'sync-test-stopped', indexedDB: factory, IDBKeyRange });
    const kept = { what: 'The chosen source failed.', url: 'https://kb.example/index.json', at: NOW };
    let runId: string | undefined;
    await refresh({
      db: worker,
      keptFailure: kept,
      onProgress: (progress) => {
        runId = progress.runId;
        // The browser stops the worker: nothing more reaches the store.
        if (progress.phase === 'cleaning up') worker.close({ disableAutoOpen: true });
      },
    });
    const store = openDb({ name: 'sync-test-stopped', indexedDB: factory, IDBKeyRange });
    expect(await readMeta(store, 'active')).toBeDefined();
    expect(await readMeta(store, 'lastRefresh')).toEqual({ at: NOW, ok: true, outcome: 'updated', topicsChanged: 2, methods: 6, runId });
    expect(await readMeta(store, 'lastError')).toEqual(kept);
    expect(await readMeta(store, 'progress')).toMatchObject({ runId });
    store.close();
  });

  it('imports the published snapshot and the readers serve it', async () => {
    await publish(sampleSnapshot());
    const phases = new Set<string>();
    const runIds = new Set<string>();
    const outcome = await refresh({
      onProgress: (progress) => {
        phases.add(progress.phase);
        runIds.add(progress.runId);
      },
    });

    // Named for the run its progress showed: a start that finds both knows the run was past its switch.
    expect(runIds.size).toBe(1);
    expect(outcome).toEqual({ at: NOW, ok: true, outcome: 'updated', topicsChanged: 2, methods: 6, runId: [...runIds][0] });
    expect(await readMeta(db, 'lastRefresh')).toEqual(outcome);
    expect([...phases]).toEqual(['checking', 'downloading', 'saving', 'activating', 'cleaning up']);
    expect((await getMethodRecord(db, 'gptq'))?.losses.map((loss) => loss.winnerName)).toEqual(['AWQ', 'QuIP#']);
    expect((await getMethodRecord(db, 'Decoupled weight decay'))?.method.id).toBe('adamw');
    expect((await searchMethods(db, 'qUi')).map((match) => match.name)).toEqual(['QuIP#']);
    expect((await getTopicView(db, 'Optimizers'))?.ranking.map((method) => method.id)).toEqual(['adam']);
    expect((await getMatchDictionary(db)).names).toContain('OPTQ');
    expect(await getSnapshotInfo(db)).toMatchObject({
      source: server.url(INDEX),
      generatedAt: '2025-05-02T10:00:00Z',
      totals: { methods: 6, critiques: 4, results: 4 },
      lastRefresh: outcome,
      lastError: null,
      progress: null,
    });
  });

  it('sends a CORS request without credentials that revalidates', async () => {
    const files = await publish(sampleSnapshot());
    const inits: RequestInit[] = [];
    const outcome = await refresh({
      fetchImpl: async (input, init) => {
        inits.push(init!);
        return new Response(files.get(String(input).split('/').pop()!));
      },
    });
    expect(outcome.ok).toBe(true);
    expect(inits).toHaveLength(3);
    for (const init of inits) expect(init).toMatchObject({ mode: 'cors', credentials: 'omit', cache: 'no-cache' });
  });

  it('answers 304 with "up to date" and downloads nothing', async () => {
    await publish(sampleSnapshot());
    await refresh();
    const { snapshotKey } = await getMatchDictionary(db);
    server.requests.length = 0;

    const upToDate = await refresh();
    expect(upToDate).toEqual({ at: NOW, ok: true, outcome: 'up to date', topicsChanged: 0, methods: 6, runId: expect.any(String) });
    expect(await readMeta(db, 'lastRefresh')).toEqual(upToDate);
    expect(server.requests.map((request) => request.path)).toEqual([INDEX]);
    expect(server.requests[0]!.headers['if-none-match']).toBe(server.routes.get(INDEX)!.etag);
    expect((await getMatchDictionary(db)).snapshotKey).toBe(snapshotKey);
  });

  it('lays out again, whole, the topics an earlier version stored, though the KB has not changed them', async () => {
    await publish(sampleSnapshot());
    await refresh();
    // As layout 1 left them: no layout on the topics, and no dossier says what a method is a newer alternative to.
    const active = (await readMeta(db, 'active'))!;
    for (const topic of Object.values(active.topics)) delete topic.layout;
    await db.meta.put(metaRow('active', active));
    for (const page of await db.pages.toArray()) {
      const json = JSON.parse(new TextDecoder().decode(page.bytes)) as { d: Record<string, unknown>[] };
      for (const dossier of json.d) delete dossier.t;
      await db.pages.put({ ...page, bytes: new TextEncoder().encode(JSON.stringify(json)) });
    }
    expect((await getMethodRecord(db, 'adamw'))?.alternativeTo).toEqual([]);
    server.requests.length = 0;

    // The same knowledge, laid out anew: no new snapshot to tell the reader of.
    expect(await refresh()).toMatchObject({ ok: true, outcome: 'up to date', topicsChanged: 0 });
    // Asked for whole: a "not modified" would have kept the old layout.
    expect(server.requests[0]!.headers['if-none-match']).toBeUndefined();
    expect(server.requestCount(QUANTIZATION_FILE)).toBe(1);
    expect(server.requestCount(OPTIMIZERS_FILE)).toBe(1);
    expect((await getMethodRecord(db, 'adamw'))?.alternativeTo).toEqual([{ methodId: 'adam', name: 'Adam', date: '2017-11-14' }]);
    expect(Object.values((await readMeta(db, 'active'))!.topics).map((topic) => topic.layout)).toEqual([2, 2]);
    // And then it is up to date again, revalidating as before: a conditional request, answered "not modified".
    server.requests.length = 0;
    expect(await refresh()).toMatchObject({ ok: true, outcome: 'up to date', topicsChanged: 0 });
    expect(server.requests.map((request) => request.path)).toEqual([INDEX]);
    expect(server.requests[0]!.headers['if-none-match']).toBe(server.routes.get(INDEX)!.etag);
  });

  it('revalidates with Last-Modified when the server sends no ETag', async () => {
    await publish(sampleSnapshot());
    const index = server.routes.get(INDEX)!;
    Object.assign(index, { etag: undefined, lastModified: 'Thu, 01 May 2025 00:00:00 GMT' });
    await refresh();
    server.requests.length = 0;

    expect(await refresh()).toMatchObject({ ok: true, outcome: 'up to date' });
    expect(server.requests[0]!.headers['if-modified-since']).toBe('Thu, 01 May 2025 00:00:00 GMT');
    expect(server.requestCount(QUANTIZATION_FILE)).toBe(0);
  });

  it('asks again plainly when a conditional request is never answered (a browser’s preflight for it, at a host that drops OPTIONS), not only when it is refused', async () => {
    await publish(sampleSnapshot());
    await refresh();
    // The first refresh asked plainly; every one after asks whether the index changed, and would time out for good.
    server.routes.get(INDEX)!.conditionalStalls = true;
    server.requests.length = 0;

    expect(await refresh({ timeoutMs: ANSWERED_IN_TIME_MS })).toMatchObject({ ok: true, outcome: 'up to date', topicsChanged: 0 });
    expect(server.requests.map((request) => [request.path, request.headers['if-none-match'] !== undefined])).toEqual([
      [INDEX, true],
      [INDEX, false],
    ]);
    expect(server.requestCount(QUANTIZATION_FILE)).toBe(0);
  });

  it('remembers a source that left a conditional request unanswered: for a week its index is asked for plainly at once, then conditionally again', async () => {
    await publish(sampleSnapshot());
    await refresh();
    const index = server.routes.get(INDEX)!;
    index.conditionalStalls = true;
    await refresh({ timeoutMs: ANSWERED_IN_TIME_MS });
    const asked = () => server.requests.map((request) => [request.path, request.headers['if-none-match'] !== undefined]);

    // The timeout is not waited out again: the same host, asked the same way, would leave it unanswered.
    server.requests.length = 0;
    const sixDaysOn = new Date(Date.parse(NOW) + 6 * DAY);
    expect(await refresh({ timeoutMs: 60_000, now: () => sixDaysOn })).toMatchObject({ ok: true, outcome: 'up to date' });
    expect(asked()).toEqual([[INDEX, false]]);

    // A week on, the host may answer it now.
    index.conditionalStalls = false;
    server.requests.length = 0;
    expect(await refresh({ now: () => new Date(Date.parse(NOW) + 7 * DAY) })).toMatchObject({ ok: true, outcome: 'up to date' });
    expect(asked()).toEqual([[INDEX, true]]);
  });

  it('remembers a source whose conditional request failed where a plain one is answered (a preflight refused), and forgets it for another source', async () => {
    await publish(sampleSnapshot());
    await refresh();
    // What a browser's fetch does at a host that refuses the preflight a conditional request needs.
    const refusesConditional: typeof fetch = (input, init) =>
      new Headers(init?.headers).has('if-none-match') ? Promise.reject(new TypeError('Failed to fetch')) : fetch(input, init);
    expect(await refresh({ fetchImpl: refusesConditional })).toMatchObject({ ok: true, outcome: 'up to date' });
    expect((await readMeta(db, 'active'))!.plainlySince).toBe(NOW);

    server.requests.length = 0;
    expect(await refresh({ fetchImpl: refusesConditional })).toMatchObject({ ok: true, outcome: 'up to date' });
    expect(server.requests.map((request) => request.headers['if-none-match'])).toEqual([undefined]);

    // Another source starts afresh: its own validators are used from its second refresh.
    await publish(sampleSnapshot(), '/mirror/');
    expect(await refresh({ indexUrl: server.url('/mirror/index.json') })).toMatchObject({ ok: true });
    expect((await readMeta(db, 'active'))!.plainlySince).toBeUndefined();
    server.requests.length = 0;
    expect(await refresh({ indexUrl: server.url('/mirror/index.json') })).toMatchObject({ ok: true, outcome: 'up to date' });
    expect(server.requests.map((request) => request.headers['if-none-match'] !== undefined)).toEqual([true]);
  });

  it('downloads only the topics whose checksum changed', async () => {
    await publish(sampleSnapshot());
    await refresh();
    await publish(withLion());

    expect(await refresh()).toMatchObject({ ok: true, outcome: 'updated', topicsChanged: 1, methods: 7 });
    expect(server.requestCount(QUANTIZATION_FILE)).toBe(1);
    expect(server.requestCount(OPTIMIZERS_FILE)).toBe(2);
    expect((await getMethodRecord(db, 'Lion'))?.wins.map((win) => win.loserName)).toEqual(['AdamW']);
    expect((await getMethodRecord(db, 'gptq'))?.method.name).toBe('GPTQ');
    expect(await storedMethodIds()).toEqual(['adam', 'adamw', 'awq', 'gptq', 'lion', 'quip-sharp', 'smoothquant']);
  });

  it('saves small topics in batches: one transaction registers a batch’s generations, one writes its pages, one its manifests and topic records', async () => {
    // 30 topics of 2 methods: three transactions each, one topic at a time, made a snapshot of many
    // small topics slow to import (2,000 topics of 10 methods: 53–79 s in Chromium).
    const snapshot = synthesizeSnapshot({ methods: 60, methodsPerTopic: 2 });
    await publish(snapshot);
    const { result, transactions } = await writeTransactionsDuring(() => refresh());
    expect(result).toMatchObject({ ok: true, outcome: 'updated', topicsChanged: 30, methods: 60 });
    const writing = (store: string) => transactions.filter((transaction) => transaction.records.has(store)).map((transaction) => transaction.records.get(store));
    expect(writing('pages')).toEqual([await db.pages.count()]);
    expect(writing('manifests')).toEqual([30]);
    expect(writing('topics')).toEqual([30]);
    // The topics' 30 generations in one transaction, the catalog's in another.
    expect(transactions.map((transaction) => transaction.pendingKeys).filter((keys) => keys > 0)).toEqual([30, 1]);
    expect((await getMethodRecord(db, snapshot.topics[29]!.methods[1]!.id))?.method).toEqual(snapshot.topics[29]!.methods[1]);
    expect((await getSnapshotInfo(db)).topics).toHaveLength(30);
  });

  it('downloads small topics a few at a time: at most 6, and never more listed bytes than the slowest allowed rate brings within the timeout', async () => {
    const files = await publish(synthesizeSnapshot({ methods: 60, methodsPerTopic: 2 }));
    const listed = new Map((JSON.parse(files.get('index.json')!) as SnapshotIndex).topics.map((entry) => [entry.file, entry.bytes]));
    /** The topic files in flight as each was asked for, from its request until its body is read to the end. */
    const downloadsTogether = async (timeoutMs: number): Promise<string[][]> => {
      await clearStore();
      const inFlight = new Set<string>();
      const together: string[][] = [];
      const outcome = await refresh({
        timeoutMs,
        fetchImpl: async (input, init) => {
          const file = String(input).split('/').pop()!;
          if (file === 'index.json') return fetch(input, init);
          inFlight.add(file);
          together.push([...inFlight]);
          const response = await fetch(input, init);
          const body = response.body!.pipeThrough(new TransformStream({ flush: () => void inFlight.delete(file) }));
          return new Response(body, { status: response.status, headers: response.headers });
        },
      });
      expect(outcome).toMatchObject({ ok: true, topicsChanged: 30 });
      expect(together).toHaveLength(30);
      return together;
    };
    const atOnce = await downloadsTogether(30_000);
    expect(Math.max(...atOnce.map((inFlight) => inFlight.length))).toBeGreaterThan(1);
    expect(Math.max(...atOnce.map((inFlight) => inFlight.length))).toBeLessThanOrEqual(6);
    // 8 KiB/s for 30 s.
    for (const inFlight of atOnce) expect(inFlight.reduce((sum, file) => sum + listed.get(file)!, 0)).toBeLessThanOrEqual(8 * 1024 * 30);
    // A timeout of 2 s allows 16 KiB at once, where no two of these topics fit: one at a time.
    expect(2 * Math.min(...listed.values())).toBeGreaterThan(16 * 1024);
    expect(Math.max(...(await downloadsTogether(2_000)).map((inFlight) => inFlight.length))).toBe(1);
  });

  it('a batch holds at most as many topics, and a transaction as many pages, as a chunk of pages (pagesPerChunk)', async () => {
    await publish(synthesizeSnapshot({ methods: 60, methodsPerTopic: 2 }));
    const { result, transactions } = await writeTransactionsDuring(() => refresh({ write: { pagesPerChunk: 4 } }));
    expect(result).toMatchObject({ ok: true, topicsChanged: 30 });
    const pages = transactions.flatMap((transaction) => transaction.records.get('pages') ?? []);
    const manifests = transactions.flatMap((transaction) => transaction.records.get('manifests') ?? []);
    expect(Math.max(...pages)).toBeLessThanOrEqual(4);
    expect(pages.reduce((sum, count) => sum + count, 0)).toBe(await db.pages.count());
    expect(Math.max(...manifests)).toBeLessThanOrEqual(4);
    expect(manifests.reduce((sum, count) => sum + count, 0)).toBe(30);
    expect(manifests.length).toBeLessThan(30);
  });

  it('a republished index with unchanged topics only updates the snapshot date', async () => {
    await publish(sampleSnapshot());
    await refresh();
    await publish({ ...sampleSnapshot(), generatedAt: '2025-05-20T00:00:00Z' });

    expect(await refresh()).toMatchObject({ ok: true, outcome: 'up to date', topicsChanged: 0 });
    expect(server.requestCount(OPTIMIZERS_FILE)).toBe(1);
    expect((await getSnapshotInfo(db)).generatedAt).toBe('2025-05-20T00:00:00Z');
  });

  it('drops topics the index no longer lists, in the same flip', async () => {
    await publish(sampleSnapshot());
    await refresh();
    await publish({ ...sampleSnapshot(), topics: [sampleSnapshot().topics[0]!] });

    expect(await refresh()).toMatchObject({ ok: true, outcome: 'updated', topicsChanged: 1, methods: 4 });
    expect(await getMethodRecord(db, 'adam')).toBeNull();
    expect(await storedMethodIds()).toEqual(['awq', 'gptq', 'quip-sharp', 'smoothquant']);
  });

  it('a topic file renamed, its topic and content as they were, is neither downloaded nor counted as changed', async () => {
    await publish(sampleSnapshot());
    await refresh();
    const { files } = await renderSnapshotFiles(sampleSnapshot());
    const index = JSON.parse(files.get('index.json')!) as SnapshotIndex;
    index.topics[1]!.file = 'optimizers-v2.json';
    files.set('optimizers-v2.json', files.get('optimizers.json')!);
    files.delete('optimizers.json');
    files.set('index.json', JSON.stringify(index));
    server.serveFiles(files, '/kb/');

    expect(await refresh()).toMatchObject({ ok: true, outcome: 'up to date', topicsChanged: 0, methods: 6 });
    expect(server.requestCount('/kb/optimizers-v2.json')).toBe(0);
    expect((await readMeta(db, 'active'))?.topics['Optimizers']?.file).toBe('optimizers-v2.json');
  });

  it('sends no validators to a different URL, and reuses topics with the same checksum', async () => {
    await publish(sampleSnapshot());
    await refresh();
    await publish(sampleSnapshot(), '/mirror/');
    server.requests.length = 0;

    const outcome = await refresh({ indexUrl: server.url('/mirror/index.json') });
    expect(outcome).toMatchObject({ ok: true, outcome: 'up to date' });
    expect(server.requests.map((request) => [request.path, request.headers['if-none-match']])).toEqual([['/mirror/index.json', undefined]]);
    expect((await getSnapshotInfo(db)).source).toBe(server.url('/mirror/index.json'));
  });

  it('asks for the topic files with the query of the source’s address (a token it carries)', async () => {
    await publish(sampleSnapshot());
    for (const route of server.routes.values()) route.query = '?token=s3cr3t';
    const outcome = await refresh({ indexUrl: server.url(`${INDEX}?token=s3cr3t`) });
    expect(outcome).toMatchObject({ ok: true, outcome: 'updated', methods: 6 });
    expect(server.requests.map((request) => request.path)).toEqual([INDEX, QUANTIZATION_FILE, OPTIMIZERS_FILE]);
    expect((await getSnapshotInfo(db)).source).toBe(server.url(`${INDEX}?token=s3cr3t`));
  });

  it('finds the topic files beside where the index answered, when a redirect moved it within its site', async () => {
    await publish(sampleSnapshot(), '/kb/v5/');
    server.routes.set('/kb/latest/index.json', { status: 302, headers: { Location: '/kb/v5/index.json' } });
    const outcome = await refresh({ indexUrl: server.url('/kb/latest/index.json') });
    expect(outcome).toMatchObject({ ok: true, outcome: 'updated', methods: 6 });
    expect(server.requests.map((request) => request.path)).toEqual(['/kb/latest/index.json', '/kb/v5/index.json', '/kb/v5/llm-quantization.json', '/kb/v5/optimizers.json']);
    // The source stays the address the reader gave: the next refresh asks it again.
    expect((await getSnapshotInfo(db)).source).toBe(server.url('/kb/latest/index.json'));
  });

  it('finds the topic files beside the address asked for, when the index came from another host (a CDN’s signed address)', async () => {
    const files = await publish(sampleSnapshot());
    const requested: string[] = [];
    const outcome = await refresh({
      indexUrl: 'https://kb.example.org/kb/index.json',
      fetchImpl: async (input) => {
        requested.push(String(input));
        const response = new Response(files.get(new URL(String(input)).pathname.split('/').pop()!));
        return Object.defineProperties(response, { redirected: { value: true }, url: { value: `https://cdn.example.net/signed/${requested.length}?sig=1` } });
      },
    });
    expect(outcome).toMatchObject({ ok: true, methods: 6 });
    expect(requested).toEqual(['https://kb.example.org/kb/index.json', 'https://kb.example.org/kb/llm-quantization.json', 'https://kb.example.org/kb/optimizers.json']);
  });

  it('reads the bundled snapshot from a chrome-extension:// URL the same way', async () => {
    const files = await publish(sampleSnapshot());
    const requested: string[] = [];
    const outcome = await refresh({
      indexUrl: 'chrome-extension://abcdefgh/snapshot/index.json',
      fetchImpl: async (input) => {
        requested.push(String(input));
        return new Response(files.get(String(input).replace('chrome-extension://abcdefgh/snapshot/', '')));
      },
    });
    expect(outcome).toMatchObject({ ok: true, methods: 6 });
    expect(requested).toEqual([
      'chrome-extension://abcdefgh/snapshot/index.json',
      'chrome-extension://abcdefgh/snapshot/llm-quantization.json',
      'chrome-extension://abcdefgh/snapshot/optimizers.json',
    ]);
  });

  it('takes a topic named like an Object property (constructor), also when it alone changes', async () => {
    const named = (extra = '') => {
      const snapshot = sampleSnapshot();
      snapshot.topics[1]!.topic.name = 'constructor';
      for (const method of snapshot.topics[1]!.methods) method.topic = 'constructor';
      snapshot.topics[1]!.critiques[0]!.quote += extra;
      return snapshot;
    };
    await publish(named());
    expect(await refresh()).toMatchObject({ ok: true, outcome: 'updated', topicsChanged: 2 });
    await publish(named(' (revised)'));
    expect(await refresh()).toMatchObject({ ok: true, outcome: 'updated', topicsChanged: 1 });
    expect((await getTopicView(db, 'constructor'))?.topic.name).toBe('constructor');
    expect(await getTopicView(db, 'toString')).toBeNull();
  });

  it('an index republished with a new ETag, its content the same, is read again, kept as it is, and revalidated with the new ETag next time', async () => {
    await publish(sampleSnapshot());
    await refresh();
    const { snapshotKey } = await getMatchDictionary(db);
    // Another server behind the same address (a load balancer), or the file touched by a redeploy.
    server.routes.get(INDEX)!.etag = '"another-server"';
    server.requests.length = 0;
    expect(await refresh()).toEqual({ at: NOW, ok: true, outcome: 'up to date', topicsChanged: 0, methods: 6, runId: expect.any(String) });
    expect(server.requests.map((request) => request.path)).toEqual([INDEX]);
    expect((await getMatchDictionary(db)).snapshotKey).toBe(snapshotKey);
    server.requests.length = 0;
    expect(await refresh()).toMatchObject({ ok: true, outcome: 'up to date' });
    expect(server.requests.map((request) => [request.path, request.headers['if-none-match']])).toEqual([[INDEX, '"another-server"']]);
  });

  it('a store cleared between refreshes asks for the index whole, not whether it changed, and takes every topic again', async () => {
    await publish(sampleSnapshot());
    await refresh();
    // The host would answer a conditional request "not modified": there would be nothing to read.
    await clearStore();
    server.requests.length = 0;
    expect(await refresh()).toMatchObject({ ok: true, outcome: 'updated', topicsChanged: 2, methods: 6 });
    expect(server.requests.map((request) => [request.path, request.headers['if-none-match']])).toEqual([
      [INDEX, undefined],
      [QUANTIZATION_FILE, undefined],
      [OPTIMIZERS_FILE, undefined],
    ]);
    expect(await storedMethodIds()).toEqual(['adam', 'adamw', 'awq', 'gptq', 'quip-sharp', 'smoothquant']);
  });

  it('(an index with a byte-order mark, or sent as text/html or with charset=utf-16, is read by its bytes, as UTF-8)', async () => {
    await publish(sampleSnapshot());
    const index = server.routes.get(INDEX)!;
    index.body = `\ufeff${String(index.body)}`;
    for (const contentType of ['text/html', 'application/json; charset=utf-16']) {
      index.headers = { 'Content-Type': contentType };
      await clearStore();
      expect(await refresh()).toMatchObject({ ok: true, outcome: 'updated', methods: 6 });
    }
  });

  it('a success after a failure clears the recorded error', async () => {
    server.routes.set(INDEX, { status: 503 });
    expect((await refresh()).ok).toBe(false);
    expect((await getSnapshotInfo(db)).lastError).not.toBeNull();
    await publish(sampleSnapshot());
    await refresh();
    expect((await getSnapshotInfo(db)).lastError).toBeNull();
  });
});

describe('a failed refresh leaves the current snapshot as it was', () => {
  let before: Awaited<ReturnType<typeof readEverything>>;
  let recordsBefore: number;
  let lastRefreshBefore: unknown;

  beforeEach(async () => {
    await publish(sampleSnapshot());
    await refresh({ now: () => new Date('2025-05-30T00:00:00Z') });
    before = await readEverything();
    recordsBefore = await countRecords();
    lastRefreshBefore = (await getSnapshotInfo(db)).lastRefresh;
    server.requests.length = 0;
  });

  /** `retry`: whether trying again later may mend it (the background retries it sooner), and the wait the host asked for. */
  async function expectRefused(outcome: RefreshOutcome, what: string | RegExp, url: string, retry: RetryHint | null = null): Promise<void> {
    expect(outcome).toEqual({ ok: false, error: { what: expect.stringMatching(what), url, at: NOW, ...(retry && { retry }) } });
    const info = await getSnapshotInfo(db);
    expect(info.lastError).toEqual((outcome as Extract<RefreshOutcome, { ok: false }>).error);
    expect(info.lastRefresh).toEqual(lastRefreshBefore);
    expect(info.progress).toBeNull();
    // Same snapshot, complete; and no leftover records (meta gained only `lastError`).
    expect(await readEverything()).toEqual(before);
    expect(await countRecords()).toBe(recordsBefore + 1);
  }

  const serverUrl = (path: string) => server.url(path);
  const escape = (text: string) => new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  /** The whole message, word for word. */
  const exactly = (text: string) => new RegExp(`^${escape(text).source}$`);

  /** A body that broke off: the browser says the same of a connection cut and of a compressed body it cannot unpack. */
  const brokeOff = (url: string) =>
    exactly(
      `The download of ${url} broke off before it was complete: the connection was lost, or the host sent the file compressed (the header Content-Encoding) in a form that cannot be unpacked; the browser does not say which. Try again later; if it breaks off each time, check what the host sends.`,
    );

  /** What a host that cannot be reached is told as, whatever the browser's own words ("Failed to fetch"). */
  const unreachable = (url: string) =>
    `The snapshot at ${url} could not be reached. Check the address and that the host is up; the host must also let other sites read its files (the header Access-Control-Allow-Origin: *).`;

  it('an unreachable server', async () => {
    const gone = await startSnapshotServer();
    await gone.close();
    const url = gone.url(INDEX);
    await expectRefused(await refresh({ indexUrl: url }), exactly(unreachable(url)), url, LATER);
  });

  it('a host that hangs up without answering', async () => {
    server.routes.set(INDEX, { hangUp: true });
    await expectRefused(await refresh(), exactly(unreachable(serverUrl(INDEX))), serverUrl(INDEX), LATER);
  });

  it('a redirect loop, a redirect to an address that is not http(s) or to a host that is down, is said to be a redirect the download cannot follow', async () => {
    const refusedRedirect = exactly(
      `The snapshot at ${serverUrl(INDEX)} redirects where the download cannot follow: in a loop, to an address that is not http(s), to a host that cannot be reached, or to one that does not let other sites read its files. Check the address; if it is right, try again later: where it redirects may be down, or the host's redirects at fault.`,
    );
    server.routes.set(INDEX, { status: 302, headers: { Location: INDEX } });
    await expectRefused(await refresh(), refusedRedirect, serverUrl(INDEX), LATER);
    server.routes.set(INDEX, { status: 302, headers: { Location: 'ftp://kb.example.org/index.json' } });
    await expectRefused(await refresh(), refusedRedirect, serverUrl(INDEX), LATER);
    // A redirect that is right, to a mirror that is down for now: not only the host's redirects to blame.
    const mirror = await startSnapshotServer();
    await mirror.close();
    server.routes.set(INDEX, { status: 302, headers: { Location: mirror.url(INDEX) } });
    await expectRefused(await refresh(), refusedRedirect, serverUrl(INDEX), LATER);
  });

  it('an HTTP error on the index, with what the reader can do about it', async () => {
    const refusedWith = async (status: number) => {
      server.routes.set(INDEX, { status });
      const outcome = await refresh();
      return outcome.ok ? 'ok' : outcome.error.what.replace(`The snapshot at ${serverUrl(INDEX)} `, '');
    };
    expect(await refusedWith(500)).toBe('answered with HTTP 500 (Internal Server Error). The host failed or is busy: try again later.');
    expect(await refusedWith(502)).toBe('answered with HTTP 502 (Bad Gateway). The host failed or is busy: try again later.');
    expect(await refusedWith(503)).toBe('answered with HTTP 503 (Service Unavailable). The host failed or is busy: try again later.');
    expect(await refusedWith(429)).toBe('answered with HTTP 429 (Too Many Requests). The host failed or is busy: try again later.');
    expect(await refusedWith(401)).toBe('answered with HTTP 401 (Unauthorized). The host refused access: the address may need a token, or its token may have expired.');
    // Amazon S3 answers 403 for a file it does not have, when it does not let its files be listed.
    expect(await refusedWith(403)).toBe(
      'answered with HTTP 403 (Forbidden). The host refused access: check the address (some hosts, such as Amazon S3, answer so when there is no file at it); the address may also need a token, or its token may have expired.',
    );
    expect(await refusedWith(404)).toBe('answered with HTTP 404 (Not Found). There is no file at this address: check it.');
    expect(await refusedWith(410)).toBe('answered with HTTP 410 (Gone). There is no file at this address: check it.');
    expect(await refusedWith(418)).toBe("answered with HTTP 418 (I'm a Teapot).");
    // Which of them time may mend: the host failing or busy, not a refusal or a missing index.
    const retried: number[] = [];
    for (const status of [500, 502, 503, 429, 408, 401, 403, 404, 410, 418]) {
      server.routes.set(INDEX, { status });
      const outcome = await refresh();
      if (!outcome.ok && outcome.error.retry) retried.push(status);
    }
    expect(retried).toEqual([500, 502, 503, 429, 408]);
    server.routes.set(INDEX, { status: 500 });
    await expectRefused(await refresh(), escape(`The snapshot at ${serverUrl(INDEX)} answered with HTTP 500 (Internal Server Error).`), serverUrl(INDEX), LATER);
  });

  it('a busy host that says when to try again (Retry-After, in seconds or as a date) is quoted', async () => {
    const busyWith = async (status: number, retryAfter: string) => {
      server.routes.set(INDEX, { status, headers: { 'Retry-After': retryAfter } });
      const outcome = await refresh();
      return outcome.ok ? 'ok' : outcome.error.what.replace(`The snapshot at ${serverUrl(INDEX)} `, '');
    };
    expect(await busyWith(503, '120')).toBe('answered with HTTP 503 (Service Unavailable). The host failed or is busy: try again in 2 minutes, as it asks.');
    expect(await busyWith(429, '30')).toBe('answered with HTTP 429 (Too Many Requests). The host failed or is busy: try again in 30 seconds, as it asks.');
    const inTwoDays = new Date(Date.now() + 2 * 24 * 3_600_000).toUTCString();
    expect(await busyWith(503, inTwoDays)).toBe('answered with HTTP 503 (Service Unavailable). The host failed or is busy: try again in 2 days, as it asks.');
    // A wait already over, or one that cannot be read, leaves the plain advice.
    expect(await busyWith(503, 'Thu, 01 Jan 2015 00:00:00 GMT')).toBe('answered with HTTP 503 (Service Unavailable). The host failed or is busy: try again later.');
    expect(await busyWith(429, 'soon')).toBe('answered with HTTP 429 (Too Many Requests). The host failed or is busy: try again later.');
    // Given twice, as fetch joins a header sent twice ("120, 120"): no one wait, so none is quoted.
    expect(await busyWith(503, '120, 120')).toBe('answered with HTTP 503 (Service Unavailable). The host failed or is busy: try again later.');
    await expectRefused(await refresh(), /try again later\.$/, serverUrl(INDEX), LATER);
    server.routes.set(INDEX, { status: 503, headers: { 'Retry-After': '120' } });
    await expectRefused(await refresh(), /try again in 2 minutes, as it asks\.$/, serverUrl(INDEX), { afterSeconds: 120 });
  });

  /** A 304 answers "has it changed since?": to a request that did not ask, it leaves nothing to read. */
  const notModifiedUnasked = (url: string) =>
    `The snapshot at ${url} answered with HTTP 304 (Not Modified), though the whole file was asked for, so there was nothing to read: the host, or a cache on the way, is at fault. Try again later.`;

  it('a 304 to a request that did not ask whether the index changed (a source not read before)', async () => {
    const mirror = serverUrl('/mirror/index.json');
    server.routes.set('/mirror/index.json', { status: 304 });
    await expectRefused(await refresh({ indexUrl: mirror }), exactly(notModifiedUnasked(mirror)), mirror, LATER);
    expect(server.requests[0]!.headers['if-none-match']).toBeUndefined();
  });

  it('a 304 is not taken for "up to date" when the index came without ETag or Last-Modified, so nothing was asked', async () => {
    const active = (await readMeta(db, 'active'))!;
    await db.meta.put(metaRow('active', { ...active, indexValidators: { etag: null, lastModified: null } }));
    server.routes.set(INDEX, { status: 304 });
    await expectRefused(await refresh(), exactly(notModifiedUnasked(serverUrl(INDEX))), serverUrl(INDEX), LATER);
    expect(server.requests[0]!.headers).not.toHaveProperty('if-none-match');
    expect(server.requests[0]!.headers).not.toHaveProperty('if-modified-since');
  });

  it('a token the source’s address lacks, or that expired, on a topic file too', async () => {
    await publish(withLion());
    server.routes.get(OPTIMIZERS_FILE)!.query = '?token=fresh';
    await expectRefused(await refresh(), escape(`The snapshot at ${serverUrl(OPTIMIZERS_FILE)} answered with HTTP 401 (Unauthorized). The host refused access`), serverUrl(OPTIMIZERS_FILE));
  });

  it('a topic’s file given as the source is said to be one, not the index', async () => {
    const files = await publish(withLion());
    server.routes.set(INDEX, { body: files.get('optimizers.json')! });
    await expectRefused(
      await refresh(),
      escape(`The snapshot at ${serverUrl(INDEX)} is one topic's file, not the snapshot's index: use the address of the index.json beside it.`),
      serverUrl(INDEX),
    );
  });

  it('a topic file the index lists and the host does not have (404, 410)', async () => {
    await publish(withLion());
    for (const [status, statusText] of [[404, 'Not Found'], [410, 'Gone']] as const) {
      server.routes.set(OPTIMIZERS_FILE, { status });
      await expectRefused(
        await refresh(),
        exactly(
          `The snapshot at ${serverUrl(OPTIMIZERS_FILE)} answered with HTTP ${status} (${statusText}). The index lists this file, but the host does not have it: the snapshot may be published only in part, or being published now. Try again later.`,
        ),
        serverUrl(OPTIMIZERS_FILE),
        LATER,
      );
    }
  });

  it('a topic file the host refuses though it let the index be read (Amazon S3’s 403 for a file it does not have) may be missing, and is tried again', async () => {
    await publish(withLion());
    server.routes.set(OPTIMIZERS_FILE, { status: 403 });
    await expectRefused(
      await refresh(),
      exactly(
        `The snapshot at ${serverUrl(OPTIMIZERS_FILE)} answered with HTTP 403 (Forbidden). The index lists this file, but the host refused it, though it let the index be read: the file may be missing (some hosts, such as Amazon S3, answer so for a file they do not have) or not shared as the index is. Check what was published; if it is being published now, try again later.`,
      ),
      serverUrl(OPTIMIZERS_FILE),
      LATER,
    );
  });

  it('a server that never answers', async () => {
    server.routes.get(INDEX)!.stall = 'before-answer';
    await expectRefused(
      await refresh({ timeoutMs: 300 }),
      escape(`The snapshot at ${serverUrl(INDEX)} took longer than 0.3 s to answer.`),
      serverUrl(INDEX),
      LATER,
    );
  });

  it('a body that stalls half-way', async () => {
    await publish(withLion());
    server.routes.get(OPTIMIZERS_FILE)!.stall = 'mid-body';
    await expectRefused(await refresh({ timeoutMs: ANSWERED_IN_TIME_MS }), /stopped sending data for 1\.5 s/, serverUrl(OPTIMIZERS_FILE), LATER);
  });

  it('a body that trickles in, each byte just inside the timeout, is given up once it falls behind', async () => {
    await publish(withLion());
    server.routes.get(OPTIMIZERS_FILE)!.trickleEveryMs = 50;
    await expectRefused(
      await refresh({ timeoutMs: ANSWERED_IN_TIME_MS }),
      escape(`The snapshot at ${serverUrl(OPTIMIZERS_FILE)} sent its data slower than 8.0 KiB a second on average, so the download was given up.`),
      serverUrl(OPTIMIZERS_FILE),
      LATER,
    );
  });

  it('a host too slow (no answer in time, a body that stalls or trickles) says what may be at fault, and to try again later', async () => {
    const slowHint = '. The host may be busy or down, or the connection slow: try again later.';
    server.routes.get(INDEX)!.stall = 'before-answer';
    await expectRefused(await refresh({ timeoutMs: 300 }), exactly(`The snapshot at ${serverUrl(INDEX)} took longer than 0.3 s to answer${slowHint}`), serverUrl(INDEX), LATER);
    await publish(withLion());
    server.routes.get(OPTIMIZERS_FILE)!.stall = 'mid-body';
    await expectRefused(
      await refresh({ timeoutMs: ANSWERED_IN_TIME_MS }),
      exactly(`The snapshot at ${serverUrl(OPTIMIZERS_FILE)} stopped sending data for 1.5 s, so the download was given up${slowHint}`),
      serverUrl(OPTIMIZERS_FILE),
      LATER,
    );
    server.routes.get(OPTIMIZERS_FILE)!.stall = undefined;
    server.routes.get(OPTIMIZERS_FILE)!.trickleEveryMs = 50;
    await expectRefused(
      await refresh({ timeoutMs: ANSWERED_IN_TIME_MS }),
      exactly(`The snapshot at ${serverUrl(OPTIMIZERS_FILE)} sent its data slower than 8.0 KiB a second on average, so the download was given up${slowHint}`),
      serverUrl(OPTIMIZERS_FILE),
      LATER,
    );
  });

  it('a connection cut before the body is complete', async () => {
    await publish(withLion());
    server.routes.get(OPTIMIZERS_FILE)!.truncateAt = 100;
    await expectRefused(await refresh(), brokeOff(serverUrl(OPTIMIZERS_FILE)), serverUrl(OPTIMIZERS_FILE), LATER);
  });

  // The browser's fetch fails the body with the same "network error" as a connection cut (Chromium's
  // ERR_CONTENT_DECODING_FAILED is not passed on): the message must not blame the connection alone.
  it('a body the host says is compressed (Content-Encoding: gzip) that cannot be unpacked is not said to be a lost connection only', async () => {
    await publish(withLion());
    for (const path of [OPTIMIZERS_FILE, INDEX]) {
      sendGarbledGzip(server, path);
      await expectRefused(await refresh(), brokeOff(serverUrl(path)), serverUrl(path), LATER);
    }
  });

  // The browser, as Node's fetch, reads what the length says and unpacks it without a word: what arrives
  // is the file's beginning, said as what it is (Chromium does so too).
  it('a compressed body (Content-Encoding: gzip) longer than the Content-Length the host gives arrives cut short, and is said to be', async () => {
    await publish(withLion());
    const lyingHalf = (path: string) => {
      const packed = gzipSync(String(server.routes.get(path)!.body));
      server.routes.set(path, { body: packed, contentLength: Math.floor(packed.byteLength / 2), headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } });
    };
    lyingHalf(OPTIMIZERS_FILE);
    await expectRefused(await refresh(), /^The snapshot at \S+ arrived with \d+ bytes instead of the 1\.\d KiB the index lists; it may be cut off\.$/, serverUrl(OPTIMIZERS_FILE), LATER);
    lyingHalf(INDEX);
    await expectRefused(
      await refresh(),
      exactly(`The snapshot at ${serverUrl(INDEX)} is not valid JSON: it stops part-way through, as if cut off while being published. Try again later.`),
      serverUrl(INDEX),
      LATER,
    );
  });

  // The length so short that nothing of the file unpacks from it: not "empty" alone, nor an address to check.
  it('a compressed body whose Content-Length is too short for any of it to unpack is not said to be an empty file only', async () => {
    await publish(withLion());
    const said = (url: string) =>
      `The snapshot at ${url} arrived empty, though the host gave its length as 16 bytes: it sent the file compressed (the header Content-Encoding) and those bytes unpack to nothing, or the connection was cut before any came. A compressed file may be empty, or the length the host gives (the header Content-Length) too short for it: check what the host sends, and try again later.`;
    for (const path of [OPTIMIZERS_FILE, INDEX]) {
      const packed = gzipSync(String(server.routes.get(path)!.body));
      server.routes.set(path, { body: packed, contentLength: 16, headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } });
      await expectRefused(await refresh(), exactly(said(serverUrl(path))), serverUrl(path), LATER);
    }
  });

  it('a body shorter than the index lists', async () => {
    await publish(withLion());
    const route = server.routes.get(OPTIMIZERS_FILE)!;
    route.body = String(route.body).slice(0, 100);
    await expectRefused(await refresh(), /arrived with 100 bytes instead of the .* the index lists/, serverUrl(OPTIMIZERS_FILE), LATER);
  });

  it('a topic file answered with a short message of the host’s own (plain text, or JSON that is no snapshot) is said to be one, not cut off', async () => {
    await publish(withLion());
    const route = server.routes.get(OPTIMIZERS_FILE)!;
    const hostsOwn = 'the host may answer a file it does not have with a message of its own; check what was published, and if it is being published now, try again later.';
    route.body = 'Not Found';
    await expectRefused(
      await refresh(),
      exactly(`The snapshot at ${serverUrl(OPTIMIZERS_FILE)} is plain text, not a snapshot file (it begins “Not Found”): ${hostsOwn}`),
      serverUrl(OPTIMIZERS_FILE),
      LATER,
    );
    route.body = '{"error":"not found"}';
    await expectRefused(
      await refresh(),
      exactly(`The snapshot at ${serverUrl(OPTIMIZERS_FILE)} is not a Method Lens snapshot file (it begins “{"error":"not found"}”): ${hostsOwn}`),
      serverUrl(OPTIMIZERS_FILE),
      LATER,
    );
  });

  it('a topic file answered empty (HTTP 200, no body, or only white space) is said to be empty, not cut off, and the snapshot in use stays', async () => {
    await publish(withLion());
    const activeBefore = await readMeta(db, 'active');
    const route = server.routes.get(OPTIMIZERS_FILE)!;
    for (const body of ['', '\n']) {
      route.body = body;
      await expectRefused(
        await refresh(),
        exactly(`The snapshot at ${serverUrl(OPTIMIZERS_FILE)} is empty: check what was published, and if it is being published now, try again later.`),
        serverUrl(OPTIMIZERS_FILE),
        LATER,
      );
      expect(await readMeta(db, 'active')).toEqual(activeBefore);
    }
  });

  it('a topic file cut off part-way, though listed as it is', async () => {
    await publishTopicBody(withLion(), 'Optimizers', '{"format": "method-lens-snapshot", "methods": [');
    await expectRefused(
      await refresh(),
      exactly(`The snapshot at ${serverUrl(OPTIMIZERS_FILE)} is not valid JSON: it stops part-way through, as if cut off while being published. Try again later.`),
      serverUrl(OPTIMIZERS_FILE),
      LATER,
    );
  });

  it('an index cut off part-way is said to be, not in the parser\'s words', async () => {
    server.routes.set(INDEX, { body: '{"format": "method-lens-snapshot", "formatVersion": 1, "topics": [{"topic": "Optimizers", "file": "optim' });
    await expectRefused(
      await refresh(),
      exactly(`The snapshot at ${serverUrl(INDEX)} is not valid JSON: it stops part-way through, as if cut off while being published. Try again later.`),
      serverUrl(INDEX),
      LATER,
    );
  });

  it('an index with a mistake in its JSON says where the mistake is, not the parser\'s words', async () => {
    server.routes.set(INDEX, { body: '{\n  "format": "method-lens-snapshot",\n  formatVersion: 1\n}' });
    await expectRefused(
      await refresh(),
      exactly(`The snapshot at ${serverUrl(INDEX)} is not valid JSON (the first mistake is at line 3, column 3): check what was published.`),
      serverUrl(INDEX),
    );
  });

  it('an empty index', async () => {
    server.routes.set(INDEX, { body: '' });
    await expectRefused(await refresh(), exactly(`The snapshot at ${serverUrl(INDEX)} is empty: check that the address is the snapshot's index.json.`), serverUrl(INDEX));
  });

  it('an index that is plain text (a host\'s or a portal\'s message) quotes how it begins', async () => {
    server.routes.set(INDEX, { body: '  Service temporarily unavailable.\n\nPlease sign in to the network first, then reload this page to go on.' });
    await expectRefused(
      await refresh(),
      exactly(
        `The snapshot at ${serverUrl(INDEX)} is plain text, not a snapshot file (it begins “Service temporarily unavailable. Please sign in to the…”): check that the address is the snapshot's index.json.`,
      ),
      serverUrl(INDEX),
    );
  });

  it('an index that is JSON but not a snapshot says to check the address', async () => {
    for (const body of ['{"hello": "world"}', '[]', '"index.json"']) {
      server.routes.set(INDEX, { body });
      await expectRefused(
        await refresh(),
        exactly(`The snapshot at ${serverUrl(INDEX)} is not a Method Lens snapshot file: check that the address is the snapshot's index.json.`),
        serverUrl(INDEX),
      );
    }
  });

  it('a topic file answered with a web page (a host that answers a file it does not have with its home page) is said to be one', async () => {
    await publish(withLion());
    server.routes.get(OPTIMIZERS_FILE)!.body = '<!DOCTYPE html><html><head><title>Our knowledge base</title></head></html>';
    await expectRefused(
      await refresh(),
      exactly(
        `The snapshot at ${serverUrl(OPTIMIZERS_FILE)} is a web page, not a snapshot file: the host may answer a file it does not have with a page of its own; check what was published.`,
      ),
      serverUrl(OPTIMIZERS_FILE),
      LATER,
    );
  });

  it('an index that is a web page (a host\'s error or login page, a portal\'s, GitHub\'s page of the file) is said to be one', async () => {
    const pages = [
      '\n<!DOCTYPE html><html>Not found</html>',
      '<html><head><meta http-equiv="refresh" content="0; url=http://portal.example/login"></head></html>',
      '\n\n\n\n\n\n<!DOCTYPE html>\n<html lang="en" data-color-mode="auto" data-light-theme="light">',
    ];
    for (const body of pages) {
      server.routes.set(INDEX, { body, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
      await expectRefused(
        await refresh(),
        exactly(`The snapshot at ${serverUrl(INDEX)} is a web page, not a snapshot file: check that the address is the snapshot's index.json.`),
        serverUrl(INDEX),
      );
    }
  });

  it('an index that redirects to plain http on another host', async () => {
    const redirected = async () => {
      const response = new Response('{}');
      Object.defineProperty(response, 'redirected', { value: true });
      Object.defineProperty(response, 'url', { value: 'http://kb.example.org/index.json' });
      return response;
    };
    await expectRefused(
      await refresh({ fetchImpl: redirected }),
      escape(`The snapshot at ${serverUrl(INDEX)} redirects to http://kb.example.org/index.json, which is refused`),
      serverUrl(INDEX),
    );
  });

  it('an https index may redirect to another https host, never to this machine or to plain http', async () => {
    const redirectedTo = (url: string) => async () => {
      const response = new Response('{}');
      Object.defineProperty(response, 'redirected', { value: true });
      Object.defineProperty(response, 'url', { value: url });
      return response;
    };
    const from = 'https://kb.example.org/index.json';
    const outcome = async (to: string) => {
      const result = await refresh({ indexUrl: from, fetchImpl: redirectedTo(to) });
      return result.ok ? 'ok' : result.error.what.replace(`The snapshot at ${from} `, '');
    };
    expect(await outcome('http://127.0.0.1:631/admin/?x=1')).toBe(
      'redirects to http://127.0.0.1:631/admin/?x=1, which is refused: a redirect may only lead to another https:// address off this machine (for a source on this machine, within its own address).',
    );
    for (const local of ['https://localhost:9200/_search', 'https://[::1]/x', 'https://127.0.0.2/x', 'https://0.0.0.0/x', 'https://localhost./x', 'https://api.localhost/x']) {
      expect(await outcome(local)).toMatch(/^redirects to .*, which is refused/);
    }
    expect(await outcome('http://cdn.example.net/index.json')).toMatch(/^redirects to http:\/\/cdn\.example\.net\/index\.json, which is refused/);
    // Followed, and read: the body here is no snapshot, which is the next thing said.
    expect(await outcome('https://cdn.example.net/signed/index.json?sig=1')).toBe("is not a Method Lens snapshot file: check that the address is the snapshot's index.json.");
  });

  it('a source on this machine may redirect within its own origin only, over http or https', async () => {
    const redirected = (from: string, to: string) =>
      refresh({
        indexUrl: from,
        fetchImpl: async () => Object.defineProperties(new Response('{}'), { redirected: { value: true }, url: { value: to } }),
      }).then((result) => (result.ok ? 'ok' : result.error.what.replace(`The snapshot at ${from} `, '')));
    const notSnapshot = "is not a Method Lens snapshot file: check that the address is the snapshot's index.json.";
    expect(await redirected('https://localhost:8443/kb/', 'https://localhost:8443/kb/index.json')).toBe(notSnapshot);
    expect(await redirected('http://127.0.0.1:8080/kb/', 'http://127.0.0.1:8080/kb/index.json')).toBe(notSnapshot);
    expect(await redirected('http://127.0.0.1:8080/kb/', 'https://cdn.example.net/index.json')).toMatch(/^redirects to https:\/\/cdn\.example\.net\/index\.json, which is refused/);
  });

  it('a topic that breaks the schema', async () => {
    const snapshot = withLion();
    (snapshot.topics[1]!.methods[2] as { status: string }).status = 'obsolete';
    await publish(snapshot);
    await expectRefused(
      await refresh(),
      exactly(
        `The snapshot at ${serverUrl(OPTIMIZERS_FILE)} does not follow the snapshot format: methods[2].status: expected one of "heavily superseded", "superseded", "frontier", found "obsolete".`,
      ),
      serverUrl(OPTIMIZERS_FILE),
    );
  });

  it('an index of the wrong shape says what is wrong in plain words, not zod\'s', async () => {
    const index = JSON.parse(String(server.routes.get(INDEX)!.body)) as SnapshotIndex;
    const [first, second] = index.topics as Record<string, unknown>[];
    server.routes.set(INDEX, { body: JSON.stringify({ ...index, generatedAt: 20250601, topics: [{ ...first!, file: undefined }, { ...second!, bytes: 1.5 }] }) });
    await expectRefused(
      await refresh(),
      exactly(`The snapshot at ${serverUrl(INDEX)} does not follow the snapshot format: generatedAt: expected text, found 20250601; topics[0].file: missing; topics[1].bytes: expected a whole number, found 1.5.`),
      serverUrl(INDEX),
    );
    const wordsFor = async (edit: (entry: Record<string, unknown>) => void) => {
      const entry = { ...first! };
      edit(entry);
      server.routes.set(INDEX, { body: JSON.stringify({ ...index, topics: [entry] }) });
      const outcome = await refresh();
      return outcome.ok ? 'ok' : outcome.error.what.replace(`The snapshot at ${serverUrl(INDEX)} does not follow the snapshot format: `, '');
    };
    expect(await wordsFor((entry) => (entry.topic = ''))).toBe('topics[0].topic: expected text, found none.');
    expect(await wordsFor((entry) => (entry.topic = 'T'.repeat(301)))).toBe('topics[0].topic: expected at most 300 characters, found 301.');
    expect(await wordsFor((entry) => (entry.bytes = 0))).toBe('topics[0].bytes: expected more than 0, found 0.');
    expect(await wordsFor((entry) => (entry.topic = null))).toBe('topics[0].topic: expected text, found null.');
    expect(await wordsFor((entry) => (entry.sha256 = ['a']))).toBe('topics[0].sha256: expected text, found a list.');
    expect(await wordsFor((entry) => (entry.mirror = 'https://elsewhere.example/'))).toBe('topics[0]: unknown field "mirror".');
    server.routes.set(INDEX, { body: JSON.stringify({ ...index, generatedAt: 'yesterday', topics: [] }) });
    await expectRefused(
      await refresh(),
      exactly(
        `The snapshot at ${serverUrl(INDEX)} does not follow the snapshot format: generatedAt: expected a date and time such as 2025-06-01T12:00:00Z, found "yesterday"; topics: expected at least 1 entry, found none.`,
      ),
      serverUrl(INDEX),
    );
  });

  it('an index listing a topic, or a file, twice says which entry repeats which, not "the file: file…"', async () => {
    const index = JSON.parse(String(server.routes.get(INDEX)!.body)) as SnapshotIndex;
    const [first, second] = index.topics;
    const refusedWith = async (topics: SnapshotIndex['topics']) => {
      server.routes.set(INDEX, { body: JSON.stringify({ ...index, topics }) });
      const outcome = await refresh();
      return outcome.ok ? 'ok' : outcome.error.what.replace(`The snapshot at ${serverUrl(INDEX)} does not follow the snapshot format: `, '');
    };
    expect(await refusedWith([first!, { ...second!, file: first!.file }])).toBe('topics[1]: file "llm-quantization.json" is listed twice.');
    expect(await refusedWith([first!, { ...second!, topic: first!.topic }])).toBe('topics[1]: topic "LLM quantization" is listed twice.');
    expect(await readEverything()).toEqual(before);
  });

  it('a snapshot in a newer format version than this extension reads says to update Method Lens; an older one is not said to be newer', async () => {
    const index = JSON.parse(String(server.routes.get(INDEX)!.body)) as SnapshotIndex;
    server.routes.set(INDEX, { body: JSON.stringify({ ...index, formatVersion: 2 }) });
    await expectRefused(
      await refresh(),
      exactly(
        `The snapshot at ${serverUrl(INDEX)} uses unknown snapshot format version 2 (this extension reads version 1). It was published for a newer Method Lens: update the extension, or publish the snapshot in version 1.`,
      ),
      serverUrl(INDEX),
    );
    server.routes.set(INDEX, { body: JSON.stringify({ ...index, formatVersion: 0 }) });
    await expectRefused(
      await refresh(),
      exactly(`The snapshot at ${serverUrl(INDEX)} uses unknown snapshot format version 0 (this extension reads version 1).`),
      serverUrl(INDEX),
    );
  });

  it('an index of an unknown format version', async () => {
    const index = JSON.parse(String(server.routes.get(INDEX)!.body)) as SnapshotIndex;
    server.routes.set(INDEX, { body: JSON.stringify({ ...index, formatVersion: 2 }) });
    await expectRefused(
      await refresh(),
      escape('unknown snapshot format version 2 (this extension reads version 1)'),
      serverUrl(INDEX),
    );
  });

  it('a file stored compressed (gzip) that the host sends without Content-Encoding is said to be, not as cut off, and not tried again', async () => {
    const compressed = (path: string) => (server.routes.get(path)!.body = gzipSync(String(server.routes.get(path)!.body)));
    const said = (url: string) =>
      `The snapshot at ${url} is compressed (gzip), but the host does not say so (the header Content-Encoding: gzip), so it cannot be read: publish the file uncompressed, or have the host send that header with it.`;
    await publish(withLion());
    compressed(OPTIMIZERS_FILE);
    await expectRefused(await refresh(), exactly(said(serverUrl(OPTIMIZERS_FILE))), serverUrl(OPTIMIZERS_FILE));
    compressed(INDEX);
    await expectRefused(await refresh(), exactly(said(serverUrl(INDEX))), serverUrl(INDEX));
  });

  it('a zip archive (the snapshot’s folder zipped, deflated or stored) is said to be one, not text to save as UTF-8, and not tried again', async () => {
    const zipOf = (files: ReadonlyMap<string, string>, compression: 'DEFLATE' | 'STORE') => {
      const zip = new JSZip();
      for (const [name, body] of files) zip.file(`kb/${name}`, body);
      return zip.generateAsync({ type: 'uint8array', compression });
    };
    const files = await publish(withLion());
    for (const compression of ['DEFLATE', 'STORE'] as const) {
      server.routes.set(INDEX, { body: await zipOf(files, compression), headers: { 'Content-Type': 'application/zip' } });
      await expectRefused(
        await refresh(),
        exactly(`The snapshot at ${serverUrl(INDEX)} is a zip archive, not a snapshot file: unpack it, publish the files it holds, and use the address of their index.json.`),
        serverUrl(INDEX),
      );
    }
    // A topic file zipped on its own, listed with its size and checksum as published.
    const { index } = await renderSnapshotFiles(withLion());
    const zipped = await zipOf(new Map([['optimizers.json', files.get('optimizers.json')!]]), 'DEFLATE');
    Object.assign(index.topics.find((entry) => entry.topic === 'Optimizers')!, { bytes: zipped.byteLength, sha256: await sha256Hex(zipped) });
    server.routes.set(OPTIMIZERS_FILE, { body: zipped });
    server.routes.set(INDEX, { body: JSON.stringify(index) });
    await expectRefused(
      await refresh(),
      exactly(`The snapshot at ${serverUrl(OPTIMIZERS_FILE)} is a zip archive, not a snapshot file: publish each topic file unpacked, as the import writes it.`),
      serverUrl(OPTIMIZERS_FILE),
    );
  });

  it('a file saved in another encoding than UTF-8 (a script’s Windows-1252) says where its first such byte is, and to save it as UTF-8', async () => {
    await publish(withLion());
    const { index } = await renderSnapshotFiles(withLion());
    const entry = index.topics.find((candidate) => candidate.topic === 'Optimizers')!;
    const text = String(server.routes.get(OPTIMIZERS_FILE)!.body).replace('"name":"Lion"', '\n"name":"Löwe"');
    const bytes = Buffer.from(text, 'latin1');
    Object.assign(entry, { bytes: bytes.byteLength, sha256: await sha256Hex(bytes) });
    server.routes.set(OPTIMIZERS_FILE, { body: bytes });
    server.routes.set(INDEX, { body: JSON.stringify(index) });
    const column = '"name":"L'.length + 1;
    await expectRefused(
      await refresh(),
      exactly(`The snapshot at ${serverUrl(OPTIMIZERS_FILE)} is not UTF-8 text (the first byte UTF-8 does not allow is at line 2, column ${column}): save it as UTF-8 and publish it again.`),
      serverUrl(OPTIMIZERS_FILE),
    );
  });

  it('a file saved as UTF-16 (with a byte-order mark or without) is said not to be UTF-8, not to be plain text or JSON with a mistake', async () => {
    const savedAsUtf16 = (url: string) =>
      exactly(`The snapshot at ${url} is not UTF-8 text (it holds zero bytes, as text saved as UTF-16 does): save it as UTF-8 and publish it again.`);
    const invalidAtStart = exactly(
      `The snapshot at ${serverUrl(INDEX)} is not UTF-8 text (the first byte UTF-8 does not allow is at line 1, column 1): save it as UTF-8 and publish it again.`,
    );
    const littleEndian = Buffer.from(String(server.routes.get(INDEX)!.body), 'utf16le');
    const bigEndian = Buffer.from(littleEndian).swap16();
    const indexes: [Buffer, RegExp][] = [
      // PowerShell's "Unicode", Windows Notepad's "UTF-16 LE".
      [Buffer.concat([Buffer.from([0xff, 0xfe]), littleEndian]), invalidAtStart],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), bigEndian]), invalidAtStart],
      // Node's and Python's "utf16le", which write no byte-order mark: every ASCII byte comes with a zero byte.
      [littleEndian, savedAsUtf16(serverUrl(INDEX))],
      [bigEndian, savedAsUtf16(serverUrl(INDEX))],
    ];
    for (const [body, said] of indexes) {
      server.routes.set(INDEX, { body, headers: { 'Content-Type': 'application/json; charset=utf-16' } });
      await expectRefused(await refresh(), said, serverUrl(INDEX));
    }
    // A topic file, listed with its size and checksum as saved.
    await publish(withLion());
    const { index } = await renderSnapshotFiles(withLion());
    const entry = index.topics.find((candidate) => candidate.topic === 'Optimizers')!;
    const topic = Buffer.from(String(server.routes.get(OPTIMIZERS_FILE)!.body), 'utf16le');
    Object.assign(entry, { bytes: topic.byteLength, sha256: await sha256Hex(topic) });
    server.routes.set(OPTIMIZERS_FILE, { body: topic });
    server.routes.set(INDEX, { body: JSON.stringify(index) });
    await expectRefused(await refresh(), savedAsUtf16(serverUrl(OPTIMIZERS_FILE)), serverUrl(OPTIMIZERS_FILE));
  });

  it('(a file compressed as the host says, Content-Encoding: gzip, arrives unpacked)', async () => {
    await publish(withLion());
    for (const path of [INDEX, OPTIMIZERS_FILE]) {
      const route = server.routes.get(path)!;
      route.body = gzipSync(String(route.body));
      route.headers = { ...route.headers, 'Content-Encoding': 'gzip' };
    }
    expect(await refresh()).toMatchObject({ ok: true, outcome: 'updated', topicsChanged: 1 });
  });

  it('a topic whose checksum does not match the index', async () => {
    await publish(withLion());
    const route = server.routes.get(OPTIMIZERS_FILE)!;
    route.body = String(route.body).replace('Lion', 'Lynx');
    await expectRefused(await refresh(), /does not match the checksum the index lists/, serverUrl(OPTIMIZERS_FILE), LATER);
  });

  it('a topic body larger than the index lists', async () => {
    await publish(withLion());
    const route = server.routes.get(OPTIMIZERS_FILE)!;
    route.body = `${String(route.body)}${' '.repeat(5_000)}`;
    // A newer topic published before its index: retried, as a checksum that differs is.
    await expectRefused(await refresh(), /is larger than the .* expected, so the download was stopped\. It may have changed while being published\./, serverUrl(OPTIMIZERS_FILE), LATER);
  });

  it('a topic file answered with a web page larger than the file (a host’s home page for a file it does not have) is said to be a web page, not a file that changed', async () => {
    await publish(withLion());
    const homePage = `<!DOCTYPE html><html><head><title>Our knowledge base</title></head><body>${'<p>Welcome.</p>'.repeat(1_000)}</body></html>`;
    server.routes.set(OPTIMIZERS_FILE, { body: homePage, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
    const webPage = exactly(
      `The snapshot at ${serverUrl(OPTIMIZERS_FILE)} is a web page, not a snapshot file: the host may answer a file it does not have with a page of its own; check what was published.`,
    );
    await expectRefused(await refresh(), webPage, serverUrl(OPTIMIZERS_FILE), LATER);
    // Sent without its length, it is stopped as it overflows, and told the same way.
    const files = await publish(withLion());
    const outcome = await refresh({
      fetchImpl: async (input) => {
        const file = String(input).split('/').pop()!;
        if (file !== 'optimizers.json') return new Response(files.get(file));
        return new Response(new Blob([homePage]).stream(), { headers: { 'Content-Type': 'text/html' } });
      },
    });
    await expectRefused(outcome, webPage, serverUrl(OPTIMIZERS_FILE), LATER);
  });

  it('an endless body without a length stops being read at once', async () => {
    const files = await publish(withLion());
    let piecesSent = 0;
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          piecesSent++;
          controller.enqueue(new Uint8Array(1024).fill(32));
        },
      });
    const outcome = await refresh({
      fetchImpl: async (input) => {
        const file = String(input).split('/').pop()!;
        return new Response(file === 'optimizers.json' ? endless() : files.get(file));
      },
    });
    await expectRefused(outcome, /is larger than the/, serverUrl(OPTIMIZERS_FILE), LATER);
    const listedBytes = new TextEncoder().encode(files.get('optimizers.json')).byteLength;
    expect(piecesSent).toBeLessThan(listedBytes / 1024 + 4);
  });

  it('an index listing the 10,000 topics the format allows is within the size limit', async () => {
    const { files, index } = await renderSnapshotFiles(synthesizeSnapshot({ methods: 20_000, methodsPerTopic: 2 }));
    expect(index.topics).toHaveLength(10_000);
    server.routes.set(INDEX, { body: files.get('index.json')!, headers: { 'Content-Type': 'application/json' } });
    // Past the index, the first topic's file is not served here: that is where the refresh stops.
    const firstTopic = serverUrl(`/kb/${index.topics[0]!.file}`);
    await expectRefused(await refresh(), escape(`The snapshot at ${firstTopic} answered with HTTP 404`), firstTopic, LATER);
  }, 30_000);

  it('an index larger than the limit', async () => {
    await publish(withLion());
    await expectRefused(await refresh({ maxIndexBytes: 100 }), /is larger than the 100 bytes expected/, serverUrl(INDEX));
  });

  it('a topic listed above the size limit is not even requested', async () => {
    await publish(withLion());
    await expectRefused(await refresh({ maxTopicBytes: 1000 }), /over this extension's limit of 1000 bytes/, serverUrl(OPTIMIZERS_FILE));
    expect(server.requestCount(OPTIMIZERS_FILE)).toBe(0);
  });

  it('a result pointing at an unknown method', async () => {
    const snapshot = withLion();
    snapshot.topics[1]!.results[0]!.winnerId = 'ghost';
    await publish(snapshot);
    await expectRefused(await refresh(), /is inconsistent: it points at unknown method "ghost"/, serverUrl(OPTIMIZERS_FILE));
  });

  it('a method id that another topic already has', async () => {
    const snapshot = withLion();
    snapshot.topics[1]!.methods[2]!.id = 'gptq';
    snapshot.topics[1]!.results[1]!.winnerId = 'gptq';
    await publish(snapshot);
    await expectRefused(await refresh(), /method id "gptq" also belongs to topic "LLM quantization"/, serverUrl(OPTIMIZERS_FILE));
  });

  it('a name that a method of another topic already has', async () => {
    const snapshot = withLion();
    snapshot.topics[1]!.methods[2]!.aliases = ['QuIP#'];
    await publish(snapshot);
    await expectRefused(await refresh(), /is inconsistent: name "QuIP#" belongs to both "quip-sharp" \(topic "LLM quantization"\) and "lion"/, serverUrl(OPTIMIZERS_FILE));
  });

  it('an index that drops a topic an unchanged topic still points at', async () => {
    // "Optimizers" is kept as it is; its frontier names QuIP#, of the dropped "LLM quantization".
    const { files, index } = await renderSnapshotFiles(sampleSnapshot());
    index.topics = index.topics.filter((entry) => entry.topic !== 'LLM quantization');
    files.delete('llm-quantization.json');
    files.set('index.json', JSON.stringify(index));
    server.serveFiles(files, '/kb/');
    await expectRefused(
      await refresh(),
      /is inconsistent: topic "Optimizers", unchanged, points at unknown method "quip-sharp"/,
      serverUrl(INDEX),
    );
  });

  it('a topic that is inconsistent in itself', async () => {
    const snapshot = withLion();
    snapshot.topics[1]!.methods[2]!.aliases = ['Adam'];
    await publish(snapshot);
    await expectRefused(await refresh(), /is inconsistent: name "Adam" belongs to both "adam" and "lion"/, serverUrl(OPTIMIZERS_FILE));
  });

  it('a well-formed snapshot that names no methods at all, which would empty the store', async () => {
    const empty = sampleSnapshot();
    for (const topic of empty.topics) Object.assign(topic, { methods: [], critiques: [], results: [], alternatives: [], subProblems: [], frontier: [] });
    await publish(empty);
    await expectRefused(
      await refresh(),
      escape(`The snapshot at ${serverUrl(INDEX)} names no methods at all, so it was not taken: check what was published.`),
      serverUrl(INDEX),
    );
    // One topic with methods is enough: a topic may be new and still empty.
    const oneEmpty = sampleSnapshot();
    Object.assign(oneEmpty.topics[1]!, { methods: [], critiques: [], results: [], alternatives: [], subProblems: [], frontier: [] });
    await publish(oneEmpty);
    expect(await refresh()).toMatchObject({ ok: true, outcome: 'updated', methods: 4 });
  });

  it('a host that sends the headers, then not a byte of the body', async () => {
    const stalled = (url: string) =>
      exactly(`The snapshot at ${url} stopped sending data for 1.5 s, so the download was given up. The host may be busy or down, or the connection slow: try again later.`);
    await publish(withLion());
    server.routes.get(OPTIMIZERS_FILE)!.stall = 'after-headers';
    await expectRefused(await refresh({ timeoutMs: ANSWERED_IN_TIME_MS }), stalled(serverUrl(OPTIMIZERS_FILE)), serverUrl(OPTIMIZERS_FILE), LATER);
    server.routes.get(INDEX)!.stall = 'after-headers';
    await expectRefused(await refresh({ timeoutMs: ANSWERED_IN_TIME_MS }), stalled(serverUrl(INDEX)), serverUrl(INDEX), LATER);
  });

  it('a topic file that redirects off its origin (301, 302, 307, 308), or in a loop, is refused, naming the topic file', async () => {
    await publish(withLion());
    const other = await startSnapshotServer();
    try {
      other.routes.set(OPTIMIZERS_FILE, server.routes.get(OPTIMIZERS_FILE)!);
      const elsewhere = other.url(OPTIMIZERS_FILE);
      for (const status of [301, 302, 307, 308]) {
        server.routes.set(OPTIMIZERS_FILE, { status, headers: { Location: elsewhere } });
        await expectRefused(
          await refresh(),
          exactly(
            `The snapshot at ${serverUrl(OPTIMIZERS_FILE)} redirects to ${elsewhere}, which is refused: a redirect may only lead to another https:// address off this machine (for a source on this machine, within its own address).`,
          ),
          serverUrl(OPTIMIZERS_FILE),
        );
      }
      server.routes.set(OPTIMIZERS_FILE, { status: 307, headers: { Location: OPTIMIZERS_FILE } });
      await expectRefused(
        await refresh(),
        exactly(
          `The snapshot at ${serverUrl(OPTIMIZERS_FILE)} redirects where the download cannot follow: in a loop, to an address that is not http(s), to a host that cannot be reached, or to one that does not let other sites read its files. Check the address; if it is right, try again later: where it redirects may be down, or the host's redirects at fault.`,
        ),
        serverUrl(OPTIMIZERS_FILE),
        LATER,
      );
    } finally {
      await other.close();
    }
  });

  it('a topic file holding another topic than listed', async () => {
    const snapshot = withLion();
    const { files } = await renderSnapshotFiles(snapshot);
    const doc = JSON.parse(files.get('optimizers.json')!) as TopicDocument;
    doc.topic.name = 'Schedulers';
    for (const method of doc.methods) method.topic = 'Schedulers';
    await publishTopicBody(snapshot, 'Optimizers', JSON.stringify(doc));
    await expectRefused(await refresh(), /holds topic "Schedulers", but the index lists it as "Optimizers"/, serverUrl(OPTIMIZERS_FILE));
  });

  it('a fault that is neither the download, the file nor the store: said as such, the snapshot in use kept', async () => {
    const snapshot = withLion();
    snapshot.topics[0]!.critiques[0]!.quote += ' (revised)';
    await publish(snapshot);
    const onProgress = (progress: { phase: string }) => {
      if (progress.phase === 'saving') throw new RangeError('Array buffer allocation failed');
    };
    await expectRefused(
      await refresh({ onProgress }),
      escape(`The refresh from ${serverUrl(INDEX)} failed on a fault of this extension or the browser (it said: RangeError: Array buffer allocation failed). The snapshot in use is kept; try again, and if it keeps failing, restart the browser.`),
      serverUrl(INDEX),
    );
  });

  it('a store another refresh or a clean-up changed meanwhile is said as such, to try again, not as a fault of Method Lens', async () => {
    await publish(withLion());
    const onProgress = (progress: { phase: string }) => {
      // A clean-up gives up the generations this refresh wrote just before it switches to them.
      if (progress.phase === 'activating') void db.meta.where(':id').startsWith('pending:').delete();
    };
    await expectRefused(
      await refresh({ onProgress }),
      exactly(
        `The refresh from ${serverUrl(INDEX)} was stopped: another refresh, or the clean-up after one, changed the stored snapshot at the same time. The snapshot in use is kept; try again.`,
      ),
      serverUrl(INDEX),
      LATER,
    );
  });

  it('a write held up for minutes, given up as abandoned meanwhile, is said as such, to try again, not as a fault of Method Lens', async () => {
    await publish(withLion());
    // The next reading of the clock, after the first chunk saved, is half a minute on: the heartbeat's.
    let heldUp = false;
    const now = () => new Date(Date.parse(NOW) + (heldUp ? ((heldUp = false), 31_000) : 0));
    let givenUp = false;
    const onProgress = (progress: { phase: string; records: number }) => {
      if (progress.phase !== 'saving' || progress.records === 0 || givenUp) return;
      givenUp = heldUp = true;
      void db.meta.where(':id').startsWith('pending:').delete();
    };
    await expectRefused(
      await refresh({ now, onProgress, write: { pageBytes: 1, pagesPerChunk: 1 } }),
      exactly(
        `The refresh from ${serverUrl(INDEX)} was held up for minutes while saving (the computer asleep, or the browser busy), and what it had saved was given up. The snapshot in use is kept; try again.`,
      ),
      serverUrl(INDEX),
      LATER,
    );
  });

  it('a store that fails while writing the first of two changed topics: the second is never written', async () => {
    const snapshot = withLion();
    snapshot.topics[0]!.critiques[0]!.quote += ' (revised)';
    await publish(snapshot);
    const store = Object.getPrototypeOf(db.backendDB().transaction('pages', 'readonly').objectStore('pages')) as IDBObjectStore;
    const add = store.add;
    let pageAdds = 0;
    const failing = vi.spyOn(store, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if (this.name === 'pages' && ++pageAdds === 1) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return add.apply(this, args);
    });
    try {
      await expectRefused(await refresh(), escape('could not be saved: the browser has no room left for Method Lens’s data. Free some disk space, then try again.'), serverUrl(INDEX));
    } finally {
      failing.mockRestore();
    }
    expect(pageAdds).toBe(1);
  });

  it('a store that fails otherwise while writing a topic (a disk error) is said to be the browser’s storage, not a fault of Method Lens', async () => {
    const snapshot = withLion();
    snapshot.topics[0]!.critiques[0]!.quote += ' (revised)';
    await publish(snapshot);
    const store = Object.getPrototypeOf(db.backendDB().transaction('pages', 'readonly').objectStore('pages')) as IDBObjectStore;
    const add = store.add;
    const failing = vi.spyOn(store, 'add').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['add']>) {
      if (this.name === 'pages') throw new DOMException('Internal error writing to the database.', 'UnknownError');
      return add.apply(this, args);
    });
    try {
      await expectRefused(
        await refresh(),
        exactly(
          `The snapshot from ${serverUrl(INDEX)} could not be saved: the browser’s storage failed (it said: Internal error writing to the database.). Try again; if it keeps failing, restart the browser.`,
        ),
        serverUrl(INDEX),
      );
    } finally {
      failing.mockRestore();
    }
  });

  it('a topic that fails its checks stops the next topic\'s download, already under way', async () => {
    const snapshot = withLion();
    snapshot.topics[0]!.critiques[0]!.quote += ' (revised)';
    const files = await publish(snapshot);
    const route = server.routes.get(QUANTIZATION_FILE)!;
    route.body = String(route.body).replace('(revised)', '(REVISED)');
    let optimizersSignal: AbortSignal | undefined;
    const outcome = await refresh({
      fetchImpl: async (input, init) => {
        const file = String(input).split('/').pop()!;
        if (file !== 'optimizers.json') return fetch(input, init);
        optimizersSignal = init?.signal ?? undefined;
        // A body that never ends: only an abort stops it.
        const body = new ReadableStream<Uint8Array>({ start: (controller) => void controller.enqueue(new TextEncoder().encode(files.get(file)!.slice(0, 10))) });
        return new Response(body);
      },
    });
    await expectRefused(outcome, /does not match the checksum the index lists/, serverUrl(QUANTIZATION_FILE), LATER);
    // It was asked for while the first topic was being checked, and given up with it.
    expect(optimizersSignal?.aborted).toBe(true);
  });

  it('a cancelled refresh', async () => {
    await publish(withLion());
    const controller = new AbortController();
    const outcome = await refresh({
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'saving') controller.abort();
      },
    });
    await expectRefused(outcome, /was cancelled/, serverUrl(INDEX));
  });
});

/** The progress record of a refresh whose worker stopped at 11:54 while saving. */
function deadWorkersProgress(): RefreshProgress {
  return {
    runId: 'dead',
    url: server.url(INDEX),
    startedAt: '2025-06-01T11:50:00.000Z',
    updatedAt: '2025-06-01T11:54:00.000Z',
    phase: 'saving',
    topic: 'Optimizers',
    topicsDone: 0,
    topicsTotal: 1,
    bytes: 10,
    records: 5,
  };
}

describe('while a refresh runs', () => {
  it('a refresh from another URL cancels the running one, quietly, and brings the new source', async () => {
    await publish(sampleSnapshot());
    await publish(withLion(), '/mirror/');
    server.routes.get(OPTIMIZERS_FILE)!.stall = 'mid-body';
    const first = refresh({ timeoutMs: 5_000 });
    await expect
      .poll(async () => (await getSnapshotInfo(db, new Date(NOW))).progress, { interval: 20 })
      .toMatchObject({ phase: 'downloading', topic: 'Optimizers' });
    const mirror = server.url('/mirror/index.json');
    const second = refresh({ indexUrl: mirror });
    expect(second).not.toBe(first);
    expect(await first).toMatchObject({ ok: false, error: { what: expect.stringMatching(/was cancelled/) } });
    expect(await second).toMatchObject({ ok: true, outcome: 'updated', methods: 7 });
    const info = await getSnapshotInfo(db);
    expect(info).toMatchObject({ source: mirror, lastError: null, progress: null });
    expect((await getMethodRecord(db, 'Lion'))?.wins.map((win) => win.loserName)).toEqual(['AdamW']);
  });

  describe('cancelled by the reader', () => {
    /** The store as readers see it, and every record in it but the refresh's own outcome. */
    async function snapshotState() {
      const records = await Promise.all([...db.generationTables, db.meta].map((table) => table.toArray()));
      return { everything: await readEverything(), records: records.flat().filter((row) => !['lastRefresh', 'lastError'].includes((row as { key: string }).key)) };
    }

    it('stops a download a slow host keeps going, keeps the snapshot in use whole, and records no failure', async () => {
      await publish(sampleSnapshot());
      await refresh();
      const before = await snapshotState();
      const infoBefore = await getSnapshotInfo(db);
      await publish(withLion());
      server.routes.get(OPTIMIZERS_FILE)!.stall = 'mid-body';
      const running = refresh({ timeoutMs: 10_000 });
      await expect
        .poll(async () => (await getSnapshotInfo(db, new Date(NOW))).progress, { interval: 20, timeout: 5_000 })
        .toMatchObject({ phase: 'downloading', topic: 'Optimizers' });
      const cancelled = await cancelRefresh(db);
      expect(cancelled).toMatchObject({ ok: false, cancelled: true, error: { what: expect.stringMatching(/was cancelled/) } });
      expect(await running).toBe(cancelled);
      expect(await snapshotState()).toEqual(before);
      const info = await getSnapshotInfo(db);
      expect({ lastRefresh: info.lastRefresh, lastError: info.lastError, progress: info.progress }).toEqual({ lastRefresh: infoBefore.lastRefresh, lastError: null, progress: null });
      // Nothing runs any more: a refresh asked for now starts afresh, and brings the new snapshot.
      expect(await cancelRefresh(db)).toBeNull();
      server.routes.get(OPTIMIZERS_FILE)!.stall = undefined;
      expect(await refresh()).toMatchObject({ ok: true, methods: 7 });
    });

    it('stops between batches of small topics, removing every topic of the batches it saved and of the one it was saving', async () => {
      await publish(sampleSnapshot());
      await refresh();
      const before = await snapshotState();
      await publish(synthesizeSnapshot({ methods: 60, methodsPerTopic: 2 }));
      let cancelled: Promise<RefreshOutcome | null> | undefined;
      const saving = new Set<string>();
      const outcome = await refresh({
        write: { pagesPerChunk: 4 },
        onProgress: (progress) => {
          if (progress.phase !== 'saving') return;
          saving.add(progress.topic!);
          // The third batch: two are saved, one is being saved.
          if (saving.size === 3) cancelled ??= cancelRefresh(db);
        },
      });
      expect(outcome).toMatchObject({ ok: false, cancelled: true });
      expect(await cancelled).toBe(outcome);
      expect(await snapshotState()).toEqual(before);
    });

    it('stops while a topic is being saved, removing what it wrote, and the snapshot in use stays readable throughout', async () => {
      await publish(sampleSnapshot());
      await refresh();
      const before = await snapshotState();
      const changed = withLion();
      changed.topics[0]!.critiques[0]!.quote += ' (revised)';
      await publish(changed);
      // The second topic's host is slow: it answers once the first topic is being saved.
      let release!: () => void;
      server.routes.get(OPTIMIZERS_FILE)!.hold = new Promise<void>((resolve) => (release = resolve));
      let cancelled: Promise<RefreshOutcome | null> | undefined;
      const reads: Promise<unknown>[] = [];
      const outcome = await refresh({
        write: { pageBytes: 1, pagesPerChunk: 1 },
        onProgress: (progress) => {
          if (progress.phase !== 'saving' || progress.records === 0) return;
          reads.push(getMethodRecord(db, 'gptq'));
          cancelled ??= cancelRefresh(db);
        },
      });
      release();
      expect(outcome).toMatchObject({ ok: false, cancelled: true });
      expect(await cancelled).toBe(outcome);
      for (const record of await Promise.all(reads)) expect(record).toEqual(before.everything.records.find((found) => found?.method.id === 'gptq'));
      expect(await snapshotState()).toEqual(before);
      expect((await getSnapshotInfo(db)).lastError).toBeNull();
    });

    it('is too late once the new snapshot is switched to: that refresh’s success stands', async () => {
      await publish(sampleSnapshot());
      let cancelled: Promise<RefreshOutcome | null> | undefined;
      const outcome = await refresh({
        onProgress: (progress) => {
          if (progress.phase === 'cleaning up') cancelled ??= cancelRefresh(db);
        },
      });
      expect(outcome).toMatchObject({ ok: true, outcome: 'updated' });
      expect(await cancelled).toBe(outcome);
    });
  });

  it('reports the bytes downloaded and the records saved of each topic as it goes', async () => {
    const files = await publish(sampleSnapshot());
    const seen: RefreshProgress[] = [];
    expect((await refresh({ write: { pageBytes: 1, pagesPerChunk: 1 }, onProgress: (progress) => seen.push(progress) })).ok).toBe(true);
    // The second topic downloads while the first is saved, which progress shows meanwhile.
    const firstDownload = seen.filter((progress) => progress.phase === 'downloading' && progress.topic === 'LLM quantization');
    expect(firstDownload.at(-1)?.bytes).toBe(new TextEncoder().encode(files.get('llm-quantization.json')).byteLength);
    for (const doc of sampleSnapshot().topics) {
      const topic = seen.filter((progress) => progress.topic === doc.topic.name);
      const records = topic.filter((progress) => progress.phase === 'saving').map((progress) => progress.records);
      expect(records).toEqual([...records].sort((a, b) => a - b));
      expect(records.length).toBeGreaterThan(2);
      expect(records.at(-1)).toBe(doc.methods.length + doc.critiques.length + doc.results.length + doc.alternatives.length);
    }
    // Topics are written one after another: one unbroken run of progress each.
    const writing = seen.filter((progress) => progress.phase === 'saving').map((progress) => progress.topic);
    expect(writing.filter((topic, i) => topic !== writing[i - 1])).toEqual(sampleSnapshot().topics.map((doc) => doc.topic.name));
  });

  it('the percentage it shows never goes back, though the next topic downloads while one is saved', async () => {
    await publish(sampleSnapshot());
    await refresh();
    const active = (await readMeta(db, 'active'))!;
    const changed = sampleSnapshot();
    for (const doc of changed.topics) doc.critiques[0]!.quote += ' (revised)';
    await publish(changed);
    const seen: RefreshProgress[] = [];
    expect((await refresh({ onProgress: (progress) => seen.push({ ...progress }) })).ok).toBe(true);
    // As the popup shows it: each topic estimated from the active snapshot.
    const shown = seen.map((progress) => describeProgress(progress, (progress.topic !== null && active.topics[progress.topic]) || null));
    expect(shown.filter((view, i) => i > 0 && view.percent! < shown[i - 1]!.percent!).map((view) => view.step)).toEqual([]);
    expect(new Set(seen.map((progress) => progress.topic))).toEqual(new Set([null, 'LLM quantization', 'Optimizers']));
  });

  it('the percentage it shows never goes back with small topics saved in batches', async () => {
    await publish(synthesizeSnapshot({ methods: 60, methodsPerTopic: 2 }));
    await refresh();
    const active = (await readMeta(db, 'active'))!;
    const changed = synthesizeSnapshot({ methods: 60, methodsPerTopic: 2, seed: 2 });
    expect(changed.topics.map((doc) => doc.topic.name)).toEqual(Object.keys(active.topics));
    await publish(changed);
    const seen: RefreshProgress[] = [];
    expect((await refresh({ write: { pagesPerChunk: 4 }, onProgress: (progress) => seen.push({ ...progress }) })).ok).toBe(true);
    const shown = seen.map((progress) => describeProgress(progress, (progress.topic !== null && active.topics[progress.topic]) || null));
    expect(shown.filter((view, i) => i > 0 && view.percent! < shown[i - 1]!.percent!).map((view) => view.step)).toEqual([]);
    // Each batch's save is shown, as its last topic's.
    expect(new Set(seen.filter((progress) => progress.phase === 'saving').map((progress) => progress.topic)).size).toBeGreaterThan(1);
  });

  it('a refresh asked for while one is being cancelled starts afresh once that one has let go, and brings the new snapshot', async () => {
    await publish(sampleSnapshot());
    await refresh();
    await publish(withLion());
    server.routes.get(OPTIMIZERS_FILE)!.stall = 'mid-body';
    const first = refresh({ timeoutMs: 10_000 });
    await expect
      .poll(async () => (await getSnapshotInfo(db, new Date(NOW))).progress, { interval: 20, timeout: 5_000 })
      .toMatchObject({ phase: 'downloading', topic: 'Optimizers' });
    const cancelled = cancelRefresh(db);
    server.routes.get(OPTIMIZERS_FILE)!.stall = undefined;
    const again = refresh();
    expect(again).not.toBe(first);
    expect(await cancelled).toMatchObject({ ok: false, cancelled: true });
    expect(await again).toMatchObject({ ok: true, outcome: 'updated', topicsChanged: 1, methods: 7 });
    expect(await getSnapshotInfo(db)).toMatchObject({ lastError: null, progress: null, totals: { methods: 7 } });
  });

  it('two calls share one run', async () => {
    await publish(sampleSnapshot());
    const first = refresh();
    const second = refresh();
    expect(second).toBe(first);
    await first;
    expect(server.requestCount(INDEX)).toBe(1);
    const third = refresh();
    expect(third).not.toBe(first);
    await third;
  });

  it('readers in parallel see the old snapshot or the new one, never a mix', async () => {
    await publish(sampleSnapshot());
    await refresh();
    const changed = withLion();
    changed.topics[0]!.methods[0]!.name = 'GPTQ v2';
    await publish(changed);
    // Each reader is one transaction, so each answer must match that reader's answer before or after.
    const readers = {
      info: async () => ({ ...(await getSnapshotInfo(db)), lastRefresh: null, progress: null }),
      gptq: () => getMethodRecord(db, 'gptq'),
      adamw: () => getMethodRecord(db, 'AdamW'),
      quantization: () => getTopicView(db, 'LLM quantization'),
      search: () => searchMethods(db, 'a', 50),
      dictionary: () => getMatchDictionary(db),
    };
    const readAll = () => Promise.all(Object.values(readers).map((read) => read()));
    const before = await readAll();

    let done = false;
    const running = refresh({ write: { pageBytes: 1, pagesPerChunk: 1 } }).finally(() => (done = true));
    const seen: unknown[][] = [];
    while (!done) seen.push(await readAll());
    expect(await running).toMatchObject({ ok: true, topicsChanged: 2 });
    const after = await readAll();

    expect(seen.length).toBeGreaterThan(2);
    for (const answers of seen) answers.forEach((answer, i) => expect([before[i], after[i]]).toContainEqual(answer));
    expect(seen.some((answers) => answers.every((answer, i) => answer !== before[i]))).toBe(true);
  });

  it('other contexts can read its progress from the store until it ends', async () => {
    await publish(withLion());
    // A slow host: the topic is answered only once the progress has been seen.
    let release!: () => void;
    server.routes.get(OPTIMIZERS_FILE)!.hold = new Promise<void>((resolve) => (release = resolve));
    const running = refresh();
    await expect
      .poll(async () => (await getSnapshotInfo(db, new Date(NOW))).progress, { interval: 20, timeout: 15_000 })
      .toMatchObject({ phase: 'downloading', topic: 'Optimizers', url: server.url(INDEX), startedAt: NOW });
    release();
    expect((await running).ok).toBe(true);
    expect((await getSnapshotInfo(db)).progress).toBeNull();
  });

  it('marks the start of each phase as progress shows it, once per change, for bench:sync to time', async () => {
    await publish(sampleSnapshot());
    performance.clearMarks();
    const shown: string[] = [];
    expect((await refresh({ onProgress: (progress) => shown.push(progress.phase) })).ok).toBe(true);
    const changes = ['checking', ...shown].filter((phase, i, all) => phase !== all[i - 1]);
    const marks = performance.getEntriesByType('mark').filter((mark) => mark.name.startsWith(REFRESH_PHASE_MARK));
    expect(marks.map((mark) => mark.name.slice(REFRESH_PHASE_MARK.length))).toEqual(changes);
    expect(changes).toEqual(expect.arrayContaining(['checking', 'downloading', 'saving', 'activating', 'cleaning up']));
    performance.clearMarks();
  });

  it('writes its progress to the store at most four times a second', async () => {
    await publish(synthesizeSnapshot({ methods: 300, methodsPerTopic: 100 }));
    let storeWrites = 0;
    const countProgressWrite = (key: string) => {
      if (key === 'progress') storeWrites++;
    };
    db.meta.hook('creating', (key) => countProgressWrite(key));
    db.meta.hook('updating', (_changes, key) => countProgressWrite(key));
    let updates = 0;
    const started = Date.now();
    await refresh({ write: { pageBytes: 1, pagesPerChunk: 1 }, onProgress: () => updates++ });
    const seconds = (Date.now() - started) / 1000;

    expect(updates).toBeGreaterThan(20);
    expect(storeWrites).toBeGreaterThanOrEqual(1);
    expect(storeWrites).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 1);
  });

  it('a progress record a stopped worker left is claimed at the next start, and said to be cut off', async () => {
    const dead = deadWorkersProgress();
    await db.meta.put(metaRow('progress', dead));
    // A refresh this worker started itself is not claimed.
    expect(await claimInterruptedRefresh(db, new Date('2025-06-01T11:49:00.000Z'))).toBeNull();
    const claimed = await claimInterruptedRefresh(db, new Date('2025-06-01T11:55:00.000Z'), new Date(NOW));
    expect(claimed).toEqual(dead);
    await settleCutOff(db, claimed!, false, new Date(NOW));
    const info = await getSnapshotInfo(db, new Date('2025-06-01T11:55:00.000Z'));
    expect(info.progress).toBeNull();
    expect(info.lastError).toEqual({ what: 'The browser stopped the extension’s background before the refresh could finish.', url: server.url(INDEX), at: NOW });
    expect(await claimInterruptedRefresh(db, new Date(NOW))).toBeNull();
  });

  it('a progress record left by a stopped worker is ignored after a minute', async () => {
    const progress = deadWorkersProgress();
    await db.meta.put(metaRow('progress', progress));
    expect((await getSnapshotInfo(db, new Date('2025-06-01T11:55:00.000Z'))).progress).toEqual(progress);
    expect((await getSnapshotInfo(db, new Date('2025-06-01T11:55:00.001Z'))).progress).toBeNull();
  });

  it('renews its progress record every 20 s while nothing changes (a slow answer, a long save), and stops when done', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      vi.setSystemTime(new Date(NOW));
      const reporter = new ProgressReporter(db, { runId: 'slow', url: server.url(INDEX) }, { now: () => new Date() });
      reporter.update({ phase: 'downloading', topic: 'Optimizers' });
      const recorded = async () => (await readMeta(db, 'progress'))?.updatedAt;
      await vi.waitFor(async () => expect(await recorded()).toBe(NOW));
      // Written when 20 s have passed since the last write, as the 10 s tick finds: never 60 s silent.
      for (const time of ['12:00:00', '12:00:20', '12:00:20', '12:00:40', '12:00:40', '12:01:00']) {
        await vi.advanceTimersByTimeAsync(10_000);
        await vi.waitFor(async () => expect(await recorded()).toBe(`2025-06-01T${time}.000Z`)); // the write's transaction
      }
      await reporter.finish();
      expect(await readMeta(db, 'progress')).toBeUndefined();
      await vi.advanceTimersByTimeAsync(60_000);
      expect(await readMeta(db, 'progress')).toBeUndefined();
    } finally {
      vi.useRealTimers();
    }
  });
});
