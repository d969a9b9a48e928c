/**
 * Dated list entries (newer alternatives, the frontier), each method with its paper's title where it
 * was read; the KB sometimes dates an entry without naming it.
 */
import { formatDate } from '@/lib/format';
import type { EntryWithPaper } from '@/lib/store/entry-papers';
import { MethodLink } from './MethodLink';

export function DatedEntryList({ entries, label }: { entries: readonly EntryWithPaper[]; label: string }) {
  return (
    <ul class="dated-list" aria-label={label}>
      {entries.map((entry, index) => (
        <li key={index} class="dated-entry">
          <div class="dated-entry-what">
            {entry.methodId ? (
              <MethodLink id={entry.methodId} name={entry.name} />
            ) : (
              <span class="unnamed">unnamed in the KB</span>
            )}
            {entry.paperTitle && (
              <p class="method-row-facts dated-entry-paper">
                <cite>{entry.paperTitle}</cite>
              </p>
            )}
          </div>
          {entry.date && (
            <>
              {' '}
              <time dateTime={entry.date}>{formatDate(entry.date)}</time>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
