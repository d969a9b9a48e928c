/** Search: type a name or an alias, open its record. */
import { MethodCombobox } from './MethodCombobox';
import { NoSnapshotYet } from './NoSnapshotYet';
import type { MethodMatch } from '@/lib/store/read';
import { useDocumentTitle } from '@/lib/popup/use-document-title';

export interface SearchViewProps {
  query: string;
  matches: readonly MethodMatch[] | null;
  /** The matches answer an earlier query (see `MethodCombobox`). */
  pending?: boolean;
  /** The query the matches answer (see `MethodCombobox`). */
  answeredQuery?: string | null;
  /** Why the search failed, if it did. */
  error?: string | null;
  /** The store holds no snapshot yet: nothing can be found, whatever is typed. */
  noSnapshot?: boolean;
  /** The match opened from this query before, highlighted again (see `MethodCombobox`). */
  initialChoice?: string | null;
  onQuery: (query: string) => void;
  onOpen: (match: MethodMatch) => void;
}

export function SearchView({ query, matches, pending = false, answeredQuery = null, error = null, noSnapshot = false, initialChoice = null, onQuery, onOpen }: SearchViewProps) {
  useDocumentTitle('Search');
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title" class="view-title" tabIndex={-1}>
        Search
      </h1>
      <MethodCombobox
        id="search"
        label="Method name or alias"
        placeholder="e.g. AWQ"
        query={query}
        matches={matches}
        pending={pending}
        answeredQuery={answeredQuery}
        error={error}
        onQuery={onQuery}
        onChoose={onOpen}
        emptyNote={noSnapshot ? 'Nothing can be found until a snapshot is loaded.' : undefined}
        initialChoice={initialChoice}
        autoFocus
      />
      {noSnapshot && <NoSnapshotYet />}
      {matches === null && error === null && !noSnapshot && <p class="hint">Matches start with what you type, in any case; failing any, a word in them does. ↑ ↓ to choose, Enter to open, Esc to clear.</p>}
    </section>
  );
}
