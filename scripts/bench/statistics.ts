/**
 * The benchmarks' statistics, pure (no browser, no process handlers): medians, percentiles, seeded random
 * numbers, and how far a ratio of medians can move with the few page loads a benchmark can afford.
 */

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Nearest-rank percentile, p in [0, 100]. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Deterministic pseudo-random whole numbers in [0, below) (mulberry32), so runs and reports compare. */
export function randomSource(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

export interface IntervalOptions {
  /** The share of resampled ratios the interval holds (0.9: from the 5th to the 95th percentile). */
  level?: number;
  resamples?: number;
  seed?: number;
}

/**
 * How far `median(numerators) / median(denominators)` can move with this few values: the central `level`
 * of that ratio over `resamples` bootstrap resamples, each side drawn again with replacement, on its own
 * (a scan's loads and the floor's are different page loads). Seeded: a report printed again from its JSON
 * reads the same. [NaN, NaN] when either side has no values.
 */
export function ratioInterval(numerators: readonly number[], denominators: readonly number[], options: IntervalOptions = {}): [number, number] {
  const { level = 0.9, resamples = 10_000, seed = 1 } = options;
  if (numerators.length === 0 || denominators.length === 0) return [NaN, NaN];
  const random = randomSource(seed);
  const resampledMedian = (values: readonly number[]) => median(Array.from(values, () => values[random(values.length)]!));
  const ratios = Array.from({ length: resamples }, () => resampledMedian(numerators) / resampledMedian(denominators));
  const tail = ((1 - level) / 2) * 100;
  return [percentile(ratios, tail), percentile(ratios, 100 - tail)];
}
