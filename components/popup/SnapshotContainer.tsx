/**
 * The snapshot view with live data; "Change source…" (or "Set a snapshot URL…") opens the options page.
 * A failed read offers Try again: a live query ends with its error, so reading again is a new one.
 */
import { browser } from 'wxt/browser';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useRefresh } from '@/lib/popup/use-refresh';
import { useLiveQuery } from '@/lib/popup/use-live-query';
import { pageDb } from '@/lib/popup/page-db';
import { readSnapshotSource } from '@/lib/store/source';
import { markViewReady } from '@/lib/popup/view-ready';
import { SnapshotView } from './SnapshotView';
import { ErrorNote } from './ErrorNote';
import { Loading } from './Loading';

export function SnapshotContainer() {
  const [reads, setReads] = useState(0);
  return <SnapshotReader key={reads} readAgain={reads > 0} onReadAgain={() => setReads((count) => count + 1)} />;
}

function SnapshotReader({ readAgain, onReadAgain }: { readAgain: boolean; onReadAgain: () => void }) {
  const refresh = useRefresh();
  const { info } = refresh;
  // Read with the state, so that the view's first action does not change once shown; a failed read offers Refresh now first.
  const chosen = useLiveQuery(() => readSnapshotSource(pageDb()), []);
  const loading = info.state === 'loading' || chosen.state === 'loading';
  const tryAgain = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    if (loading) return;
    markViewReady('snapshot');
    // The Try again pressed went with the failed read: focus goes to what took its place rather than stay on the page.
    const focused = document.activeElement;
    if (readAgain && (focused === null || focused === document.body)) (tryAgain.current ?? document.getElementById('view-title'))?.focus();
  }, [loading]);
  if (loading) return <Loading what="the snapshot’s state" />;
  if (info.state === 'error') {
    return (
      <>
        <ErrorNote title="The snapshot’s state could not be read." detail={info.error} />
        {/* Outside the alert, which says only what failed. */}
        <div class="actions">
          <button ref={tryAgain} type="button" class="button button-primary" onClick={onReadAgain}>
            Try again
          </button>
        </div>
      </>
    );
  }
  return (
    <SnapshotView
      info={info.value}
      refresh={refresh}
      chosen={chosen.state === 'ready' ? chosen.value : undefined}
      onOpenOptions={() => void browser.runtime.openOptionsPage()}
    />
  );
}
