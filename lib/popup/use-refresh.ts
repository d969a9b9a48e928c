/**
 * The snapshot's state as a live query (source, counts, last refresh, last error, progress of a
 * refresh running in the service worker) and a way to start a refresh from an extension page.
 */
import { useEffect, useState } from 'preact/hooks';
import { sendFromPage } from '@/lib/messaging/client';
import { own } from '@/lib/store/catalog';
import { PROGRESS_STALE_AFTER_MS, readMeta, staleFrom } from '@/lib/store/db';
import { getSnapshotInfo, type SnapshotInfo } from '@/lib/store/read';
import { type Loadable } from './loadable';
import { errorText } from '@/lib/store/storage-error';
import { pageDb } from './page-db';
import { describeProgress, type ProgressView } from './refresh-progress';
import { useLiveQuery } from './use-live-query';

export interface RefreshControl {
  info: Loadable<SnapshotInfo>;
  /** Present while a refresh runs, in any context. */
  progress: ProgressView | null;
  running: boolean;
  /** The background could not be asked at all (the refresh's own failures are in `info.lastError`). */
  requestError: string | null;
  start(): void;
}

export function useRefresh(): RefreshControl {
  const state = useLiveQuery(
    async () => {
      const db = pageDb();
      const [info, active, recorded] = await Promise.all([getSnapshotInfo(db), readMeta(db, 'active'), readMeta(db, 'progress')]);
      const topic = info.progress?.topic;
      const estimate = topic && active ? own(active.topics, topic) : undefined;
      const progress = info.progress ? describeProgress(info.progress, estimate ?? null) : null;
      // Recorded, yet too old to show: the refresh's worker was stopped.
      const stoppedRun = recorded && !info.progress ? recorded.runId : null;
      return { info, progress, stoppedRun };
    },
    [],
    // A refresh whose worker was stopped writes nothing more: its progress is read again when stale.
    ({ info }) => (info.progress ? staleFrom(info.progress.updatedAt, PROGRESS_STALE_AFTER_MS) : null),
  );
  const [asking, setAsking] = useState(false);
  const [requestError, setRequestError] = useState<string | null>(null);
  const progress = state.state === 'ready' ? state.value.progress : null;
  const stoppedRun = state.state === 'ready' ? state.value.stoppedRun : null;
  // Nothing else would start the worker: once started, it says the refresh was cut off and runs it again.
  useEffect(() => {
    if (stoppedRun !== null) sendFromPage('wake', {}).catch(() => undefined);
  }, [stoppedRun]);
  return {
    info: state.state === 'ready' ? { state: 'ready', value: state.value.info } : state,
    progress,
    running: asking || progress !== null,
    requestError,
    start() {
      setAsking(true);
      setRequestError(null);
      sendFromPage('startRefresh', {})
        .catch((error) => setRequestError(errorText(error)))
        .finally(() => setAsking(false));
    },
  };
}
