import { describe, expect, it } from 'vitest';
import { placeCard, type Box } from '@/lib/content/card-position';

const card = { width: 360, height: 300 };

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}

/** The card's box as placed: its width capped to the viewport, its height to what it was given. */
function cardBox(place: { left: number; top: number; maxHeight: number }, size: { width: number; height: number }, viewport: { width: number }): Box {
  return { left: place.left, top: place.top, width: Math.min(size.width, viewport.width - 16), height: Math.min(size.height, place.maxHeight) };
}

function expectGoodPlace(rects: Box[], pointer: Box, size: { width: number; height: number }, viewport: { width: number; height: number }) {
  const place = placeCard(rects, pointer, size, viewport);
  const box = cardBox(place, size, viewport);
  for (const rect of rects) expect(overlaps(box, rect), `card ${JSON.stringify(box)} over mark box ${JSON.stringify(rect)}`).toBe(false);
  expect(box.left).toBeGreaterThanOrEqual(0);
  expect(box.top).toBeGreaterThanOrEqual(0);
  expect(box.left + box.width).toBeLessThanOrEqual(viewport.width);
  expect(box.top + box.height).toBeLessThanOrEqual(viewport.height);
  return { place, box };
}

describe('placeCard', () => {
  const viewport = { width: 1000, height: 800 };

  it.each([
    ['below a mark near the top', { left: 100, top: 100, width: 40, height: 18 }, { left: 100, top: 124, maxHeight: 300 }],
    ['above a mark near the bottom', { left: 100, top: 700, width: 40, height: 18 }, { left: 100, top: 394, maxHeight: 300 }],
    ['pulled left at the right edge', { left: 900, top: 100, width: 40, height: 18 }, { left: 632, top: 124, maxHeight: 300 }],
    ['pushed right at the left edge', { left: 0, top: 100, width: 40, height: 18 }, { left: 8, top: 124, maxHeight: 300 }],
  ])('puts the card %s', (_case, mark, expected) => {
    expect(placeCard([mark], mark, card, viewport)).toEqual(expected);
  });

  it('goes beside the mark when neither above nor below has room for all of it', () => {
    const tall = { width: 360, height: 700 };
    const mark = { left: 100, top: 390, width: 40, height: 18 };
    const { place } = expectGoodPlace([mark], mark, tall, viewport);
    expect(place).toMatchObject({ left: 146, maxHeight: 700 });
  });

  it('caps the card to the larger room above or below when it fits nowhere whole (600×500, a 360×480 card)', () => {
    const small = { width: 600, height: 500 };
    const big = { width: 360, height: 480 };
    // A mark wrapped over two lines spans the width: no room beside it.
    const rects = [
      { left: 400, top: 200, width: 190, height: 18 },
      { left: 10, top: 218, width: 60, height: 18 },
    ];
    const { place } = expectGoodPlace(rects, rects[0]!, big, small);
    expect(place.maxHeight).toBe(500 - 8 - (236 + 6)); // the room below (258) beats the room above (186)
    expect(place.top).toBe(242);
  });

  it('goes against the line of a wrapped mark the pointer is on, where it covers none of the mark there or on the next line', () => {
    // "Grouped Lattice" at the end of one line, "Vector Quantization" at the start of the next.
    const rects = [
      { left: 284, top: 63, width: 56, height: 17 },
      { left: 20, top: 87, width: 177, height: 17 },
    ];
    const view = { width: 900, height: 700 };
    // On the first line's part: just below it, not below the next line, with a line of text between.
    expect(expectGoodPlace(rects, rects[0]!, card, view).place).toEqual({ left: 284, top: 86, maxHeight: 300 });
    // On the second line's part: below it.
    expect(expectGoodPlace(rects, rects[1]!, card, view).place).toEqual({ left: 20, top: 110, maxHeight: 300 });
    // Where a card below the first line's part would cover the second's: below both lines, as before.
    const under = [
      { left: 100, top: 63, width: 56, height: 17 },
      { left: 20, top: 87, width: 177, height: 17 },
    ];
    expect(expectGoodPlace(under, under[0]!, card, view).place).toEqual({ left: 100, top: 110, maxHeight: 300 });
  });

  it('never covers any of the mark’s boxes and stays inside the viewport, at any viewport size and mark position', () => {
    const viewports = [
      { width: 1000, height: 800 },
      { width: 600, height: 500 },
      { width: 400, height: 300 },
      { width: 320, height: 568 },
      { width: 1400, height: 400 },
    ];
    const cards = [card, { width: 360, height: 480 }, { width: 360, height: 120 }];
    for (const view of viewports) {
      for (const size of cards) {
        for (let left = 0; left <= view.width - 40; left += 45) {
          for (let top = 0; top <= view.height - 40; top += 37) {
            const single = { left, top, width: 40, height: 18 };
            expectGoodPlace([single], single, size, view);
            // The same mark wrapped: its end at the right of one line, its start at the left of the next.
            const wrapped = [
              { left, top, width: view.width - left - 4, height: 18 },
              { left: 4, top: top + 18, width: 50, height: 18 },
            ];
            expectGoodPlace(wrapped, wrapped[1]!, size, view);
          }
        }
      }
    }
  });
});
