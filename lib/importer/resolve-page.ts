/** Turns a raw page into a resolved one by splitting its glued fields (see split-glued.ts). */
import { ImportError, quoted } from './errors';
import { parseListedName, unclearCharacterIn } from './method-names';
import type { ListEntry, Page, RawListEntry, RawPage, RankedMethod } from './page';
import { splitFamilyAndTitle, splitNameAndTitle, splitRanksAndNames, splitTitleAndTopic } from './split-glued';
import type { Vocabulary } from './vocabulary';

export function resolvePage(raw: RawPage, vocabulary: Vocabulary, warn: (message: string) => void): Page {
  if (raw.kind === 'overview') {
    const ranksAndNames = splitRanksAndNames(raw.ranking, vocabulary);
    return {
      ...raw,
      ranking: raw.ranking.map((ranked, i): RankedMethod => {
        const rankAndName = ranksAndNames[i]!;
        if ('ambiguous' in rankAndName) {
          const cuts = rankAndName.ambiguous;
          throw new ImportError(
            cuts.length === 0
              ? `the rank ${quoted(/^\d+/.exec(ranked.rankAndName)?.[0] ?? '')} is not a positive whole number`
              : `cannot tell the rank from the name in ${quoted(ranked.rankAndName)}: ${cuts.map((cut) => `rank ${cut.rank} of ${quoted(cut.name)}`).join(' or ')}`,
            raw.file,
            ranked.line,
          );
        }
        const { rank, name } = rankAndName;
        const split = splitFamilyAndTitle(ranked.familyAndTitle, name, vocabulary);
        if (!split) {
          throw new ImportError(
            `cannot tell the family label from the paper title in ${quoted(ranked.familyAndTitle)} (expected “<family><paper title>”, e.g. “GPTQAWQ: Activation-aware…”)`,
            raw.file,
            ranked.line,
          );
        }
        const { critiquedBy, beatenBy, line } = ranked;
        return { rank, name, ...split, critiquedBy, beatenBy, line };
      }),
      frontier: raw.frontier.map((entry) => resolveEntry(entry, raw.file, vocabulary)),
    };
  }
  const { titleAndTopic, topicLine, ...rest } = raw;
  const { paperTitle, topic, guessed } = splitTitleAndTopic(titleAndTopic, vocabulary);
  const unclear = unclearCharacterIn(topic);
  if (unclear) throw new ImportError(`the topic ${quoted(topic)} holds ${unclear}`, raw.file, topicLine);
  if (guessed) {
    warn(`${raw.file}: guessed that ${quoted(paperTitle ?? '')} is the paper title and ${quoted(topic)} the topic (import the topic's overview page too to be sure)`);
  }
  return { ...rest, topic, paperTitle, alternatives: raw.alternatives.map((entry) => resolveEntry(entry, raw.file, vocabulary)) };
}

function resolveEntry(entry: RawListEntry, file: string, vocabulary: Vocabulary): ListEntry {
  if (entry.nameAndTitle === null) return { method: null, paperTitle: null, date: entry.date, line: entry.line };
  const split = splitNameAndTitle(entry.nameAndTitle, vocabulary);
  if (!split) {
    throw new ImportError(
      `cannot tell the method name from the paper title in ${quoted(entry.nameAndTitle)} (expected “<name><paper title>”, e.g. “LFQLFQ: Logit-aware…”)`,
      file,
      entry.line,
    );
  }
  return { method: parseListedName(split.name), paperTitle: split.paperTitle, date: entry.date, line: entry.line };
}
