/**
 * The built extension in Debian's Chromium on arXiv pages served from committed fixtures at real
 * arXiv URLs: marks (read back from CSS.highlights), an untouched DOM, no page errors, the hover card.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blockRealSites, chooseSnapshotSource, launchWithExtension, routeFixture, routeFixtureInDarkMode, type ExtensionBrowser } from '../helpers/browser';
import { bundledNames, cardBox, cardIsOpen, cardText, closePagesEachTestOpens, countByText, domSignature, hoverCard, markCenter, marksInside, normalizeSpace, readMarks, scanCount, seenByContentScriptAs, waitForScans } from './page-helpers';
import { askBackground, contentRequestsFrom, contentSentNothing, holdStore, openExtensionPage, recordContentRequests, tabIdOf } from './extension-page';
import { inlineStyleRefusal, STRICT_CSP } from '../helpers/page-policy';
import { centreOf, clipOf, computedMarkColours, firstMarkBox, MARK_HIGHLIGHT_NAMES, pixelsNear, solidColour, themeMarkColours, washOverWhite } from '../helpers/mark-colours';
import { addScrollingSidebar, scrollSidebar, scrollWindowALittle, twoFramesRendered } from '../helpers/scrolling';
import { startSnapshotServer, type SnapshotServer } from '../helpers/snapshot-server';
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import type { TopicDocument } from '@/lib/snapshot/schema';

let browser: ExtensionBrowser;
const ROOT = resolve(import.meta.dirname, '../..');

beforeAll(async () => {
  browser = await launchWithExtension();
  await blockRealSites(browser.context);
  await routeFixture(browser.context, 'https://arxiv.org/abs/2406.01234*', 'arxiv-abs-quant.html');
  await routeFixture(browser.context, 'https://arxiv.org/abs/1706.03762*', 'arxiv-abs-1706.03762.html');
  await routeFixture(browser.context, 'https://arxiv.org/html/2406.05678*', 'arxiv-html-short.html');
  // The same fixtures where the content script has nothing to do: the baseline for "DOM unchanged".
  await routeFixture(browser.context, 'https://arxiv.org/pdf/2406.01234*', 'arxiv-abs-quant.html');
  await routeFixture(browser.context, 'https://arxiv.org/pdf/2406.05678*', 'arxiv-html-short.html');
  await routeFixture(browser.context, 'https://arxiv.org/pdf/1706.03762*', 'arxiv-abs-1706.03762.html');
  await routeFixture(browser.context, 'https://arxiv.org/list/**', 'arxiv-list.html');
  // A catchup page (a past day's listing) is built from the same templates.
  await routeFixture(browser.context, 'https://arxiv.org/catchup/**', 'arxiv-list.html');
  await routeFixture(browser.context, 'https://arxiv.org/search/**', 'arxiv-search.html');
  // A search that found nothing (routed after the results: Playwright tries the latest route first).
  await routeFixture(browser.context, 'https://arxiv.org/search/?query=AWQ+versus+GPTQ*', 'arxiv-search-empty.html');
  await routeFixture(browser.context, 'https://arxiv.org/pdf/search-baseline*', 'arxiv-search.html');
  // The abstract page again, under a policy that allows the page no script, style or connection of its own.
  const quant = await readFile(join(ROOT, 'tests/fixtures/pages/arxiv-abs-quant.html'));
  await browser.context.route('https://arxiv.org/abs/2406.09999*', (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': STRICT_CSP }, body: quant }),
  );
  await routeFixture(browser.context, 'https://arxiv.org/pdf/list-baseline*', 'arxiv-list.html');
  // An author's page, its papers in a listing's markup.
  await routeFixture(browser.context, 'https://arxiv.org/a/okafor_l_1.html', 'arxiv-author.html');
  await routeFixture(browser.context, 'https://arxiv.org/pdf/author-baseline*', 'arxiv-author.html');
  await routeFixtureInDarkMode(browser.context, 'https://arxiv.org/html/2406.05679*', 'arxiv-html-short.html');
  // An older paper on ar5iv (arXiv Labs), and the same page at an ar5iv address not read (its conversion report's).
  await routeFixture(browser.context, 'https://ar5iv.labs.arxiv.org/html/2307.01234*', 'ar5iv-paper.html');
  await routeFixture(browser.context, 'https://ar5iv.labs.arxiv.org/log/2307.01234*', 'ar5iv-paper.html');
  // The abstract page again, kept busy by its own script for a while after it has loaded.
  const busy = quant.toString('utf8').replace('<head>', `<head><script>${BUSY_AFTER_LOAD}</script>`);
  await browser.context.route('https://arxiv.org/abs/2406.07777*', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: busy }));
});

/**
 * From DOMContentLoaded, 400 ms of back-to-back 4 ms tasks (a message-channel chain: no timer clamping,
 * always a task queued, so the page is never idle), then a note of when they ended.
 */
const BUSY_AFTER_LOAD = `addEventListener('DOMContentLoaded', () => {
  const channel = new MessageChannel();
  const started = performance.now();
  channel.port1.onmessage = () => {
    const task = performance.now();
    while (performance.now() - task < 4);
    if (performance.now() - started < 400) channel.port2.postMessage(null);
    else window.__busyEnded = performance.now();
  };
  channel.port2.postMessage(null);
});`;

closePagesEachTestOpens(() => browser.context);

afterAll(async () => {
  await browser?.close();
});

async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(url);
  return { page, errors };
}

/** The short LaTeXML paper with `html` put after its first section's text, served and read at arXiv's `/html/<id>`. */
async function openShortPaperWith(id: string, html: string): Promise<Page> {
  const body = (await readFile(join(ROOT, 'tests/fixtures/pages/arxiv-html-short.html'), 'utf8')).replace('</section>', `${html}</section>`);
  await browser.context.route(`https://arxiv.org/html/${id}*`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
  const { page } = await open(`https://arxiv.org/html/${id}`);
  await waitForScans(page);
  return page;
}

/** Errors the fixture raises by itself (its scripts load from arxiv.org, which we answer with 404). */
async function baselineErrors(url: string): Promise<string[]> {
  const { page, errors } = await open(url);
  await page.waitForLoadState('load');
  await page.waitForTimeout(300);
  await page.close();
  return errors;
}

/** The page raised no error that the same page without our marks does not raise too. */
function expectNoNewErrors(errors: string[], baseline: string[]) {
  expect(errors.filter((error) => !baseline.includes(error))).toEqual([]);
}

const texts = (marks: Record<string, string[]>, name: string) => [...(marks[name] ?? [])].sort();

describe('arXiv abstract page', () => {
  it('marks every known method by status and nothing that only looks like one', async () => {
    const { page, errors } = await open('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    const { byHighlight } = await readMarks(page);
    const all = Object.values(byHighlight).flat();
    // Counted by hand in the fixture's title, abstract and comments (AWQ’s, AWQ/GPTQ, GPTQ-Style…);
    // not in the hidden description of the PDF button, which repeats the title.
    expect(texts(byHighlight, 'method-lens-heavily-superseded')).toEqual(Array(5).fill('AWQ'));
    expect(texts(byHighlight, 'method-lens-superseded')).toEqual(Array(2).fill('AQLM'));
    expect(texts(byHighlight, 'method-lens-no-status')).toEqual(
      [...Array(4).fill('GPTQ'), 'LLM.int8()', 'QuIP', ...Array(2).fill('QuIP#'), 'SQ+', 'SmoothQuant'].sort(),
    );
    for (const impostor of ['AutoAWQ', 'GPTQv2', 'SmoothQuant+', 'lin2023awq', 'awq', 'GPTQ-Style']) expect(all).not.toContain(impostor);
    expectNoNewErrors(errors, await baselineErrors('https://arxiv.org/pdf/2406.01234'));
    await page.close();
  });

  it('paints each status in its theme colour, from the stylesheet the manifest adds', async () => {
    const { page } = await open('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    expect(await page.evaluate(computedMarkColours, MARK_HIGHLIGHT_NAMES)).toEqual(themeMarkColours());
    // Painted, not only computed: a light wash over the word and a solid underline below it.
    const box = clipOf((await page.evaluate(firstMarkBox, 'AWQ'))!);
    const shot = await page.screenshot({ clip: box, fullPage: true });
    expect(pixelsNear(shot, washOverWhite('heavily superseded', 0.2), 10)).toBeGreaterThan((box.width * box.height) / 3);
    expect(pixelsNear(shot, solidColour('heavily superseded'), 40)).toBeGreaterThanOrEqual(box.width);
    await page.close();
  });

  it('paints no mark when the page is printed', async () => {
    const { page } = await open('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    const box = clipOf((await page.evaluate(firstMarkBox, 'AWQ'))!);
    await page.emulateMedia({ media: 'print' });
    const unpainted = Object.fromEntries(MARK_HIGHLIGHT_NAMES.map((name) => [name, { background: 'rgba(0, 0, 0, 0)', line: 'none' }]));
    expect(await page.evaluate(computedMarkColours, MARK_HIGHLIGHT_NAMES)).toMatchObject(unpainted);
    const shot = await page.screenshot({ clip: box, fullPage: true });
    expect(pixelsNear(shot, washOverWhite('heavily superseded', 0.2), 10)).toBe(0);
    expect(pixelsNear(shot, solidColour('heavily superseded'), 40)).toBe(0);
    // Back on screen, the marks are there again: they were never taken away.
    await page.emulateMedia({ media: 'screen' });
    expect(await page.evaluate(computedMarkColours, MARK_HIGHLIGHT_NAMES)).toEqual(themeMarkColours());
    await page.close();
  });

  it('leaves the page DOM exactly as the site sent it', async () => {
    const marked = await open('https://arxiv.org/abs/2406.01234');
    await waitForScans(marked.page);
    const plain = await open('https://arxiv.org/pdf/2406.01234');
    await plain.page.waitForLoadState('load');
    const [withMarks, without] = await Promise.all([domSignature(marked.page), domSignature(plain.page)]);
    expect(withMarks.elements).toBe(without.elements);
    expect(withMarks.text).toBe(without.text);
    expect(withMarks.html).toBe(without.html);
    await marked.page.close();
    await plain.page.close();
  });

  it('marks nothing on a paper that mentions no known method', async () => {
    const { page, errors } = await open('https://arxiv.org/abs/1706.03762');
    await waitForScans(page);
    expect((await readMarks(page)).total).toBe(0);
    expectNoNewErrors(errors, await baselineErrors('https://arxiv.org/pdf/1706.03762'));
    await page.close();
  });

  it('marks no name in a web address the abstract page prints as text, and the same name in prose; counts only the one in prose', async () => {
    // The comments as an author may write them: an address with a method's name in it, after prose naming it.
    const quant = await readFile(join(ROOT, 'tests/fixtures/pages/arxiv-abs-quant.html'), 'utf8');
    const comments = 'Code: https://github.com/example/latticeround (includes AWQ/GPTQ baselines)';
    expect(quant).toContain(comments);
    const body = quant.replace(comments, `${comments}. AQLM checkpoints: https://huggingface.co/example/Llama-2-7b-AQLM-2Bit`);
    await browser.context.route('https://arxiv.org/abs/2406.06665*', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
    const url = 'https://arxiv.org/abs/2406.06665';
    const { page } = await open(url);
    await waitForScans(page);
    // Each mark in the comments, with the rest of its word before it: an address's would start with "https://".
    const markedWords = await page.evaluate(() => {
      const words: string[] = [];
      for (const [name, highlight] of CSS.highlights) {
        if (!name.startsWith('method-lens')) continue;
        for (const range of highlight as Highlight) {
          const { startContainer, startOffset, endOffset } = range as AbstractRange;
          if (!startContainer.parentElement?.closest('td.comments')) continue;
          const before = (startContainer as Text).data.slice(0, startOffset);
          words.push(before.slice(before.search(/\S*$/)) + (startContainer as Text).data.slice(startOffset, endOffset));
        }
      }
      return words.sort();
    });
    expect(markedWords).toEqual(['AQLM', 'AWQ', 'AWQ/GPTQ']);
    // The popup's count of AQLM: the title, the abstract and the comments' prose, not the address.
    const extensionPage = await openExtensionPage(browser);
    const tabId = await tabIdOf(extensionPage, url);
    const summary = async () => (await askBackground<{ methods: { name: string; count: number }[] }>(extensionPage, 'getPageSummary', { tabId })).value;
    await expect.poll(async () => (await summary())?.methods.find((method) => method.name === 'AQLM')?.count, { timeout: 10_000 }).toBe(3);
    await extensionPage.close();
    await page.close();
  });

  it('marks no QuIP in a title that writes QuIP# as `QuIP$\\#$`: typeset, the reader sees QuIP#, another method', async () => {
    // The title as MathJax 2 (arXiv's) leaves it once typeset: an empty preview, the drawn math, its TeX source.
    const quant = await readFile(join(ROOT, 'tests/fixtures/pages/arxiv-abs-quant.html'), 'utf8');
    const title = 'Two Bits Are Enough? Revisiting QuIP# and AQLM';
    expect(quant).toContain(`</span>${title}`);
    const typeset =
      'QuIP<span class="MathJax_Preview" style="color: inherit;"></span><span class="mjx-chtml MathJax_CHTML" id="MathJax-Element-1-Frame" tabindex="0" role="presentation"><span id="MJXc-Node-1" class="mjx-math" aria-hidden="true"><span id="MJXc-Node-2" class="mjx-mrow"><span id="MJXc-Node-3" class="mjx-mi"><span class="mjx-char MJXc-TeX-main-R" style="padding-top: 0.446em; padding-bottom: 0.372em;">#</span></span></span></span><span class="MJX_Assistive_MathML" role="presentation"><math xmlns="http://www.w3.org/1998/Math/MathML"><mi mathvariant="normal">#</mi></math></span></span><script type="math/tex" id="MathJax-Element-1">\\#</script>';
    const body = quant.replace(`</span>${title}`, `</span>${title.replace('QuIP#', typeset)}`);
    await browser.context.route('https://arxiv.org/abs/2406.06666*', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
    const { page } = await open('https://arxiv.org/abs/2406.06666');
    await waitForScans(page);
    // The page's own marks (see the first test) but the title's QuIP#, and no QuIP for it.
    const counts = countByText(await readMarks(page));
    expect([counts['QuIP'], counts['QuIP#'], counts['AQLM']]).toEqual([1, 1, 2]);
    expect(await marksInside(page, 'h1.title')).toMatchObject({ inside: 2 }); // AQLM, GPTQ
    // The math typeset anew to something else (its drawn glyph and its MathML): QuIP is QuIP again, read
    // though the change lies inside math, which is not read.
    const passes = await scanCount(page);
    await page.evaluate(() => {
      for (const shown of document.querySelectorAll('h1.title .mjx-char, h1.title mi')) (shown.firstChild as Text).data = 'x';
    });
    await waitForScans(page, passes + 1);
    expect(countByText(await readMarks(page))['QuIP']).toBe(2);
    await page.close();
  });

  it('marks names a page hyphenated with soft hyphens as the names they read, and keeps GPTQ + soft hyphen + v2 one word', async () => {
    const quant = await readFile(join(ROOT, 'tests/fixtures/pages/arxiv-abs-quant.html'), 'utf8');
    const [head, abstract] = quant.split('<span class="descriptor">Abstract:</span>');
    const hyphenated = abstract!
      .replace('SmoothQuant-style', 'Smooth&shy;Quant-style')
      .replace('LLM.int8()', 'LLM.&shy;int8()')
      .replace('GPTQv2', 'GPTQ&shy;v2')
      .replace('SmoothQuant+', 'Smooth&shy;Quant&shy;+');
    const body = `${head}<span class="descriptor">Abstract:</span>${hyphenated}`;
    await browser.context.route('https://arxiv.org/abs/2406.06669*', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
    const url = 'https://arxiv.org/abs/2406.06669';
    const { page } = await open(url);
    await waitForScans(page);
    const { byHighlight } = await readMarks(page);
    // The first test's marks, the hyphenated ones with their soft hyphens: none for GPTQv2 nor SmoothQuant+.
    expect(texts(byHighlight, 'method-lens-no-status')).toEqual(
      [...Array(4).fill('GPTQ'), 'LLM.\u00adint8()', 'QuIP', ...Array(2).fill('QuIP#'), 'SQ+', 'Smooth\u00adQuant'].sort(),
    );
    expect(texts(byHighlight, 'method-lens-heavily-superseded')).toEqual(Array(5).fill('AWQ'));
    // The card and the popup name the method as the snapshot does.
    expect((await hoverCard(page, 'Smooth\u00adQuant')).split('\n')[0]).toBe('SmoothQuant');
    const extensionPage = await openExtensionPage(browser);
    const tabId = await tabIdOf(extensionPage, url);
    const counts = async () => {
      const summary = await askBackground<{ methods: { name: string; count: number }[] }>(extensionPage, 'getPageSummary', { tabId });
      return Object.fromEntries(summary.value?.methods.map(({ name, count }) => [name, count]) ?? []);
    };
    await expect.poll(counts, { timeout: 10_000 }).toMatchObject({ SmoothQuant: 1, 'LLM.int8()': 1, GPTQ: 4 });
    await extensionPage.close();
    await page.close();
  });

  it('marks the title’s `QuIP$\\#$` as QuIP# before MathJax typesets it, and no QuIP on the rescan once it has: marks and the popup’s counts', async () => {
    const quant = await readFile(join(ROOT, 'tests/fixtures/pages/arxiv-abs-quant.html'), 'utf8');
    const body = quant.replace('</span>Two Bits Are Enough? Revisiting QuIP#', '</span>Two Bits Are Enough? Revisiting QuIP$\\#$');
    await browser.context.route('https://arxiv.org/abs/2406.06667*', (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
    const url = 'https://arxiv.org/abs/2406.06667';
    const { page } = await open(url);
    await waitForScans(page);
    const quipMarks = async () => {
      const counts = countByText(await readMarks(page));
      return [counts['QuIP'], counts['QuIP#'], counts['QuIP$\\#$']];
    };
    const extensionPage = await openExtensionPage(browser);
    const tabId = await tabIdOf(extensionPage, url);
    const summary = async () => (await askBackground<{ methods: { name: string; count: number }[] }>(extensionPage, 'getPageSummary', { tabId })).value;
    const counted = async (name: string) => (await summary())?.methods.find((method) => method.name === name)?.count;
    // The abstract's QuIP and QuIP#; the title's TeX source is QuIP# to the reader, marked in QuIP#'s colour.
    expect(await quipMarks()).toEqual([1, 1, 1]);
    const marks = await readMarks(page);
    const highlightOf = (text: string) => Object.keys(marks.byHighlight).find((name) => marks.byHighlight[name]!.includes(text));
    expect(highlightOf('QuIP$\\#$')).toBe(highlightOf('QuIP#'));
    await expect.poll(() => counted('QuIP#'), { timeout: 10_000 }).toBe(2);
    const passes = await scanCount(page);
    // What MathJax 2's tex2jax and CHTML output do to the text: split it at the math, which they put in between.
    await page.evaluate(() => {
      const title = document.querySelector('h1.title')!;
      const text = [...title.childNodes].find((node): node is Text => node.nodeType === Node.TEXT_NODE && (node as Text).data.includes('$'))!;
      const rest = text.splitText(text.data.indexOf('$'));
      rest.deleteData(0, '$\\#$'.length);
      const math = document.createElement('template');
      math.innerHTML =
        '<span class="MathJax_Preview" style="color: inherit;"></span><span class="mjx-chtml MathJax_CHTML" id="MathJax-Element-1-Frame"><span class="mjx-math" aria-hidden="true"><span class="mjx-char">#</span></span><span class="MJX_Assistive_MathML"><math><mi mathvariant="normal">#</mi></math></span></span><script type="math/tex" id="MathJax-Element-1">\\#</script>';
      title.insertBefore(math.content, rest);
    });
    await waitForScans(page, passes + 1);
    // Typeset, the math is not read: the title's QuIP# has no mark, and no QuIP either.
    expect(await quipMarks()).toEqual([1, 1, undefined]);
    await expect.poll(() => counted('QuIP#'), { timeout: 10_000 }).toBe(1);
    expect(await counted('QuIP')).toBe(1);
    await extensionPage.close();
    await page.close();
  });

  it('shows the card on hover with what the KB says, and closes it on Escape', async () => {
    // The card's script is loaded by the first hover, not with the page.
    // Each request for it, with the address it was redirected from, if any.
    const cardScripts: string[] = [];
    const noteCardScript = (request: { url(): string; redirectedFrom(): { url(): string } | null }) =>
      request.url().endsWith('/card.js') && cardScripts.push(`${request.url()} from ${request.redirectedFrom()?.url() ?? 'the page'}`);
    browser.context.on('request', noteCardScript);
    const { page } = await open('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    expect(cardScripts).toEqual([]);
    const center = await markCenter(page, 'AWQ');
    expect(center).not.toBeNull();
    await page.mouse.move(center!.x, center!.y);
    await page.waitForFunction(() => document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'));
    browser.context.off('request', noteCardScript);
    // Asked for once, at the session's dynamic address (a UUID, not the extension's id), which Chromium
    // serves by redirecting it to the extension's own: one fetch, two request events.
    const dynamic = /^chrome-extension:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/card\.js$/;
    expect(cardScripts).toHaveLength(2);
    const [asked, served] = cardScripts.map((line) => line.split(' from '));
    expect(asked![0]).toMatch(dynamic);
    expect(asked![1]).toBe('the page');
    expect(served![0]).toMatch(/^chrome-extension:\/\/[a-p]{32}\/card\.js$/);
    expect(served![1]).toBe(asked![0]);
    const text = (await cardText(page))!;
    expect(text).toContain('AWQ');
    expect(text).toContain('heavily superseded');
    expect(text).toContain('a standard baseline that newer methods routinely beat');
    expect(text).toContain('9 papers critique it · 15 beat it on benchmarks');
    expect(text).toContain('However, if the scaling factor is too large');
    expect(text).toContain('— SEPTQ: A Simple and Effective Post-Training Quantization Paradigm for Large Language Models');
    expect(text).toContain('12 head-to-head losses listed, from 5 of the 15 papers, e.g.');
    expect(text).toContain('SEPTQ · perplexity [2-bit]: 68.62 vs AWQ 251.84 · lower is better');
    expect(text).toContain('LFQ · May 28, 2026');
    expect(text).toContain('as of Jun 18, 2026');
    expect(text).toContain('Open full record');
    // One dialog named for the method, adding no landmark (a second banner or footer) to the page's own.
    const tree = await page.locator('method-lens-card').ariaSnapshot();
    expect(tree).toContain(`'dialog "Method Lens: AWQ"':`);
    expect(tree).not.toMatch(/\b(banner|contentinfo|navigation|main|complementary|region)\b/);

    // Inside the viewport and not over the mark.
    const box = (await cardBox(page))!;
    expect(box.left).toBeGreaterThanOrEqual(0);
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.right).toBeLessThanOrEqual(box.vw);
    expect(box.bottom).toBeLessThanOrEqual(box.vh);
    const overMark = center!.x >= box.left && center!.x <= box.right && center!.y >= box.top && center!.y <= box.bottom;
    expect(overMark).toBe(false);

    // Tab reaches the card's control; Escape closes the card.
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.querySelector('method-lens-card')?.shadowRoot?.activeElement?.textContent);
    expect(focused).toBe('Open full record');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'));
    await page.close();
  });

  it('lets Tab leave the card: it closes and focus goes back to where it was on the page', async () => {
    const { page } = await open('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    await hoverCard(page, 'AWQ');
    const link = await page.evaluate(() => {
      const first = document.querySelector<HTMLAnchorElement>('a[href]')!;
      first.focus({ preventScroll: true });
      return first.outerHTML;
    });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.querySelector('method-lens-card')?.shadowRoot?.activeElement?.textContent)).toBe('Open full record');
    await page.keyboard.press('Tab');
    await page.waitForFunction(() => !document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'));
    expect(await page.evaluate(() => document.activeElement?.outerHTML)).toBe(link);
    await page.close();
  });

  it('keeps the card while a part of the page without its mark scrolls, and closes it when the window scrolls the mark away', async () => {
    const { page } = await open('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    await page.evaluate(addScrollingSidebar);
    await hoverCard(page, 'AWQ');
    const cardShown = () => page.evaluate(() => !!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'));
    expect(await page.evaluate(scrollSidebar)).toBeGreaterThan(100);
    expect(await cardShown()).toBe(true);
    expect(await page.evaluate(scrollWindowALittle)).toBe(true);
    expect(await cardShown()).toBe(false);
    await page.close();
  });

  it('keeps the card while the page grows below its mark, and closes it when content put in above moves the mark', async () => {
    const { page } = await open('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    await hoverCard(page, 'AWQ');
    const cardShown = () => page.evaluate(() => !!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'));
    // Outside the part read (#abs), so no pass follows: only the layout changes.
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('div'), { style: 'height: 400px' })));
    await page.evaluate(twoFramesRendered);
    expect(await cardShown()).toBe(true);
    // A banner, as arXiv shows above its pages: the mark moves down under a card placed against it. No
    // scroll anchoring moves the window after it (as at the top of a page, or on a page that opts out).
    const scrolled = await page.evaluate(() => {
      document.documentElement.style.overflowAnchor = 'none';
      document.body.prepend(Object.assign(document.createElement('div'), { style: 'height: 120px', textContent: 'Banner' }));
      return scrollY;
    });
    await page.waitForFunction(() => !document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, { timeout: 2_000 });
    expect(await page.evaluate(() => scrollY)).toBe(scrolled);
    await page.close();
  });

  it('places the card against a mark a transform moved, keeps it while a transform beside the mark changes, and closes it when one moves the mark (a carousel sliding on)', async () => {
    const { page } = await open('https://arxiv.org/abs/2406.01234?transform');
    await waitForScans(page);
    const abstract = 'blockquote.abstract';
    const slidIn = 'translate(40px, 24px) scale(1.1)';
    // Slid and scaled in, as a carousel's slide or an entrance animation leaves it.
    await page.evaluate(({ abstract, slidIn }) => void (document.querySelector<HTMLElement>(abstract)!.style.transform = slidIn), { abstract, slidIn });
    // A style on the abstract's container shows or hides none of its text: its marks stay, read once.
    await page.waitForFunction(firstMarkBox, { text: 'AWQ', scroll: true, within: abstract });
    expect(await page.evaluate(() => performance.getEntriesByName('method-lens:scan').length)).toBe(1);
    await page.evaluate(twoFramesRendered);
    const mark = (await page.evaluate(firstMarkBox, { text: 'AWQ', scroll: false, within: abstract }))!;
    await page.mouse.move(mark.left + mark.width / 2, mark.top + mark.height / 2);
    await page.waitForFunction(() => document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'));
    // Against the mark as drawn: 6 px from it, below, above or beside it.
    const card = (await cardBox(page))!;
    const gaps = [card.top - (mark.top + mark.height), mark.top - card.bottom, card.left - (mark.left + mark.width), mark.left - card.right];
    expect(gaps.map(Math.round), JSON.stringify({ card, mark })).toContain(6);
    // Animated by the page's script (the Web Animations API, as a carousel library does): no element or
    // attribute changes, no layout, nothing scrolls. The title slides: the mark stays, and so does its card.
    const slide = (selector: string, from: string, to: string) =>
      page.evaluate(
        ({ selector, from, to }) => document.querySelector(selector)!.animate([{ transform: from }, { transform: to }], { duration: 200, fill: 'forwards' }).finished.then(() => {}),
        { selector, from, to },
      );
    await slide('h1.title', 'none', 'translateX(60px)');
    await page.evaluate(twoFramesRendered);
    expect(await cardIsOpen(page)).toBe(true);
    // The abstract slides on: its mark leaves from under its card, which closes.
    await slide(abstract, slidIn, 'translate(-300px, 24px) scale(1.1)');
    await page.waitForFunction(() => !document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, { timeout: 2_000 });
    await page.close();
  });

  it('keeps its marks, reading nothing again, while the page restyles <html> and <body> (a theme switch, a dialog’s scroll lock)', async () => {
    const { page, errors } = await open('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    const before = await readMarks(page);
    const passes = await scanCount(page);
    // Every frame, for 30 frames: the marks in each, as the reader would see them.
    const shown = await page.evaluate(async () => {
      const counts: number[] = [];
      for (let i = 0; i < 30; i++) {
        document.documentElement.style.setProperty('color-scheme', i % 2 ? 'only dark' : 'light');
        document.body.style.overflow = i % 2 ? 'hidden' : '';
        await new Promise((resolve) => requestAnimationFrame(resolve));
        let marks = 0;
        for (const [name, highlight] of CSS.highlights) if (name.startsWith('method-lens')) marks += highlight.size;
        counts.push(marks);
      }
      return counts;
    });
    const total = Object.values(before.byHighlight).flat().length;
    expect(total).toBeGreaterThan(0);
    expect(shown).toEqual(Array(30).fill(total));
    await page.waitForTimeout(500);
    expect(await scanCount(page)).toBe(passes);
    expect(await readMarks(page)).toEqual(before);
    expectNoNewErrors(errors, await baselineErrors('https://arxiv.org/pdf/2406.01234'));
    await page.close();
  });

  it('keeps its marks and badge when a link starts a download (the TeX source): the page never changed', async () => {
    await browser.context.route('https://arxiv.org/src/2406.01234*', (route) =>
      route.fulfill({ status: 200, headers: { 'content-type': 'application/gzip', 'content-disposition': 'attachment; filename="2406.01234.tar.gz"' }, body: 'x' }),
    );
    const settings = await openExtensionPage(browser);
    const { page } = await open('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    const tabId = await tabIdOf(settings, 'https://arxiv.org/abs/2406.01234*');
    const badge = () => settings.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
    await expect.poll(badge).toBe('2');
    const { AWQ, ...othersMarked } = countByText(await readMarks(page));
    expect(AWQ).toBe(5);
    const download = page.waitForEvent('download');
    await page.locator('a.download-eprint').click();
    await download;
    expect(page.url()).toBe('https://arxiv.org/abs/2406.01234');
    // The link's navigation was announced to the content script (the Navigation API's `navigate`, WXT's
    // event from it, its 0 ms timer to look at the address) as it began, before the browser asked for the
    // file; a mute made once the download has begun comes after that. The script reads this page anew for
    // it, with its marks and badge less AWQ's: it did not take the link for a move to another page.
    await settings.evaluate(() => chrome.storage.local.set({ mutedMethods: ['awq'] }));
    try {
      await expect.poll(async () => countByText(await readMarks(page))).toEqual(othersMarked);
      await expect.poll(badge).toBe('1');
    } finally {
      await settings.evaluate(() => chrome.storage.local.set({ mutedMethods: [] }));
      await settings.close();
      await page.close();
    }
  });

  it('marks in colour and shows a styled card on a page whose CSP allows no script, style or connection', async () => {
    const { page } = await open('https://arxiv.org/abs/2406.09999');
    await waitForScans(page);
    // The policy is in force: the page's own inline style is refused.
    expect(await page.evaluate(inlineStyleRefusal)).toMatch(/^style-src/);
    expect((await readMarks(page)).total).toBeGreaterThan(0);
    expect(await page.evaluate(computedMarkColours, MARK_HIGHLIGHT_NAMES)).toEqual(themeMarkColours());
    const text = await hoverCard(page, 'AWQ');
    expect(text).toContain('heavily superseded');
    // Its stylesheet applied: the card is positioned by it.
    const position = await page.evaluate(() => {
      const card = document.querySelector('method-lens-card')!.shadowRoot!.querySelector('.ml-card')!;
      return getComputedStyle(card).position;
    });
    expect(position).toBe('fixed');
    await page.close();
  });

  it('opens each card at its top: one shown while the last was scrolled starts with its name, not where the last was left', async () => {
    const { page } = await open('https://arxiv.org/abs/2406.01234');
    await page.setViewportSize({ width: 1000, height: 360 });
    await waitForScans(page);
    // AWQ and, a line or two below it, AQLM in the abstract, near the window's bottom: each card goes above its mark, taller than the room there, so it scrolls.
    const inAbstract = async (text: string) => (await page.evaluate(firstMarkBox, { text, scroll: false, within: 'blockquote.abstract' }))!;
    const below = await inAbstract('AQLM');
    await page.evaluate((by) => scrollBy(0, by), below.top + below.height - (360 - 30));
    const [awq, aqlm] = [centreOf(await inAbstract('AWQ')), centreOf(await inAbstract('AQLM'))];
    await page.evaluate(twoFramesRendered);
    const cardName = (name: string) =>
      page.waitForFunction((name) => document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card-name')?.textContent === name, name);
    const cardScroll = () =>
      page.evaluate(() => {
        const card = document.querySelector('method-lens-card')!.shadowRoot!.querySelector<HTMLElement>('.ml-card')!;
        return { top: card.scrollTop, overflows: card.scrollHeight > card.clientHeight };
      });
    await page.mouse.move(awq!.x, awq!.y);
    await cardName('AWQ');
    expect((await cardScroll()).overflows).toBe(true);
    // The reader scrolls AWQ's card down to its alternatives, then rests on AQLM.
    await page.evaluate(() => {
      const card = document.querySelector('method-lens-card')!.shadowRoot!.querySelector<HTMLElement>('.ml-card')!;
      card.scrollTop = card.scrollHeight;
    });
    await page.mouse.move(aqlm!.x, aqlm!.y);
    await cardName('AQLM');
    expect(await cardScroll()).toEqual({ top: 0, overflows: true });
    await page.close();
  });

  it('shows what is known for a method without a status, and closes when the pointer leaves', async () => {
    const { page } = await open('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    const center = (await markCenter(page, 'GPTQ'))!;
    await page.mouse.move(center.x, center.y);
    await page.waitForFunction(() => document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'));
    const text = (await cardText(page))!;
    expect(text).toContain('no status');
    expect(text).toContain('#1 among the most-superseded baselines');
    expect(text).toContain('13 papers critique it · 28 beat it on benchmarks');
    await page.mouse.move(2, 2);
    await page.waitForFunction(() => !document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, { timeout: 5_000 });
    await page.close();
  });

  it('shows the card of a mark tapped on a touch screen, keeps it once the finger lifts, and closes it on a tap elsewhere', async () => {
    const { page } = await open('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    // A finger, as the browser has it: trusted touch input, which the browser turns into pointer events of type "touch".
    const devtools = await browser.context.newCDPSession(page);
    const tap = async ({ x, y }: { x: number; y: number }) => {
      await devtools.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
      await devtools.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    };
    const cardShown = () => page.evaluate(() => !!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'));
    await tap((await markCenter(page, 'AWQ'))!);
    await expect.poll(cardShown, { timeout: 5_000 }).toBe(true);
    expect(await cardText(page)).toContain('heavily superseded');
    await page.waitForTimeout(500); // no pointer rests or moves on a touch screen: the card stays
    expect(await cardShown()).toBe(true);
    await tap({ x: 5, y: 400 });
    await expect.poll(cardShown, { timeout: 5_000 }).toBe(false);
    await devtools.detach();
    await page.close();
  });
});

/** Every mark covers a name or alias of the dictionary, whole. */
async function expectOnlyNames(page: Page) {
  const names = await bundledNames();
  const all = Object.values((await readMarks(page)).byHighlight).flat().map(normalizeSpace);
  expect(all.filter((text) => !names.has(text))).toEqual([]);
}

describe('when the first pass runs', () => {
  it('waits for the page to go idle: a page busy after loading is marked once its own work is done', async () => {
    const { page, errors } = await open('https://arxiv.org/abs/2406.07777');
    await waitForScans(page);
    const { busyEnded, passStarted } = await page.evaluate(() => ({
      busyEnded: (window as unknown as { __busyEnded?: number }).__busyEnded,
      passStarted: performance.getEntriesByName('method-lens:scan')[0]!.startTime,
    }));
    expect(busyEnded).toBeGreaterThan(0);
    expect(passStarted).toBeGreaterThanOrEqual(busyEnded!);
    const { byHighlight } = await readMarks(page);
    expect(texts(byHighlight, 'method-lens-heavily-superseded')).toEqual(Array(5).fill('AWQ'));
    expectNoNewErrors(errors, await baselineErrors('https://arxiv.org/pdf/2406.01234'));
    await page.close();
  });
});

describe('arXiv HTML paper (LaTeXML)', () => {
  it('marks names in text, tables and captions, never inside math, and changes no DOM', async () => {
    const marked = await open('https://arxiv.org/html/2406.05678');
    await waitForScans(marked.page);
    const marks = await readMarks(marked.page);
    // tests/fixtures/pages/README.md counts per text node ("arxiv-html-short" column); here a name runs
    // across inline markup and the longest of overlapping names wins, hence the differences noted.
    expect(countByText(marks)).toEqual(LATEXML_SHORT_COUNTS);
    expect((await marksInside(marked.page, 'math, .ltx_Math')).inside).toBe(0);
    expect(marks.byHighlight['method-lens-heavily-superseded']?.every((text) => text === 'AWQ')).toBe(true);
    await expectOnlyNames(marked.page);
    const plain = await open('https://arxiv.org/pdf/2406.05678');
    await plain.page.waitForLoadState('load');
    expect((await domSignature(marked.page)).html).toBe((await domSignature(plain.page)).html);
    expectNoNewErrors(marked.errors, plain.errors);
    await marked.page.close();
    await plain.page.close();
  });

  it('marks no name in a code listing or verbatim block: code, not prose', async () => {
    // LaTeXML's output for \begin{lstlisting} (a `div.ltx_listing` of lines), \begin{verbatim} (a `pre`)
    // and \verb (a `code`), put into the short paper after its first section's text.
    const code =
      '<div class="ltx_listing ltx_lst_language_Python ltx_lstlisting ltx_listing"><div class="ltx_listing_data"><a href="data:text/plain;base64,cT1BV1EoKQ==" download="">⬇</a></div>' +
      '<div class="ltx_listingline" id="lstnumberx1"><span class="ltx_text ltx_lst_identifier ltx_font_typewriter">q</span><span class="ltx_text ltx_lst_space ltx_font_typewriter"> </span><span class="ltx_text ltx_font_typewriter">=</span><span class="ltx_text ltx_lst_space ltx_font_typewriter"> </span><span class="ltx_text ltx_lst_identifier ltx_font_typewriter">AWQ</span><span class="ltx_text ltx_font_typewriter">()</span></div></div>\n' +
      '<pre class="ltx_verbatim ltx_font_typewriter">python quantize.py --method GPTQ --bits 4\n</pre>\n' +
      '<div class="ltx_para"><p class="ltx_p">Run <code class="ltx_verbatim ltx_font_typewriter">--method AQLM</code> for the codebooks.</p></div>\n';
    const page = await openShortPaperWith('2406.06661', code);
    expect(await marksInside(page, '.ltx_listing, pre, code')).toEqual({ inside: 0, total: SHORT_TOTAL });
    await page.close();
  });

  it('marks no name in a web address the paper prints (\\url): an address, not prose; a link’s own words are marked', async () => {
    // LaTeXML 0.8.7's output for `AQLM's release (\url{https://github.com/Vahe1994/AQLM}) and
    // \href{https://github.com/IST-DASLab/gptq}{the GPTQ code}`, put into the short paper after its first section's text.
    const addresses =
      '<div class="ltx_para"><p class="ltx_p">Our code builds on AQLM’s release (<a href="https://github.com/Vahe1994/AQLM" title="" class="ltx_ref ltx_url ltx_font_typewriter">https://github.com/Vahe1994/AQLM</a>) and <a href="https://github.com/IST-DASLab/gptq" title="" class="ltx_ref ltx_href">the GPTQ code</a>.</p></div>\n';
    const page = await openShortPaperWith('2406.06664', addresses);
    // Two more marks than the paper's own: AQLM before the address and GPTQ in the link's words.
    expect(await marksInside(page, '.ltx_url')).toEqual({ inside: 0, total: SHORT_TOTAL + 2 });
    expect(await marksInside(page, '.ltx_href')).toMatchObject({ inside: 1 });
    await page.close();
  });

  it('marks a name that opens a footnote, right after the footnote’s number', async () => {
    // LaTeXML 0.8.7's output for `AWQ\footnote{GPTQ is older.}`: the number (`span.ltx_tag_note`) runs into the text.
    const footnote =
      'We study AWQ<span id="footnote9" class="ltx_note ltx_role_footnote"><sup class="ltx_note_mark">9</sup><span class="ltx_note_outer"><span class="ltx_note_content"><sup class="ltx_note_mark">9</sup><span class="ltx_tag ltx_tag_note">9</span>GPTQ is older.</span></span></span> here.';
    const page = await openShortPaperWith('2406.06663', `<div class="ltx_para"><p class="ltx_p">${footnote}</p></div>`);
    expect(await marksInside(page, '#footnote9 .ltx_note_content')).toEqual({ inside: 1, total: SHORT_TOTAL + 2 });
    await page.close();
  });

  it('marks no name in a citation or reference LaTeXML could not resolve: it prints the BibTeX key or the label, not a mention', async () => {
    // LaTeXML 0.8.8's output for `GPTQ~\cite{GPTQ,frantar2022gptq} loses to AWQ in Table~\ref{tab:AWQ_ppl}.`
    // when the paper's .bbl is missing and the label undefined, as in many of arXiv's HTML papers.
    const unresolved =
      '<div class="ltx_para"><p class="ltx_p">GPTQ <cite class="ltx_cite ltx_citemacro_cite">[<span class="ltx_ref ltx_missing_citation ltx_ref_self">GPTQ</span>, <span class="ltx_ref ltx_missing_citation ltx_ref_self">frantar2022gptq</span>]</cite> loses to AWQ in Table <span class="ltx_ref ltx_missing_label ltx_ref_self">LABEL:tab:AWQ_ppl</span>.</p></div>\n';
    const page = await openShortPaperWith('2406.06665', unresolved);
    // Two more marks than the paper's own: GPTQ and AWQ in the sentence's prose.
    expect(await marksInside(page, '.ltx_missing_citation, .ltx_missing_label')).toEqual({ inside: 0, total: SHORT_TOTAL + 2 });
    await page.close();
  });

  it('shows the card for a name in the paper', async () => {
    const { page } = await open('https://arxiv.org/html/2406.05678');
    await waitForScans(page);
    const text = await hoverCard(page, 'AQLM');
    expect(text).toContain('AQLM');
    expect(text).toContain('superseded');
    expect(text).toMatch(/\d+ papers? critiques? it/);
    expect(text).toContain('as of Jun 18, 2026');
    await page.close();
  });
});

describe('an HTML paper that typesets a name’s # or + as math (LaTeX’s `QuIP$\\#$`, `SQ$+$`)', () => {
  const url = 'https://arxiv.org/html/2406.06668';
  beforeAll(() => routeFixture(browser.context, `${url}*`, 'arxiv-html-math-names.html'));

  /** Runs in the page: each mark reading `text`, with where it ends and the box of the math's shown character there. */
  const marksReading = (text: string) =>
    [...CSS.highlights]
      .filter(([name]) => name.startsWith('method-lens'))
      .flatMap(([name, highlight]) => [...(highlight as Highlight)].map((range) => ({ name, range: range as AbstractRange })))
      .filter(({ range }) => {
        const live = document.createRange();
        live.setStart(range.startContainer, range.startOffset);
        live.setEnd(range.endContainer, range.endOffset);
        return live.toString() === text;
      })
      .map(({ name, range }) => {
        const glyph = document.createRange();
        glyph.setStart(range.endContainer, range.endOffset - 1);
        glyph.setEnd(range.endContainer, range.endOffset);
        const { left, top, width, height } = glyph.getBoundingClientRect();
        const element = range.endContainer.parentElement!;
        return { name, endsIn: element.closest('math') ? element.localName : 'text', glyph: { left, top, width, height, scrollX, scrollY } };
      });

  it('marks QuIP# and SQ+ through the math, paints the math’s # with the name, and shows QuIP#’s card on either', async () => {
    const { page } = await open(url);
    await waitForScans(page);
    // The counts of tests/fixtures/pages/README.md: no QuIP where the math shows more than its `#` (`QuIP$\#^{\ast}$`),
    // QuIP where it shows no `#` or `+` first (`QuIP$^{\dagger}$`).
    expect(countByText(await readMarks(page))).toEqual({ 'QuIP#': 7, 'SQ+': 4, QuIP: 3, SmoothQuant: 2 });
    await expectOnlyNames(page);
    // Each mark ends after the character the math shows (`<mi>#</mi>`, `<mo>+</mo>`), not in its annotations.
    const quipSharp = await page.evaluate(marksReading, 'QuIP#');
    expect(quipSharp.map((mark) => [mark.name, mark.endsIn])).toEqual(Array(7).fill(['method-lens-no-status', 'mi']));
    expect((await page.evaluate(marksReading, 'SQ+')).map((mark) => mark.endsIn)).toEqual(Array(4).fill('mo'));
    // Painted: the wash lies over the typeset `#` as over the name's letters (the abstract's first QuIP#, the
    // second mark made, scrolled into view).
    await page.evaluate(() => document.querySelector('.ltx_abstract')!.scrollIntoView({ block: 'center' }));
    await page.evaluate(twoFramesRendered);
    const inAbstract = (await page.evaluate(marksReading, 'QuIP#'))[1]!.glyph;
    const clip = { x: Math.floor(inAbstract.left + inAbstract.scrollX), y: Math.floor(inAbstract.top + inAbstract.scrollY), width: Math.ceil(inAbstract.width), height: Math.ceil(inAbstract.height) };
    const shot = await page.screenshot({ clip, fullPage: true });
    expect(pixelsNear(shot, washOverWhite('none', 0.2), 10)).toBeGreaterThan((clip.width * clip.height) / 3);
    // The card, from the name's letters and from the math's `#`.
    const text = await hoverCard(page, 'QuIP#');
    expect(text.split('\n')[0]).toBe('QuIP#');
    await page.mouse.move(2, 2);
    await page.waitForFunction(() => !document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, { timeout: 5_000 });
    const onGlyph = centreOf(inAbstract);
    await page.mouse.move(onGlyph.x, onGlyph.y);
    await page.waitForFunction(() => document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, { timeout: 10_000 });
    expect((await cardText(page))!.split('\n')[0]).toBe('QuIP#');
    // Counted as QuIP#, under its own name, for the popup.
    const extensionPage = await openExtensionPage(browser);
    const tabId = await tabIdOf(extensionPage, url);
    const summary = async () => (await askBackground<{ methods: { name: string; count: number }[] }>(extensionPage, 'getPageSummary', { tabId })).value;
    await expect
      .poll(async () => Object.fromEntries((await summary())?.methods.map(({ name, count }) => [name, count]) ?? []), { timeout: 10_000 })
      .toEqual({ 'QuIP#': 7, 'SQ+': 4, QuIP: 3, SmoothQuant: 2 });
    await extensionPage.close();
    await page.close();
  });
});

describe('the card’s theme', () => {
  const cardBackground = (page: Page) =>
    page.evaluate(() => getComputedStyle(document.querySelector('method-lens-card')!.shadowRoot!.querySelector('.ml-card')!).backgroundColor);

  it('is the page’s, not the system’s: dark in arXiv’s dark mode under a light system, light on a light page under a dark one', async () => {
    const dark = (await open('https://arxiv.org/html/2406.05679')).page;
    await dark.emulateMedia({ colorScheme: 'light' });
    await waitForScans(dark);
    await hoverCard(dark, 'AQLM');
    expect(await cardBackground(dark)).toBe('rgb(28, 32, 41)');
    await dark.close();

    const light = (await open('https://arxiv.org/abs/2406.01234?system-dark')).page;
    await light.emulateMedia({ colorScheme: 'dark' });
    await waitForScans(light);
    await hoverCard(light, 'AWQ');
    expect(await cardBackground(light)).toBe('rgb(255, 255, 255)');
    await light.close();
  });

  it('follows a page that declares a dark scheme and draws no background of its own', async () => {
    const page = (await open('https://arxiv.org/abs/2406.01234?color-scheme')).page;
    await page.emulateMedia({ colorScheme: 'light' });
    await waitForScans(page);
    // The page's own script, as a theme switch would: the canvas turns dark, no element gets a background.
    await page.evaluate(() => document.documentElement.style.setProperty('color-scheme', 'only dark'));
    await hoverCard(page, 'AWQ');
    expect(await cardBackground(page)).toBe('rgb(28, 32, 41)');
    await page.close();
  });

  it('is dark on a page whose dark background is a gradient or a photo, its background colour transparent', async () => {
    const gradient = (await open('https://arxiv.org/abs/2406.01234?gradient')).page;
    await gradient.emulateMedia({ colorScheme: 'light' });
    await waitForScans(gradient);
    await gradient.evaluate(() => document.body.style.setProperty('background', 'linear-gradient(#111, #222)'));
    await hoverCard(gradient, 'AWQ');
    expect(await cardBackground(gradient)).toBe('rgb(28, 32, 41)');
    await gradient.close();

    // The photo has no colour to read (here it never loads): the light text the page draws over it says it is dark.
    const photo = (await open('https://arxiv.org/abs/2406.01234?photo')).page;
    await photo.emulateMedia({ colorScheme: 'light' });
    await waitForScans(photo);
    await photo.evaluate(() => {
      document.body.style.setProperty('background', 'url("night.jpg") center / cover');
      document.head.append(Object.assign(document.createElement('style'), { textContent: 'body * { color: #eee !important; }' }));
    });
    await hoverCard(photo, 'AWQ');
    expect(await cardBackground(photo)).toBe('rgb(28, 32, 41)');
    await photo.close();
  });
});

describe('ar5iv paper (LaTeXML, arXiv Labs)', () => {
  it('marks the paper as on arXiv, not ar5iv\'s footer, and changes no DOM', async () => {
    const marked = await open('https://ar5iv.labs.arxiv.org/html/2307.01234');
    await waitForScans(marked.page);
    const marks = await readMarks(marked.page);
    // The "ar5iv-paper" counts of tests/fixtures/pages/README.md; no name is inside math or overlaps another.
    expect(countByText(marks)).toEqual({ GPTQ: 9, AWQ: 8, SmoothQuant: 6, QuIP: 3, 'LLM.int8()': 5, ZeroQuant: 5 });
    await expectOnlyNames(marked.page);
    const inPaper = await marksInside(marked.page, 'article.ltx_document');
    expect(inPaper.inside).toBe(inPaper.total);
    const plain = await open('https://ar5iv.labs.arxiv.org/log/2307.01234');
    await plain.page.waitForLoadState('load');
    await plain.page.waitForTimeout(500);
    expect(await scanCount(plain.page)).toBe(0);
    expect((await domSignature(marked.page)).html).toBe((await domSignature(plain.page)).html);
    expectNoNewErrors(marked.errors, plain.errors);
    await marked.page.close();
    await plain.page.close();
  });

  it('shows the card, sets the badge, and reports the page to the popup', async () => {
    const url = 'https://ar5iv.labs.arxiv.org/html/2307.01234?report';
    const { page } = await open(url);
    await waitForScans(page);
    const text = await hoverCard(page, 'AWQ');
    expect(text).toContain('heavily superseded');
    expect(text).toContain('as of Jun 18, 2026');
    const extensionPage = await openExtensionPage(browser);
    const tabId = await extensionPage.evaluate(async (url) => (await chrome.tabs.query({})).find((tab) => tab.url === url)!.id!, url);
    const summary = async () => (await askBackground<{ methods: { name: string; count: number }[] }>(extensionPage, 'getPageSummary', { tabId })).value;
    await expect.poll(async () => (await summary())?.methods.length, { timeout: 10_000 }).toBe(6);
    expect((await summary())!.methods.find((method) => method.name === 'GPTQ')?.count).toBe(9);
    // AWQ is the one superseded method the paper names.
    await expect.poll(() => extensionPage.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), tabId), { timeout: 10_000 }).toBe('1');
    await extensionPage.close();
    await page.close();
  });
});

describe('arXiv listing page', () => {
  it('marks titles and abstracts, not the search box, and no look-alike', async () => {
    const { page } = await open('https://arxiv.org/list/cs.LG/recent');
    await waitForScans(page);
    const { byHighlight, total } = await readMarks(page);
    // 45 mentions counted independently per name (tests/fixtures/pages/README.md), where
    // "TAH-Quant (Tile-wise Adaptive Hadamard Quantization)" counts twice; here the longest name wins.
    expect(total).toBe(44);
    const all = Object.values(byHighlight).flat();
    expect(all).toContain('TAH-Quant (Tile-wise Adaptive Hadamard Quantization)');
    expect(all.filter((text) => text === 'AWQ')).toHaveLength(7);
    for (const impostor of ['GPTQv2', 'AutoAWQ', 'SmoothQuant+']) expect(all).not.toContain(impostor);
    await expectOnlyNames(page);
    // None in the header or search box: every mark lies in the listing.
    const inListing = await marksInside(page, '#dlpage');
    expect(inListing.inside).toBe(inListing.total);
    await page.close();
  });

  it('marks a catchup page, a past day’s listing, as it marks a listing', async () => {
    const { page } = await open('https://arxiv.org/catchup/cs.LG/2024-06-14?abs=True');
    await waitForScans(page);
    expect((await readMarks(page)).total).toBe(44);
    await page.close();
  });

  it('leaves the listing’s DOM as the site sent it, raises no error, and shows the card', async () => {
    const marked = await open('https://arxiv.org/list/cs.LG/recent');
    await waitForScans(marked.page);
    const plain = await open('https://arxiv.org/pdf/list-baseline');
    await plain.page.waitForLoadState('load');
    await plain.page.waitForTimeout(300);
    const [withMarks, without] = await Promise.all([domSignature(marked.page), domSignature(plain.page)]);
    expect(withMarks.elements).toBe(without.elements);
    expect(withMarks.text).toBe(without.text);
    expect(withMarks.html).toBe(without.html);
    expectNoNewErrors(marked.errors, plain.errors);
    const text = await hoverCard(marked.page, 'GPTQ');
    expect(text).toContain('GPTQ');
    expect(text).toContain('#1 among the most-superseded baselines');
    expect(text).toContain('Open full record');
    await marked.page.close();
    await plain.page.close();
  });
});

describe('arXiv author page', () => {
  it('marks titles and comments as on a listing (author lists: below), changes no DOM, and reports the page to the popup', async () => {
    const url = 'https://arxiv.org/a/okafor_l_1.html';
    const marked = await open(url);
    await waitForScans(marked.page);
    const { byHighlight, total } = await readMarks(marked.page);
    // The "arxiv-author" counts of tests/fixtures/pages/README.md, in titles and comments ("GPTQ-style" is a
    // GPTQ), and no other mark: none on the look-alikes GPTQv2, AutoAWQ and SmoothQuant+.
    expect(texts(byHighlight, 'method-lens-heavily-superseded')).toEqual(['AWQ', 'AWQ']);
    expect(texts(byHighlight, 'method-lens-superseded')).toEqual(['AQLM']);
    expect(texts(byHighlight, 'method-lens-no-status')).toEqual(
      [...Array(3).fill('GPTQ'), ...Array(2).fill('QuIP#'), 'LLM.int8()', 'QuaRot', 'SmoothQuant', 'SpinQuant'].sort(),
    );
    expect(total).toBe(12);

    const plain = await open('https://arxiv.org/pdf/author-baseline');
    await plain.page.waitForLoadState('load');
    await plain.page.waitForTimeout(300);
    expect(await domSignature(marked.page)).toEqual(await domSignature(plain.page));
    expectNoNewErrors(marked.errors, plain.errors);

    const extensionPage = await openExtensionPage(browser);
    const tabId = await tabIdOf(extensionPage, url);
    const counts = async () => {
      const summary = (await askBackground<{ methods: { name: string; count: number }[] }>(extensionPage, 'getPageSummary', { tabId })).value;
      return Object.fromEntries((summary?.methods ?? []).map((method) => [method.name, method.count]));
    };
    await expect
      .poll(counts, { timeout: 10_000 })
      .toEqual({ GPTQ: 3, AWQ: 2, 'QuIP#': 2, AQLM: 1, SmoothQuant: 1, QuaRot: 1, SpinQuant: 1, 'LLM.int8()': 1 });
    // AWQ and AQLM are the superseded methods the page names.
    await expect.poll(() => extensionPage.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), tabId), { timeout: 10_000 }).toBe('2');
    await extensionPage.close();
    await marked.page.close();
    await plain.page.close();
  });
});

describe('arXiv search results', () => {
  const SEARCH = 'https://arxiv.org/search/?query=GPTQ&searchtype=all&source=header';
  /** The marks' texts in the first result's preview and whole abstract, as the page has them now. */
  const firstAbstract = (page: Page) =>
    page.evaluate(() => {
      const seen = { short: [] as string[], full: [] as string[] };
      const short = document.getElementById('2410.04417v1-abstract-short')!;
      const full = document.getElementById('2410.04417v1-abstract-full')!;
      for (const [name, highlight] of CSS.highlights) {
        if (!name.startsWith('method-lens')) continue;
        for (const range of highlight as Highlight) {
          const { startContainer, startOffset, endOffset } = range as AbstractRange;
          const part = short.contains(startContainer) ? 'short' : full.contains(startContainer) ? 'full' : null;
          if (part) seen[part].push((startContainer as Text).data.slice(startOffset, endOffset));
        }
      }
      return { short: seen.short.sort(), full: seen.full.sort() };
    });

  it('marks titles and the abstracts as shown, not their hidden twins, the search boxes or the heading', async () => {
    const { page, errors } = await open(SEARCH);
    await waitForScans(page);
    // Counted by hand: titles (GPTQ 4, AWQ 1) and previews (GPTQ 8, AWQ, QuIP#, AQLM, SmoothQuant, OmniQuant);
    // not the whole abstracts, hidden, where LLM.int8(), SQ+ and more GPTQ, AWQ and AQLM stand.
    expect(countByText(await readMarks(page))).toEqual({ GPTQ: 12, AWQ: 2, 'QuIP#': 1, AQLM: 1, SmoothQuant: 1, OmniQuant: 1 });
    const outsideShown = await page.evaluate(() => {
      let count = 0;
      for (const [name, highlight] of CSS.highlights) {
        if (!name.startsWith('method-lens')) continue;
        for (const range of highlight as Highlight) {
          const element = (range as AbstractRange).startContainer.parentElement!;
          if (!element.closest('li.arxiv-result') || element.closest('.abstract-full')) count++;
        }
      }
      return count;
    });
    expect(outsideShown).toBe(0);
    const extensionPage = await openExtensionPage(browser);
    const tabId = await tabIdOf(extensionPage, 'https://arxiv.org/search/*');
    const counts = async () => {
      const summary = (await askBackground<{ methods: { name: string; count: number }[] }>(extensionPage, 'getPageSummary', { tabId })).value;
      return Object.fromEntries((summary?.methods ?? []).map((method) => [method.name, method.count]));
    };
    await expect.poll(counts, { timeout: 10_000 }).toEqual({ GPTQ: 12, AWQ: 2, 'QuIP#': 1, AQLM: 1, SmoothQuant: 1, OmniQuant: 1 });

    // "More": the whole abstract is shown and marked, the preview's marks go; "Less" brings them back.
    await page.locator('li.arxiv-result').first().getByText('▽ More').click();
    await expect.poll(() => firstAbstract(page), { timeout: 10_000 }).toEqual({ short: [], full: ['AQLM', 'AWQ', 'GPTQ', 'GPTQ'] });
    await expect.poll(counts, { timeout: 10_000 }).toEqual({ GPTQ: 13, AWQ: 3, 'QuIP#': 1, AQLM: 2, SmoothQuant: 1, OmniQuant: 1 });
    await page.locator('li.arxiv-result').first().getByText('△ Less').click();
    await expect.poll(() => firstAbstract(page), { timeout: 10_000 }).toEqual({ short: ['GPTQ'], full: [] });
    await expect.poll(counts, { timeout: 10_000 }).toEqual({ GPTQ: 12, AWQ: 2, 'QuIP#': 1, AQLM: 1, SmoothQuant: 1, OmniQuant: 1 });
    expectNoNewErrors(errors, await baselineErrors('https://arxiv.org/pdf/search-baseline'));
    await extensionPage.close();
    await page.close();
  });

  it('leaves the results’ DOM as the site sent it, and shows the card for a name the site highlights as a search hit', async () => {
    const marked = await open(SEARCH);
    await waitForScans(marked.page);
    const plain = await open('https://arxiv.org/pdf/search-baseline');
    await plain.page.waitForLoadState('load');
    await plain.page.waitForTimeout(300);
    const [withMarks, without] = await Promise.all([domSignature(marked.page), domSignature(plain.page)]);
    expect(withMarks).toEqual(without);
    // Every GPTQ on the page is the site's own <span class="search-hit">: the card follows it.
    const text = await hoverCard(marked.page, 'GPTQ');
    expect(text).toContain('#1 among the most-superseded baselines');
    await marked.page.close();
    await plain.page.close();
  });
});

describe('an arXiv search that found nothing', () => {
  it('marks and counts nothing: the names in the query it echoes are the reader\'s', async () => {
    const { page } = await open('https://arxiv.org/search/?query=AWQ+versus+GPTQ+on+microcontrollers&searchtype=title');
    await waitForScans(page);
    expect(await page.locator('p.has-text-warning').textContent()).toContain('title: AWQ versus GPTQ on microcontrollers');
    expect((await readMarks(page)).total).toBe(0);
    // The popup's "This page": read, no method on it (not "being read", not one from the query).
    const extensionPage = await openExtensionPage(browser);
    const tabId = await tabIdOf(extensionPage, 'https://arxiv.org/search/?query=AWQ*');
    const summary = async () => (await askBackground<{ scanned: boolean; methods: { name: string }[] }>(extensionPage, 'getPageSummary', { tabId })).value;
    await expect.poll(summary, { timeout: 10_000 }).toEqual(expect.objectContaining({ scanned: true, methods: [] }));
    await extensionPage.close();
    await page.close();
  });
});

describe('muted methods', () => {
  /** After a mute test, pass or fail: nothing stays muted for the tests after it. */
  async function unmuteAndClose(settings: Page, page: Page) {
    await settings.evaluate(() => chrome.storage.local.set({ mutedMethods: [] }));
    await settings.close();
    await page.close();
  }

  it('an open page follows the options live: a muted method loses its marks, and gets them back when unmuted', async () => {
    const settings = await openExtensionPage(browser);
    const { page } = await open('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    const count = async (name: string) => countByText(await readMarks(page))[name] ?? 0;
    expect(await count('AWQ')).toBe(5);
    try {
      await settings.evaluate(() => chrome.storage.local.set({ mutedMethods: ['awq'] }));
      await expect.poll(() => count('AWQ'), { timeout: 10_000 }).toBe(0);
      expect(await count('GPTQ')).toBe(4); // the rest stays marked
      // The dictionary was asked for again, and the matcher built again without AWQ's names (AWQ's marks
      // went before: at the mute).
      await expect.poll(() => page.evaluate(() => performance.getEntriesByName('method-lens:compile').length)).toBe(2);
      const starts = await page.evaluate(() => ({
        asked: performance.getEntriesByName('method-lens:dictionary').length,
        built: performance.getEntriesByName('method-lens:compile').map((entry) => ((entry as PerformanceMeasure).detail as { names: number }).names),
      }));
      expect(starts.asked).toBe(2);
      expect(starts.built).toHaveLength(2);
      expect(starts.built[1]).toBeGreaterThan(0);
      expect(starts.built[1]).toBeLessThan(starts.built[0]!);
      await settings.evaluate(() => chrome.storage.local.set({ mutedMethods: [] }));
      await expect.poll(() => count('AWQ'), { timeout: 10_000 }).toBe(5);
    } finally {
      await unmuteAndClose(settings, page);
    }
  });

  it('asks for the dictionary again for a new snapshot, not for the one it was answered with', async () => {
    const settings = await openExtensionPage(browser);
    const { page } = await open('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    const asked = () => page.evaluate(() => performance.getEntriesByName('method-lens:dictionary').length);
    const count = async (name: string) => countByText(await readMarks(page))[name] ?? 0;
    const announce = (key: unknown) => settings.evaluate((value) => chrome.storage.local.set({ activeSnapshot: value }), key);
    const key = await settings.evaluate(async () => (await chrome.storage.local.get('activeSnapshot')).activeSnapshot);
    expect(key).toEqual(expect.any(String));
    try {
      expect(await asked()).toBe(1);
      await announce('another snapshot');
      await expect.poll(asked, { timeout: 10_000 }).toBe(2);
      // The page now holds the snapshot `key` names: announced (as when a new profile's first page was
      // answered while the bundled snapshot was being stored), it is no news. A mute, after it, is.
      await announce(key);
      await settings.evaluate(() => chrome.storage.local.set({ mutedMethods: ['awq'] }));
      await expect.poll(() => count('AWQ'), { timeout: 10_000 }).toBe(0);
      // AWQ's marks go at the mute; once the matcher is built without AWQ's names, its dictionary has come.
      const namesCompiled = () => page.evaluate(() => performance.getEntriesByName('method-lens:compile').map((entry) => ((entry as PerformanceMeasure).detail as { names: number }).names));
      await expect.poll(async () => (await namesCompiled()).slice(1)).toEqual([expect.any(Number), expect.any(Number)]);
      const [before, again, muted] = await namesCompiled();
      expect([again, muted! < before!]).toEqual([before, true]);
      expect(await asked()).toBe(3);
    } finally {
      await announce(key);
      await unmuteAndClose(settings, page);
    }
  });

  it('keeps the other marks on the page while a mute takes effect: not one moment without them', async () => {
    const settings = await openExtensionPage(browser);
    const { page } = await open('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    // Between any two tasks (a 0 ms timer chain), the page counts our marks other than AWQ's (the only
    // heavily superseded method here), until the pass with the new dictionary has shown its own: AWQ's
    // go at the mute, the others' must stay through the old session's place being taken by the new.
    await page.evaluate(() => {
      const probe = window as unknown as { __fewestOthers: number; __newPassShown: boolean };
      probe.__fewestOthers = Infinity;
      probe.__newPassShown = false;
      const passesBefore = performance.getEntriesByName('method-lens:scan').length;
      const sample = () => {
        let others = 0;
        for (const [name, highlight] of CSS.highlights) {
          if (name.startsWith('method-lens') && name !== 'method-lens-heavily-superseded') others += highlight.size;
        }
        probe.__fewestOthers = Math.min(probe.__fewestOthers, others);
        if (performance.getEntriesByName('method-lens:scan').length > passesBefore) probe.__newPassShown = true;
        else setTimeout(sample, 0);
      };
      sample();
    });
    await settings.evaluate(() => chrome.storage.local.set({ mutedMethods: ['awq'] }));
    try {
      await page.waitForFunction(() => (window as unknown as { __newPassShown: boolean }).__newPassShown, null, { timeout: 10_000 });
      expect(countByText(await readMarks(page)).AWQ ?? 0).toBe(0);
      // 2 AQLM, 4 GPTQ, LLM.int8(), QuIP, 2 QuIP#, SQ+ and SmoothQuant, as in the first test of this file.
      expect(await page.evaluate(() => (window as unknown as { __fewestOthers: number }).__fewestOthers)).toBe(12);
    } finally {
      await unmuteAndClose(settings, page);
    }
  });

  it('follows the arXiv switch and the marks switch: off, a page gets no marks; on again, the open page is marked', async () => {
    const settings = await openExtensionPage(browser);
    const setLocal = (items: Record<string, unknown>) => settings.evaluate((items) => chrome.storage.local.set(items), items);
    const count = async (page: Page, name: string) => countByText(await readMarks(page))[name] ?? 0;
    const dictionaryAsked = (page: Page) => page.evaluate(() => performance.getEntriesByName('method-lens:dictionary').length);
    // A content script whose switches leave its page unmarked sends nothing until a setting changes: no
    // dictionary asked (no pass comes without one), and no report (the background holds none of its page).
    await recordContentRequests(settings);
    try {
      await setLocal({ siteSwitches: { arxiv: false, semanticScholar: true } });
      const { page } = await open('https://arxiv.org/abs/2406.01234');
      await contentSentNothing(settings, page, 'https://arxiv.org/abs/2406.01234');
      expect(await scanCount(page)).toBe(0);
      expect(await count(page, 'AWQ')).toBe(0);
      expect(await dictionaryAsked(page)).toBe(0); // none sent to a page its switch leaves unmarked
      // The arXiv switch covers ar5iv, arXiv's HTML of older papers.
      const older = (await open('https://ar5iv.labs.arxiv.org/html/2307.01234?switch')).page;
      await contentSentNothing(settings, older, 'https://ar5iv.labs.arxiv.org/html/2307.01234?switch');
      expect(await scanCount(older)).toBe(0);
      await setLocal({ siteSwitches: { arxiv: true, semanticScholar: true } });
      await expect.poll(() => count(page, 'AWQ'), { timeout: 10_000 }).toBe(5);
      await expect.poll(() => count(older, 'AWQ'), { timeout: 10_000 }).toBe(8);
      await older.close();

      await setLocal({ marksEnabled: false });
      await expect.poll(() => count(page, 'AWQ'), { timeout: 10_000 }).toBe(0);
      const scansWhileOff = await scanCount(page);
      const other = (await open('https://arxiv.org/abs/2406.01234?marks-off')).page;
      await contentSentNothing(settings, other, 'https://arxiv.org/abs/2406.01234?marks-off');
      expect(await scanCount(other)).toBe(0);
      expect(await dictionaryAsked(other)).toBe(0);
      expect(await scanCount(page)).toBe(scansWhileOff);
      await setLocal({ marksEnabled: true });
      await expect.poll(() => count(page, 'AWQ'), { timeout: 10_000 }).toBe(5);
      await expect.poll(() => count(other, 'GPTQ'), { timeout: 10_000 }).toBe(4);
      await other.close();
      await page.close();
    } finally {
      await setLocal({ marksEnabled: true, siteSwitches: { arxiv: true, semanticScholar: true } });
      await settings.close();
    }
  });
});

describe('an open card while the reader changes the settings, or a refresh brings a new snapshot in', () => {
  const count = async (page: Page, name: string) => countByText(await readMarks(page))[name] ?? 0;
  const dictionaryAsked = (page: Page) => page.evaluate(() => performance.getEntriesByName('method-lens:dictionary').length);
  const bundledTopic = async () => JSON.parse(await readFile(join(ROOT, 'public/snapshot/llm-quantization.json'), 'utf8')) as TopicDocument;
  /** Serves a snapshot of `topic` holding `methods`, generated at `generatedAt`. */
  const publish = async (server: SnapshotServer, topic: TopicDocument, generatedAt: string, methods: TopicDocument['methods']) =>
    server.serveFiles((await renderSnapshotFiles({ generatedAt, topics: [{ ...topic, methods }] })).files);
  /** Waits until the background's snapshot comes from `source` (an index's address) and no refresh runs. */
  const sourceInUse = (settings: Page, source: string) =>
    expect
      .poll(async () => (await askBackground<{ source: string; progress: unknown }>(settings, 'getSnapshotInfo', {})).value, { timeout: 30_000 })
      .toMatchObject({ source, progress: null });
  /** The snapshot source back to the bundled one, as the tests found it, its refresh over. */
  const leaveSourceBundled = async (settings: Page) => {
    await chooseSnapshotSource(settings, { kind: 'bundled' });
    await sourceInUse(settings, `chrome-extension://${browser.extensionId}/snapshot/index.json`);
  };
  /** Publishes the bundled topic with one critique of AWQ more (10) and chooses it as the source: a refresh brings it in. */
  const publishOneMoreAwqCritique = async (settings: Page, server: SnapshotServer, topic: TopicDocument) => {
    await publish(server, topic, '2026-07-01T00:00:00.000Z', topic.methods.map((method) => (method.id === 'awq' ? { ...method, critiquedBy: 10 } : method)));
    await chooseSnapshotSource(settings, { kind: 'url', url: server.url('/snapshot/index.json') });
  };
  /**
   * For a page's requests while it is not read: a server to publish a snapshot on, an extension page that
   * keeps what the content script asks (`contentRequestsFrom`), and a way to set the reader's settings; the
   * switches, the mutes and the snapshot source are put back afterwards.
   */
  const watchingRequests = async (
    body: (setup: { server: SnapshotServer; settings: Page; setLocal: (items: Record<string, unknown>) => Promise<void>; topic: TopicDocument }) => Promise<void>,
  ) => {
    const server = await startSnapshotServer();
    const settings = await openExtensionPage(browser);
    const setLocal = (items: Record<string, unknown>) => settings.evaluate((items) => chrome.storage.local.set(items), items);
    await recordContentRequests(settings);
    try {
      await body({ server, settings, setLocal, topic: await bundledTopic() });
    } finally {
      await setLocal({ mutedMethods: [], siteSwitches: { arxiv: true, semanticScholar: true } });
      await leaveSourceBundled(settings);
      await settings.close();
      await server.close();
    }
  };

  it('stays open while the reader mutes another method, and closes when its own method is muted', async () => {
    const settings = await openExtensionPage(browser);
    const { page } = await open('https://arxiv.org/abs/2406.01234?card-mute');
    try {
      await waitForScans(page);
      expect(await hoverCard(page, 'AWQ')).toContain('heavily superseded');
      await settings.evaluate(() => chrome.storage.local.set({ mutedMethods: ['gptq'] }));
      await expect.poll(() => count(page, 'GPTQ')).toBe(0);
      // The page marked anew under the resting pointer: AWQ's mark is where it was, and so is its card.
      expect(await count(page, 'AWQ')).toBe(5);
      expect(await cardText(page)).toContain('heavily superseded');
      await settings.evaluate(() => chrome.storage.local.set({ mutedMethods: ['gptq', 'awq'] }));
      await expect.poll(() => cardIsOpen(page)).toBe(false);
      expect(await count(page, 'AWQ')).toBe(0);
    } finally {
      await settings.evaluate(() => chrome.storage.local.set({ mutedMethods: [] }));
      await settings.close();
      await page.close();
    }
  });

  it('closes at the mute of its own method, before the page’s new dictionary comes, and stays open at another’s', async () => {
    const settings = await openExtensionPage(browser);
    const { page, errors } = await open('https://arxiv.org/abs/2406.01234?card-mute-held');
    const dictionariesBuilt = () => page.evaluate(() => performance.getEntriesByName('method-lens:compile').length);
    let store: { release: () => Promise<void> } | null = null;
    try {
      await waitForScans(page);
      expect(await hoverCard(page, 'AWQ')).toContain('heavily superseded');
      expect(await dictionariesBuilt()).toBe(1);
      const passes = await scanCount(page);
      // The store held: the background answers no dictionary until it is released.
      store = await holdStore(browser);
      await settings.evaluate(() => chrome.storage.local.set({ mutedMethods: ['gptq'] }));
      await expect.poll(() => count(page, 'GPTQ')).toBe(0);
      expect({ awq: await count(page, 'AWQ'), open: await cardIsOpen(page) }).toEqual({ awq: 5, open: true });
      await settings.evaluate(() => chrome.storage.local.set({ mutedMethods: ['gptq', 'awq'] }));
      await expect.poll(() => cardIsOpen(page)).toBe(false);
      expect({ awq: await count(page, 'AWQ'), built: await dictionariesBuilt() }).toEqual({ awq: 0, built: 1 });
      await store.release();
      store = null;
      // The dictionary without either comes, and its pass marks the page as the mutes already had it.
      await expect.poll(() => scanCount(page), { timeout: 10_000 }).toBeGreaterThan(passes);
      expect(countByText(await readMarks(page))).toEqual({ AQLM: 2, 'LLM.int8()': 1, QuIP: 1, 'QuIP#': 2, 'SQ+': 1, SmoothQuant: 1 });
      expect(await cardIsOpen(page)).toBe(false);
      expectNoNewErrors(errors, await baselineErrors('https://arxiv.org/pdf/2406.01234'));
    } finally {
      await store?.release();
      await settings.evaluate(() => chrome.storage.local.set({ mutedMethods: [] }));
      await settings.close();
      await page.close();
    }
  });

  it('on arXiv, stays open and reads nothing again when Semantic Scholar’s switch is turned, and closes when arXiv’s is turned off', async () => {
    const settings = await openExtensionPage(browser);
    const setLocal = (items: Record<string, unknown>) => settings.evaluate((items) => chrome.storage.local.set(items), items);
    const { page } = await open('https://arxiv.org/abs/2406.01234?card-switch');
    try {
      await waitForScans(page);
      expect(await hoverCard(page, 'AWQ')).toContain('heavily superseded');
      const [scans, asked] = [await scanCount(page), await dictionaryAsked(page)];
      await setLocal({ siteSwitches: { arxiv: true, semanticScholar: false } });
      await setLocal({ siteSwitches: { arxiv: true, semanticScholar: true } });
      // A page is marked again ~0.3 s after a change here; nothing may come of these two.
      // Waited out, not proven by a later change: a switch or a mute after them would start a newer sync, which takes over from one they started (`syncs` in entrypoints/content/index.ts), its pass never shown.
      await page.waitForTimeout(1_500);
      expect({ scans: await scanCount(page), asked: await dictionaryAsked(page), open: await cardIsOpen(page) }).toEqual({ scans, asked, open: true });
      // The switch that is this page's.
      await setLocal({ siteSwitches: { arxiv: false, semanticScholar: true } });
      await expect.poll(() => count(page, 'AWQ')).toBe(0);
      expect(await cardIsOpen(page)).toBe(false);
    } finally {
      await setLocal({ siteSwitches: { arxiv: true, semanticScholar: true } });
      await settings.close();
      await page.close();
    }
  });

  it('shows the method’s record from the new snapshot in the card open, and closes the card of a method the snapshot no longer has', { timeout: 120_000 }, async () => {
    const server = await startSnapshotServer();
    const settings = await openExtensionPage(browser);
    const { page } = await open('https://arxiv.org/abs/2406.01234?card-snapshot');
    const topic = await bundledTopic();
    try {
      await waitForScans(page);
      expect(await hoverCard(page, 'AWQ')).toContain('9 papers critique it');
      await publishOneMoreAwqCritique(settings, server, topic);
      await expect.poll(() => cardText(page), { timeout: 30_000 }).toContain('10 papers critique it');
      // GPTQ gone from the KB, while its card is open.
      await page.mouse.move(1, 1);
      await expect.poll(() => cardIsOpen(page)).toBe(false);
      await hoverCard(page, 'GPTQ');
      expect(await page.locator('method-lens-card .ml-card-name').innerText()).toBe('GPTQ');
      await publish(server, topic, '2026-07-02T00:00:00.000Z', topic.methods.filter((method) => method.id !== 'gptq'));
      expect((await askBackground(settings, 'startRefresh', {})).value).toMatchObject({ ok: true });
      await expect.poll(() => cardIsOpen(page), { timeout: 30_000 }).toBe(false);
      await expect.poll(() => count(page, 'GPTQ')).toBe(0);
    } finally {
      await leaveSourceBundled(settings);
      await settings.close();
      await page.close();
      await server.close();
    }
  });

  it('on a page not read, does nothing when a new snapshot comes in, and asks for that snapshot’s dictionary once the page is read', { timeout: 120_000 }, () =>
    watchingRequests(async ({ server, settings, setLocal, topic }) => {
      const url = 'https://arxiv.org/abs/2406.01234?unread-snapshot';
      await setLocal({ siteSwitches: { arxiv: false, semanticScholar: true } });
      const { page } = await open(url);
      await contentSentNothing(settings, page, url);
      await publishOneMoreAwqCritique(settings, server, topic);
      await sourceInUse(settings, server.url('/snapshot/index.json'));
      // The new snapshot's key reaches the page, which had no dictionary to replace: read anew, it would
      // send a request a moment later (the switches read first).
      await page.waitForTimeout(500);
      // Switched on (a change the page hears after the snapshot's): it is read, with one dictionary, the new snapshot's.
      await setLocal({ siteSwitches: { arxiv: true, semanticScholar: true } });
      await expect.poll(() => count(page, 'AWQ'), { timeout: 10_000 }).toBe(5);
      const requests = await contentRequestsFrom(settings, url);
      expect(requests.slice(0, 2)).toEqual([
        { type: 'reportMentions', read: true, reading: true },
        { type: 'getDictionary' },
      ]);
      expect(requests.filter((request) => request.type === 'getDictionary')).toHaveLength(1);
      expect(await hoverCard(page, 'AWQ')).toContain('10 papers critique it');
      await page.close();
    }));

  it('on a page read, then switched off, does nothing when a method is muted or a new snapshot comes in, and is marked with both once switched on', { timeout: 120_000 }, () =>
    watchingRequests(async ({ server, settings, setLocal, topic }) => {
      const url = 'https://arxiv.org/abs/2406.01234?read-then-off';
      const notRead = { type: 'reportMentions', read: false };
      const { page } = await open(url);
      await waitForScans(page);
      expect({ awq: await count(page, 'AWQ'), gptq: await count(page, 'GPTQ') }).toEqual({ awq: 5, gptq: 4 });
      // Marks switched off for arXiv: the marks go, and the page says it is not read.
      await setLocal({ siteSwitches: { arxiv: false, semanticScholar: true } });
      await expect.poll(async () => (await contentRequestsFrom(settings, url)).at(-1)).toEqual(notRead);
      expect(await count(page, 'AWQ')).toBe(0);
      const whileOff = await contentRequestsFrom(settings, url);
      expect(whileOff.filter((request) => request.type === 'getDictionary')).toHaveLength(1);
      await setLocal({ mutedMethods: ['gptq'] });
      await publishOneMoreAwqCritique(settings, server, topic);
      await sourceInUse(settings, server.url('/snapshot/index.json'));
      // The new snapshot's key reaches the page (the mute did long before, while the refresh ran): read
      // anew, it would say again that it does not read the page, a moment later (the switches read
      // first). Waited out, not proven by a later change: a switch would start a newer sync, which takes
      // over from one these started (`syncs` in entrypoints/content/index.ts) before it reports.
      await page.waitForTimeout(500);
      expect(await contentRequestsFrom(settings, url)).toEqual(whileOff);
      // Switched on again: read with one dictionary, the new snapshot's, the mute applied.
      await setLocal({ siteSwitches: { arxiv: true, semanticScholar: true } });
      await expect.poll(() => count(page, 'AWQ'), { timeout: 10_000 }).toBe(5);
      expect(await count(page, 'GPTQ')).toBe(0);
      const sinceOn = (await contentRequestsFrom(settings, url)).slice(whileOff.length);
      expect(sinceOn.slice(0, 2)).toEqual([{ type: 'reportMentions', read: true, reading: true }, { type: 'getDictionary' }]);
      expect(sinceOn.filter((request) => request.type === 'getDictionary')).toHaveLength(1);
      expect(await hoverCard(page, 'AWQ')).toContain('10 papers critique it');
      await page.close();
    }));

  it('in a tab the reader does not see, takes a muted method’s marks away at once, asks for no dictionary when a method is muted or a new snapshot comes in, and asks once, for both, when shown', { timeout: 120_000 }, () =>
    watchingRequests(async ({ server, settings, setLocal, topic }) => {
      const url = 'https://arxiv.org/abs/2406.01234?hidden-tab';
      const dictionariesAsked = async () => (await contentRequestsFrom(settings, url)).filter((request) => request.type === 'getDictionary').length;
      const { page } = await open(url);
      await waitForScans(page);
      expect({ awq: await count(page, 'AWQ'), gptq: await count(page, 'GPTQ') }).toEqual({ awq: 5, gptq: 4 });
      const passes = await scanCount(page);
      expect(await dictionariesAsked()).toBe(1);
      // Hidden and shown again with nothing changed meanwhile: nothing to ask.
      await seenByContentScriptAs(page, 'hidden');
      await seenByContentScriptAs(page, 'visible');
      await page.waitForTimeout(300);
      expect(await dictionariesAsked()).toBe(1);
      // Hidden, it hears a mute: GPTQ's marks go at once, with no dictionary asked for and no pass.
      await seenByContentScriptAs(page, 'hidden');
      await setLocal({ mutedMethods: ['gptq'] });
      await expect.poll(() => count(page, 'GPTQ')).toBe(0);
      expect(await count(page, 'AWQ')).toBe(5);
      // Then a new snapshot (one more critique of AWQ): it waits to be shown.
      await publishOneMoreAwqCritique(settings, server, topic);
      await sourceInUse(settings, server.url('/snapshot/index.json'));
      // The new snapshot's key reaches the page a moment after the source changes.
      await page.waitForTimeout(500);
      expect(await dictionariesAsked()).toBe(1);
      expect(await scanCount(page)).toBe(passes);
      // Shown: one dictionary, the new snapshot's with the mute applied.
      await seenByContentScriptAs(page, 'visible');
      await expect.poll(() => scanCount(page)).toBeGreaterThan(passes);
      expect({ awq: await count(page, 'AWQ'), gptq: await count(page, 'GPTQ') }).toEqual({ awq: 5, gptq: 0 });
      expect(await dictionariesAsked()).toBe(2);
      expect(await hoverCard(page, 'AWQ')).toContain('10 papers critique it');
      await page.close();
    }));

  it('in a tab the reader does not see, gives a method muted and unmuted meanwhile its marks back when shown, with one dictionary more', { timeout: 120_000 }, () =>
    watchingRequests(async ({ settings, setLocal }) => {
      const url = 'https://arxiv.org/abs/2406.01234?hidden-mute-unmute';
      const dictionariesAsked = async () => (await contentRequestsFrom(settings, url)).filter((request) => request.type === 'getDictionary').length;
      const { page, errors } = await open(url);
      await waitForScans(page);
      expect({ awq: await count(page, 'AWQ'), gptq: await count(page, 'GPTQ') }).toEqual({ awq: 5, gptq: 4 });
      const passes = await scanCount(page);
      await seenByContentScriptAs(page, 'hidden');
      await setLocal({ mutedMethods: ['awq'] });
      await expect.poll(() => count(page, 'AWQ')).toBe(0);
      // Unmuted before the reader comes back: the marks it took away wait for the tab to be shown (waited
      // out: nothing may come of the unmute meanwhile).
      await setLocal({ mutedMethods: [] });
      await page.waitForTimeout(500);
      expect({ awq: await count(page, 'AWQ'), asked: await dictionariesAsked(), passes: await scanCount(page) }).toEqual({ awq: 0, asked: 1, passes });
      await seenByContentScriptAs(page, 'visible');
      await expect.poll(() => count(page, 'AWQ')).toBe(5);
      expect(await count(page, 'GPTQ')).toBe(4);
      expect(await dictionariesAsked()).toBe(2);
      expectNoNewErrors(errors, await baselineErrors('https://arxiv.org/pdf/2406.01234'));
      await page.close();
    }));

  it('in a tab the reader does not see, with marks switched off, asks for nothing when a method is muted or the tab is shown, and is marked with the mute once switched on', { timeout: 120_000 }, () =>
    watchingRequests(async ({ settings, setLocal }) => {
      const url = 'https://arxiv.org/abs/2406.01234?hidden-off-mute';
      const { page, errors } = await open(url);
      await waitForScans(page);
      expect({ awq: await count(page, 'AWQ'), gptq: await count(page, 'GPTQ') }).toEqual({ awq: 5, gptq: 4 });
      await seenByContentScriptAs(page, 'hidden');
      try {
        await setLocal({ marksEnabled: false });
        await expect.poll(async () => (await contentRequestsFrom(settings, url)).at(-1)).toEqual({ type: 'reportMentions', read: false });
        expect(await count(page, 'AWQ')).toBe(0);
        const whileOff = await contentRequestsFrom(settings, url);
        const passes = await scanCount(page);
        await setLocal({ mutedMethods: ['gptq'] });
        await seenByContentScriptAs(page, 'visible');
        // Nothing to read on the page, and so nothing to ask: not at the mute, not when shown. Waited
        // out, not proven by a later change: a switch would start a newer sync, which takes over from
        // one these started (`syncs` in entrypoints/content/index.ts) before it reports.
        await page.waitForTimeout(500);
        expect({ requests: await contentRequestsFrom(settings, url), passes: await scanCount(page), marks: (await readMarks(page)).total }).toEqual({ requests: whileOff, passes, marks: 0 });
        await setLocal({ marksEnabled: true });
        await expect.poll(() => count(page, 'AWQ'), { timeout: 10_000 }).toBe(5);
        expect(await count(page, 'GPTQ')).toBe(0);
        const sinceOn = (await contentRequestsFrom(settings, url)).slice(whileOff.length);
        expect(sinceOn.slice(0, 2)).toEqual([{ type: 'reportMentions', read: true, reading: true }, { type: 'getDictionary' }]);
        expect(sinceOn.filter((request) => request.type === 'getDictionary')).toHaveLength(1);
      } finally {
        await setLocal({ marksEnabled: true });
      }
      expectNoNewErrors(errors, await baselineErrors('https://arxiv.org/pdf/2406.01234'));
      await page.close();
    }));

  it('keeps the reader’s place in the card a new snapshot refreshes: where it is on screen, how far it was scrolled, the focus on its control', { timeout: 120_000 }, async () => {
    const server = await startSnapshotServer();
    const settings = await openExtensionPage(browser);
    const { page } = await open('https://arxiv.org/abs/2406.01234?card-snapshot-place');
    const topic = await bundledTopic();
    const place = () =>
      page.evaluate(() => {
        const shadow = document.querySelector('method-lens-card')!.shadowRoot!;
        const card = shadow.querySelector<HTMLElement>('.ml-card')!;
        const { left, top, width, height } = card.getBoundingClientRect();
        return { box: { left, top, width, height }, scrolled: card.scrollTop, focused: shadow.activeElement?.textContent ?? null };
      });
    try {
      // A window low enough that AWQ's card, above its mark near the window's bottom, scrolls.
      await page.setViewportSize({ width: 1000, height: 360 });
      await waitForScans(page);
      const inAbstract = async () => (await page.evaluate(firstMarkBox, { text: 'AWQ', scroll: false, within: 'blockquote.abstract' }))!;
      const mark = await inAbstract();
      await page.evaluate((by) => scrollBy(0, by), mark.top + mark.height - (360 - 30));
      const awq = centreOf(await inAbstract());
      await page.evaluate(twoFramesRendered);
      await page.mouse.move(awq.x, awq.y);
      await expect.poll(() => cardText(page)).toContain('9 papers critique it');
      // The reader Tabs to its control and scrolls the card partway down.
      await page.keyboard.press('Tab');
      await page.evaluate(() => {
        document.querySelector('method-lens-card')!.shadowRoot!.querySelector<HTMLElement>('.ml-card')!.scrollTop = 100;
      });
      const before = await place();
      expect(before.scrolled).toBe(100);
      expect(before.focused).toBe('Open full record');
      // A critique of AWQ more in the KB: the card says so where it was, scrolled as far.
      await publishOneMoreAwqCritique(settings, server, topic);
      await expect.poll(() => cardText(page), { timeout: 30_000 }).toContain('10 papers critique it');
      expect(await place()).toEqual(before);
    } finally {
      await leaveSourceBundled(settings);
      await settings.close();
      await page.close();
      await server.close();
    }
  });
});

/**
 * The "arxiv-html-short" column of tests/fixtures/pages/README.md (105 mentions, counted per name and
 * per text node), with the one place where names overlap: "Grouped Lattice Vector Quantization (GLVQ)"
 * is counted there as the long name once and GLVQ once, and is one mark here, as the longest name wins.
 */
const LATEXML_SHORT_COUNTS: Record<string, number> = {
  GPTQ: 18,
  AWQ: 18,
  AQLM: 14,
  SmoothQuant: 4,
  QuaRot: 4,
  OmniQuant: 3,
  QuIP: 7,
  'QuIP#': 17,
  SVDQuant: 1,
  'PB-LLM': 1,
  SpinQuant: 2,
  FlexRound: 1,
  'LLM.int8()': 3,
  LRQ: 1,
  QServe: 1,
  LiquidGEMM: 1,
  'FAIR-Calib': 1,
  'STaR-Quant': 1,
  'Grouped Lattice Vector Quantization (GLVQ)': 1,
  'Bi-VLM': 1,
  'SQ+': 2,
  TesseraQ: 1,
  VLMQ: 1,
};
/** Every mark of the short paper. */
const SHORT_TOTAL = Object.values(LATEXML_SHORT_COUNTS).reduce((a, b) => a + b);

describe('author lists', () => {
  it('are never marked, on an abstract, a listing, an author\'s page, a search or an HTML paper: names, not mentions', async () => {
    // Each page with an author (or affiliation) that happens to be named like a method.
    const pages: [url: string, file: string, author: string, as: string, selector: string][] = [
      ['https://arxiv.org/abs/2406.06662', 'arxiv-abs-quant.html', 'Lena Okafor', 'The SmoothQuant Team', '.authors'],
      ['https://arxiv.org/list/cs.CL/recent', 'arxiv-list.html', 'Hannah Becker', 'QServe Team', '.list-authors'],
      ['https://arxiv.org/a/kovacs_m_1.html', 'arxiv-author.html', 'Mira Kovacs', 'SpinQuant Team', '.list-authors'],
      ['https://arxiv.org/search/?query=GPTQ&searchtype=author', 'arxiv-search.html', 'Tobias Brandt', 'AQLM Team', 'p.authors'],
      ['https://arxiv.org/html/2406.06662', 'arxiv-html-short.html', 'Coastal AI Lab', 'QMC Lab', '.ltx_authors'],
    ];
    for (const [url, file, author, as, selector] of pages) {
      const body = (await readFile(join(ROOT, 'tests/fixtures/pages', file), 'utf8')).replaceAll(author, as);
      await browser.context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
      const { page } = await open(url);
      await waitForScans(page);
      expect(await page.locator(selector).first().textContent()).toContain(as);
      expect((await marksInside(page, selector)).inside, url).toBe(0);
      await page.close();
    }
  });
});

describe('the tab’s report', () => {
  it('is forgotten, badge and all, when the tab goes on to a site Method Lens does not read', async () => {
    // The browser does not tell the extension the URL of a page outside its host permissions.
    await browser.context.route('https://example.org/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Elsewhere</title><p>GPTQ and AWQ, unread here.</p>' }),
    );
    const url = 'https://arxiv.org/abs/2406.01234?tab-report';
    const { page } = await open(url);
    await waitForScans(page);
    const extensionPage = await openExtensionPage(browser);
    const tabId = await extensionPage.evaluate(async (url) => (await chrome.tabs.query({})).find((tab) => tab.url === url)!.id!, url);
    const summary = async () => (await askBackground<{ methods: unknown[] }>(extensionPage, 'getPageSummary', { tabId })).value;
    const badge = () => extensionPage.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), tabId);
    await expect.poll(async () => (await summary())?.methods.length, { timeout: 10_000 }).toBe(8);
    await expect.poll(badge, { timeout: 10_000 }).toBe('2');

    await page.goto('https://example.org/elsewhere');
    await expect.poll(summary, { timeout: 10_000 }).toEqual({ tabId, url: null, scanned: false, paused: false, methods: [] });
    expect(await badge()).toBe('');
    await page.close();
    await extensionPage.close();
  });

  it('is not made for a figure of an HTML paper opened in a tab of its own: a file, not a page to read', async () => {
    // A 1×1 PNG at a figure's address, under the paper's `/html/` one, where the content script is injected.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    await browser.context.route('https://arxiv.org/html/2406.05678v1/x1.png', (route) => route.fulfill({ status: 200, contentType: 'image/png', body: png }));
    const url = 'https://arxiv.org/html/2406.05678v1/x1.png';
    const extensionPage = await openExtensionPage(browser);
    await recordContentRequests(extensionPage);
    const { page } = await open(url);
    // The content script does not read the file: it sends nothing, not even a dictionary request (no
    // pass comes without a dictionary).
    await contentSentNothing(extensionPage, page, url);
    expect(await scanCount(page)).toBe(0);
    const tabId = await tabIdOf(extensionPage, url);
    expect((await askBackground(extensionPage, 'getPageSummary', { tabId })).value).toEqual({ tabId, url: null, scanned: false, paused: false, methods: [] });
    expect(await extensionPage.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), tabId)).toBe('');
    await extensionPage.close();
    await page.close();
  });

  it('says the next paper is being read from the moment its content script starts until its first pass reports', async () => {
    // A page busy with its own scripts after load: its first pass waits for it to go idle, up to a second.
    // An address of its own: a route added here would take the place of the file's busy page (2406.07777) for the tests after it.
    const quant = await readFile(join(ROOT, 'tests/fixtures/pages/arxiv-abs-quant.html'), 'utf8');
    const busy = `<script>const until = performance.now() + 3000; (function work() { const start = performance.now(); while (performance.now() - start < 40); if (performance.now() < until) setTimeout(work, 0); })();</script>`;
    await browser.context.route('https://arxiv.org/abs/2406.07778*', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: quant.replace('</head>', `${busy}</head>`) }),
    );
    const first = 'https://arxiv.org/abs/2406.01234?reading';
    const { page } = await open(first);
    await waitForScans(page);
    const extensionPage = await openExtensionPage(browser);
    const tabId = await extensionPage.evaluate(async (url) => (await chrome.tabs.query({})).find((tab) => tab.url === url)!.id!, first);
    type Summary = { url: string | null; scanned: boolean; readingAt?: number; methods: unknown[] };
    const summary = async () => (await askBackground<Summary>(extensionPage, 'getPageSummary', { tabId })).value!;
    await expect.poll(async () => (await summary()).methods.length, { timeout: 10_000 }).toBe(8);

    const next = 'https://arxiv.org/abs/2406.07778';
    await page.goto(next, { waitUntil: 'commit' });
    // From just after the tab commits to the next page (its report may still be the page before's) until the next page's report.
    const seen: Summary[] = [];
    const reported = () => seen.at(-1)?.scanned && seen.at(-1)?.url === next;
    for (const deadline = Date.now() + 10_000; Date.now() < deadline && !reported(); ) seen.push(await summary());
    expect(seen.at(-1)).toMatchObject({ url: next, scanned: true });
    expect(seen.at(-1)!.methods).toHaveLength(8);
    expect(seen.filter((state) => state.readingAt !== undefined)).not.toEqual([]);
    expect(seen.filter((state) => state.readingAt !== undefined).every((state) => state.url === next && state.methods.length === 0)).toBe(true);
    await page.close();
    await extensionPage.close();
  });
});
