/** The conventions by which pages write method names. */
import type { NamedMethod } from './page';

/** `X (Y)` with a non-empty Y; `LLM.int8()` has no space before its parentheses and is a plain name. */
const NAME_WITH_PARENTHESES = /^(.+?) \(([^()]*[^()\s][^()]*)\)$/;

/** In lists (sub-problems, frontier, alternatives) `X (Y)` is name X also known as Y. */
export function parseListedName(text: string): NamedMethod {
  const match = NAME_WITH_PARENTHESES.exec(text);
  if (!match) return { name: text, aliases: [] };
  // The full written form is an alias too, so a matcher can take it as one span.
  return { name: match[1]!.trim(), aliases: [match[2]!.trim(), text] };
}

/**
 * A winner's trailing variant: a group after a space, or glued to variants before it (the second
 * group of `X (W4A16)(ours)`); `X(v1)` has no space before its parentheses and is a plain name.
 */
const TRAILING_VARIANT = /^(.+?)(?: |(?<= \([^()]*\)(?:\([^()]*\))*))\(([^()]*[^()\s][^()]*)\)$/;

/** In `X (Y) beats Z` rows the parentheses are a variant of method X, kept as the printed label. */
export function parseWinner(text: string): { name: string; label: string | null } {
  let name = text;
  // Every trailing group is a variant: `X (W4A16) (ours)` and `X (W4A16)(ours)` are method X.
  for (let match = TRAILING_VARIANT.exec(name); match; match = TRAILING_VARIANT.exec(name)) name = match[1]!.trim();
  return name === text ? { name: text, label: null } : { name, label: text };
}

/**
 * Characters a reader cannot tell from a plain space or hyphen, or cannot see at all (Unicode's format
 * characters), as exports print them for HTML's `&nbsp;`, `&#8209;`, `<wbr>` or `&shy;`: a name holding
 * one is another string than the name printed elsewhere with the plain character, or without it.
 */
const UNCLEAR_CHARACTERS: [pattern: RegExp, looksLike: string | null][] = [
  [/[^\S ]/u, 'a space'],
  [/[\u2010\u2011]/u, 'a hyphen'],
  [/\p{Cf}/u, null],
];

/** Such a character in a name, said for an error (`U+00A0, which looks like a space…`); null when there is none. */
export function unclearCharacterIn(name: string): string | null {
  for (const [pattern, looksLike] of UNCLEAR_CHARACTERS) {
    const found = pattern.exec(name)?.[0];
    if (found === undefined) continue;
    const code = `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    return looksLike === null
      ? `${code}, an invisible character, so it is another name than the one written without it`
      : `${code}, which looks like ${looksLike} but is another character, so it is another name than the one written with the plain one`;
  }
  return null;
}

/** A one-token title prefix such as `QuIP#:` or `TesseraQ:`; several words (`Quantization Meets dLLMs:`) name no method. */
const TITLE_PREFIX = /^([\p{L}\p{N}][^\s:]*):\s+\S/u;

/**
 * The method a paper title introduces, if any. The token must look like a method name (capitals or
 * digits inside, or `#`/`+`) so ordinary words before a colon (`Position: …`, `Survey: …`) are not taken.
 */
export function methodNameFromTitle(title: string): string | null {
  const token = TITLE_PREFIX.exec(title)?.[1];
  if (token === undefined || token.length < 2) return null;
  return /[\p{Lu}\p{N}#+]/u.test(token.slice(1)) ? token : null;
}
