// @vitest-environment happy-dom
/**
 * A differential property of the page session: whatever the page does to its DOM, and whenever the
 * session's frames, slices and timers run in between, once everything has run the marks registered in
 * `CSS.highlights` are exactly those a brand-new session makes on a deep copy of the final DOM; and at
 * every point where the page has had its turn (the observer's callback has run), no mark covers text
 * that changed, left the page or went into a skipped part.
 *
 * Everything the session waits for is under the test's hand, so that a run is deterministic and a
 * failure shrinks: the frames (the fake context's `requestAnimationFrame`), its timers (`ctx.setTimeout`,
 * with the global `clearTimeout` taking their ids), the slicer's yields (a fake `MessageChannel`, whose
 * messages are delivered one at a time), and the clock (`performance.now`, moving a set amount per call,
 * so that a pass yields every few reads, or never).
 *
 * The cases at the end are what the property found, one deterministic test each.
 *
 * Longer runs: FUZZ_RUNS=3000 FUZZ_SEED=7 (per root setting); FUZZ_AVOID=… leaves out the page changes
 * that trip a known bug (see `avoid`); FUZZ_STATS=1 prints what the runs covered; FUZZ_CASE='<counterexample
 * JSON>' FUZZ_DEBUG=1 replays one case step by step.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { setImmediate as nodeSetImmediate } from 'node:timers';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { compileMatcher } from '@/lib/match/matcher';
import { PageSession, type DictionaryMethods } from '@/lib/content/page-session';
import { siteSkipSelector } from '@/lib/content/skip';
import { SCAN_MEASURE } from '@/lib/content/measures';
import { WARM_UP_PAUSES } from '@/lib/content/slicer';
import { outermost, type SiteAdapter } from '@/lib/sites/site';
import { HIGHLIGHT_NAMES, statusKey, type Status } from '@/lib/snapshot/status';
import { installStaticRange } from './helpers/static-range';
import { testSite } from './helpers/test-site';

// ---------------------------------------------------------------------------------------------------
// The dictionary: names that overlap, sit inside each other, end in `#` or `)`, hold a space.

const NAMES = ['AWQ', 'GPTQ', 'QuIP', 'QuIP#', 'Grouped Lattice', 'Lattice Vector Quantization', 'LLM.int8()'];
const STATUS_OF: (Status | null)[] = [null, 'heavily superseded', 'superseded', 'frontier', null, 'frontier', 'superseded'];
const dictionary: DictionaryMethods = {
  methods: NAMES.map((name, i) => ({ id: name.toLowerCase(), status: STATUS_OF[i]! })),
  methodIndex: NAMES.map((_, i) => i),
  names: NAMES,
};
const matcher = compileMatcher(NAMES);
const site = testSite;
/** The same site, its roots the outermost `<section>`s (arXiv's are elements too), `<body>` when there are none. */
const sectionsSite: SiteAdapter = { ...site, rootSelector: 'section' };
const SKIPPED = siteSkipSelector(site);
const normalizeSpace = (text: string) => text.replace(/\s+/g, ' ');
/** Highlight name → the names a mark in it may cover (whitespace normalised). */
const NAMES_BY_HIGHLIGHT = new Map<string, Set<string>>();
NAMES.forEach((name, i) => {
  const key = HIGHLIGHT_NAMES[statusKey(STATUS_OF[i]!)];
  if (!NAMES_BY_HIGHLIGHT.has(key)) NAMES_BY_HIGHLIGHT.set(key, new Set());
  NAMES_BY_HIGHLIGHT.get(key)!.add(normalizeSpace(name));
});

// ---------------------------------------------------------------------------------------------------
// The world the session runs in: frames, timers, slices and the clock, all driven by the test.

const FAKE_TIMER_BASE = 1e9;
const world = {
  now: 0,
  /** How far the clock moves on each `performance.now()`: 0 never ends a slice, 1 ends one every few reads. */
  tick: 0,
  frames: [] as (() => void)[],
  timers: [] as { id: number; due: number; callback: () => void }[],
  nextTimer: FAKE_TIMER_BASE,
  /** The slicer's messages not delivered yet. */
  messages: [] as (() => void)[],
  errors: [] as unknown[],
  paused: false,
};
/** How much of the ground a run of the property covered (printed with FUZZ_STATS=1). */
const stats = { runs: 0, passes: 0, slicedPasses: 0, mutations: 0, mutationsMidPass: 0, bulkPastThreshold: 0, pausedRuns: 0, marksSettled: 0 };

function fakeContext(): ContentScriptContext {
  return {
    isInvalid: false,
    requestAnimationFrame: (callback: () => void) => world.frames.push(callback),
    setTimeout: (callback: () => void, ms: number) => {
      const id = world.nextTimer++;
      world.timers.push({ id, due: world.now + Math.max(0, ms || 0), callback });
      return id;
    },
  } as unknown as ContentScriptContext;
}

class FakeMessageChannel {
  readonly port1: { onmessage: ((event: { data: unknown }) => void) | null } = { onmessage: null };
  readonly port2 = {
    postMessage: (data: unknown) => {
      world.messages.push(() => this.port1.onmessage?.({ data }));
    },
  };
}

const realClearTimeout = globalThis.clearTimeout;
const realMessageChannel = globalThis.MessageChannel;
const onRejection = (reason: unknown) => world.errors.push(reason);
const onWindowError = (event: Event) => world.errors.push((event as ErrorEvent).error ?? event);

beforeAll(() => {
  const globals = globalThis as Record<string, unknown>;
  globals.Highlight ??= class extends Set<AbstractRange> {};
  Object.defineProperty(globalThis, 'CSS', { value: { ...(globals.CSS as object), highlights: new Map() }, configurable: true });
  installStaticRange();
  // The slicer makes its channel on its first yield: ours, so that its slices run when the test says.
  globals.MessageChannel = FakeMessageChannel;
  globals.clearTimeout = ((id?: number) => {
    if (typeof id === 'number' && id >= FAKE_TIMER_BASE) world.timers = world.timers.filter((timer) => timer.id !== id);
    else realClearTimeout(id as Parameters<typeof clearTimeout>[0]);
  }) as typeof clearTimeout;
  process.on('unhandledRejection', onRejection);
  // happy-dom catches what the observer's callback throws and dispatches it as the window's error.
  window.addEventListener('error', onWindowError);
});

afterAll(() => {
  const globals = globalThis as Record<string, unknown>;
  globals.MessageChannel = realMessageChannel;
  globals.clearTimeout = realClearTimeout;
  process.off('unhandledRejection', onRejection);
  window.removeEventListener('error', onWindowError);
});

/** Sessions not disposed yet: a test that failed halfway leaves none observing the next test's page. */
const live = new Set<PageSession>();

afterEach(async () => {
  for (const session of live) session.dispose();
  live.clear();
  // A slice left waiting would take the next test's first message (the slicer's queue is shared).
  while (world.messages.length) await deliverMessage();
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

/** Lets every microtask run (the observer's callback, a slice's continuation after its message). */
const flushMicrotasks = () => new Promise<void>((resolve) => nodeSetImmediate(resolve));

/** The observer's callback has run: no registered mark may cover text that changed or left what is read. */
function checkNoStaleMark(where: string): void {
  if (process.env.FUZZ_DEBUG) console.log(where, registeredMarksUnchecked());
  for (const [name, highlight] of CSS.highlights as unknown as Map<string, Set<StaticRange>>) {
    if (!name.startsWith('method-lens')) continue;
    for (const range of highlight) {
      const problem = rangeProblem(range, name);
      if (problem) throw new Error(`${where}: stale mark in ${name}: ${problem}\n${describeDom(document.body)}`);
    }
  }
}

/** What is wrong with a registered range, if anything: a node off the page or skipped, offsets outside it, or text no name. */
function rangeProblem(range: StaticRange, highlightName: string): string | null {
  const { startContainer: start, endContainer: end, startOffset, endOffset } = range;
  for (const node of [start, end]) {
    if (node.nodeType !== Node.TEXT_NODE) return `a ${node.nodeName} container`;
    if (!node.isConnected || !document.body.contains(node)) return `a text node off the page (${JSON.stringify((node as Text).data)})`;
    if (node.parentElement?.closest(SKIPPED)) return `a text node in a skipped part (${JSON.stringify((node as Text).data)})`;
  }
  if (startOffset < 0 || startOffset > (start as Text).length || endOffset < 0 || endOffset > (end as Text).length) {
    return `offsets ${startOffset}–${endOffset} outside ${JSON.stringify((start as Text).data)} / ${JSON.stringify((end as Text).data)}`;
  }
  const covered = coveredText(range);
  if (covered === null) return 'its end comes before its start';
  if (!NAMES_BY_HIGHLIGHT.get(highlightName)?.has(normalizeSpace(covered))) return `it covers ${JSON.stringify(covered)}`;
  return null;
}

/** The text a range covers as the reader reads it (skipped parts left out), or null if its end is not after its start. */
function coveredText(range: StaticRange): string | null {
  const start = range.startContainer as Text;
  const end = range.endContainer as Text;
  if (start === end) return range.endOffset > range.startOffset ? start.data.slice(range.startOffset, range.endOffset) : null;
  if (!(start.compareDocumentPosition(end) & Node.DOCUMENT_POSITION_FOLLOWING)) return null;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  walker.currentNode = start;
  let text = start.data.slice(range.startOffset);
  for (let node = walker.nextNode() as Text | null; node && node !== end; node = walker.nextNode() as Text | null) {
    if (!node.parentElement?.closest(SKIPPED)) text += node.data;
  }
  return text + end.data.slice(0, range.endOffset);
}

function pathOf(node: Node, root: Node): string {
  const steps: number[] = [];
  for (let at = node; at !== root; at = at.parentNode!) {
    if (!at.parentNode) throw new Error(`not under the root: ${JSON.stringify(at.textContent)}`);
    steps.push(Array.prototype.indexOf.call(at.parentNode.childNodes, at));
  }
  return steps.reverse().join('.');
}

function registeredMarksUnchecked(): string[] {
  const marks: string[] = [];
  for (const [name, highlight] of CSS.highlights as unknown as Map<string, Set<StaticRange>>) {
    for (const range of highlight) marks.push(`${name} ${JSON.stringify((range.startContainer as Text).data)}@${range.startOffset}–${JSON.stringify((range.endContainer as Text).data)}@${range.endOffset}`);
  }
  return marks;
}

/** The registered marks, each as its highlight's name and its ends' tree paths under body; every one checked. */
function registeredMarks(where: string): string[] {
  checkNoStaleMark(where);
  const marks: string[] = [];
  for (const [name, highlight] of CSS.highlights as unknown as Map<string, Set<StaticRange>>) {
    if (!name.startsWith('method-lens')) continue;
    for (const range of highlight) {
      marks.push(
        `${name.slice('method-lens-'.length)} ${pathOf(range.startContainer, document.body)}:${range.startOffset}` +
          `–${pathOf(range.endContainer, document.body)}:${range.endOffset} ${JSON.stringify(coveredText(range))}`,
      );
    }
  }
  return marks.sort();
}

/** The DOM with every text node's bounds shown (innerHTML hides where one ends and the next begins). */
function describeDom(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return JSON.stringify((node as Text).data);
  if (node.nodeType === Node.COMMENT_NODE) return '<!---->';
  const element = node as Element;
  const attributes = [...element.attributes].map((attribute) => ` ${attribute.name}="${attribute.value}"`).join('');
  return `<${element.localName}${attributes}>${[...element.childNodes].map(describeDom).join('')}</${element.localName}>`;
}

// ---------------------------------------------------------------------------------------------------
// Driving the session.

async function runFrames(): Promise<void> {
  for (const frame of world.frames.splice(0)) frame();
  await flushMicrotasks();
}

async function deliverMessage(): Promise<boolean> {
  const message = world.messages.shift();
  if (!message) return false;
  message();
  await flushMicrotasks();
  return true;
}

/** Moves the clock on by `ms` and runs the timers due by then, in order. */
async function sleep(ms: number): Promise<void> {
  const until = world.now + ms;
  for (;;) {
    const due = world.timers.filter((timer) => timer.due <= until).sort((a, b) => a.due - b.due || a.id - b.id)[0];
    if (!due) break;
    world.timers = world.timers.filter((timer) => timer !== due);
    world.now = Math.max(world.now, due.due);
    due.callback();
    await flushMicrotasks();
  }
  world.now = Math.max(world.now, until);
}

/**
 * Turns of the world after which a session that has not settled never will: counted, not timed, so that a
 * run's outcome does not depend on how fast the machine is. The most a settling run took over 8,000
 * scenarios was 8,919 turns (1.8 s); a limit of 5 s, as before, failed runs of 6,500 turns on a loaded CI
 * machine, and their shrinking then ran past the test's timeout.
 */
const MAX_TURNS = 60_000;

/** Runs everything the session waits for (slices, frames, then timers), until nothing is left. */
async function quiesce(check: boolean): Promise<void> {
  for (let i = 0; i < MAX_TURNS; i++) {
    await flushMicrotasks();
    if (check) checkNoStaleMark('settling');
    if (world.messages.length) {
      await deliverMessage();
      continue;
    }
    if (world.frames.length) {
      await runFrames();
      continue;
    }
    if (world.timers.length) {
      const next = Math.min(...world.timers.map((timer) => timer.due));
      await sleep(Math.max(0, next - world.now));
      continue;
    }
    return;
  }
  throw new Error(`still not settled after ${MAX_TURNS} turns: ${world.messages.length} messages, ${world.frames.length} frames, ${world.timers.length} timers`);
}

function startSession(options: { showMarksAfterMs?: number; calmWindowMs?: number; segmentChars?: number; roots?: 'body' | 'sections'; warmUpPauses?: number }): PageSession {
  const session = new PageSession({
    ctx: fakeContext(),
    // Each scenario is a script of its own, with its own count: a case replays alone as it ran in the property.
    warmUp: { pausesLeft: options.warmUpPauses ?? 0 },
    site: options.roots === 'sections' ? sectionsSite : site,
    matcher,
    dictionary,
    onMentions: (_, paused) => (world.paused ||= paused),
    showMarksAfterMs: options.showMarksAfterMs,
    calmWindowMs: options.calmWindowMs,
    segmentChars: options.segmentChars,
  });
  live.add(session);
  const dispose = session.dispose.bind(session);
  session.dispose = () => {
    live.delete(session);
    dispose();
  };
  session.start();
  return session;
}

function resetWorld(tick: number): void {
  // A run may have hidden `<body>` or made it an editor: the next starts on a plain one.
  for (const name of document.body.getAttributeNames()) document.body.removeAttribute(name);
  world.now = 1_000;
  world.tick = tick;
  world.frames = [];
  world.timers = [];
  world.errors = [];
  world.paused = false;
  // A message left over would release a slice of the next session (the slicer's queue is shared).
  if (world.messages.length) throw new Error('a slice was left waiting');
  vi.spyOn(performance, 'now').mockImplementation(() => (world.now += world.tick));
  performance.clearMeasures(SCAN_MEASURE);
}

// ---------------------------------------------------------------------------------------------------
// Pages, and what a page does to itself.

const avoid = new Set((process.env.FUZZ_AVOID ?? '').split(',').filter(Boolean));
let currentRoots: 'body' | 'sections' = 'body';
let anchor: Element | null = null;

type NodeSpec =
  | { kind: 'text'; data: string }
  | { kind: 'comment' }
  | { kind: 'element'; tag: string; attributes: [string, string][]; children: NodeSpec[] };

const TOKENS = [
  ...NAMES,
  'QuIP#',
  'QuI',
  'P#',
  'P',
  '#',
  '+',
  'Q',
  'AW',
  'GPT',
  'Grouped',
  'Lattice',
  'Vector',
  'Quantization',
  'Vector Quantization',
  'LLM.',
  'int8()',
  ' ',
  ' ',
  '  ',
  '\n',
  'x',
  'v2',
  '2',
  '.',
  ',',
  '(',
  ')',
  '-',
];
const textArbitrary = fc.array(fc.constantFrom(...TOKENS), { minLength: 1, maxLength: 4 }).map((tokens) => tokens.join(''));

const SKIP_VARIANTS: [string, [string, string][]][] = [
  ['script', []],
  ['textarea', []],
  ['math', []],
  ['nav', []],
  ['span', [['hidden', '']]],
  ['div', [['hidden', '']]],
  ['span', [['contenteditable', '']]],
  ['span', [['contenteditable', 'true']]],
  ['div', [['contenteditable', 'true']]],
];
const INLINE_TAGS = ['em', 'b', 'span', 'a', 'span'];
const BLOCK_TAGS = ['p', 'div', 'section', 'li'];

const textNode: fc.Arbitrary<NodeSpec> = textArbitrary.map((data) => ({ kind: 'text', data }));
const { inline } = fc.letrec<{ inline: NodeSpec }>((tie) => ({
  inline: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: textNode, weight: 6 },
    { arbitrary: fc.constant<NodeSpec>({ kind: 'comment' }), weight: 1 },
    { arbitrary: fc.constant<NodeSpec>({ kind: 'element', tag: 'br', attributes: [], children: [] }), weight: 1 },
    {
      arbitrary: fc
        .record({ tag: fc.constantFrom(...INLINE_TAGS), contenteditableFalse: fc.boolean(), children: fc.array(tie('inline'), { maxLength: 3 }) })
        .map(({ tag, contenteditableFalse, children }): NodeSpec => ({ kind: 'element', tag, attributes: contenteditableFalse ? [['contenteditable', 'false']] : [], children })),
      weight: 3,
    },
    {
      arbitrary: fc
        .record({ variant: fc.constantFrom(...SKIP_VARIANTS), children: fc.array(tie('inline'), { maxLength: 2 }) })
        .map(({ variant: [tag, attributes], children }): NodeSpec => ({ kind: 'element', tag, attributes, children })),
      weight: 2,
    },
  ),
}));
const block: fc.Arbitrary<NodeSpec> = fc
  .record({ tag: fc.constantFrom(...BLOCK_TAGS), children: fc.array(inline, { maxLength: 5 }) })
  .map(({ tag, children }) => ({ kind: 'element', tag, attributes: [], children }));
const bodyChildren = fc.array(fc.oneof({ arbitrary: block, weight: 4 }, { arbitrary: inline, weight: 1 }), { maxLength: 6 });

function build(spec: NodeSpec): Node {
  if (spec.kind === 'text') return document.createTextNode(spec.data);
  if (spec.kind === 'comment') return document.createComment('');
  let element = document.createElement(spec.tag);
  for (const [name, value] of spec.attributes) element.setAttribute(name, value);
  if (avoid.has('skipped') && element.matches(SKIPPED)) element = document.createElement('span');
  for (const child of spec.children) element.append(build(child));
  return element;
}

/** Enough paragraphs that changing each in one frame is past the threshold for rescanning block by block. */
const MANY = 210;
function manyParagraphs(): Node {
  const list = document.createElement('div');
  list.className = 'many';
  for (let i = 0; i < MANY; i++) {
    const p = document.createElement('p');
    p.append(i % 7 === 0 ? `AWQ ${i}` : `x ${i}`);
    list.append(p);
  }
  return list;
}

type Mutation =
  | { op: 'setData'; pick: number; data: string }
  | { op: 'replaceData'; pick: number; offset: number; count: number; data: string }
  | { op: 'insert'; pick: number; position: number; node: NodeSpec }
  | { op: 'remove'; pick: number }
  | { op: 'split'; pick: number; offset: number }
  | { op: 'normalize'; pick: number }
  | { op: 'move'; pick: number; to: number; position: number }
  | { op: 'attribute'; pick: number; name: 'hidden' | 'contenteditable'; value: string | null }
  | { op: 'replaceRoot'; pick: number; children: NodeSpec[] }
  | { op: 'bulk'; count: number; data: string };
type Step = Mutation | { op: 'flush' } | { op: 'frame' } | { op: 'slice'; count: number } | { op: 'sleep'; ms: number } | { op: 'storm'; frames: number; pick: number };

const pick = fc.nat({ max: 1_000 });
const mutationArbitrary: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('setData' as const), pick, data: fc.oneof(textArbitrary, fc.constant('')) }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('replaceData' as const), pick, offset: fc.nat(12), count: fc.nat(4), data: fc.oneof(textArbitrary, fc.constant('')) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('insert' as const), pick, position: fc.nat(6), node: fc.oneof(inline, block) }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('remove' as const), pick }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('split' as const), pick, offset: fc.nat(12) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('normalize' as const), pick }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('move' as const), pick, to: pick, position: fc.nat(6) }), weight: 2 },
  {
    arbitrary: fc.record({
      op: fc.constant('attribute' as const),
      pick,
      name: fc.constantFrom('hidden' as const, 'contenteditable' as const),
      value: fc.constantFrom(null, '', 'true', 'false'),
    }),
    weight: 3,
  },
  { arbitrary: fc.record({ op: fc.constant('replaceRoot' as const), pick, children: bodyChildren }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('bulk' as const), count: fc.integer({ min: 150, max: MANY }), data: textArbitrary }), weight: 1 },
);
const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: mutationArbitrary, weight: 6 },
  { arbitrary: fc.constant({ op: 'flush' as const }), weight: 2 },
  { arbitrary: fc.constant({ op: 'frame' as const }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('slice' as const), count: fc.integer({ min: 1, max: 6 }) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('sleep' as const), ms: fc.constantFrom(10, 300, 3_500) }), weight: 1 },
);
/**
 * A page that keeps changing, frame after frame: past RUNAWAY_BATCHES the session pauses, and reads the
 * page again once it is calm. Only ever first: that full read heals whatever went wrong before it.
 */
const stormArbitrary = fc.record({ op: fc.constant('storm' as const), frames: fc.integer({ min: 40, max: 75 }), pick });

const allUnder = <T extends Node>(root: Node, filter: (node: Node) => node is T): T[] => {
  const found: T[] = [];
  const visit = (node: Node) => {
    for (const child of node.childNodes) {
      if (filter(child)) found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
};
const isText = (node: Node): node is Text => node.nodeType === Node.TEXT_NODE;
const isElement = (node: Node): node is Element => node.nodeType === Node.ELEMENT_NODE;
const isAny = (node: Node): node is Node => true;
const VOID = new Set(['br', 'input', 'hr', 'img']);
const at = <T>(list: readonly T[], index: number): T | undefined => (list.length ? list[index % list.length] : undefined);
const childAt = (parent: Node, position: number): Node | null => parent.childNodes[position % (parent.childNodes.length + 1)] ?? null;

/**
 * Page changes that trip the bugs this property found (the cases at the end of the file), left out
 * when FUZZ_AVOID lists them (comma-separated), so that a run can look for others:
 * - `attribute-join`: `hidden` / `contenteditable` toggled only on a block whose siblings are all blocks.
 * - `empty-text`: no text node is ever emptied (nor made empty by a split).
 * - `mid-pass-insert`, `mid-pass-removal`: no node added, or removed, while a pass is paused.
 * - `skipped`: no skipped element on the page (a plain `<span>` in its place).
 * - `moved-root`: with sections for roots, none moved, and nothing moved out of one.
 */
const INSERTING = new Set<Mutation['op']>(['insert', 'move', 'split', 'replaceRoot', 'bulk']);
const REMOVING = new Set<Mutation['op']>(['remove', 'move', 'normalize', 'replaceRoot']);
const BLOCK_NAMES = new Set(BLOCK_TAGS);

/** Applies one page change; a change that makes no sense on the page as it is now does nothing. */
function mutate(mutation: Mutation): void {
  const midPass = world.messages.length > 0;
  if (midPass && avoid.has('mid-pass-insert') && INSERTING.has(mutation.op)) return;
  if (midPass && avoid.has('mid-pass-removal') && REMOVING.has(mutation.op)) return;
  mutateOnce(mutation);
}

const inRoot = (node: Node) => outermost(document, 'section').some((root) => root.contains(node));

function mutateOnce(mutation: Mutation): void {
  const body = document.body;
  switch (mutation.op) {
    case 'setData': {
      const text = at(allUnder(body, isText), mutation.pick);
      if (text && !(avoid.has('empty-text') && !mutation.data)) text.data = mutation.data;
      return;
    }
    case 'replaceData': {
      const text = at(allUnder(body, isText), mutation.pick);
      if (!text) return;
      const offset = Math.min(mutation.offset, text.length);
      if (avoid.has('empty-text') && !mutation.data && offset === 0 && mutation.count >= text.length) return;
      text.replaceData(offset, mutation.count, mutation.data);
      return;
    }
    case 'insert': {
      const parent = at([body, ...allUnder(body, isElement).filter((element) => !VOID.has(element.localName))], mutation.pick)!;
      const node = build(mutation.node);
      parent.insertBefore(node, childAt(parent, mutation.position));
      return;
    }
    case 'remove': {
      const node = at(allUnder(body, isAny), mutation.pick) as ChildNode | undefined;
      if (node !== anchor) node?.remove();
      return;
    }
    case 'split': {
      const text = at(allUnder(body, isText), mutation.pick);
      if (!text) return;
      const offset = Math.min(mutation.offset, text.length);
      if (avoid.has('empty-text') && (offset === 0 || offset === text.length)) return;
      text.splitText(offset);
      return;
    }
    case 'normalize': {
      at([body, ...allUnder(body, isElement)], mutation.pick)!.normalize();
      return;
    }
    case 'move': {
      const node = at(allUnder(body, isAny), mutation.pick);
      if (!node || node === anchor) return;
      if (avoid.has('moved-root') && currentRoots === 'sections' && isElement(node) && (node.matches('section') || node.querySelector('section'))) return;
      const parents = [body, ...allUnder(body, isElement)].filter((element) => !VOID.has(element.localName) && !node.contains(element));
      const parent = at(parents, mutation.to)!;
      if (avoid.has('moved-root') && currentRoots === 'sections' && !inRoot(parent) && inRoot(node)) return;
      const before = childAt(parent, mutation.position);
      if (before !== node) parent.insertBefore(node, before);
      return;
    }
    case 'attribute': {
      // `<body>` too: with sections for roots, it holds them all.
      const element = at([body, ...allUnder(body, isElement)], mutation.pick);
      if (!element) return;
      const amongBlocks = [...element.parentNode!.childNodes].every((node) => isElement(node) && BLOCK_NAMES.has(node.localName));
      if (avoid.has('attribute-join') && !amongBlocks) return;
      if (mutation.value === null) element.removeAttribute(mutation.name);
      else element.setAttribute(mutation.name, mutation.value);
      return;
    }
    case 'replaceRoot': {
      // With sections for roots, one of them gets new children; the page's only root, `<body>`, otherwise.
      const root = currentRoots === 'sections' ? at(outermost(document, 'section'), mutation.pick) : body;
      root?.replaceChildren(...mutation.children.map(build));
      return;
    }
    case 'bulk': {
      // Past the threshold: the text of that many paragraphs changes in one frame (the page gets them first).
      let paragraphs = [...body.querySelectorAll('div.many > p')];
      if (paragraphs.length < mutation.count) {
        body.append(manyParagraphs());
        paragraphs = [...body.querySelectorAll('div.many > p')];
      }
      for (const p of paragraphs.slice(0, mutation.count)) p.append(mutation.data);
      return;
    }
  }
}

const debug = (...args: unknown[]) => process.env.FUZZ_DEBUG && console.log(...args);
const isPageChange = (action: Step): action is Mutation => !['flush', 'frame', 'slice', 'sleep', 'storm'].includes(action.op);

/** A page change, in the same task as the changes just before it: the observer gets their records together. */
function change(action: Mutation): void {
  debug('change', JSON.stringify(action), 'now', world.now, 'messages', world.messages.length, 'frames', world.frames.length);
  stats.mutations++;
  if (world.messages.length) stats.mutationsMidPass++;
  if (action.op === 'bulk' && action.count > 200) stats.bulkPastThreshold++;
  mutate(action);
  debug(describeDom(document.body));
}

/** Something else happening: a task of its own, after the observer's callback for the changes before it. */
async function step(action: Exclude<Step, Mutation>): Promise<void> {
  debug('step', JSON.stringify(action), 'now', world.now, 'messages', world.messages.length, 'frames', world.frames.length);
  switch (action.op) {
    case 'flush':
      await flushMicrotasks();
      checkNoStaleMark('after the page’s change');
      return;
    case 'frame':
      // A frame is a task of its own: the observer's callback for what came before has run.
      await flushMicrotasks();
      await runFrames();
      checkNoStaleMark('after a frame');
      return;
    case 'slice':
      await flushMicrotasks();
      for (let i = 0; i < action.count; i++) if (!(await deliverMessage())) break;
      checkNoStaleMark('after a slice');
      return;
    case 'sleep':
      await flushMicrotasks();
      await sleep(action.ms);
      checkNoStaleMark('after a pause');
      return;
    case 'storm':
      for (let i = 0; i < action.frames; i++) {
        const text = at(allUnder(document.body, isText), action.pick);
        if (!text) return;
        text.data = i % 3 ? `tick ${i}` : `AWQ ${i}`;
        await flushMicrotasks();
        await runFrames();
        while (await deliverMessage());
        world.now += 5;
      }
      checkNoStaleMark('after a storm');
      return;
  }
}

interface Scenario {
  /** Whether page changes in a row come in one task (the observer gets their records together). */
  batched?: boolean;
  roots?: 'body' | 'sections';
  initial: NodeSpec[];
  many: boolean;
  tick: number;
  showMarksAfterMs: number | undefined;
  calmWindowMs: number | undefined;
  /** Passes cut into segments of this many characters (a real page's are 1M: these pages would be one). */
  segmentChars: number | undefined;
  /** The warm-up pauses the script has left (`WARM_UP_PAUSES` at its first pass, 0 when absent), each a timer. */
  warmUpPauses?: number;
  steps: Step[];
}

const scenarioArbitrary = (roots: 'body' | 'sections'): fc.Arbitrary<Scenario> => fc.record({
  roots: fc.constant(roots),
  initial: bodyChildren,
  many: fc.constantFrom(false, false, false, true),
  batched: fc.boolean(),
  tick: fc.constantFrom(0, 0.05, 0.5, 2),
  showMarksAfterMs: fc.constantFrom(undefined, 0, Infinity),
  calmWindowMs: fc.constantFrom(undefined, 40),
  segmentChars: fc.constantFrom(undefined, 200),
  warmUpPauses: fc.constantFrom(0, 0, 0, WARM_UP_PAUSES),
  steps: fc.tuple(fc.option(stormArbitrary, { freq: 4 }), fc.array(stepArbitrary, { maxLength: 40, size: 'medium' })).map(([storm, steps]) => (storm ? [storm, ...steps] : steps)),
  // A pass over the many paragraphs that yields every few reads makes a run slow, and finds no more.
}).map((scenario) => (scenario.many ? { ...scenario, tick: Math.min(scenario.tick, 0.05) } : scenario));

/** The run: the page changes under a session; once settled, its marks are a fresh session's on a copy of the page. */
async function check(scenario: Scenario): Promise<void> {
  const began = Date.now();
  try {
    await checkScenario(scenario);
  } finally {
    if (process.env.FUZZ_STATS && Date.now() - began > 1_000) console.log('slow run', Date.now() - began, 'ms', JSON.stringify(scenario));
  }
}
async function checkScenario(scenario: Scenario): Promise<void> {
  resetWorld(scenario.tick);
  currentRoots = scenario.roots ?? 'body';
  document.body.replaceChildren(...scenario.initial.map(build));
  // With sections for roots, one the page never takes away: a page without any is read whole (`<body>`).
  anchor = null;
  if (currentRoots === 'sections') {
    anchor = Object.assign(document.createElement('section'), { textContent: 'GPTQ anchor' });
    document.body.prepend(anchor);
  }
  if (scenario.many) document.body.append(manyParagraphs());
  let session: PageSession | null = startSession(scenario);
  let fresh: PageSession | null = null;
  try {
    // Page changes in a row are one task (no await between them), or each one its own; anything else is a task of its own.
    for (const action of scenario.steps) {
      if (!isPageChange(action)) await step(action);
      else if (scenario.batched) change(action);
      else {
        change(action);
        await step({ op: 'flush' });
      }
    }
    await quiesce(true);
    const marks = registeredMarks('settled');
    debug('passes', (performance.getEntriesByName(SCAN_MEASURE) as PerformanceMeasure[]).map((entry) => JSON.stringify({ start: entry.startTime, ...(entry.detail as object) })));
    stats.runs++;
    stats.marksSettled += marks.length;
    if (world.paused) stats.pausedRuns++;
    for (const entry of performance.getEntriesByName(SCAN_MEASURE) as PerformanceMeasure[]) {
      stats.passes++;
      if ((entry.detail as { slices: number }).slices > 1) stats.slicedPasses++;
    }
    session.dispose();
    session = null;
    await quiesce(false);
    // A brand-new session on a deep copy of the final page, in the page's place.
    const finalDom = describeDom(document.body);
    const copy = document.body.cloneNode(true);
    document.documentElement.replaceChild(copy, document.body);
    world.tick = 0;
    fresh = startSession({ roots: scenario.roots });
    await quiesce(false);
    const expected = registeredMarks('fresh');
    debug('marks', marks, 'fresh', expected);
    expect(world.errors).toEqual([]);
    expect(marks, `the page settled as\n${finalDom}`).toEqual(expected);
  } finally {
    session?.dispose();
    fresh?.dispose();
    await quiesce(false);
    vi.restoreAllMocks();
  }
}

describe('PageSession, differential against a fresh scan', () => {
  const runs = Number(process.env.FUZZ_RUNS ?? 200);
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  // 200 runs take 5 s alone and 18–40 s beside the rest of the suite on a loaded two-core machine; once a CI
  // run took over 100 s, and a run cut off by the timeout keeps changing the shared page under the tests
  // after it, which then fail. So past half the timeout no new scenario starts: a slow hour checks fewer
  // scenarios, and the one under way finishes. Once one fails, every run counts, so that it shrinks, up to
  // four fifths of the timeout: then the smallest failing scenario found so far is reported.
  const timeout = Math.max(30_000, runs * 500);
  it.each(['body', 'sections'] as const)(
    'settles to the marks of a fresh session, and never shows a stale mark on the way (roots: %s)',
    async (roots) => {
      const began = Date.now();
      let checked = 0;
      let failed = false;
      await fc.assert(
        fc.asyncProperty(scenarioArbitrary(roots), async (scenario) => {
          if (Date.now() - began > (failed ? timeout * 0.8 : timeout / 2)) return;
          checked++;
          await check(scenario).catch((error: unknown) => {
            failed = true;
            throw error;
          });
        }),
        { numRuns: runs, seed },
      );
      if (checked < runs) console.log(`[fuzz] roots ${roots}: ${checked} of ${runs} scenarios checked in ${Date.now() - began} ms, the rest left for want of time`);
      expect(checked).toBeGreaterThan(0);
      if (process.env.FUZZ_STATS) console.log(stats);
    },
    timeout,
  );

  // A tool for a counterexample, defined only when one is given (so it is never a skipped test).
  if (process.env.FUZZ_CASE) it('replays FUZZ_CASE', async () => {
    if (process.env.FUZZ_DEBUG) {
      const qsa = Element.prototype.querySelectorAll;
      vi.spyOn(Element.prototype, 'querySelectorAll').mockImplementation(function (this: Element, selector: string) {
        const found = qsa.call(this, selector);
        debug('qsa', selector.slice(0, 40), 'now', world.now, [...found].map((element) => describeDom(element)));
        return found;
      } as typeof qsa);
    }
    await check(JSON.parse(process.env.FUZZ_CASE!) as Scenario);
  });
});

// ---------------------------------------------------------------------------------------------------
// What the property found, one case each: deterministic, in the same world.

/**
 * The read's first query for skipped elements takes the slice's whole budget, so the pass pauses right
 * after it; in that pause (a microtask later) the page makes `change`. Returns whether it was made.
 */
function changeDuringFirstQuery(change: () => void): () => boolean {
  const query = document.body.querySelectorAll.bind(document.body);
  let made = false;
  vi.spyOn(document.body, 'querySelectorAll').mockImplementation(((selector: string) => {
    if (!made) {
      made = true;
      world.now += 100;
      queueMicrotask(change);
    }
    return query(selector);
  }) as typeof document.body.querySelectorAll);
  return () => made;
}

describe('PageSession, cases the differential property found', () => {
  /** A session on `html` (or the page as the test made it), settled. */
  async function settled(html: string | null, roots: 'body' | 'sections' = 'body'): Promise<PageSession> {
    resetWorld(0);
    if (html !== null) document.body.innerHTML = html;
    const session = startSession({ roots });
    await quiesce(true);
    return session;
  }
  /** The marks shown, as the text each covers. */
  const markedTexts = () =>
    [...(CSS.highlights as unknown as Map<string, Set<StaticRange>>).values()].flatMap((highlight) => [...highlight].map((range) => coveredText(range))).sort();
  /** What a brand-new session marks on a copy of the page as it is now (the session under test disposed first). */
  async function freshMarks(session: PageSession, roots: 'body' | 'sections' = 'body'): Promise<string[]> {
    const marks = registeredMarks('settled');
    session.dispose();
    document.documentElement.replaceChild(document.body.cloneNode(true), document.body);
    const fresh = startSession({ roots });
    await quiesce(false);
    const expected = registeredMarks('fresh');
    fresh.dispose();
    expect(marks).toEqual(expected);
    return expected;
  }

  it('marks a name that hiding the element after it makes whole', async () => {
    const session = await settled('<p>GPTQ<span>v2</span></p>');
    expect(markedTexts()).toEqual([]); // "GPTQv2"
    document.querySelector('span')!.setAttribute('hidden', '');
    await quiesce(true);
    expect(markedTexts()).toEqual(['GPTQ']); // what a fresh scan finds: nothing follows "GPTQ" now
    await freshMarks(session);
  });

  it('marks a name that making the element after it an editor sets apart', async () => {
    const session = await settled('<p>GPTQ<span>v2</span></p>');
    document.querySelector('span')!.setAttribute('contenteditable', 'true');
    await quiesce(true);
    expect(markedTexts()).toEqual(['GPTQ']);
    await freshMarks(session);
  });

  it('drops a mark across a hidden block at once when the block is shown', async () => {
    const session = await settled('<div><span>AW</span><div hidden>x</div><span>Q</span></div>');
    expect(markedTexts()).toEqual(['AWQ']); // the hidden block is no gap
    document.querySelector('[hidden]')!.removeAttribute('hidden');
    await flushMicrotasks(); // the observer's callback: "AW", a line of "x", then "Q"
    expect(markedTexts()).toEqual([]);
    await quiesce(true);
    await freshMarks(session);
  });

  it('drops a mark across text nodes at once when an empty text node inside it gets text', async () => {
    resetWorld(0);
    const p = document.createElement('p');
    const empty = document.createTextNode('');
    p.append('AW', empty, 'Q');
    document.body.append(p);
    const session = await settled(null);
    expect(markedTexts()).toEqual(['AWQ']);
    empty.data = ' zz ';
    await flushMicrotasks(); // the observer's callback, no frame yet
    expect(markedTexts()).toEqual([]); // the mark now runs over "AW zz Q"
    await quiesce(true);
    await freshMarks(session);
  });

  it('reads no skipped text as prose after the page adds text before where a paused read stands', async () => {
    resetWorld(0);
    document.body.innerHTML = '<p id="intro">intro</p><nav>AWQ menu</nav><p>GPTQ</p>';
    // A script loaded from its `src` (or an `<input>`, an icon's `<svg>`): no text node. happy-dom's parser would give it an empty one.
    document.body.prepend(document.createElement('script'));
    // The first query for skipped elements (the selectors that are not tag names) takes the slice's
    // budget: the read pauses before it asks for the tag names. In that pause the page puts a banner
    // after the (empty) script, ahead of the first text the read stands on.
    const changed = changeDuringFirstQuery(() => document.querySelector('#intro')!.before(Object.assign(document.createElement('p'), { textContent: 'banner' })));
    const session = startSession({});
    await quiesce(false);
    expect(changed()).toBe(true);
    expect(markedTexts()).toEqual(['GPTQ']); // not the menu's "AWQ"
    await freshMarks(session);
  });

  it('keeps a name at a block’s start whose previous block lost its text node while the pass was reading', async () => {
    resetWorld(0);
    // More than 512 text nodes: the read checks its clock (and pauses) once, after the 512th.
    document.body.innerHTML = Array.from({ length: 600 }, (_, i) => `<p id="p${i}">${i === 101 ? 'AWQ' : 'x'}</p>`).join('');
    const before = document.querySelector('#p100')!.firstChild as Text;
    const data = Object.getOwnPropertyDescriptor(CharacterData.prototype, 'data')!;
    let read = false;
    Object.defineProperty(before, 'data', {
      configurable: true,
      get() {
        if (!read) {
          read = true;
          world.now += 100; // the slice's budget is used up: the read pauses at its next check
          // In the pause, a framework renders #p100's text anew: its text node is replaced.
          queueMicrotask(() => (document.querySelector('#p100')!.textContent = 'y'));
        }
        return data.get!.call(this);
      },
    });
    const session = startSession({});
    await quiesce(false);
    expect(read).toBe(true);
    expect(document.querySelector('#p100')!.textContent).toBe('y');
    expect(markedTexts()).toEqual(['AWQ']); // #p101 did not change, and a fresh scan marks it
    await freshMarks(session);
  });

  it('marks a root again that the page moved without changing the roots’ order', async () => {
    const session = await settled('<section id="a"><p>AWQ</p></section><p id="x">x</p><section id="b"><p>GPTQ</p></section>', 'sections');
    expect(markedTexts()).toEqual(['AWQ', 'GPTQ']);
    document.querySelector('#x')!.before(document.querySelector('#b')!); // the roots are still #a, #b, in that order
    await quiesce(true);
    expect(markedTexts()).toEqual(['AWQ', 'GPTQ']);
    await freshMarks(session, 'sections');
  });

  it('reads the site’s roots once they appear, after starting on <body> for want of them', async () => {
    const session = await settled('<nav-like><p>AWQ in the page’s frame</p></nav-like>', 'sections');
    expect(markedTexts()).toEqual(['AWQ']); // no roots yet: the whole body is read
    document.body.append(Object.assign(document.createElement('section'), { innerHTML: '<p>GPTQ in the paper</p>' }));
    await quiesce(true);
    expect(markedTexts()).toEqual(['GPTQ']); // what a fresh session reads: the root alone
    await freshMarks(session, 'sections');
  });

  it('reads what lies between where a paused read stood and where the page moved that node', async () => {
    resetWorld(0);
    document.body.innerHTML = '<p id="a">one</p><p id="m">GPTQ</p><p id="b">two</p>';
    // The read stands on "one" when its first query takes the slice's budget; in the pause the page moves "one" into #b.
    const changed = changeDuringFirstQuery(() => document.querySelector('#b')!.prepend(document.querySelector('#a')!.firstChild!));
    const session = startSession({});
    await quiesce(false);
    expect(changed()).toBe(true);
    expect(markedTexts()).toEqual(['GPTQ']); // #m never changed
    await freshMarks(session);
  });

  it('drops at once the marks of a root hidden from outside after a running pass marked it where the page had moved it out of a hidden element', async () => {
    resetWorld(0.5);
    // A paper long enough that the first pass yields while still reading it; a second root, hidden, after it.
    const paragraphs = Array.from({ length: 300 }, (_, i) => `<p>x ${i}</p>`).join('');
    document.body.innerHTML = `<section id="b">${paragraphs}</section><div id="w" hidden><section id="a"><p>x</p></section></div><div id="v"></div>`;
    const session = startSession({ roots: 'sections' });
    await flushMicrotasks();
    expect(world.messages.length).toBeGreaterThan(0); // the first pass is still reading #b
    // The page moves #a out of the hidden element into a shown one (everything is read again after this pass)…
    document.querySelector('#v')!.append(document.querySelector('#a')!);
    await step({ op: 'flush' });
    // …then gives it a name, which the running pass reads when it reaches #a.
    document.querySelector('#a p')!.append(' AWQ');
    await step({ op: 'flush' });
    while (await deliverMessage());
    expect(markedTexts()).toEqual(['AWQ']);
    // The element now holding #a is hidden: its mark must go at once, not with the next full pass.
    (document.querySelector('#v') as HTMLElement).hidden = true;
    await step({ op: 'flush' });
    expect(markedTexts()).toEqual([]);
    await quiesce(true);
    await freshMarks(session, 'sections');
  });

  it('reads no block again that has left the roots since it changed', async () => {
    const session = await settled('<section><p id="x">AWQ</p></section>', 'sections');
    expect(markedTexts()).toEqual(['AWQ']);
    (document.querySelector('#x')!.firstChild as Text).data = 'AWQ again';
    await flushMicrotasks(); // #x waits for its frame to be read again…
    document.body.append(document.querySelector('#x')!); // …and leaves the roots before it comes
    await quiesce(true);
    expect(markedTexts()).toEqual([]);
    await freshMarks(session, 'sections');
  });
});
