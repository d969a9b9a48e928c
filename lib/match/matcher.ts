/**
 * Finds dictionary names (methods and their aliases) in text.
 *
 * Rules: case-sensitive; a name is whole only when neither preceded by a letter or digit (`AutoAWQ`,
 * `lin2023awq`) nor followed by a letter, digit, `+` or `#` (`GPTQv2`, `SQ++`, `QuIP#` is not `QuIP`; a
 * superscript digit after it is a footnote mark, `AWQ¹`; math glued after it that shows a `+` or `#` first goes
 * on with it too, `QuIP$\#$`, and so does TeX printed as it is, `QuIP\#`, `QuIP$\#$`, `SQ$+$`; math that shows the
 * `#` or `+` alone ends the name that ends with it, `QuIP$\#$` is QuIP#), where
 * letters and digits are Unicode ones, with their combining marks; an invisible joiner such as a soft hyphen
 * joins the letters on either side and is no part of a name (`JOINERS`): inside one it is read past;
 * any whitespace run inside a name matches any whitespace run in the text;
 * where whole names overlap, the longest wins (ties: the leftmost), and a name that overlaps no winner stays;
 * a name starting in a web address the text prints (`https://github.com/Vahe1994/AQLM`, `github.com/IST-DASLab/gptq`) is none (`web-address.ts`).
 *
 * Design, for dictionaries of 20k–200k names:
 * - Not one RegExp alternation of all names: for 20k names V8 took 48 s to compile and run one where some
 *   alternatives hold `\s+`, 1.7 s with the alternation shaped as a trie, 120 ms with plain words only.
 * - One small native RegExp finds the places where a name may start: a character some name starts with, not
 *   preceded by a letter or digit. Only those places (and element edges, see `find`) run any of our code.
 * - Compiling only files each name under its first two characters. A group is normalised and sorted the first
 *   time a scan meets a possible name start with those two characters, so a page pays for the few groups it
 *   touches, not for the whole dictionary. A dictionary in `matchOrder` (the catalog stores it so) needs no
 *   sort: its groups come in order, and are only checked. Where the dictionary is kept (the background),
 *   `planMatcher` does the filing and normalising once: a page's matcher then costs a step per group.
 * - A sorted group is walked like a trie: each character of the text narrows the range of names sharing the
 *   prefix read so far; every whole name passed whose end is a boundary is a candidate.
 * - Math glued to a word that shows a name's last `#` or `+` alone (`QuIP<math>#</math>`) is looked at where the
 *   reader saw math start (`ElementEdges.mathStarts`), a handful of places per paper: the text before it, with
 *   that character, is matched again there. No start nor name pays for it.
 * - Overlapping candidates form a cluster that is settled as soon as the scan has passed its end: still one
 *   pass over the text, whatever the dictionary's size.
 * - A text holding a joiner (one native search tells) is matched with a start-finding RegExp that looks past
 *   joiners and a walk that reads past them, each group walked whole; a text without one pays nothing more.
 */

import { webAddresses } from './web-address';
import { isWhitespace } from './whitespace';

/** A match: UTF-16 offsets into the text, and the index of the matched name in the dictionary. */
export interface Span {
  start: number;
  end: number;
  nameIndex: number;
  /**
   * The name's last character is the math glued at `end`, which the text leaves out (LaTeXML's
   * `QuIP<math>#</math>` is QuIP#): its mark runs on through that math.
   */
  throughMath?: boolean;
}

/** Places in the text where one text node ends and the next begins, with elements possibly between. */
export interface ElementEdges {
  /** Their offsets, sorted. */
  readonly offsets: readonly number[];
  /**
   * Whether an edge at `offset` sets the text on either side apart, so that it bounds a name like the edge of
   * the text (`<span class="label">TLDR</span><span>QuIP#…` holds QuIP#, `</p><p>` does too); false where
   * there is no edge. Asked only where a letter or digit meets a possible name's start, or a letter, digit,
   * `+` or `#` follows its end.
   */
  separates(offset: number): boolean;
  /**
   * Whether an edge strictly inside [start, end) cuts the text there (a block or a skipped element): no
   * name runs across it. Asked for each possible name before it counts.
   */
  breaks?(start: number, end: number): boolean;
  /**
   * What math not read, starting right at `offset` glued to the text before it, shows when that starts with
   * a `+` or `#`, else '': LaTeX writes QuIP# as `QuIP$\#$`, which the reader sees typeset as `QuIP#`, another
   * name than QuIP. Exactly `#` or `+` when the math shows that character alone (LaTeXML's source `\#`):
   * then it ends a name that ends with it. Asked where a name would end, and at `mathStarts` after a letter or digit.
   */
  mathGoesOn?(offset: number): string;
  /** Where math not read starts, in order: the only places a name may end with what math shows (`QuIP<math>#</math>`). */
  mathStarts?: readonly number[];
}

export interface Matcher {
  /** Spans sorted by start, never overlapping. A name may run across any element edge that `breaks` does not report. */
  find(text: string, edges?: ElementEdges): Span[];
  /** `find` a slice at a time: the same spans, for texts too long to match without a pause. */
  findInSteps(text: string, edges?: ElementEdges): MatchSteps;
}

export interface MatchSteps {
  /** Filled as matching goes on; final once `step` has returned true. */
  readonly spans: Span[];
  /** Matches on until done (true) or until `shouldYield()` says to stop for now (false). */
  step(shouldYield: () => boolean): boolean;
}

/** How far before math a name it ends may start (UTF-16 units): names are far shorter. */
const LONGEST_NAME_BEFORE_MATH = 200;
/** Possible name starts tried between two `shouldYield` checks (the first start in a group sorts the group). */
const STARTS_PER_CHECK = 64;

/** How whitespace inside a normalised name is stored: one plain space stands for any whitespace run. */
const SPACE = 0x20;
const PLUS = 0x2b;
const HASH = 0x23;
const BACKSLASH = 0x5c;
const DOLLAR = 0x24;
const HYPHEN = 0x2d;
/** U+2011, which some text uses inside words it must not break (`TAH‑Quant`): read as the hyphen it stands for. */
const NON_BREAKING_HYPHEN = 0x2011;
/**
 * The invisible characters that keep the letters on either side one word: soft hyphen, zero-width
 * non-joiner and joiner, word joiner. A name is read past them: one inside it is no part of it (`Smooth` +
 * soft hyphen + `Quant`, hyphenated by the page, is SmoothQuant), in the text and in the dictionary; one at
 * its edge joins it to a letter or digit on the other side (`GPTQ` + soft hyphen + `v2` reads `GPTQv2`), and
 * beside a space or a bracket it joins nothing.
 */
const JOINERS = '\\u00ad\\u200c\\u200d\\u2060';
/** What a word is made of: letters, digits, and the marks written after them (`e` + U+0301 is one letter `é`). */
const WORD_CLASS = '\\p{L}\\p{N}\\p{M}';
const WORD_CHAR = new RegExp(`^[${WORD_CLASS}]$`, 'u');
/** Whether a text holds a joiner: a text without one (nearly every page) is matched without looking for them. */
const HOLDS_JOINER = new RegExp(`[${JOINERS}]`);
const ALL_JOINERS = new RegExp(`[${JOINERS}]`, 'g');
/** Whitespace other than single plain spaces, a non-breaking hyphen or a joiner: a name holding some needs normalising. */
const NEEDS_NORMALIZING = new RegExp(`[^\\S ]|  |\\u2011|[${JOINERS}]`);

/** Names sharing their first two normalised characters (or their only one), sorted on first use. */
interface Group {
  /** Dictionary indices, in dictionary order until sorted; for a group from a plan, empty until first used. */
  nameIndices: number[];
  /** A group from a plan: its names are `names[from]` to `names[to - 1]`, normalised and in order already. -1 otherwise. */
  from: number;
  to: number;
  /** Normalised names in UTF-16 order (alike ones in dictionary order), parallel to nameIndices; empty until sorted. */
  keys: string[];
  /** For a small group, each key cut at its spaces: matched piece by piece with native `startsWith`. */
  pieces: string[][] | null;
}

/** Groups up to this size are tried name by name (natively); larger ones are walked like a trie. */
const SMALL_GROUP = 8;

/**
 * What building a matcher works out from the whole dictionary, made once where the dictionary is kept
 * (`planMatcher`, in the background) and sent with it: a page then builds its matcher from the groups
 * alone. With 26,900 names, filing them took ~6 ms of each page's main thread, and normalising and
 * checking the groups a paper touches (~14,000 names) more, in code run there for the first time.
 */
export interface MatcherPlan {
  /** Each group's key, and where its names end in the planned names; each begins where the one before ends. */
  groupKeys: number[];
  groupEnds: number[];
  /** Where the first group begins: blank names, which match nothing, come before it. */
  firstGroupStart: number;
  /** The code points names start with, for the places where an element edge may start one. */
  firstCodePoints: number[];
  /** The start-finding RegExp's source (flags `gu`); null without names. */
  startsSource: string | null;
}

/** A dictionary's names normalised and in `matchOrder`, with their plan. */
export interface PlannedNames {
  names: string[];
  /** For each planned name, the index of the name it comes from. */
  order: number[];
  plan: MatcherPlan;
}

/**
 * Normalises the names, puts them in `matchOrder` and plans their matcher: `compileMatcher(names, plan)`
 * then finds what `compileMatcher` finds in the given names, with `order` to map the name indices back.
 */
export function planMatcher(names: readonly string[]): PlannedNames {
  const order = matchOrder(names);
  const planned = order.map((i) => normalizeName(names[i]!));
  const { groups, firstCodePoints } = groupByLeadingPair(planned);
  const groupKeys: number[] = [];
  const groupEnds: number[] = [];
  let firstGroupStart = planned.length;
  // In match order, the names of a group stand together, and the groups come in order: each is the
  // run of the list after the one before.
  for (const [key, { nameIndices }] of groups) {
    const first = nameIndices[0]!;
    const end = nameIndices[nameIndices.length - 1]! + 1;
    if (end - first !== nameIndices.length || first !== (groupEnds.at(-1) ?? first)) throw new Error('planMatcher: a group is not one run of the sorted names');
    groupKeys.push(key);
    groupEnds.push(end);
    firstGroupStart = Math.min(firstGroupStart, first);
  }
  const startsSource = groups.size ? startsPattern(groups, firstCodePoints).source : null;
  return { names: planned, order, plan: { groupKeys, groupEnds, firstGroupStart, firstCodePoints: [...firstCodePoints], startsSource } };
}

/**
 * A matcher for `names`. With a plan (from `planMatcher`), the names must be the planned ones: building
 * then costs a step per group, not per name. A plan that does not fit the names is not used.
 */
export function compileMatcher(names: readonly string[], plan?: MatcherPlan): Matcher {
  const planned = plan && fitsNames(plan, names.length) ? plan : null;
  const { groups, firstCodePoints } = planned ? groupsOfPlan(planned) : groupByLeadingPair(names);
  const startPattern = !groups.size ? null : planned ? new RegExp(planned.startsSource!, 'gu') : startsPattern(groups, firstCodePoints);

  function sortedKeysOf(group: Group): readonly string[] {
    if (group.keys.length === 0) {
      if (group.from >= 0) takePlannedGroup(group, names);
      else sortGroup(group, names);
    }
    return group.keys;
  }

  /** Every name of the group that occurs at `start` and ends on a boundary, shortest first, into `into`. */
  function namesAt(group: Group | undefined, text: string, start: number, edges: ElementEdges | undefined, into: Span[]): void {
    if (!group) return;
    const keys = sortedKeysOf(group);
    if (group.pieces) {
      for (let k = 0; k < keys.length; k++) {
        const end = endOfPieces(group.pieces[k]!, text, start);
        if (end !== -1 && endsName(text, start, end, edges)) into.push({ start, end, nameIndex: group.nameIndices[k]! });
      }
      return;
    }
    // Every key of a walked group shares the two units that chose the group (a group of one-unit
    // names is never walked, see `triedOneByOne`): the walk starts after them, where the range first narrows.
    let low = 0;
    let high = keys.length;
    let depth = 2;
    let position = keys[0]!.charCodeAt(1) === SPACE ? skipWhitespace(text, start + 1) : start + 2;
    if (keys[0]!.length === 2 && endsName(text, start, position, edges)) into.push({ start, end: position, nameIndex: group.nameIndices[0]! });
    while (position < text.length) {
      const unit = normalizedUnit(text.charCodeAt(position));
      low = firstWithUnitAtLeast(keys, low, high, depth, unit);
      high = firstWithUnitAtLeast(keys, low, high, depth, unit + 1);
      if (low === high) return;
      depth += 1;
      position = unit === SPACE ? skipWhitespace(text, position) : position + 1;
      // The shortest key of the range sorts first: if it has been read whole, it is a name ending here.
      if (keys[low]!.length === depth && endsName(text, start, position, edges)) {
        into.push({ start, end: position, nameIndex: group.nameIndices[low]! });
      }
    }
  }

  /**
   * Every name of the group that occurs at `start` and ends on a boundary, shortest first, into `into`, the
   * joiners inside it read past: the whole group walked like a trie from its first unit. Only for a text
   * holding a joiner, so that the common case keeps `namesAt`'s native tries.
   */
  function namesPastJoinersAt(group: Group | undefined, text: string, start: number, edges: ElementEdges | undefined, into: Span[]): void {
    if (!group) return;
    const keys = sortedKeysOf(group);
    let low = 0;
    let high = keys.length;
    for (let depth = 0, position = start; position < text.length; ) {
      const unit = normalizedUnit(text.charCodeAt(position));
      low = firstWithUnitAtLeast(keys, low, high, depth, unit);
      high = firstWithUnitAtLeast(keys, low, high, depth, unit + 1);
      if (low === high) return;
      depth += 1;
      // A run of whitespace is one space, whatever joiners stand in it.
      position = unit === SPACE ? skipBlank(text, position) : position + 1;
      // Ends before any joiner after it, which `endsName` finds continuing the word (`AWQ` + soft hyphen + `v2`).
      if (keys[low]!.length === depth && endsName(text, start, position, edges)) into.push({ start, end: position, nameIndex: group.nameIndices[low]! });
      position = skipJoiners(text, position);
    }
  }

  /** The candidates starting at `start` (a character some name starts with), shortest first; `pastJoiners`, for a text holding joiners. */
  function candidatesAt(text: string, start: number, edges: ElementEdges | undefined, into: Span[], pastJoiners: boolean): void {
    const first = asHyphen(text.charCodeAt(start));
    if (pastJoiners) {
      const second = skipJoiners(text, start + 1);
      if (second < text.length) namesPastJoinersAt(groups.get(pairKey(first, normalizedUnit(text.charCodeAt(second)))), text, start, edges, into);
      namesPastJoinersAt(groups.get(singleKey(first)), text, start, edges, into);
      return;
    }
    if (start + 1 < text.length) namesAt(groups.get(pairKey(first, normalizedUnit(text.charCodeAt(start + 1)))), text, start, edges, into);
    namesAt(groups.get(singleKey(first)), text, start, edges, into);
  }

  /** The start-finding RegExp for a text holding joiners, made the first time one is matched. */
  let startsPastJoiners: RegExp | null = null;
  function startPatternFor(pastJoiners: boolean): RegExp | null {
    if (!pastJoiners || !startPattern) return startPattern;
    return (startsPastJoiners ??= startsPattern(groups, firstCodePoints, true));
  }

  /**
   * The names math glued to a word ends (`QuIP<math>#</math>` is QuIP#, `SQ<math>+</math>` SQ+, though SQ is no
   * name), by where they start: at each of `edges.mathStarts` after a letter or digit whose math shows a `#` or
   * `+` alone, the text before it is matched again with that character after it.
   */
  function namesEndedByMath(text: string, edges: ElementEdges | undefined, pastJoiners: boolean): Span[][] {
    const found: Span[][] = [];
    const startsIn = startPatternFor(pastJoiners);
    for (const end of edges?.mathStarts ?? []) {
      const shown = startsIn && followsWordChar(text, end) ? edges!.mathGoesOn?.(end) : '';
      if (shown?.length !== 1) continue;
      const from = Math.max(0, end - LONGEST_NAME_BEFORE_MATH);
      const read = text.slice(from, end) + shown;
      // `read`'s offsets are `from` less than the text's; no name runs past the math's start. Only names ending
      // with the math's character are kept: whether an edge sets apart a name ending sooner does not matter.
      const readEdges: ElementEdges = { offsets: [], separates: () => false, breaks: (start, to) => edges!.breaks?.(start + from, Math.min(to + from, end)) === true };
      const starts = new RegExp(startsIn!.source, 'gu');
      // From `read`'s second unit when it does not start the text: the first is there for the look behind.
      starts.lastIndex = from && 1;
      for (let match = starts.exec(read); match; match = starts.exec(read)) {
        const start = match.index + from;
        const candidates: Span[] = [];
        candidatesAt(read, match.index, readEdges, candidates, pastJoiners);
        for (const { nameIndex, end: readEnd } of candidates) if (readEnd === read.length) (found[start] ??= []).push({ start, end, nameIndex, throughMath: true });
      }
    }
    return found;
  }

  function findInSteps(text: string, edges?: ElementEdges): MatchSteps {
    const spans: Span[] = [];
    const pastJoiners = HOLDS_JOINER.test(text);
    const startsFor = startPatternFor(pastJoiners);
    const starts = startsFor ? new RegExp(startsFor.source, startsFor.flags) : null;
    let regexStart = starts ? -1 : Infinity; // -1: not looked for yet
    // A name may also start after a letter or digit where an element edge sets the two apart. The regex does
    // not see edges: those places are tried from the list of edges.
    const edgeOffsets = edges?.offsets ?? [];
    let edgeCursor = 0;
    /** Overlapping candidates not yet settled, and how far the furthest of them reaches. */
    const cluster: Span[] = [];
    let clusterEnd = -1;
    const inWebAddress = webAddresses(text, edges);
    const endedByMath = namesEndedByMath(text, edges, pastJoiners);
    /**
     * Where those names start, in order: the start-finding RegExp misses the start of one whose second
     * character is the math's (`C<math>#</math>` is C#), as the text leaves the math out.
     */
    const endedByMathStarts = Object.keys(endedByMath).map(Number);
    let endedByMathCursor = 0;
    /** The next place in the text where a name may start, or Infinity; -1: not looked for yet. */
    let textStart = -1;

    /** The next place where a name may start in the text, before math ends one there or not, or Infinity. */
    const nextTextStart = (): number => {
      if (regexStart === -1) regexStart = starts!.test(text) ? matchedAt(text, starts!.lastIndex) : Infinity;
      while (edgeCursor < edgeOffsets.length && edgeOffsets[edgeCursor]! < regexStart) {
        const edge = edgeOffsets[edgeCursor++]!;
        if (firstCodePoints.has(text.codePointAt(edge) ?? -1) && followsWordChar(text, edge) && edges!.separates(edge)) return edge;
      }
      const next = regexStart;
      if (next !== Infinity) regexStart = -1;
      return next;
    };

    /** The next place where a name may start, or Infinity. */
    const nextStart = (): number => {
      if (textStart === -1) textStart = nextTextStart();
      if (endedByMathCursor < endedByMathStarts.length) {
        const mathEnded = endedByMathStarts[endedByMathCursor]!;
        if (mathEnded <= textStart) endedByMathCursor++;
        if (mathEnded < textStart) return mathEnded;
      }
      const next = textStart;
      if (next !== Infinity) textStart = -1;
      return next;
    };

    let done = false;
    return {
      spans,
      step(shouldYield) {
        let tried = 0;
        while (!done) {
          const start = nextStart();
          if (start === Infinity) break;
          if (start >= clusterEnd && cluster.length) {
            settle(cluster, text, spans);
            empty(cluster);
          }
          const before = cluster.length;
          candidatesAt(text, start, edges, cluster, pastJoiners);
          const ended = endedByMath[start];
          if (ended) cluster.push(...ended);
          // A name in a web address the text prints is part of it, not a mention: none is a candidate.
          if (cluster.length > before && inWebAddress(start)) while (cluster.length > before) cluster.pop();
          for (let i = before; i < cluster.length; i++) if (cluster[i]!.end > clusterEnd) clusterEnd = cluster[i]!.end;
          if (++tried === STARTS_PER_CHECK) {
            tried = 0;
            if (shouldYield()) return false;
          }
        }
        done = true;
        if (cluster.length) settle(cluster, text, spans);
        empty(cluster);
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

/** Whether a name read from `start` to `end` is one: bounded at its end, not cut by an element between, nor continued by math. */
function endsName(text: string, start: number, end: number, edges: ElementEdges | undefined): boolean {
  return (!continuesName(text, end) || edges?.separates(end) === true) && edges?.breaks?.(start, end) !== true && !edges?.mathGoesOn?.(end);
}

/**
 * Empties an array and keeps its storage: setting `length = 0` makes V8 drop it, so that the next push
 * allocates anew. Emptied once per name found, the cluster cost ~225 kB of a pass over a paper.
 */
function empty(array: unknown[]): void {
  while (array.length) array.pop();
}

/**
 * Settles a cluster of overlapping candidates (sorted by start): the longest name wins (ties: the leftmost),
 * those it overlaps drop out, and so on with the rest. A name's length is the name's, not the text's: a
 * line break and indentation inside one (HTML source) do not make it longer. Clusters usually hold a
 * handful of candidates, but a text can chain thousands (names that overlap end to start, repeated): the
 * units winners take are marked in one array over the cluster, so each candidate costs its own length.
 */
function settle(cluster: Span[], text: string, into: Span[]): void {
  if (cluster.length === 1) {
    into.push(cluster[0]!);
    return;
  }
  const lengths = cluster.map((span) => nameLength(text, span));
  const byLength = cluster.map((_, i) => i).sort((a, b) => lengths[b]! - lengths[a]! || cluster[a]!.start - cluster[b]!.start);
  const from = cluster[0]!.start;
  let to = from;
  for (const span of cluster) if (span.end > to) to = span.end;
  const taken = new Uint8Array(to - from);
  const kept: Span[] = [];
  for (const i of byLength) {
    const candidate = cluster[i]!;
    const start = candidate.start - from;
    const end = candidate.end - from;
    let free = true;
    for (let unit = start; unit < end && free; unit++) free = taken[unit] === 0;
    if (!free) continue;
    taken.fill(1, start, end);
    kept.push(candidate);
  }
  kept.sort((a, b) => a.start - b.start);
  for (const span of kept) into.push(span);
}

/** The length of the name a span reads, in its normalised form: each whitespace run in it counts as one space, a joiner as nothing. */
function nameLength(text: string, span: Span): number {
  let length = 0;
  for (let position = span.start; position < span.end; ) {
    const code = text.charCodeAt(position);
    if (!isJoiner(code)) length++;
    position = isWhitespace(code) ? skipBlank(text, position) : position + 1;
  }
  return length;
}

/**
 * A RegExp for the places where a name may start: one of the names' first characters, not preceded by a
 * letter or digit, and followed by a second character some name has after it (`pastJoiners`: after any
 * joiners). Run natively over the text, so that most of it costs no JavaScript at all; its size grows with
 * the alphabet, not the dictionary.
 */
function startsPattern(groups: ReadonlyMap<number, Group>, firstCodePoints: ReadonlySet<number>, pastJoiners = false): RegExp {
  /** First UTF-16 unit → the units that may follow it, or null when any may (a one-character name, a surrogate). */
  const followers = new Map<number, Set<number> | null>();
  for (const key of groups.keys()) {
    const first = key < 0 ? -1 - key : Math.floor(key / 0x10000);
    const second = key < 0 ? -1 : key % 0x10000;
    if (isSurrogate(first) || followers.get(first) === null) continue;
    if (second === -1 || isSurrogate(second)) followers.set(first, null);
    else {
      const known = followers.get(first);
      if (known) known.add(second);
      else followers.set(first, new Set([second]));
    }
  }
  // Each unit as the text may write it, for a character class: a hyphen also as a non-breaking one.
  const unit = (code: number) => (code === SPACE ? '\\s' : code === HYPHEN ? '\\u{2d}\\u{2011}' : `\\u{${code.toString(16)}}`);
  const alternatives = [...followers].map(([first, seconds]) =>
    seconds === null ? `[${unit(first)}]` : `[${unit(first)}](?=${pastJoiners ? `[${JOINERS}]*` : ''}[${[...seconds].map(unit).join('')}])`,
  );
  // A name starting outside the BMP (or with a lone surrogate): its first code point, whatever follows.
  for (const codePoint of firstCodePoints) if (codePoint > 0xffff || isSurrogate(codePoint)) alternatives.push(`[${unit(codePoint)}]`);
  // Past joiners before it too, in a text that holds some: elsewhere the shorter look behind says the same.
  const notInWord = pastJoiners ? `(?<![${WORD_CLASS}][${JOINERS}]*)` : `(?<![${WORD_CLASS}])`;
  return new RegExp(`${notInWord}(?:${alternatives.join('|')})`, 'gu');
}

function isSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

/** Where the one-character match ending at `end` started (two UTF-16 units back for a surrogate pair). */
function matchedAt(text: string, end: number): number {
  const last = text.charCodeAt(end - 1);
  return last >= 0xdc00 && last <= 0xdfff && end >= 2 && isHighSurrogate(text.charCodeAt(end - 2)) ? end - 2 : end - 1;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Files each non-blank name under the key of its first two normalised characters, reading only those, and
 * keeps the set of first characters (code points) for the start-finding RegExp.
 */
function groupByLeadingPair(names: readonly string[]): { groups: Map<number, Group>; firstCodePoints: Set<number> } {
  const groups = new Map<number, Group>();
  const firstCodePoints = new Set<number>();
  names.forEach((name, nameIndex) => {
    const start = skipBlank(name, 0);
    if (start === name.length) return;
    const firstCodePoint = asHyphen(name.codePointAt(start)!);
    firstCodePoints.add(firstCodePoint);
    // The start-finding RegExp and the element edges look for a name's first character as the text may write it.
    if (firstCodePoint === HYPHEN) firstCodePoints.add(NON_BREAKING_HYPHEN);
    const key = leadingPairKey(name, start);
    const group = groups.get(key);
    if (group) group.nameIndices.push(nameIndex);
    else groups.set(key, { nameIndices: [nameIndex], from: -1, to: -1, keys: [], pieces: null });
  });
  return { groups, firstCodePoints };
}

/** Whether a plan's groups are runs within `count` names, one after another, each holding at least one. */
function fitsNames(plan: MatcherPlan, count: number): boolean {
  const { groupKeys, groupEnds, firstGroupStart } = plan;
  if (groupKeys.length !== groupEnds.length || (groupKeys.length > 0) !== (plan.startsSource !== null) || !(firstGroupStart >= 0)) return false;
  let from = firstGroupStart;
  for (const end of groupEnds) {
    if (!(end > from)) return false;
    from = end;
  }
  return from <= count;
}

/** The groups of a plan, none of them read yet. */
function groupsOfPlan(plan: MatcherPlan): { groups: Map<number, Group>; firstCodePoints: Set<number> } {
  const groups = new Map<number, Group>();
  let from = plan.firstGroupStart;
  plan.groupKeys.forEach((key, i) => {
    const to = plan.groupEnds[i]!;
    groups.set(key, { nameIndices: [], from, to, keys: [], pieces: null });
    from = to;
  });
  return { groups, firstCodePoints: new Set(plan.firstCodePoints) };
}

/** Reads a group of a plan: its names are normalised and in order already. */
function takePlannedGroup(group: Group, names: readonly string[]): void {
  group.keys = names.slice(group.from, group.to);
  group.nameIndices = group.keys.map((_, i) => group.from + i);
  if (triedOneByOne(group.keys)) group.pieces = group.keys.map((key) => key.split(' '));
}

/**
 * Whether a sorted group's names are tried one by one rather than walked: a small group, or one of
 * one-unit names, which are all the same name (nine methods sharing the alias `Q`: a walk starts
 * after two units and never found it).
 */
function triedOneByOne(keys: readonly string[]): boolean {
  return keys.length <= SMALL_GROUP || keys[0]!.length < 2;
}

/** The group key of a name whose first character that is neither whitespace nor a joiner is at `start`, as `normalizeName` leaves it. */
function leadingPairKey(name: string, start: number): number {
  const first = asHyphen(name.charCodeAt(start));
  const next = skipJoiners(name, start + 1);
  const afterSpaces = skipBlank(name, next);
  if (afterSpaces === name.length) return singleKey(first); // trailing whitespace is trimmed away
  return pairKey(first, afterSpaces > next ? SPACE : asHyphen(name.charCodeAt(next)));
}

/** Keys of two units are non-negative, keys of names one unit long negative, so the two never meet. */
function pairKey(first: number, second: number): number {
  return first * 0x10000 + second;
}

function singleKey(only: number): number {
  return -1 - only;
}

/**
 * Trims a name, leaves its joiners out, turns each whitespace run inside it into one space and a non-breaking
 * hyphen into `-`: the form names are compared in.
 */
export function normalizeName(name: string): string {
  const trimmed = name.trim();
  // Most names need no copy.
  return NEEDS_NORMALIZING.test(trimmed) ? trimmed.replace(ALL_JOINERS, '').trim().replace(/\s+/g, ' ').replace(/\u2011/g, '-') : trimmed;
}

/**
 * The order in which a dictionary needs no sorting (see `sortGroup`): by normalised name, in UTF-16 code-unit
 * order, names that normalise alike in their given order. Returns the indices of `names` in that order.
 */
export function matchOrder(names: readonly string[]): number[] {
  const keys = names.map(normalizeName);
  return keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
}

/**
 * Normalises and sorts a group in place. A group already in order (from a dictionary in `matchOrder`) is only
 * checked, and builds no object per name: with 20k names, sorting the groups a long paper touches took a third
 * of its matching time, and making an object per name for the check a sixth. Names that normalise alike stay
 * side by side, in dictionary order: the walk and `settle` both take the first.
 */
function sortGroup(group: Group, names: readonly string[]): void {
  const nameIndices = group.nameIndices;
  const keys = nameIndices.map((nameIndex) => normalizeName(names[nameIndex]!));
  if (keys.every((key, i) => i === 0 || keys[i - 1]! <= key)) {
    group.keys = keys;
  } else {
    const order = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : a - b));
    group.keys = order.map((i) => keys[i]!);
    group.nameIndices = order.map((i) => nameIndices[i]!);
  }
  if (triedOneByOne(group.keys)) group.pieces = group.keys.map((key) => key.split(' '));
}

/** Where a name given as pieces (its words) ends if it occurs at `start`, any whitespace run between pieces; else -1. */
function endOfPieces(pieces: readonly string[], text: string, start: number): number {
  let position = start;
  for (let i = 0; i < pieces.length; i++) {
    if (i > 0) {
      const after = skipWhitespace(text, position);
      if (after === position) return -1;
      position = after;
    }
    const piece = pieces[i]!;
    if (!startsWithPiece(text, piece, position)) return -1;
    position += piece.length;
  }
  return position;
}

/** `text.startsWith(piece, position)`, a non-breaking hyphen in the text reading as a hyphen of the piece. */
function startsWithPiece(text: string, piece: string, position: number): boolean {
  if (text.startsWith(piece, position)) return true;
  if (!piece.includes('-')) return false;
  for (let i = 0; i < piece.length; i++) {
    if (asHyphen(text.charCodeAt(position + i)) !== piece.charCodeAt(i)) return false;
  }
  return true;
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
  return isWhitespace(code) ? SPACE : asHyphen(code);
}

function asHyphen(code: number): number {
  return code === NON_BREAKING_HYPHEN ? HYPHEN : code;
}

function skipWhitespace(text: string, position: number): number {
  while (position < text.length && isWhitespace(text.charCodeAt(position))) position += 1;
  return position;
}

function isJoiner(code: number): boolean {
  return code === 0xad || code === 0x200c || code === 0x200d || code === 0x2060;
}

function skipJoiners(text: string, position: number): number {
  while (position < text.length && isJoiner(text.charCodeAt(position))) position += 1;
  return position;
}

/** Past whitespace and joiners: what a name's normalised form leaves out at its ends. */
function skipBlank(text: string, position: number): number {
  while (position < text.length && (isWhitespace(text.charCodeAt(position)) || isJoiner(text.charCodeAt(position)))) position += 1;
  return position;
}

/** The characters of Latin-1's upper half below `À` that words are made of: ª, ², ³, µ, ¹, º, ¼, ½, ¾. */
const LATIN1_WORD_SIGNS = [0xaa, 0xb2, 0xb3, 0xb5, 0xb9, 0xba, 0xbc, 0xbd, 0xbe];

/**
 * A character words are made of (`WORD_CLASS`). ASCII is decided by code, for the same reason; so are Latin-1
 * and General Punctuation, which stand next to names in prose (no-break space, ’, –): `WORD_CHAR`'s Unicode
 * classes compile on its first use, in the middle of a page's first pass.
 */
function isWordChar(codePoint: number): boolean {
  if (codePoint < 0x80) {
    const lowerCase = codePoint | 0x20;
    return (codePoint >= 0x30 && codePoint <= 0x39) || (lowerCase >= 0x61 && lowerCase <= 0x7a);
  }
  if (codePoint < 0x100) return codePoint >= 0xc0 ? codePoint !== 0xd7 && codePoint !== 0xf7 : LATIN1_WORD_SIGNS.includes(codePoint);
  if (codePoint >= 0x2000 && codePoint < 0x2070) return false;
  return WORD_CHAR.test(String.fromCodePoint(codePoint));
}

/** Whether the character before `position`, past any joiners, is a letter or digit, which makes a name starting there part of a word. */
function followsWordChar(text: string, position: number): boolean {
  while (position > 0 && isJoiner(text.charCodeAt(position - 1))) position -= 1;
  if (position === 0) return false;
  const previous = text.codePointAt(position - 2);
  const endsPair = previous !== undefined && previous > 0xffff; // a surrogate pair ends just before position
  return isWordChar(endsPair ? previous : text.charCodeAt(position - 1));
}

/**
 * Whether the character at `position`, past any joiners, would extend a name ending there into a different
 * name. A superscript digit does not: after a name it is a footnote mark (`AWQ¹`), as `GPTQ<sup>2</sup>` is at
 * an element edge.
 */
function continuesName(text: string, at: number): boolean {
  const position = skipJoiners(text, at);
  const codePoint = text.codePointAt(position);
  if (codePoint === undefined) return false;
  if (codePoint === BACKSLASH || codePoint === DOLLAR) return texGoesOn(text, position);
  return codePoint === PLUS || codePoint === HASH || (isWordChar(codePoint) && !isSuperscriptDigit(codePoint));
}

/**
 * Whether TeX at `position` writes a `#` (`\#`, `$\#$`) or a math `+` (`$+$`): an arXiv abstract is printed as
 * its author typed it, and its math stays source until MathJax typesets it (for good, with MathJax off), so
 * `QuIP\#` and `QuIP$\#$` are QuIP# to the reader.
 */
function texGoesOn(text: string, position: number): boolean {
  let at = position;
  if (text.charCodeAt(at) === DOLLAR && text.charCodeAt(++at) === PLUS) return true;
  return text.charCodeAt(at) === BACKSLASH && text.charCodeAt(at + 1) === HASH;
}

/** ¹ ² ³ (in Latin-1) and ⁰ ⁴–⁹ (Superscripts and Subscripts). */
function isSuperscriptDigit(codePoint: number): boolean {
  return codePoint === 0xb9 || codePoint === 0xb2 || codePoint === 0xb3 || codePoint === 0x2070 || (codePoint >= 0x2074 && codePoint <= 0x2079);
}
