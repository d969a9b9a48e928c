/**
 * Reads the text of a DOM subtree as one string for the matcher, and knows which text node each offset
 * of that string comes from, so that matches become ranges for the CSS Custom Highlight API without
 * touching the page.
 *
 * The read costs little more than a bare TreeWalker pass over the text nodes: elements are never
 * visited (in Chromium, a JS object made for each element the walk touched doubled the cost of a
 * first read). Skipped elements are found by native queries (`SkippedElements`), and the walk jumps
 * past each as it reaches it. Whether a block or a skipped element separates two text nodes is asked
 * only where it matters: where the matcher finds a name's edge, or a name across two nodes
 * (`elementEdges`).
 */
import type { ElementEdges } from './matcher';
import { skippedElements, type SkippedElements } from './skipped-elements';

export interface TextIndex {
  /** The data of `nodes` concatenated, with nothing in between (see `elementEdges` for what separates them). */
  text: string;
  /** The non-empty text nodes read, in document order. */
  nodes: Text[];
  /** Where each node's data starts in `text`. */
  starts: number[];
  /** The selector of the elements not read: one of them between two nodes separates their text, like a block. */
  skipped: string;
  /** Where each `<math>` element not read starts in `text`, in order: where math may end a name (`QuIP<math>#</math>`). */
  mathStarts: number[];
}

export interface CollectOptions {
  /**
   * A list of simple selectors (tag names, classes, ids, attributes; no commas inside one) for elements
   * whose text is not read, besides those always skipped (scripts, form fields, math, editors…).
   */
  skipSelector?: string;
  /**
   * Cut the text into segments of about this many UTF-16 units, each cut where a block or skipped
   * element separates two text nodes (where no name can run across), so that each is matched and
   * marked while the rest is still unread: less held in memory at once, no long join. Without it,
   * one segment holds everything.
   */
  segmentChars?: number;
}

/**
 * Put between the text on either side of a block or skipped element by readers that build their text
 * with separators (the popup's scan of an arXiv paper). Not `\n`: a whitespace character would let a
 * multi-word name match across two paragraphs. Neither whitespace nor a letter or digit, it ends a name
 * like punctuation.
 */
export const BOUNDARY = '\u001e';

/** Math typeset by a script (MathJax 2 and 3, KaTeX): math, like `<math>`, whatever elements it is drawn with. */
const MATH_TYPESET = 'mjx-container, .MathJax, .MathJax_CHTML, .MathJax_SVG, .MathJax_Preview, .katex';

/**
 * Skipped elements no reader sees, not even as a gap: `Auto<span hidden>…</span>AWQ` reads `AutoAWQ`.
 * Only they do not set the text on either side apart.
 */
const NEVER_RENDERED = 'script, style, noscript, template, [hidden]';

/**
 * Elements whose text is code, invisible, editable, or our own UI. `[hidden]`: text no reader sees,
 * such as the description arXiv keeps for its PDF button, which repeats the paper's title.
 */
export const ALWAYS_SKIPPED =
  'script, style, noscript, template, textarea, input, select, pre, code, math, svg, method-lens-card, [hidden], [contenteditable]:not([contenteditable="false" i]), ' +
  MATH_TYPESET;

/**
 * The attributes by which `ALWAYS_SKIPPED` tells a skipped element: one set or removed shows or hides
 * text from the reader (and the matcher) without any node changing, so the page session observes them.
 */
export const SKIP_ATTRIBUTES = ['hidden', 'contenteditable'];

/** Elements that start a new line of text: a name never continues across one. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'center', 'dd', 'details', 'dialog', 'div', 'dl',
  'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header',
  'hgroup', 'hr', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'search', 'section', 'summary',
  'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/** Whether an element starts a new line of text, so that no name continues across it. */
export function isBlockElement(element: Element): boolean {
  return BLOCKS.has(element.localName);
}

/** The selector for everything not read: the elements always skipped and those `options` adds. */
export function skippedSelector(options: CollectOptions): string {
  return options.skipSelector ? `${ALWAYS_SKIPPED}, ${options.skipSelector}` : ALWAYS_SKIPPED;
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

/** Nodes read (or skipped elements passed) between two `shouldYield` checks. */
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
  const segmentChars = options.segmentChars ?? Infinity;
  const emptyIndex = (): TextIndex => ({ text: '', nodes: [], starts: [], skipped: selector, mathStarts: [] });
  let index = emptyIndex();
  const chunks: string[] = [];
  let parts: string[] = [];
  let length = 0;
  /** Found before the walk starts; none under a text node given as root. */
  let skipped: SkippedElements | null = null;
  let done = false;
  /** The current segment is complete (done, or full at a separation). */
  let segmentDone = false;
  let interrupted = false;
  /** A text node too large to read in one slice, being read piece by piece. */
  let large: { node: Text; offset: number; size: number } | null = null;

  /** Appends the node, or returns false when the segment is full and a block or skipped element precedes the node. */
  function appendText(node: Text, size: number): boolean {
    const { nodes } = index;
    if (nodes.length > 0 && length >= segmentChars && isSeparatedBetween(nodes[nodes.length - 1]!, node, selector)) return false;
    nodes.push(node);
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

  // The text nodes under root in document order, in one native TreeWalker without a filter.
  let walker: TreeWalker | null = null;
  let next: Node | null = null;
  /** Where the walker stood before `next`: after a pause, `next` must still come right after it. */
  let previous: Node | null = null;
  if (root.nodeType === Node.TEXT_NODE) {
    if (!root.parentElement?.closest(selector) && (root as Text).length > 0) void appendText(root as Text, (root as Text).length);
  } else if (!(root.nodeType === Node.ELEMENT_NODE && (root as Element).closest(selector))) {
    skipped = skippedElements(root as ParentNode, selector);
    const ownerDocument = root.ownerDocument ?? (root as Document);
    walker = ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    previous = root;
    next = walker.nextNode();
  }

  /** Whether `node` lies in a skipped element: then the walk is moved to its last node, to go on past it. */
  function enteredSkipped(node: Node): boolean {
    const element = skipped?.containing(node);
    if (!element) return false;
    // Math may end a name glued before it (`QuIP<math>#</math>`): the matcher looks there, and nowhere else.
    if (element.localName === 'math') index.mathStarts.push(length);
    let last: Node = element;
    while (last.lastChild) last = last.lastChild;
    walker!.currentNode = last;
    return true;
  }

  function completeSegment(): void {
    segmentDone = true;
    chunks.push(parts.join(''));
    parts = [];
    index.text = chunks.join('');
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
      index = emptyIndex();
      chunks.length = 0;
      length = 0;
      segmentDone = false;
    },
    step(shouldYield) {
      if (segmentDone) return true;
      // After a pause, the page may have taken away the node we stopped at, or moved it out from under
      // the root: stop rather than wander (a walker follows its node, out into the rest of the page).
      if (next && root.isConnected && !root.contains(next)) {
        interrupted = true;
        next = null;
      }
      if (next && previous && walker) {
        // The page may have moved `next` (the walker would follow it), or put text before it.
        const at = walker.currentNode;
        walker.currentNode = previous;
        const expected = walker.nextNode();
        walker.currentNode = at;
        if (expected !== next) {
          interrupted = true;
          next = null;
        }
      }
      if (skipped && !skipped.find(shouldYield)) return false;
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
        const node = next as Text;
        if (enteredSkipped(node)) {
          previous = walker!.currentNode;
          next = walker!.nextNode();
        } else {
          const size = node.length;
          if (size > 0 && !appendText(node, size)) {
            completeSegment(); // `next` stays on this node: it starts the next segment
            return true;
          }
          previous = node;
          next = walker!.nextNode();
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
 * Where the text of two nodes meets, for the matcher: every start of a text node but the first. The text
 * on either side is separated where a block or skipped element lies between the two nodes, or where an
 * element that starts or ends there is set apart from the text around it (see `isSetApart`). Both are
 * found out only where the matcher asks (at a name's edge, for a name across nodes), once each.
 */
export function elementEdges(index: TextIndex, isApart: (element: Element) => boolean = isSetApart): ElementEdges {
  const { nodes, starts } = index;
  // Both by the index of the node after the meeting point.
  const isSeparated = remembered((at) => isSeparatedBetween(nodes[at - 1]!, nodes[at]!, index.skipped));
  const separates = remembered((at) => isSeparated(at) || someElementBetween(nodes[at - 1]!, nodes[at]!, isApart));
  const mathGoesOn = remembered((at) => mathGoingOnAfter(nodes[at - 1]!));
  return {
    offsets: starts.slice(1),
    mathStarts: index.mathStarts,
    separates(offset) {
      const at = firstStartFrom(starts, offset);
      return at > 0 && starts[at] === offset && separates(at);
    },
    breaks(start, end) {
      for (let at = firstStartFrom(starts, start + 1); at < starts.length && starts[at]! < end; at++) if (isSeparated(at)) return true;
      return false;
    },
    mathGoesOn(offset) {
      // The node ending at `offset`: the one before the node starting there, or the last at the text's end.
      const at = firstStartFrom(starts, offset);
      return at > 0 && (at < starts.length ? starts[at] === offset : offset === index.text.length) ? mathGoesOn(at) : '';
    },
  };
}

/** Math, whether the browser draws it or a script typesets it. */
export const MATH = `math, ${MATH_TYPESET}`;

/**
 * The math right after `node`, on its line, that shows anything: MathJax 2 puts an empty preview before its
 * math; MathJax 3 draws glyphs from CSS, and its text is the MathML it keeps for assistive technology, as
 * KaTeX's text starts with its MathML.
 */
function mathAfter(node: Text): Element | null {
  let before: Node = node;
  while (!before.nextSibling) {
    const parent = before.parentElement;
    // What follows a block is on another line.
    if (!parent || BLOCKS.has(parent.localName)) return null;
    before = parent;
  }
  for (let next: ChildNode | null = before.nextSibling; next && next.nodeType === Node.ELEMENT_NODE && (next as Element).matches(MATH); next = next.nextSibling) {
    if (next.textContent!.trim()) return next as Element;
  }
  return null;
}

/**
 * What the math right after `node` shows, when that starts with a `+` or `#` (`QuIP$\#$`), else ''. LaTeXML's
 * math shows its glyphs, then its annotations (the source again): what it stands for is its source, the
 * `alttext`, read as the character it prints where that is `\#` or `+`.
 */
function mathGoingOnAfter(node: Text): string {
  const math = mathAfter(node);
  const shown = math?.textContent!.trim() ?? '';
  return /^[#+]/.test(shown) ? math!.getAttribute('alttext')?.replace(/^\\#$/, '#') || shown : '';
}

/**
 * The text node of the character the math after `node` shows (`QuIP<math>#</math>`'s `#`), where the mark of
 * a name it ends ends; null when the page has taken that math away since it was read.
 */
export function mathTextAfter(node: Text): Text | null {
  // Rooted at the node itself when the math is gone: a walk that finds no text.
  const walker = node.ownerDocument.createTreeWalker(mathAfter(node) ?? node, NodeFilter.SHOW_TEXT);
  let shown: Text | null;
  while ((shown = walker.nextNode() as Text | null) && !shown.data.trim());
  return shown;
}

/** `answer`, asked at most once per argument. */
function remembered<T>(answer: (at: number) => T): (at: number) => T {
  const known = new Map<number, T>();
  return (at) => {
    let value = known.get(at);
    if (value === undefined) known.set(at, (value = answer(at)));
    return value;
  };
}

/** The first index whose start is at least `offset` (binary search; `starts` is increasing). */
function firstStartFrom(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (starts[middle]! < offset) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Whether a block or a skipped element lies between two text nodes, `a` before `b`. */
function isSeparatedBetween(a: Text, b: Text, skipSelector: string): boolean {
  // One of them left the page (or moved) since it was read: nothing joins them, and the blocks the
  // page changed are read again anyway.
  const position = a.compareDocumentPosition(b);
  if (position & Node.DOCUMENT_POSITION_DISCONNECTED || !(position & Node.DOCUMENT_POSITION_FOLLOWING)) return true;
  return someElementBetween(a, b, (element) => BLOCKS.has(element.localName) || element.matches(skipSelector));
}

/**
 * Whether `test` holds for an element between two text nodes, `a` before `b`: one that `a` leaves, one
 * that `b` enters, or one wholly between them (a line break, a formula, an empty paragraph).
 */
function someElementBetween(a: Text, b: Text, test: (element: Element) => boolean): boolean {
  for (let element = a.parentElement; element && !element.contains(b); element = element.parentElement) if (test(element)) return true;
  // The elements after `a` in document order, up to `b`: those `b` enters and those wholly between,
  // but for what is never rendered (a block inside `<template>` is no gap either).
  const walker = (a.ownerDocument ?? document).createTreeWalker(a.getRootNode(), NodeFilter.SHOW_ELEMENT);
  walker.currentNode = a;
  for (let node = walker.nextNode(); node && node.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING; node = walker.nextNode()) {
    const element = node as Element;
    if (element.matches(NEVER_RENDERED)) {
      let last: Node = element;
      while (last.lastChild) last = last.lastChild;
      walker.currentNode = last;
    } else if (test(element)) return true;
  }
  return false;
}

/**
 * Whether an element is set apart from the text around it, so that its edge bounds a name: not laid out
 * inline (inline-block, a flex or grid item, a block), raised or lowered (a superscript footnote mark), or
 * spaced off by a margin, border or padding (a label such as Semantic Scholar's "TLDR"). Plain inline
 * formatting (`<b>`, `<em>`, a search-term `<mark>`) is none of these: `<b>GPTQ</b>v2` stays one word.
 */
function isSetApart(element: Element): boolean {
  // Raised or lowered however the page styles them: Bootstrap's reboot, which arXiv's HTML papers load,
  // puts both on the baseline and moves them by `top` / `bottom` (as normalize.css does).
  if (element.localName === 'sup' || element.localName === 'sub') return true;
  const view = element.ownerDocument.defaultView;
  if (!view) return false;
  const style = view.getComputedStyle(element);
  // An empty value is a style the DOM does not compute (test DOMs): nothing known sets the element apart.
  if (style.display && style.display !== 'inline' && style.display !== 'contents') return true;
  if (style.verticalAlign && style.verticalAlign !== 'baseline') return true;
  const spacing = [style.marginLeft, style.marginRight, style.paddingLeft, style.paddingRight, style.borderLeftWidth, style.borderRightWidth];
  return spacing.some((value) => Number.parseFloat(value) > 0);
}
