/**
 * What the background leaves the toolbar popup it opens (session storage, taken once by `startRoute`): the
 * record a hover card asked for, or a selection looked up from the context menu, which the popup has
 * the background read (`lookUpSelection`). Only the newest of them is kept. Shared by both sides: the
 * popup must not import the background's handlers (zod and the store would come with them).
 */
import { storage } from 'wxt/utils/storage';

export const PENDING_RECORD_KEY = 'pendingRecord';
export const PENDING_LOOK_UP_KEY = 'pendingLookUp';

/** A method's id: the record a hover card's "Open full record" asked for. */
export const pendingRecord = storage.defineItem<string | null>(`session:${PENDING_RECORD_KEY}`, { fallback: null });
/** A looked-up selection's words (`lookUpWords`). */
export const pendingLookUp = storage.defineItem<string | null>(`session:${PENDING_LOOK_UP_KEY}`, { fallback: null });

/** What a look-up reads of a selection: a whole paper selected is read for its first 100,000 characters. */
export const LOOK_UP_READS_AT_MOST = 100_000;

/** At most this many characters of a selection that names no method are searched for. */
export const LOOKED_UP_AT_MOST = 100;

/** A selection's words, each run of whitespace one space, read to `LOOK_UP_READS_AT_MOST` (cut on a whole character). */
export function lookUpWords(selection: string): string {
  const read = selection.length > LOOK_UP_READS_AT_MOST ? selection.slice(0, LOOK_UP_READS_AT_MOST).replace(/[\uD800-\uDBFF]$/, '') : selection;
  return read.replace(/\s+/g, ' ').trim();
}

/** The search for words that name no method: their first `LOOKED_UP_AT_MOST` characters. */
export function searchQueryOf(words: string): string {
  return Array.from(words).slice(0, LOOKED_UP_AT_MOST).join('').trim();
}
