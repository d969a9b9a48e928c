/**
 * Prefix search over the store as the reader types; a slower earlier answer never replaces a later
 * one. A store that cannot be read is reported as such, never as "no matches".
 */
import { useEffect, useState } from 'preact/hooks';
import type { MethodMatch } from '@/lib/store/read';
import { errorText } from '@/lib/store/storage-error';
import { readStore } from './store-reads';

/** Matches asked for per query: a list of them is not every method that starts so. */
export const SEARCH_LIMIT = 20;

export interface MethodSearch {
  /** Null while the query is blank or after a failure; the last answer while a new one is on its way. */
  matches: readonly MethodMatch[] | null;
  /** Why the last search failed, for the reader. */
  error: string | null;
  /** The matches shown answer an earlier query: the one typed is still being searched for. */
  pending: boolean;
  /** The query the matches (or the error) answer; null while the query is blank or before a first answer. */
  answeredQuery: string | null;
}

const BLANK: MethodSearch = { matches: null, error: null, pending: false, answeredQuery: null };

/** The last answer from the store, and the query it answers (null: none yet). */
interface Answer {
  query: string | null;
  matches: readonly MethodMatch[] | null;
  error: string | null;
}
const NO_ANSWER: Answer = { query: null, matches: null, error: null };

export function useMethodSearch(query: string): MethodSearch {
  const [answer, setAnswer] = useState<Answer>(NO_ANSWER);
  useEffect(() => {
    if (!query.trim()) {
      setAnswer(NO_ANSWER);
      return;
    }
    let current = true;
    readStore('searchMethods', [query, SEARCH_LIMIT]).then(
      (matches) => current && setAnswer({ query, matches, error: null }),
      (error) => current && setAnswer({ query, matches: null, error: errorText(error) }),
    );
    return () => {
      current = false;
    };
  }, [query]);
  // Blank from the render that blanks the query: the effect's reset comes a frame later, and until
  // then the cleared field showed the old list (aria-expanded still true).
  return query.trim() ? { matches: answer.matches, error: answer.error, pending: answer.query !== query, answeredQuery: answer.query } : BLANK;
}
