/**
 * The hover card among the page's own layers, in the built extension in Debian's Chromium: a page's
 * custom dialog closed by its own Escape listener, a native `<dialog>` opened with `showModal()` (a
 * "Cite this paper" box), a `popover="auto"` menu. One Escape closes the topmost layer only: the card
 * when it is shown, else the page's. A mark inside a modal dialog or a popover gets a card painted
 * above that layer and its backdrop, whose control the reader reaches by keyboard and clicks; a mark
 * the page made inert gets none. A widget of the page's at the highest z-index is drawn under the card.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { blockRealSites, launchWithExtension, type ExtensionBrowser } from '../helpers/browser';
import { openExtensionPage } from './extension-page';
import { cardIsOpen, cardText, hoverCard, markCenter, waitForScans } from './page-helpers';

let browser: ExtensionBrowser;
let extensionPage: Page;

const PAGE = 'https://arxiv.org/abs/2406.07777';

// The page hears Escape as its own dialogs and menus would: on `document`, registered before the
// content script runs. Its custom "Share" dialog closes on it; its "Cite" dialog also closes on a click
// outside it (`closedby="any"`), as the card beside it is.
const BODY = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Layers</title><script>
window.heard = [];
for (const type of ['keydown', 'keyup']) document.addEventListener(type, (event) => { if (event.key === 'Escape') heard.push(type); });
document.addEventListener('keydown', (event) => { if (event.key === 'Escape') document.getElementById('share').hidden = true; });
</script><style>
/* Backdrops as a site styles them all; the popover's room below its text lies under the card. */
::backdrop { background: rgb(0 0 0 / 0.4); }
#related { padding: 0 1em 240px; }
</style></head><body>
<div id="abs"><blockquote class="abstract">We compare against AWQ and GPTQ at two bits.</blockquote>
<div id="share" role="dialog" aria-label="Share this paper" hidden>Share this paper</div>
<dialog id="cite" closedby="any"><p>Cite this paper: it improves on QuaRot and AQLM at three bits.</p><button id="bibtex">BibTeX</button><button id="copy">Copy</button></dialog>
<div id="related" popover="auto"><p>Related: SmoothQuant at eight bits.</p></div>
</div></body></html>`;

beforeAll(async () => {
  browser = await launchWithExtension();
  await blockRealSites(browser.context);
  await browser.context.route(`${PAGE}*`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: BODY }));
  extensionPage = await openExtensionPage(browser);
  // The record a card asks to open is written to the session for the popup, which takes it at once:
  // every one written is kept here.
  await extensionPage.evaluate(() => {
    const asked: string[] = ((window as unknown as { asked: string[] }).asked = []);
    chrome.storage.session.onChanged.addListener((changes) => changes.pendingRecord?.newValue && asked.push(changes.pendingRecord.newValue as string));
  });
});

afterEach(async () => {
  for (const page of browser.context.pages()) if (page !== extensionPage) await page.close();
  await extensionPage.evaluate(() => ((window as unknown as { asked: string[] }).asked.length = 0));
});

afterAll(async () => {
  await browser?.close();
});

async function openLayers(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(PAGE);
  await waitForScans(page);
  return page;
}

const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: string[] }).heard);
const shareShown = (page: Page) => page.evaluate(() => !document.getElementById('share')!.hidden);
const citeOpen = (page: Page) => page.evaluate(() => (document.getElementById('cite') as HTMLDialogElement).open);
const relatedOpen = (page: Page) => page.evaluate(() => document.getElementById('related')!.matches(':popover-open'));

async function escapeClosesCard(page: Page) {
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'));
}

describe('Escape', () => {
  it('with no card shown, reaches the page untouched', async () => {
    const page = await openLayers();
    await page.evaluate(() => (document.getElementById('share')!.hidden = false));
    await page.keyboard.press('Escape');
    expect(await heard(page)).toEqual(['keydown', 'keyup']);
    expect(await shareShown(page)).toBe(false);
  });

  it('closes a card shown over the page’s own dialog and nothing else; the next Escape closes the dialog', async () => {
    const page = await openLayers();
    await page.evaluate(() => (document.getElementById('share')!.hidden = false));
    await hoverCard(page, 'AWQ');
    await escapeClosesCard(page);
    expect(await heard(page)).toEqual([]);
    expect(await shareShown(page)).toBe(true);
    // The same with focus in the card (Tab to its control).
    await page.mouse.move(1, 1);
    await hoverCard(page, 'GPTQ');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.querySelector('method-lens-card')?.shadowRoot?.activeElement?.textContent)).toBe('Open full record');
    await escapeClosesCard(page);
    expect(await heard(page)).toEqual([]);
    expect(await shareShown(page)).toBe(true);

    await page.keyboard.press('Escape');
    expect(await heard(page)).toEqual(['keydown', 'keyup']);
    expect(await shareShown(page)).toBe(false);
  });

  it('closes a card shown in a modal dialog and leaves the dialog open; the next Escape closes the dialog', async () => {
    const page = await openLayers();
    await page.evaluate(() => (document.getElementById('cite') as HTMLDialogElement).showModal());
    await hoverCard(page, 'AQLM');
    await escapeClosesCard(page);
    expect(await citeOpen(page)).toBe(true);
    expect(await heard(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => citeOpen(page)).toBe(false);
  });

  it('over a card it opens a modal dialog on, the page keeps Escape and Tab: the card is under the dialog and inert', async () => {
    const page = await openLayers();
    await hoverCard(page, 'AWQ');
    await page.evaluate(() => (document.getElementById('cite') as HTMLDialogElement).showModal());
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('bibtex');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('copy');
    await page.keyboard.press('Escape');
    await expect.poll(() => citeOpen(page)).toBe(false);
    expect(await heard(page)).toEqual(['keydown', 'keyup']);
    expect(await cardIsOpen(page)).toBe(false);
  });

  it('closes a card shown in a popover and leaves the popover open; the next Escape closes the popover', async () => {
    const page = await openLayers();
    await page.evaluate(() => document.getElementById('related')!.showPopover());
    await hoverCard(page, 'SmoothQuant');
    await escapeClosesCard(page);
    expect(await relatedOpen(page)).toBe(true);
    expect(await heard(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await expect.poll(() => relatedOpen(page)).toBe(false);
    expect(await cardIsOpen(page)).toBe(false);
  });
});

/** What is painted at the card's centre and its control's, and what the control's centre hits inside the card. */
function cardOnTop(page: Page) {
  return page.evaluate(() => {
    const host = document.querySelector('method-lens-card')!;
    const centre = (element: Element) => {
      const rect = element.getBoundingClientRect();
      return [rect.left + rect.width / 2, rect.top + rect.height / 2] as const;
    };
    const control = host.shadowRoot!.querySelector('.ml-open')!;
    return {
      atCard: document.elementFromPoint(...centre(host.shadowRoot!.querySelector('.ml-card')!))?.localName,
      atControl: host.shadowRoot!.elementFromPoint(...centre(control)) === control,
    };
  });
}

/** The pixels of a strip at the page's foot, away from the dialog, the popover and the card. */
const foot = (page: Page) => page.screenshot({ clip: { x: 0, y: page.viewportSize()!.height - 20, width: 200, height: 20 } });

async function clickControl(page: Page) {
  const control = (await page.locator('method-lens-card .ml-open').boundingBox())!;
  await page.mouse.click(control.x + control.width / 2, control.y + control.height / 2);
}

/** The records the cards asked to open. */
const recordsAsked = () => extensionPage.evaluate(() => (window as unknown as { asked: string[] }).asked);

describe('a mark in the page’s top layer', () => {
  it('in a modal dialog: its card is painted above the dialog and its backdrop, adds no backdrop, and its control is reached by Tab and clicked', async () => {
    const page = await openLayers();
    await page.evaluate(() => (document.getElementById('cite') as HTMLDialogElement).showModal());
    const dimmed = await foot(page);
    await hoverCard(page, 'AQLM');
    expect(await cardOnTop(page)).toEqual({ atCard: 'method-lens-card', atControl: true });
    expect((await foot(page)).equals(dimmed)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.querySelector('method-lens-card')?.shadowRoot?.activeElement?.textContent)).toBe('Open full record');
    await clickControl(page);
    await expect.poll(recordsAsked).toEqual(['aqlm']);
    expect(await citeOpen(page)).toBe(true);

    // The page closes its dialog: the card in it closes too, and the next Escape is the page's.
    await page.evaluate(() => (document.getElementById('cite') as HTMLDialogElement).close());
    await expect.poll(() => cardIsOpen(page)).toBe(false);
    await page.keyboard.press('Escape');
    expect(await heard(page)).toEqual(['keydown', 'keyup']);
    // A mark on the page gets its card as before, the only host still.
    await page.mouse.move(1, 1);
    await hoverCard(page, 'AWQ');
    expect(await cardOnTop(page)).toEqual({ atCard: 'method-lens-card', atControl: true });
    expect(await page.evaluate(() => document.querySelectorAll('method-lens-card').length)).toBe(1);
  });

  it('in a modal dialog: the reader Tabbed into its card, another name there rested on keeps focus in the card, and Escape gives it back', async () => {
    const page = await openLayers();
    await page.evaluate(() => (document.getElementById('cite') as HTMLDialogElement).showModal());
    await hoverCard(page, 'AQLM');
    await page.keyboard.press('Tab');
    const focusedInCard = () => page.evaluate(() => document.querySelector('method-lens-card')?.shadowRoot?.activeElement?.textContent ?? null);
    expect(await focusedInCard()).toBe('Open full record');
    const next = (await markCenter(page, 'QuaRot'))!;
    await page.mouse.move(next.x, next.y);
    await expect.poll(() => page.evaluate(() => document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card-name')?.textContent)).toBe('QuaRot');
    expect(await focusedInCard()).toBe('Open full record');
    await escapeClosesCard(page);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('bibtex');
    expect(await citeOpen(page)).toBe(true);
  });

  it('in a popover: its card is painted above the popover, and a click on its control leaves the popover open', async () => {
    const page = await openLayers();
    await page.evaluate(() => document.getElementById('related')!.showPopover());
    await hoverCard(page, 'SmoothQuant');
    // The card lies over the popover's room below its text.
    const overlap = await page.evaluate(() => {
      const card = document.querySelector('method-lens-card')!.shadowRoot!.querySelector('.ml-card')!.getBoundingClientRect();
      const popover = document.getElementById('related')!.getBoundingClientRect();
      return card.top < popover.bottom && card.left < popover.right && popover.left < card.right;
    });
    expect(overlap).toBe(true);
    expect(await cardOnTop(page)).toEqual({ atCard: 'method-lens-card', atControl: true });
    await clickControl(page);
    await expect.poll(recordsAsked).toEqual(['smoothquant']);
    expect(await relatedOpen(page)).toBe(true);
    // The page hides its popover: the card in it closes too.
    await page.evaluate(() => document.getElementById('related')!.hidePopover());
    await expect.poll(() => cardIsOpen(page)).toBe(false);
  });
});

describe('content the page made inert', () => {
  /** The page, its card's script loaded (a card brought up would come at once) and closed again. */
  async function openWithCardLoaded(): Promise<Page> {
    const page = await openLayers();
    await hoverCard(page, 'GPTQ');
    await page.mouse.move(1, 1);
    await expect.poll(() => cardIsOpen(page)).toBe(false);
    return page;
  }

  /** Rests on the mark, well past the rest that shows a card. */
  async function restOn(page: Page, mark: { x: number; y: number }) {
    await page.mouse.move(mark.x, mark.y);
    await page.waitForTimeout(1_000);
  }

  it('gets no card while the page’s own dialog keeps the reader from it (`inert`, no backdrop); once the page lets go, its names get cards', async () => {
    const page = await openWithCardLoaded();
    const awq = (await markCenter(page, 'AWQ'))!;
    await page.evaluate(() => {
      document.getElementById('share')!.hidden = false;
      (document.querySelector('blockquote.abstract') as HTMLElement).inert = true;
    });
    await restOn(page, awq);
    expect(await cardIsOpen(page)).toBe(false);

    await page.evaluate(() => {
      document.getElementById('share')!.hidden = true;
      (document.querySelector('blockquote.abstract') as HTMLElement).inert = false;
    });
    await page.mouse.move(awq.x + 1, awq.y);
    await expect.poll(() => cardText(page)).toContain('AWQ');
  });

  it('gets no card outside a modal dialog shown without a backdrop, which makes the rest of the page inert', async () => {
    const page = await openWithCardLoaded();
    await page.addStyleTag({ content: '#cite::backdrop { display: none; }' });
    const awq = (await markCenter(page, 'AWQ'))!;
    await page.evaluate(() => (document.getElementById('cite') as HTMLDialogElement).showModal());
    await restOn(page, awq);
    expect(await cardIsOpen(page)).toBe(false);
    // A name in the dialog is the reader's to rest on.
    await hoverCard(page, 'AQLM');
  });
});


describe('the page’s own widgets', () => {
  it('one at the highest z-index a page can give (a chat panel over the window’s lower part) is drawn under the card, not over it', async () => {
    const page = await openLayers();
    await page.evaluate(() => {
      const panel = document.createElement('div');
      panel.style.cssText = 'position: fixed; left: 0; right: 0; top: 80px; bottom: 0; z-index: 2147483647; background: #eef;';
      document.body.append(panel);
    });
    await hoverCard(page, 'AWQ');
    expect(await cardOnTop(page)).toEqual({ atCard: 'method-lens-card', atControl: true });
  });
});
