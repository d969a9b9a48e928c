/**
 * The benchmarks' statistics: a target is judged on a ratio of medians over a handful of page loads, and
 * the interval printed beside it says how far that ratio can move with them.
 */
import { describe, expect, it } from 'vitest';
import { median, percentile, randomSource, ratioInterval } from '../scripts/bench/statistics';

/** Page-load-like times: `center` spread by up to ±`spread`, from a seeded source. */
function loads(count: number, center: number, spread: number, seed: number): number[] {
  const random = randomSource(seed);
  return Array.from({ length: count }, () => center + ((random(2001) - 1000) / 1000) * spread);
}

describe('median and percentile', () => {
  it.each([
    { values: [], median: NaN },
    { values: [3], median: 3 },
    { values: [5, 1, 3], median: 3 },
    { values: [4, 1, 3, 2], median: 2.5 },
  ])('median of $values is $median', ({ values, median: expected }) => {
    expect(median(values)).toBe(expected);
  });

  it('takes the nearest rank, and leaves its input unsorted', () => {
    const values = [50, 10, 40, 20, 30];
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 20)).toBe(10);
    expect(percentile(values, 21)).toBe(20);
    expect(percentile(values, 100)).toBe(50);
    expect(values).toEqual([50, 10, 40, 20, 30]);
  });
});

describe('randomSource', () => {
  it('repeats itself for a seed, differs between seeds, and stays below its bound', () => {
    const draw = (seed: number) => Array.from({ length: 1000 }, randomSource(seed).bind(null, 7));
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    const values = draw(3);
    expect(new Set(values)).toEqual(new Set([0, 1, 2, 3, 4, 5, 6]));
  });
});

describe('ratioInterval', () => {
  it('is the ratio itself when neither side varies', () => {
    expect(ratioInterval([60, 60, 60], [24, 24])).toEqual([2.5, 2.5]);
  });

  it('holds the ratio of the medians, low end first', () => {
    const scan = loads(7, 62, 12, 1);
    const floor = loads(7, 25, 6, 2);
    const [low, high] = ratioInterval(scan, floor);
    expect(low).toBeLessThan(median(scan) / median(floor));
    expect(high).toBeGreaterThan(median(scan) / median(floor));
  });

  it('stays within the most extreme ratios the values allow', () => {
    const scan = [58, 61, 64, 70, 83];
    const floor = [21, 24, 26, 33];
    const [low, high] = ratioInterval(scan, floor);
    expect(low).toBeGreaterThanOrEqual(Math.min(...scan) / Math.max(...floor));
    expect(high).toBeLessThanOrEqual(Math.max(...scan) / Math.min(...floor));
  });

  it('narrows with more loads of the same spread, and with a lower level', () => {
    const width = ([low, high]: [number, number]) => high - low;
    const few = width(ratioInterval(loads(7, 62, 12, 1), loads(7, 25, 6, 2)));
    const many = width(ratioInterval(loads(70, 62, 12, 1), loads(70, 25, 6, 2)));
    expect(many).toBeLessThan(few * 0.75);
    const scan = loads(7, 62, 12, 1);
    const floor = loads(7, 25, 6, 2);
    expect(width(ratioInterval(scan, floor, { level: 0.5 }))).toBeLessThan(width(ratioInterval(scan, floor, { level: 0.9 })));
  });

  it('reads the same when printed again, and moves with another seed', () => {
    const scan = loads(7, 62, 12, 1);
    const floor = loads(7, 25, 6, 2);
    expect(ratioInterval(scan, floor)).toEqual(ratioInterval(scan, floor));
    // Seven loads a side allow 49 medians' ratios, so two seeds often agree on the percentiles; seventy do not.
    const moreScan = loads(70, 62, 12, 1);
    const moreFloor = loads(70, 25, 6, 2);
    expect(ratioInterval(moreScan, moreFloor, { seed: 2 })).not.toEqual(ratioInterval(moreScan, moreFloor));
  });

  it('has no interval without values on either side', () => {
    expect(ratioInterval([], [1, 2])).toEqual([NaN, NaN]);
    expect(ratioInterval([1, 2], [])).toEqual([NaN, NaN]);
  });
});
