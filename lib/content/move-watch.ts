/**
 * Hears of an element moving or changing size on screen, whatever moved it (a transform, an animation the
 * page runs, a layout change), with no script of ours at each frame: two IntersectionObservers whose roots
 * are the viewport made into the element's own box. Through a root holding the box, the element shows whole
 * (ratio 1) until it moves or grows; through a root a pixel inside it, a share under 1 that grows once it
 * shrinks. The browser works that out in the frames it renders anyway, and a page at rest renders none.
 *
 * A root may reach past the viewport (a positive margin): an element larger than the window, or cut off at
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

/**
 * The root margin of a root one pixel inside `box` on every side, in whole pixels rounded inward, and the
 * share of the box the element shows through it while it stands still; null when the box is too small.
 */
export function rootMarginWithin(box: DOMRectReadOnly, viewportWidth: number, viewportHeight: number): [rootMargin: string, share: number] | null {
  const top = Math.ceil(box.top) + 1;
  const right = Math.floor(box.right) - 1;
  const bottom = Math.floor(box.bottom) - 1;
  const left = Math.ceil(box.left) + 1;
  if (!(right > left && bottom > top)) return null;
  return [`${-top}px ${right - viewportWidth}px ${bottom - viewportHeight}px ${-left}px`, ((right - left) * (bottom - top)) / (box.width * box.height)];
}

/**
 * How far past its share at rest the element's share through the inner root must grow to count as shrunk.
 * Chromium and Firefox report the share that the margins and the element's box give, to a millionth; a
 * scale of 0.9995 shows.
 */
const SHRINK_FACTOR = 1.001;

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
  const box = element.getBoundingClientRect();
  const rootMargin = rootMarginAround(box, viewport.clientWidth, viewport.clientHeight);
  if (rootMargin === null) return null;
  const observers: IntersectionObserver[] = [];
  // Ended, a watch says nothing more: the browser still delivers what an observer had queued before it was
  // disconnected, and the two report in the same frame.
  let ended = false;
  const stop = () => {
    ended = true;
    observers.forEach((observer) => observer.disconnect());
  };
  /**
   * Hears the element through one root: its first report says how it stood, any later one that it moved.
   * Through the root around it the element stands still at a share of 1 (`around`), through the one inside
   * it under `threshold`.
   */
  const watchThrough = (rootMargin: string, threshold: number, around: boolean) => {
    let first = true;
    const observer = new IntersectionObserver(
      (entries) => {
        const standsStill = entries.at(-1)!.intersectionRatio >= threshold === around;
        const wasFirst = first;
        first = false;
        if (ended || (wasFirst && standsStill)) return;
        stop();
        // Not standing as expected at the start: clipped by a box around it, or a share through the inner
        // root other than computed. The caller follows the element otherwise.
        if (wasFirst) unwatchable();
        else moved();
      },
      { rootMargin, threshold },
    );
    observers.push(observer);
    observer.observe(element);
  };
  const within = rootMarginWithin(box, viewport.clientWidth, viewport.clientHeight);
  if (within) {
    const [innerMargin, share] = within;
    watchThrough(innerMargin, Math.min(1, share * SHRINK_FACTOR), false);
  }
  watchThrough(rootMargin, 1, true);
  return { stop };
}
