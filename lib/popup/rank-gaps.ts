/**
 * The ranks a ranking skips, in words ("Ranks 6–8 are not in this snapshot."): the KB's export lists
 * some rows of a ranking and not others, and a list jumping from 5 to 9 otherwise reads as a mistake.
 */
export function missingRanksNote(ranks: readonly number[]): string | null {
  const present = [...new Set(ranks.filter((rank) => Number.isInteger(rank) && rank > 0))].sort((a, b) => a - b);
  const gaps: [number, number][] = [];
  let next = 1;
  for (const rank of present) {
    if (rank > next) gaps.push([next, rank - 1]);
    next = rank + 1;
  }
  if (gaps.length === 0) return null;
  const words = gaps.map(([from, to]) => (from === to ? String(from) : `${from}–${to}`));
  const list = words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} and ${words.at(-1)!}`;
  const one = gaps.length === 1 && gaps[0]![0] === gaps[0]![1];
  return one ? `Rank ${list} is not in this snapshot.` : `Ranks ${list} are not in this snapshot.`;
}
