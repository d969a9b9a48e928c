/**
 * A malicious snapshot publisher, end to end in the built extension in Chromium, and what leaves
 * the browser while a reader uses it:
 *
 * - the reader's source serves `hostileSnapshot()` (valid, full of markup, script, URLs, unicode edge
 *   cases, a 1,000,000-character quote, 300-character names): pages mark those names, the hover card
 *   and the popup show them as inert text, nothing runs, the card stays inside the viewport with the
 *   long text cut short or scrollable;
 * - an invalid snapshot published afterwards is refused with a clear error and the hostile-but-valid
 *   one stays in use;
 * - privacy: over the whole session the extension's only requests go to the chosen snapshot source
 *   (index and topic files, no cookies, no page address in any header or query), and the pages'
 *   requests are only those the pages themselves make.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blockRealSites, launchWithExtension, type ExtensionBrowser } from '../helpers/browser';
import { startSnapshotServer, type SnapshotServer } from '../helpers/snapshot-server';
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import { askBackground, openExtensionPage } from './extension-page';
import { hostileSnapshot, PAGE_NAMES, PWN } from '../fixtures/hostile/snapshots';
import { openWatchedPage } from '../fixtures/hostile/harness';

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
  const source = async () => (await askBackground<{ source: string | null }>(extensionPage, 'getSnapshotInfo', {})).value?.source;
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
  await extensionPage.evaluate((url) => chrome.storage.local.set({ snapshotSource: { kind: 'url', url } }), url);
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
      scrollsHorizontally: card.scrollWidth > card.clientWidth,
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
    const marked = await page.evaluate(() => {
      const texts: string[] = [];
      for (const [name, highlight] of CSS.highlights) {
        if (!name.startsWith('method-lens')) continue;
        for (const range of highlight as Highlight) {
          const r = range as AbstractRange;
          const live = document.createRange();
          live.setStart(r.startContainer, r.startOffset);
          live.setEnd(r.endContainer, r.endOffset);
          texts.push(live.toString());
        }
      }
      return texts;
    });
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
      if (name === PAGE_NAMES.long) {
        expect(facts.quote!.length).toBeLessThanOrEqual(200);
        expect(facts.quote!.endsWith('…”')).toBe(true);
      }
    }
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(await page.evaluate(() => (window as unknown as { __errors: string[] }).__errors)).toEqual([]);
    expect(watch.exceptions).toEqual([]);
    await page.close();
  });

  it('shows the full record in the popup as text: no element or handler from the data, nothing runs', async () => {
    const popup = await browser.context.newPage();
    const errors: string[] = [];
    popup.on('pageerror', (error) => errors.push(error.message));
    for (const method of ['evil-html', 'long-quote', 'wide']) {
      await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?method=${method}`);
      await expect.poll(() => popup.evaluate(() => document.body.innerText.length), { timeout: 15_000 }).toBeGreaterThan(50);
      await popup.waitForTimeout(300);
      const facts = await popup.evaluate((pwn) => {
        const attributes = [...document.querySelectorAll('*')].flatMap((element) => [...element.attributes].map((attribute) => `${attribute.name}=${attribute.value}`));
        return {
          text: document.body.innerText,
          handlers: attributes.filter((attribute) => /^on/i.test(attribute)),
          badLinks: [...document.querySelectorAll('[href], [src]')]
            .map((element) => element.getAttribute('href') ?? element.getAttribute('src') ?? '')
            .filter((value) => /^\s*(javascript|data|vbscript):/i.test(value)),
          markupFromData: document.querySelectorAll('iframe, object, embed, script:not([src]), img[src="x"]').length,
          pwned: (window as { __pwned?: unknown }).__pwned,
          overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
          hasLiteral: document.body.innerText.includes(pwn),
        };
      }, PWN.img);
      console.log(`[hostile] popup for ${method}: ${facts.text.length} chars, horizontal overflow ${facts.overflow} px`);
      expect(facts.handlers).toEqual([]);
      expect(facts.badLinks).toEqual([]);
      expect(facts.markupFromData).toBe(0);
      expect(facts.pwned).toBeUndefined();
      if (method === 'evil-html') expect(facts.hasLiteral).toBe(true);
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

describe('what leaves the browser', () => {
  it('only the snapshot requests to the chosen source: no page content, no reading history, no cookies', async () => {
    const fromExtension = requests.filter((request) => request.fromServiceWorker);
    const snapshotPaths = new Set(['/kb/index.json', '/kb/hostile-quantization.json']);
    expect(fromExtension.length).toBeGreaterThan(0);
    for (const request of fromExtension) {
      const url = new URL(request.url);
      if (url.protocol === 'chrome-extension:') continue; // the bundled snapshot, inside the extension
      expect(url.origin).toBe(server.origin);
      expect(snapshotPaths.has(url.pathname)).toBe(true);
      expect(url.search).toBe('');
    }
    // Everything the server ever saw: the snapshot files, without cookies, page addresses or referrers.
    for (const served of server.requests) {
      expect(snapshotPaths.has(served.path)).toBe(true);
      expect(served.headers.cookie).toBeUndefined();
      expect(served.headers.referer).toBeUndefined();
      expect(JSON.stringify(served.headers)).not.toMatch(/arxiv|semanticscholar|9904/);
    }
    // Pages asked only for their own addresses (the fixture and its 404'd assets); the extension added none.
    const fromPages = requests.filter((request) => !request.fromServiceWorker && !request.url.startsWith('chrome-extension:'));
    for (const request of fromPages) expect(new URL(request.url).hostname).toBe('arxiv.org');
  });
});
