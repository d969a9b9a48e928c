// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { caretAt, pointInRects } from '@/lib/content/caret';

/** A document whose caret APIs are the given ones (happy-dom has neither), recording the points asked. */
function documentWith(apis: {
  caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  caretRangeFromPoint?: (x: number, y: number) => Range | null;
}): Document {
  return Object.assign(Object.create(document) as Document, apis);
}

describe('caretAt', () => {
  const text = document.createTextNode('GPTQ and AWQ');

  it('uses caretPositionFromPoint where the browser has it, and never the fallback then', () => {
    const asked: number[][] = [];
    const doc = documentWith({
      caretPositionFromPoint: (x, y) => (asked.push([x, y]), { offsetNode: text, offset: 9 }),
      caretRangeFromPoint: () => {
        throw new Error('the fallback was used');
      },
    });
    expect(caretAt(doc, 12, 34)).toEqual({ node: text, offset: 9 });
    expect(asked).toEqual([[12, 34]]);
  });

  it('falls back to caretRangeFromPoint (older Chromium, Safari): the range’s start is the caret', () => {
    const range = document.createRange();
    range.setStart(text, 4);
    range.setEnd(text, 4);
    const asked: number[][] = [];
    const doc = documentWith({ caretRangeFromPoint: (x, y) => (asked.push([x, y]), range) });
    expect(caretAt(doc, 5, 6)).toEqual({ node: text, offset: 4 });
    expect(asked).toEqual([[5, 6]]);
  });

  it.each([
    ['caretPositionFromPoint finds nothing (outside the page)', { caretPositionFromPoint: () => null }],
    ['caretRangeFromPoint finds nothing', { caretRangeFromPoint: () => null }],
    ['the browser has neither API', {}],
  ])('is null when %s', (_case, apis) => {
    expect(caretAt(documentWith(apis), 1, 1)).toBeNull();
  });
});

describe('pointInRects', () => {
  const rects = [new DOMRect(10, 20, 30, 10), new DOMRect(0, 40, 5, 10)];

  it.each([
    ['inside the first box', 25, 25, true],
    ['inside the second box (a mark broken over two lines)', 2, 45, true],
    ['on an edge', 40, 30, true],
    ['within the 1 px slack past an edge', 40.9, 25, true],
    ['past the slack', 41.5, 25, false],
    ['between the two lines', 20, 35, false],
  ])('%s: %s', (_case, x, y, inside) => {
    expect(pointInRects(rects, x, y)).toBe(inside);
  });

  it('takes a wider slack when given one, and no box holds no point', () => {
    expect(pointInRects(rects, 44, 25, 5)).toBe(true);
    expect(pointInRects([], 0, 0)).toBe(false);
  });
});
