/**
 * A store found empty: its first filling still runs, or it was deleted while the browser runs (the
 * reader cleared the extension's data, DevTools deleted it) under a background stopped at the time,
 * which heard nothing of it and would leave it empty. The page asks the background to fill it (`wake`;
 * a filling already running is joined, not started again); its views say it is being loaded meanwhile.
 */
import { useEffect } from 'preact/hooks';
import { sendFromPage } from '@/lib/messaging/client';

/** `hasSnapshot`: `useHasSnapshot`'s answer. */
export function useFillWhenEmpty(hasSnapshot: boolean | null): void {
  useEffect(() => {
    if (hasSnapshot === false) sendFromPage('wake', {}).catch(() => undefined);
  }, [hasSnapshot]);
}
