/**
 * Reads a head-to-head result's numbers: which way is better (the KB records the winner, so the
 * winner's number being larger means higher is better) and how large the gap is, for the small chart.
 */
import { formatDecimal, formatTwoSignificant } from '@/lib/format';
export type Direction = 'higher' | 'lower';

export interface BenchmarkGap {
  direction: Direction;
  /** Bar lengths in [0, 1], relative to the larger magnitude of the two. */
  winnerShare: number;
  loserShare: number;
  /** |winner − loser|, and that difference relative to the loser's value (null when the loser's is 0). */
  difference: number;
  relative: number | null;
}

/** Which way the metric is better, read from the winner's value; null when either is not a number or they are equal. */
export function betterDirection(winnerNumber: number | null, loserNumber: number | null): Direction | null {
  if (winnerNumber === null || loserNumber === null || winnerNumber === loserNumber) return null;
  return winnerNumber > loserNumber ? 'higher' : 'lower';
}

/** Null when either value is not a number or the two are equal (no direction can be read). */
export function benchmarkGap(winnerNumber: number | null, loserNumber: number | null): BenchmarkGap | null {
  const direction = betterDirection(winnerNumber, loserNumber);
  if (direction === null || winnerNumber === null || loserNumber === null) return null;
  const largest = Math.max(Math.abs(winnerNumber), Math.abs(loserNumber));
  const difference = Math.abs(winnerNumber - loserNumber);
  return {
    direction,
    winnerShare: Math.abs(winnerNumber) / largest,
    loserShare: Math.abs(loserNumber) / largest,
    difference,
    relative: loserNumber === 0 ? null : difference / Math.abs(loserNumber),
  };
}

/**
 * "1.23" with at most `digits` decimals and no trailing zeros; a value those decimals would round to
 * 0 keeps two significant digits ("0.0021"), since two different values never have a gap of 0.
 */
function formatNumber(value: number, digits = 2): string {
  const rounded = formatDecimal(value, digits);
  return rounded === '0' && value !== 0 ? formatTwoSignificant(value) : rounded;
}

/** The decimals the KB prints the two values with ("29.00" vs "32.28": 2): the gap is given to as many. */
export function printedDecimals(...values: string[]): number {
  return Math.max(...values.map((value) => /\.(\d+)/.exec(value)?.[1]!.length ?? 0));
}

/**
 * "0.20 (3.8% of AWQ's)": the gap as a reader compares it, to the decimals the values are printed with
 * (5.12 vs 5.32 is a gap of 0.20, not 0.2). The share names whose value it is of, so that on an accuracy
 * metric it is not read as percentage points.
 */
export function describeGap(gap: BenchmarkGap, loserName: string, decimals: number): string {
  const { difference, percent } = gapParts(gap, decimals);
  return percent ? `${difference} (${percent}% of ${loserName}’s)` : difference;
}

/**
 * The gap's two parts, "3.28" and the "10" of "(10% of AWQ’s)" (null when the loser's value is 0), for
 * a caption that wraps between them and isolates the name.
 */
export function gapParts(gap: BenchmarkGap, decimals: number): { difference: string; percent: string | null } {
  // toFixed takes at most 100 digits: a value printed with more (valid, if odd) failed the whole record.
  // Past that, the gap keeps its two significant digits, as one too small for its decimals does.
  const fixed = gap.difference.toFixed(Math.min(decimals, 100));
  return {
    difference: Number(fixed) === 0 ? formatTwoSignificant(gap.difference) : fixed,
    percent: gap.relative === null ? null : formatNumber(gap.relative * 100, gap.relative < 0.1 ? 1 : 0),
  };
}
