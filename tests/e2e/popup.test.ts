/**
 * The popup in Debian's Chromium with the built extension, opened as `popup.html?…` in a tab: the
 * page view for a tab on the abstract fixture, search by keyboard, full records, the topic view, the
 * PDF → HTML scan, the context menu's "Look up", and refreshes from a local server (a good snapshot
 * shows live in an open record; every bad one shows its error and changes nothing). axe-core checks each view.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { EXTENSION_DIR, REPO_ROOT, blockRealSites, chooseSnapshotSource, launchWithExtension, routeFixture, type ExtensionBrowser } from '../helpers/browser';
import { startSnapshotServer, type SnapshotServer } from '../helpers/snapshot-server';
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import type { TopicDocument } from '@/lib/snapshot/schema';
import { formatDate } from '@/lib/format';
import { cardIsOpen, hoverCard, scanCount, seriousViolations, waitForScans } from './page-helpers';
import { pixelsNear } from '../helpers/mark-colours';
import { contentSentNothing, recordContentRequests } from './extension-page';
import { PNG } from 'pngjs';
import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import { h, render, type ComponentChild } from 'preact';
import { LossTable } from '@/components/popup/LossTable';
import type { NamedResult } from '@/lib/store/read';
import { sampleSnapshot } from '../helpers/sample-snapshot';

const BUNDLED_TOPIC = join(REPO_ROOT, 'public/snapshot/llm-quantization.json');

let browser: ExtensionBrowser;
let extensionCopy: string;
let extensionPage: Page;
let abstractTab: number;
let pdfTab: number;
let bundled: TopicDocument;

beforeAll(async () => {
  bundled = JSON.parse(await readFile(BUNDLED_TOPIC, 'utf8')) as TopicDocument;
  // A private copy: a rebuild into .output while the suite runs cannot change the extension under it.
  extensionCopy = await mkdtemp(join(tmpdir(), 'method-lens-popup-e2e-'));
  await cp(EXTENSION_DIR, extensionCopy, { recursive: true });
  browser = await launchWithExtension(extensionCopy);
  await blockRealSites(browser.context);
  await routeFixture(browser.context, 'https://arxiv.org/abs/2406.01234*', 'arxiv-abs-quant.html');
  await routeFixture(browser.context, 'https://arxiv.org/html/2406.01234*', 'arxiv-html-short.html');
  // Headless Chromium downloads real PDFs; any page at the PDF's address stands for the viewer.
  await browser.context.route('https://arxiv.org/pdf/2406.01234*', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>2406.01234.pdf</title>' }),
  );
  extensionPage = await browser.context.newPage();
  await extensionPage.goto(popupUrl('?view=snapshot'));
  await waitForSnapshot((info) => info.totals.methods > 0);

  const paper = await browser.context.newPage();
  await paper.goto('https://arxiv.org/abs/2406.01234');
  await waitForScans(paper);
  const pdf = await browser.context.newPage();
  await pdf.goto('https://arxiv.org/pdf/2406.01234');
  abstractTab = await tabIdOf('https://arxiv.org/abs/*');
  pdfTab = await tabIdOf('https://arxiv.org/pdf/*');
});

afterAll(async () => {
  await browser?.close();
  if (extensionCopy) await rm(extensionCopy, { recursive: true, force: true });
});

function popupUrl(search: string): string {
  return `chrome-extension://${browser.extensionId}/popup.html${search}`;
}

async function openPopup(search: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 400, height: 600 });
  await page.goto(popupUrl(search));
  return page;
}

interface Info {
  source: string | null;
  totals: { methods: number };
  progress: unknown;
  lastRefresh: { at: string } | null;
  lastError: { what: string; at: string } | null;
}

async function snapshotInfo(): Promise<Info> {
  return extensionPage.evaluate(async () => {
    const reply = await chrome.runtime.sendMessage({ direction: 'page→background', type: 'getSnapshotInfo', payload: {} });
    if (!reply?.ok) throw new Error(reply?.error ?? 'no answer');
    return reply.value;
  });
}

async function waitForSnapshot(done: (info: Info) => boolean, timeoutMs = 30_000): Promise<Info> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await snapshotInfo();
    if (info.progress === null && done(info)) return info;
    if (Date.now() > deadline) throw new Error(`snapshot not as expected: ${JSON.stringify(info)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The mention "Show on page" lights now, the one range of its highlight: its text, its text node's text,
 * where it sits in the page, and whether it is wholly in view; null when none is lit.
 */
function shownMention(paper: Page) {
  return paper.evaluate((name) => {
    const highlight = CSS.highlights.get(name);
    if (!highlight || highlight.size !== 1) return null;
    const [range] = [...highlight] as AbstractRange[];
    const live = new Range();
    live.setStart(range!.startContainer, range!.startOffset);
    live.setEnd(range!.endContainer, range!.endOffset);
    const box = live.getBoundingClientRect();
    return { text: live.toString(), nodeText: range!.startContainer.textContent ?? '', top: box.top + scrollY, inView: box.top >= 0 && box.bottom <= innerHeight };
  }, 'method-lens-shown');
}

/**
 * The record and search views the extension opened by itself (a card's button, the context menu), as "how
 * search | title | mentions on the tab | search field": the toolbar popup (which the driver cannot see; the
 * extension's own pages can), or the small window it falls back to.
 */
function openedViews(): Promise<string[]> {
  return extensionPage.evaluate(() =>
    (['popup', 'tab'] as const).flatMap((type) =>
      chrome.extension
        .getViews({ type })
        .filter((view) => view.location.pathname === '/popup.html' && /[?&](method|q|m)=/.test(view.location.search))
        .map((view) => {
          const text = (selector: string) => view.document.querySelector(selector)?.textContent ?? '';
          const field = view.document.querySelector<HTMLInputElement>('input[role="combobox"]')?.value ?? '';
          return `${type} ${view.location.search} | ${text('h1')} | ${text('.record-on-page > span')} | ${field}`;
        }),
    ),
  );
}

/** Closes the views `openedViews` lists. */
function closeOpenedViews(): Promise<void> {
  return extensionPage.evaluate(() =>
    (['popup', 'tab'] as const).forEach((type) =>
      chrome.extension.getViews({ type }).forEach((view) => view.location.pathname === '/popup.html' && /[?&](method|q)=/.test(view.location.search) && view.close()),
    ),
  );
}

function tabIdOf(url: string): Promise<number> {
  return extensionPage.evaluate(async (pattern) => {
    const [tab] = await chrome.tabs.query({ url: pattern });
    if (tab?.id === undefined) throw new Error(`no tab at ${pattern}`);
    return tab.id;
  }, url);
}

const recordText = (page: Page) => page.locator('article.record').innerText();

describe('popup: this page', () => {
  it('lists the tab’s methods, most superseded first, with mentions and the KB’s counts', async () => {
    const page = await openPopup(`?tab=${abstractTab}`);
    await expect.poll(() => page.locator('.summary-line').textContent()).toBe('8 methods: 1 heavily superseded, 1 superseded');
    // And a screen reader is told, from the view's status region.
    await expect.poll(() => page.locator('main [role="status"]').textContent()).toBe('8 methods: 1 heavily superseded, 1 superseded');
    const rows = page.getByRole('list', { name: 'Methods on this page' }).getByRole('listitem');
    const names = await rows.locator('.method-name').allTextContents();
    expect(names.slice(0, 3)).toEqual(['AWQ', 'AQLM', 'GPTQ']);
    expect(names).toHaveLength(8);
    const awq = await rows.first().innerText();
    expect(awq).toContain('heavily superseded');
    expect(awq).toContain('5 mentions here');
    expect(awq).toContain('9 papers critique it · 15 beat it on benchmarks');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('says what the status labels mean in a key reached and opened by keyboard, with no serious axe violation', async () => {
    const page = await openPopup(`?tab=${abstractTab}`);
    await page.locator('.summary-line').waitFor();
    expect(await page.locator('.method-row .ml-badge[title]').count()).toBe(0);
    // Tab reaches the key's button before the list's first link.
    let focused = '';
    for (let presses = 0; presses < 20 && focused !== 'summary' && focused !== 'AWQ'; presses++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => (document.activeElement?.tagName === 'SUMMARY' ? 'summary' : (document.activeElement?.textContent ?? '')));
    }
    expect(focused).toBe('summary');
    await page.keyboard.press('Enter');
    const key = page.locator('details.status-key');
    expect(await key.evaluate((details) => (details as HTMLDetailsElement).open)).toBe(true);
    expect((await key.locator('dl').innerText()).replace(/\s+/g, ' ')).toContain('heavily superseded a standard baseline that newer methods routinely beat');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('opens the record a hover card asked for, once, when opened without parameters', async () => {
    await extensionPage.evaluate(() => chrome.storage.session.set({ pendingRecord: 'aqlm' }));
    const page = await openPopup('');
    await expect.poll(() => page.locator('h1').textContent()).toBe('AQLM');
    // Read in the page: Playwright's page.url() learns of a replaceState a moment later.
    await expect.poll(() => page.evaluate(() => location.search)).toBe('?method=aqlm');
    expect(await extensionPage.evaluate(async () => (await chrome.storage.session.get('pendingRecord')).pendingRecord ?? null)).toBeNull();
    await page.close();
  });

  it('in a record window opened for a tab, "This page" still means that tab after the reader moves on and reloads', async () => {
    const page = await openPopup(`?method=awq&tab=${abstractTab}`);
    await page.locator('article.record').waitFor();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Search' }).click();
    await expect.poll(() => page.evaluate(() => location.search)).toBe(`?view=search&tab=${abstractTab}`);
    await page.reload();
    await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'This page' }).click();
    await expect.poll(() => page.locator('.summary-line').textContent()).toBe('8 methods: 1 heavily superseded, 1 superseded');
    await page.close();
  });

  it('on a record, says how often the tab mentions the method and shows each mention there', async () => {
    const paper = await browser.context.newPage();
    await paper.goto('https://arxiv.org/abs/2406.01234v2');
    await waitForScans(paper);
    const before = await paper.evaluate(() => document.documentElement.outerHTML);
    // The record window a card opens for its tab.
    const page = await openPopup(`?method=awq&tab=${await tabIdOf('https://arxiv.org/abs/2406.01234v2')}`);
    const line = page.locator('.record-on-page');
    await expect.poll(() => line.locator(':scope > span').first().textContent()).toBe('5 mentions on this page');
    await line.getByRole('button', { name: 'Show AWQ on page' }).click();
    await expect.poll(() => line.locator('[aria-live]').textContent()).toBe('1 of 5');
    await expect.poll(async () => (await shownMention(paper))?.text).toBe('AWQ');
    await line.getByRole('button', { name: 'Next AWQ on page' }).click();
    await expect.poll(() => line.locator('[aria-live]').textContent()).toBe('2 of 5');
    expect(await paper.evaluate(() => document.documentElement.outerHTML)).toBe(before);
    expect(await seriousViolations(page)).toEqual([]);
    // Opened in a tab of its own, the popup's "This page" is itself: no page mentions AWQ there.
    const alone = await openPopup('?method=awq');
    await alone.locator('article.record .loss-table').waitFor();
    expect(await alone.locator('.record-on-page').count()).toBe(0);
    await alone.close();
    await page.close();
    await paper.close();
  });

  it('opens the record from the card’s button on the page in front, saying how often that page mentions the method', async () => {
    const paper = browser.context.pages().find((page) => page.url() === 'https://arxiv.org/abs/2406.01234')!;
    await paper.bringToFront();
    await hoverCard(paper, 'AWQ');
    await paper.locator('method-lens-card .ml-open').click();
    await expect
      .poll(openedViews, { timeout: 10_000 })
      .toEqual([expect.stringMatching(new RegExp(`^(popup \\?method=awq|tab \\?method=awq&tab=${abstractTab}) \\| AWQ \\| 5 mentions on this page \\| $`))]);
    console.log(`[popup] the card's button opened: ${(await openedViews())[0]}`);
    await closeOpenedViews();
    await paper.mouse.move(1, 1);
    await expect.poll(() => cardIsOpen(paper)).toBe(false);
  });

  it('adds “Look up … in Method Lens” to the context menu of a selection on install', async () => {
    // No API lists an extension's menu items; updating one fails unless it is there.
    const update = (id: string) =>
      extensionPage.evaluate((id) => new Promise<string>((resolve) => chrome.contextMenus.update(id, {}, () => resolve(chrome.runtime.lastError?.message ?? 'there'))), id);
    expect(await update('method-lens-look-up')).toBe('there');
    expect(await update('no-such-item')).toMatch(/Cannot find menu item/);
  });

  it('looks up a selection picked from the context menu: the record of the method it names, the list of those it names, else the search for its words', async () => {
    const worker = browser.context.serviceWorkers().at(-1)!;
    // The reader selects on the abstract, the tab in front.
    await browser.context.pages().find((page) => page.url() === 'https://arxiv.org/abs/2406.01234')!.bringToFront();
    /** The item picked on the abstract's tab, as the browser tells the worker: its own event, fired there. */
    const pick = (selectionText: string) =>
      worker.evaluate(
        async ({ selectionText, tabId }) => {
          const tab = await chrome.tabs.get(tabId);
          const info = { menuItemId: 'method-lens-look-up', selectionText, editable: false, pageUrl: tab.url };
          (chrome.contextMenus.onClicked as unknown as { dispatch(...args: unknown[]): void }).dispatch(info, tab);
        },
        { selectionText, tabId: abstractTab },
      );
    const tab = `&tab=${abstractTab}`;

    await pick('AWQ’s');
    await expect.poll(openedViews, { timeout: 10_000 }).toEqual([expect.stringMatching(new RegExp(`^(popup \\?method=awq|tab \\?method=awq${tab}) \\| AWQ \\| 5 mentions on this page \\| $`))]);
    console.log(`[popup] a selection looked up opened: ${(await openedViews())[0]}`);
    await closeOpenedViews();
    await pick('quantization\n noise');
    await expect
      .poll(openedViews, { timeout: 10_000 })
      .toEqual([expect.stringMatching(new RegExp(`^(popup \\?view=search&q=quantization\\+noise|tab \\?view=search&q=quantization\\+noise${tab}) \\| Search \\|  \\| quantization noise$`))]);
    await closeOpenedViews();
    // A sentence naming several: the list of them, most superseded first, each leading to its record.
    await pick('GPTQ and AWQ;\nunlike GPTQ');
    const listed = new RegExp(`^(popup \\?view=selection&m=gptq%3A2%3AGPTQ%2Cawq%3A1%3AAWQ|tab \\?view=selection&m=gptq%3A2%3AGPTQ%2Cawq%3A1%3AAWQ${tab}) \\| Your selection \\|  \\| $`);
    await expect.poll(openedViews, { timeout: 10_000 }).toEqual([expect.stringMatching(listed)]);
    const rows = () =>
      extensionPage.evaluate(() =>
        (['popup', 'tab'] as const).flatMap((type) =>
          chrome.extension.getViews({ type }).flatMap((view) => [...view.document.querySelectorAll('.method-row')].map((row) => (row as HTMLElement).innerText.replace(/\s+/g, ' '))),
        ),
      );
    await expect.poll(rows).toEqual([expect.stringMatching(/^AWQ heavily superseded 1 mention in your selection/), expect.stringMatching(/^GPTQ no status in the KB 2 mentions in your selection/)]);
    await closeOpenedViews();
    // Each view was taken once: nothing is left for the next time the toolbar button is pressed.
    expect(await extensionPage.evaluate(() => chrome.storage.session.get(['pendingRecord', 'pendingLookUp']))).toEqual({});
  });

  it('says plainly when the tab is not a page Method Lens reads', async () => {
    const page = await openPopup('?view=page'); // the active tab is the popup's own
    await expect.poll(() => page.locator('.state-title').textContent()).toBe('Method Lens does not read this page.');
    expect(await page.locator('.state-title + p').textContent()).toBe(
      'It marks methods on arXiv (abstracts, HTML papers, listings and search results), ar5iv (arXiv Labs’ HTML of older papers) and Semantic Scholar (papers and search results). The popup’s search works anywhere.',
    );
    await page.close();
  });

  it('says an arXiv page it does not read (a help page) was not read, not that it names no method', async () => {
    // The content script is not even injected there: it runs on abstracts, HTML papers, listings and search results only.
    await browser.context.route('https://arxiv.org/help/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Help</title><p>How to cite AWQ and GPTQ</p>' }),
    );
    const help = await browser.context.newPage();
    await help.goto('https://arxiv.org/help/faq');
    const tab = await tabIdOf('https://arxiv.org/help/*');
    // Not injected, it reports nothing: the popup tells this from the address.
    const page = await openPopup(`?tab=${tab}`);
    await expect.poll(() => page.locator('.state-title').textContent()).toBe('Method Lens does not read this page.');
    await page.close();
    await help.close();
  });

  it('says an abstract is not read while marks, or arXiv’s, are switched off, and switches them on from the popup', async () => {
    const abstract = await browser.context.newPage();
    try {
      await extensionPage.evaluate(() => chrome.storage.local.set({ marksEnabled: false }));
      await recordContentRequests(extensionPage);
      await abstract.goto('https://arxiv.org/abs/2406.01234?marks-off');
      const tab = await tabIdOf('https://arxiv.org/abs/2406.01234?marks-off');
      // Its content script does not read the page, and sends nothing while marks are off: the popup says why from the switches.
      await contentSentNothing(extensionPage, abstract, 'https://arxiv.org/abs/2406.01234?marks-off');
      const page = await openPopup(`?tab=${tab}`);
      await expect.poll(() => page.locator('.state-title').textContent()).toBe('Marks are switched off.');
      expect(await extensionPage.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), tab)).toBe('');
      // Switched on from the popup: the open page is read at once, without a reload.
      await page.getByRole('button', { name: 'Switch marks on' }).click();
      await expect.poll(() => page.locator('.summary-line').textContent(), { timeout: 15_000 }).toBe('8 methods: 1 heavily superseded, 1 superseded');
      expect(await extensionPage.evaluate(() => chrome.storage.local.get('marksEnabled'))).toEqual({ marksEnabled: true });

      // arXiv alone switched off, and on again from the popup.
      await extensionPage.evaluate(() => chrome.storage.local.set({ siteSwitches: { arxiv: false, semanticScholar: true } }));
      await expect.poll(() => page.locator('.state-title').textContent(), { timeout: 15_000 }).toBe('Marks are switched off for arXiv.');
      await page.getByRole('button', { name: 'Switch arXiv on' }).click();
      await expect.poll(() => page.locator('.summary-line').textContent(), { timeout: 15_000 }).toBe('8 methods: 1 heavily superseded, 1 superseded');
      expect(await extensionPage.evaluate(() => chrome.storage.local.get('siteSwitches'))).toEqual({ siteSwitches: { arxiv: true, semanticScholar: true } });
      await page.close();
    } finally {
      await extensionPage.evaluate(() => chrome.storage.local.set({ marksEnabled: true, siteSwitches: { arxiv: true, semanticScholar: true } }));
      await abstract.close();
    }
  });

  it('says under which other name a page mentions a method', async () => {
    await browser.context.route('https://arxiv.org/abs/2406.05555', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/html',
        body: '<!doctype html><title>Aliases</title><div id="abs"><p>GLVQ beats AWQ; TAH-Quant, or Tile-wise Adaptive Hadamard Quantization, too.</p></div>',
      }),
    );
    const paper = await browser.context.newPage();
    await paper.goto('https://arxiv.org/abs/2406.05555');
    await waitForScans(paper);
    const page = await openPopup(`?tab=${await tabIdOf('https://arxiv.org/abs/2406.05555')}`);
    const list = page.getByRole('list', { name: 'Methods on this page' });
    await list.waitFor();
    const row = (name: string) => list.getByRole('listitem').filter({ has: page.getByRole('link', { name, exact: true }) });
    expect(await row('Grouped Lattice Vector Quantization').locator('.method-row-facts').innerText()).toMatch(/^1 mention here, as “GLVQ”(\n|$)/);
    expect(await row('TAH-Quant').locator('.method-row-facts').innerText()).toMatch(/^2 mentions here, also as “Tile-wise Adaptive Hadamard Quantization”(\n|$)/);
    expect(await row('AWQ').locator('.method-row-facts').innerText()).toMatch(/^1 mention here(\n|$)/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
    await paper.close();
  });

  it('shows each of a method’s mentions on the page in turn, in view and in the find’s colour, skipping one the page does not draw', async () => {
    // Its script is loaded by the first request, not with the page.
    const scripts: string[] = [];
    const noteScript = (request: { url(): string }) => request.url().endsWith('/show-mention.js') && scripts.push(request.url());
    browser.context.on('request', noteScript);
    const paper = await browser.context.newPage();
    await paper.setViewportSize({ width: 1000, height: 500 });
    await paper.goto('https://arxiv.org/html/2406.01234v1');
    await waitForScans(paper);
    expect(scripts).toEqual([]);
    // The reader is at the end of the paper: the first mention is out of view.
    await paper.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    const before = await paper.evaluate(() => ({ html: document.documentElement.outerHTML, scrollY }));
    expect(before.scrollY).toBeGreaterThan(1_000);
    // The page's own AWQ marks, in the page's order, each with the id of its paragraph.
    const marks = await paper.evaluate(() => {
      const found: { top: number; paragraph: string }[] = [];
      for (const [name, highlight] of CSS.highlights) {
        if (!name.startsWith('method-lens')) continue;
        for (const range of highlight as Highlight) {
          const live = new Range();
          live.setStart(range.startContainer, range.startOffset);
          live.setEnd(range.endContainer, range.endOffset);
          if (live.toString() === 'AWQ') found.push({ top: live.getBoundingClientRect().top + scrollY, paragraph: range.startContainer.parentElement?.closest('[id]')?.id ?? '' });
        }
      }
      return found.sort((a, b) => a.top - b.top);
    });
    expect(marks.length).toBeGreaterThan(3);
    expect(marks[0]!.top).toBeLessThan(before.scrollY);
    const shown = async () => {
      const mention = await shownMention(paper);
      return mention && { text: mention.text, top: mention.top, inView: mention.inView };
    };

    const popup = await openPopup(`?tab=${await tabIdOf('https://arxiv.org/html/2406.01234*')}`);
    const row = popup.getByRole('list', { name: 'Methods on this page' }).getByRole('listitem').filter({ has: popup.getByRole('link', { name: 'AWQ', exact: true }) });
    const button = row.getByRole('button', { name: 'Show AWQ on page' });
    await button.click();
    await expect.poll(() => row.locator('.show-on-page [aria-live]').textContent()).toBe(`1 of ${marks.length}`);
    expect(await shown()).toEqual({ text: 'AWQ', top: marks[0]!.top, inView: true });
    browser.context.off('request', noteScript);
    // Asked for at the session's dynamic address (a UUID, not the extension's id), as the card's script.
    expect(scripts[0]).toMatch(/^chrome-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/show-mention\.js$/);
    await row.getByRole('button', { name: 'Next AWQ on page' }).click();
    await expect.poll(() => row.locator('.show-on-page [aria-live]').textContent()).toBe(`2 of ${marks.length}`);
    expect(await shown()).toEqual({ text: 'AWQ', top: marks[1]!.top, inView: true });
    // A moment later the find's colour is gone; the marks stay.
    await expect.poll(shown, { timeout: 5_000 }).toBeNull();
    // Nothing of the page changed, nor its selection.
    expect(await paper.evaluate(() => ({ html: document.documentElement.outerHTML, selected: getSelection()?.rangeCount ?? 0 }))).toEqual({ html: before.html, selected: 0 });

    // The page hides the third mention's paragraph with a stylesheet (no change the observer hears): it is not
    // drawn, so the next shown is the first drawn after it.
    const hidden = marks[2]!.paragraph;
    expect(hidden).not.toBe('');
    const next = marks.findIndex((mark, index) => index > 2 && mark.paragraph !== hidden);
    await paper.evaluate((id) => {
      const style = document.createElement('style');
      style.textContent = `[id="${id}"] { display: none; }`;
      document.head.append(style);
    }, hidden);
    await row.getByRole('button', { name: 'Next AWQ on page' }).click();
    await expect.poll(() => row.locator('.show-on-page [aria-live]').textContent()).toBe(`${next + 1} of ${marks.length}`);
    expect(await shown()).toMatchObject({ text: 'AWQ', inView: true });
    expect(await seriousViolations(popup)).toEqual([]);
    await popup.close();
    await paper.close();
  });

  it('shows a mention inside a paragraph taller than the window', async () => {
    const filler = Array.from({ length: 120 }, (_, line) => `line ${line} of a long abstract`).join('<br>');
    await browser.context.route('https://arxiv.org/abs/2406.05556', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: `<!doctype html><title>Tall</title><div id="abs"><p>AWQ first. ${filler}<br>AWQ last.</p></div>` }),
    );
    const paper = await browser.context.newPage();
    await paper.setViewportSize({ width: 1000, height: 400 });
    await paper.goto('https://arxiv.org/abs/2406.05556');
    await waitForScans(paper);
    const popup = await openPopup(`?tab=${await tabIdOf('https://arxiv.org/abs/2406.05556')}`);
    const row = popup.getByRole('list', { name: 'Methods on this page' }).getByRole('listitem').filter({ has: popup.getByRole('link', { name: 'AWQ', exact: true }) });
    const shownBox = async () => {
      const mention = await shownMention(paper);
      const paragraphTaller = await paper.evaluate(() => document.querySelector('p')!.offsetHeight > 2 * innerHeight);
      return mention && { text: mention.text, words: mention.nodeText.trim().slice(0, 9), inView: mention.inView, paragraphTaller };
    };
    await row.getByRole('button', { name: 'Show AWQ on page' }).click();
    await expect.poll(shownBox).toEqual({ text: 'AWQ', words: 'AWQ first', inView: true, paragraphTaller: true });
    await row.getByRole('button', { name: 'Next AWQ on page' }).click();
    await expect.poll(() => row.locator('.show-on-page [aria-live]').textContent()).toBe('2 of 2');
    expect(await shownBox()).toEqual({ text: 'AWQ', words: 'AWQ last.', inView: true, paragraphTaller: true });
    await popup.close();
    await paper.close();
  });

  it('reads an arXiv PDF’s HTML version on request and lists its methods the same way', async () => {
    // A tab of its own: what is read is kept for the paper, and the shared PDF tab is the one shown before scanning.
    const pdf = await browser.context.newPage();
    await pdf.goto('https://arxiv.org/pdf/2406.01234v3');
    const page = await openPopup(`?tab=${await tabIdOf('https://arxiv.org/pdf/2406.01234v3')}`);
    // By keyboard: the reader goes on from what the scan found, and hears it.
    await page.getByRole('button', { name: 'Scan the HTML version' }).focus();
    await page.keyboard.press('Enter');
    const list = page.getByRole('list', { name: 'Methods in this paper' });
    await list.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Read from the paper’s HTML version.');
    expect(await page.getByRole('status').filter({ hasText: 'HTML version read.' }).textContent()).toMatch(/^HTML version read\. \d+ methods: /);
    const names = await list.locator('.method-name').allTextContents();
    expect(names.slice(0, 3)).toEqual(['AWQ', 'AQLM', 'GPTQ']);
    // Counted in the fixture's README for arxiv-html-short.html (text outside math).
    expect(await list.getByRole('listitem').first().innerText()).toContain('18 mentions here');
    expect(await list.getByRole('listitem').nth(1).innerText()).toContain('14 mentions here');
    expect(await seriousViolations(page)).toEqual([]);
    // AWQ's record, opened from the list, says so too, with nothing to show: a PDF has no marks.
    await list.getByRole('link', { name: 'AWQ', exact: true }).click();
    await expect.poll(() => page.locator('.record-on-page > span').first().textContent()).toBe('18 mentions in this paper’s HTML version');
    expect(await page.locator('.record-on-page button').count()).toBe(0);
    await page.close();
    await pdf.close();
  });

  it('shows the methods a PDF’s HTML version was read for again when the popup is opened again on its tab', async () => {
    // A tab of its own: the shared PDF tab is the one shown before scanning.
    const pdf = await browser.context.newPage();
    await pdf.goto('https://arxiv.org/pdf/2406.01234v1');
    const tab = await tabIdOf('https://arxiv.org/pdf/2406.01234v1');
    const first = await openPopup(`?tab=${tab}`);
    await first.getByRole('button', { name: 'Scan the HTML version' }).click();
    const scanned = first.getByRole('list', { name: 'Methods in this paper' });
    await scanned.waitFor();
    const names = await scanned.locator('.method-name').allTextContents();
    await first.close();
    const again = await openPopup(`?tab=${tab}`);
    const list = again.getByRole('list', { name: 'Methods in this paper' });
    await list.waitFor();
    expect(await list.locator('.method-name').allTextContents()).toEqual(names);
    expect(await list.getByRole('listitem').first().innerText()).toContain('18 mentions here');
    expect(await again.getByRole('link', { name: 'HTML version' }).getAttribute('href')).toBe('https://arxiv.org/html/2406.01234v1');
    // No button of this popup had the focus: none is moved to the result (its ring would show at opening).
    expect(await again.evaluate(() => document.activeElement === document.body)).toBe(true);
    await again.close();
    // Another page in that tab is another paper: nothing read for it yet.
    await pdf.goto('https://arxiv.org/pdf/2406.01234v2');
    const other = await openPopup(`?tab=${tab}`);
    await other.getByRole('button', { name: 'Scan the HTML version' }).waitFor();
    await other.close();
    await pdf.close();
  });

  it('keeps what a scan found when the popup closed before its answer came, and shows it in the popup opened again, before the answer or after', async () => {
    // The popup closes at any click outside it: a reader who clicks into the PDF while arXiv is slow to answer.
    let asked!: () => void;
    const htmlAsked = new Promise<void>((resolve) => (asked = resolve));
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const paper = await readFile(join(REPO_ROOT, 'tests/fixtures/pages/arxiv-html-short.html'));
    let htmlRequests = 0;
    await browser.context.route('https://arxiv.org/html/2406.04321*', async (route) => {
      htmlRequests++;
      asked();
      await answered;
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: paper });
    });
    await browser.context.route('https://arxiv.org/pdf/2406.04321*', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>2406.04321.pdf</title>' }),
    );
    const pdf = await browser.context.newPage();
    await pdf.goto('https://arxiv.org/pdf/2406.04321');
    const tab = await tabIdOf('https://arxiv.org/pdf/2406.04321');
    const first = await openPopup(`?tab=${tab}`);
    await first.getByRole('button', { name: 'Scan the HTML version' }).click();
    await htmlAsked;
    await first.close();
    // Opened again before the answer came: the paper shown being read (the background's read joined, not
    // offered again), then what it found.
    const meanwhile = await openPopup(`?tab=${tab}`);
    await meanwhile.getByRole('button', { name: 'Reading the HTML version…' }).waitFor();
    answer();
    const shown = meanwhile.getByRole('list', { name: 'Methods in this paper' });
    await shown.waitFor();
    expect(await shown.getByRole('listitem').first().innerText()).toContain('18 mentions here');
    await meanwhile.close();
    // The background read the paper after the popup was gone: opened again, the popup shows what it found.
    await expect
      .poll(() => extensionPage.evaluate(async () => JSON.stringify((await chrome.storage.session.get('pdfScans')).pdfScans ?? [])), { timeout: 15_000 })
      .toContain('"arxivId":"2406.04321"');
    const again = await openPopup(`?tab=${tab}`);
    const list = again.getByRole('list', { name: 'Methods in this paper' });
    await list.waitFor();
    expect(await list.getByRole('listitem').first().innerText()).toContain('18 mentions here');
    // One read of the paper for the two popups that asked.
    expect(htmlRequests).toBe(1);
    await again.close();
    await pdf.close();
  });

  it('reads ar5iv’s HTML version of an older paper arXiv has none of, and says whose it is', async () => {
    // arxiv.org/html/2307.01234 is answered with 404 (blockRealSites), as arXiv answers for a paper it has no HTML version of.
    await routeFixture(browser.context, 'https://ar5iv.labs.arxiv.org/html/2307.01234', 'ar5iv-paper.html');
    await browser.context.route('https://arxiv.org/pdf/2307.01234*', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>2307.01234v2.pdf</title>' }),
    );
    const pdf = await browser.context.newPage();
    await pdf.goto('https://arxiv.org/pdf/2307.01234v2');
    const page = await openPopup(`?tab=${await tabIdOf('https://arxiv.org/pdf/2307.01234*')}`);
    await page.getByRole('button', { name: 'Scan the HTML version' }).click();
    const list = page.getByRole('list', { name: 'Methods in this paper' });
    await list.waitFor();
    expect(await page.locator('.note').innerText()).toBe(
      'arXiv has no HTML version of this paper: read from ar5iv’s HTML version (arXiv Labs), which is made from one version of each paper, not necessarily this one.',
    );
    expect(await page.getByRole('link', { name: 'HTML version' }).getAttribute('href')).toBe('https://ar5iv.labs.arxiv.org/html/2307.01234');
    // The README's counts for ar5iv-paper.html; AWQ, the one superseded method, comes first.
    expect((await list.locator('.method-name').allTextContents())[0]).toBe('AWQ');
    expect(await list.getByRole('listitem').first().innerText()).toContain('8 mentions here');
    expect(await list.getByRole('listitem').filter({ hasText: 'GPTQ' }).innerText()).toContain('9 mentions here');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
    await pdf.close();
  });
});

describe('popup: search and records', () => {
  it('finds AWQ by keyboard and shows its whole record', async () => {
    const page = await openPopup('?view=search');
    const box = page.getByRole('combobox', { name: 'Method name or alias' });
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    await page.keyboard.type('awq');
    await page.getByRole('option', { name: /^AWQ/ }).waitFor();
    expect(await box.getAttribute('aria-expanded')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Enter');
    await page.locator('article.record').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('AWQ');

    const awqCritiques = bundled.critiques.filter((critique) => critique.methodId === 'awq');
    expect(awqCritiques).toHaveLength(9);
    const critiqueItems = page.locator('.critique-list > li');
    expect(await critiqueItems.count()).toBe(9);
    for (const [i, critique] of awqCritiques.entries()) {
      const item = critiqueItems.nth(i);
      expect(await item.locator('blockquote').innerText()).toBe(`“${critique.quote}”`);
      expect(await item.locator('cite').innerText()).toBe(critique.sourceTitle);
      const arxiv = new URL((await item.getByRole('link', { name: /Search arXiv/ }).getAttribute('href'))!);
      expect(arxiv.origin + arxiv.pathname).toBe('https://arxiv.org/search/');
      expect(arxiv.searchParams.get('query')).toBe(critique.sourceTitle);
    }

    const awqLosses = bundled.results.filter((result) => result.loserId === 'awq');
    expect(awqLosses).toHaveLength(12);
    const lossRows = page.locator('.loss-table tbody tr:not(.loss-source)');
    expect(await lossRows.count()).toBe(12);
    for (const [i, loss] of awqLosses.entries()) {
      const text = await lossRows.nth(i).innerText();
      expect(text).toContain(`${loss.winnerValue} vs ${loss.loserValue}`);
      expect(text).toContain(loss.metric);
      if (loss.setting) expect(text).toContain(loss.setting);
      const direction = loss.winnerNumber! > loss.loserNumber! ? 'higher is better' : 'lower is better';
      expect(await lossRows.nth(i).getByRole('img').getAttribute('aria-label')).toMatch(new RegExp(`^${direction}`));
    }
    const text = await recordText(page);
    expect(text).toContain('12 head-to-head losses listed, from 5 of the 15 papers the KB counts as beating it.');
    // Each section is heard with how many it lists, as one phrase.
    expect(await page.getByRole('heading', { name: 'Beaten on benchmarks (12 listed)', exact: true }).count()).toBe(1);
    expect(await page.getByRole('region', { name: 'What papers say (9 listed)', exact: true }).count()).toBe(1);
    expect(text).toContain('a standard baseline that newer methods routinely beat');

    const alternatives = page.getByRole('list', { name: 'Newer alternatives to AWQ' }).getByRole('listitem');
    const awqAlternatives = bundled.alternatives.filter((alternative) => alternative.ofMethodId === 'awq');
    expect(await alternatives.count()).toBe(awqAlternatives.length);
    const names = new Map(bundled.methods.map((method) => [method.id, method.name]));
    for (const [i, alternative] of awqAlternatives.entries()) {
      const itemText = await alternatives.nth(i).innerText();
      expect(itemText).toContain(formatDate(alternative.date));
      expect(itemText).toContain(alternative.methodId ? names.get(alternative.methodId)! : 'unnamed in the KB');
    }
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('clears the search with Escape', async () => {
    // "aq" pasted with a zero-width space inside (from a PDF, say) finds what "aq" finds.
    const page = await openPopup(`?view=search&q=${encodeURIComponent('a\u200bq')}`);
    const box = page.getByRole('combobox', { name: 'Method name or alias' });
    await page.getByRole('option', { name: /^AQLM/ }).waitFor();
    await box.focus();
    await page.keyboard.press('Escape');
    expect(await box.inputValue()).toBe('');
    expect(await box.getAttribute('aria-expanded')).toBe('false');
    await page.close();
  });

  it('finds a method by a word inside its alias when no name starts with what is typed, says so, and opens it with Enter', async () => {
    const page = await openPopup('?view=search');
    const box = page.getByRole('combobox', { name: 'Method name or alias' });
    await box.focus();
    await page.keyboard.type('hadamard');
    await expect.poll(() => page.getByRole('option').allInnerTexts()).toEqual([expect.stringMatching(/^TAH-Quant \(as Tile-wise Adaptive Hadamard Quantization\)\n/)]);
    expect(await page.locator('.combobox-by-word').innerText()).toBe('No method or alias starts with “hadamard”; a word in each of these does.');
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'a word in each of these does' }).count()).toBe(1);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('TAH-Quant');
    await page.close();
  });

  it('puts the focus in the search field when the Search tab is chosen by keyboard', async () => {
    const page = await openPopup('?method=awq');
    await page.locator('article.record').waitFor();
    await page.getByRole('link', { name: 'Search', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('combobox', { name: 'Method name or alias' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    await page.close();
  });

  it('returns to the search field and its query on Back by keyboard', async () => {
    const page = await openPopup('?method=awq');
    await page.locator('article.record').waitFor();
    await page.getByRole('link', { name: 'Search', exact: true }).click();
    const box = page.getByRole('combobox', { name: 'Method name or alias' });
    await box.focus();
    await page.keyboard.type('aqlm');
    // The list shows an earlier answer (for "a", say) until the one for "aqlm" comes; Enter opens its first.
    await expect.poll(() => page.getByRole('option').first().textContent()).toMatch(/^AQLM/);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('AQLM');
    await page.getByRole('button', { name: 'Back' }).focus();
    await page.keyboard.press('Enter');
    await box.waitFor();
    expect(await box.inputValue()).toBe('aqlm');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    await page.close();
  });

  it('comes Back by keyboard to the match the reader chose, highlighted, not to the first', async () => {
    const page = await openPopup('?view=search');
    const box = page.getByRole('combobox', { name: 'Method name or alias' });
    await box.focus();
    await page.keyboard.type('q');
    await expect.poll(() => page.getByRole('option').count()).toBeGreaterThan(2);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    const highlighted = () => page.evaluate(() => document.getElementById(document.activeElement?.getAttribute('aria-activedescendant') ?? '')?.querySelector('.combobox-name')?.textContent ?? null);
    const chosen = await highlighted();
    expect(chosen).toBe(await page.getByRole('option').nth(2).locator('.combobox-name').textContent());
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(chosen);
    await page.getByRole('button', { name: 'Back' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    await expect.poll(highlighted).toBe(chosen);
    // Typing starts the choice over: the first match of what is typed.
    await page.keyboard.type('u');
    await expect.poll(() => page.getByRole('option').first().getAttribute('aria-selected')).toBe('true');
    await page.close();
  });

  it('names the highlighted method by an id of its own, so a new first match is announced as the reader types on', async () => {
    const page = await openPopup('?view=search');
    const box = page.getByRole('combobox', { name: 'Method name or alias' });
    await box.focus();
    /** The option aria-activedescendant names, looked up by id as a screen reader does. */
    const highlighted = () =>
      page.evaluate(() => {
        const option = document.getElementById(document.activeElement?.getAttribute('aria-activedescendant') ?? '');
        return option && { id: option.id, name: option.querySelector('.combobox-name')!.textContent, selected: option.getAttribute('aria-selected') };
      });
    const optionIds = () =>
      page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[role="option"]')].map((option) => [option.querySelector('.combobox-name')!.textContent, option.id])));
    await page.keyboard.type('q');
    await expect.poll(async () => Object.keys(await optionIds())).toContain('QuIP#');
    const forQ = await optionIds();
    expect(forQ['QuIP']).not.toBe(forQ['QuIP#']);
    // QuIP and QuIP# stay, each under the id it had.
    await page.keyboard.type('uip');
    await expect.poll(async () => Object.keys(await optionIds())).toEqual(['QuIP', 'QuIP#']);
    expect(await optionIds()).toEqual({ QuIP: forQ['QuIP'], 'QuIP#': forQ['QuIP#'] });
    const before = (await highlighted())!;
    expect(before).toEqual({ id: forQ['QuIP'], name: 'QuIP', selected: 'true' });
    // QuIP# comes first in QuIP's place: aria-activedescendant changes with it.
    await page.keyboard.type('#');
    await expect.poll(async () => (await highlighted())?.name).toBe('QuIP#');
    expect(await highlighted()).toEqual({ id: forQ['QuIP#'], name: 'QuIP#', selected: 'true' });
    expect(forQ['QuIP#']).not.toBe(before.id);
    await page.close();
  });

  it('shows AQLM’s record, opened by name', async () => {
    const page = await openPopup('?method=AQLM');
    await page.locator('article.record').waitFor();
    const text = await recordText(page);
    expect(text).toContain('cited as a baseline and beaten by newer methods');
    expect(await page.locator('.critique-list > li').count()).toBe(3);
    expect(await page.locator('.loss-table tbody tr:not(.loss-source)').count()).toBe(12);
    for (const critique of bundled.critiques.filter((critique) => critique.methodId === 'aqlm')) expect(text).toContain(critique.quote);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('opens a record and the topic from a URL as a reader types it: stray spaces, another case, full-width letters', async () => {
    for (const [search, heading] of [
      ['?method=+AQLM+', 'AQLM'],
      ['?method=%20AWQ', 'AWQ'],
      ['?method=%EF%BC%A1%EF%BC%B7%EF%BC%B1', 'AWQ'], // ＡＷＱ
      ['?topic=llm+quantization', 'LLM quantization'],
    ]) {
      const page = await openPopup(search!);
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { message: search }).toBe(heading);
      await page.close();
    }
  });

  it('says where the KB lists a method it gives no status: GLVQ, a newer alternative to AQLM and AWQ, linked; FAIR-Calib in the frontier', async () => {
    const page = await openPopup('?method=GLVQ');
    await page.locator('article.record').waitFor();
    expect((await page.locator('.status-box').innerText()).replace(/\s+/g, ' ')).toBe(
      'No status in the KB. Listed as a newer alternative to AQLM and AWQ (dated Oct 23, 2025).',
    );
    await page.locator('.alternative-listing').getByRole('link', { name: 'AWQ', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('AWQ');
    await page.close();
    const frontier = await openPopup('?method=FAIR-Calib');
    await frontier.locator('article.record').waitFor();
    expect((await frontier.locator('.frontier-listing').innerText()).replace(/\s+/g, ' ')).toBe('Listed in the frontier of LLM quantization (dated Jun 4, 2026).');
    await frontier.close();
  });

  it('links every other method to its record, and Back returns', async () => {
    const page = await openPopup('?method=awq');
    await page.locator('article.record').waitFor();
    await page.locator('.loss-table').getByRole('link', { name: 'SEPTQ', exact: true }).first().click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('SEPTQ');
    await expect.poll(() => page.evaluate(() => new URLSearchParams(location.search).get('method'))).toBe('septq');
    await page.getByRole('button', { name: 'Back' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('AWQ');
    await page.close();
  });

  it('comes back on Back and Forward to where the reader had scrolled each view', async () => {
    const page = await openPopup('?method=awq');
    await page.locator('article.record').waitFor();
    const content = page.locator('main.content');
    const heading = () => page.getByRole('heading', { level: 1 }).textContent();
    const link = page.locator('.loss-table').getByRole('link', { name: 'SEPTQ', exact: true }).last();
    await link.scrollIntoViewIfNeeded();
    const inAwq = await content.evaluate((main) => main.scrollTop);
    expect(inAwq).toBeGreaterThan(600);
    await link.click();
    await expect.poll(heading).toBe('SEPTQ');
    expect(await content.evaluate((main) => main.scrollTop)).toBe(0);
    await content.evaluate((main) => main.scrollTo(0, 200));
    await page.getByRole('button', { name: 'Back' }).click();
    await expect.poll(heading).toBe('AWQ');
    await expect.poll(() => content.evaluate((main) => main.scrollTop)).toBe(inAwq);
    await page.goForward();
    await expect.poll(heading).toBe('SEPTQ');
    await expect.poll(() => content.evaluate((main) => main.scrollTop)).toBe(200);
    await page.close();
  });

  it('puts the focus back on the link followed when the reader comes Back by keyboard', async () => {
    const page = await openPopup('?method=awq');
    await page.locator('article.record').waitFor();
    const link = page.locator('.dated-list').getByRole('link', { name: 'LFQ', exact: true });
    await link.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('LFQ');
    await page.getByRole('button', { name: 'Back' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('AWQ');
    await expect
      .poll(() => page.evaluate(() => `${document.activeElement?.closest('.dated-list') ? 'alternatives: ' : ''}${document.activeElement?.textContent}`))
      .toBe('alternatives: LFQ');
    // The next Tab goes on from there, not from the top of the record.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.closest('.dated-list') !== null)).toBe(true);
    await page.close();
  });

  it('puts the focus on the title of the view the reader moves to, so a screen reader names it, and Tab goes on from its top', async () => {
    const page = await openPopup('?method=awq');
    await page.locator('article.record').waitFor();
    // Named as a screen reader names it: a `main` by its label, which it has none of.
    const focused = () =>
      page.evaluate(() => {
        const element = document.activeElement!;
        return `${element.tagName} ${element.tagName === 'MAIN' ? (element.getAttribute('aria-label') ?? '(no name)') : element.textContent?.trim()}`;
      });
    // By a tab of the bar, and by a link in the record.
    await page.getByRole('link', { name: 'Topic', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('H1 LLM quantization');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.querySelector('main')!.contains(document.activeElement) && document.activeElement?.id !== 'view-title')).toBe(true);
    await page.goBack();
    await page.locator('article.record').waitFor();
    await page.locator('.loss-table').getByRole('link', { name: 'SEPTQ', exact: true }).first().focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('H1 SEPTQ');
    await page.close();
  });

  it('shows the topic: counts, the most-superseded ranking, sub-problems and the frontier', async () => {
    const page = await openPopup('?topic=LLM quantization');
    await page.getByRole('heading', { level: 2, name: 'Most superseded' }).waitFor();
    const ranked = bundled.methods.filter((method) => method.rank !== null).sort((a, b) => a.rank! - b.rank!);
    expect(await page.locator('.ranking .method-name').allTextContents()).toEqual(ranked.map((method) => method.name));
    const names = new Map(bundled.methods.map((method) => [method.id, method.name]));
    const subProblems = page.locator('.subproblem');
    expect(await subProblems.locator('h3').allTextContents()).toEqual(bundled.subProblems.map((subProblem) => subProblem.name));
    for (const [i, subProblem] of bundled.subProblems.entries()) {
      expect(await subProblems.nth(i).locator('.method-name').allTextContents()).toEqual(subProblem.methodIds.map((id) => names.get(id)));
    }
    expect(await page.getByRole('list', { name: 'Frontier of LLM quantization' }).getByRole('listitem').count()).toBe(bundled.frontier.length);
    const headline = await page.getByRole('list', { name: 'In the knowledge base' }).innerText();
    expect(headline.replace(/\s+/g, ' ')).toContain('97 papers 151 critique receipts 1,451 benchmark results');
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('popup: text from the snapshot', () => {
  it('reverses nothing of a loss’s values after a right-to-left override the snapshot left open', async () => {
    const open = '\u202e'; // RIGHT-TO-LEFT OVERRIDE, never closed: valid text to the schema
    const loss: NamedResult = {
      winnerId: 'y', winnerLabel: null, winnerName: `${open}Y`, loserId: 'x', loserName: 'X', sourceTitle: `${open}Some paper`,
      metric: `${open}perplexity`, setting: `${open}W2A16`, winnerValue: `${open}20.11`, loserValue: '24.62', winnerNumber: 20.11, loserNumber: 24.62,
    };
    const css = ['extension-page.css', 'popup.css'].map((file) => readFileSync(join(REPO_ROOT, 'components', file), 'utf8')).join('\n');
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.setContent(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>${css}</style></head><body><div class="popup"><main class="content">${htmlOf(h(LossTable, { methodName: 'X', losses: [loss] }))}</main></div></body></html>`);
    // Is each of these, in the values cell, drawn left to right as written, and after the winner's value?
    const drawn = await page.evaluate(() => {
      const cell = document.querySelector('.loss-values .values')!;
      const leftOf = (node: Text, index: number) => {
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + 1);
        return range.getBoundingClientRect().left;
      };
      const find = (piece: string) => {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          const at = node.data.indexOf(piece);
          if (at >= 0) return { node, at };
        }
        throw new Error(`no "${piece}" in the values cell`);
      };
      const inOrder = (piece: string) => {
        const { node, at } = find(piece);
        return leftOf(node, at) < leftOf(node, at + piece.length - 1);
      };
      const winner = find('20.11');
      const loser = find('24.62');
      return { vs: inOrder('vs'), loserValue: inOrder('24.62'), loserAfterWinner: leftOf(winner.node, winner.at) < leftOf(loser.node, loser.at) };
    });
    expect(drawn).toEqual({ vs: true, loserValue: true, loserAfterWinner: true });
    await page.close();
  });
});

describe('popup: every view, light and dark', () => {
  /** Each view and state a reader can reach, with what shows it is ready. */
  const views: { name: string; search: () => string; ready: string }[] = [
    { name: 'this page (the abstract fixture)', search: () => `?tab=${abstractTab}`, ready: '.summary-line' },
    { name: 'this page, not a page Method Lens reads', search: () => '?view=page', ready: '.state-empty' },
    { name: 'an arXiv PDF, before scanning', search: () => `?tab=${pdfTab}`, ready: '.pdf-offer' },
    { name: 'search, before typing', search: () => '?view=search', ready: 'input[role="combobox"]' },
    { name: 'search with matches', search: () => '?view=search&q=a', ready: '[role="option"]' },
    { name: 'search without matches', search: () => '?view=search&q=zzz', ready: '.combobox-empty:not(:empty)' },
    { name: 'search with matches by a word inside their names', search: () => '?view=search&q=hadamard', ready: '.combobox-by-word:not(:empty)' },
    { name: 'AWQ’s record', search: () => '?method=awq', ready: 'article.record' },
    { name: 'AWQ’s record for the abstract’s tab (its mentions there)', search: () => `?method=awq&tab=${abstractTab}`, ready: '.record-on-page' },
    { name: 'GPTQ’s record (no status)', search: () => '?method=gptq', ready: 'article.record' },
    { name: 'a method not in the snapshot', search: () => '?method=GPTQv9', ready: '.state-empty' },
    { name: 'a looked-up selection naming three methods', search: () => '?view=selection&m=gptq:3,smoothquant:2,awq:1', ready: '.method-row' },
    { name: 'a looked-up selection whose methods are gone from the snapshot', search: () => '?view=selection&m=gone-since:1', ready: '.state-empty' },
    { name: 'the topic', search: () => '?topic=LLM quantization', ready: '.ranking' },
    { name: 'the Topic tab (the only topic)', search: () => '?view=topic', ready: '.ranking' },
    { name: 'a topic not in the snapshot', search: () => '?topic=Protein folding', ready: '.state-empty' },
    { name: 'the snapshot', search: () => '?view=snapshot', ready: '.facts-wide' },
  ];

  it.each(views)('$name: no serious axe violation, and no wider than 420 px', async ({ search, ready }) => {
    const page = await openPopup(search());
    await page.locator(ready).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(420);
    await page.close();
  });

  it('breaks no rule of the extension’s CSP: zod never probes for `new Function`, in the popup or the options page', async () => {
    for (const [url, ready] of [
      [popupUrl('?method=awq'), '.loss-table'],
      [popupUrl(`?tab=${abstractTab}`), '.summary-line'],
      [`chrome-extension://${browser.extensionId}/options.html`, 'form, fieldset'],
    ] as const) {
      const page = await browser.context.newPage();
      const refused: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy|unsafe-eval/i.test(message.text())) refused.push(message.text());
      });
      await page.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) => console.error(`Content Security Policy: ${event.violatedDirective} ${event.blockedURI}`));
      });
      await page.goto(url);
      await page.locator(ready).first().waitFor();
      expect(refused, url).toEqual([]);
      await page.close();
    }
  });

  it.each([
    { name: 'AWQ’s record', search: '?method=awq', ready: '.loss-table' },
    { name: 'the topic', search: '?topic=LLM quantization', ready: '.ranking' },
  ])('$name scrolls under its bar and tabs, by wheel and by keyboard, inside the popup', async ({ search, ready }) => {
    const page = await openPopup(search);
    await page.locator(ready).first().waitFor();
    const content = page.locator('main.content');
    const box = (await content.boundingBox())!;
    // The view scrolls inside the popup's 600 px, not past them.
    expect(box.y + box.height).toBeLessThanOrEqual(600);
    expect(await content.evaluate((main) => main.scrollHeight > main.clientHeight + 600)).toBe(true);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, 500);
    await vi.waitFor(async () => expect(await content.evaluate((main) => main.scrollTop)).toBeGreaterThan(0));
    await content.focus();
    await page.keyboard.press('End');
    await vi.waitFor(async () => expect(await content.evaluate((main) => main.scrollTop + main.clientHeight >= main.scrollHeight - 1)).toBe(true));
    // The bar and the tabs stay where they were; the page itself never scrolls.
    expect((await page.locator('.topbar').boundingBox())!.y).toBe(0);
    expect(await page.evaluate(() => document.scrollingElement!.scrollTop)).toBe(0);
    await page.close();
  });

  it('draws the edge of each text field and drop-down 3:1 from the page around it, light and dark', async () => {
    // A field as light as the page inside it is found by its edge alone: WCAG asks 3:1 of that edge.
    const edges: string[] = [];
    for (const [url, fields] of [
      [popupUrl('?view=search'), '#search-input'],
      [`chrome-extension://${browser.extensionId}/options.html`, '#source-url, #refresh-interval, #mute-input'],
    ] as const) {
      const page = await browser.context.newPage();
      await page.goto(url);
      await page.locator(fields).first().waitFor();
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        edges.push(...(await page.locator(fields).evaluateAll(fieldEdgeContrasts, colorScheme)).filter((edge) => Number(edge.split(' ').at(-1)) < 3));
      }
      await page.close();
    }
    expect(edges).toEqual([]);
  });

  it('keeps a long match list inside the popup and the keyboard’s highlight in sight', async () => {
    const page = await openPopup('?view=search&q=a');
    const box = page.getByRole('combobox', { name: 'Method name or alias' });
    const options = page.getByRole('option');
    const expected = bundled.methods.filter((method) => [method.name, ...method.aliases].some((name) => name.toLowerCase().startsWith('a'))).length;
    expect(expected).toBeGreaterThan(6); // more than the list shows at once
    await expect.poll(() => options.count()).toBe(expected);
    const first = (await options.first().getAttribute('id'))!;
    const last = (await options.last().getAttribute('id'))!;
    const listbox = page.getByRole('listbox');
    const list = (await listbox.boundingBox())!;
    // Seven and a half matches, and all of it inside the popup.
    expect(list.height).toBeLessThanOrEqual(370);
    expect(list.height).toBeGreaterThan(300);
    expect(list.y + list.height).toBeLessThanOrEqual(600);
    await box.focus();
    await page.keyboard.press('ArrowUp'); // wraps to the last match, below the list's fold
    expect(await box.getAttribute('aria-activedescendant')).toBe(last);
    const inSight = async (id: string) =>
      page.evaluate((optionId) => {
        const option = document.getElementById(optionId)!.getBoundingClientRect();
        const box = document.querySelector('[role="listbox"]')!.getBoundingClientRect();
        return option.top >= box.top - 1 && option.bottom <= box.bottom + 1 && option.bottom <= innerHeight;
      }, id);
    await expect.poll(() => inSight(last)).toBe(true);
    expect(await inSight(first)).toBe(false);
    await page.keyboard.press('ArrowDown'); // back to the first
    await expect.poll(() => inSight(first)).toBe(true);
    await page.close();
  });
});

describe('popup: in a forced-colours (Windows contrast) theme', () => {
  it('marks the current tab with a line the other tabs have not', async () => {
    const page = await openPopup(`?tab=${abstractTab}`);
    await page.emulateMedia({ forcedColors: 'active' });
    await page.locator('.summary-line').waitFor();
    // A line shows where the tab's bottom border has a width, a style and a colour other than the page's.
    const lined = await page.locator('.tab').evaluateAll((tabs) => {
      const canvas = getComputedStyle(document.body).backgroundColor;
      return tabs.map((tab) => {
        const style = getComputedStyle(tab);
        const shows = style.borderBottomWidth !== '0px' && style.borderBottomStyle !== 'none' && style.borderBottomColor !== canvas;
        return `${tab.textContent}${tab.getAttribute('aria-current') ? ' (current)' : ''}: ${shows ? 'line' : 'none'}`;
      });
    });
    expect(lined).toEqual(['This page (current): line', 'Search: none', 'Topic: none', 'Snapshot: none']);
    await page.close();
  });

  it('still draws the gap chart’s bars, whose backgrounds the theme would paint away', async () => {
    const page = await openPopup('?method=awq');
    await page.emulateMedia({ forcedColors: 'active' });
    const chart = page.locator('.gap-chart').first();
    await chart.scrollIntoViewIfNeeded();
    const canvas = (await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).match(/\d+/g)!.map(Number) as [number, number, number];
    const shot = await chart.screenshot();
    const { width, height } = PNG.sync.read(shot);
    // AWQ's bar (251.84 against SEPTQ's 68.62) alone is as wide as the chart and 5 px tall.
    expect(width * height - pixelsNear(shot, canvas, 10)).toBeGreaterThanOrEqual(width * 5);
    await page.close();
  });
});

describe('popup: zoomed to 200 %', () => {
  it('scrolls a record to its end in a popup window half as tall in CSS pixels', async () => {
    // A popup is at most 600 screen pixels tall: at 200 % zoom that is 300 CSS pixels for the popup's 600.
    const page = await openPopup('?method=awq');
    await page.setViewportSize({ width: 400, height: 300 });
    const end = page.locator('article.record .as-of');
    await end.waitFor();
    await page.mouse.move(200, 200);
    await expect
      .poll(async () => {
        await page.mouse.wheel(0, 1000);
        return end.evaluate((line) => line.getBoundingClientRect().bottom <= innerHeight);
      })
      .toBe(true);
    await page.close();
  });

  it('in the 440 px window a card opens a record in when no popup can show, nothing is cut off at the right', async () => {
    // The window is 440 screen pixels wide (`openRecord`): at 200 % zoom, 220 CSS pixels for the popup's 400.
    const page = await openPopup('?method=awq');
    await page.setViewportSize({ width: 220, height: 320 });
    await page.locator('.loss-table').waitFor();
    const sticksOut = await page.evaluate(() =>
      ['.tabs', '.view-title', '.record-paper', '.status-box', '.loss-table', '.as-of']
        .map((selector) => [selector, Math.round(document.querySelector(selector)!.getBoundingClientRect().right)] as const)
        .filter(([, right]) => right > document.documentElement.clientWidth),
    );
    expect(sticksOut).toEqual([]);
    await page.close();
  });

  it('at 100 %, the popup is its 600 px: nothing (hidden text included) makes the page itself taller', async () => {
    const page = await openPopup('?method=awq');
    await page.locator('.loss-table').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBe(600);
    await page.close();
  });
});

describe('popup: refresh', () => {
  let server: SnapshotServer;
  const MARKER = 'Live-update marker: a critique added by the refreshed snapshot.';

  beforeAll(async () => {
    server = await startSnapshotServer();
  });

  afterAll(async () => {
    // The other describes read the bundled snapshot.
    await useBundledSource();
    await server?.close();
  });

  /** Goes back to the bundled snapshot (a refresh from it, if another source is in use) and waits until it is the one in use. */
  async function useBundledSource(): Promise<void> {
    await chooseSnapshotSource(extensionPage, { kind: 'bundled' });
    await waitForSnapshot((info) => info.source?.startsWith('chrome-extension://') === true && info.lastError === null);
  }

  /** The bundled topic with one more AWQ critique: a changed snapshot. */
  function changedTopic(): TopicDocument {
    const doc = structuredClone(bundled);
    doc.critiques.unshift({ methodId: 'awq', quote: MARKER, sourceTitle: 'A Paper Published After The Bundled Snapshot' });
    return doc;
  }

  /**
   * Points the snapshot source at this suite's server and waits for that refresh, so a test that
   * needs it also runs alone; after the first test has switched the source, nothing happens.
   */
  async function useServerSource(): Promise<void> {
    const url = server.url('/snapshot/index.json');
    if ((await snapshotInfo()).source === url) return;
    await serve(bundled);
    await chooseSnapshotSource(extensionPage, { kind: 'url', url });
    await waitForSnapshot((info) => info.source === url && info.lastError === null);
  }

  async function serve(doc: TopicDocument) {
    const { files } = await renderSnapshotFiles({ generatedAt: '2026-07-01T00:00:00.000Z', topics: [doc] });
    server.serveFiles(files);
    return files;
  }

  it('updates an open record as soon as a refresh from the new source finishes', async () => {
    // Whatever ran before (another test may have brought the marker in), the record starts without it.
    await useBundledSource();
    const record = await openPopup('?method=awq');
    await record.locator('article.record').waitFor();
    expect(await recordText(record)).not.toContain(MARKER);
    // An address of this test's own, so that setting it is a change of source whatever ran before.
    const { files } = await renderSnapshotFiles({ generatedAt: '2026-07-01T00:00:00.000Z', topics: [changedTopic()] });
    server.serveFiles(files, '/live-update/');
    const url = server.url('/live-update/index.json');
    await chooseSnapshotSource(extensionPage, { kind: 'url', url });
    // No reload: the record's live query sees the service worker's writes.
    await expect.poll(() => recordText(record), { timeout: 30_000 }).toContain(MARKER);
    expect(await record.locator('.critique-list > li').count()).toBe(10);
    expect((await snapshotInfo()).source).toBe(url);
    // The refresh ends after the flip (cleaning up); a refresh asked for before then would join it.
    await expect.poll(async () => (await snapshotInfo()).progress, { timeout: 15_000 }).toBeNull();
    await record.close();
  });

  it('stays usable while a refresh runs: records, search and the topic open, and the open record updates when it ends', async () => {
    await useServerSource();
    const doc = changedTopic();
    const marker = 'Second live-update marker: a critique added by a slow refresh.';
    doc.critiques.unshift({ methodId: 'awq', quote: marker, sourceTitle: 'Another Paper Published Later' });
    doc.topic.updated = '2026-07-05';
    await serve(doc);
    let release!: () => void;
    const topicRoute = server.routes.get('/snapshot/llm-quantization.json')!;
    topicRoute.hold = new Promise<void>((resolve) => (release = resolve));

    const snapshotView = await openPopup('?view=snapshot');
    const refresh = snapshotView.getByRole('button', { name: 'Refresh now' });
    await refresh.click();
    await expect.poll(() => snapshotView.getByRole('status').innerText(), { timeout: 15_000 }).toMatch(/downloading/i);
    expect(await refresh.isDisabled()).toBe(true);

    const record = await openPopup('?method=awq');
    await record.locator('article.record').waitFor();
    expect(await recordText(record)).not.toContain(marker);
    const search = await openPopup('?view=search');
    await expect.poll(() => search.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('combobox');
    await search.keyboard.type('aql');
    await search.getByRole('option', { name: /^AQLM/ }).waitFor();
    await search.keyboard.press('Enter');
    await expect.poll(() => search.getByRole('heading', { level: 1 }).textContent()).toBe('AQLM');
    const topic = await openPopup('?topic=LLM+quantization');
    await topic.locator('article.topic').waitFor();
    expect((await snapshotInfo()).progress).not.toBeNull(); // all of that while the refresh still waits for the topic

    release();
    await expect.poll(() => recordText(record), { timeout: 30_000 }).toContain(marker);
    await expect.poll(() => refresh.isEnabled(), { timeout: 30_000 }).toBe(true);
    expect(await snapshotView.getByRole('status').innerText()).not.toMatch(/failed/i);
    for (const page of [snapshotView, record, search, topic]) await page.close();
  });

  it('an open paper follows a refresh: marked again from the new snapshot, its card showing the new record', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    const before = await hoverCard(page, 'AWQ');
    const marker = 'Third live-update marker: a critique the open page learns of.';
    expect(before).not.toContain(marker);
    await page.keyboard.press('Escape');
    await expect.poll(() => cardIsOpen(page)).toBe(false);
    const passes = await scanCount(page);

    const doc = changedTopic();
    doc.critiques.unshift({ methodId: 'awq', quote: marker, sourceTitle: 'A Third Paper Published Later' });
    doc.topic.updated = '2026-07-06';
    await serve(doc);
    const url = server.url('/snapshot/index.json');
    await chooseSnapshotSource(extensionPage, { kind: 'url', url });
    // Joins the refresh the new source started, or starts one where the source was already this one.
    const outcome = await extensionPage.evaluate(() => chrome.runtime.sendMessage({ direction: 'page→background', type: 'startRefresh', payload: {} }));
    expect(outcome.ok && outcome.value.ok).toBe(true);
    // No reload: the page asks for the new dictionary, marks again and forgets the card it held.
    await expect.poll(() => scanCount(page), { timeout: 30_000 }).toBeGreaterThan(passes);
    expect(await hoverCard(page, 'AWQ')).toContain(marker);
    await page.close();
  });

  const badSnapshots: { name: string; error: RegExp; make: (files: Map<string, string>) => void }[] = [
    {
      name: 'an index answering HTTP 500',
      error: /answered with HTTP 500/,
      make: () => server.routes.set('/snapshot/index.json', { status: 500, body: 'oops' }),
    },
    {
      name: 'an index that is not JSON',
      error: /is not valid JSON/,
      make: () => server.routes.set('/snapshot/index.json', { body: '{"format": "method-lens-snapshot", ', headers: { 'Content-Type': 'application/json' } }),
    },
    {
      name: 'a topic whose bytes do not match the listed checksum',
      error: /does not match the checksum/,
      make: (files) => {
        // Same length, one character changed: only the hash can tell.
        const body = files.get('llm-quantization.json')!.replace('Live-update marker', 'Live-update mArker');
        server.routes.set('/snapshot/llm-quantization.json', { body, headers: { 'Content-Type': 'application/json' } });
      },
    },
    {
      name: 'a topic that breaks the schema',
      error: /does not follow the snapshot format/,
      make: () => undefined,
    },
  ];

  it.each(badSnapshots)('keeps every record as it was and shows the error for $name', async ({ error, make, name }) => {
    await useServerSource();
    const doc = changedTopic();
    doc.topic.updated = '2026-07-02'; // a new topic file, so the refresh downloads it
    if (name === 'a topic that breaks the schema') (doc.methods[0] as { status: string }).status = 'obsolete';
    const files = await serve(doc);
    make(files);
    const before = await recordsText();
    const popup = await openPopup('?view=snapshot');
    const refresh = popup.getByRole('button', { name: 'Refresh now' });
    await refresh.click();
    await expect.poll(() => popup.getByRole('status').innerText(), { timeout: 30_000 }).toMatch(error);
    expect(await popup.getByRole('status').innerText()).toContain('The last refresh failed');
    await expect.poll(() => refresh.isEnabled()).toBe(true);
    expect(await recordsText()).toEqual(before);
    expect(await seriousViolations(popup)).toEqual([]);
    await popup.close();
  });

  it('lets the reader choose among several topics, in both themes', async () => {
    await useServerSource();
    const optimizers = sampleSnapshot().topics.find((topic) => topic.topic.name === 'Optimizers')!;
    const { files } = await renderSnapshotFiles({ generatedAt: '2026-07-03T00:00:00.000Z', topics: [bundled, optimizers] });
    server.serveFiles(files);
    const popup = await openPopup('?view=snapshot');
    await popup.getByRole('button', { name: 'Refresh now' }).click();
    await waitForSnapshot((info) => info.totals.methods === bundled.methods.length + optimizers.methods.length && info.lastError === null);
    await popup.getByRole('list', { name: 'Topics in the snapshot' }).getByRole('link', { name: 'Optimizers' }).waitFor();
    expect(await seriousViolations(popup)).toEqual([]);
    await popup.close();

    const chooser = await openPopup('?view=topic');
    await expect.poll(() => chooser.getByRole('heading', { level: 1 }).textContent()).toBe('Topics');
    expect(await chooser.locator('.topic-list-row a').allTextContents()).toEqual(['LLM quantization', 'Optimizers']);
    expect(await seriousViolations(chooser)).toEqual([]);
    await chooser.getByRole('link', { name: 'Optimizers' }).click();
    await expect.poll(() => chooser.getByRole('heading', { level: 1 }).textContent()).toBe('Optimizers');
    await chooser.close();
  });

  /**
   * What a refresh must not change: every method's record as the store gives it (each id the bundled
   * topic defines), and the AWQ and AQLM records, the topic view and the snapshot's counts as the popup shows them.
   */
  async function recordsText(): Promise<string[]> {
    const records = await extensionPage.evaluate(async (ids) => {
      const replies = await Promise.all(
        ids.map((idOrName) => chrome.runtime.sendMessage({ direction: 'page→background', type: 'getMethodRecord', payload: { idOrName } })),
      );
      return replies.map((reply, i) => {
        if (!reply?.ok || reply.value === null) throw new Error(`no record for ${ids[i]}: ${JSON.stringify(reply)}`);
        return JSON.stringify(reply.value);
      });
    }, bundled.methods.map((method) => method.id));
    expect(records).toHaveLength(bundled.methods.length);
    const texts: string[] = [...records];
    for (const search of ['?method=awq', '?method=aqlm', '?topic=LLM+quantization', '?view=snapshot']) {
      const page = await openPopup(search);
      await page.locator('article.record, article.topic, .facts-wide').first().waitFor();
      // The refresh's own status (its time, its error) is what changes; everything else must not.
      texts.push(
        await page.locator('main').evaluate((main) => {
          const copy = main.cloneNode(true) as HTMLElement;
          copy.querySelector('[role="status"]')?.remove();
          return copy.textContent ?? '';
        }),
      );
      await page.close();
    }
    return texts;
  }
});

/** Runs in the page: "theme #id ratio" for each field, its border's contrast with the page's background. */
function fieldEdgeContrasts(fields: Element[], theme: string): string[] {
  const rgb = (colour: string) => colour.match(/[\d.]+/g)!.slice(0, 3).map(Number);
  const luminance = (colour: string) => {
    const [r, g, b] = rgb(colour).map((channel) => (channel / 255 <= 0.03928 ? channel / 255 / 12.92 : ((channel / 255 + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
  };
  const page = getComputedStyle(document.body).backgroundColor;
  // As the reader first sees them: a focused field's edge takes the focus colour.
  (document.activeElement as HTMLElement | null)?.blur();
  return fields.map((field) => {
    const [a, b] = [luminance(getComputedStyle(field).borderTopColor), luminance(page)].sort((x, y) => y - x);
    return `${theme} #${field.id} ${((a! + 0.05) / (b! + 0.05)).toFixed(2)}`;
  });
}

/** The HTML `vnode` renders to, in happy-dom (as the popup would render it), to lay out in Chromium. */
function htmlOf(vnode: ComponentChild): string {
  const window = new Window();
  const saved = (globalThis as { document?: unknown }).document;
  (globalThis as { document?: unknown }).document = window.document;
  try {
    render(vnode, window.document.body);
    return window.document.body.innerHTML;
  } finally {
    (globalThis as { document?: unknown }).document = saved;
  }
}
