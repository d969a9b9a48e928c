/** Storage failures in the reader's words: room run out, storage failing, and Method Lens's own messages left as they are. */
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { errorText, isStorageFailure, storageFailureWords } from '@/lib/store/storage-error';

const NO_ROOM = 'the browser has no room left for Method Lens’s data. Free some disk space, then try again.';

describe('storage failures', () => {
  it.each([
    ['IndexedDB’s quota, bare', new DOMException('The quota has been exceeded.', 'QuotaExceededError')],
    ['IndexedDB’s quota, as Dexie wraps it', new Dexie.QuotaExceededError('QuotaExceededError: The quota has been exceeded.')],
    ['a transaction Dexie aborted for the quota', new Dexie.AbortError('Transaction aborted', new DOMException('The quota has been exceeded.', 'QuotaExceededError'))],
    ['storage.local’s quota', new Error('QUOTA_BYTES quota exceeded')],
    ['storage.local’s quota for one item', new Error('QUOTA_BYTES_PER_ITEM quota exceeded')],
  ])('says the browser has no room left: %s', (_, error) => {
    expect(isStorageFailure(error)).toBe(true);
    expect(storageFailureWords(error)).toBe(NO_ROOM);
    expect(errorText(error)).toBe('The browser has no room left for Method Lens’s data. Free some disk space, then try again.');
  });

  it('says the storage failed, quoting the browser, for any other failure of the store', () => {
    const closed = new Dexie.DatabaseClosedError('Database has been closed');
    expect(isStorageFailure(closed)).toBe(true);
    expect(errorText(closed)).toBe('The browser’s storage failed (it said: Database has been closed). Try again; if it keeps failing, restart the browser.');
    // A long message is quoted cut short.
    const long = storageFailureWords(new Dexie.UnknownError('x'.repeat(500)));
    expect(long).toContain(`(it said: ${'x'.repeat(120)}…)`);
    expect(long).not.toContain('x'.repeat(121));
  });

  it('leaves Method Lens’s own messages, and any other error, as they are', () => {
    expect(isStorageFailure(new Error('The store is not open yet.'))).toBe(false);
    expect(errorText(new Error('The store is not open yet.'))).toBe('The store is not open yet.');
    expect(errorText(new TypeError('Failed to fetch'))).toBe('Failed to fetch');
    expect(errorText('a string thrown')).toBe('a string thrown');
  });
});
