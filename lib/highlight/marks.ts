/**
 * The marks on a page: StaticRanges grouped into one `Highlight` per status in `CSS.highlights`.
 * StaticRanges, unlike live Ranges, cost the page nothing when it mutates its DOM; the price is that
 * they don't follow changes, so every mark is indexed by the text nodes it covers and dropped as
 * soon as one of them changes or leaves the page. The index is built when first needed (a change,
 * a hover), not while a pass marks the page: a page that never changes never pays for it.
 */
import { HIGHLIGHT_NAMES, type StatusKey } from '@/lib/snapshot/status';

export interface Mark {
  range: StaticRange;
  methodIndex: number;
  /** Every text node the range touches, first to last. */
  nodes: readonly Text[];
}

export class MarkLayer {
  readonly #highlights = new Map<StatusKey, Highlight>();
  readonly #byNode = new Map<Text, Mark[]>();
  readonly #marks = new Set<Mark>();
  /** Marks added and not yet in `byNode`. */
  #unindexed: Mark[] = [];
  /** methodIndex → its status's highlight, looked up once per method rather than once per mark. */
  readonly #byMethod: (Highlight | undefined)[] = [];

  readonly #statusOf: (methodIndex: number) => StatusKey;
  readonly #registry: HighlightRegistry;

  constructor(statusOf: (methodIndex: number) => StatusKey, registry: HighlightRegistry = CSS.highlights) {
    this.#statusOf = statusOf;
    this.#registry = registry;
  }

  get size(): number {
    return this.#marks.size;
  }

  add(marks: Iterable<Mark>): void {
    for (const mark of marks) {
      const highlight = (this.#byMethod[mark.methodIndex] ??= this.#highlightFor(this.#statusOf(mark.methodIndex)));
      highlight.add(mark.range);
      this.#marks.add(mark);
      this.#unindexed.push(mark);
    }
  }

  #indexed(): Map<Text, Mark[]> {
    for (const mark of this.#unindexed) {
      if (!this.#marks.has(mark)) continue;
      for (const node of mark.nodes) {
        const list = this.#byNode.get(node);
        if (list) list.push(mark);
        else this.#byNode.set(node, [mark]);
      }
    }
    this.#unindexed = [];
    return this.#byNode;
  }

  /** Drops marks touching any of these text nodes. */
  removeNodes(nodes: Iterable<Text>): number {
    if (this.#marks.size === 0) return 0;
    this.#indexed();
    let removed = 0;
    for (const node of nodes) removed += this.#removeNode(node);
    return removed;
  }

  /**
   * The node's own list is dropped whole before its marks are removed, so a single text node holding
   * many marks (one 10 MB text node) costs linear time, not a list filter per mark.
   */
  #removeNode(node: Text): number {
    const list = this.#byNode.get(node);
    if (!list) return 0;
    this.#byNode.delete(node);
    let removed = 0;
    for (const mark of list) if (this.#remove(mark)) removed++;
    return removed;
  }

  clear(): void {
    for (const highlight of this.#highlights.values()) highlight.clear();
    this.#marks.clear();
    this.#byNode.clear();
    this.#unindexed = [];
  }

  /** Unregisters our highlights entirely (navigation away, extension invalidated). */
  dispose(): void {
    this.clear();
    for (const key of this.#highlights.keys()) {
      if (this.#registry.get(HIGHLIGHT_NAMES[key]) === this.#highlights.get(key)) this.#registry.delete(HIGHLIGHT_NAMES[key]);
    }
    this.#highlights.clear();
    this.#byMethod.length = 0;
  }

  /** The mark covering a caret position, if any. */
  markAt(node: Node, offset: number): Mark | undefined {
    if (node.nodeType !== Node.TEXT_NODE) return undefined;
    for (const mark of this.#indexed().get(node as Text) ?? []) {
      const { range } = mark;
      const afterStart = node !== range.startContainer || offset >= range.startOffset;
      const beforeEnd = node !== range.endContainer || offset <= range.endOffset;
      if (afterStart && beforeEnd) return mark;
    }
    return undefined;
  }

  /** How often each method is marked on the page. */
  countByMethod(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const mark of this.#marks) counts.set(mark.methodIndex, (counts.get(mark.methodIndex) ?? 0) + 1);
    return counts;
  }

  #remove(mark: Mark): boolean {
    if (!this.#marks.delete(mark)) return false;
    this.#byMethod[mark.methodIndex]?.delete(mark.range);
    for (const node of mark.nodes) {
      const list = this.#byNode.get(node);
      if (!list) continue;
      const rest = list.filter((other) => other !== mark);
      if (rest.length) this.#byNode.set(node, rest);
      else this.#byNode.delete(node);
    }
    return true;
  }

  #highlightFor(key: StatusKey): Highlight {
    let highlight = this.#highlights.get(key);
    if (!highlight) {
      highlight = new Highlight();
      this.#registry.set(HIGHLIGHT_NAMES[key], highlight);
      this.#highlights.set(key, highlight);
    }
    return highlight;
  }
}
