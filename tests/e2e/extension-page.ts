/** An extension page to talk to the background the way the popup does (message map, chrome.* APIs). */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
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

/** A request a content script sent the background: its type and, for a report, whether the script reads the page. */
export interface ContentRequest {
  type: string;
  read?: boolean;
  reading?: boolean;
}

/**
 * From now on, `page` (an extension page) keeps every request content scripts send the background. A
 * content script's `runtime.sendMessage` reaches every extension page, not only the background, and one
 * script's messages arrive in the order it sent them: what the page kept is what that script did, in order.
 * The listener never answers, so the background's answer is the one the script gets.
 */
export async function recordContentRequests(page: Page): Promise<void> {
  await page.evaluate(() => {
    const kept: { from: string; request: { type: string; read?: boolean; reading?: boolean } }[] = [];
    (window as unknown as { __contentRequests: typeof kept }).__contentRequests = kept;
    chrome.runtime.onMessage.addListener((message: { direction?: unknown; type?: unknown; payload?: { read?: unknown; reading?: unknown } }, sender) => {
      if (message?.direction !== 'content→background' || typeof message.type !== 'string' || !sender.url) return;
      const { read, reading } = message.payload ?? {};
      kept.push({ from: sender.url, request: { type: message.type, ...(typeof read === 'boolean' && { read }), ...(typeof reading === 'boolean' && { reading }) } });
    });
  });
}

/**
 * The content script of the page at `url`, which it does not read (its site switched off, or no page of
 * a kind it reads), has sent nothing, not even to say so: such a page must never start the worker. A
 * silence, so known only once its first sync has had ample time to read the switches after the load.
 */
export async function contentSentNothing(extensionPage: Page, page: Page, url: string): Promise<void> {
  await page.waitForTimeout(1_000);
  expect(await contentRequestsFrom(extensionPage, url)).toEqual([]);
}

/** The requests kept by `recordContentRequests` from the content script of the page at `url`, in the order sent. */
export function contentRequestsFrom(page: Page, url: string): Promise<ContentRequest[]> {
  return page.evaluate(
    (url) =>
      (window as unknown as { __contentRequests: { from: string; request: ContentRequest }[] }).__contentRequests
        .filter(({ from }) => from === url)
        .map(({ request }) => request),
    url,
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
 * Holds the store from an extension page: a write transaction kept going over `tables` (by default those
 * the worker reads records and statuses from), so that the worker's reads and writes there wait behind it
 * (a hang, not a failure) until `release`.
 */
export async function holdStore(browser: ExtensionBrowser, tables: readonly string[] = ['meta', 'catalog', 'pages']): Promise<{ release: () => Promise<void> }> {
  const holder = await browser.context.newPage();
  await holder.goto(`chrome-extension://${browser.extensionId}/snapshot/index.json`);
  await holder.evaluate(
    (tables) =>
      new Promise<void>((resolve, reject) => {
        const opened = indexedDB.open('method-lens');
        opened.onerror = () => reject(opened.error);
        opened.onsuccess = () => {
          const held = opened.result.transaction(tables, 'readwrite').objectStore(tables[0]!);
          const spin = () => {
            if (!(window as { released?: boolean }).released) held.get('active').onsuccess = spin;
          };
          spin();
          resolve();
        };
      }),
    tables,
  );
  return {
    async release() {
      await holder.evaluate(() => ((window as { released?: boolean }).released = true));
      await holder.close();
    },
  };
}
