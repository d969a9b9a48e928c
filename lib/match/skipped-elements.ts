/**
 * The elements under a root whose text is not read, found by native queries a slice at a time and
 * passed in document order as the text walk reaches them. Chromium tries a list of selectors on each
 * element in turn, where a lone class or id has a quicker path: on the stress page (275k elements), one
 * query of the 26 selectors of arXiv's that are not tag names took 62 ms in one piece, each alone at
 * most ~6 ms (an attribute; a class ~0.3 ms) and all of them 17 ms; the tag names 47 ms in one query, 49
 * ms one at a time. On the paper (7,005 elements) the two queries take 2.0 and 1.3 ms, and a block read
 * again after a change is a few elements: there a query per selector would be some thirty calls where
 * two do. So one tag name is asked for first, alone: Chromium tests each element's tag name, a cost per
 * element on any page, so its time sizes the root. Small, the other selectors follow in one query and
 * the tag names left in another; large, each selector in a query of its own, with a pause allowed after each.
 */
const TAG_NAME = /^[a-z][a-z0-9-]*$/;
/**
 * The first query quicker than this means a root small enough for two queries: 0.1–0.3 ms on the paper,
 * ~3 ms on the stress page; at 1 ms (~90k elements) each of the two would take up to ~20 ms.
 */
const SMALL_ROOT_BELOW_MS = 1;

export interface SkippedElements {
  /**
   * Runs the queries left until all have run (true) or `shouldYield()` says to stop for now (false). Call it
   * at the start of every slice of the walk: it forgets what it knew of the page, which may have changed.
   */
  find(shouldYield: () => boolean): boolean;
  /**
   * The skipped element `node` lies in, if any; the walk jumps past it. Nodes must come in document
   * order: skipped elements before `node` are passed on the way, and so are those inside the one returned.
   */
  containing(node: Node): Element | null;
}

interface Found {
  elements: ArrayLike<Element>;
  /** The first element not passed yet. */
  at: number;
}

/** `selector`: a list of simple selectors (no commas inside one). */
export function skippedElements(root: ParentNode, selector: string): SkippedElements {
  const tagNames: string[] = [];
  const others: string[] = [];
  for (const part of selector.split(',')) {
    const simple = part.trim();
    if (TAG_NAME.test(simple)) tagNames.push(simple);
    else if (simple) others.push(simple);
  }
  /** Queries not run yet: first the one that sizes the root, a tag name's (the first selector's, with none). */
  const queries: string[] = [];
  const sizing = tagNames.shift() ?? others.shift();
  if (sizing !== undefined) queries.push(sizing);
  let sized = false;
  /** What each query found (each list in document order), empty lists left out. */
  const found: Found[] = [];
  /** The list whose first element not passed yet comes first in the document; undefined when not known. */
  let first: Found | null | undefined;
  /**
   * The first text node at or after the start of that element (null: none, in root): the walk reaches the
   * element exactly when it reaches this node, so every other node is answered by one comparison; a
   * position compared per text node cost more than reading the text. Undefined when not known.
   */
  let entry: Node | null | undefined;
  const entryWalker = ((root as Node).ownerDocument ?? (root as Document)).createTreeWalker(root as Node, NodeFilter.SHOW_TEXT);

  function firstList(): Found | null {
    if (first !== undefined) return first;
    first = null;
    for (const list of found) {
      // One taken out from under the root since the query is passed.
      while (list.at < list.elements.length && !(root as Node).contains(list.elements[list.at]!)) list.at++;
      if (list.at === list.elements.length) continue;
      if (!first || first.elements[first.at]!.compareDocumentPosition(list.elements[list.at]!) & Node.DOCUMENT_POSITION_PRECEDING) first = list;
    }
    return first;
  }

  return {
    find(shouldYield) {
      // Called at the start of each slice: the page may have changed since the last one.
      first = entry = undefined;
      while (queries.length) {
        const started = performance.now();
        const elements = root.querySelectorAll(queries.shift()!);
        if (elements.length) found.push({ elements, at: 0 });
        if (!sized) {
          sized = true;
          const small = performance.now() - started < SMALL_ROOT_BELOW_MS;
          for (const group of small ? [others, tagNames] : [...others, ...tagNames].map((simple) => [simple])) if (group.length) queries.push(group.join());
        }
        if (queries.length && shouldYield()) return false;
      }
      return true;
    },
    containing(node) {
      if (entry === undefined) {
        const list = firstList();
        if (list) entryWalker.currentNode = list.elements[list.at]!;
        entry = list && entryWalker.nextNode();
        // Text the page added during a pause, between a skipped element and where the walk stood, puts
        // the element's entry behind the walk: the walk reaches it here instead (or never would).
        if (entry && entry !== node && entry.compareDocumentPosition(node) & Node.DOCUMENT_POSITION_FOLLOWING) entry = node;
      }
      if (node !== entry) return null;
      entry = undefined;
      for (;;) {
        const list = firstList();
        if (!list) return null;
        const element = list.elements[list.at]!;
        const position = element.compareDocumentPosition(node);
        // `node` comes first: nothing to pass yet.
        if (!(position & (Node.DOCUMENT_POSITION_FOLLOWING | Node.DOCUMENT_POSITION_DISCONNECTED))) return null;
        first = undefined;
        if (position & Node.DOCUMENT_POSITION_CONTAINED_BY) {
          for (const other of found) while (other.at < other.elements.length && element.contains(other.elements[other.at]!)) other.at++;
          return element;
        }
        // Before `node`, or taken off the page since the query: passed.
        list.at++;
      }
    },
  };
}
