/**
 * The popup's "Show on page", done: scrolls the page to one of a method's marks and shows it a moment in
 * the colour of a find, in a highlight of its own (`SHOWN_HIGHLIGHT`), so that the page's DOM and its
 * selection stay as they are. Kept out of the content script (`show-mention.js`, imported on the first
 * request): a reader who never asks does not load it with every page.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { MentionShown } from '@/lib/messaging/protocol';
import { SHOWN_HIGHLIGHT } from '@/lib/highlight/styles';

/** How long a shown mention keeps the find's colour. */
export const SHOWN_FOR_MS = 2_500;

/**
 * Shows the mark at `index` of a method's `marks`, counted in the page's order, or the first after it that
 * the page draws (one in a collapsed part, or on text the page has just taken away, has no box); past the
 * last, from the first again.
 */
export function revealMention(ctx: ContentScriptContext, marks: readonly StaticRange[], index: number): MentionShown {
  const inOrder = [...marks].sort(inPageOrder);
  for (let step = 0; step < inOrder.length; step++) {
    const at = (index + step) % inOrder.length;
    const mark = inOrder[at]!;
    const range = new Range();
    try {
      range.setStart(mark.startContainer, mark.startOffset);
      range.setEnd(mark.endContainer, mark.endOffset);
    } catch {
      continue; // its text shortened by the page a moment ago, the observer's batch not yet in: no mark now
    }
    if (range.getClientRects().length === 0) continue;
    // The element first, through any box of the page's that scrolls; then the mark itself, which a
    // paragraph taller than the window may still hold out of sight.
    mark.startContainer.parentElement?.scrollIntoView({ block: 'center' });
    const box = range.getBoundingClientRect();
    if (box.top < 0 || box.bottom > innerHeight) scrollBy(0, box.top - innerHeight / 2);
    const shown = new Highlight(mark);
    shown.priority = 1; // drawn over the status's own highlight
    CSS.highlights.set(SHOWN_HIGHLIGHT, shown);
    ctx.setTimeout(() => {
      if (CSS.highlights.get(SHOWN_HIGHLIGHT) === shown) CSS.highlights.delete(SHOWN_HIGHLIGHT);
    }, SHOWN_FOR_MS);
    return { index: at, count: inOrder.length };
  }
  return { index: 0, count: 0 };
}

/** A pass adds its marks in the page's order, but a block read again adds its own after all the others. */
function inPageOrder(a: StaticRange, b: StaticRange): number {
  if (a.startContainer === b.startContainer) return a.startOffset - b.startOffset;
  return a.startContainer.compareDocumentPosition(b.startContainer) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
}
