/** The refresh's own record in `meta`: progress while it runs, then its outcome, for every context to show. */
import {
  metaRow,
  readMeta,
  type LastRefresh,
  type MethodLensDb,
  type RefreshError,
  type RefreshProgress,
} from './db';
import { sayHostWait } from '../sync/errors';

/** Refreshes this context (the background's worker, while it lives) ran: never a dead worker's. */
const runsHere = new Set<string>();

export async function saveProgress(db: MethodLensDb, progress: RefreshProgress): Promise<void> {
  runsHere.add(progress.runId);
  await db.meta.put(metaRow('progress', progress));
}

/** Removes the progress record, unless another run has replaced it meanwhile. */
export async function clearProgress(db: MethodLensDb, runId: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    if ((await readMeta(db, 'progress'))?.runId === runId) await db.meta.delete('progress');
  });
}

/** A success takes back the failure shown, unless it is to stay (`keptFailure`): then it is written with it, in one step. */
export async function recordSuccess(db: MethodLensDb, lastRefresh: LastRefresh, keptFailure?: RefreshError): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    await db.meta.put(metaRow('lastRefresh', lastRefresh));
    if (keptFailure) await db.meta.put(metaRow('lastError', keptFailure));
    else await db.meta.delete('lastError');
  });
}

export async function recordFailure(db: MethodLensDb, error: RefreshError): Promise<void> {
  await db.meta.put(metaRow('lastError', error));
}

/** When the background tries again after a failure: at `at`, retry number `retry` (null: the next scheduled refresh). */
export interface NextTry {
  at: number;
  retry: number | null;
}

/**
 * A failure with when the background tries again (`next`; null: it will not), its words saying a busy
 * host's wait the schedule cut short as such (`sayHostWait`).
 */
export function withNextTry(error: RefreshError, next: NextTry | null): RefreshError {
  const { nextTryAt: _at, nextRetry: _retry, ...rest } = error;
  const asked = rest.retry?.afterSeconds;
  // A minute of margin: the next try is planned a moment after the failure, from that moment.
  if (asked) rest.what = sayHostWait(rest.what, asked, next !== null && next.at < Date.parse(rest.at) + asked * 1000 - 60_000);
  if (next === null) return rest;
  return { ...rest, nextTryAt: new Date(next.at).toISOString(), ...(next.retry !== null && { nextRetry: next.retry }) };
}

/** Adds when the background tries again to the failure recorded as `error`, unless another outcome has replaced it. */
export async function recordNextTry(db: MethodLensDb, error: RefreshError, next: NextTry): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const last = await readMeta(db, 'lastError');
    if (last?.at !== error.at || last.url !== error.url || last.what !== error.what) return;
    await db.meta.put(metaRow('lastError', withNextTry(last, next)));
  });
}

/**
 * After the schedule changed: the failure recorded says `next` is when the background tries again
 * (nothing, with null: it will not). One that said nothing (recorded, or left, with no schedule) says
 * it too once a schedule is back: the reader who turned automatic refresh on again is told when.
 */
export async function replaceNextTry(db: MethodLensDb, next: NextTry | null): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const last = await readMeta(db, 'lastError');
    if (!last) return;
    const replaced = withNextTry(last, next);
    if (replaced.nextTryAt !== last.nextTryAt || replaced.nextRetry !== last.nextRetry || replaced.what !== last.what) await db.meta.put(metaRow('lastError', replaced));
  });
}

/**
 * At the start of the background: a progress record of a refresh that started before `bootedAt`
 * belongs to a stopped worker (only the background refreshes), and so does one dated after `now`
 * that this worker did not run (the stopped worker's clock was ahead). Returns it, if there was one,
 * and leaves it in place: `settleCutOff` removes it once the start knows whether the reader cancelled
 * it, so that a worker stopped again in between leaves it for the next start to claim.
 */
export async function claimInterruptedRefresh(db: MethodLensDb, bootedAt: Date, now: Date = new Date()): Promise<RefreshProgress | null> {
  const progress = await readMeta(db, 'progress');
  if (!progress) return null;
  const started = Date.parse(progress.startedAt);
  const deadWorkers = started < bootedAt.getTime() || (started > now.getTime() && !runsHere.has(progress.runId));
  return deadWorkers ? progress : null;
}

/**
 * A refresh claimed from a stopped worker (`claimInterruptedRefresh`) that was past its switch to the
 * new snapshot, its success recorded with it (the worker stopped while it cleaned up): its progress is
 * removed, and its success returned. Null, with nothing changed, for a refresh cut off before its switch.
 */
export async function settleFinishedRun(db: MethodLensDb, progress: RefreshProgress): Promise<LastRefresh | null> {
  return db.transaction('rw', db.meta, async () => {
    const lastRefresh = await readMeta(db, 'lastRefresh');
    if (lastRefresh?.runId !== progress.runId) return null;
    if ((await readMeta(db, 'progress'))?.runId === progress.runId) await db.meta.delete('progress');
    return lastRefresh;
  });
}

/**
 * Removes a refresh claimed from a stopped worker (`claimInterruptedRefresh`) and, unless the reader
 * `cancelled` it, records it as the last error in the same transaction: it was cut off.
 */
export async function settleCutOff(db: MethodLensDb, progress: RefreshProgress, cancelled: boolean, now: Date = new Date()): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    if ((await readMeta(db, 'progress'))?.runId === progress.runId) await db.meta.delete('progress');
    if (cancelled) return;
    await db.meta.put(
      metaRow('lastError', {
        what: 'The browser stopped the extension’s background before the refresh could finish.',
        url: progress.url,
        at: now.toISOString(),
      }),
    );
  });
}
