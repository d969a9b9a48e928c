/**
 * The elements under a root whose text is not read, found by native queries a slice at a time and
 * passed in document order as the text walk reaches them. One query listing every selector took
 * 60 ms on a page of 575k nodes, in one piece; one query for the selectors that are not tag names and
 * one per tag name take at most 22 ms each, with a pause between them.
 */
const TAG_NAME = /^[a-z][a-z0-9-]*$/;

interface Found {
  elements: ArrayLike<Element>;
  /** The first element not passed yet. */
  at: number;
}

export class SkippedElements {
  readonly #root: ParentNode;
  /** Queries not run yet. */
  readonly #queries: string[];
  /** What each query found (each list in document order), empty lists left out. */
  readonly #found: Found[] = [];
  /** The list whose first element not passed yet comes first in the document; undefined when not known. */
  #first: Found | null | undefined;

  /** `selector`: a list of simple selectors (no commas inside one). */
  constructor(root: ParentNode, selector: string) {
    this.#root = root;
    const parts = selector.split(',').map((part) => part.trim()).filter(Boolean);
    const others = parts.filter((part) => !TAG_NAME.test(part));
    this.#queries = [...(others.length ? [others.join(', ')] : []), ...new Set(parts.filter((part) => TAG_NAME.test(part)))];
  }

  /** Runs the queries left until all have run (true) or `shouldYield()` says to stop for now (false). */
  find(shouldYield: () => boolean): boolean {
    while (this.#queries.length) {
      const elements = this.#root.querySelectorAll(this.#queries.shift()!);
      if (elements.length) this.#found.push({ elements, at: 0 });
      this.#first = undefined;
      if (this.#queries.length && shouldYield()) return false;
    }
    return true;
  }

  /**
   * The skipped element `node` lies in, if any; the walk jumps past it. Nodes must come in document
   * order: skipped elements before `node` are passed on the way, and so are those inside the one returned.
   */
  containing(node: Node): Element | null {
    for (;;) {
      const list = this.#firstList();
      if (!list) return null;
      const element = list.elements[list.at]!;
      const position = element.compareDocumentPosition(node);
      if (position & Node.DOCUMENT_POSITION_CONTAINED_BY) {
        for (const other of this.#found) while (other.at < other.elements.length && element.contains(other.elements[other.at]!)) other.at++;
        this.#first = undefined;
        return element;
      }
      // Before `node`, or taken off the page since the query: passed.
      if (!(position & (Node.DOCUMENT_POSITION_FOLLOWING | Node.DOCUMENT_POSITION_DISCONNECTED))) return null;
      list.at++;
      this.#first = undefined;
    }
  }

  #firstList(): Found | null {
    if (this.#first !== undefined) return this.#first;
    let first: Found | null = null;
    for (const list of this.#found) {
      // One taken out from under the root since the query is passed.
      while (list.at < list.elements.length && !(this.#root as Node).contains(list.elements[list.at]!)) list.at++;
      if (list.at === list.elements.length) continue;
      if (!first || first.elements[first.at]!.compareDocumentPosition(list.elements[list.at]!) & Node.DOCUMENT_POSITION_PRECEDING) first = list;
    }
    return (this.#first = first);
  }
}
