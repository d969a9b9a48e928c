/**
 * The refresh's state in one live region (role="status"): progress while it runs (the visible line
 * follows every tick; what screen readers hear changes only with the step or each tenth, and the
 * bar sits outside the region); else the last failure in plain words beside the last successful
 * refresh, so a failed attempt never hides what the snapshot in use came from. Shared by the popup
 * and the options page.
 */
import type { SnapshotInfo } from '@/lib/store/read';
import type { Loadable } from '@/lib/popup/loadable';
import { progressAnnouncement, type ProgressView } from '@/lib/popup/refresh-progress';
import { formatDateTime } from '@/lib/popup/format-time';
import { plural } from '@/lib/format';

export interface RefreshStatusProps {
  info: Loadable<SnapshotInfo>;
  progress: ProgressView | null;
  requestError: string | null;
}

export function RefreshStatus({ info, progress, requestError }: RefreshStatusProps) {
  return (
    <div class="refresh-status" data-state={statusState(info, progress, requestError)}>
      <div role="status">
        <RefreshStatusText info={info} progress={progress} requestError={requestError} />
      </div>
      {progress && <progress class="refresh-bar" max={100} value={progress.percent} aria-label="Refresh progress" />}
    </div>
  );
}

function statusState(info: Loadable<SnapshotInfo>, progress: ProgressView | null, requestError: string | null): string {
  if (progress) return 'running';
  if (info.state === 'loading') return 'loading';
  if (requestError || info.state === 'error' || info.value.lastError) return 'error';
  return 'idle';
}

function RefreshStatusText({ info, progress, requestError }: RefreshStatusProps) {
  if (progress) {
    // The eye gets every tick; the live region, through the hidden line, only a new step or tenth.
    return (
      <>
        <p class="refresh-label" aria-hidden="true">
          Refreshing: {progress.label} <span class="refresh-percent">{progress.percent}%</span>
        </p>
        <p class="visually-hidden">{progressAnnouncement(progress)}</p>
      </>
    );
  }
  if (info.state === 'loading') return <p>Reading the snapshot’s state…</p>;
  if (info.state === 'error') return <p class="refresh-error">The snapshot’s state could not be read: {info.error}</p>;
  const { lastError, lastRefresh } = info.value;
  return (
    <>
      {requestError && <p class="refresh-error">The refresh could not be started: {requestError}</p>}
      {lastError && (
        <p class="refresh-error">
          <strong>The last refresh failed</strong> ({formatDateTime(lastError.at)}): {lastError.what} The snapshot was kept as it was.
        </p>
      )}
      <p class={lastError ? 'refresh-previous' : undefined}>{describeLastRefresh(lastRefresh, lastError !== null)}</p>
    </>
  );
}

/** The last successful refresh; after a failure, named as such so it is not read as the failed one. */
function describeLastRefresh(lastRefresh: SnapshotInfo['lastRefresh'], afterFailure: boolean): string {
  if (!lastRefresh) return afterFailure ? 'No refresh has succeeded yet.' : 'Not refreshed yet.';
  const { at, outcome, methods } = lastRefresh;
  const when = formatDateTime(at);
  const what = `${outcome === 'updated' ? `updated ${when}` : `up to date (checked ${when})`} · ${plural(methods, 'method', 'methods')}`;
  return afterFailure ? `Last successful refresh: ${what}` : `${what.charAt(0).toUpperCase()}${what.slice(1)}`;
}
