/**
 * Where the card goes: below the mark when it fits, else above (against the line the pointer is on of a
 * mark wrapped over two, where it covers none of the other), else beside; when it fits nowhere
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
  const boxes = rects.length ? rects : [pointer];
  const mark = union(boxes);
  const width = Math.min(card.width, viewport.width - 2 * CARD_MARGIN);
  const clampX = (x: number) => Math.max(CARD_MARGIN, Math.min(x, viewport.width - width - CARD_MARGIN));
  const clampY = (y: number, height: number) => Math.max(CARD_MARGIN, Math.min(y, viewport.height - height - CARD_MARGIN));
  const roomBelowOf = (box: Box) => viewport.height - CARD_MARGIN - (box.top + box.height + GAP);
  const roomAboveOf = (box: Box) => box.top - GAP - CARD_MARGIN;
  const belowOf = (box: Box, height: number) => ({ left: clampX(pointer.left), top: box.top + box.height + GAP, maxHeight: height });
  const aboveOf = (box: Box, height: number) => ({ left: clampX(pointer.left), top: box.top - GAP - height, maxHeight: height });
  const coversNone = (place: Placement) => !boxes.some((box) => overlaps({ left: place.left, top: place.top, width, height: place.maxHeight }, box));

  // Against the box the pointer is on (one line of a wrapped mark), where the card covers none of the
  // mark's other boxes; else against them all.
  for (const against of boxes.length > 1 ? [pointer, mark] : [mark]) {
    if (card.height <= roomBelowOf(against) && coversNone(belowOf(against, card.height))) return belowOf(against, card.height);
    if (card.height <= roomAboveOf(against) && coversNone(aboveOf(against, card.height))) return aboveOf(against, card.height);
  }

  const roomBelow = roomBelowOf(mark);
  const roomAbove = roomAboveOf(mark);
  const below = (height: number) => belowOf(mark, height);
  const above = (height: number) => aboveOf(mark, height);

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

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

/** The smallest box holding all of `boxes`. */
function union(boxes: readonly Box[]): Box {
  const left = Math.min(...boxes.map((box) => box.left));
  const top = Math.min(...boxes.map((box) => box.top));
  const right = Math.max(...boxes.map((box) => box.left + box.width));
  const bottom = Math.max(...boxes.map((box) => box.top + box.height));
  return { left, top, width: right - left, height: bottom - top };
}
