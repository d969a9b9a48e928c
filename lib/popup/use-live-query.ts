/**
 * Subscribes a component to a Dexie live query: the value is read again whenever a write in any
 * context (the service worker's refresh included) touches what the query read.
 */
import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';
import { LOADING, errorMessage, type Loadable } from './loadable';

export function useLiveQuery<T>(query: () => Promise<T>, deps: readonly unknown[]): Loadable<T> {
  const [result, setResult] = useState<Loadable<T>>(LOADING);
  useEffect(() => {
    setResult(LOADING);
    const subscription = liveQuery(query).subscribe({
      next: (value) => setResult({ state: 'ready', value }),
      error: (error) => setResult({ state: 'error', error: errorMessage(error) }),
    });
    return () => subscription.unsubscribe();
    // The caller's deps name everything the query reads besides the store.
  }, deps);
  return result;
}
