/** One head-to-head loss in a line: "SEPTQ · perplexity [2-bit]: 68.62 vs 251.84". */
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
      <strong>{lead ?? loss.winnerName}</strong>
      {' · '}
      {loss.metric}
      {loss.setting ? ` [${loss.setting}]` : ''}
      {': '}
      <span class="ml-values">
        {loss.winnerValue} vs {loss.loserValue}
      </span>
    </span>
  );
}
