/**
 * The marks on a page: StaticRanges grouped into one `Highlight` per status in `CSS.highlights`.
 * StaticRanges, unlike live Ranges, cost the page nothing when it mutates its DOM; the price is that
 * they don't follow changes, so every mark is indexed by the text nodes it covers and dropped as
 * soon as one of them changes or leaves the page. The index is built when first needed (a change,
 * a hover), not while a pass marks the page: a page that never changes never pays for it.
 *
 * A mark is its range, with its method in a map: no object per mark. In Chromium's first pass over a
 * paper, making 3,176 small objects that hold a text node cost 25–35 ms against ~11 ms for the ranges
 * alone (isolated world, 12 fresh loads each, interleaved).
 *
 * A highlight enters `CSS.highlights` when `publish()` is called, not with its first mark: the page
 * session publishes when a pass ends (see `page-session.ts`). Registered with their first marks, the
 * highlights were drawn again in each pause of the first pass over a paper.
 */
import { HIGHLIGHT_NAMES, type StatusKey } from '@/lib/snapshot/status';

/** A mark, as handed out for one question (`markAt`); the layer itself keeps none. */
export interface Mark {
  range: StaticRange;
  methodIndex: number;
}

/** Whether a mark over `nodes` runs on from one of `texts` (any of its nodes but the last): text added just after it lies inside the mark. */
export function runsOnFrom(nodes: readonly Text[], texts: ReadonlySet<Text>): boolean {
  for (let i = 0; i < nodes.length - 1; i++) if (texts.has(nodes[i]!)) return true;
  return false;
}

export class MarkLayer {
  readonly #highlights = new Map<StatusKey, Highlight>();
  /** Every mark's method, by its range, in the order marks were added. */
  readonly #methodOf = new Map<StaticRange, number>();
  /**
   * Every text node of the marks spanning more than one: recorded as they are made, since a node taken
   * out between the range's ends could no longer be found from them. A mark in one node is its range's.
   */
  readonly #spanning = new Map<StaticRange, readonly Text[]>();
  readonly #byNode = new Map<Text, StaticRange[]>();
  /** Marks added and not yet in `byNode`. */
  #unindexed: StaticRange[] = [];
  /** methodIndex → its status's highlight, looked up once per method rather than once per mark. */
  readonly #byMethod: (Highlight | undefined)[] = [];
  /** Methods whose marks were withdrawn (`withdraw`): none of theirs is taken again. */
  #withdrawn: ReadonlySet<number> | null = null;

  readonly #statusOf: (methodIndex: number) => StatusKey;
  readonly #registry: HighlightRegistry;

  constructor(statusOf: (methodIndex: number) => StatusKey, registry: HighlightRegistry = CSS.highlights) {
    this.#statusOf = statusOf;
    this.#registry = registry;
  }

  get size(): number {
    return this.#methodOf.size;
  }

  /** Whether some mark runs across more than one text node. */
  get hasSpanning(): boolean {
    return this.#spanning.size > 0;
  }

  /**
   * Drops the marks running across several text nodes where the page added a node after one of
   * theirs but their last (`texts`: the text just before each node added): inside the mark.
   */
  removeSpanningAcross(texts: ReadonlySet<Text>): number {
    let removed = 0;
    for (const [range, nodes] of [...this.#spanning]) if (runsOnFrom(nodes, texts) && this.#remove(range)) removed++;
    return removed;
  }

  /** Adds a mark; `nodes`, every text node it touches, only when they are more than its range's one. */
  add(range: StaticRange, methodIndex: number, nodes?: readonly Text[]): void {
    if (this.#withdrawn?.has(methodIndex)) return;
    (this.#byMethod[methodIndex] ??= this.#highlightFor(this.#statusOf(methodIndex))).add(range);
    this.#methodOf.set(range, methodIndex);
    if (nodes) this.#spanning.set(range, nodes);
    this.#unindexed.push(range);
  }

  /** Registers the highlights not registered yet: their marks show from the page's next frame. */
  publish(): void {
    for (const [key, highlight] of this.#highlights) {
      if (this.#registry.get(HIGHLIGHT_NAMES[key]) !== highlight) this.#registry.set(HIGHLIGHT_NAMES[key], highlight);
    }
  }

  #nodesOf(range: StaticRange): readonly Text[] {
    return this.#spanning.get(range) ?? [range.startContainer as Text];
  }

  #indexed(): Map<Text, StaticRange[]> {
    for (const range of this.#unindexed) {
      if (!this.#methodOf.has(range)) continue;
      for (const node of this.#nodesOf(range)) {
        const list = this.#byNode.get(node);
        if (list) list.push(range);
        else this.#byNode.set(node, [range]);
      }
    }
    this.#unindexed = [];
    return this.#byNode;
  }

  /** Drops marks touching any of these text nodes. */
  removeNodes(nodes: Iterable<Text>): number {
    if (this.size === 0) return 0;
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
    for (const range of list) if (this.#remove(range)) removed++;
    return removed;
  }

  /**
   * Drops every mark of these methods, and takes none of theirs from now on: a method the reader muted
   * leaves the page at once, before a new dictionary (a request and a pass away) reads it without them.
   * Adds to those withdrawn before.
   */
  withdraw(methodIndexes: ReadonlySet<number>): number {
    this.#withdrawn = new Set([...(this.#withdrawn ?? []), ...methodIndexes]); // a copy: the caller's set may grow
    let removed = 0;
    for (const [range, method] of this.#methodOf) {
      if (!methodIndexes.has(method)) continue;
      this.#byMethod[method]?.delete(range);
      this.#methodOf.delete(range);
      this.#spanning.delete(range);
      removed++;
    }
    // The node index is made anew when next needed: filtering each range out of its nodes' lists would
    // cost a list per mark, and one text node may hold thousands.
    if (removed > 0) {
      this.#byNode.clear();
      this.#unindexed = [...this.#methodOf.keys()];
    }
    return removed;
  }

  clear(): void {
    for (const highlight of this.#highlights.values()) highlight.clear();
    this.#methodOf.clear();
    this.#spanning.clear();
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
    for (const range of this.#indexed().get(node as Text) ?? []) {
      const afterStart = node !== range.startContainer || offset >= range.startOffset;
      const beforeEnd = node !== range.endContainer || offset <= range.endOffset;
      if (afterStart && beforeEnd) return { range, methodIndex: this.#methodOf.get(range)! };
    }
    return undefined;
  }

  /** The marks of the methods `wanted` accepts, in the order they were made. */
  marksWhere(wanted: (methodIndex: number) => boolean): StaticRange[] {
    const marks: StaticRange[] = [];
    for (const [range, method] of this.#methodOf) if (wanted(method)) marks.push(range);
    return marks;
  }

  /** How often each method is marked on the page. */
  countByMethod(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const method of this.#methodOf.values()) counts.set(method, (counts.get(method) ?? 0) + 1);
    return counts;
  }

  #remove(range: StaticRange): boolean {
    const method = this.#methodOf.get(range);
    if (method === undefined) return false;
    this.#byMethod[method]?.delete(range);
    for (const node of this.#nodesOf(range)) {
      const list = this.#byNode.get(node);
      if (!list) continue;
      const rest = list.filter((other) => other !== range);
      if (rest.length) this.#byNode.set(node, rest);
      else this.#byNode.delete(node);
    }
    this.#methodOf.delete(range);
    this.#spanning.delete(range);
    return true;
  }

  #highlightFor(key: StatusKey): Highlight {
    let highlight = this.#highlights.get(key);
    if (!highlight) {
      highlight = new Highlight();
      this.#highlights.set(key, highlight);
    }
    return highlight;
  }
}
