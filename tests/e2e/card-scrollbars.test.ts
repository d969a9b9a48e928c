/**
 * The hover card in a window with classic scrollbars (Linux, Windows), which Playwright hides by
 * default: the card keeps its margin from the scrollbar, not from the window's edge under it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockRealSites, launchWithExtension, PAGES_DIR, type ExtensionBrowser } from '../helpers/browser';
import { cardBox, waitForScans } from './page-helpers';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchWithExtension(undefined, { scrollbars: true });
  await blockRealSites(browser.context);
  // The real abstract page, its abstract set flush right and the page made taller than the window,
  // so that a mark ends at the right edge, beside the vertical scrollbar.
  const page = (await readFile(join(PAGES_DIR, 'arxiv-abs-quant.html'), 'utf8')).replace(
    '</head>',
    '<style>blockquote.abstract { text-align: right; margin-right: 0; } body { min-height: 4000px; }</style></head>',
  );
  await browser.context.route('https://arxiv.org/abs/2406.01234*', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page }));
});

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
    const target = await page.evaluate(() => {
      document.querySelector('blockquote.abstract')!.scrollIntoView({ block: 'start' });
      let best: { x: number; y: number; right: number; top: number; bottom: number } | null = null;
      for (const [name, highlight] of CSS.highlights) {
        if (!name.startsWith('method-lens')) continue;
        for (const range of highlight as Highlight) {
          const abstract = range as AbstractRange;
          const live = document.createRange();
          live.setStart(abstract.startContainer, abstract.startOffset);
          live.setEnd(abstract.endContainer, abstract.endOffset);
          const rect = live.getClientRects()[0];
          if (rect && rect.top >= 0 && rect.bottom <= innerHeight && (!best || rect.right > best.right)) {
            best = { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2, right: rect.right, top: rect.top, bottom: rect.bottom };
          }
        }
      }
      return best;
    });
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
