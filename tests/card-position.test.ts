import { describe, expect, it } from 'vitest';
import { overlaps, placeCard } from '@/lib/content/card-position';

const viewport = { width: 1000, height: 800 };
const card = { width: 360, height: 300 };

describe('placeCard', () => {
  it.each([
    ['below a mark near the top', { left: 100, top: 100, width: 40, height: 18 }, { left: 100, top: 124 }],
    ['above a mark near the bottom', { left: 100, top: 700, width: 40, height: 18 }, { left: 100, top: 394 }],
    ['pulled left at the right edge', { left: 900, top: 100, width: 40, height: 18 }, { left: 632, top: 124 }],
    ['pushed right at the left edge', { left: 0, top: 100, width: 40, height: 18 }, { left: 8, top: 124 }],
  ])('puts the card %s', (_case, mark, expected) => {
    expect(placeCard(mark, card, viewport)).toEqual(expected);
  });

  it('goes beside the mark when neither above nor below has room', () => {
    const tall = { width: 360, height: 700 };
    const mark = { left: 100, top: 390, width: 40, height: 18 };
    const place = placeCard(mark, tall, viewport);
    expect(place.left).toBe(146);
    expect(overlaps({ ...place, ...tall }, mark)).toBe(false);
  });

  it('never covers the mark and stays inside the viewport, wherever the mark is', () => {
    for (let left = 0; left <= 960; left += 60) {
      for (let top = 0; top <= 780; top += 60) {
        const mark = { left, top, width: 40, height: 18 };
        const place = placeCard(mark, card, viewport);
        expect(overlaps({ ...place, ...card }, mark)).toBe(false);
        expect(place.left).toBeGreaterThanOrEqual(0);
        expect(place.top).toBeGreaterThanOrEqual(0);
        expect(place.left + card.width).toBeLessThanOrEqual(viewport.width);
        expect(place.top + card.height).toBeLessThanOrEqual(viewport.height);
      }
    }
  });
});
