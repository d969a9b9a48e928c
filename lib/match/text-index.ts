/**
 * Reads the text of a DOM subtree as one string for the matcher, and knows which text node each offset
 * of that string comes from, so that matches become ranges for the CSS Custom Highlight API without
 * touching the page.
 *
 * The read is built to cost little more than a bare TreeWalker pass: the walker runs natively
 * (`nextNode()`, no filter callback), per element only its tag name and parent are read, elements
 * skipped by tag are told by that name, and the others (editors, site chrome by class) are found by
 * one native `querySelectorAll` and looked up in a Set. (A query also listing the tags took three
 * times as long: each selector of a list costs a pass over the page.)
 */
import type { ElementEdges } from './matcher';

export interface TextIndex {
  /** The data of `nodes` concatenated, with BOUNDARY between two nodes that a block or skipped element separates. */
  text: string;
  /** The non-empty text nodes read, in document order. */
  nodes: Text[];
  /** Where each node's data starts in `text`. */
  starts: number[];
  /** Offsets where an inline element starts or ends between two text nodes, sorted (see `elementEdges`). */
  edges: number[];
}

export interface CollectOptions {
  /**
   * A list of simple selectors (tag names, classes, ids, attributes; no commas inside one) for elements
   * whose text is not read, besides those always skipped (scripts, form fields, math, editors…).
   */
  skipSelector?: string;
  /**
   * Cut the text into segments of about this many UTF-16 units, each cut at a block or skipped element
   * (where no name can run across), so that each is matched and marked while the rest is still unread:
   * less held in memory at once, no long join. Without it, one segment holds everything.
   */
  segmentChars?: number;
}

/**
 * Put between the text on either side of a block or skipped element. Not `\n`: a whitespace character would let
 * a multi-word name match across two paragraphs. Neither whitespace nor a letter or digit, it ends a name like punctuation.
 */
export const BOUNDARY = '\u001e';

/** Elements whose text is code, invisible, editable, or our own UI. */
export const ALWAYS_SKIPPED =
  'script, style, noscript, template, textarea, input, select, math, svg, method-lens-card, [contenteditable]:not([contenteditable="false" i])';
const TAG_NAME = /^[a-z][a-z0-9-]*$/;

/** Elements that start a new line of text: a name never continues across one. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main',
  'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'td', 'th', 'tr', 'ul',
]);

/** Whether an element starts a new line of text, so that no name continues across it. */
export function isBlockElement(element: Element): boolean {
  return BLOCKS.has(element.localName);
}

/** The selector for everything not read: the elements always skipped and those `options` adds. */
export function skippedSelector(options: CollectOptions): string {
  return options.skipSelector ? `${ALWAYS_SKIPPED}, ${options.skipSelector}` : ALWAYS_SKIPPED;
}

/** The skipped elements told by tag name, and a selector for the rest (to query once). */
function splitSkipped(selector: string): { tags: ReadonlySet<string>; query: string } {
  const parts = selector.split(',').map((part) => part.trim());
  return { tags: new Set(parts.filter((part) => TAG_NAME.test(part))), query: parts.filter((part) => !TAG_NAME.test(part)).join(', ') };
}

/** Reads a subtree's text a slice at a time, so that a huge page is read without blocking it. */
export interface TextCollector {
  /** The current segment; complete (with `text` joined) once `step` has returned true. */
  readonly index: TextIndex;
  /**
   * Reads on until the current segment is complete (true) or until `shouldYield()` says to stop for
   * now (false). If the page removed the part being read in between, reading stops early and
   * `interrupted` is set.
   */
  step(shouldYield: () => boolean): boolean;
  /** Whether the whole subtree has been read (the current segment is the last). */
  readonly finished: boolean;
  /** Starts the next segment, after a complete one that was not the last. */
  nextSegment(): void;
  readonly interrupted: boolean;
}

/** Nodes read between two `shouldYield` checks. */
const NODES_PER_CHECK = 512;
/** Text pieces joined into one chunk as reading goes, so that no single join at the end takes long. */
const PARTS_PER_CHUNK = 1 << 15;
/** Text nodes longer than this (UTF-16 units) are read in pieces of TEXT_PIECE, with checks between. */
const LARGE_TEXT = 1 << 18;
const TEXT_PIECE = 1 << 16;

/**
 * The text under root (root included), skipping the elements always skipped and those the options name.
 * Nothing is read when root itself is or lies inside a skipped element, e.g. a changed node in an editor.
 */
export function textCollector(root: Node, options: CollectOptions = {}): TextCollector {
  const selector = skippedSelector(options);
  const { tags: skippedTags, query: skippedQuery } = splitSkipped(selector);
  const segmentChars = options.segmentChars ?? Infinity;
  let index: TextIndex = { text: '', nodes: [], starts: [], edges: [] };
  const chunks: string[] = [];
  let parts: string[] = [];
  let length = 0;
  let boundaryPending = false;
  let edgePending = false;
  /** The parent of the last text node read, and the nearest block (or root) around it. */
  let lastParent: Node | null = null;
  let lastBlock: Node | null = null;
  /** Each element read → the nearest block at or above it (root when none): how a block is known to be left. */
  const blockOf = new Map<Node, Node>([[root, root]]);
  let skipped: ReadonlySet<Element> = new Set();
  let done = false;
  /** The current segment is complete (done, or full at a boundary). */
  let segmentDone = false;
  let interrupted = false;
  /** A text node too large to read in one slice, being read piece by piece. */
  let large: { node: Text; offset: number; size: number } | null = null;

  /** Appends the node, or returns false when the segment is full and the node starts past a boundary. */
  function appendText(node: Text, size: number): boolean {
    const parent = node.parentNode;
    if (parent !== lastParent) {
      // Another parent: some element was entered or left since the last text. A different nearest
      // block means a block was left (entering one is seen as it is read).
      const block = blockOf.get(parent!) ?? root;
      if (block !== lastBlock) boundaryPending = true;
      else edgePending = true;
      lastParent = parent;
      lastBlock = block;
    }
    if (index.nodes.length > 0) {
      if (boundaryPending && length >= segmentChars) return false;
      if (boundaryPending) {
        parts.push(BOUNDARY);
        length += BOUNDARY.length;
      } else if (edgePending) {
        index.edges.push(length);
      }
    }
    boundaryPending = false;
    edgePending = false;
    index.nodes.push(node);
    index.starts.push(length);
    // `length` does not copy the text; in Firefox every `data` read through the content script's
    // Xray does (a 10 MB text node costs ~100 ms per read), so a large node is read in pieces.
    if (size > LARGE_TEXT) large = { node, offset: 0, size };
    else parts.push(node.data);
    length += size;
    return true;
  }

  /** Reads on in the large node: done, paused for now, or stopped because the page changed the node meanwhile. */
  function readLarge(shouldYield: () => boolean): 'done' | 'paused' | 'changed' {
    while (large) {
      if (large.node.length !== large.size) return 'changed';
      const count = Math.min(TEXT_PIECE, large.size - large.offset);
      parts.push(large.node.substringData(large.offset, count));
      large.offset += count;
      if (large.offset === large.size) large = null;
      else if (shouldYield()) return 'paused';
    }
    return 'done';
  }

  // Depth first over the elements and text nodes under root, in one native TreeWalker without a filter.
  let walker: TreeWalker | null = null;
  let next: Node | null = null;
  if (root.nodeType === Node.TEXT_NODE) {
    if (!root.parentElement?.closest(selector) && (root as Text).length > 0) void appendText(root as Text, (root as Text).length);
  } else if (!(root.nodeType === Node.ELEMENT_NODE && (root as Element).closest(selector))) {
    if (skippedQuery) skipped = new Set((root as ParentNode).querySelectorAll(skippedQuery));
    const ownerDocument = root.ownerDocument ?? (root as Document);
    walker = ownerDocument.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    next = walker.nextNode();
  }

  /** The node after `element`'s subtree, in the walker's order. */
  function pastSubtree(element: Element): Node | null {
    walker!.currentNode = element;
    for (;;) {
      const sibling = walker!.nextSibling();
      if (sibling) return sibling;
      if (!walker!.parentNode()) return null;
    }
  }

  function completeSegment(): void {
    segmentDone = true;
    chunks.push(parts.join(''));
    parts = [];
    index.text = chunks.length === 1 ? chunks[0]! : chunks.join('');
  }

  return {
    get index() {
      return index;
    },
    get interrupted() {
      return interrupted;
    },
    get finished() {
      return done;
    },
    nextSegment() {
      if (!segmentDone || done) return;
      index = { text: '', nodes: [], starts: [], edges: [] };
      chunks.length = 0;
      length = 0;
      segmentDone = false;
    },
    step(shouldYield) {
      if (segmentDone) return true;
      // After a pause, the page may have taken away the node we stopped at: stop rather than wander.
      if (next && !next.isConnected && root.isConnected) {
        interrupted = true;
        next = null;
      }
      let read = 0;
      while (next || large) {
        if (large) {
          const state = readLarge(shouldYield);
          if (state === 'paused') return false;
          if (state === 'changed') {
            interrupted = true;
            large = null;
            next = null;
            break;
          }
          if (next && shouldYield()) return false;
          continue;
        }
        const node: Node = next!;
        if (node.nodeType === Node.TEXT_NODE) {
          const size = (node as Text).length;
          if (size > 0 && !appendText(node as Text, size)) {
            completeSegment(); // `next` stays on this node: it starts the next segment
            return true;
          }
          next = walker!.nextNode();
        } else {
          const name = (node as Element).localName;
          if (skippedTags.has(name) || skipped.has(node as Element)) {
            // A skipped element is opaque content (a formula, a field, an icon): a boundary, like a block.
            boundaryPending = true;
            next = pastSubtree(node as Element);
          } else {
            const isBlock = BLOCKS.has(name);
            blockOf.set(node, isBlock ? node : (blockOf.get(node.parentNode!) ?? root));
            if (isBlock) boundaryPending = true;
            else edgePending = true;
            next = walker!.nextNode();
          }
        }
        if (++read === NODES_PER_CHECK) {
          read = 0;
          if (parts.length >= PARTS_PER_CHUNK) {
            chunks.push(parts.join(''));
            parts = [];
          }
          if ((next || large) && shouldYield()) return false;
        }
      }
      done = true;
      completeSegment();
      return true;
    },
  };
}

/**
 * Index of the text node holding `offset`, searching forward from `from` (spans come sorted, so a cursor
 * moves on instead of searching the whole list). An end offset (`isEnd`) belongs to the node it closes.
 */
export function nodeIndexAt(index: TextIndex, offset: number, isEnd: boolean, from = 0): number {
  const { starts } = index;
  let at = from;
  while (at + 1 < starts.length && (isEnd ? starts[at + 1]! < offset : starts[at + 1]! <= offset)) at++;
  return at;
}

/**
 * The index's element edges for the matcher. An edge separates the text on either side when an element
 * that starts or ends there is set apart from the text around it (see `isSetApart`); `isSetApart` is
 * asked only for the few edges the matcher asks about, once each.
 */
export function elementEdges(index: TextIndex, isApart: (element: Element) => boolean = isSetApart): ElementEdges {
  const answers = new Map<number, boolean>();
  return {
    offsets: index.edges,
    separates(offset) {
      let answer = answers.get(offset);
      if (answer === undefined) {
        answer = hasEdgeAt(index.edges, offset) && elementsBetween(index, offset).some(isApart);
        answers.set(offset, answer);
      }
      return answer;
    },
  };
}

function hasEdgeAt(edges: readonly number[], offset: number): boolean {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (edges[middle]! < offset) low = middle + 1;
    else high = middle;
  }
  return edges[low] === offset;
}

/** The elements that end or start between the text node ending at an edge and the one starting there. */
function elementsBetween(index: TextIndex, offset: number): Element[] {
  const after = nodeIndexAt(index, offset, false);
  const a: Node = index.nodes[after - 1]!;
  const b: Node = index.nodes[after]!;
  const aboveA: Node[] = [];
  for (let node = a.parentNode; node; node = node.parentNode) aboveA.push(node);
  const ancestorsOfA = new Set(aboveA);
  const between: Element[] = [];
  // Up from b to the nearest common ancestor: the elements started between the two.
  let bSide: Node = b;
  let common: Node | null = null;
  for (let node = b.parentNode; node; node = node.parentNode) {
    if (ancestorsOfA.has(node)) {
      common = node;
      break;
    }
    between.push(node as Element);
    bSide = node;
  }
  // Up from a to it: the elements ended. Then the common ancestor's children in between (empty ones).
  let aSide: Node = a;
  for (const node of aboveA) {
    if (node === common) break;
    between.push(node as Element);
    aSide = node;
  }
  for (let node = aSide.nextSibling; node && node !== bSide; node = node.nextSibling) {
    if (node.nodeType === Node.ELEMENT_NODE) between.push(node as Element);
  }
  return between;
}

/**
 * Whether an element is set apart from the text around it, so that its edge bounds a name: not laid out
 * inline (inline-block, a flex or grid item, a block), raised or lowered (a superscript footnote mark), or
 * spaced off by a margin, border or padding (a label such as Semantic Scholar's "TLDR"). Plain inline
 * formatting (`<b>`, `<em>`, a search-term `<mark>`) is none of these: `<b>GPTQ</b>v2` stays one word.
 */
export function isSetApart(element: Element): boolean {
  const view = element.ownerDocument.defaultView;
  if (!view) return false;
  const style = view.getComputedStyle(element);
  // An empty value is a style the DOM does not compute (test DOMs): nothing known sets the element apart.
  if (style.display && style.display !== 'inline' && style.display !== 'contents') return true;
  if (style.verticalAlign && style.verticalAlign !== 'baseline') return true;
  const spacing = [style.marginLeft, style.marginRight, style.paddingLeft, style.paddingRight, style.borderLeftWidth, style.borderRightWidth];
  return spacing.some((value) => Number.parseFloat(value) > 0);
}
