/**
 * Web addresses a page prints as plain text (`Code: https://github.com/Vahe1994/AQLM`, `see
 * www.example.org/GPTQ-for-LLaMa`, `Code is available at github.com/IST-DASLab/gptq`): a method's name
 * inside one names a repository or a file, and is no mention. (LaTeXML's `\url{…}` is an element, skipped
 * as such: `lib/sites/latexml.ts`.)
 *
 * An address starts at `http://`, `https://` or `www.`, in any case, wherever it stands in its word
 * (`(https://…`, `Code:https://…`); or at a host name followed by `/`: labels of letters, digits and hyphens
 * joined by dots, the last a top-level domain in lowercase (two letters, `hf.co/`, or a generic one,
 * `github.com/`), the host starting its word or following an opening bracket, a quote, a colon, a comma, a
 * semicolon, an em dash or an en dash (`(github.com/…`, `Code:github.com/…`, `see a,github.com/…`,
 * `see—github.com/…`, `code–hf.co/…`); an ASCII hyphen is a label's character, so `x-github.com/` is one
 * host. The labels before the top-level domain may have capitals
 * (`GitHub.com/`, `HuggingFace.co/`, `han-lab.MIT.edu/`), but no lowercase label follows one that has:
 * `Fig.github.com/` is a word glued to a host, and `Quip.github.io/`, which might be a host, is read as prose
 * too, keeping its names. Prose is no host: `vs.AWQ/GPTQ`, `Table.IV/GPTQ`, `results.In/GPTQ` (a top-level
 * domain in capitals), `e.g./GPTQ` (an empty label), `Sec.4.2/GPTQ`, `llama.cpp/GGUF`, `AWQ—GPTQ/SmoothQuant`,
 * `methods—AWQ/GPTQ`, `vs.—AWQ/GPTQ` (no top-level domain).
 * A name only its meaning tells from a host reads as one: `Transformers.js/AWQ`, `AWQ.py/GPTQ`, as lowercase
 * `gptq.py/` always did.
 * An address runs to its word's end: the next whitespace, control character
 * (the PDF scan's `BOUNDARY` between blocks) or element edge that cuts the text (a line break, a table
 * cell), so that `https://x.org/<br>GPTQ` holds an address, then a name; such an edge also starts a word,
 * so `Code<br>github.com/x` holds a host. What closes a sentence after an address (`.`, `,`) is in its word
 * but starts no name, and the next word is prose again: `(see https://x.org/a) AWQ.` names AWQ. A `)` the
 * address did not open closes it even glued to the next word: `(code at https://x.org/a)AWQ is` and
 * `(github.com/x/y)GPTQ` name AWQ and GPTQ, while a parenthesis the address opens stays in it with what it
 * holds, `https://en.wikipedia.org/wiki/AWQ_(method)`, `https://x.org/(AWQ)GPTQ`. The rest of the word
 * is read as any: `)https://…` starts an address again, and a host glued to the `)` is prose.
 *
 * Asked only where the matcher has found a name, in order: each question reads back over the word
 * before the name, no further than the place asked before, and forward over it once more (for where an
 * address starts, or for the `)` that closes one) and over the run of host characters the name starts in
 * (`quip.github.io/`), each read once; the element edges are asked about only around text shaped like an
 * address. A text costs per name, not per character.
 */
import type { ElementEdges } from './matcher';
import { isWhitespace } from './whitespace';

/** Whether a name found at `start` lies in a web address; asked with `start` never decreasing. */
export type InWebAddress = (start: number) => boolean;

/** The generic top-level domains a paper's addresses end in; any two letters are a country's. */
export const GENERIC_TOP_LEVEL_DOMAINS = ['com', 'org', 'net', 'edu', 'gov', 'info', 'app', 'dev', 'site', 'science', 'press', 'google', 'space', 'live', 'cloud', 'tech', 'xyz', 'blog'];
const GENERIC = new Set(GENERIC_TOP_LEVEL_DOMAINS);

/** Asked about the words of names, in order: whether an address holds the name at `start`. */
interface AddressReader {
  /** A new word starts at `wordStart`: nothing read before it counts. */
  startWord(wordStart: number): void;
  holds(start: number): boolean;
}

/** The web addresses of `text`, whose element `edges` may cut it (`breaks`) where no character does. */
export function webAddresses(text: string, edges?: ElementEdges): InWebAddress {
  /** Where the last question was asked: the text before it has been read back to its word's start. */
  let asked = 0;
  const schemes = schemeAddresses(text, edges);
  const hosts = hostAddresses(text, edges);

  return (start) => {
    let wordStart = start;
    while (wordStart > asked && !endsWord(text.charCodeAt(wordStart - 1))) wordStart--;
    if (wordStart > asked) {
      schemes.startWord(wordStart);
      hosts.startWord(wordStart);
    }
    asked = start;
    // Each reader catches up on what it was not asked: the second may be skipped.
    return schemes.holds(start) || hosts.holds(start);
  };
}

/** Addresses from `http://`, `https://` or `www.`. */
function schemeAddresses(text: string, edges: ElementEdges | undefined): AddressReader {
  /** Where an address starts in the current word, or -1 when none does before `searchedTo`. */
  let addressStart = -1;
  let searchedTo = 0;
  /** From the address's start, no element edge cuts the text up to here. */
  let uncutTo = 0;
  const parentheses = parenthesesReader(text);
  return {
    startWord(wordStart) {
      addressStart = -1;
      searchedTo = wordStart;
    },
    holds(start) {
      for (;;) {
        if (addressStart === -1) {
          addressStart = firstSchemeStart(text, searchedTo, start + 1);
          if (addressStart === -1) {
            searchedTo = start + 1;
            return false;
          }
          uncutTo = addressStart;
          parentheses.follow(addressStart);
        }
        const cut = edges?.breaks ? lastCut(edges, uncutTo, start) : -1;
        uncutTo = start;
        // An edge cuts the word: the name's word starts there. A `)` closes the address: the rest of its word
        // may hold another.
        const end = cut !== -1 ? cut : parentheses.strayClosing(start + 1);
        if (end === -1) return true;
        addressStart = -1;
        searchedTo = cut !== -1 ? cut : end + 1;
      }
    },
  };
}

/** Addresses from a host name followed by `/`. */
function hostAddresses(text: string, edges: ElementEdges | undefined): AddressReader {
  /** The runs of host characters starting before this have been read; one may start here. */
  let readTo = 0;
  /** The host of the current word's address still open at the place asked, or -1. */
  let hostStart = -1;
  /** From the host's end, no element edge cuts the text up to here. */
  let uncutTo = 0;
  const parentheses = parenthesesReader(text);

  /** Where a host starts in the run of host characters [from, to), if a `/` follows it; -1 if none. */
  function hostIn(from: number, to: number): number {
    if (text.charCodeAt(to) !== SLASH) return -1;
    let lastDot = to - 1;
    while (lastDot >= from && text.charCodeAt(lastDot) !== DOT) lastDot--;
    // Only text shaped like an address costs questions about edges.
    if (lastDot <= from || !isTopLevelDomain(text, lastDot + 1, to)) return -1;
    let host = from;
    if (edges?.breaks) {
      // No host runs across a cut, which starts a word: a host may start at the last cut in the run.
      const cut = lastCut(edges, from, to);
      if (cut !== -1) host = cut;
    }
    if (lastDot <= host || !hasLabels(text, host, lastDot)) return -1;
    // Glued to a word before it (`Fig.github.com/`), a host is prose; a cut at the run's start starts a word.
    const before = text.charCodeAt(host - 1);
    const startsWord = host > from || host === 0 || endsWord(before) || opensHost(before);
    return startsWord || edges?.breaks?.(host - 1, host + 1) === true ? host : -1;
  }

  return {
    startWord(wordStart) {
      readTo = wordStart;
      hostStart = -1;
    },
    holds(start) {
      for (;;) {
        if (hostStart !== -1) {
          // The address holds the name unless an edge cuts the word (which starts again there) or a `)`
          // closes it (the rest of its word may hold another host) before the name.
          const cut = edges?.breaks && start > uncutTo ? lastCut(edges, uncutTo, start) : -1;
          uncutTo = Math.max(uncutTo, start);
          const end = cut !== -1 ? cut : parentheses.strayClosing(start + 1);
          if (end === -1) return true;
          hostStart = -1;
          readTo = cut !== -1 ? cut : end + 1;
        }
        // Read the runs of host characters up to the name's start; the address starts at the first host in them.
        let runStart = readTo;
        while (runStart <= start && !isHostChar(text.charCodeAt(runStart))) runStart++;
        readTo = runStart;
        if (runStart > start) return false;
        let runEnd = runStart + 1;
        while (isHostChar(text.charCodeAt(runEnd))) runEnd++;
        const found = hostIn(runStart, runEnd);
        if (found > start) {
          // The host starts at a cut after the name: read from there again when asked past it.
          readTo = found;
          return false;
        }
        readTo = runEnd;
        if (found !== -1) {
          hostStart = found;
          uncutTo = runEnd;
          parentheses.follow(runEnd);
        }
      }
    },
  };
}

/** Reads an address forward for the `)` that closes it: the first one it did not open. */
interface ParenthesesReader {
  /** An address's parentheses are read from `from`: its start, or its host's end (a host holds none). */
  follow(from: number): void;
  /** Where the `)` that closes the address stands before `to`, or -1; each character is read once. */
  strayClosing(to: number): number;
}

function parenthesesReader(text: string): ParenthesesReader {
  let readTo = 0;
  /** The parentheses the address has opened and not closed before `readTo`. */
  let open = 0;
  return {
    follow(from) {
      readTo = from;
      open = 0;
    },
    strayClosing(to) {
      for (; readTo < to; readTo++) {
        const code = text.charCodeAt(readTo);
        if (code === OPENING_PARENTHESIS) open++;
        else if (code === CLOSING_PARENTHESIS) {
          if (open === 0) return readTo;
          open--;
        }
      }
      return -1;
    },
  };
}

const SLASH = 0x2f;
const DOT = 0x2e;
const HYPHEN = 0x2d;
const OPENING_PARENTHESIS = 0x28;
const CLOSING_PARENTHESIS = 0x29;

/** Whitespace or a control character: where a word, and any address in it, ends. */
function endsWord(code: number): boolean {
  return code <= 0x20 || (code >= 0x7f && code <= 0x9f) || isWhitespace(code);
}

/** A character of a host name as addresses print it: a letter of either case, a digit, a hyphen or a dot. */
function isHostChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || isCapital(code) || (code >= 0x30 && code <= 0x39) || code === HYPHEN || code === DOT;
}

/** A capital letter A to Z: host names are ASCII. */
function isCapital(code: number): boolean {
  return code >= 0x41 && code <= 0x5a;
}

/**
 * An opening bracket, a quote, a colon, a comma, a semicolon, an em dash or an en dash: a host may follow one
 * inside a word. None is a host's character, so a host glued to one reads as it would at a word's start
 * (`see a,github.com/x`, `see—github.com/x`, a space lost in a PDF), and prose stays prose
 * (`AWQ,GPTQ/SmoothQuant` and `AWQ—GPTQ/SmoothQuant` have no top-level domain).
 */
function opensHost(code: number): boolean {
  // ( [ { < " ' : , ; — – “ ‘ „ « ‹
  return code === 0x28 || code === 0x5b || code === 0x7b || code === 0x3c || code === 0x22 || code === 0x27 || code === 0x3a || code === 0x2c || code === 0x3b || code === 0x2014 || code === 0x2013 || code === 0x201c || code === 0x2018 || code === 0x201e || code === 0xab || code === 0x2039;
}

/** Whether [from, to) is a top-level domain: two lowercase letters, or a generic one. */
function isTopLevelDomain(text: string, from: number, to: number): boolean {
  for (let position = from; position < to; position++) {
    const code = text.charCodeAt(position);
    if (code < 0x61 || code > 0x7a) return false;
  }
  return to - from === 2 || (to - from > 2 && GENERIC.has(text.slice(from, to)));
}

/**
 * Whether the host characters [from, to), up to the dot before a top-level domain, are labels joined by dots,
 * none of them empty, those with capitals after all those without (`han-lab.MIT.edu`): capitals before a
 * lowercase label are a word glued to a host (`Fig.github.com`).
 */
function hasLabels(text: string, from: number, to: number): boolean {
  let labelStart = from;
  let labelHasCapitals = false;
  let capitalsBefore = false;
  for (let position = from; position <= to; position++) {
    const code = position === to ? DOT : text.charCodeAt(position);
    if (code === DOT) {
      if (position === labelStart || (capitalsBefore && !labelHasCapitals)) return false;
      capitalsBefore = labelHasCapitals;
      labelHasCapitals = false;
      labelStart = position + 1;
    } else if (isCapital(code)) labelHasCapitals = true;
  }
  return true;
}

/** The first place in [from, to) where `http://`, `https://` or `www.` starts, in any case; -1 if none. */
function firstSchemeStart(text: string, from: number, to: number): number {
  for (let position = from; position < to; position++) {
    const letter = text.charCodeAt(position) | 0x20;
    if (letter !== 0x68 && letter !== 0x77) continue; // h, w
    const head = text.slice(position, position + 8).toLowerCase();
    if (head.startsWith('http://') || head.startsWith('https://') || head.startsWith('www.')) return position;
  }
  return -1;
}

/** The last element edge in (after, upTo] that cuts the text, or -1. */
function lastCut(edges: ElementEdges, after: number, upTo: number): number {
  const { offsets } = edges;
  // The first offset past upTo (binary search: offsets are sorted).
  let low = 0;
  let high = offsets.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (offsets[middle]! <= upTo) low = middle + 1;
    else high = middle;
  }
  for (let at = low - 1; at >= 0 && offsets[at]! > after; at--) {
    const offset = offsets[at]!;
    if (edges.breaks!(offset - 1, offset + 1)) return offset;
  }
  return -1;
}
