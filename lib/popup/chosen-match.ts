/**
 * The match the reader opened from the search, kept in the search's history entry with the query it
 * answered: Back to that search highlights it again, as Back to another view focuses the link followed
 * (PopupApp), rather than the first match.
 */

interface ChosenMatch {
  id: string;
  query: string;
}

export function rememberChosenMatch(id: string, query: string): void {
  const chosen: ChosenMatch = { id, query };
  history.replaceState({ ...(history.state as object | null), chosenMatch: chosen }, '');
}

/** The match opened from this entry's search, if the query is still the one it answered. */
export function chosenMatchFor(query: string): string | null {
  const chosen = (history.state as { chosenMatch?: Partial<ChosenMatch> } | null)?.chosenMatch;
  return typeof chosen?.id === 'string' && chosen.query === query ? chosen.id : null;
}
