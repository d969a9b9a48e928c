/**
 * The snapshot source could not be read: what failed and why, and Try again. A live query ends with its
 * error, so without it only reloading the page read the source again.
 */
import type { Ref } from 'preact';

export function SourceReadFailure({ error, onTryAgain, tryAgainRef }: { error: string; onTryAgain: () => void; tryAgainRef: Ref<HTMLButtonElement> }) {
  return (
    <>
      <p class="save-error" role="alert">
        The snapshot source could not be read: {error}
      </p>
      {/* Outside the alert, which says only what failed. */}
      <div class="actions source-read-again">
        <button ref={tryAgainRef} type="button" class="button button-primary" onClick={onTryAgain}>
          Try again
        </button>
      </div>
    </>
  );
}
