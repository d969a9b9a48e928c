/**
 * Reads the text of a DOM subtree as one string for the matcher, and maps offsets in that string back to text
 * nodes, so that matches become ranges for the CSS Custom Highlight API without touching the page.
 */

export interface TextIndex {
  /** The data of `nodes` concatenated, with BOUNDARY between two nodes that a block or skipped element separates. */
  text: string;
  /** The non-empty text nodes read, in document order. */
  nodes: Text[];
  /** Where each node's data starts in `text`. */
  starts: number[];
  /** Offsets where an inline element starts or ends between two text nodes (see `Matcher.find`). */
  edges: number[];
}

export interface CollectOptions {
  /** Elements whose text is not read, besides those always skipped (scripts, form fields, math, editors…). */
  skip: (element: Element) => boolean;
}

/**
 * Put between the text on either side of a block or skipped element. Not `\n`: a whitespace character would let
 * a multi-word name match across two paragraphs. Neither whitespace nor a letter or digit, it ends a name like punctuation.
 */
export const BOUNDARY = '\u001e';

/** Elements whose text is code, invisible, editable, or our own UI. */
const ALWAYS_SKIPPED = new Set([
  'script', 'style', 'noscript', 'template', 'textarea', 'input', 'select', 'math', 'svg', 'method-lens-card',
]);

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

/**
 * The text under root (root included), skipping the elements that are always skipped and those options.skip
 * names. Nothing is read when root itself lies inside a skipped element, e.g. a changed node in an editor.
 */
export function collectText(root: Node, options: CollectOptions): TextIndex {
  const collector = textCollector(root, options);
  collector.step(() => false);
  return collector.index;
}

/** `collectText` a slice at a time, so that a huge page is read without blocking it. */
export interface TextCollector {
  /** Complete (with `text` joined) once `step` has returned true. */
  readonly index: TextIndex;
  /**
   * Reads on until done (true) or until `shouldYield()` says to stop for now (false). If the page
   * removed the part being read in between, reading stops early and `interrupted` is set.
   */
  step(shouldYield: () => boolean): boolean;
  readonly interrupted: boolean;
}

/** Nodes read between two `shouldYield` checks. */
const NODES_PER_CHECK = 512;
/** Text nodes longer than this (UTF-16 units) are read in pieces of TEXT_PIECE, with checks between. */
const LARGE_TEXT = 1 << 18;
const TEXT_PIECE = 1 << 16;

export function textCollector(root: Node, options: CollectOptions): TextCollector {
  const isSkipped = (element: Element) => isAlwaysSkipped(element) || options.skip(element);
  const parts: string[] = [];
  const index: TextIndex = { text: '', nodes: [], starts: [], edges: [] };
  let length = 0;
  let boundaryPending = false;
  let edgePending = false;
  let done = false;
  let interrupted = false;

  /** Reads a node and tells whether to read its children too. */
  function visit(node: Node): boolean {
    if (node.nodeType === Node.TEXT_NODE) {
      appendText(node as Text);
      return false;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return true; // a document or fragment as root
    const element = node as Element;
    const skipped = isSkipped(element);
    // A skipped element is opaque content (a formula, a field, an icon): a boundary, like a block.
    if (skipped || isBlockElement(element)) boundaryPending = true;
    else edgePending = true;
    return !skipped;
  }

  function leave(element: Element): void {
    if (isBlockElement(element)) boundaryPending = true;
    else edgePending = true;
  }

  /** A text node too large to read in one slice, being read piece by piece. */
  let large: { node: Text; offset: number; size: number } | null = null;

  function appendText(node: Text): void {
    // `length` does not copy the text; in Firefox every `data` read through the content script's
    // Xray does (a 10 MB text node costs ~100 ms per read), so a large node is read in pieces.
    const size = node.length;
    if (size === 0) return;
    if (boundaryPending && index.nodes.length > 0) {
      parts.push(BOUNDARY);
      length += BOUNDARY.length;
    } else if (edgePending && index.nodes.length > 0) {
      index.edges.push(length);
    }
    boundaryPending = false;
    edgePending = false;
    index.nodes.push(node);
    index.starts.push(length);
    if (size > LARGE_TEXT) large = { node, offset: 0, size };
    else parts.push(node.data);
    length += size;
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

  // Depth-first over the elements and text nodes under root (root included), telling when an element is left.
  // A TreeWalker without a filter runs natively; deciding what to descend into here avoids a call per node.
  let walker: TreeWalker | null = null;
  let next: Node | null = null;
  if (!hasSkippedAncestor(root, isSkipped)) {
    const ownerDocument = root.ownerDocument ?? (root as Document);
    walker = ownerDocument.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    if (visit(root)) next = walker.firstChild();
  }

  return {
    index,
    get interrupted() {
      return interrupted;
    },
    step(shouldYield) {
      if (done) return true;
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
        const descend = visit(next!);
        next = (descend && walker!.firstChild()) || nextClimbing(walker!, root, leave);
        if (++read === NODES_PER_CHECK) {
          read = 0;
          if ((next || large) && shouldYield()) return false;
        }
      }
      done = true;
      index.text = parts.join('');
      return true;
    },
  };
}

function hasSkippedAncestor(node: Node, isSkipped: (element: Element) => boolean): boolean {
  for (let ancestor = node.parentElement; ancestor; ancestor = ancestor.parentElement) {
    if (isSkipped(ancestor)) return true;
  }
  return false;
}

function isAlwaysSkipped(element: Element): boolean {
  if (ALWAYS_SKIPPED.has(element.localName)) return true;
  const editable = element.getAttribute('contenteditable');
  return editable !== null && editable.toLowerCase() !== 'false';
}

/** The next sibling of the walker's node or of its nearest ancestor that has one, leaving the ancestors passed. */
function nextClimbing(walker: TreeWalker, root: Node, leave: (element: Element) => void): Node | null {
  for (;;) {
    const sibling = walker.nextSibling();
    if (sibling) return sibling;
    const parent = walker.parentNode();
    if (!parent || parent === root) return null;
    leave(parent as Element); // below root, the walker shows only elements and text, and text has no children
  }
}

/**
 * The text node and offset of a position in index.text. A position where one node ends and the next begins
 * belongs to the next node at the start of a range (`edge: 'start'`), and to the previous one at its end.
 */
export function locate(index: TextIndex, offset: number, edge: 'start' | 'end' = 'start'): { node: Text; offset: number } {
  if (index.nodes.length === 0 || offset < 0 || offset > index.text.length) {
    throw new RangeError(`offset ${offset} is outside the indexed text (length ${index.text.length})`);
  }
  const nodeIndex = Math.max(0, lastStartBefore(index.starts, edge === 'start' ? offset + 1 : offset));
  return { node: index.nodes[nodeIndex]!, offset: offset - index.starts[nodeIndex]! };
}

/** Binary search: the index of the last start below `limit`, or -1. */
function lastStartBefore(starts: readonly number[], limit: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (starts[middle]! < limit) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}

/** A StaticRange where the DOM has the class (all target browsers), its four fields elsewhere (happy-dom). */
export type TextRange = StaticRange | StaticRangeInit;

/** One range per span; a span may start in one text node and end in another. */
export function toStaticRanges(index: TextIndex, spans: readonly { start: number; end: number }[]): TextRange[] {
  return spans.map((span) => {
    const start = locate(index, span.start, 'start');
    const end = locate(index, span.end, 'end');
    const init = { startContainer: start.node, startOffset: start.offset, endContainer: end.node, endOffset: end.offset };
    return typeof StaticRange === 'function' ? new StaticRange(init) : init;
  });
}
