/** A small "Refreshing 40%" link to the snapshot view, while a refresh runs; it starts watching once the view is shown. */
import { useEffect, useState } from 'preact/hooks';
import { useRefresh } from '@/lib/popup/use-refresh';
import { whenViewReady } from '@/lib/popup/view-ready';
import { RouteLink } from './navigation';

export function RefreshPill() {
  const [watching, setWatching] = useState(false);
  useEffect(() => {
    let current = true;
    void whenViewReady().then(() => current && setWatching(true));
    return () => {
      current = false;
    };
  }, []);
  return watching ? <RunningRefresh /> : null;
}

function RunningRefresh() {
  const { progress } = useRefresh();
  if (!progress) return null;
  return (
    <RouteLink to={{ view: 'snapshot' }} class="refresh-pill">
      Refreshing {progress.percent}%
    </RouteLink>
  );
}
