/**
 * Which view the popup opens on: the one its URL names; else the record a hover card asked for
 * (taken once from session storage); else the current tab's methods.
 */
import { storage } from 'wxt/utils/storage';
import { parseRoute, type Route } from './route';

/**
 * The session item the background's `pendingRecord` (lib/background/handlers.ts) writes. Declared
 * again rather than imported: importing the handlers would bundle the background (zod and all) here.
 */
const pendingRecord = storage.defineItem<string | null>('session:pendingRecord', { fallback: null });

export async function startRoute(search: string): Promise<Route> {
  const named = parseRoute(search);
  if (named) return named;
  const methodId = await pendingRecord.getValue();
  if (methodId) {
    await pendingRecord.removeValue();
    return { view: 'method', idOrName: methodId };
  }
  return { view: 'page', tabId: null };
}
