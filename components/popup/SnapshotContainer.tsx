/** The snapshot view with live data; "Change source…" (or "Set a snapshot URL…") opens the options page. */
import { browser } from 'wxt/browser';
import { useLayoutEffect } from 'preact/hooks';
import { useRefresh } from '@/lib/popup/use-refresh';
import { useStoreRead } from '@/lib/popup/use-store-read';
import { markViewReady } from '@/lib/popup/view-ready';
import { SnapshotView } from './SnapshotView';
import { ViewReadFailure } from './ViewReadFailure';
import { Loading } from './Loading';

export function SnapshotContainer() {
  const refresh = useRefresh();
  const { info } = refresh;
  // Read with the state, so that the view's first action does not change once shown; a failed read offers Refresh now first.
  const chosen = useStoreRead('snapshotSource', [], []);
  const loading = info.state === 'loading' || chosen.state === 'loading';
  useLayoutEffect(() => {
    if (!loading) markViewReady('snapshot');
  }, [loading]);
  if (loading) return <Loading what="the snapshot’s state" />;
  if (info.state === 'error') return <ViewReadFailure viewTitle="Snapshot" title="The snapshot’s state could not be read." detail={info.error} />;
  return (
    <SnapshotView
      info={info.value}
      refresh={refresh}
      chosen={chosen.state === 'ready' ? chosen.value : undefined}
      onOpenOptions={() => void browser.runtime.openOptionsPage()}
    />
  );
}
