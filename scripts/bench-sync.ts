/**
 * How long a refresh takes and what it costs the service worker, in the built extension in Debian's
 * Chromium: synthetic snapshots of 1k, 10k and 50k methods served from 127.0.0.1, each imported into a
 * fresh browser profile; then, against the 50k store, method-by-id, by-name and prefix-search reads
 * as message round trips from an extension page. Baselines from the same run: IndexedDB's own time
 * to store the snapshot's bytes in the same browser (no parsing, no checks, no layout), and the
 * smallest request's round trip. With --profile (or when the 50k import misses its 20 s target),
 * where the time goes: a CPU profile of the worker.
 *
 *   npm run bench:sync [-- --sizes 1000,10000,50000 --reads 60 --rate 25 --profile --profile-size 10000 --build --json out.json]
 *
 * A size is a number of methods, in topics of 1,000 (the synthesiser's default), or `methods@per-topic`
 * for other topics: `--sizes 10000,20000@10` imports 10k methods in 10 topics, then 20k in 2,000 topics,
 * where the cost of each topic shows. --profile-size (the same form, 10000 by default) is the import profiled.
 * --replace imports a second snapshot of each size (another seed: every topic changed) into the same store,
 * which then drops the first one's topics. --extension measures a build made before (an earlier commit's `.output/chrome-mv3`, copied aside) instead of
 * this tree's; --profile-extension profiles an unminified one made before instead of building one.
 *
 * --rate N serves the snapshots at most N MB/s, as a remote server would; by default they come as
 * fast as this machine serves them.
 *
 * Prints numbers and ratios against baselines measured in the same run; never asserts timings.
 */
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { readCommandLine, usageError } from './command-line';
import {
  BenchFailure,
  count,
  describeBuild,
  ensureExtensionBuilt,
  log,
  median,
  mib,
  ms,
  percentile,
  ratio,
  removeTempDir,
  runBenchmark,
  seconds,
  table,
  verdict,
} from './bench/common';
import type { BenchBrowser, HeapPeaks, HeapUsage, WorkerSession } from './bench/extension';
import { buildUnminified, categorize, native, type CpuProfile } from './bench/profile';
import { readMethods, synthSnapshot, type SnapshotFolder } from './bench/snapshots';
import { startStaticServer, type StaticServer } from './bench/static-server';
import type { RefreshOutcome } from '../lib/sync/refresh';
import { REFRESH_PHASE_MARK } from '../lib/sync/progress';

const USAGE =
  'usage: npm run bench:sync [-- --sizes 1000,10000,50000@10 --reads 60 --rate <MB/s> --profile | --no-profile --profile-size 10000@10 --replace --build | --extension <dir> --profile-extension <dir> --json <file>]';
const args = readCommandLine('bench:sync', USAGE, {
  sizes: { type: 'string', default: '1000,10000,50000' },
  'profile-size': { type: 'string', default: '10000' },
  replace: { type: 'boolean', default: false },
  extension: { type: 'string' },
  'profile-extension': { type: 'string' },
  reads: { type: 'string', default: '60' },
  /** Profile even when the largest import meets its target. */
  profile: { type: 'boolean', default: false },
  'no-profile': { type: 'boolean', default: false },
  build: { type: 'boolean', default: false },
  json: { type: 'string' },
  rate: { type: 'string' },
});
// The browser driver, once the command line is read: `--help` does not load it.
const { attachToServiceWorker, launchWithBundledSnapshot, pollHeap } = await import('./bench/extension');
/** A synthetic snapshot to import: its methods, in topics of `perTopic` (the synthesiser's default when undefined). */
interface Size {
  methods: number;
  perTopic: number | undefined;
}
function readSize(text: string): Size {
  const match = /^(\d+)(?:@(\d+))?$/.exec(text.trim());
  if (!match) usageError('bench:sync', USAGE, `a size is a number of methods, or methods@per-topic (got "${text}")`);
  return { methods: Number(match[1]), perTopic: match[2] === undefined ? undefined : Number(match[2]) };
}
const SIZES = args.sizes.split(',').map(readSize);
const PROFILE_SIZE = readSize(args['profile-size']);
const READS = Math.max(50, Number(args.reads));
/** Bytes per second the server sends at most, if limited. */
const RATE = args.rate === undefined ? undefined : Number(args.rate) * 1e6;
if (RATE !== undefined && !(RATE > 0)) throw new Error(`--rate takes megabytes per second, not "${args.rate}"`);
const IMPORT_TARGET_MS = 20_000;
const READ_TARGET_MS = 5;
const HEAP_POLL_MS = 100;
/** Longest wait for one import (the worker is kept alive by the DevTools session meanwhile). */
const IMPORT_TIMEOUT_MS = 45 * 60_000;

/** How the profile's samples are grouped (see `categorize`): the first category that matches wins. */
const CATEGORIES = [
  { label: 'idle: waiting for IndexedDB commits (and the network)', self: native('(idle)') },
  { label: 'garbage collection', self: native('(garbage collector)') },
  { label: 'IndexedDB add(): structured clone + queueing, per record', self: native('add', 'put', 'delete') },
  { label: 'laying out dossiers and pages (grouping, JSON, UTF-8)', onStack: /^(layoutTopic|encodeManifest)\d*$/ },
  { label: 'building the catalog', onStack: /^(buildCatalog|writeCatalog|readManifests)\d*$/ },
  { label: 'IndexedDB writes: Dexie', onStack: /^(mutate|bulkAdd|writeTopicGeneration|keepAlive)\d*$/ },
  { label: 'UTF-8 decode + JSON.parse', onStack: /^parseSnapshotJson\d*$/ },
  { label: 'zod schema validation', onStack: /^checkShape\d*$/ },
  { label: 'consistency checks', onStack: /^(findTopicProblems|mentionedIds|checkAcrossTopics)\d*$/ },
  { label: 'sha256', onStack: /^sha256Hex\d*$/ },
  { label: 'download (fetch, body read)', onStack: /^(download|readLimited)\d*$/ },
  { label: 'dropping the old snapshot', onStack: /^(dropGenerations|collectGarbage)\d*$/ },
  { label: 'browser internals ("(program)")', self: native('(program)') },
];

/** A phase as progress showed it, from the worker's `method-lens:refresh:<phase>` mark. */
interface PhaseStart {
  phase: string;
  /** Milliseconds after the import was started. */
  at: number;
}

interface ImportResult {
  methods: number;
  records: number;
  topics: number;
  bytes: number;
  importMs: number;
  outcome: RefreshOutcome;
  heapBefore: HeapUsage;
  heap: HeapPeaks;
  phases: PhaseStart[];
  /** IndexedDB alone storing the same number of bytes (`rawWriteFloor`). */
  floorMs: number;
  /** A second import into the same store, replacing every topic of the first (--replace). */
  replacing?: true;
}

interface ReadResult {
  label: string;
  samples: number[];
  /** The store read alone, inside the worker (`method-lens:<request>` measures); empty where none is taken. */
  inWorker: number[];
  /** A description of the queries. */
  queries: string;
  /** Replies that were empty (no record, no match). */
  empty: number;
  /** Searches answered from the word runs (no name or alias starts with the query). */
  byWord: number;
}

await runBenchmark('bench:sync', async () => {
  const loadStart = loadavg();
  if (args.extension === undefined) await ensureExtensionBuilt(args.build);
  // Described now, not once the run ends: the tree may change while it runs.
  const build = args.extension === undefined ? describeBuild() : `extension: ${args.extension} (built before)`;
  const server = await startStaticServer({ bytesPerSecond: RATE });
  const imports: ImportResult[] = [];
  let reads: ReadResult[] = [];
  const largest = Math.max(...SIZES.map((size) => size.methods));
  let readsTaken = false;

  for (const size of SIZES) {
    const snapshot = await synthSnapshot(size.methods, { methodsPerTopic: size.perTopic });
    const url = server.mount(`synth-${size.methods}${size.perTopic === undefined ? '' : `-${size.perTopic}`}`, snapshot.folder);
    const { bench } = await launchWithBundledSnapshot(args.extension);
    try {
      const result = await measureImport(bench, url, snapshot);
      log(`  IndexedDB alone, the snapshot's ${(snapshot.bytes / 1e6).toFixed(0)} MB as 64 kB records…`);
      result.floorMs = await bench.page.evaluate(rawWriteFloor, { indexUrl: url });
      imports.push(result);
      if (size.methods === largest && !readsTaken) {
        reads = await measureReads(bench, snapshot);
        readsTaken = true;
      }
      if (args.replace) {
        const next = await synthSnapshot(size.methods, { methodsPerTopic: size.perTopic, seed: 2 });
        try {
          const nextUrl = server.mount(`synth-${size.methods}${size.perTopic === undefined ? '' : `-${size.perTopic}`}-again`, next.folder);
          imports.push({ ...(await measureImport(bench, nextUrl, next)), floorMs: result.floorMs, replacing: true });
        } finally {
          await removeTempDir(next.folder);
        }
      }
    } finally {
      await bench.close();
      await removeTempDir(snapshot.folder);
    }
  }

  const big = imports.find((result) => result.methods === largest)!;
  const wantProfile = !args['no-profile'] && (args.profile || big.importMs > IMPORT_TARGET_MS);
  const breakdown = wantProfile ? await profileImport(server, big) : null;

  if (args.json) await writeFile(args.json, JSON.stringify({ imports, reads, breakdown }, (_key, value) => (value instanceof Map ? Object.fromEntries(value) : value), 1));
  printReport(imports, reads, breakdown, [loadStart, loadavg()], build);
});

// ---------------------------------------------------------------------------------------------------------
// Import

async function measureImport(bench: BenchBrowser, url: string, snapshot: SnapshotFolder): Promise<ImportResult> {
  const worker = await attachToServiceWorker(bench);
  const heapBefore = await worker.send<HeapUsage>('Runtime.getHeapUsage');
  const heapPoll = pollHeap(worker, HEAP_POLL_MS);
  await worker.send('Runtime.evaluate', { expression: `performance.clearMarks()` });
  const started = performance.now();
  const startedWall = Date.now();

  log(`importing ${count(snapshot.methods)} methods (${count(snapshot.records)} records, ${(snapshot.bytes / 1e6).toFixed(0)} MB) from ${url}…`);
  // Setting the source starts the refresh (the background watches it); startRefresh joins that run
  // and answers with its outcome once the store holds the new snapshot.
  await bench.setSource({ kind: 'url', url });
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    bench.send<RefreshOutcome>('startRefresh'),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new BenchFailure(`the import took over ${IMPORT_TIMEOUT_MS / 60_000} min`)), IMPORT_TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
  const importMs = performance.now() - started;
  const phases = await phaseStarts(worker, startedWall);
  const heap = await heapPoll.stop();
  await worker.detach();
  if (!outcome.ok) throw new BenchFailure(`the refresh from ${url} failed: ${outcome.error.what}`);
  const info = await bench.snapshotInfo();
  if (info.totals.methods !== snapshot.methods || info.source !== url) {
    throw new BenchFailure(`after the refresh the store holds ${info.totals.methods} methods from ${info.source}, expected ${snapshot.methods} from ${url}`);
  }
  log(`  imported in ${seconds(importMs)}; peak worker heap ${mib(heap.used)}`);
  return {
    methods: snapshot.methods,
    records: snapshot.records,
    topics: snapshot.topics,
    bytes: snapshot.bytes,
    importMs,
    outcome,
    heapBefore,
    heap,
    phases,
    floorMs: NaN,
  };
}

/**
 * Runs in the extension page: downloads the snapshot's files, then times storing their bytes as
 * 64 kB Uint8Array records, 32 per transaction, into a scratch database — what IndexedDB alone takes
 * for the snapshot's bytes in this browser, without parsing, checking or laying anything out. (The
 * real bytes, not zeros: IndexedDB's storage compresses what it writes.)
 */
async function rawWriteFloor({ indexUrl }: { indexUrl: string }): Promise<number> {
  const index = (await (await fetch(indexUrl)).json()) as { topics: { file: string }[] };
  const name = 'bench-floor';
  const done = (request: IDBRequest | IDBOpenDBRequest) =>
    new Promise<void>((resolve, reject) => {
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
    });
  await done(indexedDB.deleteDatabase(name));
  const opening = indexedDB.open(name, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore('pages', { keyPath: 'key' });
  await done(opening);
  const db = opening.result;
  const page = 64 * 1024;
  let ms = 0;
  for (const { file } of index.topics) {
    const bytes = new Uint8Array(await (await fetch(new URL(file, indexUrl))).arrayBuffer());
    const pages = Array.from({ length: Math.ceil(bytes.length / page) }, (_, i) => bytes.slice(i * page, (i + 1) * page));
    const started = performance.now();
    for (let first = 0; first < pages.length; first += 32) {
      await new Promise<void>((resolve, reject) => {
        const transaction = db.transaction('pages', 'readwrite');
        const store = transaction.objectStore('pages');
        pages.slice(first, first + 32).forEach((data, i) => store.add({ key: `${file}|${first + i}`, gen: 'floor', bytes: data }));
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
    }
    ms += performance.now() - started;
  }
  db.close();
  await done(indexedDB.deleteDatabase(name));
  return ms;
}

/** The refresh's phase marks in the worker (see `lib/sync/progress.ts`), placed on this process's clock. */
async function phaseStarts(worker: WorkerSession, startedWall: number): Promise<PhaseStart[]> {
  const { result } = await worker.send<{ result: { value: [string, number][] } }>('Runtime.evaluate', {
    expression: `performance.getEntriesByType('mark').filter((mark) => mark.name.startsWith(${JSON.stringify(REFRESH_PHASE_MARK)}))
      .map((mark) => [mark.name.slice(${REFRESH_PHASE_MARK.length}), performance.timeOrigin + mark.startTime])`,
    returnByValue: true,
  });
  return result.value.map(([phase, wall]) => ({ phase, at: wall - startedWall }));
}

/**
 * Wall-clock time per refresh phase as progress showed it, from the worker's own marks: each phase
 * lasts until the next one starts, the last until the outcome arrives; "starting" is the time until
 * the refresh began. "downloading" covers the fetch and the checks that follow it (sha256,
 * JSON.parse, zod, consistency), since progress moves to "saving" only once a topic is verified;
 * while a topic is saved the next one downloads, which progress shows once the save is done. The
 * CPU profile splits them.
 */
function phaseTimes(result: ImportResult): { phase: string; ms: number }[] {
  const names: Record<string, string> = {
    checking: 'checking (the index)',
    downloading: 'downloading + verifying (fetch, sha256, JSON.parse, zod, checks)',
    saving: 'saving (layout + IndexedDB writes)',
    activating: 'activating (catalog + flip)',
  };
  const starts = [...result.phases].sort((a, b) => a.at - b.at);
  if (starts.length === 0) return [];
  const totals = new Map<string, number>([['starting', Math.max(0, starts[0]!.at)]]);
  starts.forEach(({ phase, at }, i) => {
    const label = names[phase] ?? phase;
    totals.set(label, (totals.get(label) ?? 0) + ((starts[i + 1]?.at ?? result.importMs) - at));
  });
  return [...totals].map(([phase, ms]) => ({ phase, ms })).filter((row) => row.ms >= 50).sort((a, b) => b.ms - a.ms);
}

// ---------------------------------------------------------------------------------------------------------
// Reads

/** Round trips from the extension page, timed in the page around `chrome.runtime.sendMessage`. */
async function timeRequests({ type, payloads }: { type: string; payloads: unknown[] }) {
  {
    const samples: number[] = [];
    let empty = 0;
    let byWord = 0;
    for (const payload of payloads) {
      const started = performance.now();
      const reply = (await chrome.runtime.sendMessage({ direction: 'page→background', type, payload })) as { ok: boolean; value?: unknown; error?: string };
      samples.push(performance.now() - started);
      if (!reply?.ok) throw new Error(`${type} failed: ${reply?.error ?? 'no answer'}`);
      if (reply.value === null || (Array.isArray(reply.value) && reply.value.length === 0)) empty += 1;
      if (Array.isArray(reply.value) && (reply.value[0] as { byWord?: boolean } | undefined)?.byWord) byWord += 1;
    }
    return { samples, empty, byWord };
  }
}

async function measureReads(bench: BenchBrowser, snapshot: SnapshotFolder): Promise<ReadResult[]> {
  log(`reads against the ${count(snapshot.methods)}-method store (${READS} samples each)…`);
  // Methods from every 5th topic, so the samples spread over the store.
  const methods = await readMethods(snapshot.folder, 5);
  let seed = 7;
  const random = (below: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % below;
  };
  const pick = () => methods[random(methods.length)]!;
  const ids = Array.from({ length: READS }, () => pick().id);
  const names = Array.from({ length: READS }, () => {
    const method = pick();
    return method.names[random(method.names.length)]!;
  });
  const prefixes = Array.from({ length: READS }, (_, i) => pick().names[0]!.slice(0, 2 + (i % 2)));
  // The first letters of a word inside a name, one no label read here starts with: search then reads the word runs too.
  const labelStarts = new Set(methods.flatMap((method) => method.names.flatMap((name) => [3, 4, 5].map((length) => name.toLowerCase().slice(0, length)))));
  const innerWords = methods.flatMap((method) =>
    method.names[0]!
      .toLowerCase()
      .split(' ')
      .slice(1)
      .map((word) => word.replace(/[^\p{L}\p{N}]/gu, '').slice(0, 5))
      .filter((word) => word.length >= 3 && !labelStarts.has(word)),
  );
  const words = Array.from({ length: READS }, () => innerWords[random(innerWords.length)]!);

  const worker = await attachToServiceWorker(bench);
  const workerMeasures = async (name: string, clear: boolean): Promise<number[]> => {
    const { result } = await worker.send<{ result: { value: number[] } }>('Runtime.evaluate', {
      expression: `(() => { const d = performance.getEntriesByName(${JSON.stringify(`method-lens:${name}`)}).map((e) => e.duration); if (${clear}) performance.clearMeasures(); return d; })()`,
      returnByValue: true,
    });
    return result.value;
  };
  const run = async (label: string, type: string, payloads: unknown[], queries: string): Promise<ReadResult> => {
    // Warm-up: the first requests pay for waking code paths and IndexedDB's caches.
    await bench.page.evaluate(timeRequests, { type, payloads: payloads.slice(0, 5) });
    await workerMeasures(type, true);
    const { samples, empty, byWord } = await bench.page.evaluate(timeRequests, { type, payloads });
    const inWorker = await workerMeasures(type, true);
    return { label, samples, inWorker, queries: byWord > 0 ? `${queries} (${byWord} answered by inner words)` : queries, empty, byWord };
  };
  const reads = [
    await run('getSnapshotInfo (reference: smallest request)', 'getSnapshotInfo', Array.from({ length: READS }, () => ({})), 'meta only'),
    await run('getMethodRecord by id', 'getMethodRecord', ids.map((idOrName) => ({ idOrName })), `${READS} random ids`),
    await run('getMethodRecord by exact name', 'getMethodRecord', names.map((idOrName) => ({ idOrName })), `${READS} random names/aliases`),
    await run('searchMethods (prefix, limit 20)', 'searchMethods', prefixes.map((prefix) => ({ prefix, limit: 20 })), '2- and 3-letter prefixes of random names'),
    ...(innerWords.length === 0
      ? []
      : [await run('searchMethods (a word inside names, limit 20)', 'searchMethods', words.map((prefix) => ({ prefix, limit: 20 })), 'a word inside random names, no label read here starting so')]),
  ];
  await worker.detach();
  return reads;
}

// ---------------------------------------------------------------------------------------------------------
// Where the time goes

interface Breakdown {
  /** CPU profile of the worker importing a snapshot with an unminified build. */
  profiled: { methods: number; records: number; topics: number; importMs: number; categories: { label: string; ms: number }[] };
}


async function profileImport(server: StaticServer, big: ImportResult): Promise<Breakdown> {
  log(`the ${count(big.methods)} import took ${seconds(big.importMs)}: profiling a ${count(PROFILE_SIZE.methods)}-method import…`);
  const extensionDir = args['profile-extension'] ?? (await buildUnminified());
  const snapshot = await synthSnapshot(PROFILE_SIZE.methods, { methodsPerTopic: PROFILE_SIZE.perTopic });
  const url = server.mount(`profile-${PROFILE_SIZE.methods}`, snapshot.folder);
  const { bench } = await launchWithBundledSnapshot(extensionDir);
  try {
    const worker = await attachToServiceWorker(bench);
    await worker.send('Profiler.enable');
    await worker.send('Profiler.setSamplingInterval', { interval: 1000 });
    await worker.send('Profiler.start');
    const started = performance.now();
    await bench.setSource({ kind: 'url', url });
    const outcome = await bench.send<RefreshOutcome>('startRefresh');
    const importMs = performance.now() - started;
    const { profile } = await worker.send<{ profile: CpuProfile }>('Profiler.stop');
    await worker.detach();
    if (!outcome.ok) throw new BenchFailure(`the profiled refresh failed: ${outcome.error.what}`);
    return { profiled: { methods: snapshot.methods, records: snapshot.records, topics: snapshot.topics, importMs, categories: categorize(profile, CATEGORIES) } };
  } finally {
    await bench.close();
    await removeTempDir(snapshot.folder);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Report

function printReport(imports: ImportResult[], reads: ReadResult[], breakdown: Breakdown | null, loads: number[][], build: string) {
  console.log('\n=== bench:sync — synthetic snapshots served from 127.0.0.1, each imported into a fresh browser profile ===');
  console.log(`machine load average (1/5/15 min): start ${loads[0]!.map((v) => v.toFixed(1)).join(' / ')}; end ${loads[1]!.map((v) => v.toFixed(1)).join(' / ')} (2 cores)`);
  console.log(build);
  console.log(`server: 127.0.0.1, ${RATE === undefined ? 'as fast as this machine serves' : `at most ${RATE / 1e6} MB/s (--rate)`}`);

  console.log('\n1. Import: from setting the source + startRefresh until the refresh outcome (the store holds the new snapshot)');
  console.log(
    table(
      ['methods', 'KB records', 'topics', 'bytes', 'import', 'per topic', 'target', 'floor', 'import/floor', 'MB/s', 'worker heap before', 'peak heap used', 'peak used + ArrayBuffers', 'heap samples (longest gap)'],
      imports.map((result) => [
        `${count(result.methods)}${result.replacing ? ' (replacing)' : ''}`,
        count(result.records),
        count(result.topics),
        `${(result.bytes / 1e6).toFixed(0)} MB`,
        seconds(result.importMs),
        ms(result.importMs / result.topics, 1),
        result.methods >= 50_000 ? `< 20 s: ${verdict(result.importMs < IMPORT_TARGET_MS)}` : '',
        seconds(result.floorMs),
        ratio(result.importMs / result.floorMs, 1),
        (result.bytes / 1e6 / (result.importMs / 1000)).toFixed(1),
        mib(result.heapBefore.usedSize),
        mib(result.heap.used),
        mib(result.heap.usedWithBuffers),
        `${result.heap.samples} (${ms(result.heap.longestGapMs, 0)})`,
      ]),
    ),
  );
  console.log('   Choosing the source (setSnapshotSource) starts the refresh; startRefresh, sent right after, joins it and answers with its outcome.');
  console.log("   floor = IndexedDB alone storing the snapshot's own bytes, as 64 kB records from an extension page of the same browser,");
  console.log('   right after the import: no JSON, no checks, no layout, no catalog (rawWriteFloor).');
  console.log(`   Heap: Runtime.getHeapUsage on the extension's service worker (DevTools session attached to its target) every ${HEAP_POLL_MS} ms,`);
  console.log('   one request in flight; "used" = live V8 heap, "+ ArrayBuffers" adds backing stores (downloaded bytes, pages).');
  console.log('   The attached DevTools session keeps the worker alive; without it, Chrome may stop a worker that runs one event for minutes.');

  for (const result of imports) {
    const phases = phaseTimes(result);
    console.log(`\n   ${count(result.methods)} methods in ${count(result.topics)} topics${result.replacing ? ', replacing as many' : ''} — wall-clock per refresh phase as progress shows it (from the worker's phase marks; a topic's download overlaps the previous one's save, which progress shows):`);
    console.log(
      table(
        ['phase', 'time', 'share'],
        phases.map(({ phase, ms: time }) => [`   ${phase}`, seconds(time), `${((100 * time) / result.importMs).toFixed(0)} %`]),
      ),
    );
  }

  if (reads.length) {
    const storeSize = Math.max(...imports.map((result) => result.methods));
    const baseline = median(reads[0]!.samples);
    console.log(`\n2. Reads against the ${count(storeSize)}-method store: message round trips from an extension page (chrome.runtime.sendMessage → background → IndexedDB → reply), timed in the page`);
    console.log(
      table(
        ['request', 'queries', 'samples', 'round trip: median', 'p90', 'max', 'over the smallest request', 'store read in the worker: median', 'p90', 'empty replies', `target: read < ${READ_TARGET_MS} ms`],
        reads.map((read) => [
          read.label,
          read.queries,
          String(read.samples.length),
          ms(median(read.samples), 2),
          ms(percentile(read.samples, 90), 2),
          ms(Math.max(...read.samples), 2),
          read === reads[0] ? '' : ms(median(read.samples) - baseline, 2),
          read.inWorker.length ? ms(median(read.inWorker), 2) : '',
          read.inWorker.length ? ms(percentile(read.inWorker, 90), 2) : '',
          String(read.empty),
          read.inWorker.length ? verdict(median(read.inWorker) < READ_TARGET_MS) : '',
        ]),
      ),
    );
    console.log('   Each request type gets 5 warm-up requests first (not counted). "store read in the worker" = the read function alone');
    console.log('   (performance.measure around it in the background); the popup and options pages make the same reads in their own page,');
    console.log('   without the round trip; content scripts ask the background, and wait the round trip.');
  }

  if (breakdown) {
    const { profiled } = breakdown;
    const total = profiled.categories.reduce((sum, category) => sum + category.ms, 0);
    console.log(`\n3. Where the time goes: CPU profile of the service worker importing ${count(profiled.methods)} methods in ${count(profiled.topics)} topics (${count(profiled.records)} KB records) with an unminified build, ${seconds(profiled.importMs)}`);
    console.log(
      table(
        ['category (innermost match first, then by function on the stack)', 'time', 'share'],
        profiled.categories
          .filter((category) => category.ms > 0)
          .sort((a, b) => b.ms - a.ms)
          .map((category) => [category.label, seconds(category.ms, 2), `${((100 * category.ms) / total).toFixed(1)} %`]),
      ),
    );
  }
}
