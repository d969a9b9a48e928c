/** One titled part of a method's record, with how many entries it lists. */
import { formatCount } from '@/lib/format';
import type { ComponentChildren } from 'preact';

/**
 * `shownTitle`: the title as drawn, when a name from the snapshot in it is isolated ("<bdi>AWQ</bdi>
 * beats"); its text is `title`'s, which names the section and makes its id.
 */
export function RecordSection({ title, shownTitle = title, count, children }: { title: string; shownTitle?: ComponentChildren; count: number; children: ComponentChildren }) {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section class="record-section" aria-labelledby={id}>
      {/* Heard as "What papers say (9 listed)", not "What papers say 9": named by its label, as words
          hidden inside the count's pill were heard with spaces around them ("( 9 listed)"). */}
      <h2 id={id} class="section-title" aria-label={`${title} (${formatCount(count)} listed)`}>
        {shownTitle} <span class="section-count">{formatCount(count)}</span>
      </h2>
      {children}
    </section>
  );
}
