/** Every head-to-head result a method lost, grouped by the paper that reports it. */
import { useId } from 'preact/hooks';
import type { NamedResult } from '@/lib/store/read';
import { GapChart } from './GapChart';
import { MethodLink } from './MethodLink';
import { SourcePaper } from './SourcePaper';

export function LossTable({ methodName, losses }: { methodName: string; losses: readonly NamedResult[] }) {
  const id = useId();
  return (
    <table class="loss-table">
      <caption class="visually-hidden">Head-to-head results {methodName} lost, grouped by source paper</caption>
      <thead>
        <tr>
          <th scope="col">Winner</th>
          <th scope="col">Metric · setting</th>
          <th scope="col">
            Winner vs <bdi>{methodName}</bdi>
          </th>
        </tr>
      </thead>
      {groupBySource(losses).map(({ sourceTitle, rows }, group) => (
        <tbody key={sourceTitle}>
          <tr class="loss-source">
            {/* Named by the title alone: each cell of the group is heard with it, and its links' labels repeat the title. */}
            <th scope="rowgroup" colSpan={3} aria-labelledby={`${id}-source-${group}`}>
              <SourcePaper title={sourceTitle} titleId={`${id}-source-${group}`} />
            </th>
          </tr>
          {rows.map((loss, index) => {
            const winnerName = winnerNameOf(loss);
            const span = winnerSpan(rows, index);
            return (
              <tr key={index}>
                {span > 0 && (
                  <td class="loss-winner" rowSpan={span}>
                    <MethodLink id={loss.winnerId} name={winnerName} />
                  </td>
                )}
                {/* Each piece from the snapshot isolated, as in the card's LossRow: a right-to-left override
                    left open in the winner's value drew "20.11 vs 24.62" as "26.42 sv 11.02". */}
                <td class="loss-metric">
                  <bdi>{loss.metric}</bdi>
                  {loss.setting && (
                    <span class="loss-setting">
                      {' '}
                      <bdi>{loss.setting}</bdi>
                    </span>
                  )}
                </td>
                <td class="loss-values">
                  <span class="values">
                    <bdi>{loss.winnerValue}</bdi> <span class="values-vs">vs</span> <bdi>{loss.loserValue}</bdi>
                  </span>
                  <GapChart
                    winnerName={winnerName}
                    loserName={methodName}
                    winnerValue={loss.winnerValue}
                    loserValue={loss.loserValue}
                    winnerNumber={loss.winnerNumber}
                    loserNumber={loss.loserNumber}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      ))}
    </table>
  );
}

function winnerNameOf(loss: NamedResult) {
  return loss.winnerLabel ?? loss.winnerName ?? loss.winnerId;
}

/**
 * How many rows from `index` on the winner's cell spans: a paper's rows usually all name its own
 * method, and one cell, one link, saves a keyboard reader a Tab stop per row (a table's cell is still
 * heard with each row it spans). 0 for a row the cell above spans.
 */
function winnerSpan(rows: readonly NamedResult[], index: number): number {
  const sameWinner = (other: NamedResult | undefined) => other !== undefined && other.winnerId === rows[index]!.winnerId && winnerNameOf(other) === winnerNameOf(rows[index]!);
  if (sameWinner(rows[index - 1])) return 0;
  let span = 1;
  while (sameWinner(rows[index + span])) span++;
  return span;
}

/** Results in the KB's order, each paper's together, papers in order of first appearance. */
function groupBySource(losses: readonly NamedResult[]): { sourceTitle: string; rows: NamedResult[] }[] {
  const groups = new Map<string, NamedResult[]>();
  for (const loss of losses) {
    const rows = groups.get(loss.sourceTitle);
    if (rows) rows.push(loss);
    else groups.set(loss.sourceTitle, [loss]);
  }
  return Array.from(groups, ([sourceTitle, rows]) => ({ sourceTitle, rows }));
}
