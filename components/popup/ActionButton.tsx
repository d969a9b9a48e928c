/**
 * A button that changes a setting from a view ("Switch marks on", "Unmute AWQ"): once done, focus goes
 * to the view's title (the button usually goes with what it changed); a failure is said under it.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { errorText } from '@/lib/store/storage-error';
import { ErrorNote } from './ErrorNote';

/** `label`: its words, with a name from the snapshot in them isolated ("Unmute <bdi>AWQ</bdi>"). */
export function ActionButton({ label, primary = false, failureTitle, action }: { label: ComponentChildren; primary?: boolean; failureTitle: string; action: () => Promise<void> }) {
  const [failure, setFailure] = useState<string | null>(null);
  return (
    <>
      <button
        type="button"
        class={primary ? 'button button-primary' : 'button'}
        onClick={() => {
          setFailure(null);
          action().then(
            () => document.getElementById('view-title')?.focus(),
            (error) => setFailure(errorText(error)),
          );
        }}
      >
        {label}
      </button>
      {failure && <ErrorNote title={failureTitle} detail={failure} />}
    </>
  );
}
