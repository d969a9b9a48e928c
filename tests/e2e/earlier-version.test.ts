/**
 * A profile an earlier version left behind: the snapshot source it kept in `storage.local` (where
 * content scripts can read it, and are told of each change) is moved into the extension's own store at
 * the next start of the background (here after the worker is stopped, as the browser stops it when idle),
 * and is the source the options page shows and a refresh uses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, storedSnapshotSource, type ExtensionBrowser } from '../helpers/browser';
import { startSnapshotServer, type SnapshotServer } from '../helpers/snapshot-server';
import { sampleSnapshot } from '../helpers/sample-snapshot';
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import { askBackground, openExtensionPage, stopServiceWorkers } from './extension-page';

let browser: ExtensionBrowser;
let server: SnapshotServer;

beforeAll(async () => {
  server = await startSnapshotServer();
  browser = await launchWithExtension();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const methodsIn = async (page: Page) => (await askBackground<{ totals: { methods: number } }>(page, 'getSnapshotInfo', {})).value?.totals.methods;

describe('a snapshot source an earlier version kept in storage.local', () => {
  it('moves into the store at the next start, out of the reach of content scripts, and stays the source', async () => {
    server.serveFiles((await renderSnapshotFiles(sampleSnapshot())).files, '/kb/');
    const url = server.url('/kb/index.json?token=secret');
    const page = await openExtensionPage(browser);
    await expect.poll(() => methodsIn(page), { timeout: 15_000 }).toBe(40);
    await page.evaluate((chosen) => chrome.storage.local.set({ snapshotSource: { kind: 'url', url: chosen } }), url);

    // The worker stops (as the browser stops it when idle, or for an update); the next message starts it again.
    await stopServiceWorkers(browser, page);
    expect(await methodsIn(page)).toBe(40);
    await expect.poll(() => storedSnapshotSource(page), { timeout: 15_000 }).toEqual({ kind: 'url', url });
    expect(await page.evaluate(() => chrome.storage.local.get(null))).not.toHaveProperty('snapshotSource');

    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    // Chosen, and not in use until a refresh brings a snapshot from it: the store still holds the bundled one.
    await expect.poll(() => options.locator('.current-source').innerText(), { timeout: 15_000 }).toBe(`Chosen: ${url}`);
    const outcome = await askBackground<{ ok: boolean }>(page, 'startRefresh', {});
    expect(outcome.value).toMatchObject({ ok: true });
    expect((await askBackground<{ source: string }>(page, 'getSnapshotInfo', {})).value?.source).toBe(url);
    await expect.poll(() => options.locator('.current-source').innerText(), { timeout: 15_000 }).toBe(`In use: ${url}`);
    expect(server.requestCount('/kb/index.json')).toBeGreaterThan(0);
  });
});
