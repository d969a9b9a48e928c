/**
 * "Refreshing 40%", a link to the snapshot view, and a Cancel button, while a refresh runs in any
 * context; "Refresh cancelled" once one cancelled here has stopped; nothing otherwise.
 */
import { useRefresh } from '@/lib/popup/use-refresh';
import { CancelRefreshButton } from './CancelRefreshButton';
import { RouteLink } from './RouteLink';

export function RunningRefresh() {
  const refresh = useRefresh();
  const { progress } = refresh;
  if (!progress && !refresh.cancelled) return null;
  return (
    <span class="refresh-pill-group">
      {progress ? (
        <>
          <RouteLink to={{ view: 'snapshot' }} class="refresh-pill">
            Refreshing {progress.percent}%
          </RouteLink>
          <CancelRefreshButton refresh={refresh} compact />
        </>
      ) : (
        // Focusable from script only: the Cancel button, gone, hands its focus here.
        <span class="refresh-pill" role="status" tabIndex={-1}>
          Refresh cancelled
        </span>
      )}
    </span>
  );
}
