/**
 * Where the card goes: below the mark when it fits, else above, else beside; always inside the
 * viewport and never over the mark itself. Pure, so it is table-tested.
 */

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

const GAP = 6;
const MARGIN = 8;

export function placeCard(mark: Box, card: { width: number; height: number }, viewport: { width: number; height: number }): { left: number; top: number } {
  const clampX = (x: number) => Math.max(MARGIN, Math.min(x, viewport.width - card.width - MARGIN));
  const clampY = (y: number) => Math.max(MARGIN, Math.min(y, viewport.height - card.height - MARGIN));
  const below = mark.top + mark.height + GAP;
  const above = mark.top - GAP - card.height;
  if (below + card.height <= viewport.height - MARGIN) return { left: clampX(mark.left), top: below };
  if (above >= MARGIN) return { left: clampX(mark.left), top: above };
  // Neither fits vertically: put it to the side the mark leaves most room on.
  const right = mark.left + mark.width + GAP;
  const left = mark.left - GAP - card.width;
  const roomRight = viewport.width - right;
  const x = roomRight >= card.width + MARGIN || roomRight >= mark.left ? right : left;
  return { left: Math.max(MARGIN, x), top: clampY(mark.top) };
}

export function overlaps(a: Box, b: Box): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}
