/**
 * One page's marking: scans the site's roots, keeps the marks in step with the page through one
 * MutationObserver (batched per animation frame, collapsed into subtrees, a full rescan past a
 * threshold), pauses rescanning on a page that never stops changing, and reports what it found.
 * A pass works in slices of a few milliseconds and yields to the page in between, so even a page of
 * 500k text nodes or one 10 MB text node never blocks for long; changes that arrive meanwhile wait
 * for the pass to end. Every completed pass is one `performance.measure('method-lens:scan', …)`
 * from reading the text to registering the last highlight.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Matcher } from '@/lib/match/matcher';
import { isBlockElement, textCollector, type TextIndex } from '@/lib/match/text-index';
import { MarkLayer, type Mark } from '@/lib/highlight/marks';
import type { SiteAdapter } from '@/lib/sites/site';
import { statusKey, type Status } from '@/lib/snapshot/status';
import { collapseMutations } from './mutations';
import { isOwnUi, skipElement } from './skip';

export const SCAN_MEASURE = 'method-lens:scan';
/** More changed subtrees than this in one frame: one full rescan is cheaper. */
const FULL_RESCAN_THRESHOLD = 200;
/** A page that makes us rescan in this many frames within the window is "runaway"… */
const RUNAWAY_BATCHES = 60;
const RUNAWAY_WINDOW_MS = 3_000;
/**
 * …and so is one that keeps us rescanning back to back for the whole window (a big page that changes
 * faster than a rescan takes): a rescan asked for within this long of the previous one's end continues
 * the streak.
 */
const STREAK_GAP_MS = 250;
/** Mutation records kept waiting for a running pass before they are traded for one full rescan. */
const MAX_PENDING_RECORDS = 5_000;
/** Work between two yields to the page. */
const SLICE_MS = 5;
/** Marks created between two deadline checks. */
const MARKS_PER_CHECK = 256;
/**
 * Caps: a page never gets more marks than MAX_MARKS, a text node never more than MAX_MARKS_PER_NODE
 * (Chromium registers ranges of one node in time that grows with the square of their number: 30k
 * StaticRanges in one 10 MB text node took 0.4 s to add, 100k about a minute). Past a cap, marking
 * stops there. A long survey paper has ~3,000 mentions, a paragraph a handful.
 */
export const MAX_MARKS = 20_000;
export const MAX_MARKS_PER_NODE = 1_000;

export interface DictionaryMethods {
  methods: readonly { id: string; status: Status | null }[];
  /** name index → method index */
  methodIndex: readonly number[];
}

export interface PageSessionOptions {
  ctx: ContentScriptContext;
  site: SiteAdapter;
  matcher: Matcher;
  dictionary: DictionaryMethods;
  /** Called (debounced) with mentions per method whenever they change. */
  onMentions: (mentions: { methodId: string; count: number }[], paused: boolean) => void;
}

export class PageSession {
  readonly marks: MarkLayer;
  private observer: MutationObserver | null = null;
  private pending: MutationRecord[] = [];
  private frameRequested = false;
  private batchTimes: number[] = [];
  /** When the current streak of back-to-back rescans began, and when the last rescan ended. */
  private streakStart = 0;
  private lastRescanEnd = -Infinity;
  private paused = false;
  private scanCount = 0;
  private roots: Element[] = [];
  private reportTimer: number | undefined;
  /** A pass is running (between slices); changes wait for it. */
  private busy = false;
  /** Bumped by `stop()`: a pass from an older generation ends at its next slice. */
  private generation = 0;
  /** A pass lost its place because the page removed what it was reading: rescan everything next. */
  private needsFullRescan = false;

  constructor(private readonly options: PageSessionOptions) {
    const { methods, methodIndex } = options.dictionary;
    this.marks = new MarkLayer((nameIndex) => statusKey(methods[methodIndex[nameIndex] ?? -1]?.status ?? null));
  }

  /** Method id of a mark. */
  methodIdOf(mark: Mark): string | undefined {
    const { methods, methodIndex } = this.options.dictionary;
    return methods[methodIndex[mark.methodIndex] ?? -1]?.id;
  }

  start(): void {
    this.roots = this.resolveRoots();
    // Observed from the start: what changes while the first pass runs is handled after it.
    this.observe();
    void this.runPass(this.roots, false);
  }

  /** After a single-page navigation: forget everything and start over. */
  restart(): void {
    this.stop();
    this.paused = false;
    this.batchTimes = [];
    this.lastRescanEnd = -Infinity;
    this.start();
  }

  stop(): void {
    this.generation++;
    this.busy = false;
    this.needsFullRescan = false;
    this.observer?.disconnect();
    this.observer = null;
    this.pending = [];
    this.marks.clear();
  }

  dispose(): void {
    this.stop();
    this.marks.dispose();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private resolveRoots(): Element[] {
    const roots = this.options.site.roots(document);
    if (roots.length) return roots;
    return document.body ? [document.body] : [];
  }

  private observe(): void {
    this.observer = new MutationObserver((records) => {
      for (const record of records) this.pending.push(record);
      // Past this many waiting records (a long pass on a page that churns), one full rescan, which
      // drops every mark first, is cheaper than collapsing them all; and memory stays bounded.
      if (this.pending.length > MAX_PENDING_RECORDS) {
        this.pending = [];
        this.needsFullRescan = true;
      }
      this.processSoon();
    });
    for (const root of this.roots) {
      this.observer.observe(root, { childList: true, subtree: true, characterData: true });
    }
  }

  private processSoon(): void {
    // While a pass runs, changes pile up; the pass asks for them when it ends.
    if (this.frameRequested || this.busy) return;
    this.frameRequested = true;
    this.options.ctx.requestAnimationFrame(() => {
      this.frameRequested = false;
      this.processPending();
    });
  }

  private processPending(): void {
    if (this.busy) return;
    const records = this.pending;
    this.pending = [];
    const lostPlace = this.needsFullRescan;
    this.needsFullRescan = false;
    if ((!records.length && !lostPlace) || this.options.ctx.isInvalid) return;
    // Records were traded for a full rescan, so which marks went stale is unknown: drop them all
    // (the rescan, unless paused, brings back the good ones).
    if (lostPlace) {
      this.marks.clear();
      this.reportSoon();
    }
    const work = collapseMutations(records, {
      unitOf: (node) => this.unitOf(node),
      isOwnNode: isOwnUi,
      threshold: FULL_RESCAN_THRESHOLD,
    });
    // Marks never outlive the text they cover, paused or not.
    const dropped = this.marks.removeNodes(work.staleTexts);
    const fullRescan = work.fullRescan || lostPlace;
    if (!this.paused && (work.subtrees.size || fullRescan)) {
      this.noteBatch();
      if (this.paused) {
        this.reportSoon();
        return;
      }
      if (fullRescan) {
        this.marks.clear();
        this.roots = this.resolveRoots();
        void this.runPass(this.roots, true);
      } else {
        void this.runPass([...work.subtrees], true);
      }
    } else if (dropped) {
      this.reportSoon();
    }
  }

  /** The block that bounds matching around a changed node, or null outside our roots or in skipped parts. */
  private unitOf(node: Node): Element | null {
    let element: Element | null = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
    if (!element || !this.roots.some((root) => root.contains(element))) return null;
    for (let check: Element | null = element; check; check = check.parentElement) {
      if (skipElement(check, this.options.site)) return null;
      if (this.roots.includes(check)) break;
    }
    while (element && !isBlockElement(element) && !this.roots.includes(element)) element = element.parentElement;
    return element;
  }

  private noteBatch(): void {
    const now = performance.now();
    this.batchTimes.push(now);
    while (this.batchTimes.length && now - this.batchTimes[0]! > RUNAWAY_WINDOW_MS) this.batchTimes.shift();
    if (now - this.lastRescanEnd > STREAK_GAP_MS) this.streakStart = now;
    const neverCaughtUp = now - this.streakStart >= RUNAWAY_WINDOW_MS;
    if (this.batchTimes.length >= RUNAWAY_BATCHES || neverCaughtUp) {
      this.paused = true;
      console.info('[Method Lens] This page keeps changing; marks are no longer refreshed here.');
    }
  }

  /**
   * One pass over `targets`: read their text, match it, register the marks, in slices of SLICE_MS
   * with a yield to the page in between. Measured from start to end as one `method-lens:scan`.
   */
  private async runPass(targets: readonly Element[], isRescan: boolean): Promise<void> {
    const generation = this.generation;
    const slicer = new Slicer(SLICE_MS);
    const stillMine = () => generation === this.generation && !this.options.ctx.isInvalid;
    const next = async () => {
      await slicer.pause();
      return stillMine();
    };
    const start = performance.now();
    this.busy = true;
    try {
      for (const root of targets) {
        if (!root.isConnected) continue;
        slicer.phase = 'read';
        const collector = textCollector(root, { skip: (element) => skipElement(element, this.options.site) });
        while (!collector.step(slicer.shouldYield)) if (!(await next())) return;
        if (collector.interrupted) this.needsFullRescan = true;
        const index = collector.index;
        if (this.marks.size) this.marks.removeNodes(index.nodes);
        slicer.phase = 'match';
        const matching = this.options.matcher.findInSteps(index.text, index.edges);
        const room = MAX_MARKS - this.marks.size;
        const full = () => matching.spans.length >= room;
        while (!matching.step(() => full() || slicer.shouldYield()) && !full()) if (!(await next())) return;
        const { spans } = matching;
        slicer.phase = 'mark';
        const perNode = new Map<number, number>();
        for (let i = 0; i < spans.length && this.marks.size < MAX_MARKS; ) {
          const end = Math.min(spans.length, i + MARKS_PER_CHECK);
          const marks: Mark[] = [];
          for (; i < end && this.marks.size + marks.length < MAX_MARKS; i++) {
            const span = spans[i]!;
            const node = nodeAt(index, span.start, false);
            const onNode = perNode.get(node) ?? 0;
            if (onNode >= MAX_MARKS_PER_NODE) continue;
            perNode.set(node, onNode + 1);
            marks.push(toMark(index, span.start, span.end, span.nameIndex));
          }
          this.marks.add(marks);
          if (i < spans.length && slicer.shouldYield() && !(await next())) return;
        }
      }
      const end = performance.now();
      const detail = {
        pass: ++this.scanCount,
        marks: this.marks.size,
        slices: slicer.slices,
        longestSlice: slicer.longest(),
        longestPhase: slicer.longestPhase,
        worked: slicer.worked(),
      };
      performance.measure(SCAN_MEASURE, { start, end, detail });
      if (isRescan) this.lastRescanEnd = end;
      this.reportSoon();
    } finally {
      if (generation === this.generation) {
        this.busy = false;
        if (this.pending.length || this.needsFullRescan) this.processSoon();
      }
    }
  }

  private reportSoon(): void {
    if (this.reportTimer !== undefined) return;
    this.reportTimer = this.options.ctx.setTimeout(() => {
      this.reportTimer = undefined;
      const counts = new Map<string, number>();
      for (const [nameIndex, count] of this.marks.countByMethod()) {
        const { methods, methodIndex } = this.options.dictionary;
        const id = methods[methodIndex[nameIndex] ?? -1]?.id;
        if (id) counts.set(id, (counts.get(id) ?? 0) + count);
      }
      this.options.onMentions(
        Array.from(counts, ([methodId, count]) => ({ methodId, count })),
        this.paused,
      );
    }, 250);
  }
}

/** A mark from text offsets: the StaticRange plus every text node it touches. */
export function toMark(index: TextIndex, start: number, end: number, nameIndex: number): Mark {
  const first = nodeAt(index, start, false);
  const last = nodeAt(index, end, true);
  const startNode = index.nodes[first]!;
  const endNode = index.nodes[last]!;
  const range = new StaticRange({
    startContainer: startNode,
    startOffset: start - index.starts[first]!,
    endContainer: endNode,
    endOffset: end - index.starts[last]!,
  });
  return { range, methodIndex: nameIndex, nodes: index.nodes.slice(first, last + 1) };
}

/** Index of the text node holding `offset`; an end offset belongs to the node it closes. */
function nodeAt(index: TextIndex, offset: number, isEnd: boolean): number {
  let low = 0;
  let high = index.starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    const start = index.starts[mid]!;
    if (start < offset || (!isEnd && start === offset)) low = mid;
    else high = mid - 1;
  }
  return low;
}

/**
 * Cuts work into slices: `shouldYield` turns true once a slice has used its budget, and `pause()`
 * gives the page its turn before the next slice starts. The turn is a message-channel task: it
 * queues behind the page's own due timers and events, unlike `scheduler.yield()`, whose
 * continuations go first (on a 500k-node page the page's 0 ms timers waited for the whole pass, 8 s
 * on a loaded machine), and unlike `setTimeout(0)`, which is clamped to 4 ms once nested.
 */
class Slicer {
  slices = 1;
  /** What the current slice is doing, and what the longest one was doing: 'read', 'match' or 'mark'. */
  phase = 'read';
  longestPhase = 'read';
  private sliceStart = performance.now();
  private workedBefore = 0;
  private longestBefore = 0;

  constructor(private readonly budgetMs: number) {}

  readonly shouldYield = (): boolean => performance.now() - this.sliceStart >= this.budgetMs;

  async pause(): Promise<void> {
    const slice = performance.now() - this.sliceStart;
    this.workedBefore += slice;
    if (slice > this.longestBefore) {
      this.longestBefore = slice;
      this.longestPhase = this.phase;
    }
    await yieldToPage();
    this.slices++;
    this.sliceStart = performance.now();
  }

  /** The longest slice so far (the current one included): how long the page was kept waiting. */
  longest(): number {
    const current = performance.now() - this.sliceStart;
    if (current > this.longestBefore) this.longestPhase = this.phase;
    return Math.max(this.longestBefore, current);
  }

  /** Time spent working, without the pauses. */
  worked(): number {
    return this.workedBefore + performance.now() - this.sliceStart;
  }
}

/** One channel for every pause; each message releases the oldest waiting slice. */
let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

function yieldToPage(): Promise<void> {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const { port2 } = channel;
  return new Promise((resolve) => {
    waiting.push(resolve);
    port2.postMessage(null);
  });
}
