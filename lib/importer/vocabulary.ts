/**
 * Names, paper titles and topics printed in fields the export never glues. They let the resolver undo
 * the gluing elsewhere (`AWQ: …AccelerationLLM quantization`, `…(GLVQ)Learning Grouped…`).
 */
import type { RawPage } from './page';
import { guessTitleAndTopic, rankedNameCandidates } from './split-glued';

export interface Vocabulary {
  topics: ReadonlySet<string>;
  titles: ReadonlySet<string>;
  names: ReadonlySet<string>;
}

export function collectVocabulary(pages: readonly RawPage[]): Vocabulary {
  const topics = new Set<string>();
  const titles = new Set<string>();
  const names = new Set<string>();
  for (const page of pages) {
    if (page.kind === 'overview') {
      topics.add(page.topic.name);
      for (const ranked of page.ranking) {
        // Only a name the line makes certain: `92DQuant` could be rank 9 of 2DQuant or rank 92 of DQuant.
        const candidates = rankedNameCandidates(ranked.rankAndName, ranked.familyAndTitle);
        if (candidates.length === 1) names.add(candidates[0]!.name);
      }
      for (const subProblem of page.subProblems) {
        for (const member of subProblem.members) for (const label of [member.name, ...member.aliases]) names.add(label);
      }
    } else {
      names.add(page.name);
      // A topic line with nothing title-like glued to it is a topic name as printed.
      if (guessTitleAndTopic(page.titleAndTopic).paperTitle === null) topics.add(page.titleAndTopic);
      for (const title of [...page.critiques, ...page.results].map((item) => item.sourceTitle)) {
        // Matching a one-word "title" inside glued text could cut anywhere; real titles have several words.
        if (/\s/.test(title)) titles.add(title);
      }
      for (const result of page.results) names.add(result.winner);
    }
  }
  return { topics, titles, names };
}
