/** The snapshot view with live data; "Change source…" opens the options page. */
import { browser } from 'wxt/browser';
import { useLayoutEffect } from 'preact/hooks';
import { useRefresh } from '@/lib/popup/use-refresh';
import { markViewReady } from '@/lib/popup/view-ready';
import { SnapshotView } from './SnapshotView';
import { ErrorNote } from './ErrorNote';
import { Loading } from './Loading';

export function SnapshotContainer() {
  const refresh = useRefresh();
  const { info } = refresh;
  useLayoutEffect(() => {
    if (info.state !== 'loading') markViewReady('snapshot');
  }, [info.state]);
  if (info.state === 'loading') return <Loading what="the snapshot’s state" />;
  if (info.state === 'error') return <ErrorNote title="The snapshot’s state could not be read." detail={info.error} />;
  return <SnapshotView info={info.value} refresh={refresh} onOpenOptions={() => void browser.runtime.openOptionsPage()} />;
}
