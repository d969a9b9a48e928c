/**
 * What marking costs a real page, in the built extension in Debian's Chromium, on one long LaTeXML
 * paper (tests/fixtures/pages/arxiv-html-paper.html, ≥40k words) served at a real arXiv URL, with
 * (a) the bundled dictionary and (b) 20k synthetic methods plus the bundled ones:
 *
 * - the first full scan pass (`method-lens:scan` measures), median over several page loads, and its
 *   ratio to the floor with a 90 % bootstrap interval over those loads (and mark.js's to it likewise);
 * - the floor: a bare TreeWalker pass over the same roots reading every text node, plus as many
 *   StaticRanges in a Highlight, run the way the content script runs: in an isolated world of a
 *   freshly loaded page, as the first script to read its text (on /pdf/ loads, where the content
 *   script is not injected); and, for reference, the same pass in the page's main world right
 *   after our scan, which finds every text node's string already made by the scan (see printReport);
 * - mark.js 8.11 marking the same names on the same page where our content script does not run;
 * - long tasks (> 50 ms) during page load, with and without the extension;
 * - the page's own DOM work (2,000 text-node insert/removes) with our marks present and without;
 * - the content script's gzip size.
 *
 *   npm run bench:scan [-- --loads 7 --markjs-cap-s 120 --build]
 *
 * Prints numbers and ratios against baselines measured in the same run; never asserts timings.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import {
  BenchFailure,
  CONTENT_SCRIPT,
  CONTENT_STYLESHEET,
  CARD_SCRIPT,
  PAPER,
  PAPER_FIXTURE,
  REPO_ROOT,
  count,
  describeBuild,
  ensureExtensionBuilt,
  interval,
  log,
  median,
  ms,
  ratio,
  runBenchmark,
  seconds,
  table,
  verdict,
} from './bench/common';
import type { BenchBrowser } from './bench/extension';
import { ratioInterval } from './bench/statistics';
import { BUNDLED_DIR, readMethods, synthSnapshot } from './bench/snapshots';
import { startStaticServer } from './bench/static-server';
import type { RefreshOutcome } from '../lib/sync/refresh';
import { COMPILE_MEASURE, DICTIONARY_MEASURE, SCAN_MEASURE } from '../lib/content/measures';
import { siteSkipAttributes } from '../lib/content/skip';
import { arxiv } from '../lib/sites/arxiv';
import { readCommandLine } from './command-line';

const args = readCommandLine(
  'bench:scan',
  'usage: npm run bench:scan [-- --loads 7 --synth-methods 20000 --markjs-cap-s 120 --dom-ops 2000 --build --json <file>]\n       npm run bench:scan -- --from-json <file>',
  {
    loads: { type: 'string', default: '7' },
    'synth-methods': { type: 'string', default: '20000' },
    'markjs-cap-s': { type: 'string', default: '120' },
    'dom-ops': { type: 'string', default: '2000' },
    build: { type: 'boolean', default: false },
    /** Also write the raw measurements here (JSON), e.g. to compare runs. */
    json: { type: 'string' },
    /** Print the report of a run saved with --json, measuring nothing. */
    'from-json': { type: 'string' },
  },
);
// The browser driver, once the command line is read: `--help` does not load it.
const { launchWithBundledSnapshot, waitForMeasure, waitForSnapshot } = await import('./bench/extension');
const LOADS = Math.max(5, Number(args.loads));
const SYNTH_METHODS = Number(args['synth-methods']);
const MARKJS_CAP_MS = Number(args['markjs-cap-s']) * 1000;
const DOM_OPS = Number(args['dom-ops']);
const DOM_REPS = 25;

/** Our content script runs here and the arXiv adapter scans the page. */
const MARKED_URL = `https://arxiv.org/html/${PAPER}`;
/** Same page where the content script is not injected at all: no extension work. */
const PLAIN_URL = `https://mirror.bench.test/html/${PAPER}`;
/** Same page at an arXiv address the content script is not injected on (PDFs): the extension loaded, idle. */
const IGNORED_URL = `https://arxiv.org/pdf/${PAPER}`;
/** The arXiv adapter's roots: the floor, the DOM work and mark.js use the same text. */
const ROOTS_SELECTOR = arxiv.rootSelector;
const LONG_TASK_MS = 50;

/**
 * Installed before any page script (main world): the long tasks the browser reports, and a
 * heartbeat — a setTimeout chain whose gaps over 50 ms show every long task on the main thread,
 * the content script's included (it runs in an isolated world on the same thread). Stops after 10 s.
 */
const OBSERVERS = `
globalThis.__name ??= (fn) => fn;
window.__bench = { longTasks: [], gaps: [] };
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {}
(() => {
  let last = performance.now();
  const tick = () => {
    const now = performance.now();
    if (now - last > ${LONG_TASK_MS}) window.__bench.gaps.push({ start: last, duration: now - last });
    last = now;
    if (now < 10000) setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
})();
`;

interface Interval {
  start: number;
  duration: number;
}

/** One `method-lens:scan` measure: wall-clock start and duration, and its detail. */
interface ScanEntry extends Interval {
  pass: number;
  marks: number;
  /**
   * When the pass works in slices with yields to the page in between, the detail also tells how many
   * slices, the longest (and what it was doing) and the time worked without the pauses.
   */
  slices?: number;
  longestSlice?: number;
  longestPhase?: string;
  worked?: number;
  /** Time worked per phase of the pass. */
  phases?: { read: number; match: number; mark: number };
  /** Time spent in the observer's callback since the previous pass (dropping stale marks, noting blocks). */
  mutationMs?: number;
}

interface FloorRun {
  ms: number;
  nodes: number;
  chars: number;
}

interface LoadResult {
  scans: ScanEntry[];
  /** PerformanceObserver 'longtask' entries. */
  longTasks: Interval[];
  /** Heartbeat gaps over 50 ms. */
  gaps: Interval[];
  domContentLoaded: number;
  loadEnd: number;
  /** On marked pages: the floor, run in the main world of the same page right after the scan (warm). */
  floor?: FloorRun;
  /** On ignored (/pdf/) pages: the floor as the first reader of the page's text, in an isolated world. */
  coldFloor?: FloorRun;
  /** The content script's first ask for the dictionary (round trip), and building its matcher. */
  dictionaryMs: number;
  compileMs: number;
}

type DomVariant =
  | 'with our marks'
  | 'no extension'
  | 'no extension + a MutationObserver like ours'
  | 'no extension + an observer of characterData only'
  | 'no extension + an observer of the paragraph\'s children only'
  | 'no extension + as many StaticRanges in CSS.highlights';
const DOM_VARIANTS: DomVariant[] = [
  'with our marks',
  'no extension',
  'no extension + a MutationObserver like ours',
  'no extension + an observer of characterData only',
  'no extension + an observer of the paragraph\'s children only',
  'no extension + as many StaticRanges in CSS.highlights',
];

interface DomRun {
  /** The synchronous loop. */
  loop: number;
  /** From the next frame's start to our rAF callback, registered after the extension's: the extension's batched work. */
  nextFrame: number;
}

interface DictionaryResult {
  label: string;
  names: number;
  methods: number;
  marked: LoadResult[];
  warmUp: LoadResult;
  plain: LoadResult[];
  ignored: LoadResult[];
  dom: Record<DomVariant, DomRun[]>;
  rescans: ScanEntry[];
  markjs: MarkJsResult;
  importMs?: number;
}

interface MarkJsResult {
  /** Names in the dictionary handed to mark.js. */
  names: number;
  /** Whether one call with every name works (else the largest call that works sets the batch size). */
  fullCallWorked: boolean;
  fullCallError?: string;
  batchSize: number;
  /** Names actually run through mark.js on the page within the time cap, and the time that took. */
  namesDone: number;
  ms: number;
  marks: number;
  /** Full runs on fresh pages, when the dictionary is small. */
  runs: number[];
  attempts: string[];
}

const loadAverages: string[] = [];
let build = '';
const noteLoad = (when: string) => loadAverages.push(`${when} ${loadavg().map((value) => value.toFixed(1)).join(' / ')}`);

await runBenchmark('bench:scan', async () => {
  if (args['from-json']) {
    const saved = JSON.parse(await readFile(args['from-json'], 'utf8')) as { results: DictionaryResult[]; synth: { methods: number; bytes: number }; loadAverages: string[]; build?: string; sizes?: ScriptSizes };
    loadAverages.push(...saved.loadAverages);
    build = saved.build ?? '';
    return printReport(saved.results, saved.synth, saved.sizes);
  }
  noteLoad('start');
  await ensureExtensionBuilt(args.build);
  // Described now, not once the run ends: the tree may change while it runs.
  build = describeBuild();
  const sizes = await measureSizes();
  const pageHtml = await readFile(join(REPO_ROOT, 'tests/fixtures/pages', PAPER_FIXTURE));
  const markJs = await readFile(join(REPO_ROOT, 'node_modules/mark.js/dist/mark.min.js'), 'utf8');

  const synth = await synthSnapshot(SYNTH_METHODS, { withBundled: true, namesOnly: true });
  const server = await startStaticServer();
  const synthUrl = server.mount('synth', synth.folder);
  const bundledMethods = await readMethods(BUNDLED_DIR);
  const synthMethods = await readMethods(synth.folder);
  // Real names first, so that mark.js batches that cannot take the whole dictionary still meet them.
  const realIds = new Set(bundledMethods.map((method) => method.id));
  const synthNames = [
    ...synthMethods.filter((method) => realIds.has(method.id)),
    ...synthMethods.filter((method) => !realIds.has(method.id)),
  ].flatMap((method) => method.names);

  const { bench, info } = await launchWithBundledSnapshot();
  await bench.context.addInitScript({ content: OBSERVERS });
  await bench.context.route('https://**', (route) => route.fulfill({ status: 404, body: '' }));
  for (const url of [MARKED_URL, PLAIN_URL, IGNORED_URL]) {
    await bench.context.route(`${url}*`, (route) =>
      route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: pageHtml }),
    );
  }

  const results: DictionaryResult[] = [];
  const bundledNames = bundledMethods.flatMap((method) => method.names);
  results.push(await measureDictionary(bench, markJs, 'a) bundled', bundledNames, info.totals.methods));

  log(`switching the snapshot source to ${count(synth.methods)} methods at ${synthUrl}…`);
  const importStarted = performance.now();
  await bench.setSource({ kind: 'url', url: synthUrl });
  const outcome = await bench.send<RefreshOutcome>('startRefresh');
  if (!outcome.ok) throw new BenchFailure(`the refresh from ${synthUrl} failed: ${outcome.error.what}`);
  const synthInfo = await waitForSnapshot(bench, (info) => info.totals.methods === synth.methods, `${synth.methods} methods`);
  const importMs = performance.now() - importStarted;
  log(`store holds ${count(synthInfo.totals.methods)} methods (import ${seconds(importMs)})`);
  const label = `b) ${count(SYNTH_METHODS / 1000)}k synth + bundled`;
  results.push({ ...(await measureDictionary(bench, markJs, label, synthNames, synthInfo.totals.methods)), importMs });
  if (results[1]!.marked[0]!.scans[0]!.marks !== results[0]!.marked[0]!.scans[0]!.marks) {
    console.log(`note: (b) found ${results[1]!.marked[0]!.scans[0]!.marks} marks, (a) ${results[0]!.marked[0]!.scans[0]!.marks}`);
  }
  noteLoad('end');
  if (args.json) await writeFile(args.json, JSON.stringify({ results, synth, loadAverages, build, sizes }, null, 1));
  await printReport(results, synth, sizes);
});

// ---------------------------------------------------------------------------------------------------------

async function measureDictionary(
  bench: BenchBrowser,
  markJs: string,
  label: string,
  names: string[],
  methods: number,
): Promise<DictionaryResult> {
  log(`${label}: ${count(names.length)} names — page loads (with the extension, without, on /pdf/), interleaved…`);
  const warmUp = await loadPage(bench, MARKED_URL, 'marked');
  const marked: LoadResult[] = [];
  const plain: LoadResult[] = [];
  const ignored: LoadResult[] = [];
  for (let i = 0; i < LOADS; i++) {
    marked.push(await loadPage(bench, MARKED_URL, 'marked'));
    plain.push(await loadPage(bench, PLAIN_URL, 'plain'));
    ignored.push(await loadPage(bench, IGNORED_URL, 'plain', marked.at(-1)!.scans[0]!.marks));
  }
  const marks = marked[0]!.scans[0]!.marks;
  for (const load of marked) {
    if (load.scans[0]!.marks !== marks) throw new BenchFailure(`${label}: page loads found ${load.scans[0]!.marks} and ${marks} marks`);
  }

  log(`${label}: the page's own DOM work…`);
  const { runs: dom, rescans } = await measureDomWork(bench, marks);

  log(`${label}: mark.js…`);
  const markjs = await measureMarkJs(bench, markJs, names);
  return { label, names: names.length, methods, marked, warmUp, plain, ignored, dom, rescans, markjs };
}

async function openPage(bench: BenchBrowser, url: string, kind: 'marked' | 'plain'): Promise<Page> {
  const page = await bench.context.newPage();
  await page.goto(url, { waitUntil: 'load' });
  if (kind === 'marked') {
    await waitForMeasure(page, SCAN_MEASURE);
  }
  return page;
}

/** `coldFloorMarks`: run the floor on this page with that many ranges, first thing after load, in an isolated world. */
async function loadPage(bench: BenchBrowser, url: string, kind: 'marked' | 'plain', coldFloorMarks?: number): Promise<LoadResult> {
  const page = await openPage(bench, url, kind);
  // The floor right after the scan, in the same page (before the settling wait, to keep the pair close).
  const floor = kind === 'marked' ? await page.evaluate(floorPass, { marks: (await scanEntries(page))[0]!.marks, selector: ROOTS_SELECTOR }) : undefined;
  const coldFloor = coldFloorMarks === undefined ? undefined : await inIsolatedWorld(page, floorPass, { marks: coldFloorMarks, selector: ROOTS_SELECTOR });
  // Let the page settle: the mentions report (250 ms debounce), late long tasks.
  await page.waitForTimeout(1_500);
  const result = await page.evaluate(() => {
    const bench = (window as unknown as { __bench: { longTasks: Interval[]; gaps: Interval[] } }).__bench;
    // (scans are read separately below, with their full detail)
    const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
    return {
      longTasks: bench.longTasks,
      gaps: bench.gaps,
      domContentLoaded: navigation?.domContentLoadedEventStart ?? NaN,
      loadEnd: navigation?.loadEventEnd ?? NaN,
    };
  });
  const scans = await scanEntries(page);
  const [dictionaryMs, compileMs] = await page.evaluate(
    (names) => names.map((name) => performance.getEntriesByName(name)[0]?.duration ?? NaN),
    [DICTIONARY_MEASURE, COMPILE_MEASURE],
  );
  await page.close();
  if (kind === 'marked' && !scans.some((scan) => scan.pass === 1)) throw new BenchFailure(`no first scan pass on ${url}`);
  return { ...result, scans, floor, coldFloor, dictionaryMs: dictionaryMs!, compileMs: compileMs! };
}

/**
 * Runs `fn(arg)` in a new isolated world of the page's main frame, as a content script runs (DevTools
 * protocol: Page.createIsolatedWorld), and returns its result.
 */
async function inIsolatedWorld<A, R>(page: Page, fn: (arg: A) => R, arg: A): Promise<R> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
    const { executionContextId } = (await cdp.send('Page.createIsolatedWorld', { frameId: frameTree.frame.id, worldName: 'bench-floor' })) as { executionContextId: number };
    const reply = (await cdp.send('Runtime.evaluate', {
      expression: `globalThis.__name ??= (fn) => fn; (${fn.toString()})(${JSON.stringify(arg)})`,
      contextId: executionContextId,
      returnByValue: true,
    })) as { result: { value: R }; exceptionDetails?: { text: string } };
    if (reply.exceptionDetails) throw new BenchFailure(`the floor failed in an isolated world: ${reply.exceptionDetails.text}`);
    return reply.result.value;
  } finally {
    await cdp.detach();
  }
}

function scanEntries(page: Page): Promise<ScanEntry[]> {
  return page.evaluate(
    (name) =>
      performance.getEntriesByName(name).map((entry) => {
        const detail = (entry as PerformanceMeasure).detail as Omit<ScanEntry, 'start' | 'duration'>;
        return { ...detail, start: entry.startTime, duration: entry.duration };
      }),
    SCAN_MEASURE,
  );
}

/** Main-thread time of a pass: the time worked when the pass is sliced, else its duration. */
function busy(scan: ScanEntry): number {
  return scan.worked ?? scan.duration;
}

/** The longest the pass kept the page waiting: its longest slice, else (unsliced) its duration. */
function longestBlock(scan: ScanEntry): number {
  return scan.longestSlice ?? scan.duration;
}

function countMarks(): number {
  let total = 0;
  for (const [name, highlight] of CSS.highlights) if (name.startsWith('method-lens')) total += (highlight as Highlight).size;
  return total;
}

/**
 * The floor (runs in the page): one TreeWalker pass over the adapter's roots reading every text
 * node's data, then `marks` StaticRanges (spread over the text nodes) added to one registered Highlight.
 */
function floorPass({ marks, selector }: { marks: number; selector: string }): FloorRun {
  const found = Array.from(document.querySelectorAll(selector));
  const roots = found.filter((element) => !found.some((other) => other !== element && other.contains(element)));
  if (roots.length === 0) roots.push(document.body);
  const started = performance.now();
  const nodes: Text[] = [];
  let chars = 0;
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
      const data = node.data;
      chars += data.length;
      if (data.length > 0) nodes.push(node);
    }
  }
  const highlight = new Highlight();
  CSS.highlights.set('bench-floor', highlight);
  const step = nodes.length / Math.max(1, marks);
  for (let i = 0; i < marks; i++) {
    const node = nodes[Math.floor(i * step)]!;
    highlight.add(new StaticRange({ startContainer: node, startOffset: 0, endContainer: node, endOffset: Math.min(4, node.data.length) }));
  }
  const elapsed = performance.now() - started;
  CSS.highlights.delete('bench-floor');
  return { ms: elapsed, nodes: nodes.length, chars };
}

/**
 * The page's own DOM work (runs in the page): append a text node to a paragraph and remove it, `ops`
 * times, in one synchronous loop; then how long the next frame's earlier rAF callbacks (the extension's
 * batched mutation handling) ran before ours.
 */
async function domWork({ ops, selector }: { ops: number; selector: string }): Promise<DomRun> {
  const paragraph = document.querySelector(`:is(${selector}) p`) ?? document.body;
  const started = performance.now();
  for (let i = 0; i < ops; i++) {
    const text = document.createTextNode('GPTQ and AWQ');
    paragraph.appendChild(text);
    paragraph.removeChild(text);
  }
  const loop = performance.now() - started;
  // MutationObserver callbacks were queued during the loop: after this await they have run, so the
  // extension's requestAnimationFrame comes before ours, in the same frame.
  await null;
  const nextFrame = await new Promise<number>((resolve) => requestAnimationFrame((frameStart) => resolve(performance.now() - frameStart)));
  return { loop, nextFrame };
}

/** Variant set-ups on pages without the extension (runs in the page). */
function prepareVariant({ variant, marks, selector, attributes }: { variant: string; marks: number; selector: string; attributes: string[] }): void {
  const found = Array.from(document.querySelectorAll(selector));
  const roots = found.filter((element) => !found.some((other) => other !== element && other.contains(element)));
  // Observers with an empty callback: what the browser charges the page for observing alone.
  const observer = new MutationObserver(() => {});
  if (variant.includes('MutationObserver')) {
    // As the page session observes: the whole page's children, and each root's text and the attributes that skip an element.
    observer.observe(document, { childList: true, subtree: true });
    for (const root of roots) observer.observe(root, { subtree: true, characterData: true, attributes: true, attributeFilter: attributes });
  } else if (variant.includes('characterData only')) {
    for (const root of roots) observer.observe(root, { subtree: true, characterData: true });
  } else if (variant.includes('children only')) {
    observer.observe(document.querySelector(`:is(${selector}) p`) ?? document.body, { childList: true });
  }
  (window as unknown as { __keep: unknown }).__keep = observer;
  if (variant.includes('StaticRanges')) {
    const nodes: Text[] = [];
    for (const root of roots) {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) if (node.data.length) nodes.push(node);
    }
    const highlights = [new Highlight(), new Highlight(), new Highlight(), new Highlight()];
    highlights.forEach((highlight, i) => CSS.highlights.set(`bench-${i}`, highlight));
    const step = nodes.length / Math.max(1, marks);
    for (let i = 0; i < marks; i++) {
      const node = nodes[Math.floor(i * step)]!;
      highlights[i % 4]!.add(new StaticRange({ startContainer: node, startOffset: 0, endContainer: node, endOffset: Math.min(4, node.data.length) }));
    }
  }
}

async function measureDomWork(bench: BenchBrowser, marks: number): Promise<{ runs: Record<DomVariant, DomRun[]>; rescans: ScanEntry[] }> {
  const pages = new Map<DomVariant, Page>();
  for (const variant of DOM_VARIANTS) {
    const page = await openPage(bench, variant === 'with our marks' ? MARKED_URL : PLAIN_URL, variant === 'with our marks' ? 'marked' : 'plain');
    if (variant !== 'with our marks') await page.evaluate(prepareVariant, { variant, marks, selector: ROOTS_SELECTOR, attributes: siteSkipAttributes(arxiv) });
    pages.set(variant, page);
  }
  const marked = pages.get('with our marks')!;
  await marked.waitForTimeout(1_000);
  const scansBefore = (await scanEntries(marked)).length;
  const runs = Object.fromEntries(DOM_VARIANTS.map((variant) => [variant, [] as DomRun[]])) as Record<DomVariant, DomRun[]>;
  // Variants alternate, so that whatever else the machine does affects them alike.
  for (let rep = 0; rep < DOM_REPS; rep++) {
    for (const variant of DOM_VARIANTS) {
      runs[variant].push(await pages.get(variant)!.evaluate(domWork, { ops: DOM_OPS, selector: ROOTS_SELECTOR }));
      await pages.get(variant)!.waitForTimeout(100);
    }
  }
  const rescans = (await scanEntries(marked)).slice(scansBefore);
  if ((await marked.evaluate(countMarks)) !== marks) throw new BenchFailure(`the page's DOM work changed our marks (${marks} before)`);
  for (const page of pages.values()) await page.close();
  return { runs, rescans };
}

// ---------------------------------------------------------------------------------------------------------
// mark.js

async function openMarkJsPage(bench: BenchBrowser, markJs: string): Promise<Page> {
  const page = await openPage(bench, PLAIN_URL, 'plain');
  await page.addScriptTag({ content: markJs });
  return page;
}

/** One `mark()` call in the page; synchronous in mark.js 8 (no iframes), so `done` has run when it returns. */
function runMark({ names, selector }: { names: string[]; selector: string }) {
  const root = document.querySelector(selector) ?? document.body;
  const started = performance.now();
  let marks = -1;
  try {
    const Mark = (window as unknown as { Mark: new (context: Element) => { mark(keywords: string[], options: object): void } }).Mark;
    new Mark(root).mark(names, {
      accuracy: 'exactly',
      caseSensitive: true,
      separateWordSearch: false,
      done: (total: number) => {
        marks = total;
      },
    });
  } catch (error) {
    return { ok: false as const, ms: performance.now() - started, marks, error: String(error) };
  }
  return { ok: true as const, ms: performance.now() - started, marks, error: '' };
}

/**
 * The most names one `mark()` call takes before mark.js overflows the stack (runs in the page). mark.js
 * handles keyword i+1 from inside keyword i's done callback, so the stack grows by a fixed number of
 * frames per name whatever the page: found on a one-paragraph element, where each try takes milliseconds.
 */
function markJsStackLimit(names: string[]) {
  const Mark = (window as unknown as { Mark: new (context: Element) => { mark(keywords: string[], options: object): void } }).Mark;
  const works = (size: number): string => {
    const element = document.createElement('p');
    element.textContent = 'GPTQ and AWQ and QuIP#';
    document.body.append(element);
    try {
      new Mark(element).mark(names.slice(0, size), { accuracy: 'exactly', caseSensitive: true, separateWordSearch: false });
      return '';
    } catch (error) {
      return String(error);
    } finally {
      element.remove();
    }
  };
  const allError = works(names.length);
  if (!allError) return { allError, largest: names.length };
  let low = 1; // works
  let high = names.length; // fails
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (works(middle)) high = middle;
    else low = middle;
  }
  return { allError, largest: low };
}

async function measureMarkJs(bench: BenchBrowser, markJs: string, names: string[]): Promise<MarkJsResult> {
  const result: MarkJsResult = { names: names.length, fullCallWorked: false, batchSize: 0, namesDone: 0, ms: 0, marks: 0, runs: [], attempts: [] };
  const selector = 'article.ltx_document';
  const SMALL = 200;

  if (names.length <= SMALL) {
    // A small dictionary: the whole of it in one call, on fresh pages, median of 5.
    for (let i = 0; i < 5; i++) {
      const page = await openMarkJsPage(bench, markJs);
      const run = await page.evaluate(runMark, { names, selector });
      await page.close();
      if (!run.ok) throw new BenchFailure(`mark.js failed on ${names.length} names: ${run.error}`);
      result.runs.push(run.ms);
      result.marks = run.marks;
    }
    Object.assign(result, { fullCallWorked: true, batchSize: names.length, namesDone: names.length, ms: median(result.runs) });
    return result;
  }

  const page = await openMarkJsPage(bench, markJs);
  const limit = await page.evaluate(markJsStackLimit, names);
  result.fullCallWorked = limit.allError === '';
  if (limit.allError) result.fullCallError = limit.allError;
  result.batchSize = limit.largest;
  result.attempts.push(
    limit.allError
      ? `one call with all ${count(names.length)} names throws; the largest call that works takes ${count(limit.largest)} names (bisected on a one-paragraph element)`
      : `one call with all ${count(names.length)} names works (on a one-paragraph element)`,
  );

  // On the real page: batches no larger than what works, sized to stay within the cap, in one page.
  let perName = NaN;
  let batches = 0;
  for (let start = 0; start < names.length; ) {
    const left = MARKJS_CAP_MS - result.ms;
    const size = Math.min(limit.largest, names.length - start, Number.isNaN(perName) ? SMALL : Math.floor(left / perName));
    if (size < 50) break;
    const run = await page.evaluate(runMark, { names: names.slice(start, start + size), selector });
    if (!run.ok) throw new BenchFailure(`mark.js batch of ${size} names at ${start} failed: ${run.error}`);
    batches += 1;
    result.ms += run.ms;
    result.marks += run.marks;
    result.namesDone += size;
    perName = result.ms / result.namesDone;
    start += size;
    log(`  mark.js: ${count(result.namesDone)}/${count(names.length)} names in ${seconds(result.ms)}`);
  }
  await page.close();
  result.attempts.push(`${count(result.namesDone)} names run on the page in ${batches} call(s) within the ${seconds(MARKJS_CAP_MS, 0)} cap`);
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Report

function firstPass(load: LoadResult): ScanEntry {
  return load.scans.find((scan) => scan.pass === 1)!;
}

function spread(values: number[], digits = 1): string {
  return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
}

async function printReport(results: DictionaryResult[], synth: { methods: number; bytes: number }, sizes: ScriptSizes | undefined): Promise<void> {
  const scanMedian = (result: DictionaryResult) => median(result.marked.map((load) => busy(firstPass(load))));
  const shape = results[0]!.marked[0]!.floor!;
  const sliced = results.some((result) => result.marked.some((load) => firstPass(load).worked !== undefined));

  console.log(`\n=== bench:scan — ${PAPER_FIXTURE} at ${MARKED_URL}; ${LOADS} page loads per figure (after one warm-up load) ===`);
  console.log(`page: ${count(shape.nodes)} non-empty text nodes, ${count(shape.chars)} characters under the adapter's roots (${ROOTS_SELECTOR})`);
  console.log(
    `(b): names-only synthetic snapshot of ${count(synth.methods)} methods including the ${results[0]!.methods} bundled ones (so it finds the same real mentions); ` +
      `critiques/results/alternatives dropped so the import takes seconds, the dictionary is unchanged; imported in ${seconds(results[1]?.importMs ?? NaN)}`,
  );
  console.log(`machine load average (1/5/15 min): ${loadAverages.join('; ')} — on 2 cores, anything else running shows in these numbers`);
  if (build) console.log(build);

  console.log('\n1. Scan (first full pass, `method-lens:scan` measure) vs floor (TreeWalker pass reading every text node + as many StaticRanges in a registered Highlight)');
  const phase = (result: DictionaryResult, name: 'read' | 'match' | 'mark') =>
    median(result.marked.map((load) => firstPass(load).phases?.[name] ?? NaN));
  console.log(
    table(
      ['dictionary', 'names', 'marks', sliced ? 'scan worked' : 'scan', 'range', 'read / match / mark', 'floor', 'floor range', 'scan/floor', '90 % interval', 'target ≤ 2.5×', 'floor after scan', 'scan/that', ...(sliced ? ['scan wall', 'slices', 'longest slice'] : []), 'DCL→scan start'],
      results.map((result) => {
        const passes = result.marked.map(firstPass);
        const scan = scanMedian(result);
        const coldFloors = result.ignored.map((load) => load.coldFloor!.ms);
        const coldFloor = median(coldFloors);
        const warmFloor = median(result.marked.map((load) => load.floor!.ms));
        const dclToScan = median(result.marked.map((load) => firstPass(load).start - load.domContentLoaded));
        return [
          result.label,
          count(result.names),
          count(passes[0]!.marks),
          ms(scan, 1),
          spread(passes.map(busy)),
          `${ms(phase(result, 'read'), 0)} / ${ms(phase(result, 'match'), 0)} / ${ms(phase(result, 'mark'), 0)}`,
          ms(coldFloor, 1),
          spread(coldFloors),
          ratio(scan / coldFloor, 1),
          interval(ratioInterval(passes.map(busy), coldFloors), 1),
          verdict(scan / coldFloor <= 2.5),
          ms(warmFloor, 1),
          ratio(scan / warmFloor, 1),
          ...(sliced
            ? [
                ms(median(passes.map((scan) => scan.duration)), 0),
                passes[0]!.slices === undefined ? 'n/a' : spread(passes.map((scan) => scan.slices ?? NaN), 0),
                ms(median(passes.map(longestBlock)), 1),
              ]
            : []),
          ms(dclToScan, 0),
        ];
      }),
    ),
  );
  console.log(
    sliced
      ? '   The pass works in slices and yields in between: "scan worked" = its detail.worked (time worked without the pauses), the figure compared with the floor;\n' +
          '   "read / match / mark" = its detail.phases (medians); "scan wall" = the measure\'s duration, pauses included.'
      : '   The pass runs in one piece: "scan" = the measure\'s duration.',
  );
  console.log('   "90 % interval" = the central 90 % of the ratio over 10,000 bootstrap resamples (seeded) of the loads on each side, drawn');
  console.log('   again with replacement: where the ratio may lie given this run\'s spread. A target inside it is not settled by one run.');
  console.log('   "floor" = the bare pass on a fresh load of the same page (the /pdf/ loads, where the content script does not run), first thing after');
  console.log('   load, in an isolated world like the content script: it is the first reader of the page\'s text, as the scan is. The browser makes');
  console.log('   each text node\'s string on its first read, for every world at once: "floor after scan" runs in the main world of the marked');
  console.log('   page right after the scan and finds them made, so it undercounts what reading the page costs (the old baseline, for reference).');
  console.log('   DCL→scan start: DOMContentLoaded to the first pass = the getDictionary round trip + compileMatcher, outside the scan measure.');
  for (const result of results) {
    console.log(`   ${result.label}: warm-up load (first after the dictionary changed): scan ${ms(busy(firstPass(result.warmUp)))}, DCL→scan start ${ms(firstPass(result.warmUp).start - result.warmUp.domContentLoaded, 0)}`);
  }

  console.log('\n1b. The dictionary\'s size: what the page pays for it before and during the first pass (medians; content script measures)');
  const built = (result: DictionaryResult) => median(result.marked.map((load) => load.compileMs));
  console.log(
    table(
      ['dictionary', 'names', 'asking for it (round trip)', 'building the matcher', 'scan worked', 'building + scan', 'vs the smallest'],
      results.map((result) => {
        const total = built(result) + scanMedian(result);
        const smallest = Math.min(...results.map((other) => built(other) + scanMedian(other)));
        return [
          result.label,
          count(result.names),
          ms(median(result.marked.map((load) => load.dictionaryMs)), 1),
          ms(built(result), 1),
          ms(scanMedian(result), 1),
          ms(total, 1),
          ratio(total / smallest, 2),
        ];
      }),
    ),
  );
  console.log('   `method-lens:dictionary` = the getDictionary message until its answer; `method-lens:compile` = compileMatcher. The issue asks that a');
  console.log('   20k-name dictionary cost about what a 100-name one does, the matcher\'s building included: "vs the smallest" compares the two.');

  console.log('\n2. mark.js 8.11 ({accuracy: "exactly", caseSensitive: true, separateWordSearch: false}) on the same page (article.ltx_document), our content script absent');
  console.log(
    table(
      ['dictionary', 'names', 'one call', 'largest call', 'names run', 'time', 'per name', 'whole dictionary', 'mark.js/scan', '90 % interval', 'target ≥ 100×', 'marks'],
      results.map((result) => {
        const markjs = result.markjs;
        const perName = markjs.ms / markjs.namesDone;
        const complete = markjs.namesDone === markjs.names;
        const whole = complete ? markjs.ms : perName * markjs.names;
        const scan = scanMedian(result);
        return [
          result.label,
          count(markjs.names),
          markjs.fullCallWorked ? 'works' : 'THROWS',
          count(markjs.batchSize),
          count(markjs.namesDone),
          markjs.runs.length ? `${ms(markjs.ms, 0)} (median of ${markjs.runs.length})` : ms(markjs.ms, 0),
          ms(perName, 1),
          complete ? `${seconds(whole, 1)} measured` : `≈${seconds(whole, 0)} EXTRAPOLATED`,
          `${complete ? '' : '≈'}${ratio(whole / scan, 0)}`,
          complete && markjs.runs.length ? interval(ratioInterval(markjs.runs, result.marked.map((load) => busy(firstPass(load)))), 0) : '—',
          verdict(whole / scan >= 100),
          `${count(markjs.marks)}${complete ? '' : ' (partial)'}`,
        ];
      }),
    ),
  );
  for (const result of results) {
    if (result.markjs.attempts.length) console.log(`   ${result.label}: ${result.markjs.attempts.join('; ')}`);
    if (result.markjs.fullCallError) console.log(`   ${result.label}: the error: ${result.markjs.fullCallError.slice(0, 160)}${result.markjs.fullCallError.length > 160 ? '…' : ''}`);
  }
  console.log(`   mark.js/scan compares mark.js with the scan's ${sliced ? 'worked time' : 'duration'} (table 1); "90 % interval" as in table 1, over mark.js's runs and the scan's loads.`);
  console.log('   EXTRAPOLATED = (time of the names actually run ÷ their number) × dictionary size: mark.js walks the DOM once per name.');
  console.log('   mark.js counts whole-word matches (space-delimited), our matcher uses punctuation boundaries, hence different mark counts.');

  console.log(`\n3. Long tasks (> ${LONG_TASK_MS} ms) during page load, per load: PerformanceObserver "longtask" (buffered) and a main-world heartbeat's gaps`);
  const taskRows: string[][] = [];
  for (const result of results) {
    const rows: [string, LoadResult[]][] = [
      ['arxiv.org/html/ (extension scans)', result.marked],
      ['arxiv.org/pdf/ (extension on, not injected)', result.ignored],
      ['other host (no extension)', result.plain],
    ];
    for (const [where, loads] of rows) {
      const longTasks = loads.flatMap((load) => load.longTasks.map((task) => task.duration));
      const gaps = loads.flatMap((load) => load.gaps.map((gap) => gap.duration));
      taskRows.push([
        result.label,
        where,
        spread(loads.map((load) => load.longTasks.length), 0),
        longTasks.length ? ms(Math.max(...longTasks), 0) : '-',
        ms(median(loads.map((load) => load.longTasks.reduce((total, task) => total + task.duration, 0))), 0),
        spread(loads.map((load) => load.gaps.length), 0),
        gaps.length ? ms(Math.max(...gaps), 0) : '-',
        ms(median(loads.map((load) => load.gaps.reduce((total, gap) => total + gap.duration, 0))), 0),
      ]);
    }
  }
  console.log(
    table(
      ['dictionary', 'page', 'longtasks/load', 'longest', 'longtask time/load (median)', 'gaps/load', 'longest gap', 'gap time/load (median)'],
      taskRows,
    ),
  );
  for (const result of results) {
    const passes = [...result.marked, result.warmUp].flatMap((load) => load.scans).concat(result.rescans);
    const longest = passes.reduce((a, b) => (longestBlock(b) > longestBlock(a) ? b : a));
    const overlapping = result.marked.flatMap((load) =>
      load.longTasks.filter((task) => load.scans.some((scan) => task.start < scan.start + scan.duration && scan.start < task.start + task.duration)),
    );
    console.log(
      `   ${result.label}: max single method-lens:scan ${ms(Math.max(...passes.map((scan) => scan.duration)))} wall` +
        (sliced ? `, longest slice of any pass ${ms(longestBlock(longest))} (${longest.longestPhase ?? '?'})` : '') +
        `; extension tasks over ${LONG_TASK_MS} ms: ${longestBlock(longest) > LONG_TASK_MS ? `YES (${sliced ? 'a slice' : 'a pass'} of ${ms(longestBlock(longest), 0)})` : 'none within the scan passes'}` +
        `; longtask entries overlapping a scan window: ${overlapping.length}${overlapping.length ? ` (longest ${ms(Math.max(...overlapping.map((task) => task.duration)), 0)})` : ''}`,
    );
  }
  console.log('   Long tasks outside the passes (page parsing and layout, the getDictionary reply, compileMatcher) are compared by page:');
  console.log('   the extension\'s share is the difference between the /html/ or /pdf/ rows and the "no extension" row. Other processes on the');
  console.log('   machine stretch every task (a descheduled renderer still counts), so compare medians, not single maxima.');

  console.log(`\n4. The page's own DOM work: ${count(DOM_OPS)} text-node insert/removes on one paragraph in a synchronous loop; median of ${DOM_REPS}, variants alternating`);
  const domRows: string[][] = [];
  for (const result of results) {
    const plainLoop = median(result.dom['no extension'].map((run) => run.loop));
    for (const variant of DOM_VARIANTS) {
      const loop = median(result.dom[variant].map((run) => run.loop));
      domRows.push([
        result.label,
        variant,
        ms(loop, 2),
        variant === 'no extension' ? '1.00×' : ratio(loop / plainLoop),
        variant === 'with our marks' ? verdict(loop / plainLoop <= 1.2) : '',
        ms(median(result.dom[variant].map((run) => run.nextFrame)), 2),
      ]);
    }
  }
  console.log(table(['dictionary', 'page', 'loop', 'vs no extension', 'target ≤ 1.2×', 'next frame: rAF work before ours'], domRows));
  console.log('   The observer variants have empty callbacks: the loop pays for the browser making a record of each insert and remove for an');
  console.log('   observer of child lists (our callback runs after the loop). An observer of text changes alone costs little, but marks must');
  console.log('   follow added and removed text, which only a child-list observer reports.');
  for (const result of results) {
    const loopOf = (variant: DomVariant) => median(result.dom[variant].map((run) => run.loop));
    const marksRatio = loopOf('with our marks') / loopOf('no extension + a MutationObserver like ours');
    console.log(
      `   ${result.label}: with our marks vs the same observer without them: ${ratio(marksRatio)} — target ≤ 1.2×: ${verdict(marksRatio <= 1.2)} ` +
        '(what the marks and our callback add; the table\'s "vs no extension" adds the observer that following the page needs)',
    );
    const rescans = result.rescans.map((scan) => scan.duration);
    const worked = result.rescans.map(busy);
    const slices = result.rescans.map(longestBlock);
    console.log(
      `   ${result.label}: rescans the loops caused (each in the next frame): ${rescans.length}` +
        (rescans.length
          ? `, wall median ${ms(median(rescans), 2)}, max ${ms(Math.max(...rescans), 2)}; worked median ${ms(median(worked), 2)}, max ${ms(Math.max(...worked), 2)}; longest slice ${ms(Math.max(...slices), 2)}`
          : ''),
    );
  }
  console.log('   "next frame" = time from the frame\'s start to a rAF callback queued after the extension\'s: its MutationRecord handling + rescan.');

  printSize(sizes ?? (await measureSizes()), sizes === undefined);
}

/** A script's bytes: as built, and gzipped at levels 9 and 6. */
interface ScriptSize {
  raw: number;
  gzip9: number;
  gzip6: number;
}

/** The scripts' sizes, measured from the build the run measured and saved with it (`--json`). */
interface ScriptSizes {
  content: ScriptSize;
  stylesheet: ScriptSize;
  card: ScriptSize;
}

async function measureSizes(): Promise<ScriptSizes> {
  const size = async (path: string): Promise<ScriptSize> => {
    const script = await readFile(path);
    return { raw: script.byteLength, gzip9: gzipSync(script, { level: 9 }).byteLength, gzip6: gzipSync(script).byteLength };
  };
  return { content: await size(CONTENT_SCRIPT), stylesheet: await size(CONTENT_STYLESHEET), card: await size(CARD_SCRIPT) };
}

/** `ofCurrentBuild`: a run saved before its sizes were, printed again with today's build's. */
function printSize(sizes: ScriptSizes, ofCurrentBuild: boolean) {
  const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  const columns = ({ raw, gzip9, gzip6 }: ScriptSize) => [kB(raw), kB(gzip9), kB(gzip6)];
  // At load the browser adds the content script and its stylesheet (the marks' colours) to the page.
  const atLoad = sizes.content.gzip9 + sizes.stylesheet.gzip9;
  console.log('\n5. Content script size (.output/chrome-mv3/content-scripts/content.js and .css at load; card.js, the hover card, on first hover)');
  if (ofCurrentBuild) console.log('   The saved run has no sizes: these are of the build in .output/chrome-mv3 now, not of the build it measured.');
  console.log(
    table(
      ['script', 'raw', 'gzip -9', 'gzip -6', 'target ≤ 20 kB gzip at load'],
      [
        ['content-scripts/content.js', ...columns(sizes.content), ''],
        ['content-scripts/content.css', ...columns(sizes.stylesheet), ''],
        ['both, at load', '', kB(atLoad), '', verdict(atLoad <= 20_000)],
        ['card.js', ...columns(sizes.card), '(not at load)'],
      ],
    ),
  );
}
