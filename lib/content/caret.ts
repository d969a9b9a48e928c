/**
 * The text position under the pointer: `caretPositionFromPoint` (the standard, Firefox and recent
 * Chromium) with `caretRangeFromPoint` (older Chromium, Safari) as the fallback — one code path.
 */

export interface CaretPoint {
  node: Node;
  offset: number;
}

type CaretDocument = Document & {
  caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  caretRangeFromPoint?: (x: number, y: number) => Range | null;
};

export function caretAt(document: Document, x: number, y: number): CaretPoint | null {
  const doc = document as CaretDocument;
  if (typeof doc.caretPositionFromPoint === 'function') {
    const position = doc.caretPositionFromPoint(x, y);
    return position ? { node: position.offsetNode, offset: position.offset } : null;
  }
  if (typeof doc.caretRangeFromPoint === 'function') {
    const range = doc.caretRangeFromPoint(x, y);
    return range ? { node: range.startContainer, offset: range.startOffset } : null;
  }
  return null;
}

/**
 * The boxes a static range covers on screen, through a throwaway live Range (the collector takes it:
 * `detach()` does nothing in any browser, as the DOM standard has it).
 */
export function rectsOf(range: AbstractRange): DOMRect[] {
  const live = document.createRange();
  live.setStart(range.startContainer, range.startOffset);
  live.setEnd(range.endContainer, range.endOffset);
  return Array.from(live.getClientRects());
}

export function pointInRects(rects: readonly DOMRect[], x: number, y: number, slack = 1): boolean {
  return rects.some((r) => x >= r.left - slack && x <= r.right + slack && y >= r.top - slack && y <= r.bottom + slack);
}
