/**
 * The reader's default font size (chrome://settings/fonts, "Font size": the profile's
 * `webkit.webprefs.default_font_size`), which low-vision readers raise: the popup, the options page
 * and the hover card take their text sizes, and the room around their text, from it. At Chromium's
 * own 16 px every length is the pixel length it has always been; at 24 px (Chromium's "Very large")
 * each is half as large again, borders kept thin, and nothing spills out of its box, runs off
 * sideways or overlaps; at 40 px the popup stops at the 800 px a toolbar popup may have, and its
 * lines wrap.
 * The card takes the reader's size, not the page's: its page here sets its own root font size
 * (62.5 %, as many sites do) and a size for the card's host.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { EXTENSION_DIR, blockRealSites, launchWithExtension, routeFixture, type ExtensionBrowser } from '../helpers/browser';
import { hoverCard, markCenter, waitForScans } from './page-helpers';

/**
 * One computed length: its value in CSS pixels at the default 16 px, and whether it grows with the
 * font; `andKept`, pixels added to it that do not (a border it lines up past).
 */
interface Length {
  selector: string;
  property: string;
  px: number;
  grows: boolean;
  andKept?: number;
}

const grows = (selector: string, property: string, px: number, andKept?: number): Length => ({ selector, property, px, grows: true, andKept });
const kept = (selector: string, property: string, px: number): Length => ({ selector, property, px, grows: false });

/** AWQ's record, which has every kind of text the popup shows: its sizes as they were in px. */
const POPUP_LENGTHS: Length[] = [
  kept('body', 'height', 600),
  grows('body', 'font-size', 13.5),
  grows('.back', 'font-size', 16),
  grows('.back', 'width', 28),
  kept('.back', 'border-top-width', 1),
  grows('.tab', 'padding-left', 10),
  kept('.tabs', 'border-bottom-width', 1),
  grows('.content', 'padding-left', 16),
  grows('.view-title', 'font-size', 19),
  grows('.record-title-row .ml-badge', 'font-size', 11.5),
  grows('.record-title-row .ml-badge', 'padding-left', 8),
  kept('.record-title-row .ml-badge', 'border-top-width', 1),
  grows('.status-box', 'padding-left', 12),
  kept('.status-box', 'border-left-width', 4),
  grows('.section-title', 'font-size', 16),
  grows('.section-title', 'padding-bottom', 4),
  kept('.section-title', 'border-bottom-width', 1),
  grows('.loss-table', 'font-size', 12.5),
  grows('.gap-caption', 'font-size', 10.5),
  grows('.gap-bar', 'height', 5),
  // Under the quote's text: past its padding, which grows, and its 3 px line, which does not.
  grows('.quote-source', 'margin-left', 10, 3),
  grows('.as-of', 'font-size', 11.5),
  grows('.as-of', 'margin-top', 16),
];

const OPTIONS_LENGTHS: Length[] = [
  grows('body', 'font-size', 13.5),
  grows('.options', 'max-width', 680),
  grows('.options', 'padding-top', 28),
  grows('.options h1', 'font-size', 24),
  grows('.options h1', 'margin-bottom', 20),
  grows('.options-section h2', 'font-size', 16),
  kept('.options-section', 'border-top-width', 1),
  grows('.text-input', 'padding-left', 10),
  grows('.button', 'padding-left', 12),
  kept('.button', 'border-top-width', 1),
  grows('.check input', 'width', 16),
  grows('.colour-row', 'grid-template-columns', 130),
];

/** AWQ's card: a quote, a loss, alternatives. */
const CARD_LENGTHS: Length[] = [
  grows('.ml-card', 'font-size', 13),
  grows('.ml-card', 'width', 360),
  grows('.ml-card', 'padding-top', 12),
  grows('.ml-card', 'padding-left', 14),
  kept('.ml-card', 'border-top-width', 1),
  kept('.ml-card', 'border-top-left-radius', 10),
  grows('.ml-card-name', 'font-size', 15),
  grows('.ml-badge', 'font-size', 11.5),
  grows('.ml-badge', 'padding-left', 8),
  grows('.ml-meaning', 'margin-bottom', 6),
  grows('.ml-quote', 'padding-left', 10),
  kept('.ml-quote', 'border-left-width', 3),
  grows('.ml-quote cite', 'font-size', 12),
  grows('.ml-open', 'padding-left', 10),
  kept('.ml-open', 'border-top-width', 1),
];

/** `selector property: value` for each length, as the page computes it (the first number of the value). */
function measure(page: Page, lengths: Length[], inCard: boolean): Promise<string[]> {
  return page.evaluate(
    ({ lengths, inCard }) => {
      const root = inCard ? document.querySelector('method-lens-card')!.shadowRoot! : document;
      return lengths.map(({ selector, property }) => {
        const element = root.querySelector(selector);
        const value = element ? Number.parseFloat(getComputedStyle(element).getPropertyValue(property)) : 'missing';
        return `${selector} ${property}: ${value}`;
      });
    },
    { lengths, inCard },
  );
}

/** What `measure` should read at a default font size of `size` px. */
function expected(lengths: Length[], size: number): string[] {
  return lengths.map(({ selector, property, px, grows, andKept = 0 }) => `${selector} ${property}: ${(grows ? (px * size) / 16 : px) + andKept}`);
}

/**
 * What is wrong with the layout under `where` (the document's body, or the card), as sentences:
 * text spilling out of the box it is set in (a fixed-size button, a badge), text cut off or scrolled
 * to sideways by a box that clips or scrolls, any box that scrolls sideways, a control's word broken
 * across lines, and text over other text.
 * Text a box scrolls up or down is not cut off: it is in reach.
 */
function layoutProblems(where: 'page' | 'card'): string[] {
  const root = where === 'card' ? document.querySelector('method-lens-card')!.shadowRoot!.querySelector('.ml-card')! : document.body;
  const problems: string[] = [];
  const name = (element: Element) => `${element.tagName.toLowerCase()}${element.className && typeof element.className === 'string' ? `.${element.className.trim().split(/\s+/).join('.')}` : ''}`;
  const hidden = (element: Element) => Boolean(element.closest('.visually-hidden'));
  // Boxes that scroll or clip sideways, and the document itself.
  for (const element of [root, ...root.querySelectorAll('*')]) {
    if (hidden(element) || element.matches('input, select, textarea')) continue;
    const style = getComputedStyle(element);
    if (style.overflowX !== 'visible' && element.scrollWidth > element.clientWidth + 1) {
      problems.push(`${name(element)} is ${element.scrollWidth}px wide inside ${element.clientWidth}px`);
    }
  }
  if (document.documentElement.scrollWidth > innerWidth) problems.push(`the page is ${document.documentElement.scrollWidth}px wide in a ${innerWidth}px window`);
  // Every line of text, and the boxes it must stay inside.
  const lines: { rect: DOMRect; node: Text }[] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const parent = node.parentElement;
    if (!parent || !node.data.trim() || hidden(parent) || parent.closest('option, script, style')) continue;
    if (getComputedStyle(parent).visibility !== 'visible') continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rects = [...range.getClientRects()].filter((rect) => rect.width > 0 && rect.height > 0);
    let box: Element | null = parent;
    while (box && getComputedStyle(box).display.startsWith('inline') && getComputedStyle(box).display !== 'inline-block') box = box.parentElement;
    for (const rect of rects) {
      lines.push({ rect, node });
      const text = `"${node.data.trim().slice(0, 30)}"`;
      // Inside the box it is set in (a button's, a badge's, a cell's).
      if (box) {
        const outer = box.getBoundingClientRect();
        if (rect.left < outer.left - 1 || rect.right > outer.right + 1 || rect.top < outer.top - 1 || rect.bottom > outer.bottom + 1) {
          problems.push(`${text} spills out of ${name(box)}`);
        }
      }
      // Not cut off by a box that clips: sideways by any, up or down by one that does not scroll.
      for (let clip: Element | null = parent; clip && clip !== document.documentElement; clip = clip.parentElement) {
        const style = getComputedStyle(clip);
        const outer = clip.getBoundingClientRect();
        if (style.overflowX !== 'visible' && (rect.left < outer.left - 1 || rect.right > outer.right + 1)) problems.push(`${text} is cut off sideways by ${name(clip)}`);
        if ((style.overflowY === 'hidden' || style.overflowY === 'clip') && (rect.top < outer.top - 1 || rect.bottom > outer.bottom + 1)) {
          problems.push(`${text} is cut off by ${name(clip)}`);
        }
      }
    }
  }
  // No word of a control's or a label's broken across lines (a long title or address may be: that is
  // how it fits).
  for (const label of [root, ...root.querySelectorAll('*')].filter((element) => element.matches('button, .tab, .ml-badge, .refresh-pill, .brand'))) {
    const words = document.createTreeWalker(label, NodeFilter.SHOW_TEXT);
    for (let node = words.nextNode() as Text | null; node; node = words.nextNode() as Text | null) {
      for (const word of node.data.matchAll(/\S+/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        if ([...range.getClientRects()].filter((rect) => rect.width > 0).length > 1) problems.push(`"${word[0]}" is broken across lines in ${name(label)}`);
      }
    }
  }
  // No line over another, but for those a box stuck in place covers on purpose (the card's foot, which
  // the rest of the card scrolls under).
  const stuck = [...root.querySelectorAll('*')].filter((element) => ['sticky', 'fixed'].includes(getComputedStyle(element).position));
  const underStuck = ({ rect, node }: { rect: DOMRect; node: Text }) =>
    stuck.some((box) => {
      if (box.contains(node)) return false;
      const outer = box.getBoundingClientRect();
      return rect.right > outer.left && rect.left < outer.right && rect.bottom > outer.top && rect.top < outer.bottom;
    });
  for (let i = 0; i < lines.length; i++) {
    for (let j = i + 1; j < lines.length; j++) {
      const [a, b] = [lines[i]!, lines[j]!];
      if (a.node === b.node || underStuck(a) || underStuck(b)) continue;
      const across = Math.min(a.rect.right, b.rect.right) - Math.max(a.rect.left, b.rect.left);
      const down = Math.min(a.rect.bottom, b.rect.bottom) - Math.max(a.rect.top, b.rect.top);
      if (across > 1 && down > 1) problems.push(`"${a.node.data.trim().slice(0, 30)}" overlaps "${b.node.data.trim().slice(0, 30)}"`);
    }
  }
  return problems;
}

const problemsIn = (page: Page, where: 'page' | 'card') => page.evaluate(layoutProblems, where);

/** The popup's views, each with what shows it is ready. */
const POPUP_VIEWS: { name: string; search: (tab: number) => string; ready: string }[] = [
  { name: 'this page', search: (tab) => `?tab=${tab}`, ready: '.summary-line' },
  { name: 'search', search: () => '?view=search&q=a', ready: '[role="option"]' },
  // As the card opens it for the abstract's tab: with its mentions there, and Show on page.
  { name: 'AWQ’s record', search: (tab) => `?method=awq&tab=${tab}`, ready: '.record-on-page' },
  { name: 'the topic', search: () => '?topic=LLM quantization', ready: '.ranking' },
  { name: 'the snapshot', search: () => '?view=snapshot', ready: '.facts-wide' },
];

/** The abstract page's own stylesheet stands in for a site's: a 10 px root, and a size for the card's host. */
const SITE_STYLES = 'html { font-size: 62.5%; } body { font-size: 1.4rem; } method-lens-card { font-size: 40px !important; }';

describe.each([16, 24, 40])('at a default font size of %i px', (size) => {
  let browser: ExtensionBrowser;
  let extensionCopy: string;
  let abstractTab: number;

  beforeAll(async () => {
    // A private copy: a rebuild into .output while the suite runs cannot change the extension under it.
    extensionCopy = await mkdtemp(join(tmpdir(), 'method-lens-font-size-e2e-'));
    await cp(EXTENSION_DIR, extensionCopy, { recursive: true });
    // 16 px is Chromium's own default: that profile is left as a new one is.
    browser = await launchWithExtension(extensionCopy, size === 16 ? {} : { defaultFontSize: size });
    await blockRealSites(browser.context);
    await routeFixture(browser.context, 'https://arxiv.org/abs/2406.01234*', 'arxiv-abs-quant.html');
    await browser.context.route('https://arxiv.org/static/browse/0.3.4/css/arXiv.css*', (route) =>
      route.fulfill({ status: 200, contentType: 'text/css', body: SITE_STYLES }),
    );
    await routeFixture(browser.context, 'https://www.semanticscholar.org/paper/**', 's2-paper.html');
    const extensionPage = await browser.context.newPage();
    await extensionPage.goto(`chrome-extension://${browser.extensionId}/popup.html?view=snapshot`);
    await extensionPage.waitForFunction(async () => {
      const reply = await chrome.runtime.sendMessage({ direction: 'page→background', type: 'getSnapshotInfo', payload: {} });
      return reply?.ok && reply.value.totals.methods > 0 && reply.value.progress === null;
    }, null, { timeout: 30_000, polling: 200 });
    const paper = await browser.context.newPage();
    await paper.goto('https://arxiv.org/abs/2406.01234');
    await waitForScans(paper);
    abstractTab = await extensionPage.evaluate(async () => (await chrome.tabs.query({ url: 'https://arxiv.org/abs/*' }))[0]!.id!);
  });

  afterAll(async () => {
    await browser?.close();
    if (extensionCopy) await rm(extensionCopy, { recursive: true, force: true });
  });

  async function openPopup(search: string, ready: string): Promise<Page> {
    const page = await browser.context.newPage();
    // As large as a toolbar popup may be: the popup's own width shows within it.
    await page.setViewportSize({ width: 800, height: 600 });
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html${search}`);
    await page.locator(ready).first().waitFor();
    return page;
  }

  it('the popup’s text and the room around it are the default size’s, its borders their pixels', async () => {
    const page = await openPopup('?method=awq', '.loss-table');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe(`${size}px`);
    expect(await measure(page, POPUP_LENGTHS, false)).toEqual(expected(POPUP_LENGTHS, size));
    await page.close();
  });

  it.each(POPUP_VIEWS)('the popup’s $name: no text out of its box, cut off or over other text, nothing wider than the popup', async ({ search, ready }) => {
    const page = await openPopup(search(abstractTab), ready);
    // A closed disclosure (the lists' status key) shows nothing of its content, which Chromium still
    // lays out: the view is checked with every disclosure open, as a reader who opens them sees it.
    await page.evaluate(() => document.querySelectorAll('details').forEach((details) => (details.open = true)));
    expect(await problemsIn(page, 'page')).toEqual([]);
    // The body is the popup: 25 of the font's size wide (400 px at 16 px), within the 800 × 600 px a
    // toolbar popup may have.
    const body = (await page.locator('body').boundingBox())!;
    expect(body.width).toBe(Math.min(25 * size, 800));
    expect(body.height).toBe(600);
    await page.close();
  });

  // At 40 px the bar, the tabs, the title and the field take 460 of the popup's 600 px: the view scrolls to the list.
  if (size <= 32) it('the popup’s search keeps its list of matches inside the popup', async () => {
    const page = await openPopup('?view=search&q=a', '[role="option"]');
    const list = (await page.getByRole('listbox').boundingBox())!;
    expect(list.y + list.height).toBeLessThanOrEqual(600);
    // Two matches and more in sight.
    const match = (await page.getByRole('option').first().boundingBox())!;
    expect(list.height).toBeGreaterThan(2 * match.height);
    await page.close();
  });

  it('the options page’s text and the room around it are the default size’s, and its layout holds', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await page.getByLabel('Snapshot URL').waitFor();
    await page.locator('.colour-row').first().waitFor();
    expect(await measure(page, OPTIONS_LENGTHS, false)).toEqual(expected(OPTIONS_LENGTHS, size));
    expect(await problemsIn(page, 'page')).toEqual([]);
    // In a narrower window, the column narrows and its lines wrap.
    await page.setViewportSize({ width: 500, height: 900 });
    expect(await problemsIn(page, 'page')).toEqual([]);
    await page.close();
  });

  it.each([
    { site: 'an arXiv abstract whose stylesheet sets a 10 px root and a size for the card’s host', url: 'https://arxiv.org/abs/2406.01234' },
    { site: 'a Semantic Scholar paper', url: 'https://www.semanticscholar.org/paper/quip-sharp/c4f1e9a2b7d3f5e8a1c6b9d2e7f4a3c8b5d1e6f2' },
  ])('the card on $site: the reader’s size, not the page’s; inside the window, off its mark, its layout holding', async ({ url }) => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto(url);
    await waitForScans(page);
    // Semantic Scholar's app renders its paper after its first pass has read the empty shell.
    await expect.poll(() => markCenter(page, 'AWQ')).not.toBeNull();
    if (url.includes('arxiv')) expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe(`${(10 * size) / 16}px`);
    // hoverCard fails on a card over its mark or out of the window.
    await hoverCard(page, 'AWQ');
    expect(await measure(page, CARD_LENGTHS, true)).toEqual(expected(CARD_LENGTHS, size));
    expect(await problemsIn(page, 'card')).toEqual([]);
    await page.close();
  });
});
