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
  const isSkipped = (element: Element) => isAlwaysSkipped(element) || options.skip(element);
  const parts: string[] = [];
  const index: TextIndex = { text: '', nodes: [], starts: [], edges: [] };
  if (hasSkippedAncestor(root, isSkipped)) return index;
  let length = 0;
  let boundaryPending = false;
  let edgePending = false;

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

  function appendText(node: Text): void {
    if (node.data === '') return;
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
    parts.push(node.data);
    length += node.data.length;
  }

  walk(root, visit, leave);
  index.text = parts.join('');
  return index;
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

/**
 * Depth-first over the elements and text nodes under root (root included), telling when an element is left.
 * A TreeWalker without a filter runs natively; deciding what to descend into here avoids a call per node.
 */
function walk(root: Node, visit: (node: Node) => boolean, leave: (element: Element) => void): void {
  const ownerDocument = root.ownerDocument ?? (root as Document);
  const walker = ownerDocument.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  if (!visit(root)) return;
  let node = walker.firstChild();
  while (node) {
    const descend = visit(node);
    node = (descend && walker.firstChild()) || nextClimbing(walker, root, leave);
  }
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
