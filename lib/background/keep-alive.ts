/**
 * Chrome stops an extension's service worker after 30 s without an extension event or API call. A
 * refresh works through fetch and IndexedDB only, and a large one (or one on a slow machine) takes
 * longer: cut off, it would be claimed and run again at the next start, and cut off again. While the
 * work runs, a cheap extension API call every 20 s keeps the worker up (as Chrome's guide advises).
 */
import { browser } from 'wxt/browser';

export const KEEP_ALIVE_EVERY_MS = 20_000;

export async function whileKeptAlive<T>(work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => void browser.runtime.getPlatformInfo().catch(() => undefined), KEEP_ALIVE_EVERY_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
