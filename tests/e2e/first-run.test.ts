/**
 * A new reader's first minutes, in Debian's Chromium with the built extension: the popup's first open
 * on an arXiv abstract and its Snapshot view, and the options page, for someone who does not know the
 * knowledge base or its words yet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blockRealSites, launchWithExtension, routeFixture, type ExtensionBrowser } from '../helpers/browser';
import { waitForScans } from './page-helpers';
import { tabIdOf } from './extension-page';
import { STATUS_MEANINGS } from '@/lib/snapshot/status';

let browser: ExtensionBrowser;
let popup: Page;

beforeAll(async () => {
  browser = await launchWithExtension();
  await blockRealSites(browser.context);
  await routeFixture(browser.context, 'https://arxiv.org/abs/2406.01234*', 'arxiv-abs-quant.html');
  const paper = await browser.context.newPage();
  await paper.goto('https://arxiv.org/abs/2406.01234');
  await waitForScans(paper);
  popup = await browser.context.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html`);
  const tab = await tabIdOf(popup, 'https://arxiv.org/abs/*');
  await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tab}`);
  await popup.locator('.method-row').first().waitFor();
});

afterAll(async () => {
  await browser?.close();
});

describe('the popup’s first open on a paper', () => {
  it('gives each status label the KB’s meaning where the list shows it, and says what “KB” stands for', async () => {
    // The key beside the list, closed until the reader opens it: each label the list shows, with its meaning.
    await popup.getByText('What the labels mean').click();
    const key = await popup.locator('.status-key dl > div').evaluateAll((rows) => rows.map((row) => ({ label: row.querySelector('dt')!.textContent, meaning: row.querySelector('dd')!.textContent })));
    const shown = new Set(await popup.locator('.method-row .ml-badge').allTextContents());
    expect(key.map((row) => row.label).sort()).toEqual([...shown].sort());
    expect(key.find((row) => row.label === 'heavily superseded')?.meaning).toBe(STATUS_MEANINGS['heavily superseded']);
    expect(key.find((row) => row.label === 'superseded')?.meaning).toBe(STATUS_MEANINGS.superseded);
    expect(key.find((row) => row.label === 'no status in the KB')?.meaning).toBe('the knowledge base (KB) knows the method but gives it no status');
  });
});

describe('what the snapshot is', () => {
  const saysWhatItIs = /\bknowledge base \(KB\), a living systematic review of ML methods\b/;

  it('is said in the popup’s Snapshot view', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html?view=snapshot`);
    await page.locator('.topic-list').waitFor();
    expect(await page.locator('.view').innerText()).toMatch(saysWhatItIs);
    await page.close();
  });

  it('is said where the options page offers to change it', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const section = page.locator('section[aria-labelledby="source-title"]');
    await section.locator('.current-source').waitFor();
    expect(await section.innerText()).toMatch(saysWhatItIs);
    await page.close();
  });
});

describe('the popup’s Snapshot view with only the bundled snapshot', () => {
  it('says the bundled snapshot changes only with the extension, and its first action opens the options page to set a snapshot URL', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html?view=snapshot`);
    await page.locator('.topic-list').waitFor();
    expect(await page.locator('.snapshot-source-note').innerText()).toMatch(/only changes when the extension is updated/);
    const primary = page.locator('.actions .button-primary');
    expect(await primary.innerText()).toBe('Set a snapshot URL…');
    const opened = browser.context.waitForEvent('page', (candidate) => candidate.url().endsWith('/options.html'));
    await primary.click();
    const options = await opened;
    await options.getByLabel('Snapshot URL').waitFor();
    await options.close();
    await page.close();
  });
});

describe('a reader who set the extension’s site access to “On click”', () => {
  it('is told, on an arXiv page, that Method Lens has no access there, not that it does not read arXiv', async () => {
    const settings = await browser.context.newPage();
    await settings.goto('chrome://extensions/');
    const setSiteAccess = (hostAccess: string) =>
      settings.evaluate(
        ([extensionId, hostAccess]) => (chrome as unknown as { developerPrivate: { updateExtensionConfiguration(update: object): Promise<void> } }).developerPrivate.updateExtensionConfiguration({ extensionId, hostAccess }),
        [browser.extensionId, hostAccess] as const,
      );
    await setSiteAccess('ON_CLICK');
    try {
      const paper = await browser.context.newPage();
      await paper.goto('https://arxiv.org/abs/2406.01234');
      const page = await browser.context.newPage();
      await page.setViewportSize({ width: 400, height: 600 });
      await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
      // Without host access the browser hides the tab's address: the newest tab before the popup's own.
      const tabs = await page.evaluate(async () => (await chrome.tabs.query({})).map((tab) => tab.id!));
      await page.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabs.at(-2)}`);
      const view = page.locator('.view');
      await expect.poll(() => view.innerText()).toContain('Site access');
      expect(await view.innerText()).not.toContain('does not read this page');
      await page.close();
      await paper.close();
    } finally {
      await setSiteAccess('ON_ALL_SITES');
      await settings.close();
    }
  });
});
