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

/** `GPTQAWQ: Activation-aware…` with method AWQ → family `GPTQ`, title `AWQ: Activation-aware…`. */
export function splitFamilyAndTitle(text: string, methodName: string, vocabulary: Vocabulary): { family: string; paperTitle: string } | null {
  // Usually the title introduces the ranked method itself: `<family><name>: …`.
  for (let at = text.indexOf(methodName, 1); at > 0; at = text.indexOf(methodName, at + 1)) {
    if (isGlueBoundary(text, at) && text[at + methodName.length] === ':') return { family: text.slice(0, at), paperTitle: text.slice(at) };
  }
  const title = knownTitleEnding(text, vocabulary);
  if (title !== undefined) return { family: text.slice(0, text.length - title.length), paperTitle: title };
  const family = longest(vocabulary.names, (known) => text.startsWith(known) && isGlueBoundary(text, known.length));
  return family === undefined ? null : { family, paperTitle: text.slice(family.length) };
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
  // A `Name (Alias)` runs straight into its title after the closing parenthesis.
  for (const match of text.matchAll(/ \([^()]*\)(?=\S)/g)) {
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
