/**
 * Where the snapshot comes from: the bundled copy or a published index.json. The address is checked
 * as it is typed, its error shown after a pause, on leaving the field or on saving (never on the
 * first keystroke); saving it makes the background refresh from it, and the outcome shows below.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { useErrorTiming } from '@/lib/popup/use-error-timing';
import { checkSourceUrl } from '@/lib/snapshot/source-url';
import { isBundledIndexUrl, isLoadedFrom, type SnapshotSource } from '@/lib/store/source';
import type { SnapshotInfo } from '@/lib/store/read';
import type { Loadable } from '@/lib/popup/loadable';
import type { RefreshControl } from '@/lib/popup/use-refresh';
import { RefreshStatus } from '@/components/popup/RefreshStatus';
import { RefreshButton } from '@/components/popup/RefreshButton';
import { CancelRefreshButton } from '@/components/popup/CancelRefreshButton';

export interface SourceSectionProps {
  source: SnapshotSource;
  /** The snapshot's state as read from the store: loading, failed to read, or there. */
  info: Loadable<SnapshotInfo>;
  refresh: Pick<RefreshControl, 'progress' | 'running' | 'requestError' | 'start'> &
    Partial<Pick<RefreshControl, 'cancellable' | 'cancel' | 'cancelling' | 'cancelled' | 'cancelError' | 'readAgain'>>;
  onSave: (source: SnapshotSource) => void;
}

export function SourceSection({ source, info, refresh, onSave }: SourceSectionProps) {
  const savedUrl = source.kind === 'url' ? source.url : '';
  const [draft, setDraft] = useState(savedUrl);
  const check = checkSourceUrl(draft);
  const errorTiming = useErrorTiming(draft, check.ok);
  /** The address saved when the field last took it: the field still holding it is one the reader left as it was. */
  const fieldSavedUrl = useRef(savedUrl);
  // A source saved (here, or in another options tab) resets the field to it; the section stays, and
  // with it the keyboard focus of the reader who saved. A layout effect, run with the render: an effect
  // ran after the next frame, and its first run put back the saved address over what was typed since
  // the field appeared. The field left earlier is not judged again: the bundled snapshot chosen empties
  // it, which is no address missing. Another address the reader has typed stays, as typed and not used:
  // a source chosen in another options tab must not wipe a long presigned link pasted here.
  useLayoutEffect(() => {
    const takesSaved = draft === fieldSavedUrl.current || !draft.trim() || (check.ok && check.url === savedUrl);
    fieldSavedUrl.current = savedUrl;
    if (!takesSaved) return;
    setDraft(savedUrl);
    errorTiming.reset();
  }, [savedUrl]);
  /**
   * The address in use when the reader chose the bundled snapshot here: Undo chooses it again. Dropped
   * once an address is chosen (the same by Undo, or another here or in another options tab): the
   * bundled snapshot chosen after that replaced that address, not this one.
   */
  const [undoTo, setUndoTo] = useState<string | null>(null);
  useLayoutEffect(() => {
    if (source.kind === 'url') setUndoTo(null);
  }, [savedUrl]);
  const showError = errorTiming.shown && !check.ok;
  const unchanged = check.ok && source.kind === 'url' && source.url === check.url;
  // "Refresh now" refreshes the source chosen, not an address still in the field.
  const notSaved = check.ok && !unchanged;
  const field = useRef<HTMLInputElement>(null);
  /** Where the snapshot in the store came from (null: none yet); undefined until the store is read. */
  const loadedFrom = info.state === 'ready' ? info.value.source : undefined;
  return (
    <section class="options-section" aria-labelledby="source-title">
      <h2 id="source-title">Snapshot source</h2>
      <p class="hint">
        What Method Lens marks and shows comes from its snapshot of the knowledge base (KB), a living systematic review of ML methods:
        the one bundled with the extension, or a newer one published at an address you choose.
      </p>
      <p class="current-source">
        {/* Chosen is not in use until a snapshot from it is in the store (a first refresh runs, or failed);
            while the store is read, or when it cannot be, neither is claimed. */}
        {loadedFrom === undefined ? 'Source: ' : isLoadedFrom(source, loadedFrom) ? 'In use: ' : 'Chosen: '}
        {source.kind === 'bundled' ? <strong>the snapshot bundled with the extension</strong> : <strong class="source-url">{source.url}</strong>}
      </p>
      {loadedFrom !== undefined && !isLoadedFrom(source, loadedFrom) && (
        <p class="hint source-pending">
          No snapshot has been loaded from it yet
          {loadedFrom === null ? (
            '.'
          ) : isBundledIndexUrl(loadedFrom) ? (
            '; the one in use is the snapshot bundled with the extension.'
          ) : (
            <>
              ; the one in use came from <span class="source-url">{loadedFrom}</span>.{' '}
              {/* A source that fails is still the one chosen: one press chooses the working one again. */}
              {/* Not beside the Undo offered for the same address (below): one way back. */}
              {checkSourceUrl(loadedFrom).ok && !(undoTo === loadedFrom && source.kind === 'bundled') && (
                <button
                  type="button"
                  class="button button-inline"
                  onClick={(event) => {
                    // The button goes with this note once the address is chosen: keyboard focus goes on to
                    // the field, which then holds that address, rather than fall to the page.
                    if (event.currentTarget === document.activeElement) field.current?.focus();
                    onSave({ kind: 'url', url: loadedFrom });
                  }}
                >
                  Use it again
                </button>
              )}
            </>
          )}
        </p>
      )}
      <form
        class="source-form"
        // Our own check words the problem; the browser's type="url" check would block saving with its own bubble.
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (check.ok) {
            if (!unchanged) onSave({ kind: 'url', url: check.url });
            return;
          }
          errorTiming.reveal();
          field.current?.focus();
        }}
      >
        <label class="field-label" for="source-url">
          Snapshot URL
        </label>
        <p id="source-url-help" class="hint">
          The address of a published snapshot’s index.json (https://, or http:// on localhost for trying one out).
        </p>
        <div class="field-row">
          <input
            ref={field}
            id="source-url"
            class="text-input"
            type="url"
            inputMode="url"
            spellcheck={false}
            autoComplete="off"
            placeholder="https://example.org/method-lens/index.json"
            value={draft}
            aria-invalid={showError}
            aria-describedby={showError ? 'source-url-help source-url-error' : notSaved ? 'source-url-help source-url-unsaved' : 'source-url-help'}
            onInput={(event) => setDraft(event.currentTarget.value)}
            onBlur={() => draft.trim() && errorTiming.reveal()}
          />
          {/* Unavailable for the address already chosen, but not `disabled`: a disabled button drops keyboard focus. */}
          <button type="submit" class="button button-primary" aria-disabled={unchanged}>
            Use this URL
          </button>
        </div>
        {notSaved && (
          <p id="source-url-unsaved" class="hint">
            Not used until you press “Use this URL”.
          </p>
        )}
        {!check.ok && showError && (
          // An alert: focus stays in the field, where aria-describedby alone would not be read again.
          <p id="source-url-error" class="field-error" role="alert">
            {check.error}
          </p>
        )}
      </form>
      <div class="actions">
        <button
          type="button"
          class="button"
          aria-disabled={source.kind === 'bundled'}
          onClick={() => {
            if (source.kind === 'bundled') return;
            setUndoTo(source.url);
            onSave({ kind: 'bundled' });
          }}
        >
          Use the bundled snapshot
        </button>
        <RefreshButton refresh={refresh} />
        {refresh.cancellable && refresh.cancel && <CancelRefreshButton refresh={{ cancel: refresh.cancel, cancelling: refresh.cancelling ?? false }} />}
      </div>
      {/* A live region there from the start: the offer appears away from focus (on the button pressed), and is said. */}
      <div class="source-undo" aria-live="polite">
        {/* The field empties as the bundled snapshot is chosen: an address typed or pasted once (a long
            presigned link) would be lost to a slip of the button. Offered once the choice is stored. */}
        {undoTo !== null && source.kind === 'bundled' && (
          <p class="hint">
            <span id="source-undo-note">
              The snapshot bundled with the extension is chosen instead of <span class="source-url">{undoTo}</span>.
            </span>{' '}
            <button
              type="button"
              class="button button-inline"
              aria-describedby="source-undo-note"
              onClick={(event) => {
                // The button goes once the address is chosen again: keyboard focus goes on to the field,
                // which then holds it, rather than fall to the page.
                if (event.currentTarget === document.activeElement) field.current?.focus();
                onSave({ kind: 'url', url: undoTo });
              }}
            >
              Undo
            </button>
          </p>
        )}
      </div>
      <RefreshStatus
        info={info}
        progress={refresh.progress}
        requestError={refresh.requestError}
        cancelled={refresh.cancelled}
        cancelError={refresh.cancelError}
        onReadAgain={refresh.readAgain}
      />
    </section>
  );
}
