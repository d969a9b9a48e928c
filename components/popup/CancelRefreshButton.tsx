/**
 * "Cancel refresh", beside a running refresh: the background stops it and keeps the snapshot in use.
 * While the cancel is on its way it says so, and ignores clicks (`aria-disabled`, which keeps focus).
 * Gone with the refresh, it hands keyboard focus on rather than dropping it to the page: to the control
 * before it (Refresh now), or to what took that one's place (the popup's pill, which says it was cancelled).
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { RefreshControl } from '@/lib/popup/use-refresh';

export function CancelRefreshButton({ refresh, compact = false }: { refresh: Pick<RefreshControl, 'cancel' | 'cancelling'>; compact?: boolean }) {
  const button = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    const element = button.current;
    return () => {
      if (!element || element.ownerDocument.activeElement !== element) return;
      const before = element.previousElementSibling as HTMLElement | null;
      const parent = element.parentElement;
      // Once the render that removes it is done.
      queueMicrotask(() => (before?.isConnected ? before : (parent?.firstElementChild as HTMLElement | null))?.focus());
    };
  }, []);
  return (
    <button
      ref={button}
      type="button"
      class={compact ? 'button button-inline refresh-cancel' : 'button'}
      aria-disabled={refresh.cancelling}
      // The popup's pill says only "Cancel"; heard, it names what it cancels.
      aria-label={compact ? (refresh.cancelling ? 'Cancelling the refresh…' : 'Cancel refresh') : undefined}
      onClick={() => {
        if (!refresh.cancelling) refresh.cancel();
      }}
    >
      {refresh.cancelling ? 'Cancelling…' : compact ? 'Cancel' : 'Cancel refresh'}
    </button>
  );
}
