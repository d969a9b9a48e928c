/**
 * Subscribes a component to a Dexie live query: the value is read again whenever a write in any
 * context (the service worker's refresh included) touches what the query read.
 */
import { liveQuery } from 'dexie';
import { useLayoutEffect, useState } from 'preact/hooks';
import { LOADING, errorMessage, type Loadable } from './loadable';

interface Answer<T> {
  deps: readonly unknown[];
  result: Loadable<T>;
}

export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): Loadable<T> {
  const [answer, setAnswer] = useState<Answer<T> | null>(null);
  useLayoutEffect(() => {
    let live = false;
    const subscription = liveQuery(query).subscribe({
      next: (value) => {
        live = true;
        setAnswer({ deps, result: { state: 'ready', value } });
      },
      error: (error) => {
        live = true;
        setAnswer({ deps, result: { state: 'error', error: errorMessage(error) } });
      },
    });
    // Dexie starts a live query from a timer while the database is still opening (~15 ms when a
    // popup opens); the same read started here answers first, and the live query takes over.
    let current = true;
    query().then(
      (value) => current && !live && setAnswer({ deps, result: { state: 'ready', value } }),
      () => undefined, // the live query reports the error
    );
    return () => {
      current = false;
      subscription.unsubscribe();
    };
    // The caller's deps name everything the query reads besides the store.
  }, deps);
  // An answer to the previous deps is not an answer to these: the render between a deps change and
  // the new subscription's first value must not show the old value as current.
  return answer && sameDeps(answer.deps, deps) ? answer.result : LOADING;
}

function sameDeps(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((value, index) => Object.is(value, b[index]));
}
