/** Dated list entries (newer alternatives, the frontier); the KB sometimes dates an entry without naming it. */
import { formatDate } from '@/lib/format';
import type { NamedEntry } from '@/lib/store/read';
import { MethodLink } from './MethodLink';

export function DatedEntryList({ entries, label }: { entries: readonly NamedEntry[]; label: string }) {
  return (
    <ul class="dated-list" aria-label={label}>
      {entries.map((entry, index) => (
        <li key={index} class="dated-entry">
          {entry.methodId ? (
            <MethodLink id={entry.methodId} name={entry.name} />
          ) : (
            <span class="unnamed">unnamed in the KB</span>
          )}
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
