/**
 * Turns MutationRecords into the work they imply, the way Dark Reader's DOM observer does: the text
 * nodes whose marks are now stale, and the blocks to rescan. Records are read once, as they arrive,
 * and never kept.
 */
import { isBlockElement } from '@/lib/match/text-index';

export interface MutationWork {
  /** Text nodes that changed or left the page: any mark touching them must go. */
  staleTexts: Set<Text>;
  /**
   * With `followInsertions`: the text node just before each node the page added (in document order).
   * A mark running across several text nodes, one of them this one but not its last, now runs over the
   * added node too.
   */
  insertedAfter: Set<Text>;
  /** Blocks to rescan (may contain one another: see `outermostOnly`). */
  units: Set<Element>;
}

export interface CollapseOptions {
  /** The nearest element that bounds matching (a block), or null outside our roots or in skipped parts. */
  unitOf: (node: Node) => Element | null;
  /** Nodes we add ourselves (the card's host): their comings and goings are not page changes. */
  isOwnNode: (node: Node) => boolean;
  /** Whether to find `insertedAfter`: only marks across text nodes need it, and few pages have any. */
  followInsertions?: boolean;
  /**
   * While a pass runs, the selector of skipped parts. The pass finds the page's skipped elements when it
   * begins, so text the page puts in skipped parts since (an editor, a script, math) would be read as
   * prose: it counts as stale, so that the pass marks none of it.
   */
  skipSelectorDuringPass?: string;
  /**
   * Roots shown or hidden whole by a change outside them (an ancestor hidden, made an editor or not): each
   * is handled as if the attribute had changed on the root itself.
   */
  rootsShownOrHidden?: readonly Element[];
}

/** The text node before `node` in document order, if any. */
function textBefore(node: Node): Text | null {
  const walker = (node.ownerDocument ?? document).createTreeWalker(node.getRootNode(), NodeFilter.SHOW_TEXT);
  walker.currentNode = node;
  return walker.previousNode() as Text | null;
}

function collectTexts(node: Node, into: Set<Text>) {
  if (node.nodeType === Node.TEXT_NODE) {
    into.add(node as Text);
    return;
  }
  if (!node.firstChild) return;
  const walker = (node.ownerDocument ?? document).createTreeWalker(node, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) into.add(text as Text);
}

/** Where a node the page adds lands: in text the pass reads, in skipped parts, or outside the roots. */
type Landing = 'read' | 'skipped' | 'outside';

/** The text nodes of `node` in skipped parts: all of them inside a skipped element, else those of the skipped elements in it. */
function collectSkippedTexts(node: Node, landing: Landing, skipSelector: string, into: Set<Text>) {
  if (landing === 'outside') return;
  if (landing === 'skipped') return collectTexts(node, into);
  if (node.nodeType !== Node.ELEMENT_NODE) return;
  const element = node as Element;
  if (element.matches(skipSelector)) return collectTexts(element, into);
  if (!element.firstElementChild) return;
  for (const skipped of element.querySelectorAll(skipSelector)) collectTexts(skipped, into);
}

/** Adds the work of `records` to `into` (fresh sets when not given) and returns it. */
export function collapseMutations(
  records: readonly MutationRecord[],
  options: CollapseOptions,
  into: MutationWork = { staleTexts: new Set(), insertedAfter: new Set(), units: new Set() },
): MutationWork {
  // Bursts touch the same few parents over and over (a list growing, a ticker): one lookup each.
  const unitCache = new Map<Node, Element | null>();
  const unitOf = (node: Node) => {
    let unit = unitCache.get(node);
    if (unit === undefined) {
      unit = options.unitOf(node);
      unitCache.set(node, unit);
    }
    return unit;
  };
  const skipSelector = options.skipSelectorDuringPass;
  const landingCache = new Map<Node, Landing>();
  /** Asked of the parents nodes are added to, once each: a burst adds to the same few. */
  const landingOf = (parent: Node, selector: string): Landing => {
    let landing = landingCache.get(parent);
    if (landing === undefined) {
      landing = unitOf(parent) !== null ? 'read' : (parent as Partial<Element>).closest?.(selector) ? 'skipped' : 'outside';
      landingCache.set(parent, landing);
    }
    return landing;
  };
  const addUnit = (node: Node) => {
    const unit = unitOf(node);
    if (unit) into.units.add(unit);
  };

  /**
   * Shown or hidden, an editor or not: the element's own marks go, and the text around it is read again,
   * as a name may now run across it (GPTQ<span hidden>v2</span> is GPTQ) or be cut by it (a block shown
   * between AW and Q): the mark running over it, from the text before, goes too.
   */
  const shownOrHidden = (element: Element) => {
    collectTexts(element, into.staleTexts);
    if (options.followInsertions) {
      const before = element.isConnected ? textBefore(element) : null;
      if (before) into.insertedAfter.add(before);
    }
    const unit = (element.parentElement && unitOf(element.parentElement)) || unitOf(element);
    if (unit) into.units.add(unit);
  };
  for (const root of options.rootsShownOrHidden ?? []) shownOrHidden(root);
  /** The document a skipped element was taken away from (or moved in) while a pass runs. */
  let skippedPartsMovedIn: Document | null = null;

  for (const record of records) {
    // Only the attributes that skip an element are observed (`hidden`, `contenteditable`): text read
    // or no longer read without any node changing.
    if (record.type === 'attributes') {
      if (!options.isOwnNode(record.target)) shownOrHidden(record.target as Element);
      continue;
    }
    if (record.type === 'characterData') {
      // A comment's text (a framework's placeholder) is no text of the page's.
      if (record.target.nodeType !== Node.TEXT_NODE) continue;
      into.staleTexts.add(record.target as Text);
      const unit = unitOf(record.target);
      if (!unit) continue;
      into.units.add(unit);
      // Text given to a node inside a mark across several (an empty one between them): the mark runs over it.
      if (options.followInsertions && record.target.isConnected) {
        const before = textBefore(record.target);
        if (before) into.insertedAfter.add(before);
      }
      continue;
    }
    if (record.type !== 'childList') continue;
    let pageChange = false;
    /**
     * Blocks put in a block between blocks, nothing taken out (results loaded into a list): no text around
     * them joins or parts, so they alone are read, not the whole list again at each "Load more".
     */
    let blocks: Node[] | null = unitOf(record.target) === record.target ? [] : null;
    for (const node of record.removedNodes) {
      if (options.isOwnNode(node)) continue;
      pageChange = true;
      blocks = null;
      collectTexts(node, into.staleTexts);
      if (skipSelector && !skippedPartsMovedIn && holdsSkipped(node, skipSelector)) skippedPartsMovedIn = node.ownerDocument;
    }
    for (const node of record.addedNodes) {
      if (options.isOwnNode(node)) continue;
      pageChange = true;
      if (blocks && ![node, node.previousSibling, node.nextSibling].every((at) => !at || (isBlockElement(at as Element) && unitOf(at) === at))) blocks = null;
      blocks?.push(node);
      if (skipSelector) collectSkippedTexts(node, landingOf(record.target, skipSelector), skipSelector, into.staleTexts);
      if (!options.followInsertions) {
        if (skipSelector || blocks) continue;
        break;
      }
      const before = node.isConnected ? textBefore(node) : null;
      if (before) into.insertedAfter.add(before);
    }
    // Otherwise text may now join across the changed boundary, so the surrounding block is rescanned.
    if (blocks) for (const block of blocks) addUnit(block);
    else if (pageChange) addUnit(record.target);
  }
  // The pass reads skipped parts in the order it found them in when it began; once one is taken away or
  // moved, text in another may be read as prose (a hidden element taken out of a paragraph, before a hidden
  // one there). None of the text in skipped parts may be marked by that pass, then.
  if (skippedPartsMovedIn && skipSelector) for (const skipped of skippedPartsMovedIn.querySelectorAll(skipSelector)) collectTexts(skipped, into.staleTexts);
  return into;
}

/** Whether `node` is, or holds, a skipped element. */
function holdsSkipped(node: Node, skipSelector: string): boolean {
  if (node.nodeType !== Node.ELEMENT_NODE) return false;
  const element = node as Element;
  return element.matches(skipSelector) || (element.firstElementChild !== null && element.querySelector(skipSelector) !== null);
}

/** Keeps only elements not inside another element of the set. */
export function outermostOnly(elements: ReadonlySet<Element>): Set<Element> {
  const result = new Set<Element>();
  for (const element of elements) {
    let inside = false;
    for (let parent = element.parentElement; parent; parent = parent.parentElement) {
      if (elements.has(parent)) {
        inside = true;
        break;
      }
    }
    if (!inside) result.add(element);
  }
  return result;
}
