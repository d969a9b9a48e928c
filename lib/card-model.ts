/**
 * Turns a method's full record into what the compact hover card shows. Pure. The background makes it, so
 * that a page's content script gets no more of the record than its card shows, and carries no code for it.
 */
import type { CardModel } from '@/components/HoverCard';
import type { MethodRecordView } from '@/lib/store/read';
import { betterDirection } from '@/lib/popup/benchmark-gap';
import { distinctOtherMethods } from '@/lib/named-entries';

const MAX_ALTERNATIVES = 3;

const namesOf = (entries: readonly { name: string | null }[]) => entries.flatMap((entry) => (entry.name === null ? [] : [entry.name]));

export function toCardModel(record: MethodRecordView): CardModel {
  const { method } = record;
  const critique = record.critiques[0];
  const loss = record.losses[0];
  // Only named entries: a date with no method tells a reader nothing on a compact card.
  const alternatives = record.newerAlternatives
    .filter((entry): entry is typeof entry & { name: string } => entry.name !== null)
    .slice(0, MAX_ALTERNATIVES)
    .map((entry) => ({ name: entry.name, date: entry.date }));
  return {
    id: method.id,
    name: method.name,
    status: method.status,
    critiquedBy: method.critiquedBy,
    beatenBy: method.beatenBy,
    rank: method.rank,
    topic: method.topic,
    subProblem: method.subProblem,
    critique: critique ? { quote: critique.quote, sourceTitle: critique.sourceTitle } : null,
    lossCount: record.losses.length,
    lossPapers: new Set(record.losses.map((result) => result.sourceTitle)).size,
    loss: loss
      ? {
          winnerName: loss.winnerLabel ?? loss.winnerName ?? loss.winnerId,
          metric: loss.metric,
          setting: loss.setting,
          winnerValue: loss.winnerValue,
          loserValue: loss.loserValue,
          sourceTitle: loss.sourceTitle,
          better: betterDirection(loss.winnerNumber, loss.loserNumber),
        }
      : null,
    alternatives,
    moreAlternatives: {
      named: record.newerAlternatives.filter((entry) => entry.name !== null).length - alternatives.length,
      unnamed: record.newerAlternatives.filter((entry) => entry.name === null).length,
    },
    alternativeTo: namesOf(distinctOtherMethods(record.alternativeTo, method.id)),
    wins: {
      count: record.wins.length,
      over: namesOf(distinctOtherMethods(record.wins.map((win) => ({ methodId: win.loserId, name: win.loserName, date: null })), method.id)),
    },
    critiques: namesOf(
      distinctOtherMethods(record.critiquesMade.map((critique) => ({ methodId: critique.methodId, name: critique.methodName, date: null })), method.id),
    ),
    // Its own topic's frontier first: the order of the others is the index's.
    frontier: record.frontier.find((listing) => listing.topic === method.topic) ?? record.frontier[0] ?? null,
    asOf: record.snapshotDate,
  };
}
