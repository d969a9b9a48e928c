/**
 * Collapses a burst of MutationRecords into the work it implies, the way Dark Reader's DOM observer
 * does: the text nodes whose marks are now stale, and the smallest set of block-level subtrees to
 * rescan. Past `threshold` subtrees a single full rescan is cheaper.
 */

export interface MutationWork {
  /** Text nodes that changed or left the page: any mark touching them must go. */
  staleTexts: Set<Text>;
  /** Outermost subtrees to rescan (no element in the set contains another). */
  subtrees: Set<Element>;
  fullRescan: boolean;
}

export interface CollapseOptions {
  /** The nearest element that bounds matching (a block), or null when the node is outside our roots. */
  unitOf: (node: Node) => Element | null;
  /** Nodes we add ourselves (the card's host): their comings and goings are not page changes. */
  isOwnNode: (node: Node) => boolean;
  threshold: number;
}

function collectTexts(node: Node, into: Set<Text>) {
  if (node.nodeType === Node.TEXT_NODE) {
    into.add(node as Text);
    return;
  }
  const walker = (node.ownerDocument ?? document).createTreeWalker(node, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) into.add(text as Text);
}

export function collapseMutations(records: readonly MutationRecord[], options: CollapseOptions): MutationWork {
  const staleTexts = new Set<Text>();
  const units = new Set<Element>();
  const addUnit = (node: Node) => {
    const unit = options.unitOf(node);
    if (unit) units.add(unit);
  };

  for (const record of records) {
    if (record.type === 'characterData') {
      staleTexts.add(record.target as Text);
      addUnit(record.target);
      continue;
    }
    if (record.type !== 'childList') continue;
    const added = Array.from(record.addedNodes).filter((node) => !options.isOwnNode(node));
    const removed = Array.from(record.removedNodes).filter((node) => !options.isOwnNode(node));
    if (!added.length && !removed.length) continue;
    for (const node of removed) collectTexts(node, staleTexts);
    // Text may now join across the changed boundary, so the surrounding block is rescanned.
    addUnit(record.target);
  }

  const subtrees = outermostOnly(units);
  return { staleTexts, subtrees, fullRescan: subtrees.size > options.threshold };
}

/** Keeps only elements not inside another element of the set. */
function outermostOnly(elements: Set<Element>): Set<Element> {
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
