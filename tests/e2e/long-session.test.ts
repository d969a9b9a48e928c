/**
 * A tab a reader keeps open all day: the content script's work on it must not leave something behind
 * per pointer move, navigation or page change. Counted in the page's renderer (the Chrome DevTools
 * Protocol's metrics), which sees the content script's isolated world too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blockRealSites, launchWithExtension, routeFixture, type ExtensionBrowser } from '../helpers/browser';
import { scanCount, waitForScans } from './page-helpers';
import { contentRequestsFrom, openExtensionPage, recordContentRequests } from './extension-page';

let browser: ExtensionBrowser;

const PAPER = 'https://www.semanticscholar.org/paper/quip-sharp/c4f1e9a2b7d3f5e8a1c6b9d2e7f4a3c8b5d1e6f2';

beforeAll(async () => {
  // A tab discarded in place, keeping its id, as Chrome does it now. Debian's Chromium 150, without
  // it, replaces the tab under a new id and crashes (SIGSEGV) doing so, headless, with any extension.
  browser = await launchWithExtension(undefined, { features: ['WebContentsDiscard'] });
  await blockRealSites(browser.context);
  await routeFixture(browser.context, 'https://www.semanticscholar.org/paper/**', 's2-paper.html');
  await routeFixture(browser.context, 'https://www.semanticscholar.org/search**', 's2-search.html');
  await routeFixture(browser.context, 'https://arxiv.org/abs/**', 'arxiv-abs-quant.html');
});

afterAll(async () => {
  await browser?.close();
});

/** A metric of the page's renderer (its every world's), after a garbage collection. */
async function liveCount(page: Page, metric: 'JSEventListeners' | 'Nodes'): Promise<number> {
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  await cdp.detach();
  return metrics.find(({ name }) => name === metric)!.value;
}

const listenerCount = (page: Page) => liveCount(page, 'JSEventListeners');

describe('a tab open all day', () => {
  it('keeps no listener per pointer move, in-app navigation or page change', async () => {
    const page = await browser.context.newPage();
    await page.goto(PAPER);
    await page.waitForFunction(() => (window as any).__s2?.rendered === true);
    await waitForScans(page);
    await page.waitForTimeout(500);
    const before = await listenerCount(page);

    // The pointer moving over the page (each move starts the hover's rest timer)…
    for (let i = 0; i < 200; i++) await page.mouse.move(100 + (i % 300), 300 + (i % 5));
    // …pages opened in the app (each a new sync, its idle wait, a first pass and a report)…
    for (let i = 1; i <= 20; i++) {
      const passes = await scanCount(page);
      await page.evaluate((path) => (window as any).__s2.navigate(path, 10), `/paper/r${String(i).padStart(6, '0')}${'0'.repeat(33)}`);
      await page.waitForFunction((passes) => performance.getEntriesByName('method-lens:scan').length > passes, passes);
    }
    // …and results loaded and taken away (each a rescan and a report).
    for (let i = 0; i < 20; i++) {
      const passes = await scanCount(page);
      await page.evaluate((i) => (i % 2 ? (window as any).__s2.removeResults(1) : (window as any).__s2.appendResults(1)), i);
      await page.waitForFunction((passes) => performance.getEntriesByName('method-lens:scan').length > passes, passes);
    }
    await page.waitForTimeout(500);

    // A few may come and go with the page's own state; nothing in proportion to the 240 steps.
    expect((await listenerCount(page)) - before).toBeLessThan(20);
    await page.close();
  });

  it('keeps no part of the page the app replaced under the same address: its old results leave memory', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://www.semanticscholar.org/search?q=quantization');
    await page.waitForFunction(() => (window as any).__s2?.rendered === true);
    await waitForScans(page);
    const rerender = async () => {
      const passes = await scanCount(page);
      await page.evaluate(() => (window as any).__s2.renderNow());
      await page.waitForFunction((passes) => performance.getEntriesByName('method-lens:scan').length > passes, passes);
    };
    await rerender();
    // Past the window in which the session remembers the blocks it read lately (to tell a runaway page).
    await page.waitForTimeout(3_500);
    const before = await liveCount(page, 'Nodes');
    // The app renders the same search anew: each time, its results are a new root, the old one gone.
    for (let i = 0; i < 20; i++) await rerender();
    await page.waitForTimeout(3_500);
    // One render is some 250 nodes: twenty kept would be thousands.
    expect((await liveCount(page, 'Nodes')) - before).toBeLessThan(100);
    await page.close();
  });

  it('keeps the report and badge of a tab the browser discards: it still shows that paper, under the same id', async () => {
    const extensionPage = await openExtensionPage(browser);
    // A tab beside the extension page, in its window: read while shown, then left in the background.
    // (Chromium loads a discarded tab again at once when it is the tab its window shows.)
    const tabId = await extensionPage.evaluate(async () => (await chrome.tabs.create({ url: 'https://arxiv.org/abs/2406.01234' })).id!);
    const seen = () =>
      extensionPage.evaluate(async (tabId) => {
        const key = `tab-mentions-${tabId}`;
        return { report: (await chrome.storage.session.get(key))[key] as { mentions: unknown[] } | undefined, badge: await chrome.action.getBadgeText({ tabId }) };
      }, tabId);
    // Read, with a superseded method on it: a count on the badge.
    await expect.poll(async () => (await seen()).report?.mentions.length ?? 0).toBeGreaterThan(0);
    await expect.poll(async () => (await seen()).badge).not.toBe('');
    const before = await seen();
    await recordContentRequests(extensionPage);
    // Memory saver, or the reader's own choice: the page is unloaded, the tab stays.
    await extensionPage.evaluate(async () => chrome.tabs.update((await chrome.tabs.getCurrent())!.id!, { active: true }));
    const discarded = await extensionPage.evaluate(async (tabId) => (await chrome.tabs.discard(tabId))?.id, tabId);
    expect(discarded).toBe(tabId);
    await expect.poll(() => extensionPage.evaluate(async (tabId) => (await chrome.tabs.get(tabId)).discarded, tabId)).toBe(true);
    // The paper's page, unloaded, says it goes, which must not wipe what the paper reported. Chromium (156)
    // puts an empty document at the paper's address in the discarded tab, and the content script runs there
    // too: it reads nothing (nor asks for a dictionary, a megabyte with a large snapshot, to keep in the
    // memory the discard was to free) and, having reported nothing, says nothing.
    await expect.poll(() => contentRequestsFrom(extensionPage, 'https://arxiv.org/abs/2406.01234'), { timeout: 10_000 }).toEqual([{ type: 'pageLeft' }]);
    // Waited out: the background takes the report in a moment, and the empty document has said nothing since.
    await extensionPage.waitForTimeout(500);
    expect(await seen()).toEqual(before);
    expect(await contentRequestsFrom(extensionPage, 'https://arxiv.org/abs/2406.01234')).toEqual([{ type: 'pageLeft' }]);
    // Still unloaded: what the report says is the discarded tab's, not a page loaded again in it.
    expect(await extensionPage.evaluate(async (tabId) => (await chrome.tabs.get(tabId)).discarded, tabId)).toBe(true);
    await extensionPage.evaluate((tabId) => chrome.tabs.remove(tabId), tabId);
    await extensionPage.close();
  });
});
