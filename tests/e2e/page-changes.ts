/**
 * The page session's differential property in a real browser, for any driver (Playwright with Chromium,
 * puppeteer with Firefox): an arXiv abstract page or a Semantic Scholar paper generated at random is
 * changed by the page's own script, in steps with tasks, frames and short waits between them (and, in the
 * app, goes to other papers and searches without a page load); once the content script has gone
 * quiet, its marks are exactly those a fresh load of the final page gets, and each step that lets the
 * page's turn end finds no mark on text that is no name, left the page or went into a skipped part.
 * `tests/page-session-properties.test.ts` holds the session to the same in happy-dom, with every frame and
 * slice under the test's hand; here the browser's own MutationObserver, StaticRange, TreeWalker, frames
 * and idle periods are.
 *
 * The fresh load is the final DOM serialised (`outerHTML`), served at a new address of the kind the page
 * ended at (an abstract page, a paper, a search); the changes stay ones the HTML parser gives back as they
 * were (no block inside a `<p>` or an inline element, no `\r`), and the property checks that the page's
 * text came back whole.
 *
 * Longer runs: E2E_FUZZ_RUNS=200 E2E_FUZZ_SEED=7. A failure prints fast-check's seed and path.
 */
import { expect } from 'vitest';
import fc from 'fast-check';
import { SCAN_MEASURE } from '@/lib/content/measures';
import { normalizeSpace } from './page-helpers';

export const FUZZ_SEED = process.env.E2E_FUZZ_SEED === undefined ? undefined : Number(process.env.E2E_FUZZ_SEED);
/** The scenarios of a run: `E2E_FUZZ_RUNS`, else `runs`. */
export const fuzzRuns = (runs: number) => Number(process.env.E2E_FUZZ_RUNS ?? runs);
/** No new scan pass for this long: the content script has done what the changes asked of it. */
const QUIET_MS = 600;
/**
 * The same once the app went to another address: a session that a navigation before the last one started
 * may end its first pass after the last, before the last one's session has its dictionary; and in a
 * browser without the Navigation API (Firefox 140), WXT looks for a new address once a second.
 */
const QUIET_AFTER_NAVIGATION_MS = 2_000;

// ---------------------------------------------------------------------------------------------------
// The page: blocks of inline content under `#abs`, with the parts the sites' adapters and every page skip
// (`code`, `[hidden]`, an editor, the author list, the site's header), and text outside `#abs`.

type InlineSpec = { kind: 'text'; data: string } | { kind: 'element'; tag: string; attributes: [string, string][]; children: InlineSpec[] };
type BlockSpec = { tag: 'p' | 'div' | 'blockquote'; children: (InlineSpec | BlockSpec)[] };

/** Names of the bundled snapshot (each status; overlapping; ending in `#`, `+`, `)`; holding spaces) and pieces of them. */
const TOKENS = [
  'AWQ', 'AQLM', 'LFQ', 'GPTQ', 'QuIP', 'QuIP#', 'SQ+', 'LLM.int8()', 'GLVQ', 'Grouped Lattice Vector Quantization', 'ADMM-Q',
  'QuI', 'P#', '#', '+', 'Q', 'AW', 'GPT', 'Grouped', 'Lattice', 'Vector Quantization', 'LLM.', 'int8()', 'Auto', '’s', 'v2',
  ' ', ' ', '  ', '\n', '\u00a0', 'x', '2', '.', ',', '(', ')', '-', '/',
];
const textArbitrary = fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 5 }).map((tokens) => tokens.join(''));
const SKIPPED_INLINE: [string, [string, string][]][] = [
  ['code', []],
  ['span', [['hidden', '']]],
  ['span', [['contenteditable', 'true']]],
  ['span', [['contenteditable', 'false']]],
];
const INLINE_TAGS = ['span', 'b', 'em', 'sup'];

const { inline } = fc.letrec<{ inline: InlineSpec }>((tie) => ({
  inline: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: textArbitrary.map((data): InlineSpec => ({ kind: 'text', data })), weight: 6 },
    {
      arbitrary: fc
        .record({ tag: fc.constantFrom(...INLINE_TAGS), children: fc.array(tie('inline'), { maxLength: 3 }) })
        .map(({ tag, children }): InlineSpec => ({ kind: 'element', tag, attributes: [], children })),
      weight: 3,
    },
    {
      arbitrary: fc
        .record({ variant: fc.constantFrom(...SKIPPED_INLINE), children: fc.array(tie('inline'), { maxLength: 2 }) })
        .map(({ variant: [tag, attributes], children }): InlineSpec => ({ kind: 'element', tag, attributes, children })),
      weight: 1,
    },
  ),
}));
const paragraph: fc.Arbitrary<BlockSpec> = fc.record({ tag: fc.constant('p' as const), children: fc.array(inline, { maxLength: 5 }) });
const block: fc.Arbitrary<BlockSpec> = fc.oneof(
  { arbitrary: paragraph, weight: 3 },
  { arbitrary: fc.record({ tag: fc.constantFrom('div' as const, 'blockquote' as const), children: fc.array(fc.oneof(inline, paragraph), { maxLength: 4 }) }), weight: 2 },
);
const blocks = fc.array(block, { minLength: 1, maxLength: 5 });

const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\u00a0/g, '&nbsp;');
function inlineHtml(spec: InlineSpec): string {
  if (spec.kind === 'text') return escapeText(spec.data);
  const attributes = spec.attributes.map(([name, value]) => ` ${name}="${value}"`).join('');
  return `<${spec.tag}${attributes}>${spec.children.map(inlineHtml).join('')}</${spec.tag}>`;
}
function blockHtml(spec: BlockSpec): string {
  return `<${spec.tag}>${spec.children.map((child) => ('kind' in child ? inlineHtml(child) : blockHtml(child))).join('')}</${spec.tag}>`;
}
/**
 * Paragraphs after the generated content, when a scenario asks for them: enough that a first pass takes
 * several slices (so that early changes fall inside it), and that changing each in one task is past the
 * threshold for rescanning block by block.
 */
const FILLER_PARAGRAPHS = 300;
const filler = (count: number) =>
  count ? `<div class="filler">${Array.from({ length: count }, (_, i) => `<p>${i % 3 ? `x ${i}` : `AWQ and GPTQ ${i}`}</p>`).join('')}</div>` : '';

/** The sites whose pages the property makes: an arXiv abstract page, and a Semantic Scholar paper, which the app may leave for another paper or a search. */
export type PageSite = 'arxiv' | 'semanticScholar';

let pagesMade = 0;
/** An address of `site` no page has had, of the kind `path` (on Semantic Scholar: a paper's or a search's) names. */
function newAddress(site: PageSite, path = '/paper/'): string {
  const made = `${Date.now().toString(36)}-${++pagesMade}`;
  if (site === 'arxiv') return `https://arxiv.org/abs/2412.${made}`;
  return path.startsWith('/search') ? `https://www.semanticscholar.org/search?q=made-${made}` : `https://www.semanticscholar.org/paper/made-${made}`;
}

/**
 * The changes happen inside `#abs` (arXiv's root; on Semantic Scholar, which reads the whole page, a
 * container like any other): the title, the author list, the generated content and the filler.
 */
function pageHtml(site: PageSite, content: BlockSpec[], fillerCount: number): string {
  const paper = `${content.map(blockHtml).join('')}${filler(fillerCount)}`;
  const body =
    site === 'arxiv'
      ? '<div id="header">AWQ in the site’s header</div>' +
        `<div id="abs"><h1 class="title">Title: AWQ and QuIP# against GPTQ</h1><div class="authors">AWQ Team</div>${paper}</div>` +
        '<div id="outside">GPTQ outside the paper</div>'
      : '<header>AWQ in the app’s header</header>' +
        `<div id="abs"><h1 data-test-id="paper-detail-title">AWQ and QuIP# against GPTQ</h1><div data-test-id="author-list">AWQ Team</div>${paper}</div>` +
        '<footer>GPTQ in the app’s footer</footer>';
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A page that changes</title></head><body>${body}</body></html>`;
}

// ---------------------------------------------------------------------------------------------------
// The changes: each picks its node by a number taken modulo what the page holds when it runs.

type Change =
  | { op: 'setData'; pick: number; data: string }
  | { op: 'replaceData'; pick: number; offset: number; count: number; data: string }
  | { op: 'insertInline'; pick: number; position: number; html: string }
  | { op: 'insertBlock'; pick: number; position: number; html: string }
  | { op: 'innerHtml'; pick: number; html: string }
  | { op: 'remove'; pick: number }
  | { op: 'split'; pick: number; offset: number }
  | { op: 'normalize'; pick: number }
  | { op: 'move'; pick: number; to: number; position: number }
  | { op: 'attribute'; pick: number; name: 'hidden' | 'contenteditable'; value: string | null }
  | { op: 'replaceRoot'; html: string }
  /** Every paragraph of the filler given new text at once. */
  | { op: 'bulk'; data: string }
  /** The app goes to another address without a page load (Semantic Scholar only). */
  | { op: 'navigate'; path: '/paper/' | '/search' };
/** What happens between two changes: nothing (the same task), a task, a frame, a wait. */
type Pause = { op: 'task' } | { op: 'frame' } | { op: 'wait'; ms: number };
type Step = Change | Pause;

const pick = fc.nat({ max: 1_000 });
const changeArbitrary: fc.Arbitrary<Change> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('setData' as const), pick, data: fc.oneof(textArbitrary, fc.constant('')) }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('replaceData' as const), pick, offset: fc.nat(12), count: fc.nat(4), data: fc.oneof(textArbitrary, fc.constant('')) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('insertInline' as const), pick, position: fc.nat(6), html: inline.map(inlineHtml) }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('insertBlock' as const), pick, position: fc.nat(6), html: block.map(blockHtml) }), weight: 2 },
  // What a framework's re-render often does: an element's content replaced whole.
  { arbitrary: fc.record({ op: fc.constant('innerHtml' as const), pick, html: fc.array(inline, { maxLength: 3 }).map((children) => children.map(inlineHtml).join('')) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('remove' as const), pick }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('split' as const), pick, offset: fc.nat(12) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('normalize' as const), pick }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('move' as const), pick, to: pick, position: fc.nat(6) }), weight: 2 },
  {
    arbitrary: fc.record({ op: fc.constant('attribute' as const), pick, name: fc.constantFrom('hidden' as const, 'contenteditable' as const), value: fc.constantFrom(null, '', 'true', 'false') }),
    weight: 3,
  },
  { arbitrary: fc.record({ op: fc.constant('replaceRoot' as const), html: blocks.map((content) => content.map(blockHtml).join('')) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('bulk' as const), data: textArbitrary }), weight: 1 },
);
const pauseArbitrary: fc.Arbitrary<Pause> = fc.oneof(
  fc.constant({ op: 'task' as const }),
  fc.constant({ op: 'frame' as const }),
  fc.record({ op: fc.constant('wait' as const), ms: fc.constantFrom(5, 40, 120) }),
);
const navigateArbitrary: fc.Arbitrary<Change> = fc.record({ op: fc.constant('navigate' as const), path: fc.constantFrom('/paper/' as const, '/search' as const) });
const scenarioArbitrary = (site: PageSite) =>
  fc.record({
    content: blocks,
    fillerCount: fc.constantFrom(0, 0, FILLER_PARAGRAPHS),
    /** Changes start as soon as the page has loaded, before or during the first pass, rather than after it. */
    early: fc.boolean(),
    steps: fc.array(
      fc.oneof(
        { arbitrary: changeArbitrary, weight: 3 },
        { arbitrary: pauseArbitrary, weight: 2 },
        ...(site === 'semanticScholar' ? [{ arbitrary: navigateArbitrary, weight: 1 }] : []),
      ),
      { minLength: 1, maxLength: 14 },
    ),
  });

/**
 * Runs in the page's own world: makes the changes, and after each pause that ends the page's turn reads
 * what the marks cover (the content script's observer has run by then). Returns those readings.
 */
function makeChanges(steps: Step[]): Promise<{
  readings: { after: string; marks: { text: string; connected: boolean; fits: boolean; skipped: boolean }[] }[];
  /** When the app last went to another address (`performance.now()`), if it did. */
  navigatedAt: number | null;
}> {
  const SKIPPED = '[hidden], code, .authors, #header, header, footer, [data-test-id="author-list"], [contenteditable]:not([contenteditable="false" i])';
  let navigatedAt: number | null = null;
  let navigations = 0;
  const root = () => document.getElementById('abs')!;
  const at = <T,>(list: readonly T[], index: number): T | undefined => (list.length ? list[index % list.length] : undefined);
  const texts = (): Text[] => {
    const found: Text[] = [];
    const walker = document.createTreeWalker(root(), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) found.push(node as Text);
    return found;
  };
  const elements = (): Element[] => [...root().querySelectorAll('*')];
  const fragmentOf = (html: string) => document.createRange().createContextualFragment(html);
  const isInline = (node: Node) => node.nodeType === Node.TEXT_NODE || !['P', 'DIV', 'BLOCKQUOTE', 'H1'].includes((node as Element).tagName);
  /** Elements that may hold a block as the parser gives it back: not a `<p>`, a heading or an inline element, nor inside one. */
  const holdsBlocks = (element: Element) => ['DIV', 'BLOCKQUOTE'].includes(element.tagName) && !element.parentElement!.closest('p, h1, span, b, em, sup, code');
  const insertAt = (parent: Node, position: number, node: Node) => parent.insertBefore(node, parent.childNodes[position % (parent.childNodes.length + 1)] ?? null);

  function change(step: Change): void {
    switch (step.op) {
      case 'setData': {
        const text = at(texts(), step.pick);
        if (text) text.data = step.data;
        return;
      }
      case 'replaceData': {
        const text = at(texts(), step.pick);
        if (text) text.replaceData(Math.min(step.offset, text.length), step.count, step.data);
        return;
      }
      case 'insertInline': {
        const parent = at([root(), ...elements()], step.pick);
        if (parent) insertAt(parent, step.position, fragmentOf(step.html));
        return;
      }
      case 'insertBlock': {
        const parent = at([root(), ...elements().filter(holdsBlocks)], step.pick);
        if (parent) insertAt(parent, step.position, fragmentOf(step.html));
        return;
      }
      case 'innerHtml': {
        const element = at(elements(), step.pick);
        if (element) element.innerHTML = step.html;
        return;
      }
      case 'remove': {
        const nodes = [...elements(), ...texts()];
        at(nodes, step.pick)?.remove();
        return;
      }
      case 'split': {
        const text = at(texts(), step.pick);
        if (text) text.splitText(Math.min(step.offset, text.length));
        return;
      }
      case 'normalize':
        at([root(), ...elements()], step.pick)?.normalize();
        return;
      case 'move': {
        const node = at([...texts(), ...elements().filter(isInline)], step.pick);
        if (!node) return;
        const targets = [root(), ...elements()].filter((element) => !node.contains(element));
        const parent = at(targets, step.to);
        if (parent) insertAt(parent, step.position, node);
        return;
      }
      case 'attribute': {
        const element = at(elements(), step.pick);
        if (!element) return;
        if (step.value === null) element.removeAttribute(step.name);
        else element.setAttribute(step.name, step.value);
        return;
      }
      case 'navigate':
        history.pushState(null, '', step.path === '/search' ? `/search?q=AWQ-${++navigations}` : `/paper/moved-${++navigations}`);
        navigatedAt = performance.now();
        return;
      case 'bulk':
        root().querySelectorAll('.filler p').forEach((paragraph, i) => (paragraph.textContent = `${step.data} ${i}`));
        return;
      case 'replaceRoot': {
        const fresh = document.createElement('div');
        fresh.id = 'abs';
        fresh.append(fragmentOf(step.html));
        root().replaceWith(fresh);
        return;
      }
    }
  }

  function readMarks() {
    const marks: { text: string; connected: boolean; fits: boolean; skipped: boolean }[] = [];
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('method-lens')) continue;
      for (const range of highlight as Highlight) {
        const { startContainer, startOffset, endContainer, endOffset } = range as AbstractRange;
        const connected = startContainer.isConnected && endContainer.isConnected;
        const fits = startOffset <= (startContainer as Text).length && endOffset <= (endContainer as Text).length;
        let text = '';
        if (connected && fits) {
          const live = document.createRange();
          live.setStart(startContainer, startOffset);
          live.setEnd(endContainer, endOffset);
          text = live.toString();
        }
        marks.push({ text, connected, fits, skipped: !!(startContainer.parentElement?.closest(SKIPPED) || endContainer.parentElement?.closest(SKIPPED)) });
      }
    }
    return marks;
  }

  return (async () => {
    const readings: { after: string; marks: ReturnType<typeof readMarks> }[] = [];
    let done = 0;
    for (const step of steps) {
      done++;
      if (step.op === 'task') await new Promise((resolve) => setTimeout(resolve, 0));
      else if (step.op === 'frame') await new Promise((resolve) => requestAnimationFrame(resolve));
      else if (step.op === 'wait') await new Promise((resolve) => setTimeout(resolve, step.ms));
      else {
        change(step);
        continue;
      }
      readings.push({ after: `step ${done}`, marks: readMarks() });
    }
    return { readings, navigatedAt };
  })();
}

/**
 * Runs in the page: after the app went to another address at `since`, waits for the first pass of the
 * session reading it; then until no pass has been measured for `ms`.
 */
async function untilQuiet({ name, ms, since }: { name: string; ms: number; since: number | null }): Promise<void> {
  const deadline = performance.now() + 20_000;
  const firstPassSince = (entry: PerformanceEntry) => {
    if (entry.startTime < since!) return false;
    try {
      return (entry as PerformanceMeasure).detail?.pass === 1;
    } catch {
      // Firefox keeps the content script's `detail` from the page: any pass since will do, and the quiet after it is long.
      return true;
    }
  };
  while (since !== null && !performance.getEntriesByName(name).some(firstPassSince)) {
    if (performance.now() > deadline) throw new Error(`no scan pass since the app went to ${location.pathname}${location.search}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (let count = -1; count !== performance.getEntriesByName(name).length; ) {
    count = performance.getEntriesByName(name).length;
    await new Promise((resolve) => setTimeout(resolve, ms));
  }
}

/** Runs in the page: its text, and each mark as where it starts and ends in that text and its highlight's name, in order. */
function marksInText(): { text: string; marks: string[] } {
  const starts = new Map<Node, number>();
  let text = '';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    starts.set(node, text.length);
    text += (node as Text).data;
  }
  const marks: [number, number, string][] = [];
  for (const [name, highlight] of CSS.highlights) {
    if (!name.startsWith('method-lens')) continue;
    for (const range of highlight as Highlight) {
      const r = range as AbstractRange;
      const start = starts.get(r.startContainer);
      const end = starts.get(r.endContainer);
      marks.push([start === undefined ? -1 : start + r.startOffset, end === undefined ? -1 : end + r.endOffset, name]);
    }
  }
  marks.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { text, marks: marks.map(([start, end, name]) => `${start}–${end} ${name} ${JSON.stringify(text.slice(start, end))}`) };
}

/** Runs in the page: the document as HTML, to be served again. */
function serialised(): string {
  return `<!DOCTYPE html>${document.documentElement.outerHTML}`;
}

/** Runs in the page: where the page is. */
function address(): string {
  return location.pathname + location.search;
}

/** What the property needs of a browser driver. */
export interface PageDriver<P> {
  /** Serves `html` at `url` and opens it; `errors` collects the page's. */
  open(url: string, html: string): Promise<{ page: P; errors: string[] }>;
  /** Waits until the content script has measured a scan pass. */
  waitForScan(page: P): Promise<void>;
  evaluate<A, R>(page: P, fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  close(page: P): Promise<void>;
}

/** The property on `site`'s pages, with `names` the dictionary's names and aliases (whitespace normalised). */
export function pageChangesProperty<P>(driver: PageDriver<P>, names: ReadonlySet<string>, site: PageSite) {
  return fc.asyncProperty(scenarioArbitrary(site), async ({ content, fillerCount, early, steps }) => {
    const changed = await driver.open(newAddress(site), pageHtml(site, content, fillerCount));
    try {
      if (!early) await driver.waitForScan(changed.page);
      // As plain objects: fast-check's records may have no prototype, which puppeteer will not send over BiDi.
      const { readings, navigatedAt } = await driver.evaluate(changed.page, makeChanges, JSON.parse(JSON.stringify(steps)) as Step[]);
      for (const { after, marks } of readings) {
        const wrong = marks.filter((mark) => !mark.connected || !mark.fits || mark.skipped || !names.has(normalizeSpace(mark.text)));
        expect(wrong, `marks after ${after}`).toEqual([]);
      }
      await driver.waitForScan(changed.page);
      const ms = navigatedAt === null ? QUIET_MS : QUIET_AFTER_NAVIGATION_MS;
      await driver.evaluate(changed.page, untilQuiet, { name: SCAN_MEASURE, ms, since: navigatedAt });
      const final = await driver.evaluate(changed.page, marksInText, undefined);
      const html = await driver.evaluate(changed.page, serialised, undefined);

      // At an address of the kind the app ended at: a search is read by other rules than a paper.
      const fresh = await driver.open(newAddress(site, await driver.evaluate(changed.page, address, undefined)), html);
      try {
        await driver.waitForScan(fresh.page);
        await driver.evaluate(fresh.page, untilQuiet, { name: SCAN_MEASURE, ms: QUIET_MS, since: null });
        const expected = await driver.evaluate(fresh.page, marksInText, undefined);
        expect(expected.text, 'the page serialised and loaded again has the same text').toBe(final.text);
        expect(final.marks).toEqual(expected.marks);
        expect([...changed.errors, ...fresh.errors]).toEqual([]);
      } finally {
        await driver.close(fresh.page);
      }
    } finally {
      await driver.close(changed.page);
    }
  });
}

/** fast-check's options for `runs` scenarios: shrinking a failure stops in time to report it before the test's timeout. */
export function pageChangesOptions(runs: number) {
  return { numRuns: runs, seed: FUZZ_SEED, interruptAfterTimeLimit: pageChangesTimeLimit(runs), markInterruptAsFailure: true };
}
/** A scenario takes ~2 s in Chromium: past this budget for the runs and a failure's shrinking, the property stops and fails. */
export const pageChangesTimeLimit = (runs: number) => runs * 10_000 + 240_000;
