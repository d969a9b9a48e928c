/**
 * Which view the popup opens on: the one its URL names; else what the background opened it for (taken
 * once from session storage): the record a hover card asked for, or the view of a selection looked up;
 * else the current tab's methods.
 */
import { sendFromPage } from '@/lib/messaging/client';
import type { LookUpView } from '@/lib/background/look-up';
import { pendingLookUp, pendingRecord, searchQueryOf } from '@/lib/pending-view';
import { parseRoute, type Route } from './route';

const PAGE_ROUTE: Route = { view: 'page', tabId: null };

/** Asks the background which view a looked-up selection opens (the matcher and dictionary are there). */
const askBackground = (words: string) => sendFromPage('lookUpSelection', { selection: words });

export async function startRoute(search: string, lookUp: (words: string) => Promise<LookUpView | null> = askBackground): Promise<Route> {
  const named = parseRoute(search);
  if (named) return named;
  const [methodId, words] = await Promise.all([pendingRecord.getValue(), pendingLookUp.getValue()]);
  if (methodId) {
    await pendingRecord.removeValue();
    return { view: 'method', idOrName: methodId };
  }
  if (!words) return PAGE_ROUTE;
  await pendingLookUp.removeValue();
  // A background that does not answer still leaves the reader the search for the words.
  return (await lookUp(words).catch(() => ({ view: 'search', query: searchQueryOf(words) }) as const)) ?? PAGE_ROUTE;
}
