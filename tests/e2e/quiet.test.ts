/**
 * Quiet in real use: a reader keeps Method Lens installed all day. The page is the reader's: the card
 * moves no focus and scrolls nothing the reader did not ask for. The service worker's console, which
 * the browser shows on the extensions page as the extension's errors, holds real failures only, never
 * what a routine event (a tab closed while its page is being read) leaves. And the worker sleeps
 * through the reader's browsing of other sites.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blockRealSites, launchWithExtension, routeFixture, type ExtensionBrowser } from '../helpers/browser';
import { cardBox, cardIsOpen, closePagesEachTestOpens, evaluateInContentScript, hoverCard, markCenter, waitForScans } from './page-helpers';
import { holdStore, openExtensionPage, stopServiceWorkers, tabIdOf } from './extension-page';
import { holderStanding } from '../helpers/mark-holder';

let browser: ExtensionBrowser;
let extensionPage: Page;
/** What the service worker wrote to its console, warnings and errors. */
const workerConsole: string[] = [];

const PAPER = 'https://arxiv.org/abs/2406.01234';
/** A search field at the top of a long page, the abstract far below it. */
const LONG_PAGE = 'https://arxiv.org/abs/2406.05555';
/** An old page with no doctype: the browser lays it out in quirks mode. */
const QUIRKS_PAGE = 'https://arxiv.org/abs/2406.06666';
/** An abstract in one paragraph taller than the window. */
const TALL_PAGE = 'https://arxiv.org/abs/2406.07777';

beforeAll(async () => {
  browser = await launchWithExtension();
  await blockRealSites(browser.context);
  await routeFixture(browser.context, `${PAPER}*`, 'arxiv-abs-quant.html');
  const filler = '<p>Filler paragraph.</p>'.repeat(60);
  await browser.context.route(`${LONG_PAGE}*`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><input id="search" aria-label="Search">${filler}<div id="abs"><blockquote class="abstract">We compare against AWQ and GPTQ at two bits.</blockquote></div>${filler}</body></html>`,
    }),
  );
  await browser.context.route(`${QUIRKS_PAGE}*`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<html><head><title>t</title></head><body>${filler}<div id="abs"><blockquote class="abstract">We compare against AWQ and GPTQ at two bits.</blockquote></div>${filler}</body></html>`,
    }),
  );
  const words = 'Low-bit weight quantization keeps accuracy at two bits on these models. '.repeat(200);
  await browser.context.route(`${TALL_PAGE}*`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body><blockquote class="abstract">${words}We compare against AWQ and GPTQ at two bits. ${words}</blockquote></body></html>`,
    }),
  );
  browser.serviceWorker.on('console', (message) => {
    if (message.type() === 'warning' || message.type() === 'error') workerConsole.push(message.text());
  });
  extensionPage = await openExtensionPage(browser);
});

closePagesEachTestOpens(() => browser.context);

afterAll(async () => {
  await browser?.close();
});

/** Counts every frame the content script asks for from now on, in its own world; gives back a reader of the count. */
async function countFramesAsked(page: Page): Promise<() => Promise<unknown>> {
  await evaluateInContentScript(page, `{ const ask = requestAnimationFrame; globalThis.framesAsked = 0; globalThis.requestAnimationFrame = (callback) => (globalThis.framesAsked++, ask(callback)); }`);
  return () => evaluateInContentScript(page, 'globalThis.framesAsked');
}

/** The worker's console so far: a round trip to the worker first, so that all it wrote before has come in. */
async function workerSaid(): Promise<string[]> {
  await browser.serviceWorker.evaluate(() => null);
  return [...workerConsole];
}

describe('the page as the reader left it', () => {
  it('gets no window message from the extension: the page’s own message handlers hear nothing, and no script of the page learns the extension’s id', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      const heard: string[] = ((window as { heard?: string[] }).heard = []);
      addEventListener('message', (event) => heard.push(JSON.stringify(event.data)));
    });
    await page.goto(PAPER);
    await waitForScans(page);
    await hoverCard(page, 'AWQ');
    expect(await page.evaluate(() => (window as { heard?: string[] }).heard)).toEqual([]);
    await page.close();
  });

  it.each([
    ['the abstract page', PAPER, 'inside'],
    ['a page in quirks mode (no doctype), whose <html> is as tall as the page', QUIRKS_PAGE, 'inside'],
    ['a page whose paragraph holding the mark reaches past the window above and below', TALL_PAGE, 'past both edges'],
  ])('runs nothing of the extension’s at each frame while a card is open on %s and nothing moves; the card still closes when the page slides its mark away', async (_, url, holderStands) => {
    const page = await browser.context.newPage();
    await page.goto(url);
    await waitForScans(page);
    await hoverCard(page, 'AWQ');
    const center = (await markCenter(page, 'AWQ'))!;
    // The mark's element (the text's parent) lies wholly in the window, as a title or a short paragraph does,
    // or reaches past it, as a long paragraph does.
    expect(await page.evaluate(holderStanding, center)).toBe(holderStands);
    expect(await page.evaluate(() => document.compatMode)).toBe(url === QUIRKS_PAGE ? 'BackCompat' : 'CSS1Compat');
    const framesAsked = await countFramesAsked(page);
    await page.waitForTimeout(1_000);
    expect(await cardIsOpen(page)).toBe(true);
    expect(await framesAsked()).toBe(0);
    // The page's script slides the mark's element away (no element, attribute or layout changes): the card goes.
    await page.evaluate(({ x, y }) => void document.caretPositionFromPoint(x, y)!.offsetNode.parentElement!.animate([{ transform: 'none' }, { transform: 'translateX(-300px)' }], { duration: 200, fill: 'forwards' }), center);
    await page.waitForFunction(() => !document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, { timeout: 2_000 });
    await page.close();
  });

  it('closes the card when the page shrinks the mark’s element in place (a scale under 1 draws the mark nearer its centre), with nothing run at each frame meanwhile', async () => {
    const page = await browser.context.newPage();
    await page.goto(PAPER);
    await waitForScans(page);
    await hoverCard(page, 'AWQ');
    const center = (await markCenter(page, 'AWQ'))!;
    // The pointer rests on the card, which the shrink does not move: only the watch on the mark can close it.
    const card = (await cardBox(page))!;
    await page.mouse.move((card.left + card.right) / 2, (card.top + card.bottom) / 2);
    const framesAsked = await countFramesAsked(page);
    await page.waitForTimeout(500);
    expect(await cardIsOpen(page)).toBe(true);
    await page.evaluate(({ x, y }) => void document.caretPositionFromPoint(x, y)!.offsetNode.parentElement!.animate([{ transform: 'scale(0.9)' }], { duration: 0, fill: 'forwards' }), center);
    await page.waitForFunction(() => !document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, { timeout: 2_000 });
    expect(await framesAsked()).toBe(0);
    await page.close();
  });

  it('keeps its scroll when the card the reader tabbed into closes: focus goes back to the search field without scrolling to it', async () => {
    const page = await browser.context.newPage();
    await page.goto(LONG_PAGE);
    await waitForScans(page);
    // The reader typed in the search field at the top, then scrolled down to the abstract.
    await page.locator('#search').fill('quantization');
    await hoverCard(page, 'AWQ');
    const reading = await page.evaluate(() => scrollY);
    expect(reading).toBeGreaterThan(1_000);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'));
    expect(await page.evaluate(() => ({ scrollY, focused: document.activeElement?.id }))).toEqual({ scrollY: reading, focused: 'search' });
    await page.close();
  });
});

describe('the service worker’s console', () => {
  it('stays quiet when a tab is closed while the worker handles its page’s report', async () => {
    const page = await browser.context.newPage();
    await page.goto(PAPER);
    await waitForScans(page);
    const tabId = await tabIdOf(extensionPage, `${PAPER}*`);
    await expect.poll(() => extensionPage.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), tabId)).toBe('2');
    const report = () => extensionPage.evaluate(async (key) => (await chrome.storage.session.get(key))[key] as { readingAt?: number } | undefined, `tab-mentions-${tabId}`);
    const said = await workerSaid();

    // The store held, the report of the paper's next address (the page moved on in the app) is kept
    // and waits for its methods' statuses, for the badge; the reader closes the tab meanwhile.
    const store = await holdStore(browser);
    try {
      await page.evaluate(() => history.pushState(null, '', '/abs/2406.01234v2'));
      await expect.poll(async () => (await report())?.readingAt).toBeDefined();
      await page.close();
    } finally {
      await store.release();
    }
    // The closed tab forgotten, after the report (each tab's work is done in order).
    await expect.poll(report).toBeUndefined();
    expect((await workerSaid()).slice(said.length)).toEqual([]);
  });
});

// Last in the file: it stops the service worker, whose handle the tests above use.
describe('the service worker while the reader browses other sites', () => {
  /** The worker stopped, and its running states from then on, as DevTools reports them. */
  async function stoppedWorker(): Promise<{ statesSince: () => string[]; detach: () => Promise<void> }> {
    const devtools = await browser.context.newCDPSession(extensionPage);
    const states: string[] = [];
    devtools.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: { scriptURL: string; runningStatus: string }[] }) => {
      for (const version of versions) if (version.scriptURL.includes(browser.extensionId)) states.push(version.runningStatus);
    });
    await devtools.send('ServiceWorker.enable');
    await stopServiceWorkers(browser, extensionPage);
    // What the test did just before (a setting written, the last test's tabs closed) reaches the worker as
    // events, and one dispatched after the stop starts it again (seen once, in a run of the shuffled browser
    // suites): stopped again until it stays so. A worker the pages below start is then theirs alone.
    await expect.poll(async () => {
      if (states.at(-1) === 'running') await stopServiceWorkers(browser, extensionPage);
      return states.at(-1);
    }).toBe('stopped');
    const stoppedAt = states.length;
    return { statesSince: () => states.slice(stoppedAt), detach: () => devtools.detach() };
  }

  it('is not started by their page loads, and forgets the report of a paper the tab leaves for one', async () => {
    const OTHER = 'https://example.org';
    await browser.context.route(`${OTHER}/**`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><title>Elsewhere</title><p>Nothing of ours.</p>' }),
    );
    const page = await browser.context.newPage();
    await page.goto(PAPER);
    await waitForScans(page);
    const tabId = await tabIdOf(extensionPage, `${PAPER}*`);
    const report = () => extensionPage.evaluate(async (key) => (await chrome.storage.session.get(key))[key], `tab-mentions-${tabId}`);
    const badge = () => extensionPage.evaluate((tabId) => chrome.action.getBadgeText({ tabId }), tabId);
    await expect.poll(report).toMatchObject({ url: PAPER });
    await expect.poll(badge).toBe('2');

    // The paper left for another site: its report goes, and the browser takes the tab's badge away itself.
    await page.goto(`${OTHER}/first`);
    await expect.poll(report).toBeUndefined();
    expect(await badge()).toBe('');

    const worker = await stoppedWorker();

    // Stopped, the worker stays stopped through page loads, reloads and back and forth elsewhere.
    for (const path of ['second', 'third']) await page.goto(`${OTHER}/${path}`);
    await page.reload();
    await page.goBack();
    // A tab opened elsewhere too (closing one still starts it: the worker forgets a closed tab's report).
    const other = await browser.context.newPage();
    await other.goto(`${OTHER}/fourth`);
    await page.waitForTimeout(1_500);
    expect(worker.statesSince()).toEqual([]);

    // Back on a paper, its content script asks for the dictionary: that starts it, and the page is marked.
    await page.goto(PAPER);
    await waitForScans(page);
    expect(worker.statesSince()).toContain('running');
    await expect.poll(report).toMatchObject({ url: PAPER });
    await worker.detach();
  });

  it('is not started by the pages of a site whose marks are switched off, nor by leaving them', async () => {
    const LISTING = 'https://arxiv.org/list/cs.LG/recent';
    await routeFixture(browser.context, `${LISTING}*`, 'arxiv-list.html');
    const switches = (arxiv: boolean) => extensionPage.evaluate((arxiv) => chrome.storage.local.set({ siteSwitches: { arxiv, semanticScholar: true } }), arxiv);
    await switches(false);
    try {
      const worker = await stoppedWorker();

      // arXiv's pages, their content script running, read nothing: they say nothing, on loading or on leaving.
      const page = await browser.context.newPage();
      await page.goto(PAPER);
      await page.goto(LISTING);
      await page.reload();
      await page.goBack();
      await page.goto('about:blank');
      await page.goBack();
      await page.waitForTimeout(1_500);
      expect(worker.statesSince()).toEqual([]);
      expect(await page.evaluate(() => performance.getEntriesByName('method-lens:scan').length)).toBe(0);

      // Switched on, the page shown is read: it asks for its dictionary, which starts the worker.
      await switches(true);
      await waitForScans(page);
      expect(worker.statesSince()).toContain('running');
      await worker.detach();
    } finally {
      await switches(true);
    }
  });
});
