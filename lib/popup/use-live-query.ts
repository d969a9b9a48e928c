/**
 * Subscribes a component to a Dexie live query: the value is read again whenever a write in any
 * context (the service worker's refresh included) touches what the query read, and at the time
 * `readAgainAt` names for a value that time alone changes (a refresh's heartbeat going stale). `watch`
 * gives the live answers another way (the background's live query, for a private window's page).
 */
import { liveQuery } from 'dexie';
import { useLayoutEffect, useState } from 'preact/hooks';
import { LOADING, type Loadable } from './loadable';
import { errorText } from '@/lib/store/storage-error';
import type { ReadObserver } from './store-reads';

interface Answer<T> {
  deps: readonly unknown[];
  result: Loadable<T>;
}

/** setTimeout fires at once for a longer delay (2^31 − 1 ms, about 24.8 days). */
const LONGEST_DELAY_MS = 2 ** 31 - 1;

export function useLiveQuery<T>(
  query: () => Promise<T>,
  deps: readonly unknown[],
  readAgainAt?: (value: T) => number | null,
  watch?: (observer: ReadObserver<T>) => () => void,
): Loadable<T> {
  const [answer, setAnswer] = useState<Answer<T> | null>(null);
  useLayoutEffect(() => {
    let current = true;
    let liveAnswers = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const fail = (error: unknown) => setAnswer({ deps, result: { state: 'error', error: errorText(error) } });
    const show = (value: T) => {
      setAnswer({ deps, result: { state: 'ready', value } });
      clearTimeout(timer);
      const at = readAgainAt?.(value) ?? null;
      if (at === null || Number.isNaN(at)) return; // NaN: a time that cannot be read never comes
      // No write tells when time alone changes the value, so it is read again then; an answer of the
      // live query meanwhile may be newer than that read, and wins (asking for its own read again).
      timer = setTimeout(() => {
        const seen = liveAnswers;
        const stillCurrent = () => current && liveAnswers === seen;
        query().then(
          (next) => stillCurrent() && show(next),
          (error) => stillCurrent() && fail(error),
        );
      }, Math.min(at - Date.now(), LONGEST_DELAY_MS));
    };
    const observer: ReadObserver<T> = {
      next: (value) => {
        liveAnswers++;
        show(value);
      },
      error: (error) => {
        liveAnswers++;
        clearTimeout(timer);
        fail(error);
      },
    };
    let unwatch: () => void;
    if (watch) unwatch = watch(observer);
    else {
      const subscription = liveQuery(query).subscribe(observer);
      unwatch = () => subscription.unsubscribe();
      // Dexie starts a live query from a timer while the database is still opening (~15 ms when a
      // popup opens); the same read started here answers first, and the live query takes over.
      query().then(
        (value) => current && liveAnswers === 0 && show(value),
        () => undefined, // the live query reports the error
      );
    }
    return () => {
      current = false;
      clearTimeout(timer);
      unwatch();
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
