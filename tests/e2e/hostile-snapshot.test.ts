/**
 * A malicious snapshot publisher, end to end in the built extension in Chromium, and what leaves
 * the browser while a reader uses it:
 *
 * - the reader's source serves `hostileSnapshot()` (valid, full of markup, script, URLs, unicode edge
 *   cases, a 1,000,000-character quote, 300-character names): pages mark those names, the hover card
 *   and the popup (method records, the topic, search) show them as inert text, nothing runs; the card
 *   stays inside the viewport with the long text cut short, wraps everything (it may scroll
 *   vertically, never horizontally), and no popup view is wider than the popup;
 * - closing the tab makes the background forget what the tab reported;
 * - an invalid snapshot published afterwards is refused with a clear error and the hostile-but-valid
 *   one stays in use;
 * - privacy: over the whole session the extension's only requests go to the chosen snapshot source
 *   (index and topic files, no page address in any header or query), and the pages' requests are
 *   only those the pages themselves make. (That they carry no cookies is `credentials: 'omit'`,
 *   checked in tests/sync.test.ts and tests/privacy.test.ts: this browser would not send the test
 *   server's cookies to an extension anyway, so a check here could not fail.)
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Window } from 'happy-dom';
import { h, render } from 'preact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blockRealSites, chooseSnapshotSource, launchWithExtension, type ExtensionBrowser } from '../helpers/browser';
import { startSnapshotServer, type SnapshotServer } from '../helpers/snapshot-server';
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import { askBackground, openExtensionPage, tabIdOf } from './extension-page';
import { HOSTILE_TOPIC, hostileSnapshot, PAGE_NAMES, PWN } from '../fixtures/hostile/snapshots';
import { openWatchedPage } from '../fixtures/hostile/harness';
import { readMarks } from './page-helpers';
import { HoverCard, type CardModel } from '@/components/HoverCard';

let browser: ExtensionBrowser;
let server: SnapshotServer;
let extensionPage: Page;
const requests: { url: string; fromServiceWorker: boolean; headers: Record<string, string> }[] = [];

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** A paper page that mentions the hostile methods by name, as plain text. */
const PAPER = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Hostile names</title>
<script>window.__errors = []; addEventListener('error', (e) => __errors.push(String(e.message)));</script></head>
<body><div id="abs"><h1 class="title">On methods with strange names</h1>
<blockquote class="abstract">We evaluate <span id="img">${escapeHtml(PAGE_NAMES.img)}</span> against <span id="long">${PAGE_NAMES.long}</span>
and ${escapeHtml(PAGE_NAMES.emoji)} and ${escapeHtml(PAGE_NAMES.rtl)}.</blockquote>
<p id="wide-p" style="max-width: 600px; overflow-wrap: anywhere"><span id="wide">${PAGE_NAMES.wide}</span> is the widest.</p>
</div></body></html>`;

beforeAll(async () => {
  server = await startSnapshotServer();
  browser = await launchWithExtension();
  browser.context.on('request', (request) => {
    requests.push({ url: request.url(), fromServiceWorker: Boolean(request.serviceWorker()), headers: request.headers() });
  });
  await blockRealSites(browser.context);
  await browser.context.route('https://arxiv.org/abs/9904.*', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PAPER }));
  extensionPage = await openExtensionPage(browser);
  // The source of the snapshot in the store once no refresh runs (a refresh ends after its flip, cleaning up).
  const source = async () => {
    const info = (await askBackground<{ source: string | null; progress: unknown }>(extensionPage, 'getSnapshotInfo', {})).value;
    return info?.progress === null ? info.source : undefined;
  };
  async function waitForSource(expected: (value: string | null | undefined) => boolean, what: string) {
    for (let waited = 0; !expected(await source()); waited += 250) {
      if (waited > 60_000) throw new Error(`${what} was never loaded`);
      await extensionPage.waitForTimeout(250);
    }
  }
  // The bundled snapshot first (a source set while the install refresh runs joins that refresh).
  await waitForSource((value) => Boolean(value?.startsWith('chrome-extension://')), 'the bundled snapshot');
  server.serveFiles((await renderSnapshotFiles(hostileSnapshot())).files, '/kb/');
  const url = server.url('/kb/index.json');
  await chooseSnapshotSource(extensionPage, { kind: 'url', url });
  await waitForSource((value) => value === url, 'the hostile snapshot');
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function hover(page: Page, selector: string) {
  const box = (await page.locator(selector).boundingBox())!;
  await page.mouse.move(2, 2);
  await page.waitForTimeout(400);
  await page.mouse.move(box.x + Math.min(box.width / 2, 20), box.y + box.height / 2);
  await expect.poll(() => page.locator('method-lens-card .ml-card').count(), { timeout: 10_000 }).toBe(1);
}

function cardFacts(page: Page) {
  return page.evaluate(() => {
    const shadow = document.querySelector('method-lens-card')!.shadowRoot!;
    const card = shadow.querySelector('.ml-card') as HTMLElement;
    const rect = card.getBoundingClientRect();
    return {
      rect: { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom, width: rect.width, height: rect.height },
      viewport: { width: innerWidth, height: innerHeight },
      scrollsVertically: card.scrollHeight > card.clientHeight,
      overflowY: getComputedStyle(card).overflowY,
      scrollsHorizontally: card.scrollWidth > card.clientWidth,
      /** Descendants drawn past the card's right edge (text that did not wrap). */
      pastRightEdge: [...card.querySelectorAll('*')]
        .filter((element) => element.getBoundingClientRect().right > rect.right + 0.5)
        .map((element) => `${element.localName}.${element.className} right ${Math.round(element.getBoundingClientRect().right - rect.left)}`),
      name: shadow.querySelector('.ml-card-name')?.textContent ?? '',
      quote: shadow.querySelector('.ml-quote p')?.textContent ?? null,
      injected: shadow.querySelectorAll('img, script, iframe, svg, object, embed, a[href], [onerror], [onload], [src]').length,
      textLength: card.innerText.length,
    };
  });
}

describe('a valid snapshot full of markup and script', () => {
  it('marks the hostile names, shows their cards as text, nothing runs, the card stays in the viewport', async () => {
    const { page, watch } = await openWatchedPage(browser.context);
    await page.goto('https://arxiv.org/abs/9904.00001');
    await page.waitForFunction(() => performance.getEntriesByName('method-lens:scan').length > 0);
    const marked = Object.values((await readMarks(page)).byHighlight).flat();
    expect(marked).toEqual(expect.arrayContaining([PAGE_NAMES.img, PAGE_NAMES.long, PAGE_NAMES.wide, PAGE_NAMES.emoji, PAGE_NAMES.rtl]));

    for (const [selector, name] of [['#img', PAGE_NAMES.img], ['#long', PAGE_NAMES.long], ['#wide', PAGE_NAMES.wide]] as const) {
      await hover(page, selector);
      const facts = await cardFacts(page);
      console.log(`[hostile] card for ${name.slice(0, 20)}…: ${Math.round(facts.rect.width)}×${Math.round(facts.rect.height)} px, text ${facts.textLength} chars, scrolls vertically ${facts.scrollsVertically}, horizontally ${facts.scrollsHorizontally}`);
      expect(facts.name).toBe(name);
      expect(facts.injected).toBe(0);
      expect(facts.rect.width).toBeLessThanOrEqual(360.5);
      expect(facts.rect.height).toBeLessThanOrEqual(480.5);
      expect(facts.rect.left).toBeGreaterThanOrEqual(0);
      expect(facts.rect.top).toBeGreaterThanOrEqual(0);
      expect(facts.rect.right).toBeLessThanOrEqual(facts.viewport.width);
      expect(facts.rect.bottom).toBeLessThanOrEqual(facts.viewport.height);
      expect(facts.textLength).toBeLessThan(12_000);
      // Long text wraps: the card may scroll vertically inside its maximum height, never horizontally.
      expect(facts.pastRightEdge).toEqual([]);
      expect(facts.scrollsHorizontally).toBe(false);
      if (facts.scrollsVertically) expect(['auto', 'scroll']).toContain(facts.overflowY);
      if (name === PAGE_NAMES.long) {
        expect(facts.quote!.length).toBeLessThanOrEqual(200);
        expect(facts.quote!.endsWith('…”')).toBe(true);
      }
    }
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __errors: string[] }).__errors)).toEqual([]);
    expect(watch.exceptions).toEqual([]);

    // Closing the tab forgets what it reported (SECURITY.md, "Cleanup").
    const tabId = await tabIdOf(extensionPage, 'https://arxiv.org/abs/9904.*');
    const summary = () => askBackground<{ scanned: boolean; methods: unknown[] }>(extensionPage, 'getPageSummary', { tabId });
    await expect.poll(async () => (await summary()).value?.methods.length).toBeGreaterThan(0);
    await page.close();
    await expect.poll(async () => (await summary()).value).toEqual({ tabId, url: null, scanned: false, paused: false, methods: [] });
  });

  it('shows records, the topic and search in the popup as text: no element or handler from the data, nothing runs, nothing wider than the popup', async () => {
    const popup = await browser.context.newPage();
    // The size the toolbar popup has, so that "wider than the popup" means what a reader would see.
    await popup.setViewportSize({ width: 400, height: 600 });
    const errors: string[] = [];
    popup.on('pageerror', (error) => errors.push(error.message));
    const views: { search: string; shows: string[] }[] = [
      { search: `?method=evil-html`, shows: [PWN.img, PWN.script, HOSTILE_TOPIC] },
      { search: `?method=long-quote`, shows: [PAGE_NAMES.long] },
      { search: `?method=wide`, shows: [PAGE_NAMES.wide] },
      { search: `?topic=${encodeURIComponent(HOSTILE_TOPIC)}`, shows: [HOSTILE_TOPIC, PWN.img, PAGE_NAMES.long, PWN.iframe] },
      { search: `?view=search&q=${encodeURIComponent('<')}`, shows: [PWN.img] },
      { search: `?view=search&q=W`, shows: [PAGE_NAMES.wide] },
    ];
    for (const { search, shows } of views) {
      await popup.goto(`chrome-extension://${browser.extensionId}/popup.html${search}`);
      for (const text of shows) {
        await expect.poll(() => popup.evaluate((text) => document.body.textContent!.includes(text), text), { timeout: 15_000 }).toBe(true);
      }
      // Measured once the browser has laid out what is shown.
      await popup.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const facts = await popup.evaluate(() => {
        const attributes = [...document.querySelectorAll('*')].flatMap((element) => [...element.attributes].map((attribute) => `${attribute.name}=${attribute.value}`));
        const body = document.body.getBoundingClientRect();
        const visible = (element: Element) => {
          const rect = element.getBoundingClientRect();
          return rect.width > 1 && rect.height > 1;
        };
        return {
          handlers: attributes.filter((attribute) => /^on/i.test(attribute)),
          badLinks: [...document.querySelectorAll('[href], [src]')]
            .map((element) => element.getAttribute('href') ?? element.getAttribute('src') ?? '')
            .filter((value) => /^\s*(javascript|data|vbscript):/i.test(value)),
          markupFromData: document.querySelectorAll('iframe, object, embed, script:not([src]), img[src="x"], svg[onload]').length,
          pwned: (window as { __pwned?: unknown }).__pwned,
          pageOverflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          /** Elements drawn past the popup's right edge, or scrolling sideways inside it. */
          pastRightEdge: [...document.body.querySelectorAll('*')]
            .filter((element) => visible(element) && element.getBoundingClientRect().right > body.right + 0.5)
            .map((element) => `${element.localName}.${element.className} right ${Math.round(element.getBoundingClientRect().right)}`),
          scrollsSideways: [...document.body.querySelectorAll('*')]
            .filter((element) => element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== 'visible' && visible(element))
            .map((element) => `${element.localName}.${element.className} ${element.scrollWidth} > ${element.clientWidth}`),
          textLength: document.body.innerText.length,
        };
      });
      console.log(`[hostile] popup ${search.slice(0, 40)}: ${facts.textLength} chars, page overflow ${facts.pageOverflow} px, past the right edge ${facts.pastRightEdge.length}, scrolling sideways ${facts.scrollsSideways.length}`);
      expect(facts.handlers).toEqual([]);
      expect(facts.badLinks).toEqual([]);
      expect(facts.markupFromData).toBe(0);
      expect(facts.pwned).toBeUndefined();
      expect(facts.pageOverflow).toBe(0);
      expect(facts.pastRightEdge).toEqual([]);
      expect(facts.scrollsSideways).toEqual([]);
    }
    expect(errors).toEqual([]);
    await popup.close();
  });

  it('refuses an invalid snapshot published afterwards, with a clear error, and keeps the current one', async () => {
    const before = (await askBackground<{ totals: unknown; generatedAt: string }>(extensionPage, 'getSnapshotInfo', {})).value!;
    const broken = hostileSnapshot();
    broken.generatedAt = '2025-07-01T00:00:00.000Z';
    broken.topics[0]!.results[0]!.winnerId = 'ghost';
    server.serveFiles((await renderSnapshotFiles(broken)).files, '/kb/');
    const outcome = await askBackground<{ ok: boolean; error?: { what: string } }>(extensionPage, 'startRefresh', {});
    expect(outcome.value?.ok).toBe(false);
    expect(outcome.value?.error?.what).toMatch(/is inconsistent: .*points at unknown method "ghost"/);
    const after = (await askBackground<{ totals: unknown; generatedAt: string; lastError: { what: string } }>(extensionPage, 'getSnapshotInfo', {})).value!;
    expect(after.totals).toEqual(before.totals);
    expect(after.generatedAt).toBe(before.generatedAt);
    expect(after.lastError.what).toBe(outcome.value!.error!.what);
    expect((await askBackground<{ method: { name: string } }>(extensionPage, 'getMethodRecord', { idOrName: 'evil-html' })).value?.method.name).toBe(PWN.img);
  });
});

describe('right-to-left overrides a publisher left open', () => {
  /** The hover card's markup for `model`, as Preact renders it (in a DOM of happy-dom's). */
  function cardHtml(model: CardModel): string {
    const window = new Window();
    const saved = (globalThis as { document?: unknown }).document;
    (globalThis as { document?: unknown }).document = window.document;
    try {
      render(h(HoverCard, { model, theme: 'light', onOpenRecord: () => {}, onClose: () => {} }), window.document.body);
      return window.document.body.innerHTML;
    } finally {
      (globalThis as { document?: unknown }).document = saved;
    }
  }

  it('reverse nothing of the card’s own words after them: dates, values, settings read left to right', async () => {
    const css = readFileSync(resolve(import.meta.dirname, '../../components/hover-card.css'), 'utf8');
    const open = '\u202e'; // RIGHT-TO-LEFT OVERRIDE, never closed: valid text to the schema
    const model: CardModel = {
      id: 'x', name: `${open}X`, status: null, critiquedBy: 1, beatenBy: 1, rank: 3, topic: `${open}Quantization`, subProblem: `${open}Outliers`,
      critique: { quote: `${open}worse`, sourceTitle: `${open}Some paper` },
      lossCount: 1,
      lossPapers: 1,
      loss: { winnerName: `${open}Y`, metric: `${open}perplexity`, setting: `${open}2-bit`, winnerValue: `${open}20.11`, loserValue: '24.62', sourceTitle: 'P', better: 'lower' },
      alternatives: [{ name: `${open}NewQuant`, date: '2025-06-01' }],
      moreAlternatives: { named: 0, unnamed: 0 },
      alternativeTo: [`${open}OldQuant`],
      wins: { count: 0, over: [] },
      critiques: [],
      frontier: { topic: `${open}Quantization`, date: '2025-06-02' },
      asOf: null,
    };
    const page = await browser.context.newPage();
    await page.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>${css}</style></head><body>${cardHtml(model)}</body></html>`);
    // For each of our own pieces of text: is it drawn left to right, as written?
    const leftToRight = await page.evaluate(() => {
      const inOrder = (node: Text, from: number, to: number) => {
        const left = (i: number) => {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          return range.getBoundingClientRect().left;
        };
        return left(from) < left(to);
      };
      // A piece of the card's long line is one word, or kept from wrapping (the date): the line wraps
      // wherever its length puts it (the rank's topic made it longer), and a piece over two lines is in no order.
      const textOf = (selector: string, piece: string) => {
        const element = document.querySelector(selector)!;
        const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
          const at = node.data.indexOf(piece);
          if (at >= 0) return inOrder(node, at, at + piece.length - 1);
        }
        return `no "${piece}" in ${selector}`;
      };
      return {
        date: textOf('.ml-alternatives .ml-date', 'Jun 1, 2025'),
        values: textOf('.ml-values', ' vs '),
        better: textOf('.ml-better', 'lower'),
        afterMetric: textOf('.ml-loss', ': '),
        known: textOf('.ml-meaning', 'among'),
        afterRank: textOf('.ml-meaning', 'problem'),
        counts: textOf('.ml-counts', 'critique'),
        frontierDate: textOf('.ml-meaning', 'Jun 2, 2025'),
        newerThan: textOf('.ml-meaning', 'alternative'),
      };
    });
    expect(leftToRight).toEqual({ date: true, values: true, better: true, afterMetric: true, known: true, afterRank: true, counts: true, frontierDate: true, newerThan: true });
    await page.close();
  });
});

describe('what leaves the browser', () => {
  it('only the snapshot requests to the chosen source: no page content, no reading history', async () => {
    const fromExtension = requests.filter((request) => request.fromServiceWorker);
    const { index } = await renderSnapshotFiles(hostileSnapshot());
    const snapshotPaths = new Set(['/kb/index.json', ...index.topics.map((topic) => `/kb/${topic.file}`)]);
    expect(fromExtension.length).toBeGreaterThan(0);
    for (const request of fromExtension) {
      const url = new URL(request.url);
      if (url.protocol === 'chrome-extension:') continue; // the bundled snapshot, inside the extension
      expect(url.origin).toBe(server.origin);
      expect(snapshotPaths.has(url.pathname)).toBe(true);
      expect(url.search).toBe('');
    }
    // Everything the server ever saw: the snapshot files, without page addresses or referrers.
    for (const served of server.requests) {
      expect(snapshotPaths.has(served.path)).toBe(true);
      expect(served.headers.referer).toBeUndefined();
      expect(JSON.stringify(served.headers)).not.toMatch(/arxiv|semanticscholar|9904/);
    }
    // Pages asked only for their own addresses (the fixture and its 404'd assets); the extension added none.
    const fromPages = requests.filter((request) => !request.fromServiceWorker && !request.url.startsWith('chrome-extension:'));
    for (const request of fromPages) expect(new URL(request.url).hostname).toBe('arxiv.org');
  });
});
