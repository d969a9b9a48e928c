// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rootMarginAround, watchMove } from '@/lib/content/move-watch';
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

  /** Starts a watch on the element, drawn inside the window, and gives back its observer. */
  function watchAt(): FakeIntersectionObserver {
    vi.spyOn(element, 'getBoundingClientRect').mockReturnValue(box(200, 100, 300, 40));
    expect(watchMove(element, moved, unwatchable)).not.toBeNull();
    return FakeIntersectionObserver.made.at(-1)!;
  }

  afterEach(() => {
    element.remove();
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('watches an element wholly in the window through a root cut down to its box, and says nothing while it stays whole', () => {
    const observer = watchAt();
    expect(observer.options).toEqual({ rootMargin: '-100px -500px -560px -200px', threshold: 1 });
    expect(observer.observed).toEqual([element]);
    observer.report(1);
    expect(moved).not.toHaveBeenCalled();
    expect(unwatchable).not.toHaveBeenCalled();
    expect(observer.disconnected).toBe(false);
  });

  it('says once that the element moved, when its share in that root falls, and stops watching', () => {
    const observer = watchAt();
    observer.report(1);
    observer.report(0.97);
    expect(moved).toHaveBeenCalledTimes(1);
    expect(unwatchable).not.toHaveBeenCalled();
    expect(observer.disconnected).toBe(true);
  });

  it('says the element cannot be watched when the browser finds it not drawn whole at the start (clipped by a box around it)', () => {
    const observer = watchAt();
    observer.report(0.6);
    expect(unwatchable).toHaveBeenCalledTimes(1);
    expect(moved).not.toHaveBeenCalled();
    expect(observer.disconnected).toBe(true);
  });

  it('watches an element taller than the window through a root reaching past it, and says nothing while it stays whole', () => {
    vi.spyOn(element, 'getBoundingClientRect').mockReturnValue(box(200, -350.5, 300, 1200));
    watchMove(element, moved, unwatchable);
    const observer = FakeIntersectionObserver.made[0]!;
    expect(observer.options).toEqual({ rootMargin: '351px -500px 150px -200px', threshold: 1 });
    observer.report(1);
    expect(moved).not.toHaveBeenCalled();
    expect(unwatchable).not.toHaveBeenCalled();
    observer.report(0.999);
    expect(moved).toHaveBeenCalledTimes(1);
  });

  it('makes no observer for an element with no box (display: contents), and stops one on request', () => {
    vi.spyOn(element, 'getBoundingClientRect').mockReturnValue(box(200, 100, 0, 0));
    expect(watchMove(element, moved, unwatchable)).toBeNull();
    expect(FakeIntersectionObserver.made).toEqual([]);
    vi.mocked(element.getBoundingClientRect).mockReturnValue(box(200, 100, 300, 40));
    watchMove(element, moved, unwatchable)!.stop();
    expect(FakeIntersectionObserver.made[0]!.disconnected).toBe(true);
  });
});
