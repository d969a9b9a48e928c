/**
 * Where Tab goes on from once the card has let go of focus with nowhere on the page to give it back to
 * (the reader Tabbed into it with nothing focused). The browser would go on from the card's host, the
 * page's last element, out of the page to its own toolbar, and the Tab after that to the page's top:
 * the reader's next Tab goes on from the name the card was shown for instead (Shift+Tab back from it),
 * as after a click on it. Nothing is added to the page for it: the browser gives no way to set where
 * it goes on from but focus, so the element it would reach is found and focused here.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

export class TabFromMark {
  /** The mark's text node the next Tab goes on from; null once focus or a click has moved on. */
  #from: Node | null = null;

  constructor(ctx: ContentScriptContext) {
    ctx.addEventListener(
      window,
      'keydown',
      (event: KeyboardEvent) => {
        const from = this.#from;
        if (!from || !event.isTrusted || event.key !== 'Tab') return;
        this.#from = null;
        // The page moved focus on this Tab itself (a listener of its own, before ours): its move stands.
        if (event.defaultPrevented) return;
        const moved = from.isConnected && (document.activeElement === document.body || document.activeElement === null) && focusTabbableBeside(from, event.shiftKey);
        if (moved) event.preventDefault();
      },
      { capture: true },
    );
    // A click sets where the browser goes on from, and focus going anywhere is where it goes on from.
    const forget = () => (this.#from = null);
    ctx.addEventListener(document, 'pointerdown', forget, { capture: true, passive: true });
    ctx.addEventListener(document, 'focusin', forget, { capture: true });
  }

  /** The next Tab goes on from `mark` (the text node of the card's name), unless the reader moves on first. */
  goOnFrom(mark: Node): void {
    this.#from = mark;
  }
}

/**
 * Focuses the first element after `node` in the page's order that Tab reaches (the last before it,
 * `backwards`): one in the sequence (`tabIndex` 0 or more) that takes focus, which rules out what is
 * disabled, hidden, inert or not focusable at all (a link without an address). False when there is none.
 */
function focusTabbableBeside(node: Node, backwards: boolean): boolean {
  const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT);
  walker.currentNode = node;
  for (let element = step(walker, backwards); element; element = step(walker, backwards)) {
    if (!(element instanceof HTMLElement || element instanceof SVGElement) || element.tabIndex < 0) continue;
    element.focus();
    if (document.activeElement === element) return true;
  }
  return false;
}

const step = (walker: TreeWalker, backwards: boolean) => (backwards ? walker.previousNode() : walker.nextNode()) as Element | null;
