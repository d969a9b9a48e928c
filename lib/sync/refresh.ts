/**
 * Brings the local snapshot up to date with a published one (a web URL or the bundled
 * `chrome-extension://…/snapshot/index.json`). Downloads only topics whose checksum changed, writes
 * each under a new generation as soon as it is verified, and activates them all in one flip once
 * the whole new snapshot checks out. Any failure leaves the current snapshot exactly as it was.
 */
import type { IndexEntry, SnapshotIndex } from '../snapshot/schema';
import {
  newId,
  readMeta,
  type ActiveSnapshot,
  type ActiveTopic,
  type LastRefresh,
  type MethodLensDb,
  type RefreshError,
  type RefreshProgress,
} from '../store/db';
import { CATALOG_FORMAT, own, type CatalogInput } from '../store/catalog';
import { dropGenerations } from '../store/garbage';
import { DEFAULT_PAGE_BYTES, LAYOUT_VERSION, type TopicManifest } from '../store/layout';
import { readManifests } from '../store/read';
import { recordFailure, recordSuccess } from '../store/status';
import { activateSnapshot, DEFAULT_PAGES_PER_CHUNK, StoreChangedMeanwhile, writeCatalog, writeTopicGenerations, type WriteOptions } from '../store/write';
import { download, MIN_BYTES_PER_SECOND, type Downloaded, type DownloadOptions } from './download';
import { failure, RefreshFailure } from './errors';
import { isStorageFailure, storageFailureWords } from '../store/storage-error';
import { ProgressReporter } from './progress';
import { SaveQueue } from './save-queue';
import { checkAcrossTopics, parseIndex, parseTopic, type StayingMethods, type TopicReferences } from './verify';

export interface RefreshOptions {
  db: MethodLensDb;
  indexUrl: string;
  fetchImpl?: typeof fetch;
  /** Longest wait for an answer, and for each next piece of a body. */
  timeoutMs?: number;
  maxTopicBytes?: number;
  maxIndexBytes?: number;
  signal?: AbortSignal;
  onProgress?: (progress: RefreshProgress) => void;
  now?: () => Date;
  /** How topics are written (page size, pages per transaction). */
  write?: Pick<WriteOptions, 'pageBytes' | 'pagesPerChunk'>;
  /** A failure the success does not take back (the chosen source's, when this fills the store from the bundled snapshot instead). */
  keptFailure?: RefreshError;
}

/** `cancelled`: the reader cancelled it (`cancelRefresh`); the failure is not recorded, nor tried again. */
export type RefreshOutcome = LastRefresh | { ok: false; error: RefreshError; cancelled?: true };

const MiB = 1024 * 1024;
/** Room for the 10,000 topics an index may list, as the project's own tools print it (~270 bytes a topic of ordinary name length). */
const MAX_INDEX_BYTES = 4 * MiB;
/**
 * How long a source whose conditional request failed is asked plainly (`ActiveSnapshot.plainlySince`):
 * a host that drops the preflight would make each refresh wait out the timeout first; a week on, it
 * may answer.
 */
const ASK_PLAINLY_MS = 7 * 24 * 60 * 60 * 1000;

function askedPlainlyStill(since: string | undefined, now: Date): string | undefined {
  return since !== undefined && now.getTime() - Date.parse(since) < ASK_PLAINLY_MS ? since : undefined;
}

interface RunningRefresh {
  indexUrl: string;
  outcome: Promise<RefreshOutcome>;
  /** Aborted when a refresh from another URL replaces this one, or the reader cancels it (the reason). */
  stopped: AbortController;
}

/** Why a refresh was stopped from outside: neither is a failure to show. */
type StopReason = 'superseded' | 'cancelled';

const running = new WeakMap<MethodLensDb, RunningRefresh>();

/**
 * Never throws: failures are recorded in `meta` and returned. A call while a refresh from the same
 * URL runs joins it; a call for another URL (the reader chose a new source) cancels the running one
 * and starts once it has let go of the store.
 */
export function refreshSnapshot(options: RefreshOptions): Promise<RefreshOutcome> {
  const { db, indexUrl } = options;
  const current = running.get(db);
  // One being cancelled is not joined: the refresh asked for now starts once it has let go.
  if (current?.indexUrl === indexUrl && !current.stopped.signal.aborted) return current.outcome;
  if (current && !current.stopped.signal.aborted) current.stopped.abort('superseded' satisfies StopReason);
  const stopped = new AbortController();
  const outcome = (async () => {
    await current?.outcome;
    return runRefresh(options, stopped.signal);
  })().finally(() => {
    if (running.get(db)?.outcome === outcome) running.delete(db);
  });
  running.set(db, { indexUrl, outcome, stopped });
  return outcome;
}

/**
 * The reader's cancel: stops the running refresh at the next point it can, a download at once, a
 * topic's save after the chunk it is writing; a step that cannot be cut short runs to its end first
 * (checking a topic, the check across topics, building the catalog), and the switch to the new
 * snapshot (one small transaction) is past cancelling. Waits until the refresh has let go of the store,
 * what it wrote removed and the snapshot in use as it was. Returns its outcome (a success, if it was
 * past the switch), or null when none was running.
 */
export function cancelRefresh(db: MethodLensDb): Promise<RefreshOutcome | null> {
  const current = running.get(db);
  if (!current) return Promise.resolve(null);
  if (!current.stopped.signal.aborted) current.stopped.abort('cancelled' satisfies StopReason);
  return current.outcome;
}

interface Run {
  db: MethodLensDb;
  indexUrl: string;
  fetchOptions: Omit<DownloadOptions, 'file' | 'maxBytes' | 'validators' | 'onBytes'> & { signal: AbortSignal };
  maxTopicBytes: number;
  maxIndexBytes: number;
  write: RefreshOptions['write'];
  now: () => Date;
  /** Names the run in its progress and in its success, which a start finds both of when the worker stopped past the switch. */
  runId: string;
  progress: ProgressReporter;
  /** A failure the success is written with (`RefreshOptions.keptFailure`). */
  keptFailure: RefreshError | undefined;
  /** Generations written by this run and not (yet) active: dropped if the run fails. */
  written: string[];
}

async function runRefresh(options: RefreshOptions, stopped: AbortSignal): Promise<RefreshOutcome> {
  const { db, indexUrl, now = () => new Date() } = options;
  const runId = newId();
  const run: Run = {
    db,
    indexUrl,
    fetchOptions: {
      fetchImpl: options.fetchImpl ?? fetch,
      timeoutMs: options.timeoutMs ?? 30_000,
      signal: options.signal ? AbortSignal.any([options.signal, stopped]) : stopped,
    },
    maxTopicBytes: options.maxTopicBytes ?? 512 * MiB,
    maxIndexBytes: options.maxIndexBytes ?? MAX_INDEX_BYTES,
    write: options.write,
    now,
    runId,
    progress: new ProgressReporter(db, { runId, url: indexUrl }, { now, onProgress: options.onProgress }),
    keptFailure: options.keptFailure,
    written: [],
  };
  try {
    return await importSnapshot(run);
  } catch (caught) {
    const problem = asRefreshFailure(caught, indexUrl);
    const error: RefreshError = { what: problem.what, url: problem.url, at: now().toISOString(), ...(problem.retry && { retry: problem.retry }) };
    // Best effort on a failing store: whatever stays behind is collected at the next start.
    await dropGenerations(db, run.written).catch(() => undefined);
    // A refresh replaced by one from the reader's new source, or cancelled by the reader, is not a
    // failure to show: the outcome before it stays.
    if (!stopped.aborted) await recordFailure(db, error).catch(() => undefined);
    return { ok: false, error, ...(stopped.reason === ('cancelled' satisfies StopReason) && { cancelled: true as const }) };
  } finally {
    await run.progress.finish();
  }
}

async function importSnapshot(run: Run): Promise<LastRefresh> {
  const { db, indexUrl, progress } = run;
  progress.update({ phase: 'checking' });
  const active = await readMeta(db, 'active');
  const sameSource = active?.source === indexUrl ? active : undefined;
  const plainlySince = askedPlainlyStill(sameSource?.plainlySince, run.now());
  const indexAnswer = await download(indexUrl, {
    ...run.fetchOptions,
    file: 'index',
    maxBytes: run.maxIndexBytes,
    // "Not modified" would keep topics in an older layout: they are asked for whole.
    validators:
      sameSource && plainlySince === undefined && Object.values(sameSource.topics).every(isCurrentLayout) ? sameSource.indexValidators : undefined,
    onBytes: (bytes) => progress.update({ bytes }),
  });
  if (indexAnswer.notModified) {
    const upToDate = success(run, 'up to date', 0, Object.values(active?.topics ?? {}));
    await recordSuccess(db, upToDate, run.keptFailure);
    return upToDate;
  }

  throwIfUnpackedToNothing(indexAnswer, indexUrl);
  const index = parseIndex(indexAnswer.bytes, indexUrl);
  const plan = planTopics(run, index, active, topicBase(indexUrl, indexAnswer.answeredUrl));
  const keptManifests = await readManifests(db, plan.kept.map((topic) => topic.gen));
  const inputs = new Map<string, CatalogInput>(plan.kept.map((topic, i) => [topic.topic, { gen: topic.gen, manifest: keptManifests[i]! }]));
  const keptMethods = keptManifests.flatMap((manifest) => manifest.methods);
  const staying: StayingMethods = {
    ids: new Map(keptMethods.map((method) => [method.id, method.topic])),
    labels: new Map(keptMethods.flatMap((method) => [method.name, ...method.aliases].map((label) => [label, method.id] as const))),
    external: keptManifests.map(externalMentions),
  };
  const fresh = await downloadAndSave(run, plan.changed, inputs);
  checkAcrossTopics(fresh.references, staying, indexUrl);
  throwIfCancelled(run);

  progress.update({ phase: 'activating', topic: null, topicsDone: plan.changed.length });
  const topics = [...plan.kept, ...fresh.topics];
  // Well-formed, yet it would empty the store: a publishing mistake, not knowledge.
  if (topics.every((topic) => topic.counts.methods === 0)) throw failure.noMethods(indexUrl);
  // The catalog spans the topics: it is rebuilt only when they change, or when an earlier version wrote it.
  const sameTopics = active !== undefined && active.catalog.format === CATALOG_FORMAT && fresh.topics.length === 0 && plan.removed.length === 0;
  const catalog = sameTopics
    ? active.catalog
    : await writeCatalog(db, index.topics.map((entry) => inputs.get(entry.topic)!), { now: run.now });
  if (!sameTopics) run.written.push(catalog.gen);
  // Topics only laid out again hold the same knowledge: the reader is not told of a new snapshot.
  const topicsChanged = plan.changed.filter((topic) => !topic.relayout).length + plan.removed.length;
  const done = success(run, topicsChanged > 0 ? 'updated' : 'up to date', topicsChanged, topics);
  // The last moment a cancel is heeded: past the switch, the new snapshot is the one in use.
  throwIfCancelled(run);
  // The success is written with the switch: a worker stopped while it cleans up leaves it said, and
  // the next start, finding this run's progress beside it, does not run it again (`settleFinishedRun`).
  const replaced = await activateSnapshot(
    db,
    {
      source: indexUrl,
      generatedAt: index.generatedAt,
      indexValidators: indexAnswer.validators,
      plainlySince: indexAnswer.conditionalFailed ? run.now().toISOString() : plainlySince,
      topics,
      catalog,
    },
    { lastRefresh: done, keptFailure: run.keptFailure },
  );
  run.written = [];
  progress.update({ phase: 'cleaning up' });
  // The new snapshot is live; old data that fails to go now is collected at the next start.
  await dropGenerations(db, replaced).catch(() => undefined);
  return done;
}

/**
 * Downloads, verifies and saves the changed topics, as a pipeline: the next topic downloads while
 * one is verified, and a batch of verified topics is saved meanwhile (IndexedDB commits in another
 * thread). Small topics are saved in batches (`batchEnds`), a few transactions for the batch rather
 * than a few per topic; a large one is a batch of its own. In memory: the batch being saved, the one
 * being gathered (each at most a chunk's worth of listed bytes, or one topic), and the topics arriving
 * (one, or a few small ones: `startsAlongside`).
 * Adds each saved topic to `inputs`.
 */
async function downloadAndSave(
  run: Run,
  changed: TopicPlan['changed'],
  inputs: Map<string, CatalogInput>,
): Promise<{ topics: ActiveTopic[]; references: TopicReferences[] }> {
  const { db, progress } = run;
  const topics: ActiveTopic[] = [];
  const references: TopicReferences[] = [];
  const saves = new SaveQueue();
  const closesBatch = batchEnds(changed.map(({ entry }) => entry.bytes), run.write);
  // From the moment the last topic of a batch has arrived until the batch is saved, progress shows
  // that topic (the save is the longer wait, and the next topic's download shown first would make the
  // percentage go back); the download in flight meanwhile is kept and shown once the save is done.
  // Topics of a batch still being gathered hold nothing back: their downloads are shown in turn.
  type Change = Parameters<ProgressReporter['update']>[0];
  let downloading: Change | null = null;
  let closedUnsaved = 0;
  const showDownload = (change: Change) => {
    downloading = { ...downloading, ...change };
    if (closedUnsaved === 0) progress.update(change);
  };
  // Stops a download still in flight when the pipeline stops early.
  const stopped = new AbortController();
  const signal = AbortSignal.any([run.fetchOptions.signal, stopped.signal]);
  // Small topics download a few at a time (`startsAlongside`), each request's round trip otherwise
  // waited for in turn; progress shows the first of them, the one awaited next.
  const inFlight: { index: number; bytes: number; answer: Promise<Downloaded> }[] = [];
  let started = 0;
  const startDownloads = () => {
    while (started < changed.length && startsAlongside(inFlight.map((download) => changed[download.index]!.entry.bytes), changed[started]!.entry.bytes, run.fetchOptions.timeoutMs)) {
      const index = started++;
      const { entry, url } = changed[index]!;
      const topicDownload = { index, bytes: 0, answer: null as unknown as Promise<Downloaded> };
      topicDownload.answer = download(url, {
        ...run.fetchOptions,
        file: 'topic',
        signal,
        maxBytes: entry.bytes,
        onBytes: (bytes) => {
          topicDownload.bytes = bytes;
          if (inFlight[0] === topicDownload) showDownload({ bytes });
        },
      });
      // Awaited in turn; one in flight when an earlier topic fails is abandoned with its failure.
      topicDownload.answer.catch(() => undefined);
      inFlight.push(topicDownload);
    }
    const first = inFlight[0];
    if (first && downloading?.topicsDone !== first.index) {
      const { entry } = changed[first.index]!;
      showDownload({ phase: 'downloading', topic: entry.topic, topicsDone: first.index, topicsTotal: changed.length, bytes: first.bytes, records: 0 });
    }
  };
  const save = (batch: { entry: IndexEntry; parsed: Awaited<ReturnType<typeof parseTopic>> }[], last: number) => async () => {
    const { entry: shown } = batch.at(-1)!;
    progress.update({ phase: 'saving', topic: shown.topic, topicsDone: last, topicsTotal: changed.length, records: 0 });
    try {
      const written = await writeTopicGenerations(
        db,
        batch.map(({ parsed }) => parsed.doc),
        {
          ...run.write,
          now: run.now,
          onChunk: ({ recordsWritten }) => {
            throwIfCancelled(run);
            progress.update({ records: recordsWritten });
          },
        },
      );
      run.written.push(...written.map(({ gen }) => gen));
      written.forEach(({ gen, counts, manifest }, i) => {
        const { entry, parsed } = batch[i]!;
        topics.push({ topic: entry.topic, gen, file: entry.file, bytes: entry.bytes, sha256: entry.sha256, updated: entry.updated, counts, layout: LAYOUT_VERSION });
        references.push(parsed.references);
        inputs.set(entry.topic, { gen, manifest });
      });
    } finally {
      closedUnsaved--;
      if (downloading && closedUnsaved === 0) progress.update(downloading);
    }
  };
  startDownloads();
  let gathering: Parameters<typeof save>[0] = [];
  try {
    for (const [done, { entry, url }] of changed.entries()) {
      const answer = await inFlight[0]!.answer;
      inFlight.shift();
      downloading = null;
      if (closesBatch[done]) closedUnsaved++;
      startDownloads();
      throwIfUnpackedToNothing(answer, url);
      gathering.push({ entry, parsed: await parseTopic(answer.bytes, entry, url) });
      if (!closesBatch[done]) continue;
      await saves.idle();
      saves.start(save(gathering, done));
      gathering = [];
    }
    await saves.idle();
  } finally {
    stopped.abort();
    // On failure too: a save still running must have let go (and listed its generations) before clean-up.
    await saves.settled();
  }
  return { topics, references };
}

/** The most topic downloads in flight at once (Chromium opens at most 6 connections to a host). */
const MAX_DOWNLOADS_AT_ONCE = 6;

/**
 * Whether a topic of `listedBytes` starts downloading beside those in flight: yes when none is; else
 * while fewer than MAX_DOWNLOADS_AT_ONCE are, and all of them together would arrive within the timeout
 * at the slowest rate a download may keep (8 KiB/s for 30 s: 240 KiB), so a slow link shared by them
 * fails none that would have arrived alone. Large topics download one at a time, as before.
 */
function startsAlongside(inFlightBytes: readonly number[], listedBytes: number, timeoutMs: number): boolean {
  if (inFlightBytes.length === 0) return true;
  if (inFlightBytes.length >= MAX_DOWNLOADS_AT_ONCE) return false;
  const total = inFlightBytes.reduce((sum, bytes) => sum + bytes, 0) + listedBytes;
  return total <= (MIN_BYTES_PER_SECOND * timeoutMs) / 1000;
}

/**
 * Where each batch of topics to save ends: a batch gathers topics, in the index's order, until their
 * listed bytes reach a chunk of pages' worth (`pagesPerChunk` × `pageBytes`, ~4 MB: a page holds less
 * than the file's bytes for it) or it holds `pagesPerChunk` topics, so a batch is saved in a few
 * transactions and memory holds little more than a chunk. A topic that size or larger is a batch of its own.
 */
function batchEnds(listedBytes: readonly number[], write: RefreshOptions['write'] = {}): boolean[] {
  const { pageBytes = DEFAULT_PAGE_BYTES, pagesPerChunk = DEFAULT_PAGES_PER_CHUNK } = write;
  const budget = pageBytes * pagesPerChunk;
  let bytes = 0;
  let topics = 0;
  return listedBytes.map((listed, i) => {
    bytes += listed;
    topics += 1;
    const closes = i === listedBytes.length - 1 || bytes >= budget || topics >= pagesPerChunk || bytes + listedBytes[i + 1]! > budget;
    if (closes) {
      bytes = 0;
      topics = 0;
    }
    return closes;
  });
}

interface TopicPlan {
  /** Topics whose checksum is new, or stored in an older layout (`relayout`): to download. */
  changed: { entry: IndexEntry; url: string; relayout: boolean }[];
  /** Topics whose data stays, with the index's current listing. */
  kept: ActiveTopic[];
  /** Active topics the index no longer lists. */
  removed: string[];
}

function isCurrentLayout(topic: ActiveTopic): boolean {
  return (topic.layout ?? 1) === LAYOUT_VERSION;
}

function planTopics(run: Run, index: SnapshotIndex, active: ActiveSnapshot | undefined, base: string): TopicPlan {
  const plan: TopicPlan = { changed: [], kept: [], removed: [] };
  for (const entry of index.topics) {
    const current = active && own(active.topics, entry.topic);
    // A topic laid out by an earlier version is laid out again, unchanged as the KB's data is.
    if (current?.sha256 === entry.sha256 && isCurrentLayout(current)) {
      plan.kept.push({ ...current, file: entry.file, bytes: entry.bytes, updated: entry.updated });
      continue;
    }
    const url = topicUrl(entry.file, base, run.indexUrl);
    if (entry.bytes > run.maxTopicBytes) throw failure.listedTooLarge(url, entry.bytes, run.maxTopicBytes);
    plan.changed.push({ entry, url, relayout: current?.sha256 === entry.sha256 });
  }
  const listed = new Set(index.topics.map((entry) => entry.topic));
  plan.removed = Object.keys(active?.topics ?? {}).filter((topic) => !listed.has(topic));
  return plan;
}

/**
 * The ids of other topics' methods a stored topic names: its manifest lists them for the catalog to
 * name, and keeps a dossier for each one it says something about (a critique, a result, an alternative
 * either way, a frontier listing).
 */
function externalMentions(manifest: TopicManifest): { topic: string; ids: Set<string> } {
  const ids = new Set(manifest.topicMentions);
  for (const dossier of manifest.dossiers) {
    if (dossier.kind === 'method') ids.add(dossier.key);
    for (const id of dossier.mentions) ids.add(id);
  }
  for (const method of manifest.methods) ids.delete(method.id);
  return { topic: manifest.topic, ids };
}

/**
 * Where topic files are looked for: beside the index where it answered, if a redirect moved it within
 * its site (`latest/` → `v5/`); beside the address asked for, if it led to another host (a CDN's signed
 * address, which each file has its own of).
 */
function topicBase(indexUrl: string, answeredUrl: string): string {
  const asked = new URL(indexUrl);
  const answered = new URL(answeredUrl);
  return answered.protocol === asked.protocol && answered.host === asked.host ? answered.href : indexUrl;
}

/**
 * Topic files live next to the index, asked for with its query (a token the address carries); anything
 * resolving to another site is refused.
 */
function topicUrl(file: string, base: string, indexUrl: string): string {
  const url = new URL(file, base);
  url.search = new URL(base).search;
  const asked = new URL(indexUrl);
  // Compared by scheme and host: `origin` is "null" for chrome-extension: URLs outside the browser.
  if (url.protocol !== asked.protocol || url.host !== asked.host) throw failure.otherSite(url.href, indexUrl);
  return url.href;
}

/**
 * Fewer bytes than the length given fail the body in Chromium, unless it unpacked them (Content-Encoding,
 * which an extension may not read): nothing from them is a compressed file that is empty, or whose length
 * the host gives too short (the browser reads that many bytes and unpacks what it can, without a word).
 * Said as "empty" alone, the reader would look for an empty file, or a wrong address.
 */
function throwIfUnpackedToNothing(answer: Downloaded, url: string): void {
  if (answer.bytes.byteLength === 0 && answer.declaredBytes !== null && answer.declaredBytes > 0) throw failure.unpackedToNothing(url, answer.declaredBytes);
}

function throwIfCancelled(run: Run): void {
  if (run.fetchOptions.signal.aborted) throw failure.cancelled(run.indexUrl);
}

function success(run: Run, outcome: LastRefresh['outcome'], topicsChanged: number, topics: ActiveTopic[]): LastRefresh {
  const methods = topics.reduce((total, topic) => total + topic.counts.methods, 0);
  return { at: run.now().toISOString(), ok: true, outcome, topicsChanged, methods, runId: run.runId };
}

/** Failures not raised as `RefreshFailure` come from the store (quota, a closed database…), or are faults. */
function asRefreshFailure(caught: unknown, indexUrl: string): RefreshFailure {
  if (caught instanceof RefreshFailure) return caught;
  if (caught instanceof StoreChangedMeanwhile) return caught.reason === 'changed' ? failure.changedMeanwhile(indexUrl) : failure.abandoned(indexUrl);
  if (isStorageFailure(caught)) return failure.storage(indexUrl, storageFailureWords(caught));
  return failure.unexpected(indexUrl, caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught));
}
