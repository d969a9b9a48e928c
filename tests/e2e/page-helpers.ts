/** In-page probes for the browser suites: what our highlights cover, and the card's text. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../helpers/browser';
import { centreOf, firstMarkBox } from '../helpers/mark-colours';
import { twoFramesRendered } from '../helpers/scrolling';

/**
 * Closes after each test, pass or fail, the pages it opened (those not open when it began): one a failed
 * test left open would be one tab too many for the tests after it (`tabIdOf` wants one tab at an address).
 */
export function closePagesEachTestOpens(context: () => BrowserContext): void {
  let before = new Set<Page>();
  beforeEach(() => void (before = new Set(context().pages())));
  afterEach(async () => {
    for (const page of context().pages()) if (!before.has(page)) await page.close();
  });
}

const AXE = join(REPO_ROOT, 'node_modules/axe-core/axe.min.js');

/**
 * Runs axe-core on the page in the light and the dark theme; returns the serious and critical
 * violations, described with the theme they appeared in.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  // The extension's CSP refuses inline <script>s (addScriptTag); DevTools evaluation is not subject to it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(await readFile(AXE, 'utf8'));
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const violations = await page.evaluate(async () => {
      const { violations } = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe.run();
      return violations.map(({ id, impact, nodes }) => ({ id, impact, targets: nodes.map((node) => String(node.target)) }));
    });
    found.push(
      ...violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => `${colorScheme}: ${v.id} (${v.impact}): ${v.targets.join(', ')}`),
    );
  }
  await page.emulateMedia({ colorScheme: null });
  return found;
}

export const SCAN_MEASURE = 'method-lens:scan';

export interface MarkSnapshot {
  /** Highlight name → texts of its ranges, in registration order. */
  byHighlight: Record<string, string[]>;
  total: number;
}

/** Reads every range of every `method-lens*` highlight back as text. */
export function readMarks(page: Page): Promise<MarkSnapshot> {
  return page.evaluate(() => {
    const byHighlight: Record<string, string[]> = {};
    let total = 0;
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('method-lens')) continue;
      byHighlight[name] = [];
      for (const range of highlight as Highlight) {
        const abstract = range as AbstractRange;
        const live = document.createRange();
        live.setStart(abstract.startContainer, abstract.startOffset);
        live.setEnd(abstract.endContainer, abstract.endOffset);
        byHighlight[name]!.push(live.toString());
        total++;
      }
    }
    return { byHighlight, total };
  });
}

/** How many of the page's marks start inside an element matching `selector` (of how many in all). */
export function marksInside(page: Page, selector: string): Promise<{ inside: number; total: number }> {
  return page.evaluate((selector) => {
    let inside = 0;
    let total = 0;
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('method-lens')) continue;
      for (const range of highlight as Highlight) {
        total++;
        if ((range as AbstractRange).startContainer.parentElement?.closest(selector)) inside++;
      }
    }
    return { inside, total };
  }, selector);
}

/** Waits until at least `passes` scan passes have been measured. */
export async function waitForScans(page: Page, passes = 1): Promise<void> {
  await page.waitForFunction(
    ({ name, passes }) => performance.getEntriesByName(name).length >= passes,
    { name: SCAN_MEASURE, passes },
    { timeout: 15_000 },
  );
}

export function scanCount(page: Page): Promise<number> {
  return page.evaluate((name) => performance.getEntriesByName(name).length, SCAN_MEASURE);
}

/** The page's text and element count: what the extension must never change. */
export function domSignature(page: Page): Promise<{ text: string; elements: number; html: string }> {
  return page.evaluate(() => {
    const clone = document.documentElement.cloneNode(true) as Element;
    clone.querySelectorAll('method-lens-card').forEach((host) => host.remove());
    return {
      text: document.body.textContent ?? '',
      elements: clone.querySelectorAll('*').length,
      html: clone.outerHTML,
    };
  });
}

/** Center of the first range of a highlight whose text is `text` (scrolled into view, the scroll announced). */
export async function markCenter(page: Page, text: string): Promise<{ x: number; y: number } | null> {
  const box = await page.evaluate(firstMarkBox, text);
  await page.evaluate(twoFramesRendered);
  return box && centreOf(box);
}

/** The first box of every mark on the page, in the viewport's coordinates. */
export function markBoxes(page: Page): Promise<{ left: number; top: number; right: number; bottom: number }[]> {
  return page.evaluate(() => {
    const boxes: { left: number; top: number; right: number; bottom: number }[] = [];
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('method-lens')) continue;
      for (const range of highlight as Highlight) {
        const live = document.createRange();
        live.setStart(range.startContainer, range.startOffset);
        live.setEnd(range.endContainer, range.endOffset);
        const rect = live.getClientRects()[0];
        if (rect) boxes.push({ left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom });
      }
    }
    return boxes;
  });
}

/** The hover card's visible text, or null when no card is shown. */
export function cardText(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const host = document.querySelector('method-lens-card');
    const card = host?.shadowRoot?.querySelector('.ml-card') as HTMLElement | null | undefined;
    return card ? card.innerText : null;
  });
}

export function cardIsOpen(page: Page): Promise<boolean> {
  return page.evaluate(() => Boolean(document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card')));
}

export function cardBox(page: Page) {
  return page.evaluate(() => {
    const card = document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card');
    const rect = card?.getBoundingClientRect();
    return rect ? { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom, vw: innerWidth, vh: innerHeight } : null;
  });
}

/** Every name and alias of the bundled snapshot, whitespace normalised: all that a mark may cover. */
export async function bundledNames(): Promise<Set<string>> {
  const { readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const { REPO_ROOT } = await import('../helpers/browser');
  const topic = JSON.parse(await readFile(join(REPO_ROOT, 'public/snapshot/llm-quantization.json'), 'utf8')) as {
    methods: { name: string; aliases?: string[] }[];
  };
  return new Set(topic.methods.flatMap((method) => [method.name, ...(method.aliases ?? [])]).map(normalizeSpace));
}

export const normalizeSpace = (text: string) => text.trim().replace(/\s+/g, ' ');

/** How often each marked text occurs, whitespace normalised. */
export function countByText(marks: MarkSnapshot): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const text of Object.values(marks.byHighlight).flat()) counts[normalizeSpace(text)] = (counts[normalizeSpace(text)] ?? 0) + 1;
  return counts;
}

/**
 * Hovers the first mark reading `text` and returns the card's text once it shows; the card must stay
 * inside the viewport and off the mark.
 */
export async function hoverCard(page: Page, text: string): Promise<string> {
  const center = await markCenter(page, text);
  if (!center) throw new Error(`no mark reads "${text}"`);
  await page.mouse.move(center.x, center.y);
  await page.waitForFunction(() => document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, { timeout: 10_000 });
  const box = (await cardBox(page))!;
  const overMark = center.x >= box.left && center.x <= box.right && center.y >= box.top && center.y <= box.bottom;
  if (overMark || box.left < 0 || box.top < 0 || box.right > box.vw || box.bottom > box.vh) {
    throw new Error(`the card ${JSON.stringify(box)} covers the mark at ${JSON.stringify(center)} or leaves the viewport`);
  }
  return (await cardText(page))!;
}

/**
 * Makes the tab hidden or shown, as the content script sees it. Headless Chromium keeps every tab
 * visible (one behind another, a minimised window, a target opened in the background), so the content
 * script's own world is told: its `document.visibilityState` reads `state`, and `visibilitychange` fires
 * as the browser fires it when a tab is hidden or shown.
 */
export async function seenByContentScriptAs(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  await evaluateInContentScript(
    page,
    `Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => ${JSON.stringify(state)} }); document.dispatchEvent(new Event('visibilitychange'));`,
  ).catch((error: Error) => {
    throw new Error(`could not make the tab ${state}: ${error.message}`);
  });
}

/** Evaluates `expression` in the content script's own world on the page's top frame, and gives its value back. */
export async function evaluateInContentScript(page: Page, expression: string): Promise<unknown> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    const worlds: { id: number; name: string; auxData?: { type?: string; frameId?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => worlds.push(context));
    // Enabling reports the worlds that exist already, before its answer.
    await cdp.send('Runtime.enable');
    const ours = worlds.find(({ name, auxData }) => name === 'Method Lens' && auxData?.type === 'isolated' && auxData.frameId === frameTree.frame.id);
    if (!ours) throw new Error(`no content script world on ${page.url()}`);
    const reply = await cdp.send('Runtime.evaluate', { contextId: ours.id, expression, returnByValue: true });
    if (reply.exceptionDetails) throw new Error(reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text);
    return reply.result.value;
  } finally {
    await cdp.detach();
  }
}
