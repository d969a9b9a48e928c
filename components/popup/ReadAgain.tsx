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
    /** The view's title, focused here while its data is still on its way (a view titled at once, such as This page). */
    let titleFocused: HTMLElement | null = null;
    const place = () => {
      const focused = document.activeElement;
      // The reader has gone on meanwhile (a tab, the search field): their focus stays.
      if (focused && focused !== document.body && focused !== titleFocused) return observer.disconnect();
      // A failure again: its own button, under the title the failure shows too. Else the view's title.
      const retry = document.querySelector<HTMLElement>('[data-read-again]');
      if (retry) {
        retry.focus();
        return observer.disconnect();
      }
      const title = document.querySelector<HTMLElement>('#view-title');
      if (!title) return;
      if (focused !== title) title.focus();
      titleFocused = title;
      // Titled before its data is read, the view may yet fail again: its Try again then takes the focus.
      if (!document.querySelector('.state-loading')) observer.disconnect();
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
