/** One head-to-head loss in a line: "SEPTQ · perplexity [2-bit]: 68.62 vs 251.84". */
export interface LossSummary {
  winnerName: string;
  metric: string;
  setting: string | null;
  winnerValue: string;
  loserValue: string;
  sourceTitle: string;
}

export function LossRow({ loss }: { loss: LossSummary }) {
  return (
    <span class="ml-loss">
      <strong>{loss.winnerName}</strong>
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
