/**
 * The snapshot's state as a live query (source, counts, last refresh, last error, progress of a
 * refresh running in the service worker) and a way to start a refresh from an extension page, or
 * to cancel the one running.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { sendFromPage } from '@/lib/messaging/client';
import { PROGRESS_STALE_AFTER_MS, staleFrom } from '@/lib/store/db';
import type { SnapshotInfo } from '@/lib/store/read';
import { type Loadable } from './loadable';
import { errorText } from '@/lib/store/storage-error';
import { describeProgress, type ProgressView } from './refresh-progress';
import { readStore } from './store-reads';
import { useStoreRead } from './use-store-read';

export interface RefreshControl {
  info: Loadable<SnapshotInfo>;
  /** Present while a refresh runs, in any context. */
  progress: ProgressView | null;
  running: boolean;
  /**
   * The background could not be asked at all (the refresh's own failures are in `info.lastError`); until
   * a refresh runs, or an outcome is recorded after it.
   */
  requestError: string | null;
  start(): void;
  /**
   * A refresh runs and a snapshot is in use to keep: the first filling of an empty store is not offered
   * a cancel, which would leave the reader with nothing (and a page waiting for the store would start it again).
   */
  cancellable: boolean;
  /** Asks the background to stop the running refresh; `cancelled` once it has (not when it was too late). */
  cancel(): void;
  /** A cancel asked for, not yet answered. */
  cancelling: boolean;
  /**
   * The refresh cancelled here has stopped, the snapshot kept; until another refresh starts, or an
   * outcome is recorded after it. The latest outcome: the last failure, recorded before it, is not said beside it.
   */
  cancelled: boolean;
  /** The background could not be asked to cancel: the refresh runs on (said beside that refresh only). */
  cancelError: string | null;
  /** Reads the state afresh after a failed read: a live query ends with its error. */
  readAgain(): void;
}

interface RefreshState {
  info: SnapshotInfo;
  progress: ProgressView | null;
  runId: string | null;
  /** The run whose progress is recorded, yet too old to show: its worker was stopped. */
  stoppedRun: string | null;
  inUse: boolean;
}

export function useRefresh(): RefreshControl {
  const [reads, setReads] = useState(0);
  const read = useStoreRead(
    'refreshState',
    [],
    [reads],
    // A refresh whose worker was stopped writes nothing more: its progress is read again when stale.
    ({ info }) => (info.progress ? staleFrom(info.progress.updatedAt, PROGRESS_STALE_AFTER_MS) : null),
  );
  const state = useMemo((): Loadable<RefreshState> => {
    if (read.state !== 'ready') return read;
    const { info, estimate, stoppedRun } = read.value;
    const progress = info.progress ? describeProgress(info.progress, estimate) : null;
    return { state: 'ready', value: { info, progress, runId: info.progress?.runId ?? null, stoppedRun, inUse: info.generatedAt !== null } };
  }, [read]);
  const [asking, setAsking] = useState(false);
  /** The request's failure, and when it was asked for. */
  const [requestFailure, setRequestFailure] = useState<{ text: string; at: number } | null>(null);
  const [cancelling, setCancelling] = useState(false);
  /** The cancel that could not be asked for, and the refresh (its run) it was for. */
  const [cancelFailure, setCancelFailure] = useState<{ text: string; run: string } | null>(null);
  /** The refresh (its run) cancelled from here, once it has stopped, and when the background said so. */
  const [cancelledRun, setCancelledRun] = useState<{ run: string; at: string } | null>(null);
  /** The progress shown when Cancel was pressed. */
  const [progressAtCancel, setProgressAtCancel] = useState<ProgressView | null>(null);
  const recordedProgress = state.state === 'ready' ? state.value.progress : null;
  // The refresh clears its progress as it lets go, before the cancel's answer arrives: it is still
  // shown (with "Cancelling…") until then, so that Cancel and the pill do not vanish and focus with
  // them before "Refresh cancelled" takes their place.
  const progress = recordedProgress ?? (cancelling ? progressAtCancel : null);
  const runId = state.state === 'ready' ? state.value.runId : null;
  const stoppedRun = state.state === 'ready' ? state.value.stoppedRun : null;
  const inUse = state.state === 'ready' && state.value.inUse;
  // Another refresh started (here, elsewhere, by the schedule): the cancel said is old news.
  useEffect(() => {
    if (runId !== null && runId !== cancelledRun?.run) setCancelledRun(null);
    if (runId !== null) setRequestFailure(null);
  }, [runId, cancelledRun]);
  /** Whether the store records a refresh's outcome after `at` (ms since the epoch). */
  const outcomeAfter = (at: number) =>
    state.state === 'ready' && [state.value.info.lastError?.at, state.value.info.lastRefresh?.at].some((recorded) => recorded !== undefined && Date.parse(recorded) > at);
  // An outcome recorded after the cancel (the same refresh recorded as cut off by a worker's start, a
  // retry that ended unseen) is the latest: the cancel is no longer said beside it. So for a request
  // that failed, once a later refresh has run or ended.
  const cancelled = cancelledRun !== null && !outcomeAfter(Date.parse(cancelledRun.at));
  const requestError = requestFailure && !outcomeAfter(requestFailure.at) ? requestFailure.text : null;
  // Said beside the refresh it was for only, not beside the next one.
  const cancelError = cancelFailure?.run === runId ? cancelFailure.text : null;
  // Nothing else would start the worker: once started, it says the refresh was cut off and runs it again.
  useEffect(() => {
    if (stoppedRun !== null) sendFromPage('wake', {}).catch(() => undefined);
  }, [stoppedRun]);
  return {
    info: state.state === 'ready' ? { state: 'ready', value: state.value.info } : state,
    progress,
    running: asking || progress !== null,
    requestError,
    cancellable: progress !== null && inUse,
    cancelling,
    cancelled,
    cancelError,
    readAgain: () => setReads((count) => count + 1),
    start() {
      setAsking(true);
      setRequestFailure(null);
      setCancelledRun(null);
      const askedAt = Date.now();
      sendFromPage('startRefresh', {})
        .catch(async (error) => {
          // No answer from a worker the browser stopped mid-refresh (an update, memory pressure): the
          // refresh was started, and the store says how it ends (cut off, then run again at the next start).
          if (!(await refreshBegunSince(askedAt))) setRequestFailure({ text: errorText(error), at: askedAt });
        })
        .finally(() => setAsking(false));
    },
    cancel() {
      const run = runId;
      if (run === null) return;
      setCancelling(true);
      setProgressAtCancel(progress);
      setCancelFailure(null);
      // Answered once the refresh has let go of the store; one past its switch to the new snapshot succeeded.
      // The answer and the end of cancelling are one render: none shows the refresh gone and not yet cancelled.
      sendFromPage('cancelRefresh', {}).then(
        (outcome) => {
          setCancelledRun(outcome && !outcome.ok && outcome.cancelled ? { run, at: outcome.error.at } : null);
          setCancelling(false);
        },
        (error) => {
          setCancelFailure({ text: errorText(error), run });
          setCancelling(false);
        },
      );
    },
  };
}

/** Whether the store shows a refresh running or ended at or after `since` (ms since the epoch); false when it cannot be read. */
function refreshBegunSince(since: number): Promise<boolean> {
  return readStore('refreshBegunSince', [since]).catch(() => false);
}
