// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rootMarginAround, rootMarginWithin, watchMove } from '@/lib/content/move-watch';
import { FakeIntersectionObserver } from './helpers/fake-intersection-observer';

const VIEWPORT = { width: 1000, height: 700 };

function box(left: number, top: number, width: number, height: number): DOMRect {
  return { left, top, width, height, x: left, y: top, right: left + width, bottom: top + height, toJSON: () => ({}) } as DOMRect;
}

describe('rootMarginAround', () => {
  it.each([
    ['a box inside the window', box(200, 100, 300, 40), '-100px -500px -560px -200px'],
    ['fractional edges, rounded outward (the root holds the whole box)', box(200.4, 100.6, 299.2, 40.2), '-100px -500px -559px -200px'],
    ['a box touching every edge', box(0, 0, 1000, 700), '0px 0px 0px 0px'],
    ['a box cut off at the top: the root reaches above the window', box(200, -1, 300, 40), '1px -500px -661px -200px'],
    ['a box cut off at the left, by a fraction of a pixel', box(-0.5, 100, 300, 40), '-100px -700px -560px 1px'],
    ['a box past the right edge', box(800, 100, 200.5, 40), '-100px 1px -560px -800px'],
    ['a box past the bottom', box(200, 680, 300, 40), '-680px -500px 20px -200px'],
    ['a box larger than the window, reaching past it above and below', box(0, -200, 1000, 2000), '200px 0px 1100px 0px'],
    ['a box wholly outside the window (scrolled away before the watch starts)', box(200, 900, 300, 40), '-900px -500px 240px -200px'],
    ['an empty box (display: contents, nothing laid out)', box(200, 100, 0, 0), null],
    ['a box with no height', box(200, 100, 300, 0), null],
  ])('%s', (_, rect, margin) => {
    expect(rootMarginAround(rect, VIEWPORT.width, VIEWPORT.height)).toBe(margin);
  });
});

describe('rootMarginWithin', () => {
  it.each([
    ['a box inside the window', box(200, 100, 300, 40), { rootMargin: '-101px -501px -561px -201px', share: (298 * 38) / (300 * 40) }],
    ['fractional edges, rounded inward (the root stays inside the box)', box(200.4, 100.6, 299.2, 40.2), { rootMargin: '-102px -502px -561px -202px', share: (296 * 37) / (299.2 * 40.2) }],
    ['a box reaching past the window above and below', box(0, -200, 1000, 2000), { rootMargin: '199px -1px 1099px -1px', share: (998 * 1998) / (1000 * 2000) }],
    ['a box two pixels high: nothing left inside', box(200, 100, 300, 2), null],
    ['an empty box', box(200, 100, 0, 0), null],
  ])('%s', (_, rect, within) => {
    const got = rootMarginWithin(rect, VIEWPORT.width, VIEWPORT.height);
    if (within === null) return expect(got).toBeNull();
    expect(got?.[0]).toBe(within.rootMargin);
    expect(got?.[1]).toBeCloseTo(within.share, 12);
  });
});

describe('watchMove', () => {
  let element: HTMLElement;
  let moved: ReturnType<typeof vi.fn<() => void>>;
  let unwatchable: ReturnType<typeof vi.fn<() => void>>;

  beforeEach(() => {
    FakeIntersectionObserver.made = [];
    vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
    vi.spyOn(document.documentElement, 'clientWidth', 'get').mockReturnValue(VIEWPORT.width);
    vi.spyOn(document.documentElement, 'clientHeight', 'get').mockReturnValue(VIEWPORT.height);
    element = document.body.appendChild(document.createElement('p'));
    moved = vi.fn<() => void>();
    unwatchable = vi.fn<() => void>();
  });

  /**
   * Starts a watch on the element, drawn at `at` (inside the window unless a test says otherwise), and gives
   * back its observers: through the root holding the element's box, and through the root a pixel inside it.
   */
  function watchAt(at = box(200, 100, 300, 40)): { around: FakeIntersectionObserver; within: FakeIntersectionObserver } {
    vi.spyOn(element, 'getBoundingClientRect').mockReturnValue(at);
    expect(watchMove(element, moved, unwatchable)).not.toBeNull();
    const [within, around, ...more] = FakeIntersectionObserver.made;
    expect(more).toEqual([]);
    return { around: around!, within: within! };
  }

  afterEach(() => {
    element.remove();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('watches an element wholly in the window through a root cut down to its box and one a pixel inside it, and says nothing while it stands still', () => {
    const { around, within } = watchAt();
    expect(around.options).toEqual({ rootMargin: '-100px -500px -560px -200px', threshold: 1 });
    // 298 × 38 of 300 × 40 shows through the inner root; a share a thousandth over that says it shrank.
    expect(within.options).toEqual({ rootMargin: '-101px -501px -561px -201px', threshold: ((298 * 38) / (300 * 40)) * 1.001 });
    expect(around.observed).toEqual([element]);
    expect(within.observed).toEqual([element]);
    around.report(1);
    within.report((298 * 38) / (300 * 40));
    expect(moved).not.toHaveBeenCalled();
    expect(unwatchable).not.toHaveBeenCalled();
    expect([around.disconnected, within.disconnected]).toEqual([false, false]);
  });

  it.each([
    ['moved or grew: its share in the root around it falls', 'around', 0.97],
    ['shrank (a transform’s scale under 1): its share through the root inside it grows', 'within', 0.95],
  ] as const)('says once that the element %s, and stops watching', (_, root, share) => {
    const observers = watchAt();
    observers.around.report(1);
    observers.within.report(0.9443);
    observers[root].report(share);
    expect(moved).toHaveBeenCalledTimes(1);
    expect(unwatchable).not.toHaveBeenCalled();
    expect([observers.around.disconnected, observers.within.disconnected]).toEqual([true, true]);
  });

  it('says the element cannot be watched when the browser finds it not drawn whole at the start (clipped by a box around it)', () => {
    const { around, within } = watchAt();
    within.report(0.5);
    around.report(0.6);
    expect(unwatchable).toHaveBeenCalledTimes(1);
    expect(moved).not.toHaveBeenCalled();
    expect([around.disconnected, within.disconnected]).toEqual([true, true]);
  });

  it('says the element cannot be watched when the browser reports a share through the inner root other than computed', () => {
    const { around, within } = watchAt();
    within.report(0.96);
    around.report(1);
    expect(unwatchable).toHaveBeenCalledTimes(1);
    expect([around.disconnected, within.disconnected]).toEqual([true, true]);
  });

  // An observer disconnected still delivers what it had queued: the two report in the same frame.
  it('says once that the element moved when it moved and shrank in one frame', () => {
    const { around, within } = watchAt();
    around.report(1);
    within.report(0.9443);
    within.report(0.95);
    around.report(0.9);
    expect(moved).toHaveBeenCalledTimes(1);
    expect(unwatchable).not.toHaveBeenCalled();
  });

  it('watches an element taller than the window through roots reaching past it, and says nothing while it stands still', () => {
    const { around, within } = watchAt(box(200, -350.5, 300, 1200));
    expect(around.options).toEqual({ rootMargin: '351px -500px 150px -200px', threshold: 1 });
    expect(within.options).toEqual({ rootMargin: '349px -501px 148px -201px', threshold: ((298 * 1197) / (300 * 1200)) * 1.001 });
    around.report(1);
    within.report((298 * 1197) / (300 * 1200));
    expect(moved).not.toHaveBeenCalled();
    expect(unwatchable).not.toHaveBeenCalled();
    around.report(0.999);
    expect(moved).toHaveBeenCalledTimes(1);
  });

  it('watches an element too small for a root inside it through the root around it alone', () => {
    vi.spyOn(element, 'getBoundingClientRect').mockReturnValue(box(200.5, 100, 2.4, 40));
    expect(watchMove(element, moved, unwatchable)).not.toBeNull();
    expect(FakeIntersectionObserver.made.map((observer) => observer.options)).toEqual([{ rootMargin: '-100px -797px -560px -200px', threshold: 1 }]);
  });

  it('makes no observer for an element with no box (display: contents), and stops one on request', () => {
    vi.spyOn(element, 'getBoundingClientRect').mockReturnValue(box(200, 100, 0, 0));
    expect(watchMove(element, moved, unwatchable)).toBeNull();
    expect(FakeIntersectionObserver.made).toEqual([]);
    vi.mocked(element.getBoundingClientRect).mockReturnValue(box(200, 100, 300, 40));
    watchMove(element, moved, unwatchable)!.stop();
    expect(FakeIntersectionObserver.made.map((observer) => observer.disconnected)).toEqual([true, true]);
  });
});
