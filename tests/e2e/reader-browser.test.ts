/**
 * Chromium as readers have it, without the defaults Playwright adds: classic scrollbars (Linux,
 * Windows), which the hover card keeps its margin from; and the back-forward cache, from which a
 * paper comes back with its marks and its report.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blockRealSites, launchWithExtension, PAGES_DIR, REPO_ROOT, routeFixture, routeFixtureInDarkMode, type ExtensionBrowser } from '../helpers/browser';
import { cardBox, cardIsOpen, cardText, closePagesEachTestOpens, hoverCard, markBoxes, markCenter, waitForScans } from './page-helpers';
import { firstMarkBox } from '../helpers/mark-colours';
import { PNG } from 'pngjs';
import { twoFramesRendered } from '../helpers/scrolling';
import { askBackground, holdStore } from './extension-page';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchWithExtension(undefined, { asReadersHaveIt: true });
  await blockRealSites(browser.context);
  // The real abstract page, its abstract set flush right and the page made taller than the window,
  // so that a mark ends at the right edge, beside the vertical scrollbar.
  const page = (await readFile(join(PAGES_DIR, 'arxiv-abs-quant.html'), 'utf8')).replace(
    '</head>',
    '<style>blockquote.abstract { text-align: right; margin-right: 0; } body { min-height: 4000px; }</style></head>',
  );
  await browser.context.route('https://arxiv.org/abs/2406.01234*', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page }));
  await routeFixture(browser.context, 'https://arxiv.org/abs/2406.05678*', 'arxiv-abs-quant.html');
  // The abstract page written right to left.
  const rtl = (await readFile(join(PAGES_DIR, 'arxiv-abs-quant.html'), 'utf8')).replace(/<html[^>]*>/, '<html lang="en" dir="rtl">');
  await browser.context.route('https://arxiv.org/abs/2406.09876*', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: rtl }));
  await routeFixture(browser.context, 'https://www.semanticscholar.org/paper/**', 's2-paper.html');
  // A short abstract at the top of its page, where nothing keeps a mark in place when text comes above it.
  await browser.context.route('https://arxiv.org/abs/2406.04444*', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><div id="abs"><blockquote class="abstract">We compare against AWQ at two bits.</blockquote>${'<p>filler</p>'.repeat(10)}</div></body></html>`,
    }),
  );
  // A short abstract between long fillers, its page styled by the test's query (`?style=…`).
  await browser.context.route('https://arxiv.org/abs/2406.05555*', (route) => {
    const style = new URL(route.request().url()).searchParams.get('style') ?? '';
    const filler = '<p>Filler paragraph.</p>'.repeat(60);
    return route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title><style>${style}</style></head><body>${filler}<div id="abs"><blockquote class="abstract">We compare against AWQ and GPTQ at two bits.</blockquote></div>${filler}</body></html>`,
    });
  });
  // A LaTeXML paper in arXiv's dark mode.
  await routeFixtureInDarkMode(browser.context, 'https://arxiv.org/html/2406.05679*', 'arxiv-html-short.html');
  // Headless Chromium downloads real PDFs; any page at the PDF's address stands for the viewer.
  await browser.context.route('https://arxiv.org/pdf/2406.05678*', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>2406.05678.pdf</title>' }),
  );
});

closePagesEachTestOpens(() => browser.context);

afterAll(async () => {
  await browser?.close();
});

describe('hover card beside a classic scrollbar', () => {
  it('stays clear of the scrollbar when its mark ends at the right edge', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 900, height: 1200 });
    await page.goto('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    // The mark reaching furthest right, brought into view.
    await page.evaluate(() => document.querySelector('blockquote.abstract')!.scrollIntoView({ block: 'start' }));
    await page.evaluate(twoFramesRendered);
    const height = await page.evaluate(() => innerHeight);
    const inView = (await markBoxes(page)).filter((box) => box.top >= 0 && box.bottom <= height);
    const rightmost = inView.sort((a, b) => b.right - a.right)[0];
    const target = rightmost && { ...rightmost, x: (rightmost.left + rightmost.right) / 2, y: (rightmost.top + rightmost.bottom) / 2 };
    const viewport = await page.evaluate(() => ({ inner: innerWidth, client: document.documentElement.clientWidth }));
    // A real scrollbar takes room, and the mark ends where a card lined up with it would run past it.
    expect(viewport.inner - viewport.client).toBeGreaterThan(8);
    expect(target).not.toBeNull();
    expect(target!.x + 300).toBeGreaterThan(viewport.client);
    await page.mouse.move(target!.x, target!.y);
    await expect.poll(() => cardBox(page)).not.toBeNull();
    const box = (await cardBox(page))!;
    // Below or above the mark, lined up with it as far as the right edge lets it.
    expect(box.top >= target!.bottom || box.bottom <= target!.top).toBe(true);
    expect(box.right).toBeLessThanOrEqual(viewport.client - 8 + 0.5);
    expect(box.left).toBeGreaterThanOrEqual(8);
    await page.close();
  });
});

describe('a card taller than the window', () => {
  it('keeps its control in sight, and scrolls to its end under the wheel without scrolling the page, which would close it', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 400, height: 300 });
    await page.goto('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    expect(await hoverCard(page, 'AWQ')).toContain('Open full record');
    const card = (await cardBox(page))!;
    const scroll = () =>
      page.evaluate(() => {
        const element = document.querySelector('method-lens-card')!.shadowRoot!.querySelector('.ml-card')!;
        return { card: element.scrollTop, room: element.scrollHeight - element.clientHeight, page: scrollY };
      });
    const before = await scroll();
    expect(before.room).toBeGreaterThan(100); // it has to scroll: the window is shorter than the card
    // Its control stays in sight, at the card's foot, however far the card is scrolled.
    const control = async () => (await page.locator('method-lens-card .ml-open').boundingBox())!;
    expect((await control()).y + (await control()).height).toBeLessThanOrEqual(card.bottom);
    expect((await control()).y).toBeGreaterThan(card.top);
    await page.mouse.move((card.left + card.right) / 2, (card.top + card.bottom) / 2, { steps: 4 });
    for (let tick = 0; tick < 12; tick++) {
      await page.mouse.wheel(0, 240);
      await page.waitForTimeout(40);
    }
    await expect.poll(async () => (await scroll()).card, { timeout: 5_000 }).toBeGreaterThanOrEqual(before.room - 1);
    expect((await scroll()).page).toBe(before.page);
    expect(await cardIsOpen(page)).toBe(true);
    expect((await control()).y + (await control()).height).toBeLessThanOrEqual(card.bottom);
    await page.close();
  });

  /** The card's foot against the card's visible part (inside its borders), and where the card and the page are scrolled. */
  const footInCard = (page: Page) =>
    page.evaluate(() => {
      const card = document.querySelector('method-lens-card')!.shadowRoot!.querySelector<HTMLElement>('.ml-card')!;
      const foot = card.querySelector<HTMLElement>('.ml-card-foot')!;
      const box = card.getBoundingClientRect();
      const footBox = foot.getBoundingClientRect();
      const control = card.querySelector('.ml-open')!.getBoundingClientRect();
      const [top, bottom] = [box.top + card.clientTop, box.top + card.clientTop + card.clientHeight];
      return {
        position: getComputedStyle(foot).position,
        footTop: footBox.top,
        footBottom: footBox.bottom,
        controlInSight: control.top >= top && control.bottom <= bottom,
        top,
        bottom,
        room: card.scrollHeight - card.clientHeight,
        cardScroll: card.scrollTop,
        pageScroll: scrollY,
      };
    });

  /** AWQ's card on the short abstract, in a window of that size, and where its foot stands in it. */
  const awqCardIn = async (width: number, height: number) => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width, height });
    await page.goto('https://arxiv.org/abs/2406.05555');
    await waitForScans(page);
    await hoverCard(page, 'AWQ');
    return { page, atTop: await footInCard(page) };
  };

  const scrollCardTo = (page: Page, where: 'top' | 'end') =>
    page.evaluate(async (where) => {
      const card = document.querySelector('method-lens-card')!.shadowRoot!.querySelector<HTMLElement>('.ml-card')!;
      card.scrollTop = where === 'top' ? 0 : card.scrollHeight;
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
    }, where);

  it('at 400 % zoom (320 × 256 px) lets its foot scroll with the record, which would have a thin strip above it; Tab still brings its control into sight', async () => {
    // A 1280 × 1024 window at 400 %. The mark mid-window, so the card has half of its 256 px, above or below.
    const { page, atTop } = await awqCardIn(320, 256);
    expect(atTop.room).toBeGreaterThan(100); // the record scrolls
    expect(atTop.position).toBe('static');
    // At the card's top the foot is past its visible bottom, not stuck over the record…
    expect(atTop.footTop).toBeGreaterThanOrEqual(atTop.bottom);
    // …and at its end, in sight under the record.
    await scrollCardTo(page, 'end');
    const atEnd = await footInCard(page);
    expect(atEnd.footTop).toBeGreaterThanOrEqual(atEnd.top);
    expect(atEnd.footBottom).toBeLessThanOrEqual(atEnd.bottom + 0.5);
    // Back at the top, Tab reaches the control and the card scrolls it into sight, not the page (which would close it).
    await scrollCardTo(page, 'top');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.querySelector('method-lens-card')?.shadowRoot?.activeElement?.textContent)).toBe('Open full record');
    const focused = await footInCard(page);
    expect(focused.controlInSight).toBe(true);
    expect(focused.cardScroll).toBeGreaterThan(0);
    expect(focused.pageScroll).toBe(atTop.pageScroll);
    expect(await cardIsOpen(page)).toBe(true);
    await page.close();
  });

  it('in an ordinary phone-sized window (360 × 640 px) keeps its foot stuck to the card’s bottom edge', async () => {
    const { page, atTop } = await awqCardIn(360, 640);
    expect(atTop.room).toBeGreaterThan(100); // the record scrolls here too
    expect(atTop.position).toBe('sticky');
    expect(atTop.controlInSight).toBe(true);
    expect(atTop.footBottom).toBeLessThanOrEqual(atTop.bottom + 0.5);
    await page.close();
  });

  it('scrolls with a dark scrollbar in arXiv’s dark mode, not a white strip down the dark card', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 400, height: 300 });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto('https://arxiv.org/html/2406.05679');
    await waitForScans(page);
    await hoverCard(page, 'AWQ');
    const strip = await page.evaluate(() => {
      const card = document.querySelector('method-lens-card')!.shadowRoot!.querySelector('.ml-card') as HTMLElement;
      const box = card.getBoundingClientRect();
      const border = Number.parseFloat(getComputedStyle(card).borderRightWidth);
      return { x: box.left + card.clientLeft + card.clientWidth, y: box.top + card.clientTop, width: box.width - card.clientLeft - card.clientWidth - border, height: card.clientHeight };
    });
    expect(strip.width).toBeGreaterThan(5); // the card scrolls, beside a classic scrollbar
    const png = PNG.sync.read(await page.screenshot({ clip: strip }));
    let sum = 0;
    for (let i = 0; i < png.data.length; i += 4) sum += (png.data[i]! + png.data[i + 1]! + png.data[i + 2]!) / 3;
    // The mean of its track and thumb: a light scrollbar is near white (≈ 230), a dark one near the card (≈ 60).
    expect(sum / (png.data.length / 4)).toBeLessThan(128);
    await page.close();
  });
});

describe('hover card on a right-to-left page', () => {
  it('reads left to right: “QuIP#” stays “QuIP#”', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/abs/2406.09876');
    await waitForScans(page);
    expect(await hoverCard(page, 'QuIP#')).toContain('QuIP#');
    const layout = await page.evaluate(() => {
      const card = document.querySelector('method-lens-card')!.shadowRoot!.querySelector<HTMLElement>('.ml-card')!;
      const name = card.querySelector('.ml-card-name')!.firstChild as Text;
      const left = (i: number) => {
        const range = document.createRange();
        range.setStart(name, i);
        range.setEnd(name, i + 1);
        return range.getBoundingClientRect().left;
      };
      return { direction: getComputedStyle(card).direction, q: left(0), hash: left(name.data.indexOf('#')) };
    });
    expect(layout.direction).toBe('ltr');
    expect(layout.hash).toBeGreaterThan(layout.q);
    await page.close();
  });
});

describe('an open card while the page changes under a resting pointer', () => {
  const overlaps = (a: { left: number; top: number; right: number; bottom: number }, b: { left: number; top: number; right: number; bottom: number }) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

  it('closes when the app edits its mark’s text away', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://www.semanticscholar.org/paper/quip-sharp/c4f1e9a2b7d3f5e8a1c6b9d2e7f4a3c8b5d1e6f2');
    await page.waitForFunction(() => (window as any).__s2?.rendered === true);
    // The app renders 300 ms after load: the first pass may have read its empty shell, and the render's
    // rescan comes a frame later. The mark to rest on is there once that has run.
    await expect.poll(() => markCenter(page, 'AWQ'), { timeout: 15_000 }).not.toBeNull();
    expect(await hoverCard(page, 'AWQ')).toContain('AWQ');
    const passes = await page.evaluate(() => performance.getEntriesByName('method-lens:scan').length);
    await page.evaluate(() => (window as any).__s2.editInPlace('AWQ', 'the baseline'));
    await page.waitForFunction((n) => performance.getEntriesByName('method-lens:scan').length > n, passes);
    await expect.poll(() => cardIsOpen(page), { timeout: 5_000 }).toBe(false);
    await page.close();
  });

  it('does not cover its mark when the page inserts text above it: it closes', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/abs/2406.04444');
    await waitForScans(page);
    expect(await hoverCard(page, 'AWQ')).toContain('AWQ');
    const passes = await page.evaluate(() => performance.getEntriesByName('method-lens:scan').length);
    // A late banner pushes the abstract down: no scroll, no pointer move.
    await page.evaluate(() => {
      const banner = document.createElement('div');
      banner.style.height = '60px';
      banner.textContent = 'A new version of this paper is available.';
      document.querySelector('blockquote.abstract')!.before(banner);
    });
    await page.waitForFunction((n) => performance.getEntriesByName('method-lens:scan').length > n, passes);
    const box = await cardBox(page);
    const mark = (await markBoxes(page))[0]!;
    if (box) expect(overlaps(box, mark)).toBe(false);
    expect(await cardIsOpen(page)).toBe(false);
    await page.close();
  });

  it('does not cover its mark on a page that scrolls inside a box of its own when content comes above it outside the part read: it closes', async () => {
    const page = await browser.context.newPage();
    // An app's shell: <html> and <body> the window's height, the page scrolling in <body>; no scroll
    // anchoring keeps the mark in place. Content coming above the mark changes neither's size.
    const shell = 'html { height: 100%; overflow: hidden; } body { height: 100%; margin: 0; overflow: auto; overflow-anchor: none; }';
    await page.setViewportSize({ width: 1000, height: 800 });
    await page.goto(`https://arxiv.org/abs/2406.05555?style=${encodeURIComponent(shell)}`);
    await waitForScans(page);
    expect(await page.evaluate(() => document.body.scrollHeight > document.body.clientHeight)).toBe(true);
    // The abstract at the top of the window: the card goes below its mark.
    await page.evaluate(() => document.querySelector('blockquote.abstract')!.scrollIntoView({ block: 'start' }));
    await page.evaluate(twoFramesRendered);
    const awq = (await page.evaluate(firstMarkBox, { text: 'AWQ', scroll: false }))!;
    await page.mouse.move(awq.left + awq.width / 2, awq.top + awq.height / 2, { steps: 2 });
    await expect.poll(() => cardIsOpen(page), { timeout: 10_000 }).toBe(true);
    expect((await cardBox(page))!.top).toBeGreaterThan(awq.top + awq.height);
    const passes = await page.evaluate(() => performance.getEntriesByName('method-lens:scan').length);
    // A notice at the top of the page, outside the abstract (#abs): no pass reads it, no scroll, no pointer move.
    await page.evaluate(() => document.body.prepend(Object.assign(document.createElement('div'), { style: 'height: 60px', textContent: 'A new version of this paper is available.' })));
    // The mark moved down under the card placed against it.
    await page.evaluate(twoFramesRendered);
    const card = await cardBox(page);
    if (card) expect(overlaps(card, (await markBoxes(page))[0]!)).toBe(true);
    await expect.poll(() => cardIsOpen(page), { timeout: 2_000 }).toBe(false);
    expect(await page.evaluate(() => performance.getEntriesByName('method-lens:scan').length)).toBe(passes);
    await page.close();
  });
});

describe('hover card on pages that transform, zoom or are pinch-zoomed', () => {
  type Rect = { left: number; top: number; right: number; bottom: number };
  const overlaps = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

  /** The first box of the mark reading `text`, where it is now (nothing scrolled). */
  const markRect = async (page: Page, text: string): Promise<Rect | null> => {
    const box = await page.evaluate(firstMarkBox, { text, scroll: false });
    return box && { left: box.left, top: box.top, right: box.left + box.width, bottom: box.top + box.height };
  };

  /** Rests the pointer on the AWQ mark where it is, and waits for its card. */
  async function restOnAwq(page: Page): Promise<{ mark: Rect; card: Rect }> {
    const mark = (await markRect(page, 'AWQ'))!;
    await page.mouse.move((mark.left + mark.right) / 2, (mark.top + mark.bottom) / 2, { steps: 2 });
    await expect.poll(() => cardIsOpen(page), { timeout: 10_000 }).toBe(true);
    return { mark, card: (await cardBox(page))! };
  }

  async function open(style = '') {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1000, height: 800 });
    await page.goto(`https://arxiv.org/abs/2406.05555?style=${encodeURIComponent(style)}`);
    await waitForScans(page);
    return page;
  }

  it.each([
    ['a transformed body, scrolled', 'body { transform: translateZ(0); }'],
    ['a body zoomed 1.5×', 'body { zoom: 1.5; }'],
    ['a root zoomed 1.25×', 'html { zoom: 1.25; }'],
    // The root then holds fixed elements as any element would: the card's offsets are from the root's box.
    ['a transformed root, scrolled', 'html { transform: translateZ(0); }'],
  ])('on %s: beside its mark, inside the window', async (_, style) => {
    const page = await open(style);
    try {
      await page.evaluate(() => document.querySelector('blockquote.abstract')!.scrollIntoView({ block: 'center' }));
      await page.evaluate(twoFramesRendered);
      const { mark, card } = await restOnAwq(page);
      const window = await page.evaluate(() => ({ width: document.documentElement.clientWidth, height: document.documentElement.clientHeight }));
      expect(overlaps(card, mark)).toBe(false);
      // Next to it: below, above or beside, a few pixels off.
      const apart = Math.max(card.left - mark.right, mark.left - card.right, card.top - mark.bottom, mark.top - card.bottom);
      expect(apart, JSON.stringify({ mark, card })).toBeLessThan(20);
      expect(card.left).toBeGreaterThanOrEqual(0);
      expect(card.top).toBeGreaterThanOrEqual(0);
      expect(card.right).toBeLessThanOrEqual(window.width);
      expect(card.bottom).toBeLessThanOrEqual(window.height);
    } finally {
      await page.close();
    }
  });

  it('on a pinch-zoomed page: inside what the reader sees', async () => {
    const page = await open();
    try {
      await page.evaluate(() => document.querySelector('blockquote.abstract')!.scrollIntoView({ block: 'start' }));
      await page.evaluate(twoFramesRendered);
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send('Emulation.setPageScaleFactor', { pageScaleFactor: 2 });
      await page.waitForFunction(() => visualViewport!.scale === 2);
      const { card } = await restOnAwq(page);
      const seen = await page.evaluate(() => ({ left: visualViewport!.offsetLeft, top: visualViewport!.offsetTop, width: visualViewport!.width, height: visualViewport!.height }));
      expect(card.left).toBeGreaterThanOrEqual(seen.left);
      expect(card.top).toBeGreaterThanOrEqual(seen.top);
      expect(card.right).toBeLessThanOrEqual(seen.left + seen.width);
      expect(card.bottom).toBeLessThanOrEqual(seen.top + seen.height);
    } finally {
      await page.close();
    }
  });
});

describe('back-forward cache', () => {
  it('brings a paper back with its marks, its badge and its report', async () => {
    const extensionPage = await browser.context.newPage();
    await extensionPage.goto(`chrome-extension://${browser.extensionId}/popup.html?view=snapshot`);
    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/abs/2406.05678');
    await waitForScans(page);
    const tabId = await extensionPage.evaluate(async () => (await chrome.tabs.query({ url: 'https://arxiv.org/abs/*' }))[0]!.id!);
    const badge = () => extensionPage.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
    await expect.poll(badge).toBe('2');
    // View PDF, then Back.
    await page.goto('https://arxiv.org/pdf/2406.05678');
    await expect.poll(badge).toBe('');
    await page.goBack({ waitUntil: 'commit' }); // from the cache no load event comes
    expect(await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).type)).toBe('navigate');
    // From the cache: the same document, its first pass's measure still there and no new pass run.
    expect(await page.evaluate(() => performance.getEntriesByName('method-lens:scan').length)).toBe(1);
    await expect.poll(badge).toBe('2');
    await page.close();
    await extensionPage.close();
  });

  it('reads a paper left while its dictionary was on its way, once it is back from the cache', async () => {
    const page = await browser.context.newPage();
    // The store held: the paper's dictionary is still on its way when the reader leaves, however long the
    // steps until then take (a worker kept busy for two seconds could answer before a loaded machine left).
    let store: { release: () => Promise<void> } | null = await holdStore(browser);
    try {
      await page.goto('https://arxiv.org/abs/2406.05678?left-early');
      await page.evaluate(() => ((window as { kept?: boolean }).kept = true));
      await page.waitForTimeout(300);
      expect(await page.evaluate(() => performance.getEntriesByName('method-lens:scan').length)).toBe(0);
      await page.goto('https://arxiv.org/pdf/2406.05678');
      await page.goBack({ waitUntil: 'commit' });
      // The same document, from the cache, its request from before never answered.
      expect(await page.evaluate(() => (window as { kept?: boolean }).kept)).toBe(true);
      await store.release();
      store = null;
      await waitForScans(page);
    } finally {
      await store?.release();
      await page.close();
    }
  });

  it('opens a card whose record was on its way when the reader left, once the paper is back from the cache', async () => {
    const page = await browser.context.newPage();
    let store: { release: () => Promise<void> } | null = null;
    try {
      await page.goto('https://arxiv.org/abs/2406.05678?card-left-early');
      await waitForScans(page);
      await page.evaluate(() => ((window as { kept?: boolean }).kept = true));
      // The store held: the card's record is still on its way when the reader leaves, however long the
      // steps until then take (a worker kept busy for two seconds answered before a loaded machine left).
      store = await holdStore(browser);
      const center = (await markCenter(page, 'AWQ'))!;
      await page.mouse.move(center.x, center.y);
      await page.waitForTimeout(500);
      expect(await cardIsOpen(page)).toBe(false);
      await page.goto('https://arxiv.org/pdf/2406.05678');
      await page.goBack({ waitUntil: 'commit' });
      expect(await page.evaluate(() => (window as { kept?: boolean }).kept)).toBe(true);
      await store.release();
      store = null;
      await page.mouse.move(1, 1);
      expect(await hoverCard(page, 'AWQ')).toContain('AWQ');
    } finally {
      await store?.release();
      await page.close();
    }
  });

  it('brings a paper back without the card that was open when the reader left it', async () => {
    const page = await browser.context.newPage();
    try {
      await page.goto('https://arxiv.org/abs/2406.05678?card-open-on-leaving');
      await waitForScans(page);
      await page.evaluate(() => ((window as { kept?: boolean }).kept = true));
      expect(await hoverCard(page, 'AWQ')).toContain('AWQ');
      await page.goto('https://arxiv.org/pdf/2406.05678');
      await page.goBack({ waitUntil: 'commit' });
      expect(await page.evaluate(() => (window as { kept?: boolean }).kept)).toBe(true);
      // Where the pointer is now, nobody knows: no card is left over the paper from before.
      expect(await cardIsOpen(page)).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('brings back a paper read with every method muted as read, naming none, not as a page never read', async () => {
    const extensionPage = await browser.context.newPage();
    await extensionPage.goto(`chrome-extension://${browser.extensionId}/popup.html?view=snapshot`);
    const topic = JSON.parse(await readFile(join(REPO_ROOT, 'public/snapshot/llm-quantization.json'), 'utf8')) as { methods: { id: string }[] };
    await extensionPage.evaluate((ids) => chrome.storage.local.set({ mutedMethods: ids }), topic.methods.map((method) => method.id));
    const url = 'https://arxiv.org/abs/2406.05678?all-muted';
    const page = await browser.context.newPage();
    try {
      await page.goto(url);
      const tabId = await extensionPage.evaluate(async (url) => (await chrome.tabs.query({})).find((tab) => tab.url === url)!.id!, url);
      const summary = async () => (await askBackground<{ scanned: boolean; methods: unknown[] }>(extensionPage, 'getPageSummary', { tabId })).value;
      const read = { tabId, url, scanned: true, paused: false, methods: [] };
      await expect.poll(summary).toEqual(read);
      await page.goto('https://arxiv.org/pdf/2406.05678');
      await expect.poll(async () => (await summary())?.scanned).toBe(false);
      await page.goBack({ waitUntil: 'commit' });
      // From the cache: the same document, its dictionary asked for once; what it said then is said again.
      expect(await page.evaluate(() => performance.getEntriesByName('method-lens:dictionary').length)).toBe(1);
      await expect.poll(summary).toEqual(read);
    } finally {
      await extensionPage.evaluate(() => chrome.storage.local.set({ mutedMethods: [] }));
      await page.close();
      await extensionPage.close();
    }
  });
});

describe('a record the worker never answers', () => {
  it('says on the card that the record could not be read, shows the record in its place once the worker answers, and at the next hover', { timeout: 90_000 }, async () => {
    const page = await browser.context.newPage();
    let store: { release: () => Promise<void> } | null = null;
    try {
      await page.goto('https://arxiv.org/abs/2406.05678?record-hangs');
      await waitForScans(page);
      store = await holdStore(browser);
      const center = (await markCenter(page, 'AWQ'))!;
      await page.mouse.move(center.x, center.y);
      await expect
        .poll(() => cardText(page), { timeout: 30_000 })
        .toBe('Method Lens could not read this method’s record. Hover over or tap the name again to try again.');
      await store.release();
      store = null;
      // The reader still there: the answer that came late takes the card's place.
      await expect.poll(() => page.locator('method-lens-card .ml-card-name').count()).toBe(1);
      expect(await page.locator('method-lens-card .ml-card-name').innerText()).toBe('AWQ');
      await page.mouse.move(1, 1);
      await expect.poll(() => cardIsOpen(page)).toBe(false);
      await page.mouse.move(center.x, center.y);
      await expect.poll(() => page.locator('method-lens-card .ml-card-name').count()).toBe(1);
      expect(await page.locator('method-lens-card .ml-card-name').innerText()).toBe('AWQ');
    } finally {
      await store?.release();
      await page.close();
    }
  });
});

describe('a record the store fails to read, on a touch screen', () => {
  it('asks again when the reader taps the name again, as the card says', async () => {
    const page = await browser.context.newPage();
    const devtools = await browser.context.newCDPSession(page);
    const tap = async ({ x, y }: { x: number; y: number }) => {
      await devtools.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
      await devtools.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    };
    const failing = () =>
      browser.serviceWorker.evaluate(() => {
        const proto = IDBTransaction.prototype as unknown as { objectStore: unknown; __objectStore?: unknown };
        proto.__objectStore = proto.objectStore;
        proto.objectStore = () => {
          throw new DOMException('The store failed.', 'UnknownError');
        };
      });
    const restored = () =>
      browser.serviceWorker.evaluate(() => {
        const proto = IDBTransaction.prototype as unknown as { objectStore: unknown; __objectStore?: unknown };
        if (proto.__objectStore) proto.objectStore = proto.__objectStore;
        delete proto.__objectStore;
      });
    try {
      await page.goto('https://arxiv.org/abs/2406.05678?tap-again');
      await waitForScans(page);
      const awq = (await markCenter(page, 'AWQ'))!;
      await failing();
      try {
        await tap(awq);
        await expect.poll(() => cardText(page)).toBe('Method Lens could not read this method’s record. Hover over or tap the name again to try again.');
      } finally {
        await restored();
      }
      await tap(awq);
      await expect.poll(() => page.locator('method-lens-card .ml-card-name').count()).toBe(1);
      expect(await page.locator('method-lens-card .ml-card-name').innerText()).toBe('AWQ');
    } finally {
      await devtools.detach();
      await page.close();
    }
  });
});

describe('the card as the reader’s pointer moves', () => {
  async function open(style = '') {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1000, height: 800 });
    await page.goto(`https://arxiv.org/abs/2406.05555?style=${encodeURIComponent(style)}`);
    await waitForScans(page);
    await page.evaluate(() => document.querySelector('blockquote.abstract')!.scrollIntoView({ block: 'center' }));
    await page.evaluate(twoFramesRendered);
    return page;
  }

  /** The page, its card's script loaded (a card brought up would come at once) and closed again, and where AWQ's mark is. */
  async function openWithCardLoaded() {
    const page = await open();
    await hoverCard(page, 'GPTQ');
    await page.mouse.move(1, 1);
    await expect.poll(() => cardIsOpen(page)).toBe(false);
    return { page, awq: (await markCenter(page, 'AWQ'))! };
  }

  it('shows no card while the reader drags a selection over a mark; the mark rested on after shows it', async () => {
    const { page, awq } = await openWithCardLoaded();
    try {
      const start = await page.evaluate(() => {
        const rect = document.querySelector('blockquote.abstract')!.getBoundingClientRect();
        return { x: rect.left + 2, y: rect.top + rect.height / 2 };
      });
      await page.mouse.move(start.x, start.y);
      await page.mouse.down();
      await page.mouse.move(awq.x, awq.y, { steps: 5 });
      // Held there, well past the rest that shows a card.
      await page.waitForTimeout(1_000);
      expect(await page.evaluate(() => getSelection()!.toString())).toContain('AW');
      expect(await cardIsOpen(page)).toBe(false);
      await page.mouse.up();
      await page.mouse.move(awq.x + 1, awq.y);
      await expect.poll(() => cardText(page)).toContain('AWQ');
    } finally {
      await page.close();
    }
  });

  it('keeps the card while the reader drags a selection from its mark along the text, then over the card and out past its edge, and closes it once the button is released there', async () => {
    const { page, awq } = await openWithCardLoaded();
    try {
      await page.mouse.move(awq.x, awq.y);
      await expect.poll(() => cardText(page)).toContain('AWQ');
      const card = (await cardBox(page))!;
      // Along the line, on the side away from the card: into the words before the name.
      expect(card.left).toBeGreaterThan(awq.x);
      const along = { x: awq.x - 60, y: awq.y };
      const middle = { x: (card.left + card.right) / 2, y: (card.top + card.bottom) / 2 };
      // Past the card's edge on the side with room, level with its middle: beside the card and the mark.
      const past = { x: card.right + 40 < card.vw ? card.right + 40 : card.left - 40, y: middle.y };
      await page.mouse.down();
      await page.mouse.move(along.x, along.y, { steps: 5 });
      // Held there, well past the moment a card the pointer left closes.
      await page.waitForTimeout(1_000);
      expect(await page.evaluate(() => getSelection()!.toString())).toBe('gainst A');
      expect(await cardIsOpen(page)).toBe(true);
      // On over the card and out past its edge (Chromium lets no selection from the page into the card's shadow tree).
      await page.mouse.move(middle.x, middle.y, { steps: 5 });
      await page.mouse.move(past.x, past.y, { steps: 5 });
      await page.waitForTimeout(1_000);
      expect(await cardIsOpen(page)).toBe(true);
      await page.mouse.up();
      await expect.poll(() => cardIsOpen(page)).toBe(false);
    } finally {
      await page.close();
    }
  });

  it('keeps the selection a drag from the page’s text carries over the card as it was, rather than stretch it to the page’s end; a drag in the card selects the card’s text', async () => {
    const { page, awq } = await openWithCardLoaded();
    const selected = () => page.evaluate(() => getSelection()!.toString());
    try {
      await page.mouse.move(awq.x, awq.y);
      await expect.poll(() => cardText(page)).toContain('AWQ');
      const card = (await cardBox(page))!;
      expect(card.left).toBeGreaterThan(awq.x);
      const middle = { x: (card.left + card.right) / 2, y: (card.top + card.bottom) / 2 };
      // From the name into the words before it, then straight onto the card, which covers the words after it.
      await page.mouse.down();
      await page.mouse.move(awq.x - 60, awq.y, { steps: 5 });
      expect(await selected()).toBe('gainst A');
      await page.mouse.move(middle.x, middle.y);
      await page.mouse.move(middle.x, middle.y + 20, { steps: 3 });
      expect(await selected()).toBe('gainst A');
      await page.mouse.up();
      expect(await selected()).toBe('gainst A');
      expect(await cardIsOpen(page)).toBe(true);
      // The reader then selects words in the card itself, along the first line of what its status means.
      const line = await page.evaluate(() => {
        const words = document.querySelector('method-lens-card')!.shadowRoot!.querySelector('.ml-meaning')!.firstChild!;
        const range = document.createRange();
        range.selectNodeContents(words);
        const first = range.getClientRects()[0]!;
        return { left: first.left, right: first.right, y: first.top + first.height / 2 };
      });
      await page.mouse.move(line.left + 1, line.y);
      await page.mouse.down();
      await page.mouse.move(line.right - 1, line.y, { steps: 5 });
      await page.mouse.up();
      const inCard = await page.evaluate(() => (document.querySelector('method-lens-card')!.shadowRoot as ShadowRoot & { getSelection(): Selection }).getSelection().toString());
      expect(inCard).toMatch(/^a standard baseline/);
    } finally {
      await page.close();
    }
  });

  it('shows no card while the reader presses on a mark to select it, the button held before the pointer came to rest', async () => {
    const { page, awq } = await openWithCardLoaded();
    try {
      // At the name's start, pressed at once: the rest timer of the move is still running.
      await page.mouse.move(awq.x - 10, awq.y);
      await page.mouse.down();
      // Held there, well past the rest that shows a card.
      await page.waitForTimeout(1_000);
      expect(await cardIsOpen(page)).toBe(false);
      await page.mouse.move(awq.x + 25, awq.y, { steps: 3 });
      await page.mouse.up();
      expect(await page.evaluate(() => getSelection()!.toString())).toContain('WQ');
    } finally {
      await page.close();
    }
  });
});
