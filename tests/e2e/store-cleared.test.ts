/**
 * The extension's database deleted while the browser runs (the reader cleared the extension's data,
 * DevTools deleted it, or an extension page called `indexedDB.deleteDatabase`): the background fills
 * it again as at a first start, whether it was running then or stopped, and no page says an error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blockRealSites, launchWithExtension, routeFixture, type ExtensionBrowser } from '../helpers/browser';
import { hoverCard, readMarks, waitForScans, type MarkSnapshot } from './page-helpers';
import { openExtensionPage, stopServiceWorkers } from './extension-page';

let browser: ExtensionBrowser;
let page: Page;

beforeAll(async () => {
  browser = await launchWithExtension();
  await blockRealSites(browser.context);
  await routeFixture(browser.context, 'https://arxiv.org/abs/**', 'arxiv-abs-quant.html');
  page = await openExtensionPage(browser);
});

afterAll(async () => {
  await browser?.close();
});

async function markedPaper(): Promise<{ paper: Page; marks: MarkSnapshot }> {
  const paper = await browser.context.newPage();
  await paper.goto('https://arxiv.org/abs/2406.01234');
  await waitForScans(paper);
  await expect.poll(async () => (await readMarks(paper)).total, { timeout: 30_000 }).toBeGreaterThan(0);
  return { paper, marks: await readMarks(paper) };
}

/** Deletes the extension's database from one of its pages, as DevTools or "clear data" would. */
async function deleteStore(): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const deleting = indexedDB.deleteDatabase('method-lens');
        deleting.onsuccess = () => resolve();
        deleting.onerror = () => reject(deleting.error);
      }),
  );
}

/**
 * The popup's Snapshot view, with a note of every error it shows on the way (an alert that comes and
 * goes counts too).
 */
async function snapshotView(): Promise<{ popup: Page; errorsShown: () => Promise<string[]> }> {
  const popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.addInitScript(() => {
    const seen: string[] = ((window as { errorsShown?: string[] }).errorsShown = []);
    new MutationObserver(() => {
      for (const alert of document.querySelectorAll('.state-error, [role="alert"]')) {
        const text = (alert as HTMLElement).innerText.trim();
        if (text && !seen.includes(text)) seen.push(text);
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?view=snapshot`);
  return { popup, errorsShown: () => popup.evaluate(() => (window as { errorsShown?: string[] }).errorsShown ?? []) };
}

const holds40Methods = (popup: Page) => popup.locator('.view').innerText();

describe('the database deleted while the background runs', () => {
  it('is filled again: a paper opened next is marked as before, the open paper’s card shows its record, and the popup shows the snapshot, with no error', async () => {
    const { paper, marks } = await markedPaper();

    await deleteStore();
    const { popup, errorsShown } = await snapshotView();
    await expect.poll(() => holds40Methods(popup), { timeout: 30_000 }).toMatch(/Holds\s+40 methods/);
    expect(await popup.locator('.topic-list').innerText()).toContain('LLM quantization');

    const again = await markedPaper();
    expect(again.marks).toEqual(marks);
    await paper.bringToFront();
    expect(await hoverCard(paper, 'AWQ')).toMatch(/heavily superseded/i);
    expect(await errorsShown()).toEqual([]);
    await Promise.all([paper.close(), again.paper.close(), popup.close()]);
  });
});

describe('the database deleted while the background is stopped', () => {
  it('the popup opened next has it filled, and says no error meanwhile; a paper opened then is marked as before', async () => {
    const { paper, marks } = await markedPaper();
    await paper.close();

    await stopServiceWorkers(browser, page);
    await deleteStore();
    const { popup, errorsShown } = await snapshotView();
    await expect.poll(() => holds40Methods(popup), { timeout: 30_000 }).toMatch(/Holds\s+40 methods/);
    expect(await errorsShown()).toEqual([]);

    const again = await markedPaper();
    expect(again.marks).toEqual(marks);
    await Promise.all([again.paper.close(), popup.close()]);
  });
});
