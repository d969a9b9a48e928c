/**
 * How the element holding the text at a point stands in the window: wholly inside it, reaching past it
 * above and below (a long paragraph), or cut off at one edge. A page function (`page.evaluate`), for the
 * card's move watch, which takes each of these.
 */
export function holderStanding({ x, y }: { x: number; y: number }): 'inside' | 'past both edges' | 'cut off' {
  const box = document.caretPositionFromPoint(x, y)!.offsetNode.parentElement!.getBoundingClientRect();
  if (box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth) return 'inside';
  return box.top < 0 && box.bottom > innerHeight ? 'past both edges' : 'cut off';
}
