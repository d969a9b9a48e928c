/**
 * Hears of an element moving or changing size on screen, whatever moved it (a transform, an animation the
 * page runs, a layout change), with no script of ours at each frame: an IntersectionObserver whose root is
 * the viewport cut down to the element's own box. The element fills that root (ratio 1) until it moves;
 * the browser works that out in the frames it renders anyway, and a page at rest renders none.
 *
 * The root may reach past the viewport (a positive margin): an element larger than the window, or cut off at
 * its edge, is watched whole as well, as the browsers compute an implicit root's intersection against the
 * viewport grown by its margins. Only an element clipped by a box around it cannot be watched so: what is
 * clipped could move without its share in the root changing.
 */

/**
 * The root margin that makes the viewport into `box`, in whole pixels rounded outward (the root holds the
 * whole box; a move under a pixel is no move): negative on a side where the box lies inside the viewport,
 * positive where it reaches past it. Null when the box is empty.
 */
export function rootMarginAround(box: DOMRectReadOnly, viewportWidth: number, viewportHeight: number): string | null {
  if (!(box.width > 0 && box.height > 0)) return null;
  const top = Math.floor(box.top);
  const right = Math.floor(viewportWidth - box.right);
  const bottom = Math.floor(viewportHeight - box.bottom);
  const left = Math.floor(box.left);
  return `${-top}px ${-right}px ${-bottom}px ${-left}px`;
}

export interface MoveWatch {
  stop(): void;
}

/**
 * Calls `moved` once the element has moved or changed size (or left the page), and `unwatchable` instead
 * if the browser finds it not drawn whole when the watch starts; null when it cannot be watched at all.
 * Either call ends the watch: start another to go on.
 */
export function watchMove(element: Element, moved: () => void, unwatchable: () => void): MoveWatch | null {
  // The window's size without its scrollbars, in standards and quirks mode alike (there `<html>`'s
  // `clientHeight` is the whole page's).
  const { ownerDocument } = element;
  const viewport = ownerDocument.scrollingElement ?? ownerDocument.documentElement;
  const rootMargin = rootMarginAround(element.getBoundingClientRect(), viewport.clientWidth, viewport.clientHeight);
  if (rootMargin === null) return null;
  let first = true;
  const observer = new IntersectionObserver(
    (entries) => {
      const { intersectionRatio } = entries[entries.length - 1]!;
      const wasFirst = first;
      first = false;
      // The first entry tells how the element stood when watched: whole, there is nothing to say yet.
      if (wasFirst && intersectionRatio >= 1) return;
      observer.disconnect();
      if (wasFirst) unwatchable();
      else moved();
    },
    { rootMargin, threshold: 1 },
  );
  observer.observe(element);
  return { stop: () => observer.disconnect() };
}
