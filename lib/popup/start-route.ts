/**
 * Which view the popup opens on: the one its URL names; else the record a hover card asked for, or the
 * record or search a selection looked up (taken once from session storage); else the current tab's methods.
 */
import { storage } from 'wxt/utils/storage';
import { parseRoute, type Route } from './route';

/**
 * The session items the background's `pendingRecord` and `pendingSearch` (lib/background/handlers.ts)
 * write. Declared again rather than imported: importing the handlers would bundle the background (zod and
 * all) here.
 */
const pendingRecord = storage.defineItem<string | null>('session:pendingRecord', { fallback: null });
const pendingSearch = storage.defineItem<string | null>('session:pendingSearch', { fallback: null });

export async function startRoute(search: string): Promise<Route> {
  const named = parseRoute(search);
  if (named) return named;
  const [methodId, query] = await Promise.all([pendingRecord.getValue(), pendingSearch.getValue()]);
  if (methodId) {
    await pendingRecord.removeValue();
    return { view: 'method', idOrName: methodId };
  }
  if (query) {
    await pendingSearch.removeValue();
    return { view: 'search', query };
  }
  return { view: 'page', tabId: null };
}
