/** A view's data could not be read from the store: what failed and why, and "Try again" where the view can read it again. */
import { ErrorNote } from './ErrorNote';
import { useReadAgain } from './ReadAgain';

export function ReadFailure({ title, detail }: { title: string; detail: string }) {
  const readAgain = useReadAgain();
  return (
    <>
      <ErrorNote title={title} detail={detail} />
      {/* Outside the alert, which says only what failed. */}
      {readAgain && (
        <div class="actions">
          <button type="button" class="button button-primary" data-read-again onClick={readAgain}>
            Try again
          </button>
        </div>
      )}
    </>
  );
}
