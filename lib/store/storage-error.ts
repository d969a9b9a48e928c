/**
 * Failures of the browser's storage (IndexedDB through Dexie, or `storage.local`), in words for the
 * reader. Their own ("QuotaExceededError: …", "DatabaseClosedError: Database has been closed") say
 * nothing a reader can act on.
 */
import Dexie from 'dexie';
import { excerpt } from '@/lib/format';

/** Browser words cut to this many characters where they are quoted. */
const QUOTED_AT_MOST = 120;

/** Whether storage ran out of room: IndexedDB's quota (as Dexie wraps it, or bare), or `storage.local`'s. */
function isQuotaExceeded(error: unknown): boolean {
  const { name, message, inner } = (error ?? {}) as { name?: unknown; message?: unknown; inner?: { name?: unknown } };
  return name === 'QuotaExceededError' || inner?.name === 'QuotaExceededError' || (typeof message === 'string' && /\bQUOTA_BYTES/.test(message));
}

/** Whether an error came from the browser's storage, not from Method Lens's own checks. */
export function isStorageFailure(error: unknown): boolean {
  return error instanceof Dexie.DexieError || isQuotaExceeded(error);
}

/** What went wrong, as the end of a sentence ("…could not be saved: " + this). */
export function storageFailureWords(error: unknown): string {
  if (isQuotaExceeded(error)) return 'the browser has no room left for Method Lens’s data. Free some disk space, then try again.';
  const quoted = excerpt(error instanceof Error ? error.message : String(error), QUOTED_AT_MOST);
  return `the browser’s storage failed${quoted ? ` (it said: ${quoted})` : ''}. Try again; if it keeps failing, restart the browser.`;
}

/**
 * An error's message for the reader: a storage failure in plain words, as a sentence of its own, anything
 * else (worded where it was raised) as it is. The background answers the extension's pages with this text,
 * so a page that says what failed ("Your change could not be saved: …") adds nothing to it.
 */
export function errorText(error: unknown): string {
  if (!isStorageFailure(error)) return error instanceof Error ? error.message : String(error);
  const words = storageFailureWords(error);
  return words.charAt(0).toUpperCase() + words.slice(1);
}
