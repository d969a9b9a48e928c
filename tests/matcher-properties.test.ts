import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMatcher, matchOrder, planMatcher, type ElementEdges, type Span } from '../lib/match/matcher';
import { GENERIC_TOP_LEVEL_DOMAINS } from '../lib/match/web-address';

/** Few distinct characters, so that names share prefixes, overlap and sit inside each other. */
const NAME_CHARS = ['A', 'B', 'a', '1', 'é', '𝐀', '#', '+', '-', '\u2011', '.', '(', ')', ' '];
const WHITESPACE = [' ', '  ', '\n', '\t', '\u00a0', '\u2003'];
/** Soft hyphen, zero-width non-joiner and joiner, word joiner: invisible, they keep a word whole and are no part of a name. */
const JOINERS = ['\u00ad', '\u200c', '\u200d', '\u2060'];
const GARBAGE_CHARS = [...NAME_CHARS, ...WHITESPACE, ',', '’', 'x', '中', '٣', '😀', '¹', '⁴', '\\', '$', '\u00ad', '\u2060'];

const nameArbitrary = fc
  .array(fc.constantFrom(...NAME_CHARS, '\u00a0', '\u00ad'), { minLength: 0, maxLength: 7 })
  .map((chars) => chars.join(''));
const dictionaryArbitrary = fc.array(nameArbitrary, { minLength: 1, maxLength: 12 });
const garbageArbitrary = fc.array(fc.constantFrom(...GARBAGE_CHARS), { maxLength: 4 }).map((chars) => chars.join(''));

/**
 * A text interleaving names of the dictionary, their inner whitespace varied and now and then a joiner put
 * between two of their characters (or at an end), with separators and garbage (and `more`).
 */
function textArbitrary(dictionary: readonly string[], ...more: fc.Arbitrary<string>[]): fc.Arbitrary<string> {
  const nameInText = fc
    .tuple(fc.constantFrom(...dictionary), fc.constantFrom(...WHITESPACE), fc.option(fc.tuple(fc.nat(), fc.constantFrom(...JOINERS)), { freq: 3 }))
    .map(([name, space, joiner]) => {
      const characters = Array.from(name.replace(/\s+/g, space));
      if (joiner) characters.splice(joiner[0] % (characters.length + 1), 0, joiner[1]);
      return characters.join('');
    });
  return fc.array(fc.oneof(nameInText, garbageArbitrary, ...more), { maxLength: 10 }).map((pieces) => pieces.join(''));
}

const caseArbitrary = dictionaryArbitrary.chain((dictionary) =>
  fc.tuple(fc.constant(dictionary), textArbitrary(dictionary), textArbitrary(dictionary)),
);

/** A non-breaking hyphen (U+2011) is a hyphen, and joiners are nothing, in names and text. */
const normalize = (text: string) => text.replace(/[\u00ad\u200c\u200d\u2060]/g, '').trim().replace(/\s+/g, ' ').replace(/\u2011/g, '-');
const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
/** A joiner joins a name to a letter or digit on its other side, and nothing else. */
const endsWithWordChar = (text: string) => /[\p{L}\p{N}][\u00ad\u200c\u200d\u2060]*$/u.test(text);
/** A superscript digit after a name is a footnote mark, not the rest of another name; TeX's `\#`, `$\#$` and `$+$` are a `#` and a `+`. */
const startsWithNameContinuation = (text: string) => /^[\u00ad\u200c\u200d\u2060]*(?:(?![¹²³⁰⁴-⁹])[\p{L}\p{N}+#]|\$?\\#|\$\+)/u.test(text);
/** Any joiners, between two characters of a name. */
const JOINERS_BETWEEN = '[\\u00ad\\u200c\\u200d\\u2060]*';
/** Between two words of a name: whitespace, with any joiners before it and in it. */
const SPACE_BETWEEN = `${JOINERS_BETWEEN}\\s[\\s\\u00ad\\u200c\\u200d\\u2060]*`;

/** What ends a word, and with it a web address: whitespace or a control character. */
const WORD_END = /[\s\u0000-\u001f\u007f-\u009f]/;
const SCHEME_START = /https?:\/\/|www\./gi;
/**
 * A host name followed by `/`: labels joined by dots, lowercase ones then any with capitals, the last a
 * lowercase top-level domain (two letters or a generic one), starting the word or after an opening bracket,
 * a quote, a colon, a comma, a semicolon, an em dash or an en dash.
 */
const HOST_START = new RegExp(
  `(?:^|(?<=[([{<"':,;—–“‘„«‹]))(?:[a-z0-9-]+\\.)*(?:[a-z0-9-]*[A-Z][A-Za-z0-9-]*\\.)*(?<=\\.)(?:[a-z]{2}|${GENERIC_TOP_LEVEL_DOMAINS.join('|')})/`,
  'g',
);

/** Where the address starting at `start` of `word` ends: at the first `)` it did not open, or the word's end. */
function addressEnd(word: string, start: number): number {
  let open = 0;
  for (let position = start; position < word.length; position++) {
    if (word[position] === '(') open++;
    else if (word[position] === ')') {
      if (open === 0) return position;
      open--;
    }
  }
  return word.length;
}

/**
 * Whether `position` lies in a web address: its word (which also ends, and starts, where an element `cuts`
 * the text) holds `http://`, `https://`, `www.` or a host name followed by `/` starting at or before it, and
 * no `)` that address did not open closes it before `position`; after such a `)` the word is searched again.
 */
function inWebAddress(text: string, position: number, cuts: ReadonlySet<number>): boolean {
  let wordStart = position;
  while (wordStart > 0 && !WORD_END.test(text[wordStart - 1]!) && !cuts.has(wordStart)) wordStart--;
  let wordEnd = position;
  while (wordEnd < text.length && !WORD_END.test(text[wordEnd]!) && (wordEnd === position || !cuts.has(wordEnd))) wordEnd++;
  const word = text.slice(wordStart, wordEnd);
  for (let searchFrom = 0; ; ) {
    const starts = [SCHEME_START, HOST_START].map((start) => {
      start.lastIndex = searchFrom;
      return start.exec(word)?.index ?? Infinity;
    });
    const addressStart = Math.min(...starts);
    if (wordStart + addressStart > position) return false;
    const end = addressEnd(word, addressStart);
    if (wordStart + end > position) return true;
    searchFrom = end + 1;
  }
}

/**
 * The rules written the slow, obvious way: every name is tried at every position with its own sticky regex
 * (any joiners between two of its characters),
 * the boundaries are checked on the text around it, a name starting inside a web address is none; then,
 * over the whole text at once, the longest name wins (ties: the leftmost), those it overlaps drop out, and so on.
 */
function referenceFind(dictionary: readonly string[], text: string, apart: ReadonlySet<number> = new Set(), cuts: ReadonlySet<number> = new Set()): Span[] {
  const firstIndexOf = new Map<string, number>();
  dictionary.forEach((name, index) => {
    const key = normalize(name);
    if (key !== '' && !firstIndexOf.has(key)) firstIndexOf.set(key, index);
  });
  const patterns = [...firstIndexOf].map(([key, nameIndex]) => ({
    nameIndex,
    regex: new RegExp(
      key
        .split(' ')
        .map((word) => Array.from(word, (character) => escapeRegExp(character).replace(/-/g, '[-\\u2011]')).join(JOINERS_BETWEEN))
        .join(SPACE_BETWEEN),
      'y',
    ),
  }));

  const candidates: Span[] = [];
  for (let position = 0; position < text.length; position++) {
    for (const { nameIndex, regex } of patterns) {
      regex.lastIndex = position;
      if (!regex.test(text)) continue;
      const end = regex.lastIndex;
      const startBounded = !endsWithWordChar(text.slice(0, position)) || apart.has(position);
      const endBounded = !startsWithNameContinuation(text.slice(end)) || apart.has(end);
      const cut = [...cuts].some((offset) => offset > position && offset < end);
      if (startBounded && endBounded && !cut && !inWebAddress(text, position, cuts)) candidates.push({ start: position, end, nameIndex });
    }
  }
  // Longest name first: its length as normalised, whatever whitespace the text has inside it.
  const nameLength = (span: Span) => normalize(text.slice(span.start, span.end)).length;
  candidates.sort((a, b) => nameLength(b) - nameLength(a) || a.start - b.start);
  const winners: Span[] = [];
  for (const candidate of candidates) {
    if (winners.every((winner) => candidate.end <= winner.start || candidate.start >= winner.end)) winners.push(candidate);
  }
  return winners.sort((a, b) => a.start - b.start);
}

describe('compileMatcher(…).find properties', () => {
  it('returns sorted, non-overlapping spans of whole dictionary names', () => {
    fc.assert(
      fc.property(caseArbitrary, ([dictionary, text]) => {
        const spans = compileMatcher(dictionary).find(text);
        spans.forEach((span, i) => {
          expect(span.start).toBeLessThan(span.end);
          if (i > 0) expect(span.start).toBeGreaterThanOrEqual(spans[i - 1]!.end);
          expect(normalize(text.slice(span.start, span.end))).toBe(normalize(dictionary[span.nameIndex]!));
          expect(endsWithWordChar(text.slice(0, span.start))).toBe(false);
          expect(startsWithNameContinuation(text.slice(span.end))).toBe(false);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the naive reference, also when one matcher scans several texts', () => {
    fc.assert(
      fc.property(caseArbitrary, ([dictionary, firstText, secondText]) => {
        const matcher = compileMatcher(dictionary);
        expect(matcher.find(firstText)).toEqual(referenceFind(dictionary, firstText));
        expect(matcher.find(secondText)).toEqual(referenceFind(dictionary, secondText));
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with the reference on long chains of overlapping names (clusters of hundreds of candidates)', () => {
    const tokens = (max: number) => fc.array(fc.constantFrom('A', 'B'), { minLength: 1, maxLength: max }).map((words) => words.join(' '));
    fc.assert(
      fc.property(fc.array(tokens(4), { minLength: 1, maxLength: 6 }), tokens(300), (dictionary, text) => {
        expect(compileMatcher(dictionary).find(text)).toEqual(referenceFind(dictionary, text));
      }),
      { numRuns: 300 },
    );
  });

  it('agrees with the reference on a dictionary in matchOrder (as the catalog sends it), whose groups need no sort', () => {
    fc.assert(
      fc.property(caseArbitrary, ([dictionary, text]) => {
        const ordered = matchOrder(dictionary).map((i) => dictionary[i]!);
        expect(compileMatcher(ordered).find(text)).toEqual(referenceFind(ordered, text));
      }),
      { numRuns: 1000 },
    );
  });

  /** A matcher built from `planMatcher`'s names and plan, its spans given the indices of the names planned. */
  function plannedFind(dictionary: readonly string[], text: string, edges?: ElementEdges): Span[] {
    const { names, order, plan } = planMatcher(dictionary);
    return compileMatcher(names, plan)
      .find(text, edges)
      .map((span) => ({ ...span, nameIndex: order[span.nameIndex]! }));
  }

  it('agrees with the reference when built from a plan (as a page builds it), with and without element edges', () => {
    const withEdges = caseArbitrary.chain(([dictionary, text]) =>
      fc.tuple(fc.constant(dictionary), fc.constant(text), fc.uniqueArray(fc.nat({ max: text.length }), { maxLength: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 })),
    );
    fc.assert(
      fc.property(withEdges, ([dictionary, text, offsets, separating]) => {
        expect(plannedFind(dictionary, text)).toEqual(referenceFind(dictionary, text));
        const sorted = [...offsets].sort((a, b) => a - b);
        const apart = new Set(sorted.filter((_, i) => separating[i]));
        expect(plannedFind(dictionary, text, { offsets: sorted, separates: (offset) => apart.has(offset) })).toEqual(referenceFind(dictionary, text, apart));
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with the reference where element edges set text apart (random edges, some separating)', () => {
    const withEdges = caseArbitrary.chain(([dictionary, text]) =>
      fc.tuple(
        fc.constant(dictionary),
        fc.constant(text),
        fc.uniqueArray(fc.nat({ max: text.length }), { maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
      ),
    );
    fc.assert(
      fc.property(withEdges, ([dictionary, text, offsets, separating]) => {
        const sorted = [...offsets].sort((a, b) => a - b);
        const apart = new Set(sorted.filter((_, i) => separating[i]));
        const edges: ElementEdges = { offsets: sorted, separates: (offset) => apart.has(offset) };
        expect(compileMatcher(dictionary).find(text, edges)).toEqual(referenceFind(dictionary, text, apart));
      }),
      { numRuns: 1000 },
    );
  });

  it('agrees with the reference where many names share their first two characters (groups walked as a trie)', () => {
    // Groups of more than eight names are walked character by character; the random dictionaries
    // above rarely make one. Here every name starts with one of two pairs, one of them "A " (a space).
    const crowded = fc
      .tuple(
        fc.array(fc.tuple(fc.constantFrom('AB', 'A '), nameArbitrary), { minLength: 9, maxLength: 30 }),
        fc.boolean(),
      )
      .map(([parts, withPairItself]) => [...parts.map(([pair, rest]) => pair + rest), ...(withPairItself ? ['AB'] : [])]);
    fc.assert(
      fc.property(
        crowded.chain((dictionary) => fc.tuple(fc.constant(dictionary), textArbitrary(dictionary))),
        ([dictionary, text]) => {
          expect(compileMatcher(dictionary).find(text)).toEqual(referenceFind(dictionary, text));
          const ordered = matchOrder(dictionary).map((i) => dictionary[i]!);
          expect(compileMatcher(ordered).find(text)).toEqual(referenceFind(ordered, text));
          expect(plannedFind(dictionary, text)).toEqual(referenceFind(dictionary, text));
        },
      ),
      { numRuns: 500 },
    );
  });

  /** The matcher, built from the names and from a plan, against the reference, on texts holding `pieces` among the names. */
  function agreesWithReferenceAmong(pieces: fc.Arbitrary<string>): void {
    fc.assert(
      fc.property(
        dictionaryArbitrary.chain((dictionary) => fc.tuple(fc.constant(dictionary), textArbitrary(dictionary, pieces, pieces))),
        ([dictionary, text]) => {
          expect(compileMatcher(dictionary).find(text)).toEqual(referenceFind(dictionary, text));
          expect(plannedFind(dictionary, text)).toEqual(referenceFind(dictionary, text));
        },
      ),
      { numRuns: 1000 },
    );
  }

  it('agrees with the reference where the text prints web addresses: no name starting in one is found', () => {
    // Pieces of addresses, and of words that only look like one, among the names, whitespace and garbage.
    agreesWithReferenceAmong(fc.constantFrom('https://', 'http://', 'www.', 'HTTPS://', 'x.org/', 'http:/', 'www', '\u001e', '(', ')', '))'));
  });

  it('agrees with the reference where the text prints hosts without a scheme, and prose that only looks like one', () => {
    // With the names' own characters (`a`, `1`, `-`, `.`, `(`), these make hosts, and words that are none.
    agreesWithReferenceAmong(
      fc.constantFrom('github.com/', 'hf.co/', '.org/', '.io', 'x.', '/', ':', '"', '“', '[', 'llama.cpp/', 'e.g./', '4.5/', 'vs.', 'X.org/', '\u001e', 'GitHub.com/', 'Fig.', 'AB/', '.In/', 'HF.', ',', ';', '—', '–', ')', ')('),
    );
  });

  it('agrees with the reference where element edges cut the text (a line break, a cell) inside and after web addresses', () => {
    const addressPiece = fc.constantFrom('https://', 'www.', 'x.org/', 'github.com/', 'hf.co/', '.io/', ':', 'GitHub.com/', 'Fig.', ';', '—', ')', '(');
    const withCuts = dictionaryArbitrary
      .chain((dictionary) => fc.tuple(fc.constant(dictionary), textArbitrary(dictionary, addressPiece, addressPiece)))
      .chain(([dictionary, text]) =>
        fc.tuple(fc.constant(dictionary), fc.constant(text), fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, text.length - 1) }), { maxLength: 8 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 })),
      );
    fc.assert(
      fc.property(withCuts, ([dictionary, text, offsets, cutting]) => {
        const sorted = [...offsets].sort((a, b) => a - b);
        const cuts = new Set(sorted.filter((_, i) => cutting[i]));
        // As the content script's edges: a cut sets the text on either side apart, and no name runs across it.
        const edges: ElementEdges = {
          offsets: sorted,
          separates: (offset) => cuts.has(offset),
          breaks: (start, end) => [...cuts].some((offset) => offset > start && offset < end),
        };
        expect(compileMatcher(dictionary).find(text, edges)).toEqual(referenceFind(dictionary, text, cuts, cuts));
      }),
      { numRuns: 1000 },
    );
  });

  it('finds every name standing alone between spaces', () => {
    fc.assert(
      fc.property(dictionaryArbitrary, (dictionary) => {
        const matcher = compileMatcher(dictionary);
        dictionary
          .filter((name) => normalize(name) !== '')
          .forEach((name) => {
            const [span, ...rest] = matcher.find(` ${name} `);
            expect(rest).toEqual([]);
            expect(normalize(dictionary[span!.nameIndex]!)).toBe(normalize(name));
          });
      }),
    );
  });
});
