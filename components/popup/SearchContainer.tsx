/** Runs the search view: the query lives in the URL (so Back returns to it), matches come from the store. */
import { useLayoutEffect, useState } from 'preact/hooks';
import { useMethodSearch } from '@/lib/popup/use-method-search';
import { useHasSnapshot } from '@/lib/popup/use-has-snapshot';
import { markViewReady } from '@/lib/popup/view-ready';
import { chosenMatchFor, rememberChosenMatch } from '@/lib/popup/chosen-match';
import { useNavigation } from './navigation';
import { SearchView } from './SearchView';

export function SearchContainer({ initialQuery }: { initialQuery: string }) {
  const [query, setQuery] = useState(initialQuery);
  // Come Back to: the match opened from here is highlighted again.
  const [chosenBefore] = useState(() => chosenMatchFor(initialQuery));
  const { matches, pending, answeredQuery, error } = useMethodSearch(query);
  const { navigate, replace } = useNavigation();
  const hasSnapshot = useHasSnapshot();
  useLayoutEffect(() => markViewReady('search'), []);
  return (
    <SearchView
      query={query}
      matches={matches}
      pending={pending}
      answeredQuery={answeredQuery}
      error={error}
      noSnapshot={hasSnapshot === false}
      initialChoice={chosenBefore}
      onQuery={(next) => {
        setQuery(next);
        replace({ view: 'search', query: next });
      }}
      onOpen={(match) => {
        rememberChosenMatch(match.id, query);
        navigate({ view: 'method', idOrName: match.id });
      }}
    />
  );
}
