/** One titled part of a method's record, with how many entries it lists. */
import { formatCount } from '@/lib/format';
import type { ComponentChildren } from 'preact';

export function RecordSection({ title, count, children }: { title: string; count: number; children: ComponentChildren }) {
  const id = `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section class="record-section" aria-labelledby={id}>
      <h2 id={id} class="section-title">
        {/* Heard as "What papers say (9 listed)", not "What papers say 9". */}
        {title}{' '}
        <span class="section-count">
          <span class="visually-hidden">(</span>
          {formatCount(count)}
          <span class="visually-hidden"> listed)</span>
        </span>
      </h2>
      {children}
    </section>
  );
}
