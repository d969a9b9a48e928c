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

/** `lead` replaces the bold winner name, e.g. with a link, or "over GPTQ" for a method's own win. */
export function LossRow({ loss, lead }: { loss: LossSummary; lead?: ComponentChildren }) {
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
        <bdi>{loss.winnerValue}</bdi> vs <bdi>{loss.loserValue}</bdi>
      </span>
    </span>
  );
}
