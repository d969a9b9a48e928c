/**
 * Web addresses a page prints as plain text (`Code: https://github.com/Vahe1994/AQLM`, `see
 * www.example.org/GPTQ-for-LLaMa`): a method's name inside one names a repository or a file, and is no
 * mention. (LaTeXML's `\url{…}` is an element, skipped as such: `lib/sites/latexml.ts`.)
 *
 * An address starts at `http://`, `https://` or `www.`, in any case, wherever it stands in its word
 * (`(https://…`, `Code:https://…`), and runs to the word's end: the next whitespace, control character
 * (the PDF scan's `BOUNDARY` between blocks) or element edge that cuts the text (a line break, a table
 * cell), so that `https://x.org/<br>GPTQ` holds an address, then a name. What closes a sentence or a
 * parenthesis after an address (`.`, `,`, `)`) is in its word but starts no name, and the next word is
 * prose again: `(see https://x.org/a) AWQ.` names AWQ.
 *
 * Asked only where the matcher has found a name, in order: each question reads back over the word
 * before the name, no further than the place asked before, so a text costs per name, not per character.
 */
import type { ElementEdges } from './matcher';
import { isWhitespace } from './whitespace';

/** Whether a name found at `start` lies in a web address; asked with `start` never decreasing. */
export type InWebAddress = (start: number) => boolean;

/** The web addresses of `text`, whose element `edges` may cut it (`breaks`) where no character does. */
export function webAddresses(text: string, edges?: ElementEdges): InWebAddress {
  /** Where the last question was asked: the text before it has been read back to its word's start. */
  let asked = 0;
  /** Where an address starts in the word holding `asked`, or -1 when none does before `searchedTo`. */
  let addressStart = -1;
  let searchedTo = 0;
  /** From the address's start, no element edge cuts the text up to here. */
  let uncutTo = 0;

  return (start) => {
    let wordStart = start;
    while (wordStart > asked && !endsWord(text.charCodeAt(wordStart - 1))) wordStart--;
    if (wordStart > asked) {
      addressStart = -1;
      searchedTo = wordStart;
    }
    asked = start;
    if (addressStart === -1) {
      addressStart = firstAddressStart(text, searchedTo, start + 1);
      searchedTo = start + 1;
      uncutTo = addressStart;
    }
    if (addressStart === -1) return false;
    const cut = edges?.breaks ? lastCut(edges, uncutTo, start) : -1;
    uncutTo = start;
    if (cut === -1) return true;
    // An edge cuts the word: the name's word starts there.
    addressStart = firstAddressStart(text, cut, start + 1);
    return addressStart !== -1;
  };
}

/** Whitespace or a control character: where a word, and any address in it, ends. */
function endsWord(code: number): boolean {
  return code <= 0x20 || (code >= 0x7f && code <= 0x9f) || isWhitespace(code);
}

/** The first place in [from, to) where `http://`, `https://` or `www.` starts, in any case; -1 if none. */
function firstAddressStart(text: string, from: number, to: number): number {
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
