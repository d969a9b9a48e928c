/**
 * The extension turned off, removed or updated while papers are open: the content script left on each
 * page is orphaned (it can no longer reach the extension), and its marks and card must go with it at
 * the reader's next move, whether a key, a scroll or the pointer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blockRealSites, launchWithExtension, routeFixture, type ExtensionBrowser } from '../helpers/browser';
import { cardIsOpen, hoverCard, readMarks, waitForScans } from './page-helpers';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchWithExtension();
  await blockRealSites(browser.context);
  await routeFixture(browser.context, 'https://arxiv.org/abs/**', 'arxiv-abs-quant.html');
});

afterAll(async () => {
  await browser?.close();
});

/** An abstract page, marked, with AWQ's card open, in a window short enough to scroll. */
async function markedPaper(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 900, height: 400 });
  await page.goto('https://arxiv.org/abs/2406.01234');
  await waitForScans(page);
  await hoverCard(page, 'AWQ');
  return page;
}

const leftOnPage = async (page: Page) => ({
  marks: (await readMarks(page)).total,
  card: await cardIsOpen(page),
  hosts: await page.locator('method-lens-card').count(),
});

describe('the extension reloaded (an update) while papers are open', () => {
  it('takes each page’s marks and card away at the reader’s next key, scroll or pointer move', async () => {
    const pages = { key: await markedPaper(), escape: await markedPaper(), scroll: await markedPaper(), pointer: await markedPaper() };
    for (const page of Object.values(pages)) expect(await leftOnPage(page)).toMatchObject({ card: true, hosts: 1 });
    expect((await readMarks(pages.key)).total).toBeGreaterThan(0);

    await browser.serviceWorker.evaluate(() => chrome.runtime.reload()).catch(() => {});
    // Nothing tells an orphaned script that it is one: until the reader moves, the page stays as it was.
    await pages.key.waitForTimeout(1_000);
    expect((await leftOnPage(pages.key)).marks).toBeGreaterThan(0);

    await pages.key.bringToFront();
    await pages.key.keyboard.press('ArrowDown');
    // Escape, which the shown card takes from the page, tells it too.
    await pages.escape.bringToFront();
    await pages.escape.keyboard.press('Escape');
    await pages.scroll.bringToFront();
    await pages.scroll.mouse.wheel(0, 200);
    await pages.pointer.bringToFront();
    await pages.pointer.mouse.move(5, 5);
    for (const page of Object.values(pages)) {
      await expect.poll(() => leftOnPage(page)).toEqual({ marks: 0, card: false, hosts: 0 });
      await page.close();
    }
  });
});
