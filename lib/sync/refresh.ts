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
import { dropGenerations } from '../store/garbage';
import { getMethodIdsOfTopics } from '../store/read';
import { recordFailure, recordSuccess } from '../store/status';
import { activateSnapshot, writeTopicGeneration } from '../store/write';
import { download, type DownloadOptions } from './download';
import { failure, RefreshFailure } from './errors';
import { ProgressReporter } from './progress';
import { checkAcrossTopics, parseIndex, parseTopic, type TopicReferences } from './verify';

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
  /** Records per write transaction. */
  chunkSize?: number;
}

export type RefreshOutcome = LastRefresh | { ok: false; error: RefreshError };

const MiB = 1024 * 1024;

const running = new WeakMap<MethodLensDb, Promise<RefreshOutcome>>();

/** Never throws: failures are recorded in `meta` and returned. A call during a run joins that run. */
export function refreshSnapshot(options: RefreshOptions): Promise<RefreshOutcome> {
  const current = running.get(options.db);
  if (current) return current;
  const run = runRefresh(options).finally(() => running.delete(options.db));
  running.set(options.db, run);
  return run;
}

interface Run {
  db: MethodLensDb;
  indexUrl: string;
  fetchOptions: Omit<DownloadOptions, 'maxBytes' | 'validators' | 'onBytes'>;
  maxTopicBytes: number;
  maxIndexBytes: number;
  chunkSize: number | undefined;
  now: () => Date;
  progress: ProgressReporter;
  /** Generations written by this run and not (yet) active: dropped if the run fails. */
  written: string[];
}

async function runRefresh(options: RefreshOptions): Promise<RefreshOutcome> {
  const { db, indexUrl, now = () => new Date() } = options;
  const run: Run = {
    db,
    indexUrl,
    fetchOptions: {
      fetchImpl: options.fetchImpl ?? fetch,
      timeoutMs: options.timeoutMs ?? 30_000,
      signal: options.signal,
    },
    maxTopicBytes: options.maxTopicBytes ?? 512 * MiB,
    maxIndexBytes: options.maxIndexBytes ?? 1 * MiB,
    chunkSize: options.chunkSize,
    now,
    progress: new ProgressReporter(db, { runId: newId(), url: indexUrl }, { now, onProgress: options.onProgress }),
    written: [],
  };
  try {
    const outcome = await importSnapshot(run);
    await recordSuccess(db, outcome);
    return outcome;
  } catch (caught) {
    const problem = asRefreshFailure(caught, indexUrl);
    const error: RefreshError = { what: problem.what, url: problem.url, at: now().toISOString() };
    // Best effort on a failing store: whatever stays behind is collected at the next start.
    await dropGenerations(db, run.written).catch(() => undefined);
    await recordFailure(db, error).catch(() => undefined);
    return { ok: false, error };
  } finally {
    await run.progress.finish();
  }
}

async function importSnapshot(run: Run): Promise<LastRefresh> {
  const { db, indexUrl, progress } = run;
  progress.update({ phase: 'checking' });
  const active = await readMeta(db, 'active');
  const indexAnswer = await download(indexUrl, {
    ...run.fetchOptions,
    maxBytes: run.maxIndexBytes,
    validators: active?.source === indexUrl ? active.indexValidators : undefined,
    onBytes: (bytes) => progress.update({ bytes }),
  });
  if (indexAnswer.notModified) return success(run, 'up to date', 0, Object.values(active?.topics ?? {}));

  const index = parseIndex(indexAnswer.bytes, indexUrl);
  const plan = planTopics(run, index, active);
  const staying = await getMethodIdsOfTopics(db, plan.kept.map((topic) => topic.topic));
  const fresh: ActiveTopic[] = [];
  const references: TopicReferences[] = [];
  for (const [done, { entry, url }] of plan.changed.entries()) {
    progress.update({ phase: 'downloading', topic: entry.topic, topicsDone: done, topicsTotal: plan.changed.length, bytes: 0, records: 0 });
    const answer = await download(url, { ...run.fetchOptions, maxBytes: entry.bytes, onBytes: (bytes) => progress.update({ bytes }) });
    const parsed = await parseTopic(answer.bytes, entry, url);
    progress.update({ phase: 'saving' });
    const { gen, counts } = await writeTopicGeneration(db, parsed.doc, {
      chunkSize: run.chunkSize,
      now: run.now,
      onChunk: ({ recordsWritten }) => {
        if (run.fetchOptions.signal?.aborted) throw failure.cancelled(indexUrl);
        progress.update({ records: recordsWritten });
      },
    });
    run.written.push(gen);
    fresh.push({ topic: entry.topic, gen, file: entry.file, bytes: entry.bytes, sha256: entry.sha256, updated: entry.updated, counts });
    references.push(parsed.references);
  }
  checkAcrossTopics(references, staying);

  progress.update({ phase: 'activating', topic: null, topicsDone: plan.changed.length });
  const topics = [...plan.kept, ...fresh];
  const replaced = await activateSnapshot(db, {
    source: indexUrl,
    generatedAt: index.generatedAt,
    indexValidators: indexAnswer.validators,
    topics,
  });
  run.written = [];
  progress.update({ phase: 'cleaning up' });
  // The new snapshot is live; old data that fails to go now is collected at the next start.
  await dropGenerations(db, replaced, { chunkSize: run.chunkSize }).catch(() => undefined);
  const topicsChanged = plan.changed.length + plan.removed.length;
  return success(run, topicsChanged > 0 ? 'updated' : 'up to date', topicsChanged, topics);
}

interface TopicPlan {
  /** Topics whose checksum is new: to download. */
  changed: { entry: IndexEntry; url: string }[];
  /** Topics whose data stays, with the index's current listing. */
  kept: ActiveTopic[];
  /** Active topics the index no longer lists. */
  removed: string[];
}

function planTopics(run: Run, index: SnapshotIndex, active: ActiveSnapshot | undefined): TopicPlan {
  const plan: TopicPlan = { changed: [], kept: [], removed: [] };
  for (const entry of index.topics) {
    const current = active?.topics[entry.topic];
    if (current?.sha256 === entry.sha256) {
      plan.kept.push({ ...current, file: entry.file, bytes: entry.bytes, updated: entry.updated });
      continue;
    }
    const url = topicUrl(entry.file, run.indexUrl);
    if (entry.bytes > run.maxTopicBytes) throw failure.listedTooLarge(url, entry.bytes, run.maxTopicBytes);
    plan.changed.push({ entry, url });
  }
  const listed = new Set(index.topics.map((entry) => entry.topic));
  plan.removed = Object.keys(active?.topics ?? {}).filter((topic) => !listed.has(topic));
  return plan;
}

/** Topic files live next to the index; anything resolving to another site is refused. */
function topicUrl(file: string, indexUrl: string): string {
  const url = new URL(file, indexUrl);
  const base = new URL(indexUrl);
  // Compared by scheme and host: `origin` is "null" for chrome-extension: URLs outside the browser.
  if (url.protocol !== base.protocol || url.host !== base.host) throw failure.otherSite(url.href, indexUrl);
  return url.href;
}

function success(run: Run, outcome: LastRefresh['outcome'], topicsChanged: number, topics: ActiveTopic[]): LastRefresh {
  const methods = topics.reduce((total, topic) => total + topic.counts.methods, 0);
  return { at: run.now().toISOString(), ok: true, outcome, topicsChanged, methods };
}

/** Failures not raised as `RefreshFailure` come from the store (quota, a closed database…). */
function asRefreshFailure(caught: unknown, indexUrl: string): RefreshFailure {
  if (caught instanceof RefreshFailure) return caught;
  return failure.storage(indexUrl, caught instanceof Error ? caught.message : String(caught));
}
