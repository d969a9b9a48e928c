/**
 * Finds dictionary names (methods and their aliases) in text.
 *
 * Rules: case-sensitive; a name is whole only when neither preceded by a letter or digit (`AutoAWQ`,
 * `lin2023awq`) nor followed by a letter, digit, `+` or `#` (`GPTQv2`, `SQ++`, `QuIP#` is not `QuIP`), where
 * letters and digits are Unicode ones; any whitespace run inside a name matches any whitespace run in the text;
 * among overlapping names the leftmost wins, then the longest.
 *
 * Design, for dictionaries of 20k–200k names:
 * - Not one RegExp alternation of all names: for 20k names V8 took 48 s to compile and run one where some
 *   alternatives hold `\s+`, 1.7 s with the alternation shaped as a trie, 120 ms with plain words only.
 * - Compiling only files each name under its first two characters. A group is normalised and sorted the first
 *   time a scan meets a possible name start with those two characters, so a page pays for the few groups it
 *   touches, not for the whole dictionary.
 * - A sorted group is walked like a trie: each character of the text narrows the range of names sharing the
 *   prefix read so far, and the last whole name passed whose end is a boundary is the longest match.
 */

/** A match: UTF-16 offsets into the text, and the index of the matched name in the dictionary. */
export interface Span {
  start: number;
  end: number;
  nameIndex: number;
}

export interface Matcher {
  /**
   * Spans sorted by start, never overlapping. `edges` (sorted offsets) are element edges inside the
   * text: like the edge of the text they bound a name (`<span>TLDR</span><span>QuIP#…` has QuIP#),
   * yet a name may still run across one (`Grouped <em>Lattice</em> Vector Quantization`).
   */
  find(text: string, edges?: readonly number[]): Span[];
  /** `find` a slice at a time: the same spans, for texts too long to match without a pause. */
  findInSteps(text: string, edges?: readonly number[]): MatchSteps;
}

export interface MatchSteps {
  /** Filled as matching goes on; final once `step` has returned true. */
  readonly spans: Span[];
  /** Matches on until done (true) or until `shouldYield()` says to stop for now (false). */
  step(shouldYield: () => boolean): boolean;
}

/** Text positions tried between two `shouldYield` checks. */
const POSITIONS_PER_CHECK = 4096;

/** How whitespace inside a normalised name is stored: one plain space stands for any whitespace run. */
const SPACE = 0x20;
const PLUS = 0x2b;
const HASH = 0x23;
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const WHITESPACE = /^\s$/;

/** Names sharing their first two normalised characters (or their only one), sorted on first use. */
interface Group {
  /** Dictionary indices, in dictionary order until sorted. */
  nameIndices: number[];
  /** Normalised names, distinct and in UTF-16 order, parallel to nameIndices; empty until sorted. */
  keys: string[];
}

export function compileMatcher(names: readonly string[]): Matcher {
  const { groups, beginsName } = groupByLeadingPair(names);

  function sortedKeysOf(group: Group): readonly string[] {
    if (group.keys.length === 0) sortGroup(group, names);
    return group.keys;
  }

  /** The longest name of the group that occurs at `start` and ends on a boundary. */
  let edgeAt: Uint8Array | null = null;
  const isEdge = (position: number) => edgeAt !== null && edgeAt[position] === 1;

  function longestNameAt(group: Group | undefined, text: string, start: number): Span | undefined {
    if (!group) return undefined;
    const keys = sortedKeysOf(group);
    let low = 0;
    let high = keys.length;
    let depth = 0;
    let position = start;
    let longest: Span | undefined;
    while (position < text.length) {
      const code = text.charCodeAt(position);
      const unit = isWhitespace(code) ? SPACE : code;
      low = firstWithUnitAtLeast(keys, low, high, depth, unit);
      high = firstWithUnitAtLeast(keys, low, high, depth, unit + 1);
      if (low === high) break;
      depth += 1;
      position = unit === SPACE ? skipWhitespace(text, position) : position + 1;
      // The shortest key of the range sorts first: if it has been read whole, it is a name ending here.
      if (keys[low]!.length === depth && (isEdge(position) || !continuesName(text, position))) {
        longest = { start, end: position, nameIndex: group.nameIndices[low]! };
      }
    }
    return longest;
  }

  function nameAt(text: string, start: number): Span | undefined {
    if (beginsName[text.charCodeAt(start)] === 0 || (!isEdge(start) && followsWordChar(text, start))) return undefined;
    const first = text.charCodeAt(start);
    const second = start + 1 < text.length ? normalizedUnit(text.charCodeAt(start + 1)) : undefined;
    const pairGroup = second === undefined ? undefined : groups.get(pairKey(first, second));
    return longestNameAt(pairGroup, text, start) ?? longestNameAt(groups.get(singleKey(first)), text, start);
  }

  function findInSteps(text: string, edges?: readonly number[]): MatchSteps {
    let ownEdges: Uint8Array | null = null;
    if (edges?.length) {
      ownEdges = new Uint8Array(text.length + 1);
      for (const edge of edges) ownEdges[edge] = 1;
    }
    const spans: Span[] = [];
    let position = 0;
    return {
      spans,
      step(shouldYield) {
        edgeAt = ownEdges; // another text may have been matched in between
        let tried = 0;
        while (position < text.length) {
          const span = nameAt(text, position);
          if (span) spans.push(span);
          position = span ? span.end : position + 1;
          if (++tried === POSITIONS_PER_CHECK) {
            tried = 0;
            if (position < text.length && shouldYield()) return false;
          }
        }
        return true;
      },
    };
  }

  return {
    find(text, edges) {
      const steps = findInSteps(text, edges);
      steps.step(() => false);
      return steps.spans;
    },
    findInSteps,
  };
}

/**
 * Files each non-blank name under the key of its first two normalised characters, reading only those, and
 * marks which code units begin a name so that the scan can pass over all other positions at once.
 */
function groupByLeadingPair(names: readonly string[]): { groups: Map<number, Group>; beginsName: Uint8Array } {
  const groups = new Map<number, Group>();
  const beginsName = new Uint8Array(0x10000);
  names.forEach((name, nameIndex) => {
    const start = skipWhitespace(name, 0);
    if (start === name.length) return;
    beginsName[name.charCodeAt(start)] = 1;
    const key = leadingPairKey(name, start);
    const group = groups.get(key);
    if (group) group.nameIndices.push(nameIndex);
    else groups.set(key, { nameIndices: [nameIndex], keys: [] });
  });
  return { groups, beginsName };
}

/** The group key of a name whose first non-whitespace character is at `start`. */
function leadingPairKey(name: string, start: number): number {
  const first = name.charCodeAt(start);
  const afterSpaces = skipWhitespace(name, start + 1);
  if (afterSpaces === name.length) return singleKey(first); // trailing whitespace is trimmed away
  return pairKey(first, afterSpaces > start + 1 ? SPACE : name.charCodeAt(start + 1));
}

/** Keys of two units are non-negative, keys of names one unit long negative, so the two never meet. */
function pairKey(first: number, second: number): number {
  return first * 0x10000 + second;
}

function singleKey(only: number): number {
  return -1 - only;
}

/** Trims a name and turns each whitespace run inside it into one space: the form names are compared in. */
function normalizeName(name: string): string {
  return name.trim().replace(/\s+/g, ' ');
}

/** Normalises and sorts a group in place, keeping the first dictionary index of names that normalise alike. */
function sortGroup(group: Group, names: readonly string[]): void {
  const entries = group.nameIndices.map((nameIndex) => ({ key: normalizeName(names[nameIndex]!), nameIndex }));
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)); // stable: dictionary order among equals
  const distinct = entries.filter((entry, i) => i === 0 || entry.key !== entries[i - 1]!.key);
  group.keys = distinct.map((entry) => entry.key);
  group.nameIndices = distinct.map((entry) => entry.nameIndex);
}

/**
 * Binary search in keys[low, high), which all share their first `depth` units: the first key whose unit at
 * `depth` is at least `unit`. A key of length `depth` has no unit there and sorts first, as in the array.
 */
function firstWithUnitAtLeast(keys: readonly string[], low: number, high: number, depth: number, unit: number): number {
  while (low < high) {
    const middle = (low + high) >>> 1;
    const middleUnit = keys[middle]!.charCodeAt(depth); // NaN past the end, which compares as smaller
    if (middleUnit >= unit) high = middle;
    else low = middle + 1;
  }
  return low;
}

function normalizedUnit(code: number): number {
  return isWhitespace(code) ? SPACE : code;
}

function skipWhitespace(text: string, position: number): number {
  while (position < text.length && isWhitespace(text.charCodeAt(position))) position += 1;
  return position;
}

/** JavaScript's `\s`; ASCII is decided by code, as it is most of the text and a regex test costs more. */
function isWhitespace(code: number): boolean {
  if (code < 0x80) return code === SPACE || (code >= 0x09 && code <= 0x0d);
  return WHITESPACE.test(String.fromCharCode(code));
}

/** A Unicode letter or digit (`\p{L}`, `\p{N}`); ASCII is decided by code, for the same reason. */
function isWordChar(codePoint: number): boolean {
  if (codePoint < 0x80) {
    const lowerCase = codePoint | 0x20;
    return (codePoint >= 0x30 && codePoint <= 0x39) || (lowerCase >= 0x61 && lowerCase <= 0x7a);
  }
  return WORD_CHAR.test(String.fromCodePoint(codePoint));
}

/** Whether the character before `position` is a letter or digit, which makes a name starting there part of a word. */
function followsWordChar(text: string, position: number): boolean {
  if (position === 0) return false;
  const previous = text.codePointAt(position - 2);
  const endsPair = previous !== undefined && previous > 0xffff; // a surrogate pair ends just before position
  return isWordChar(endsPair ? previous : text.charCodeAt(position - 1));
}

/** Whether the character at `position` would extend a name ending there into a different name. */
function continuesName(text: string, position: number): boolean {
  const codePoint = text.codePointAt(position);
  if (codePoint === undefined) return false;
  return codePoint === PLUS || codePoint === HASH || isWordChar(codePoint);
}
