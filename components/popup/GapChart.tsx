/** Two bars, the winner's value and this method's, scaled to the larger; the better direction is read from the values. */
import { benchmarkGap, describeGap } from '@/lib/popup/benchmark-gap';

export interface GapChartProps {
  winnerName: string;
  loserName: string;
  winnerNumber: number | null;
  loserNumber: number | null;
}

export function GapChart({ winnerName, loserName, winnerNumber, loserNumber }: GapChartProps) {
  const gap = benchmarkGap(winnerNumber, loserNumber);
  if (!gap) return null;
  const label = `${gap.direction} is better: ${winnerName} ${winnerNumber}, ${loserName} ${loserNumber}; gap ${describeGap(gap)}`;
  return (
    <div class="gap">
      <div class="gap-chart" role="img" aria-label={label}>
        <span class="gap-bar gap-bar-winner" style={{ width: `${(gap.winnerShare * 100).toFixed(1)}%` }} />
        <span class="gap-bar gap-bar-loser" style={{ width: `${(gap.loserShare * 100).toFixed(1)}%` }} />
      </div>
      {/* Two pieces, each kept on one line, that wrap apart in a narrow column. */}
      <span class="gap-caption" aria-hidden="true">
        <span>
          {gap.direction === 'higher' ? '↑' : '↓'} {gap.direction} is better
        </span>{' '}
        · <span>gap {describeGap(gap)}</span>
      </span>
    </div>
  );
}
