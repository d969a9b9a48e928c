/**
 * Two bars, the winner's value and this method's, scaled to the larger; the better direction is read
 * from the values. Values are said as the KB prints them ("29.00"), not as the numbers read from them.
 */
import { benchmarkGap, describeGap, gapParts, printedDecimals } from '@/lib/popup/benchmark-gap';

export interface GapChartProps {
  winnerName: string;
  loserName: string;
  winnerValue: string;
  loserValue: string;
  winnerNumber: number | null;
  loserNumber: number | null;
}

export function GapChart({ winnerName, loserName, winnerValue, loserValue, winnerNumber, loserNumber }: GapChartProps) {
  const gap = benchmarkGap(winnerNumber, loserNumber);
  if (!gap) return null;
  const decimals = printedDecimals(winnerValue, loserValue);
  const label = `${gap.direction} is better: ${winnerName} ${winnerValue}, ${loserName} ${loserValue}; gap ${describeGap(gap, loserName, decimals)}`;
  const { difference, percent } = gapParts(gap, decimals);
  // Bars grow from zero: one for a value below it would stand for its size, not its place (-0.52 drawn
  // shorter than -1.30, under "higher is better"). Such values keep their words only.
  const bars = winnerNumber! >= 0 && loserNumber! >= 0;
  return (
    <div class="gap">
      <div class="gap-chart" role="img" aria-label={label}>
        {bars && (
          <>
            <span class="gap-bar gap-bar-winner" style={{ width: `${(gap.winnerShare * 100).toFixed(1)}%` }} />
            <span class="gap-bar gap-bar-loser" style={{ width: `${(gap.loserShare * 100).toFixed(1)}%` }} />
          </>
        )}
      </div>
      {/* Pieces each kept on one line, that wrap apart in a narrow column; the "·" starts the next. */}
      <span class="gap-caption" aria-hidden="true">
        <span>
          {gap.direction === 'higher' ? '↑' : '↓'} {gap.direction} is better
        </span>{' '}
        <span>· gap {difference}</span>
        {/* The name isolated: an override left open in it drew "’s)" backwards, before the name. */}
        {percent && (
          <>
            {' '}
            <span>
              ({percent}% of <bdi>{loserName}</bdi>’s)
            </span>
          </>
        )}
      </span>
    </div>
  );
}
