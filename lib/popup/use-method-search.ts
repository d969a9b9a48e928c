/** Prefix search over the store as the reader types; a slower earlier answer never replaces a later one. */
import { useEffect, useState } from 'preact/hooks';
import { searchMethods, type MethodMatch } from '@/lib/store/read';
import { pageDb } from './page-db';

export const SEARCH_LIMIT = 20;

/** Null while the query is blank. */
export function useMethodSearch(query: string): readonly MethodMatch[] | null {
  const [matches, setMatches] = useState<readonly MethodMatch[] | null>(null);
  useEffect(() => {
    if (!query.trim()) {
      setMatches(null);
      return;
    }
    let current = true;
    searchMethods(pageDb(), query, SEARCH_LIMIT).then(
      (found) => current && setMatches(found),
      () => current && setMatches([]),
    );
    return () => {
      current = false;
    };
  }, [query]);
  return matches;
}
