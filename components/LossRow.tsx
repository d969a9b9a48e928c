/**
 * One head-to-head loss in a line: "SEPTQ · perplexity [2-bit]: 68.62 vs 251.84". Each piece from the
 * snapshot is isolated (`<bdi>`): a right-to-left override left open in one cannot reverse the rest.
 */
import type { ComponentChildren } from 'preact';

export interface LossSummary {
  winnerName: string;
  metric: string;
  setting: string | null;
  winnerValue: string;
  loserValue: string;
  sourceTitle: string;
}

/**
 * `lead` replaces the bold winner name, e.g. with a link, or "over GPTQ" for a method's own win;
 * `loserName` names the second value ("68.62 vs AWQ 251.84") where nothing else says whose it is.
 */
export function LossRow({ loss, lead, loserName }: { loss: LossSummary; lead?: ComponentChildren; loserName?: string }) {
  return (
    <span class="ml-loss">
      <strong>{lead ?? <bdi>{loss.winnerName}</bdi>}</strong>
      {' · '}
      <bdi>{loss.metric}</bdi>
      {loss.setting && (
        <>
          {' ['}
          <bdi>{loss.setting}</bdi>]
        </>
      )}
      {': '}
      <span class="ml-values">
        <bdi>{loss.winnerValue}</bdi> vs{' '}
        {loserName !== undefined && (
          <>
            <bdi>{loserName}</bdi>{' '}
          </>
        )}
        <bdi>{loss.loserValue}</bdi>
      </span>
    </span>
  );
}
