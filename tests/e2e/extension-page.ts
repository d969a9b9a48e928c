/** An extension page to talk to the background the way the popup does (message map, chrome.* APIs). */
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '../helpers/browser';

export async function openExtensionPage(browser: ExtensionBrowser): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/snapshot/index.json`);
  return page;
}

/** Sends a page→background request and returns the reply ({ok, value} or {ok, error}). */
export function askBackground<T = unknown>(page: Page, type: string, payload: unknown): Promise<{ ok: boolean; value?: T; error?: string }> {
  return page.evaluate(
    ([type, payload]) => chrome.runtime.sendMessage({ direction: 'page→background', type, payload }),
    [type, payload] as const,
  );
}

/** The id of the tab showing `url` (a match pattern). */
export async function tabIdOf(page: Page, urlPattern: string): Promise<number> {
  const ids = await page.evaluate(async (pattern) => (await chrome.tabs.query({ url: pattern })).map((tab) => tab.id!), urlPattern);
  if (ids.length !== 1) throw new Error(`expected one tab at ${urlPattern}, found ${ids.length}`);
  return ids[0]!;
}

/** Stops the extension's service worker, as the browser does for an update, under memory pressure or when idle. */
export async function stopServiceWorkers(browser: ExtensionBrowser, page: Page): Promise<void> {
  const devtools = await browser.context.newCDPSession(page);
  await devtools.send('ServiceWorker.enable');
  await devtools.send('ServiceWorker.stopAllWorkers');
  await devtools.detach();
}

/**
 * Holds the store from an extension page: a write transaction kept going over the tables the worker
 * reads records and statuses from, so that its reads wait behind it (a hang, not a failure) until `release`.
 */
export async function holdStore(browser: ExtensionBrowser): Promise<{ release: () => Promise<void> }> {
  const holder = await browser.context.newPage();
  await holder.goto(`chrome-extension://${browser.extensionId}/snapshot/index.json`);
  await holder.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const opened = indexedDB.open('method-lens');
        opened.onerror = () => reject(opened.error);
        opened.onsuccess = () => {
          const meta = opened.result.transaction(['meta', 'catalog', 'pages'], 'readwrite').objectStore('meta');
          const spin = () => {
            if (!(window as { released?: boolean }).released) meta.get('active').onsuccess = spin;
          };
          spin();
          resolve();
        };
      }),
  );
  return {
    async release() {
      await holder.evaluate(() => ((window as { released?: boolean }).released = true));
      await holder.close();
    },
  };
}
