// @vitest-environment happy-dom
/**
 * `revealMention`, the work of "Show on page", over a DOM with stand-ins for what happy-dom lacks (boxes,
 * StaticRange, the Custom Highlight API): which mark it picks, in the page's order, what it skips, and
 * how long the find's colour stays. Scrolling and drawing for real: tests/e2e/popup.test.ts.
 */
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { SHOWN_FOR_MS, revealMention } from '@/lib/content/reveal-mention';
import { SHOWN_HIGHLIGHT } from '@/lib/highlight/styles';
import { installStaticRange } from './helpers/static-range';

let registry: Map<string, Highlight>;
beforeAll(() => {
  installStaticRange();
  // A Highlight is a set of ranges with a priority, made from its ranges as arguments, as in browsers.
  (globalThis as { Highlight?: unknown }).Highlight ??= class extends Set<AbstractRange> {
    priority = 0;
    constructor(...ranges: AbstractRange[]) {
      super(ranges);
    }
  };
});

/** Timers as the script's context runs them: held until the test moves the clock. */
let timers: { at: number; run: () => void }[];
let now: number;
const ctx = {
  setTimeout: (run: () => void, ms: number) => timers.push({ at: now + ms, run }),
} as unknown as ContentScriptContext;
function advance(ms: number) {
  now += ms;
  for (const timer of timers.filter((timer) => timer.at <= now)) timer.run();
  timers = timers.filter((timer) => timer.at > now);
}

let scrolledTo: Element[];
beforeEach(() => {
  timers = [];
  now = 0;
  scrolledTo = [];
  registry = new Map();
  vi.stubGlobal('CSS', { highlights: registry });
  // A mark inside an element with `data-undrawn` has no box, as one in a collapsed part.
  vi.spyOn(Range.prototype, 'getClientRects').mockImplementation(function (this: Range) {
    return (this.startContainer.parentElement?.closest('[data-undrawn]') ? [] : [{}]) as unknown as DOMRectList;
  });
  vi.spyOn(Range.prototype, 'getBoundingClientRect').mockReturnValue({ top: 100, bottom: 120 } as DOMRect);
  vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(function (this: Element) {
    scrolledTo.push(this);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.replaceChildren();
});

/** Paragraphs of text; returns a mark over "AWQ" in each, in the page's order. */
function page(...paragraphs: string[]): StaticRange[] {
  document.body.innerHTML = paragraphs.join('');
  return [...document.querySelectorAll('p')].map((paragraph) => {
    const text = paragraph.firstChild as Text;
    const start = text.data.indexOf('AWQ');
    return new StaticRange({ startContainer: text, startOffset: start, endContainer: text, endOffset: start + 3 });
  });
}

const shownText = () => {
  const highlight = registry.get(SHOWN_HIGHLIGHT);
  if (!highlight) return null;
  const [range] = [...highlight] as StaticRange[];
  return `${(range!.startContainer as Text).data}@${range!.startOffset}`;
};

describe('revealMention', () => {
  it('counts the marks in the page’s order, whatever order they were made in, from the first again past the last', () => {
    const [first, second, third] = page('<p id="a">AWQ one</p>', '<p id="b">then AWQ two</p>', '<p id="c">AWQ three</p>');
    // A block read again adds its marks after the others: the second paragraph's came last.
    const made = [first!, third!, second!];
    expect(revealMention(ctx, made, 0)).toEqual({ index: 0, count: 3 });
    expect(shownText()).toBe('AWQ one@0');
    expect(revealMention(ctx, made, 1)).toEqual({ index: 1, count: 3 });
    expect(shownText()).toBe('then AWQ two@5');
    expect(scrolledTo.map((element) => element.id)).toEqual(['a', 'b']);
    expect(revealMention(ctx, made, 3)).toEqual({ index: 0, count: 3 });
    expect(shownText()).toBe('AWQ one@0');
  });

  it('puts the mark in a highlight of its own, over its status’s, for a moment; a newer one is not taken away with it', () => {
    const marks = page('<p>AWQ one</p>', '<p>AWQ two</p>');
    revealMention(ctx, marks, 0);
    const first = registry.get(SHOWN_HIGHLIGHT)!;
    expect(first.priority).toBe(1);
    expect([...first]).toEqual([marks[0]]);
    advance(SHOWN_FOR_MS - 1_000);
    revealMention(ctx, marks, 1);
    advance(1_000);
    // The first one's time is up: the second stays.
    expect(shownText()).toBe('AWQ two@0');
    advance(SHOWN_FOR_MS);
    expect(registry.has(SHOWN_HIGHLIGHT)).toBe(false);
  });

  it('goes on to the next mark the page draws, past one in a collapsed part', () => {
    const marks = page('<p>AWQ one</p>', '<div data-undrawn><p>AWQ two</p></div>', '<p>AWQ three</p>');
    expect(revealMention(ctx, marks, 1)).toEqual({ index: 2, count: 3 });
    expect(shownText()).toBe('AWQ three@0');
  });

  it('goes on past a mark on text the page shortened a moment ago, before the observer dropped it', () => {
    const marks = page('<p>AWQ one</p>', '<p>then AWQ two</p>', '<p>AWQ three</p>');
    (marks[1]!.startContainer as Text).data = 'then';
    expect(revealMention(ctx, marks, 1)).toEqual({ index: 2, count: 3 });
    expect(shownText()).toBe('AWQ three@0');
  });

  it('says none is shown when the page draws none of them, or there are none', () => {
    const marks = page('<div data-undrawn><p>AWQ one</p><p>AWQ two</p></div>');
    expect(revealMention(ctx, marks, 0)).toEqual({ index: 0, count: 0 });
    expect(revealMention(ctx, [], 0)).toEqual({ index: 0, count: 0 });
    expect(registry.has(SHOWN_HIGHLIGHT)).toBe(false);
    expect(scrolledTo).toEqual([]);
  });

  it('brings the mark itself into view when its element, centred, still holds it out of sight', () => {
    const marks = page('<p>AWQ one</p>');
    const scrollBy = vi.fn();
    vi.stubGlobal('scrollBy', scrollBy);
    vi.stubGlobal('innerHeight', 500);
    revealMention(ctx, marks, 0);
    expect(scrollBy).not.toHaveBeenCalled();
    vi.mocked(Range.prototype.getBoundingClientRect).mockReturnValue({ top: 900, bottom: 920 } as DOMRect);
    revealMention(ctx, marks, 0);
    expect(scrollBy).toHaveBeenCalledWith(0, 900 - 250);
  });
});
