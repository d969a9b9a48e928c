/**
 * The words inside the refresh's live region: while running, the visible line (every tick, hidden
 * from screen readers) and the line they hear (the step and each tenth); else how the last refresh
 * ended, the last failure beside the last success.
 */
import type { SnapshotInfo } from '@/lib/store/read';
import { progressAnnouncement } from '@/lib/popup/refresh-progress';
import { formatDateTime } from '@/lib/popup/format-time';
import { plural } from '@/lib/format';
import type { RefreshStatusProps } from './RefreshStatus';

export function RefreshStatusText({ info, progress, requestError, cancelled = false, cancelError = null }: RefreshStatusProps) {
  if (progress) {
    // The topic's name isolated (<bdi>): a right-to-left override an index left open in it drew "(1 of 2)
    // · 500 kB" and the percentage after it backwards.
    const [before, topic, after] = progress.labelParts ?? [progress.label, null, ''];
    return (
      <>
        <p class="refresh-label" aria-hidden="true">
          Refreshing: {before}
          {topic !== null && <bdi>{topic}</bdi>}
          {after} <span class="refresh-percent">{progress.percent}%</span>
        </p>
        <p class="visually-hidden">{progressAnnouncement(progress)}</p>
        {cancelError && <p class="refresh-error">The refresh could not be cancelled: {cancelError}</p>}
      </>
    );
  }
  // Said outside the live region (`RefreshStatus`).
  if (info.state === 'loading') return null;
  if (info.state === 'error') return <p class="refresh-error">The snapshot’s state could not be read: {info.error}</p>;
  const { lastRefresh, source } = info.value;
  // A cancel said here is the latest outcome (see `cancelled`): a failure before it is no longer "the last refresh".
  const lastError = cancelled ? null : info.value.lastError;
  // The try the failure before it planned still comes (a cancel keeps it): said in either case. A time
  // passed is a plan some other outcome overtook (the browser was closed then).
  const nextTryAt = info.value.lastError?.nextTryAt;
  const nextTry = nextTryAt && Date.parse(nextTryAt) > Date.now() ? ` Method Lens tries again by itself at ${formatDateTime(nextTryAt)}.` : null;
  return (
    <>
      {requestError && <p class="refresh-error">The refresh could not be started: {requestError}</p>}
      {/* The last success before it stands, and is said below. */}
      {cancelled && <p class="refresh-cancelled">Refresh cancelled: the snapshot in use was kept as it was.{nextTry}</p>}
      {lastError && (
        <p class="refresh-error">
          <strong>The last refresh failed</strong> ({formatDateTime(lastError.at)}): {lastError.what}
          {/* An empty store had no snapshot to keep. */}
          {source !== null && ' The snapshot was kept as it was.'}
          {nextTry}
        </p>
      )}
      {/* After a failure or a cancel, the success before it is not news: it is named as such. */}
      <p class={lastError || cancelled ? 'refresh-previous' : undefined}>{describeLastRefresh(lastRefresh, lastError !== null || cancelled)}</p>
    </>
  );
}

/** The last successful refresh; after a failure or a cancel, named as such so it is not read as the refresh that did not succeed. */
function describeLastRefresh(lastRefresh: SnapshotInfo['lastRefresh'], afterFailure: boolean): string {
  if (!lastRefresh) return afterFailure ? 'No refresh has succeeded yet.' : 'Not refreshed yet.';
  const { at, outcome, methods } = lastRefresh;
  const when = formatDateTime(at);
  // "Updated <when>" read as the date of the knowledge itself (the snapshot's own date is shown apart).
  const what = `${outcome === 'updated' ? `new snapshot loaded ${when}` : `up to date (checked ${when})`} · ${plural(methods, 'method', 'methods')}`;
  return afterFailure ? `Last successful refresh: ${what}` : `${what.charAt(0).toUpperCase()}${what.slice(1)}`;
}
