/**
 * A view whose data could not be read at all: the failure under the view's title, which names the view
 * for a screen reader and takes the focus when the reader moves to it.
 */
import { ReadFailure } from './ReadFailure';

export function ViewReadFailure({ viewTitle, title, detail }: { viewTitle: string; title: string; detail: string }) {
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title" class="view-title" tabIndex={-1}>
        {viewTitle}
      </h1>
      <ReadFailure title={title} detail={detail} />
    </section>
  );
}
