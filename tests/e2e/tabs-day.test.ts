/**
 * A reader's day with many paper tabs: each tab's toolbar badge and the popup's "This page" follow the
 * document the tab shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blockRealSites, launchWithExtension, routeFixture, type ExtensionBrowser } from '../helpers/browser';
import { closePagesEachTestOpens, waitForScans } from './page-helpers';
import { openExtensionPage, tabIdOf } from './extension-page';

let browser: ExtensionBrowser;
let extensionPage: Page;

const PAPER = 'https://arxiv.org/abs/2406.01234';

beforeAll(async () => {
  browser = await launchWithExtension();
  await blockRealSites(browser.context);
  await routeFixture(browser.context, `${PAPER}*`, 'arxiv-abs-quant.html');
  extensionPage = await openExtensionPage(browser);
});

closePagesEachTestOpens(() => browser.context);

afterAll(async () => {
  await browser?.close();
});

const badgeText = (tabId: number) => extensionPage.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), tabId);

async function popupSays(tabId: number): Promise<string> {
  const popup = await browser.context.newPage();
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
  await popup.locator('.summary-line, .state-title').first().waitFor();
  const text = (await popup.locator('.summary-line, .state-title').first().textContent()) ?? '';
  await popup.close();
  return text;
}

describe('a paper tab reloaded', () => {
  it('reloaded without a connection, the error page shown is not said to name the paper’s methods; the page changing its own address keeps them', async () => {
    const page = await browser.context.newPage();
    await page.goto(PAPER);
    await waitForScans(page);
    const tabId = await tabIdOf(extensionPage, PAPER);
    await expect.poll(() => badgeText(tabId)).toBe('2');
    const listed = '8 methods: 1 heavily superseded, 1 superseded';
    expect(await popupSays(tabId)).toBe(listed);

    // The page itself setting its address again (a single-page app does) is the same document, still read.
    await page.evaluate(() => history.pushState(null, '', location.href));
    await page.waitForTimeout(1_000);
    expect(await badgeText(tabId)).toBe('2');
    expect(await popupSays(tabId)).toBe(listed);

    // On a train: the reload fails and the browser shows its own error page at the paper's address.
    await page.route(`${PAPER}*`, (route) => route.abort('internetdisconnected'));
    await page.reload().catch(() => {});
    await expect.poll(() => page.url()).toMatch(/^chrome-error:/);
    await expect.poll(() => popupSays(tabId)).toBe('This arXiv page has not been read yet.');
    expect(await badgeText(tabId)).toBe('');

    // Back online, the reload reads the paper again.
    await page.unroute(`${PAPER}*`);
    await page.reload();
    await expect.poll(() => popupSays(tabId), { timeout: 15_000 }).toBe(listed);
    await expect.poll(() => badgeText(tabId)).toBe('2');
    await page.close();
  });
});

describe('the badge’s colour', () => {
  it('is the colour of the most superseded status it counts: superseded’s for a page naming only a superseded method', async () => {
    const only = 'https://arxiv.org/abs/2406.07777';
    await browser.context.route(only, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>AQLM</title><div id="abs"><p>We compare with AQLM.</p></div>' }),
    );
    const both = await browser.context.newPage();
    await both.goto(PAPER);
    const page = await browser.context.newPage();
    await page.goto(only);
    await waitForScans(both);
    await waitForScans(page);
    const colour = (tabId: number) => extensionPage.evaluate((tabId) => chrome.action.getBadgeBackgroundColor({ tabId }), tabId);
    const onlyTab = await tabIdOf(extensionPage, only);
    const bothTab = await tabIdOf(extensionPage, PAPER);
    await expect.poll(() => badgeText(onlyTab)).toBe('1');
    await expect.poll(() => badgeText(bothTab)).toBe('2');
    // The marks' and the popup's colours (`STATUS_COLORS`): superseded #bd6300, heavily superseded #dc2626.
    expect(await colour(onlyTab)).toEqual([0xbd, 0x63, 0x00, 255]);
    expect(await colour(bothTab)).toEqual([0xdc, 0x26, 0x26, 255]);
    // Its number readable on it: black on the orange, white on the red.
    const textColour = (tabId: number) => extensionPage.evaluate((tabId) => chrome.action.getBadgeTextColor({ tabId }), tabId);
    expect(await textColour(onlyTab)).toEqual([0, 0, 0, 255]);
    expect(await textColour(bothTab)).toEqual([255, 255, 255, 255]);
    await page.close();
    await both.close();
  });
});
