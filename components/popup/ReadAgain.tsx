/**
 * Reading a view's data again after a read failed: a live query ends with its error, so reading again
 * is the view mounted anew. Pressed, "Try again" goes with the failure it stood under: once the view
 * or its failure is back, keyboard focus goes to the view's title or the next "Try again", rather than
 * stay on the page.
 */
import { createContext, Fragment, type ComponentChildren } from 'preact';
import { useContext, useLayoutEffect, useState } from 'preact/hooks';

const ReadAgainContext = createContext<(() => void) | null>(null);

/** Wraps a view whose reads may fail; `useReadAgain` inside it mounts the view anew. */
export function ReadAgainScope({ children }: { children: ComponentChildren }) {
  const [reads, setReads] = useState(0);
  useLayoutEffect(() => {
    if (reads === 0) return;
    const place = () => {
      const focused = document.activeElement;
      // The reader has gone on meanwhile (a tab, the search field): their focus stays.
      if (focused && focused !== document.body) return observer.disconnect();
      // A failure again: its own button, under the title the failure shows too. Else the view's title.
      const target = document.querySelector<HTMLElement>('[data-read-again]') ?? document.querySelector<HTMLElement>('#view-title');
      if (!target) return;
      target.focus();
      observer.disconnect();
    };
    // Each view reads its data after it shows: its title or its failure comes later.
    const observer = new MutationObserver(place);
    observer.observe(document.body, { childList: true, subtree: true });
    place();
    return () => observer.disconnect();
  }, [reads]);
  return (
    <ReadAgainContext.Provider value={() => setReads((count) => count + 1)}>
      <Fragment key={reads}>{children}</Fragment>
    </ReadAgainContext.Provider>
  );
}

/** Mounts the view anew, to read it again; null outside a `ReadAgainScope`. */
export function useReadAgain(): (() => void) | null {
  return useContext(ReadAgainContext);
}
