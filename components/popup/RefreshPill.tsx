/** A small "Refreshing 40%" link to the snapshot view, while a refresh runs; it starts watching once the view is shown. */
import { useEffect, useState } from 'preact/hooks';
import { whenViewReady } from '@/lib/popup/view-ready';
import { RunningRefresh } from './RunningRefresh';

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
