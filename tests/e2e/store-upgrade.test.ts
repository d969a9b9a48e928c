/**
 * An update of the extension over a store an earlier version wrote, in Chromium's own IndexedDB: store
 * version 3 (Dexie's 3, IndexedDB's 30), whose catalog (format 2) has no word runs. The next open, at
 * version 4, rebuilds the active catalog from the stored manifests inside its upgrade: the popup's search
 * finds a method by a word inside its names, with nothing downloaded again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blockRealSites, launchWithExtension, type ExtensionBrowser } from '../helpers/browser';
import { askBackground, openExtensionPage, stopServiceWorkers } from './extension-page';

let browser: ExtensionBrowser;
let page: Page;

beforeAll(async () => {
  browser = await launchWithExtension();
  await blockRealSites(browser.context);
  page = await openExtensionPage(browser);
});

afterAll(async () => {
  await browser?.close();
});

interface StoreState {
  version: number;
  stores: string[];
  wordRuns: number;
  format: unknown;
  catalogGen: string;
}

/** The store as it is: IndexedDB's version, its tables, how many word-run records the active catalog has, and its format. */
function storeState(): Promise<StoreState> {
  return page.evaluate(
    () =>
      new Promise<StoreState>((resolve, reject) => {
        const opened = indexedDB.open('method-lens');
        opened.onerror = () => reject(opened.error);
        opened.onsuccess = () => {
          const db = opened.result;
          const reading = db.transaction(['meta', 'catalog']);
          const active = reading.objectStore('meta').get('active');
          const keys = reading.objectStore('catalog').getAllKeys();
          reading.oncomplete = () => {
            const catalog = (active.result as { value: { catalog: { gen: string; format?: unknown } } }).value.catalog;
            const wordRuns = (keys.result as string[]).filter((key) => key.startsWith(`${catalog.gen}|w|`)).length;
            resolve({ version: db.version, stores: [...db.objectStoreNames].sort(), wordRuns, format: catalog.format, catalogGen: catalog.gen });
            db.close();
          };
        };
      }),
  );
}

/**
 * Writes the store again as version 3 left it: the same records, but its catalog without word runs nor
 * their header list, in format 2, at IndexedDB version 30.
 */
function rewriteAsVersion3(): Promise<void> {
  return page.evaluate(async () => {
    const request = <T>(made: IDBRequest<T>) =>
      new Promise<T>((resolve, reject) => {
        made.onsuccess = () => resolve(made.result);
        made.onerror = () => reject(made.error);
      });
    const tables = ['meta', 'topics', 'manifests', 'pages', 'catalog'];
    const current = await request(indexedDB.open('method-lens'));
    const reading = current.transaction(tables);
    const records = Object.fromEntries(await Promise.all(tables.map(async (name) => [name, await request(reading.objectStore(name).getAll())] as const)));
    current.close();
    const text = new TextDecoder();
    const bytes = new TextEncoder();
    const catalog = (records.catalog as { key: string; bytes: Uint8Array }[]).flatMap((record) => {
      if (record.key.includes('|w|')) return [];
      if (!record.key.endsWith('|header')) return [record];
      const { wordRuns: _, ...header } = JSON.parse(text.decode(record.bytes));
      return [{ ...record, bytes: bytes.encode(JSON.stringify(header)) }];
    });
    const meta = (records.meta as { key: string; value: { catalog?: object } }[]).map((row) =>
      row.key === 'active' ? { ...row, value: { ...row.value, catalog: { ...row.value.catalog, format: 2 } } } : row,
    );
    await request(indexedDB.deleteDatabase('method-lens'));
    const opening = indexedDB.open('method-lens', 30);
    opening.onupgradeneeded = () => {
      for (const name of tables) opening.result.createObjectStore(name, { keyPath: 'key' });
    };
    const old = await request(opening);
    const writing = old.transaction(tables, 'readwrite');
    for (const name of tables) for (const record of name === 'catalog' ? catalog : name === 'meta' ? meta : records[name]!) writing.objectStore(name).put(record);
    await new Promise<void>((resolve, reject) => {
      writing.oncomplete = () => resolve();
      writing.onerror = () => reject(writing.error);
    });
    old.close();
  });
}

describe('a store version 3 wrote, opened by this version', () => {
  it('has its catalog rebuilt with word runs at the upgrade: the popup finds TAH-Quant by “hadamard”, and nothing is downloaded', async () => {
    await expect.poll(async () => (await askBackground<{ totals: { methods: number } }>(page, 'getSnapshotInfo', {})).value?.totals.methods, { timeout: 30_000 }).toBe(40);
    const now = await storeState();
    expect(now.version).toBe(40);
    expect(now.format).toBe(3);
    expect(now.wordRuns).toBeGreaterThan(0);

    await stopServiceWorkers(browser, page);
    await rewriteAsVersion3();
    const old = await storeState();
    expect(old).toMatchObject({ version: 30, wordRuns: 0, format: 2, catalogGen: now.catalogGen });

    // The bundled snapshot is not asked for again: the upgrade builds from what the store holds.
    const downloads: string[] = [];
    browser.context.on('request', (request) => {
      if (request.url().includes('/snapshot/')) downloads.push(request.url());
    });
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?view=search`);
    const box = popup.getByRole('combobox', { name: 'Method name or alias' });
    await box.fill('hadamard');
    await expect.poll(() => popup.getByRole('option').allInnerTexts(), { timeout: 15_000 }).toEqual([expect.stringMatching(/^TAH-Quant \(as Tile-wise Adaptive Hadamard Quantization\)\n/)]);
    expect(await popup.locator('.combobox-by-word').innerText()).toBe('No method or alias starts with “hadamard”; a word in each of these does.');
    // And by a name's start, as before.
    await box.fill('tah');
    await expect.poll(() => popup.getByRole('option').allInnerTexts()).toEqual([expect.stringMatching(/^TAH-Quant\n/)]);

    const upgraded = await storeState();
    expect(upgraded.version).toBe(40);
    expect(upgraded.format).toBe(3);
    expect(upgraded.wordRuns).toBeGreaterThan(0);
    expect(upgraded.catalogGen).not.toBe(now.catalogGen);
    expect(downloads).toEqual([]);
    await popup.close();
  });
});
