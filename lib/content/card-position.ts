/**
 * Where the card goes: below the mark when it fits, else above, else beside; when it fits nowhere
 * whole, on the side with more room, its height capped to that room (it scrolls). Always inside the
 * viewport and never over any of the mark's boxes (a mark wrapped over two lines has two). Pure, so
 * it is table-tested.
 */

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Placement {
  left: number;
  top: number;
  /** The height the card may take here; below its natural height when it must scroll. */
  maxHeight: number;
}

const GAP = 6;
/** The least room kept between the card and the viewport's edges. */
export const CARD_MARGIN = 8;

/**
 * `pointer` is the box the pointer rests on (the card lines up with it), `rects` all of the mark's
 * boxes, `card` the card's natural size.
 */
export function placeCard(
  rects: readonly Box[],
  pointer: Box,
  card: { width: number; height: number },
  viewport: { width: number; height: number },
): Placement {
  const mark = union(rects.length ? rects : [pointer]);
  const width = Math.min(card.width, viewport.width - 2 * CARD_MARGIN);
  const clampX = (x: number) => Math.max(CARD_MARGIN, Math.min(x, viewport.width - width - CARD_MARGIN));
  const clampY = (y: number, height: number) => Math.max(CARD_MARGIN, Math.min(y, viewport.height - height - CARD_MARGIN));
  const roomBelow = viewport.height - CARD_MARGIN - (mark.top + mark.height + GAP);
  const roomAbove = mark.top - GAP - CARD_MARGIN;
  const below = (height: number) => ({ left: clampX(pointer.left), top: mark.top + mark.height + GAP, maxHeight: height });
  const above = (height: number) => ({ left: clampX(pointer.left), top: mark.top - GAP - height, maxHeight: height });

  if (card.height <= roomBelow) return below(card.height);
  if (card.height <= roomAbove) return above(card.height);

  // Beside the mark, where the card fits whole in the viewport's height.
  const fullHeight = Math.min(card.height, viewport.height - 2 * CARD_MARGIN);
  const roomRight = viewport.width - CARD_MARGIN - (mark.left + mark.width + GAP);
  const roomLeft = mark.left - GAP - CARD_MARGIN;
  if (fullHeight === card.height && (width <= roomRight || width <= roomLeft)) {
    const left = width <= roomRight ? mark.left + mark.width + GAP : mark.left - GAP - width;
    return { left, top: clampY(pointer.top, card.height), maxHeight: card.height };
  }

  // Nowhere whole: the larger room above or below, the card scrolling within it.
  return roomBelow >= roomAbove ? below(Math.max(0, roomBelow)) : above(Math.max(0, roomAbove));
}

/** The smallest box holding all of `boxes`. */
function union(boxes: readonly Box[]): Box {
  const left = Math.min(...boxes.map((box) => box.left));
  const top = Math.min(...boxes.map((box) => box.top));
  const right = Math.max(...boxes.map((box) => box.left + box.width));
  const bottom = Math.max(...boxes.map((box) => box.top + box.height));
  return { left, top, width: right - left, height: bottom - top };
}
