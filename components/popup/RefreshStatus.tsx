/**
 * The refresh's state in one live region (role="status"): progress while it runs (the visible line
 * follows every tick; what screen readers hear changes only with the step or each tenth, and the
 * bar sits outside the region); else the last failure in plain words beside the last successful
 * refresh, so a failed attempt never hides what the snapshot in use came from; a state that could not
 * be read, with Try again where the page can read it again. Shared by the popup and the options page.
 */
import { useRef } from 'preact/hooks';
import { useFocusAfterReadAgain } from '@/lib/popup/use-focus-after-read-again';
import type { SnapshotInfo } from '@/lib/store/read';
import type { Loadable } from '@/lib/popup/loadable';
import type { ProgressView } from '@/lib/popup/refresh-progress';
import { RefreshStatusText } from './RefreshStatusText';

export interface RefreshStatusProps {
  info: Loadable<SnapshotInfo>;
  progress: ProgressView | null;
  requestError: string | null;
  /** The reader cancelled a refresh here, and it has stopped. */
  cancelled?: boolean;
  /** The background could not be asked to cancel. */
  cancelError?: string | null;
  /** Offered as Try again where the state could not be read. */
  onReadAgain?: () => void;
}

export function RefreshStatus({ info, progress, requestError, cancelled, cancelError, onReadAgain }: RefreshStatusProps) {
  const status = useRef<HTMLDivElement>(null);
  // After Try again: the state read, which a screen reader then reads out, failed again or not (the
  // region, new, would not say it).
  const focusAfterReadAgain = useFocusAfterReadAgain(info.state, () => status.current);
  // The page's own first read is no news: a live region that said it would announce its change to the
  // state at every opening. The region comes with the state read, and speaks only of what changes after.
  if (info.state === 'loading' && !progress) {
    return (
      <div ref={status} class="refresh-status" data-state="loading" tabIndex={-1}>
        <p>Reading the snapshot’s state…</p>
      </div>
    );
  }
  return (
    <>
      <div ref={status} class="refresh-status" data-state={statusState(info, progress, requestError, cancelled ?? false)} tabIndex={-1}>
        <div role="status">
          <RefreshStatusText
            key={outcomeKey(info, progress)}
            info={info}
            progress={progress}
            requestError={requestError}
            cancelled={cancelled}
            cancelError={cancelError}
          />
        </div>
        {progress && <progress class="refresh-bar" max={100} value={progress.percent} aria-label="Refresh progress" />}
      </div>
      {/* Outside the live region, which says only what failed. */}
      {info.state === 'error' && onReadAgain && (
        <div class="actions refresh-read-again">
          <button
            type="button"
            class="button button-primary"
            onClick={() => {
              focusAfterReadAgain();
              onReadAgain();
            }}
          >
            Try again
          </button>
        </div>
      )}
    </>
  );
}

/**
 * Which refresh outcome the region says: a new one is put in anew, and so announced, even in the words
 * of the last (the bundled snapshot checked again within the minute is "Up to date (checked …, 14:05)"
 * twice, and its run too short for the progress in between to be seen). One key while a refresh runs:
 * its ticks change only the words that are to be heard.
 */
function outcomeKey(info: Loadable<SnapshotInfo>, progress: ProgressView | null): string {
  if (progress) return 'running';
  if (info.state !== 'ready') return info.state;
  return `${info.value.lastRefresh?.at ?? ''} ${info.value.lastError?.at ?? ''}`;
}

function statusState(info: Loadable<SnapshotInfo>, progress: ProgressView | null, requestError: string | null, cancelled: boolean): string {
  if (progress) return 'running';
  // A cancel said is the latest outcome: the failure before it is not shown.
  if (requestError || info.state === 'error' || (info.state === 'ready' && info.value.lastError && !cancelled)) return 'error';
  return 'idle';
}
