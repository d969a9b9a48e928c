/**
 * The built extension on a Semantic-Scholar-like single-page app (committed fixture served at real
 * URLs): content that renders late, is replaced, edited in place, appended, removed, navigated
 * with pushState, and a page that never stops mutating.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blockRealSites, launchWithExtension, routeFixture, type ExtensionBrowser } from '../helpers/browser';
import { bundledNames, cardIsOpen, hoverCard, markCenter, marksInside, normalizeSpace, readMarks, scanCount, seenByContentScriptAs, waitForScans } from './page-helpers';
import { askBackground, contentRequestsFrom, contentSentNothing, openExtensionPage, recordContentRequests, tabIdOf } from './extension-page';
import { CONTENT_WAIT_MS } from '@/lib/page-summary';

let browser: ExtensionBrowser;
let extensionPage: Page;

const PAPER = 'https://www.semanticscholar.org/paper/quip-sharp/c4f1e9a2b7d3f5e8a1c6b9d2e7f4a3c8b5d1e6f2';
/** The paper the app goes to from `PAPER` (`__s2.navigate()`). */
const AWQ_PAPER = 'https://www.semanticscholar.org/paper/awq/0b2f5e8a3c7d1f4b9e6a2c5d8f1b4e7a3c6d9f2e';

beforeAll(async () => {
  browser = await launchWithExtension();
  await blockRealSites(browser.context);
  await routeFixture(browser.context, 'https://www.semanticscholar.org/paper/**', 's2-paper.html');
  await routeFixture(browser.context, 'https://www.semanticscholar.org/search**', 's2-search.html');
  // Same app where the adapter does nothing (not a paper or search path): the baseline.
  await routeFixture(browser.context, 'https://www.semanticscholar.org/about/**', 's2-paper.html');
  // An author page of the app, which Method Lens does not read (the fixture shows its default paper there).
  await routeFixture(browser.context, 'https://www.semanticscholar.org/author/**', 's2-paper.html');
  extensionPage = await openExtensionPage(browser);
});

afterEach(async () => {
  for (const page of browser.context.pages()) if (page !== extensionPage) await page.close();
});

afterAll(async () => {
  await browser?.close();
});

function markTotal(page: Page): Promise<number> {
  return page.evaluate(() => {
    let total = 0;
    for (const [name, h] of CSS.highlights) if (name.startsWith('method-lens')) total += (h as Highlight).size;
    return total;
  });
}

async function openPaper(url = PAPER): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (window as any).__s2?.rendered === true);
  return page;
}

/**
 * Marks read back, with the guarantee checked on the way: every mark lies on connected text and still
 * reads a name or alias of the dictionary, whole.
 */
async function liveMarks(page: Page) {
  const detached = await page.evaluate(() => {
    let count = 0;
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('method-lens')) continue;
      for (const range of highlight as Highlight) {
        const r = range as AbstractRange;
        if (!r.startContainer.isConnected || !r.endContainer.isConnected || r.endOffset > (r.endContainer as Text).length) count++;
      }
    }
    return count;
  });
  expect(detached).toBe(0);
  const marks = await readMarks(page);
  const all = Object.values(marks.byHighlight).flat();
  const names = await bundledNames();
  expect(all.filter((text) => !names.has(normalizeSpace(text)))).toEqual([]);
  return { ...marks, all, count: (name: string) => all.filter((text) => text === name).length };
}

/** Waits until the marks settle after the page changed something (a scan pass after `since`). */
async function afterNextScan(page: Page, since: number) {
  await page.waitForFunction(
    (since) => performance.getEntriesByName('method-lens:scan').length > since,
    since,
    { timeout: 10_000 },
  );
  await page.waitForTimeout(50);
}

const muteMethods = (methods: string[]) => extensionPage.evaluate((methods) => chrome.storage.local.set({ mutedMethods: methods }), methods);
const dictionaryAsked = (page: Page) => page.evaluate(() => performance.getEntriesByName('method-lens:dictionary').length);

/** The marks of `AWQ_PAPER` loaded directly with AWQ muted: what the app going there with AWQ muted must end up with. */
async function awqPaperMarksWithAwqMuted(): Promise<string[]> {
  await muteMethods(['awq']);
  const direct = await openPaper(AWQ_PAPER);
  await expect.poll(() => markTotal(direct)).toBe(26);
  const marks = (await liveMarks(direct)).all.sort();
  await direct.close();
  await muteMethods([]);
  expect(marks).not.toContain('AWQ');
  return marks;
}

/**
 * Waits for the first pass over the page the app went to (after `passes`). Until then, the session of
 * the page before marks what the app renders, with the dictionary it had.
 */
function firstPassOfNextPage(page: Page, passes: number) {
  return page.waitForFunction(
    (passes) => performance.getEntriesByName('method-lens:scan').slice(passes).some((entry) => (entry as PerformanceMeasure).detail?.pass === 1),
    passes,
    { timeout: 10_000 },
  );
}

/**
 * Shows the tab the content script was told was hidden: the page keeps the marks it was read with
 * meanwhile (`expected`), asks for no second dictionary, and the app raised no error.
 */
async function shownAsMarkedWhileHidden(page: Page, expected: string[]) {
  await seenByContentScriptAs(page, 'visible');
  // Waited out: nothing may come of showing it.
  await page.waitForTimeout(500);
  expect({ marks: (await liveMarks(page)).all.sort(), asked: await dictionaryAsked(page) }).toEqual({ marks: expected, asked: 2 });
  expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
}

describe('Semantic Scholar paper page', () => {
  it('marks content that arrives after load, and nothing in the search box, notes or comment box', async () => {
    const page = await openPaper();
    await waitForScans(page);
    // 40 mentions on first render, counted independently per text node (tests/fixtures/pages/README.md);
    // one card says "Grouped Lattice Vector Quantization (GLVQ)", which counts twice there and is one
    // mark here, as the longest name wins.
    await expect.poll(() => markTotal(page)).toBe(39);
    const marks = await liveMarks(page);
    expect(marks.count('Grouped Lattice Vector Quantization (GLVQ)')).toBe(1);
    expect(marks.count('QuIP#')).toBe(9);
    const inEditable = await page.evaluate(() => {
      let count = 0;
      for (const [name, h] of CSS.highlights) {
        if (!name.startsWith('method-lens')) continue;
        for (const r of h as Highlight) if ((r as AbstractRange).startContainer.parentElement?.closest('[contenteditable], textarea, input, header')) count++;
      }
      return count;
    });
    expect(inEditable).toBe(0);
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await page.close();
  });

  it('changes nothing in the page: same text and elements as without the extension, through re-render, edit, append and remove', async () => {
    const marked = await openPaper();
    await waitForScans(marked);
    const plain = await openPaper('https://www.semanticscholar.org/about/quip-sharp');
    const signature = (page: Page) => page.evaluate(() => (window as any).__s2.domSignature());
    expect(await signature(marked)).toBe(await signature(plain));
    const steps: [string, (page: Page) => Promise<unknown>][] = [
      ['re-render', (page) => page.evaluate(() => (window as any).__s2.rerender())],
      ['edit in place', (page) => page.evaluate(() => (window as any).__s2.editInPlace('GPTQ', 'the baseline'))],
      ['append', (page) => page.evaluate(() => (window as any).__s2.appendResults(5))],
      ['remove', (page) => page.evaluate(() => (window as any).__s2.removeResults(3))],
    ];
    for (const [step, run] of steps) {
      const passes = await scanCount(marked);
      await run(marked);
      await run(plain);
      await afterNextScan(marked, passes);
      expect(await signature(marked), `after ${step}`).toBe(await signature(plain));
    }
    expect(await marked.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await marked.close();
    await plain.close();
  });

  it('shows the card for a name in the abstract and in the TLDR', async () => {
    const page = await openPaper();
    await waitForScans(page);
    await expect.poll(() => markTotal(page)).toBe(39);
    const awq = await hoverCard(page, 'AWQ');
    expect(awq).toContain('heavily superseded');
    expect(awq).toContain('9 papers critique it · 15 beat it on benchmarks');
    await page.mouse.move(2, 2);
    await page.waitForFunction(() => !document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, { timeout: 5_000 });
    // The TLDR's first word, right after its label: the label's margin sets it apart.
    const tldr = await page.evaluate(() => {
      const text = document.querySelector('[data-test-id="tldr"] span:nth-child(2)')!.firstChild as Text;
      for (const [name, highlight] of CSS.highlights) {
        if (!name.startsWith('method-lens')) continue;
        for (const range of highlight as Highlight) if ((range as AbstractRange).startContainer === text && (range as AbstractRange).startOffset === 0) return true;
      }
      return false;
    });
    expect(tldr).toBe(true);
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await page.close();
  });

  it('follows a React-style re-render, an in-place text edit, appended and removed results', async () => {
    const page = await openPaper();
    await waitForScans(page);
    await page.waitForFunction(() => [...CSS.highlights].some(([n, h]) => n.startsWith('method-lens') && (h as Highlight).size > 0));
    const before = await liveMarks(page);

    let passes = await scanCount(page);
    await page.evaluate(() => (window as any).__s2.rerender());
    await afterNextScan(page, passes);
    const rerendered = await liveMarks(page);
    expect(rerendered.total).toBe(before.total);

    passes = await scanCount(page);
    await page.evaluate(() => (window as any).__s2.editInPlace('GPTQ', 'the baseline'));
    await afterNextScan(page, passes);
    const edited = await liveMarks(page);
    expect(edited.count('GPTQ')).toBe(before.count('GPTQ') - 1);
    expect(edited.total).toBe(before.total - 1);

    passes = await scanCount(page);
    await page.evaluate(() => (window as any).__s2.appendResults(5));
    await afterNextScan(page, passes);
    const appended = await liveMarks(page);
    expect(appended.total).toBeGreaterThan(edited.total);

    passes = await scanCount(page);
    await page.evaluate(() => (window as any).__s2.removeResults(5));
    await afterNextScan(page, passes);
    expect((await liveMarks(page)).total).toBe(edited.total);
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await page.close();
  });

  it('asks for the dictionary only once the app navigates to a page to mark, and marks it', async () => {
    // The same app at a path the adapter does not mark: the content script is there, and sends nothing
    // until the app moves on.
    await recordContentRequests(extensionPage);
    const page = await openPaper('https://www.semanticscholar.org/about/quip-sharp');
    await contentSentNothing(extensionPage, page, 'https://www.semanticscholar.org/about/quip-sharp');
    expect(await dictionaryAsked(page)).toBe(0);
    expect(await scanCount(page)).toBe(0);
    await page.evaluate(() => (window as any).__s2.navigate());
    await waitForScans(page);
    expect(await dictionaryAsked(page)).toBe(1);
    await expect.poll(() => markTotal(page)).toBeGreaterThan(30);
    await page.close();
  });

  it('rescans after a pushState navigation and reports the new page to the background', async () => {
    // The AWQ paper loaded directly: what the navigation must end up with.
    const direct = await openPaper('https://www.semanticscholar.org/paper/awq/0b2f5e8a3c7d1f4b9e6a2c5d8f1b4e7a3c6d9f2e');
    await waitForScans(direct);
    await expect.poll(() => markTotal(direct)).toBeGreaterThan(30);
    await direct.waitForTimeout(300);
    const expected = (await liveMarks(direct)).all.sort();
    await direct.close();

    const page = await openPaper();
    await waitForScans(page);
    const passes = await scanCount(page);
    await page.evaluate(() => (window as any).__s2.navigate());
    await afterNextScan(page, passes);
    await expect.poll(async () => (await liveMarks(page)).all.sort()).toEqual(expected);

    const tabId = await tabIdOf(extensionPage, 'https://www.semanticscholar.org/paper/*');
    await expect
      .poll(async () => {
        const reply = await askBackground<{ methods: { count: number }[] }>(extensionPage, 'getPageSummary', { tabId });
        return reply.value?.methods.reduce((sum, method) => sum + method.count, 0);
      })
      .toBe(expected.length);
    const badge = await extensionPage.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), tabId);
    const summary = await askBackground<{ methods: { status: string | null }[] }>(extensionPage, 'getPageSummary', { tabId });
    const superseded = summary.value!.methods.filter((m) => m.status === 'superseded' || m.status === 'heavily superseded').length;
    expect(superseded).toBeGreaterThan(0);
    expect(badge).toBe(String(superseded));
    await page.close();
  });

  it('closes the card of a result the app removes, and counts the result no more', async () => {
    const page = await openPaper();
    await expect.poll(() => markTotal(page)).toBe(39);
    const tabId = await tabIdOf(extensionPage, 'https://www.semanticscholar.org/paper/*');
    const total = async () => (await askBackground<{ methods: { count: number }[] }>(extensionPage, 'getPageSummary', { tabId })).value?.methods.reduce((sum, method) => sum + method.count, 0);
    await expect.poll(total).toBe(39);
    expect(await hoverCard(page, 'FlatQuant')).toContain('FlatQuant');
    // The app takes away the citation whose name the card is shown for.
    const removed = await page.evaluate(() => {
      for (const [name, highlight] of CSS.highlights) {
        if (!name.startsWith('method-lens')) continue;
        for (const range of highlight as Highlight) {
          // The first mark reading so, the one hovered (`hoverCard`).
          if ((range as AbstractRange).startContainer.textContent!.slice(range.startOffset, range.endOffset) !== 'FlatQuant') continue;
          const row = (range as AbstractRange).startContainer.parentElement?.closest('[data-test-id="paper-row"]');
          if (row) {
            let marks = 0;
            for (const [other, h] of CSS.highlights) if (other.startsWith('method-lens')) for (const r of h as Highlight) if (row.contains((r as AbstractRange).startContainer)) marks++;
            row.remove();
            return marks;
          }
          return 0;
        }
      }
      return 0;
    });
    expect(removed).toBeGreaterThan(0);
    await expect.poll(() => cardIsOpen(page)).toBe(false);
    await expect.poll(() => markTotal(page)).toBe(39 - removed);
    await expect.poll(total).toBe(39 - removed);
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await page.close();
  });

  it('keeps the card open while the app draws its mark’s text anew in the same place (a React re-render), and closes it once the name is gone', async () => {
    const page = await openPaper();
    await expect.poll(() => markTotal(page)).toBe(39);
    // The first AWQ marked is the abstract's, which the app renders anew.
    expect((await marksInside(page, '[data-test-id="abstract-text"]')).inside).toBeGreaterThan(0);
    const awqInAbstract = () =>
      page.evaluate(() => {
        for (const [name, highlight] of CSS.highlights) {
          if (!name.startsWith('method-lens')) continue;
          for (const range of highlight as Highlight) {
            const { startContainer, startOffset, endOffset } = range as AbstractRange;
            if ((startContainer as Text).data.slice(startOffset, endOffset) === 'AWQ') return Boolean(startContainer.parentElement?.closest('[data-test-id="abstract-text"]'));
          }
        }
        return false;
      });
    expect(await awqInAbstract()).toBe(true);
    expect(await hoverCard(page, 'AWQ')).toContain('AWQ');
    // The old text node leaves the page with its mark; its twin is marked by the rescan that follows. In
    // between, a frame finds the card's mark gone: that is no reason to close the card.
    const passes = await scanCount(page);
    await page.evaluate(() => (window as any).__s2.rerender());
    await afterNextScan(page, passes);
    await page.waitForTimeout(200);
    expect(await cardIsOpen(page)).toBe(true);
    // The name edited away: the card goes with it.
    await page.evaluate(() => (window as any).__s2.editInPlace('AWQ', 'the baseline'));
    await expect.poll(() => cardIsOpen(page)).toBe(false);
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await page.close();
  });

  it('keeps every mark exact through rewrites that leave the text as it was: set in steps, a node replaced by its twin, a name split and merged, cards moved', async () => {
    const page = await openPaper();
    await expect.poll(() => markTotal(page)).toBe(39);
    const before = (await liveMarks(page)).all.sort();
    const abstract = '[data-test-id="abstract-text"] .abstract__text-content';
    const steps: [string, (abstract: string) => void][] = [
      ['the abstract’s text set in steps', (abstract) => {
        const text = document.querySelector(abstract)!.firstChild as Text;
        const data = text.data;
        text.data = '';
        text.data = data.replace('AWQ', 'QuIP#');
        text.data = data;
      }],
      ['the abstract’s text node replaced by its twin', (abstract) => {
        const text = document.querySelector(abstract)!.firstChild as Text;
        text.replaceWith(document.createTextNode(text.data));
      }],
      ['AWQ split in its middle', (abstract) => {
        const text = document.querySelector(abstract)!.firstChild as Text;
        text.splitText(text.data.indexOf('AWQ') + 2);
      }],
      ['the split merged again', (abstract) => document.querySelector(abstract)!.normalize()],
      ['a card moved to the end', () => {
        const list = document.querySelector('[data-test-id="citation-list"]')!;
        list.append(list.firstElementChild!);
      }],
      ['a card taken out and put back in the next task', () => {
        const list = document.querySelector('[data-test-id="citation-list"]')!;
        const card = list.children[2]!;
        const after = card.nextSibling;
        card.remove();
        setTimeout(() => list.insertBefore(card, after), 0);
      }],
    ];
    for (const [step, run] of steps) {
      const passes = await scanCount(page);
      await page.evaluate(run, abstract);
      await afterNextScan(page, passes);
      await expect.poll(async () => (await liveMarks(page)).all.sort(), { message: step }).toEqual(before);
    }
    // No pass still to come doubles or drops a mark.
    await page.waitForTimeout(300);
    expect((await liveMarks(page)).all.sort()).toEqual(before);
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await page.close();
  });

  it('marks exactly the paper shown, and reports it under its address, through Back and Forward between two papers of the app', async () => {
    const direct = await openPaper(AWQ_PAPER);
    // 35 mentions counted per text node; "Grouped Lattice Vector Quantization (GLVQ)" is one mark.
    await expect.poll(() => markTotal(direct)).toBe(34);
    const awq = (await liveMarks(direct)).all.sort();
    await direct.close();
    const page = await openPaper();
    await expect.poll(() => markTotal(page)).toBe(39);
    const quipSharp = (await liveMarks(page)).all.sort();
    const tabId = await tabIdOf(extensionPage, 'https://www.semanticscholar.org/paper/*');
    const report = async () => {
      const summary = (await askBackground<{ url: string | null; readingAt?: number; methods: { count: number }[] }>(extensionPage, 'getPageSummary', { tabId })).value;
      return summary && { url: summary.url, reading: summary.readingAt !== undefined, count: summary.methods.reduce((sum, method) => sum + method.count, 0) };
    };
    const shows = async (url: string, marks: string[]) => {
      await expect.poll(() => page.evaluate(() => location.href)).toBe(url);
      await expect.poll(async () => (await liveMarks(page)).all.sort()).toEqual(marks);
      await expect.poll(report).toEqual({ url, reading: false, count: marks.length });
    };
    // The app's own link to the AWQ paper, which names it with its title.
    const next = `https://www.semanticscholar.org${await page.evaluate(() => (window as any).__s2.navigate())}`;
    await shows(next, awq);
    await page.goBack();
    await shows(PAPER, quipSharp);
    await page.goForward();
    await shows(next, awq);
    // Back, and Forward again as soon as the app has shown its skeleton for the paper before.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          let pops = 0;
          addEventListener('popstate', function popped() {
            if (++pops === 1) return history.forward();
            removeEventListener('popstate', popped);
            resolve();
          });
          history.back();
        }),
    );
    await shows(next, awq);
    // Nothing said late for the paper passed through takes its place.
    await page.waitForTimeout(1_500);
    expect({ marks: (await liveMarks(page)).all.sort(), report: await report() }).toEqual({ marks: awq, report: { url: next, reading: false, count: awq.length } });
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await page.close();
  });

  it('marks the paper the app goes to while the tab is hidden with a method muted meanwhile, and nothing of the paper before', async () => {
    try {
      const expected = await awqPaperMarksWithAwqMuted();
      const page = await openPaper();
      await expect.poll(() => markTotal(page)).toBe(39);
      expect((await liveMarks(page)).count('AWQ')).toBeGreaterThan(0);
      await seenByContentScriptAs(page, 'hidden');
      await muteMethods(['awq']);
      await expect.poll(async () => (await liveMarks(page)).count('AWQ')).toBe(0);
      // The app moves on to the AWQ paper while the reader is away: that page is read now, with the mute.
      const passes = await scanCount(page);
      await page.evaluate(() => (window as any).__s2.navigate());
      await firstPassOfNextPage(page, passes);
      // That first pass most often reads the app's skeleton (the dictionary comes before the app renders,
      // 100 ms on): the paper is marked by the rescan the render brings, a frame later.
      await expect.poll(async () => (await liveMarks(page)).all.sort()).toEqual(expected);
      expect(await dictionaryAsked(page)).toBe(2);
      // Shown: the page it was marked for is the one shown; nothing to ask again.
      await shownAsMarkedWhileHidden(page, expected);
    } finally {
      await muteMethods([]);
    }
  });

  it('marks the paper the app goes to while the tab is hidden without a method the reader mutes while that paper waits to be read', async () => {
    let opened: Page | undefined;
    try {
      const expected = await awqPaperMarksWithAwqMuted();
      await recordContentRequests(extensionPage);
      const page = (opened = await openPaper());
      await expect.poll(() => markTotal(page)).toBe(39);
      // The first paper's report, sent a moment after its marks are shown: counted before the app moves on.
      await expect.poll(async () => (await contentRequestsFrom(extensionPage, PAPER)).at(-1)).toEqual({ type: 'reportMentions', read: true });
      await seenByContentScriptAs(page, 'hidden');
      // The app busy after it moves on (tasks back to back, never idle): the next paper's first pass
      // waits for it (up to a second), its dictionary, AWQ's names and all, in hand.
      await page.evaluate(() => {
        const channel = new MessageChannel();
        const until = performance.now() + 5_000;
        channel.port1.onmessage = () => {
          const task = performance.now();
          while (performance.now() - task < 4);
          if (!(window as any).__stopBusy && performance.now() < until) channel.port2.postMessage(null);
        };
        channel.port2.postMessage(null);
      });
      // The script's requests go out under the address the tab loaded, whatever the app has pushed since.
      const before = (await contentRequestsFrom(extensionPage, PAPER)).length;
      const passes = await scanCount(page);
      await page.evaluate(() => (window as any).__s2.navigate());
      await expect.poll(async () => (await contentRequestsFrom(extensionPage, PAPER)).slice(before)).toEqual([{ type: 'reportMentions', read: true, reading: true }]);
      // AWQ muted meanwhile (the page still busy): the next paper is marked without AWQ, though the reader is away.
      await muteMethods(['awq']);
      await firstPassOfNextPage(page, passes);
      expect((await liveMarks(page)).all.sort()).toEqual(expected);
      await page.evaluate(() => ((window as any).__stopBusy = true));
      await shownAsMarkedWhileHidden(page, expected);
    } finally {
      await muteMethods([]);
      await opened?.close();
    }
  });

  it('takes marks, card, count and list away when the app goes to an author page, and puts them back on Back', async () => {
    const page = await openPaper();
    await expect.poll(() => markTotal(page)).toBe(39);
    const tabId = await tabIdOf(extensionPage, 'https://www.semanticscholar.org/paper/*');
    const summary = async () => (await askBackground<{ scanned: boolean; methods: { count: number }[] }>(extensionPage, 'getPageSummary', { tabId })).value;
    const badge = () => extensionPage.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), tabId);
    await expect.poll(async () => (await summary())?.methods.reduce((sum, method) => sum + method.count, 0)).toBe(39);
    const badgeOnPaper = await badge();
    expect(await hoverCard(page, 'AWQ')).toContain('AWQ');
    // An author's link in the paper: the app renders the author page, its papers' names and all.
    await page.evaluate(() => (window as any).__s2.navigate('/author/Albert-Tseng/2117564', 0));
    await expect.poll(() => cardIsOpen(page)).toBe(false);
    await expect.poll(() => markTotal(page)).toBe(0);
    await expect.poll(async () => (await summary())?.scanned).toBe(false);
    expect((await summary())?.methods).toEqual([]);
    expect(await badge()).toBe('');
    await page.goBack();
    await expect.poll(() => markTotal(page)).toBe(39);
    await expect.poll(async () => (await summary())?.methods.reduce((sum, method) => sum + method.count, 0)).toBe(39);
    expect(await badge()).toBe(badgeOnPaper);
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await page.close();
  });

  /** The paper page set mutating forever, once the background says it is paused. */
  async function openPaperMutatingForever() {
    const page = await openPaper();
    await waitForScans(page);
    await page.evaluate(() => (window as any).__s2.startMutatingForever());
    const tabId = await tabIdOf(extensionPage, 'https://www.semanticscholar.org/paper/*');
    await expect
      .poll(async () => (await askBackground<{ paused: boolean }>(extensionPage, 'getPageSummary', { tabId })).value?.paused, { timeout: 15_000 })
      .toBe(true);
    return { page, tabId };
  }

  it('stops rescanning a page that mutates forever, says so, never leaves a stale mark, and reads it again once it is still', async () => {
    const { page, tabId } = await openPaperMutatingForever();
    const passesWhenPaused = await scanCount(page);
    await page.waitForTimeout(1_000);
    expect(await scanCount(page)).toBe(passesWhenPaused);
    await liveMarks(page);
    const ticks = await page.evaluate(() => (window as any).__s2.stopMutating());
    expect(ticks).toBeGreaterThan(60);
    // Still for a few seconds, the page is read again, whole: what it added meanwhile is marked.
    const marksWhenStill = (await liveMarks(page)).total;
    await page.evaluate(() => (window as any).__s2.appendResults(3));
    await expect
      .poll(async () => (await askBackground<{ paused: boolean }>(extensionPage, 'getPageSummary', { tabId })).value?.paused, { timeout: 15_000 })
      .toBe(false);
    expect(await scanCount(page)).toBeGreaterThan(passesWhenPaused);
    await expect.poll(async () => (await liveMarks(page)).total).toBeGreaterThan(marksWhenStill);
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await page.close();
  });

  it('marks a result appended to a page that mutates forever within a second, the ticker costing no pass and getting no mark', async () => {
    const { page, tabId } = await openPaperMutatingForever();
    try {
      const passes = await scanCount(page);
      // Three seconds of the page's churn: not one pass.
      await page.waitForTimeout(3_000);
      expect(await scanCount(page)).toBe(passes);
      const index = await page.evaluate(() => (window as any).__s2.resultCount() as number);
      await page.evaluate(() => (window as any).__s2.appendResults(1));
      await expect.poll(async () => (await marksInside(page, `[data-index="${index}"]`)).inside, { timeout: 1_000, interval: 50 }).toBeGreaterThan(0);
      // One pass read it, while the page went on churning, still paused.
      expect(await scanCount(page)).toBe(passes + 1);
      expect((await askBackground<{ paused: boolean }>(extensionPage, 'getPageSummary', { tabId })).value?.paused).toBe(true);
      expect((await marksInside(page, '[data-test-id="blip"], [data-test-id="live-ticker"]')).inside).toBe(0);
      await liveMarks(page);
    } finally {
      await page.evaluate(() => (window as any).__s2.stopMutating());
    }
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await page.close();
  });

  it('keeps a page that mutates forever paused when the reader mutes a method: marked anew once, then no rescan, and never said to be no longer paused', async () => {
    const { page, tabId } = await openPaperMutatingForever();
    // Every report the background stores for the tab from now on: whether it says the page is paused.
    await extensionPage.evaluate((key) => {
      const said: boolean[] = ((window as any).__pausedSaid = []);
      chrome.storage.session.onChanged.addListener((changes) => {
        const report = changes[key]?.newValue as { paused: boolean } | undefined;
        if (report) said.push(report.paused);
      });
    }, `tab-mentions-${tabId}`);
    const passes = await scanCount(page);
    expect((await liveMarks(page)).count('QuIP#')).toBeGreaterThan(0);
    try {
      await extensionPage.evaluate(() => chrome.storage.local.set({ mutedMethods: ['quip-sharp'] }));
      await expect.poll(async () => (await liveMarks(page)).count('QuIP#')).toBe(0);
      await expect.poll(() => extensionPage.evaluate(() => ((window as any).__pausedSaid as boolean[]).length)).toBeGreaterThan(0);
      // The new dictionary's pass, and none after it while the page goes on changing as fast.
      await page.waitForTimeout(1_000);
      expect(await scanCount(page)).toBe(passes + 1);
      expect(await extensionPage.evaluate(() => (window as any).__pausedSaid)).not.toContain(false);
      await liveMarks(page);
    } finally {
      await extensionPage.evaluate(() => chrome.storage.local.set({ mutedMethods: [] }));
      await page.evaluate(() => (window as any).__s2.stopMutating());
    }
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await page.close();
  });

  it('closes an open card when the page edits its mark’s text away while rescanning is stopped', async () => {
    const page = await openPaper();
    await expect.poll(() => markCenter(page, 'AWQ'), { timeout: 15_000 }).not.toBeNull();
    expect(await hoverCard(page, 'AWQ')).toContain('AWQ');
    await page.evaluate(() => (window as any).__s2.startMutatingForever());
    const tabId = await tabIdOf(extensionPage, 'https://www.semanticscholar.org/paper/*');
    await expect
      .poll(async () => (await askBackground<{ paused: boolean }>(extensionPage, 'getPageSummary', { tabId })).value?.paused, { timeout: 15_000 })
      .toBe(true);
    // The ticker elsewhere on the page took nothing from the card's mark: the card is still open.
    expect(await cardIsOpen(page)).toBe(true);
    await page.evaluate(() => (window as any).__s2.editInPlace('AWQ', 'the baseline'));
    // No rescan comes while the page runs away; the card must not go on speaking for text no longer there.
    await expect.poll(() => cardIsOpen(page), { timeout: 2_000 }).toBe(false);
    await page.evaluate(() => (window as any).__s2.stopMutating());
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await page.close();
  });
});

describe('Semantic Scholar search page', () => {
  it('marks results as they arrive and as more are loaded', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://www.semanticscholar.org/search?q=quantization');
    await page.waitForFunction(() => (window as any).__s2?.rendered === true);
    // 25 mentions on first render, counted independently (tests/fixtures/pages/README.md).
    await expect.poll(() => markTotal(page)).toBe(25);
    const passes = await scanCount(page);
    await page.evaluate(() => (window as any).__s2.loadMore(0));
    await afterNextScan(page, passes);
    expect((await liveMarks(page)).total).toBeGreaterThan(25);
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await page.close();
  });
  it('reads a search\'s results alone, not the query the page echoes; a search whose results it cannot tell is read whole', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://www.semanticscholar.org/search?q=SpinQuant');
    await page.waitForFunction(() => (window as any).__s2?.rendered === true);
    await waitForScans(page);
    const tabId = await tabIdOf(extensionPage, 'https://www.semanticscholar.org/search*');
    const summary = async () => (await askBackground<{ scanned: boolean; readingAt?: number; methods: { name: string; count: number }[] }>(extensionPage, 'getPageSummary', { tabId })).value;
    await expect.poll(async () => (await summary())?.scanned).toBe(true);
    // The count above the results says 'results for "SpinQuant"': the reader's query, not a mention.
    const marks = await marksInside(page, '.serp-papers__paper-row');
    expect(marks.total).toBeGreaterThan(0);
    expect(marks.inside).toBe(marks.total);
    expect((await summary())?.methods.reduce((sum, method) => sum + method.count, 0)).toBe(marks.total);
    // The site renames its classes: the results are still read (with the query echoed above them), not left unread.
    const passes = await scanCount(page);
    await page.evaluate(() => {
      const results = document.querySelector('.result-page')!;
      const renamed = results.cloneNode(true) as Element;
      for (const element of [renamed, ...renamed.querySelectorAll('.serp-papers__paper-row')]) {
        if (element !== renamed) element.setAttribute('data-row', '');
        element.classList.remove('result-page', 'serp-papers__paper-row');
      }
      results.replaceWith(renamed);
    });
    await afterNextScan(page, passes);
    const whole = await marksInside(page, '[data-row]');
    expect(whole.inside).toBe(marks.total);
    expect(whole.total).toBeGreaterThan(marks.total);
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await page.close();
  });

  it('marks and counts nothing on a search that found nothing: the query the app echoes is no mention', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://www.semanticscholar.org/search?q=SpinQuant&__s2noresults');
    await page.waitForFunction(() => (window as any).__s2?.rendered === true);
    await waitForScans(page);
    const tabId = await tabIdOf(extensionPage, 'https://www.semanticscholar.org/search*');
    const summary = async () => (await askBackground<{ scanned: boolean; readingAt?: number; methods: { name: string }[] }>(extensionPage, 'getPageSummary', { tabId })).value;
    await expect.poll(async () => (await summary())?.scanned).toBe(true);
    expect(await page.locator('[data-test-id="no-results"]').innerText()).toContain('No results for "SpinQuant"');
    expect((await summary())?.methods.map((method) => method.name)).toEqual([]);
    expect(await markTotal(page)).toBe(0);
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await page.close();
  });

  it('follows a search made in the app: while it loads nothing is said of the page, then exactly the new results are marked and counted', async () => {
    const SEARCH = 'https://www.semanticscholar.org/search?q=SpinQuant';
    // The search loaded directly: what the search made in the app must end up with.
    const direct = await browser.context.newPage();
    await direct.goto(SEARCH);
    await direct.waitForFunction(() => (window as any).__s2?.rendered === true);
    await expect.poll(() => markTotal(direct)).toBeGreaterThan(0);
    await direct.waitForTimeout(300);
    const expected = (await liveMarks(direct)).all.sort();
    await direct.close();

    const page = await browser.context.newPage();
    await page.goto('https://www.semanticscholar.org/search?q=quantization');
    await page.waitForFunction(() => (window as any).__s2?.rendered === true);
    await expect.poll(() => markTotal(page)).toBe(25);
    const tabId = await tabIdOf(extensionPage, 'https://www.semanticscholar.org/search*');
    const summary = async () => (await askBackground<{ url: string; readingAt?: number; methods: { count: number }[] }>(extensionPage, 'getPageSummary', { tabId })).value;
    await expect.poll(async () => (await summary())?.methods.length ?? 0).toBeGreaterThan(5);
    await page.locator('input[name="q"]').fill('SpinQuant');
    await page.evaluate(() => (window as any).__s2.search('SpinQuant', 'never'));
    await expect.poll(async () => (await summary())?.url).toBe(SEARCH);
    expect(await summary()).toMatchObject({ methods: [], readingAt: expect.any(Number) });
    expect(await markTotal(page)).toBe(0);
    await page.evaluate(() => (window as any).__s2.renderNow());
    await expect.poll(async () => (await liveMarks(page)).all.sort()).toEqual(expected);
    await expect.poll(async () => (await summary())?.methods.reduce((sum, method) => sum + method.count, 0)).toBe(expected.length);
    expect((await summary())?.readingAt).toBeUndefined();
    // Back to the first search: its results again, and only them.
    await page.goBack();
    await expect.poll(() => markTotal(page)).toBe(25);
    await expect.poll(async () => (await summary())?.methods.reduce((sum, method) => sum + method.count, 0)).toBe(25);
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await page.close();
  });
});

describe('Semantic Scholar page still rendering', () => {
  /** A tab's report as the background stores it (`lib/tab-mentions.ts`). */
  type Report = { url: string | null; mentions: { methodId: string; count: number }[]; paused: boolean; readingAt?: number };
  const beingRead = (report: Report | undefined) => report?.readingAt !== undefined;
  /** What the popup would show as "No known methods on this page.": a report read, with nothing in it. */
  const saysNoMethods = (report: Report | undefined) => report !== undefined && !beingRead(report) && report.mentions.length === 0;

  /**
   * An extension page that records every report the background stores from now on (session storage
   * changes, so none is missed between two polls), with the time it was stored.
   */
  async function reportRecorder() {
    const page = await openExtensionPage(browser);
    await page.evaluate(() => {
      const recorded: { key: string; at: number; value: unknown }[] = ((window as any).__reports = []);
      chrome.storage.session.onChanged.addListener((changes) => {
        for (const [key, change] of Object.entries(changes)) if (key.startsWith('tab-mentions-')) recorded.push({ key, at: Date.now(), value: change.newValue });
      });
    });
    return {
      page,
      /** The reports stored for `tabId` so far, in order. */
      of: async (tabId: number) =>
        (await page.evaluate(() => (window as any).__reports as { key: string; at: number; value: Report | undefined }[])).filter((entry) => entry.key === `tab-mentions-${tabId}`),
    };
  }

  /** The popup's page view for `tabId`, noting whether it ever says the page has no known methods. */
  async function popupFor(tabId: number): Promise<Page> {
    const popup = await browser.context.newPage();
    await popup.addInitScript(() => {
      const note = () => {
        if (document.body?.textContent?.includes('No known methods')) (window as any).__saidNoMethods = true;
      };
      new MutationObserver(note).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${tabId}`);
    return popup;
  }

  /** Lets the report the last pass asked for go out: its timer (250 ms), set before this one, runs first. */
  const reportSent = (page: Page) => page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));

  it('says a paper is being read while the app renders it, never that it has no methods, then lists them', async () => {
    const recorder = await reportRecorder();
    const page = await browser.context.newPage();
    await page.goto(`${PAPER}?__s2delay=never`);
    const tabId = await tabIdOf(extensionPage, 'https://www.semanticscholar.org/paper/*');
    const popup = await popupFor(tabId);
    // The first pass reads the app's empty shell, and its report goes out.
    await waitForScans(page);
    await reportSent(page);
    await expect.poll(() => popup.locator('.state-loading').count()).toBe(1);
    await page.evaluate(() => (window as any).__s2.renderNow());
    await expect.poll(() => popup.locator('.method-list li').count()).toBeGreaterThan(5);
    const reports = (await recorder.of(tabId)).map((entry) => entry.value);
    expect(reports.at(-1)!.mentions.length).toBeGreaterThan(5);
    expect(reports.filter(saysNoMethods)).toEqual([]);
    expect(await popup.evaluate(() => (window as any).__saidNoMethods ?? false)).toBe(false);
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await popup.close();
    await recorder.page.close();
  });

  it('says the next paper is being read while the app renders it after an in-app navigation, never that it has no methods', async () => {
    const recorder = await reportRecorder();
    const page = await openPaper();
    const tabId = await tabIdOf(extensionPage, 'https://www.semanticscholar.org/paper/*');
    await expect.poll(async () => (await recorder.of(tabId)).at(-1)?.value?.mentions.length ?? 0).toBeGreaterThan(5);
    const passes = await scanCount(page);
    // The app busy for a while after it moves on: the next page's first pass waits for it to go idle (up
    // to a second), and meanwhile the page before's session sees the skeleton come in.
    const next = await page.evaluate(() => {
      const until = performance.now() + 2_000;
      (function work() {
        const start = performance.now();
        while (performance.now() - start < 40);
        if (performance.now() < until) setTimeout(work, 0);
      })();
      return (window as any).__s2.navigate(undefined, 'never');
    });
    // The next page's session makes its first pass over the skeleton, and its report goes out.
    await page.waitForFunction(
      (passes) => performance.getEntriesByName('method-lens:scan').slice(passes).some((entry) => (entry as PerformanceMeasure).detail?.pass === 1),
      passes,
    );
    await reportSent(page);
    const nextUrl = `https://www.semanticscholar.org${next}`;
    // Meanwhile nothing of the paper before is counted, shown or marked: the tab is the next paper's, being read.
    expect((await recorder.of(tabId)).at(-1)?.value).toMatchObject({ url: nextUrl, mentions: [], readingAt: expect.any(Number) });
    expect(await extensionPage.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), tabId)).toBe('');
    expect(await markTotal(page)).toBe(0);
    await page.evaluate(() => (window as any).__s2.renderNow());
    const ofNext = async () => (await recorder.of(tabId)).map((entry) => entry.value).filter((report) => report?.url === nextUrl);
    await expect.poll(async () => (await ofNext()).at(-1)?.mentions.length ?? 0).toBeGreaterThan(5);
    expect((await ofNext()).filter(saysNoMethods)).toEqual([]);
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await recorder.page.close();
  });

  it('says a paper the app opens again is being read while it renders it anew, never that it has no methods', async () => {
    const recorder = await reportRecorder();
    const page = await openPaper();
    const tabId = await tabIdOf(extensionPage, 'https://www.semanticscholar.org/paper/*');
    await expect.poll(async () => (await recorder.of(tabId)).at(-1)?.value?.mentions.length ?? 0).toBeGreaterThan(5);
    const before = (await recorder.of(tabId)).length;
    // A link to the paper shown (its title in a list, a second click): the same address, the app's skeleton
    // in the paper's place until it has fetched it again.
    await page.evaluate(() => (window as any).__s2.navigate(location.pathname, 'never'));
    await expect.poll(async () => (await recorder.of(tabId)).length).toBeGreaterThan(before);
    await reportSent(page);
    const whileRendering = async () => (await recorder.of(tabId)).slice(before).map((entry) => entry.value);
    expect((await whileRendering()).filter(saysNoMethods)).toEqual([]);
    expect((await whileRendering()).at(-1)).toMatchObject({ url: PAPER, mentions: [], readingAt: expect.any(Number) });
    await page.evaluate(() => (window as any).__s2.renderNow());
    await expect.poll(async () => (await whileRendering()).at(-1)?.mentions.length ?? 0).toBeGreaterThan(5);
    expect((await whileRendering()).filter(saysNoMethods)).toEqual([]);
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await recorder.page.close();
  });

  it('says a paper is being read again when the reader comes back to it from a page it does not read', async () => {
    const recorder = await reportRecorder();
    const page = await openPaper();
    const tabId = await tabIdOf(extensionPage, 'https://www.semanticscholar.org/paper/*');
    await expect.poll(async () => (await recorder.of(tabId)).at(-1)?.value?.mentions.length ?? 0).toBeGreaterThan(5);
    // On to a page of the app Method Lens does not read: the tab's report is forgotten.
    await page.evaluate(() => (window as any).__s2.navigate('/about/quip-sharp'));
    await expect.poll(async () => (await recorder.of(tabId)).at(-1)?.value).toBeUndefined();
    const before = (await recorder.of(tabId)).length;
    // Back to the paper, the app busy for a while: the first pass waits for it to go idle (up to a second).
    await page.evaluate(() => {
      const until = performance.now() + 2_000;
      (function work() {
        const start = performance.now();
        while (performance.now() - start < 40);
        if (performance.now() < until) setTimeout(work, 0);
      })();
      history.back();
    });
    const afterBack = async () => (await recorder.of(tabId)).slice(before).map((entry) => entry.value);
    await expect.poll(async () => (await afterBack()).at(-1)?.mentions.length ?? 0).toBeGreaterThan(5);
    // Meanwhile the popup says the page is being read, not that it has not been read (to reload it).
    expect((await afterBack())[0]).toMatchObject({ url: PAPER, mentions: [], readingAt: expect.any(Number) });
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
    await recorder.page.close();
  });

  it('reports a page whose content never shows as read once it has waited long enough, not before', async () => {
    const recorder = await reportRecorder();
    const page = await browser.context.newPage();
    await page.goto(`${PAPER}?__s2delay=never`);
    const tabId = await tabIdOf(extensionPage, 'https://www.semanticscholar.org/paper/*');
    await waitForScans(page);
    // The wait starts with the session, as its first pass does (the page's clock and the extension page's are the same wall clock).
    const sessionStart = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByName('method-lens:scan')[0]!.startTime);
    await expect.poll(async () => (await recorder.of(tabId)).some((entry) => entry.value && !beingRead(entry.value)), { timeout: 30_000 }).toBe(true);
    const reports = await recorder.of(tabId);
    const read = reports.findIndex((entry) => entry.value && !beingRead(entry.value));
    // Said to be being read from the script's start until the wait for the content was over.
    expect(beingRead(reports[0]!.value)).toBe(true);
    expect(reports.slice(0, read).every((entry) => beingRead(entry.value))).toBe(true);
    expect(reports[read]!.at - sessionStart).toBeGreaterThanOrEqual(CONTENT_WAIT_MS);
    expect(reports[read]!.value).toMatchObject({ mentions: [], paused: false });
    await recorder.page.close();
  }, 60_000);
});
