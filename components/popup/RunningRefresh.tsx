/** "Refreshing 40%", a link to the snapshot view, while a refresh runs in any context; nothing otherwise. */
import { useRefresh } from '@/lib/popup/use-refresh';
import { RouteLink } from './RouteLink';

export function RunningRefresh() {
  const { progress } = useRefresh();
  if (!progress) return null;
  return (
    <RouteLink to={{ view: 'snapshot' }} class="refresh-pill">
      Refreshing {progress.percent}%
    </RouteLink>
  );
}
