/**
 * Which of an observer callback's records concern the text the page session reads: the whole page is
 * observed (a root may come or go anywhere), but only what happens in the roots, to the roots, or to the
 * elements that show or hide them is worth the session's work.
 */

/** The roots as the page session last found them. */
export interface RootsSeen {
  roots: readonly Element[];
  /** The site's selector for them (`SiteAdapter.rootSelector`). */
  rootSelector: string;
  /** What is never read (`siteSkipSelector`). */
  skipSelector: string;
  /** The roots are `<body>`, for want of the site's own: any element the page adds may bring those. */
  fallback: boolean;
  /** Whether each root lay in a skipped element when last looked at (`hiddenStates`); kept up to date here. */
  hidden: Map<Element, boolean>;
  /** Whether a change of an observed attribute on an element may show or hide text (`showsOrHidesText`). */
  showsOrHides(element: Element, attribute: string): boolean;
}

export interface SortedRecords {
  /** The records that concern what is read. */
  pageRecords: MutationRecord[];
  /**
   * A root was taken away, put in place or moved: its marks went with its removal, and everything is read
   * again, from the roots found then.
   */
  rootsMoved: boolean;
  /** The roots a change outside them showed or hid whole (an ancestor hidden, made an editor or not). */
  rootsShownOrHidden: Element[];
}

/** Whether each root lies in a skipped element now. */
export function hiddenStates(roots: readonly Element[], skipSelector: string): Map<Element, boolean> {
  return new Map(roots.map((root) => [root, root.closest(skipSelector) !== null]));
}

/**
 * A change outside the roots that adds or removes no root is let go at once: nothing there is read or
 * marked, so its nodes are neither walked for text to drop nor looked up among the marks (an ad
 * re-rendered, math typeset in the site's chrome cost a look for roots alone). Only the nodes added or
 * removed outside the roots are looked at for roots (inside one, an element matching the roots' selector
 * is no root: roots are the outermost), each by one native query of its own subtree, never of the whole
 * page.
 */
export function sortRecords(records: readonly MutationRecord[], seen: RootsSeen): SortedRecords {
  const { roots, rootSelector, skipSelector, fallback, hidden } = seen;
  const isOrHoldsRoot = (node: Node) =>
    node.nodeType === Node.ELEMENT_NODE && ((node as Element).matches(rootSelector) || (node as Element).querySelector(rootSelector) !== null);
  // A burst adds to the same few parents: each is asked once.
  const inside = new Map<Node, boolean>();
  const pageRecords: MutationRecord[] = [];
  const rootsShownOrHidden: Element[] = [];
  let rootsMoved = false;
  /**
   * Where a record is told "inside" is where its target is now, at the end of the task. Nodes the page took
   * out of a subtree before that subtree left the roots (in the same task) were in the roots then, and may
   * hold marks: the subtree's own removal no longer reaches them. So a removal whose target has left the
   * page counts, as does one whose target lies in a node taken out of the roots in this task (`departed`).
   */
  const departed = new Set<Node>();
  let removalsOutside: MutationRecord[] = [];
  // An element restyled several times in one task (an animation's steps) is looked at once.
  const attributesSeenOutside = new Set<Node>();
  for (const record of records) {
    // Text is observed inside the roots alone.
    if (record.type === 'characterData') {
      pageRecords.push(record);
      continue;
    }
    // An attribute the skip selector tests, changed where it tests none (a script restyling what it animates).
    if (record.type === 'attributes' && !seen.showsOrHides(record.target as Element, record.attributeName!)) continue;
    let isInside = inside.get(record.target);
    if (isInside === undefined) inside.set(record.target, (isInside = roots.some((root) => root.contains(record.target))));
    if (record.type === 'attributes') {
      const element = record.target as Element;
      if (!isInside) {
        if (!attributesSeenOutside.has(element)) noteRootsShownOrHidden(element, seen, rootsShownOrHidden);
        attributesSeenOutside.add(element);
      } else {
        pageRecords.push(record);
        // A root shown or hidden by its own attribute: what an ancestor's change is told against.
        if (hidden.has(element)) hidden.set(element, element.closest(skipSelector) !== null);
      }
      continue;
    }
    // `<body>`, read for want of roots, holds any root the page adds.
    const lookForRoots = fallback || !isInside;
    const movesRoot =
      lookForRoots &&
      // An element added and taken away again before this callback never reached the page.
      (Array.from(record.addedNodes).some((node) => node.isConnected && isOrHoldsRoot(node)) ||
        // `<body>`, read for want of roots, matches no root selector.
        Array.from(record.removedNodes).some((node) => isOrHoldsRoot(node) || (fallback && node === roots[0])));
    rootsMoved ||= movesRoot;
    if (isInside || movesRoot || (record.removedNodes.length > 0 && !record.target.isConnected)) {
      pageRecords.push(record);
      for (const node of record.removedNodes) departed.add(node);
    } else if (record.removedNodes.length) removalsOutside.push(record);
  }
  // A subtree may have left through several levels (a block out of its parent, the parent out of a root): until none is left.
  const inDeparted = (node: Node) => {
    for (let at: Node | null = node; at; at = at.parentNode) if (departed.has(at)) return true;
    return false;
  };
  for (let found = departed.size > 0; found && removalsOutside.length; ) {
    found = false;
    removalsOutside = removalsOutside.filter((record) => {
      if (!inDeparted(record.target)) return true;
      pageRecords.push(record);
      for (const node of record.removedNodes) departed.add(node);
      found = true;
      return false;
    });
  }
  // A root moved (or one holding it) may now lie in a skipped element or out of one: its marks went with its
  // removal, and what a pass running meanwhile marks in it is read where it lies now. That is what an
  // ancestor's change is told against until the roots are found again (a pass under way ends first).
  if (rootsMoved) for (const [root, state] of hiddenStates(roots, skipSelector)) hidden.set(root, state);
  return { pageRecords, rootsMoved, rootsShownOrHidden };
}

/**
 * An attribute that skips elements, changed outside the roots: it matters only where it shows or hides
 * roots whole (an ancestor hidden, made an editor or not). A theme set on `<html>` or a dialog's scroll lock
 * on `<body>` shows and hides nothing, and costs a look at the roots it holds.
 */
function noteRootsShownOrHidden(target: Element, { roots, skipSelector, hidden }: RootsSeen, into: Element[]): void {
  for (const root of roots) {
    if (!target.contains(root)) continue;
    const isHidden = root.closest(skipSelector) !== null;
    if (isHidden === hidden.get(root)) continue;
    hidden.set(root, isHidden);
    into.push(root);
  }
}
