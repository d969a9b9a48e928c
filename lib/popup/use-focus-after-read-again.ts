/**
 * Where the keyboard focus goes after a Try again: the button went with the failure it stood under, so
 * once the state is read again, failed again or not, the focus goes to `target()` rather than fall to
 * the page; a reader gone on meanwhile keeps theirs. Returns what the button calls before it reads again.
 */
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Loadable } from './loadable';

export function useFocusAfterReadAgain(state: Loadable<unknown>['state'], target: () => HTMLElement | null | undefined, reads = 0): () => void {
  const readingAgain = useRef(false);
  useLayoutEffect(() => {
    if (!readingAgain.current || state === 'loading') return;
    readingAgain.current = false;
    const focused = document.activeElement;
    if (focused && focused !== document.body) return;
    target()?.focus();
  }, [state, reads]);
  return () => {
    readingAgain.current = true;
  };
}
