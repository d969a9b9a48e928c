/**
 * The refresh's state in one live region (role="status"): progress while it runs, else how the last
 * refresh ended, its error in plain words when it failed. Shared by the popup and the options page.
 */
import type { SnapshotInfo } from '@/lib/store/read';
import type { ProgressView } from '@/lib/popup/refresh-progress';
import { formatDateTime } from '@/lib/popup/format-time';
import { plural } from '@/lib/format';

export interface RefreshStatusProps {
  info: SnapshotInfo | null;
  progress: ProgressView | null;
  requestError: string | null;
}

export function RefreshStatus({ info, progress, requestError }: RefreshStatusProps) {
  return (
    <div class="refresh-status" role="status" data-state={progress ? 'running' : requestError || info?.lastError ? 'error' : 'idle'}>
      <RefreshStatusText info={info} progress={progress} requestError={requestError} />
    </div>
  );
}

function RefreshStatusText({ info, progress, requestError }: RefreshStatusProps) {
  if (progress) {
    return (
      <>
        <p class="refresh-label">
          Refreshing: {progress.label} <span class="refresh-percent">{progress.percent}%</span>
        </p>
        <progress class="refresh-bar" max={100} value={progress.percent} aria-label="Refresh progress" />
      </>
    );
  }
  if (requestError) return <p class="refresh-error">The refresh could not be started: {requestError}</p>;
  if (info?.lastError) {
    return (
      <p class="refresh-error">
        <strong>The last refresh failed</strong> ({formatDateTime(info.lastError.at)}): {info.lastError.what} The snapshot was kept as it was.
      </p>
    );
  }
  if (info?.lastRefresh) {
    const { at, outcome, methods } = info.lastRefresh;
    const when = formatDateTime(at);
    return (
      <p>
        {outcome === 'updated' ? `Updated ${when}` : `Up to date (checked ${when})`} · {plural(methods, 'method', 'methods')}
      </p>
    );
  }
  return <p>Not refreshed yet.</p>;
}
