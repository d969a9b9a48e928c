/** The refresh's own record in `meta`: progress while it runs, then its outcome, for every context to show. */
import {
  metaRow,
  readMeta,
  type LastRefresh,
  type MethodLensDb,
  type RefreshError,
  type RefreshProgress,
} from './db';

export async function saveProgress(db: MethodLensDb, progress: RefreshProgress): Promise<void> {
  await db.meta.put(metaRow('progress', progress));
}

/** Removes the progress record, unless another run has replaced it meanwhile. */
export async function clearProgress(db: MethodLensDb, runId: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    if ((await readMeta(db, 'progress'))?.runId === runId) await db.meta.delete('progress');
  });
}

export async function recordSuccess(db: MethodLensDb, lastRefresh: LastRefresh): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    await db.meta.put(metaRow('lastRefresh', lastRefresh));
    await db.meta.delete('lastError');
  });
}

export async function recordFailure(db: MethodLensDb, error: RefreshError): Promise<void> {
  await db.meta.put(metaRow('lastError', error));
}
