/**
 * Undoes the export's gluing of adjacent fields (no separator between them). The splits use the
 * export's own shapes (a title that introduces a method starts with `<name>:`) and names, titles and
 * topics printed elsewhere (the vocabulary). A glued boundary never has whitespace on either side,
 * which rules out many false splits.
 */
import type { Vocabulary } from './vocabulary';

/** `AWQ: Activation-aware … AccelerationLLM quantization` → title + topic. */
export function splitTitleAndTopic(text: string, vocabulary: Vocabulary): { paperTitle: string | null; topic: string; guessed: boolean } {
  const topic = longest(vocabulary.topics, (known) => text === known || (text.endsWith(known) && isGlueBoundary(text, text.length - known.length)));
  if (topic !== undefined) return { paperTitle: text.slice(0, text.length - topic.length) || null, topic, guessed: false };
  const title = longest(vocabulary.titles, (known) => text.startsWith(known) && known.length < text.length && isGlueBoundary(text, known.length));
  if (title !== undefined) return { paperTitle: title, topic: text.slice(title.length), guessed: false };
  return guessTitleAndTopic(text);
}

/**
 * Without a known topic: a multi-word title ends where a lowercase letter, digit or closing bracket
 * runs straight into a capital (`AccelerationLLM`); the last such point starts the topic.
 */
export function guessTitleAndTopic(text: string): { paperTitle: string | null; topic: string; guessed: boolean } {
  const boundaries = [...text.matchAll(/(?<=[\p{Ll}\p{N})\]])(?=\p{Lu})/gu)].map((match) => match.index);
  const split = boundaries.findLast((at) => /\s/.test(text.slice(0, at)));
  return split === undefined ? { paperTitle: null, topic: text, guessed: false } : { paperTitle: text.slice(0, split), topic: text.slice(split), guessed: true };
}

/** The ways to cut `10SVDQuant` into a positive rank and a name: (1, `0SVDQuant`) and (10, `SVDQuant`). */
function rankAndNameCuts(rankAndName: string): { rank: number; name: string }[] {
  const digits = /^\d+/.exec(rankAndName)?.[0] ?? '';
  const cuts: { rank: number; name: string }[] = [];
  for (let length = 1; length <= digits.length; length++) {
    const rank = Number(digits.slice(0, length));
    const name = rankAndName.slice(length).trim();
    if (name && Number.isSafeInteger(rank) && rank >= 1) cuts.push({ rank, name });
  }
  return cuts;
}

/** The family before `<name>:` when the title introduces the method: `GPTQAWQ: …` with AWQ → `GPTQ`. */
function familyBeforeName(familyAndTitle: string, methodName: string): string | null {
  for (let at = familyAndTitle.indexOf(methodName, 1); at > 0; at = familyAndTitle.indexOf(methodName, at + 1)) {
    if (isGlueBoundary(familyAndTitle, at) && familyAndTitle[at + methodName.length] === ':') return familyAndTitle.slice(0, at);
  }
  return null;
}

/** `GPTQAWQ: Activation-aware…` with method AWQ → family `GPTQ`, title `AWQ: Activation-aware…`. */
export function splitFamilyAndTitle(text: string, methodName: string, vocabulary: Vocabulary): { family: string; paperTitle: string } | null {
  // Usually the title introduces the ranked method itself: `<family><name>: …`.
  const family = familyBeforeName(text, methodName);
  if (family !== null) return { family, paperTitle: text.slice(family.length) };
  const title = knownTitleEnding(text, vocabulary);
  if (title !== undefined) return { family: text.slice(0, text.length - title.length), paperTitle: title };
  const knownFamily = longest(vocabulary.names, (known) => text.startsWith(known) && isGlueBoundary(text, known.length));
  return knownFamily === undefined ? null : { family: knownFamily, paperTitle: text.slice(knownFamily.length) };
}

/**
 * `LFQLFQ: Logit-aware…` → name `LFQ` + title; `Grouped Lattice Vector Quantization (GLVQ)Learning…`
 * → the name with its alias + title. A text that is just a known name has no title.
 */
export function splitNameAndTitle(text: string, vocabulary: Vocabulary): { name: string; paperTitle: string | null } | null {
  // The title introduces the method, so the name is printed twice: `<name><name>: …`.
  for (let length = 1; 2 * length < text.length; length++) {
    const name = text.slice(0, length);
    if (text.startsWith(name, length) && isGlueBoundary(text, length) && text[2 * length] === ':') return { name, paperTitle: text.slice(length) };
  }
  const title = knownTitleEnding(text, vocabulary);
  if (title !== undefined) return { name: text.slice(0, text.length - title.length), paperTitle: title };
  // A `Name (Alias)` runs straight into its title after the closing parenthesis, and a title starts
  // with a letter or digit. Punctuation there continues a title's own parenthesis (`Large Language
  // Models (LLMs), Revisited`), which is no name and alias.
  for (const match of text.matchAll(/ \([^()]*\)(?=[\p{L}\p{N}])/gu)) {
    const end = match.index + match[0].length;
    if (/\S/.test(match[0].slice(2, -1))) return { name: text.slice(0, end), paperTitle: text.slice(end) };
  }
  return vocabulary.names.has(text) ? { name: text, paperTitle: null } : null;
}

/** True when `text` can be cut at `at` into two non-empty parts with no whitespace at the cut. */
function isGlueBoundary(text: string, at: number): boolean {
  return at > 0 && at < text.length && !/\s/.test(text[at - 1]!) && !/\s/.test(text[at]!);
}

/** The longest title printed elsewhere that the text ends with, glued to something before it. */
function knownTitleEnding(text: string, vocabulary: Vocabulary): string | undefined {
  return longest(vocabulary.titles, (known) => text.endsWith(known) && isGlueBoundary(text, text.length - known.length));
}

function longest(candidates: Iterable<string>, fits: (candidate: string) => boolean): string | undefined {
  let best: string | undefined;
  for (const candidate of candidates) if (fits(candidate) && (best === undefined || candidate.length > best.length)) best = candidate;
  return best;
}

/**
 * The rank/name cuts a ranking line supports: those whose name the title introduces (`<family><name>:`),
 * else all of them.
 */
export function rankedNameCandidates(rankAndName: string, familyAndTitle: string): { rank: number; name: string }[] {
  const cuts = rankAndNameCuts(rankAndName);
  const introduced = cuts.filter((cut) => familyBeforeName(familyAndTitle, cut.name) !== null);
  return introduced.length > 0 ? introduced : cuts;
}

/**
 * The ranks and names of a ranking's lines, in order. Where several cuts fit one line
 * (`92DQuant` with `GPTQ2DQuant: …`), the ranking's order decides first (ranks rise from line to
 * line), then a name printed elsewhere, then a family printed elsewhere as a name (`GPTQ`, not
 * `GPTQ2`); where the title introduces none of the cuts, a name starts with a letter (the longest
 * rank). A line that still fits two cuts equally well gets null, with its cuts.
 */
export function splitRanksAndNames(
  lines: readonly { rankAndName: string; familyAndTitle: string }[],
  vocabulary: Vocabulary,
): ({ rank: number; name: string } | { ambiguous: { rank: number; name: string }[] })[] {
  const candidates = lines.map((line) => rankedNameCandidates(line.rankAndName, line.familyAndTitle));
  const certain = candidates.map((cuts) => (cuts.length === 1 ? cuts[0]!.rank : null));
  return lines.map((line, i) => {
    const below = certain.slice(0, i).findLast((rank) => rank !== null) ?? 0;
    const above = certain.slice(i + 1).find((rank) => rank !== null) ?? Infinity;
    const cuts = candidates[i]!;
    const inOrder = cuts.filter((cut) => cut.rank > below && cut.rank < above);
    const fits = inOrder.length > 0 ? inOrder : cuts;
    if (fits.length === 1) return fits[0]!;
    const knownName = fits.filter((cut) => vocabulary.names.has(cut.name));
    if (knownName.length === 1) return knownName[0]!;
    const knownFamily = fits.filter((cut) => {
      const family = familyBeforeName(line.familyAndTitle, cut.name);
      return family !== null && vocabulary.names.has(family);
    });
    if (knownFamily.length === 1) return knownFamily[0]!;
    const introduced = fits.some((cut) => familyBeforeName(line.familyAndTitle, cut.name) !== null);
    return introduced || fits.length === 0 ? { ambiguous: fits } : fits.at(-1)!;
  });
}
