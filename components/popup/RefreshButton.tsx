/**
 * "Refresh now", unavailable while a refresh runs. It says so with `aria-disabled` and ignores clicks
 * then, rather than being `disabled`: a disabled button drops keyboard focus to the page, and the
 * reader who pressed it would lose their place for as long as the refresh runs, and after.
 */
import type { RefreshControl } from '@/lib/popup/use-refresh';

export function RefreshButton({ refresh, primary = false }: { refresh: Pick<RefreshControl, 'running' | 'start'>; primary?: boolean }) {
  return (
    <button
      type="button"
      class={primary ? 'button button-primary' : 'button'}
      aria-disabled={refresh.running}
      onClick={() => {
        if (!refresh.running) refresh.start();
      }}
    >
      Refresh now
    </button>
  );
}
