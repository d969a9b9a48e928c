/**
 * One page's marking: scans the site's roots, keeps the marks in step with the page through one
 * MutationObserver (batched per animation frame, collapsed into subtrees, a full rescan past a
 * threshold), pauses rescanning on a page that never stops changing, and reports what it found.
 * Every scan pass is wrapped in `performance.measure('method-lens:scan', …)`.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Matcher } from '@/lib/match/matcher';
import { collectText, isBlockElement, type TextIndex } from '@/lib/match/text-index';
import { MarkLayer, type Mark } from '@/lib/highlight/marks';
import type { SiteAdapter } from '@/lib/sites/site';
import { statusKey, type Status } from '@/lib/snapshot/status';
import { collapseMutations } from './mutations';
import { isOwnUi, skipElement } from './skip';

export const SCAN_MEASURE = 'method-lens:scan';
/** More changed subtrees than this in one frame: one full rescan is cheaper. */
const FULL_RESCAN_THRESHOLD = 200;
/** A page that makes us rescan in this many frames within the window is "runaway". */
const RUNAWAY_BATCHES = 60;
const RUNAWAY_WINDOW_MS = 3_000;

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
  private paused = false;
  private scanCount = 0;
  private roots: Element[] = [];
  private reportTimer: number | undefined;

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
    this.measured(() => this.scanAll());
    this.observe();
  }

  /** After a single-page navigation: forget everything and start over. */
  restart(): void {
    this.stop();
    this.paused = false;
    this.batchTimes = [];
    this.start();
  }

  stop(): void {
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
      this.pending.push(...records);
      if (this.frameRequested) return;
      this.frameRequested = true;
      this.options.ctx.requestAnimationFrame(() => {
        this.frameRequested = false;
        this.processPending();
      });
    });
    for (const root of this.roots) {
      this.observer.observe(root, { childList: true, subtree: true, characterData: true });
    }
  }

  private processPending(): void {
    const records = this.pending;
    this.pending = [];
    if (!records.length || this.options.ctx.isInvalid) return;
    const work = collapseMutations(records, {
      unitOf: (node) => this.unitOf(node),
      isOwnNode: isOwnUi,
      threshold: FULL_RESCAN_THRESHOLD,
    });
    // Marks never outlive the text they cover, paused or not.
    const dropped = this.marks.removeNodes(work.staleTexts);
    if (!this.paused && (work.subtrees.size || work.fullRescan)) {
      this.noteBatch();
      if (this.paused) {
        this.reportSoon();
        return;
      }
      this.measured(() => {
        if (work.fullRescan) {
          this.marks.clear();
          this.roots = this.resolveRoots();
          this.scanAll();
        } else {
          for (const subtree of work.subtrees) if (subtree.isConnected) this.scan(subtree);
        }
      });
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
    if (this.batchTimes.length >= RUNAWAY_BATCHES) {
      this.paused = true;
      console.info('[Method Lens] This page keeps changing; marks are no longer refreshed here.');
    }
  }

  private measured(work: () => void): void {
    const start = performance.now();
    work();
    performance.measure(SCAN_MEASURE, { start, end: performance.now(), detail: { pass: ++this.scanCount, marks: this.marks.size } });
    this.reportSoon();
  }

  private scanAll(): void {
    for (const root of this.roots) this.scan(root);
  }

  private scan(root: Element): void {
    const index = collectText(root, { skip: (element) => skipElement(element, this.options.site) });
    this.marks.removeNodes(index.nodes);
    const spans = this.options.matcher.find(index.text, index.edges);
    if (spans.length) this.marks.add(spans.map((span) => toMark(index, span.start, span.end, span.nameIndex)));
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
