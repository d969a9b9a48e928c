import { describe, expect, it } from 'vitest';
import { compileMatcher, matchOrder, planMatcher, type ElementEdges } from '../lib/match/matcher';

/** The matched pieces of text, each with the dictionary name it was matched as. */
function matches(dictionary: readonly string[], text: string): Array<[matched: string, name: string]> {
  return compileMatcher(dictionary)
    .find(text)
    .map((span) => [text.slice(span.start, span.end), dictionary[span.nameIndex]!]);
}

const same = (...pieces: string[]): Array<[string, string]> => pieces.map((piece) => [piece, piece]);

interface Case {
  rule: string;
  dictionary: string[];
  text: string;
  expected: Array<[string, string]>;
}

const CASES: Case[] = [
  // Boundaries: letters and digits (any script) on either side make a different word.
  { rule: 'bibtex keys hold no names', dictionary: ['AWQ', 'GPTQ'], text: 'lin2023awq,frantar2022gptq,li2025gptqv2', expected: [] },
  { rule: 'preceded by a digit', dictionary: ['awq', 'gptq'], text: 'lin2023awq,frantar2022gptq', expected: [] },
  {
    rule: 'preceded by a digit, even when the rest is a name',
    dictionary: ['awq', 'gptq', 'gptqv2'],
    text: 'lin2023awq,frantar2022gptq,li2025gptqv2',
    expected: [],
  },
  { rule: 'the same names standing alone', dictionary: ['awq', 'gptq', 'gptqv2'], text: 'awq,gptq,gptqv2', expected: same('awq', 'gptq', 'gptqv2') },
  { rule: 'case-sensitive', dictionary: ['AWQ'], text: '~awq', expected: [] },
  { rule: 'preceded by a letter', dictionary: ['AWQ'], text: 'AutoAWQ', expected: [] },
  { rule: 'followed by a letter and digit', dictionary: ['GPTQ'], text: 'GPTQv2', expected: [] },
  { rule: 'followed by +', dictionary: ['SmoothQuant'], text: 'SmoothQuant+', expected: [] },
  { rule: 'followed by #', dictionary: ['QuIP'], text: 'QuIP#', expected: [] },
  { rule: 'preceded by a non-ASCII letter', dictionary: ['AWQ'], text: 'éAWQ 中AWQ', expected: [] },
  { rule: 'followed by a non-ASCII letter', dictionary: ['AWQ'], text: 'AWQé AWQ中', expected: [] },
  { rule: 'preceded by a non-ASCII digit', dictionary: ['AWQ'], text: '٣AWQ', expected: [] },
  { rule: 'preceded by a letter outside the BMP', dictionary: ['AWQ'], text: '𝐀AWQ', expected: [] },
  { rule: 'after a character outside the BMP that is no letter', dictionary: ['AWQ'], text: '😀AWQ', expected: same('AWQ') },
  { rule: 'text edges are boundaries', dictionary: ['AWQ'], text: 'AWQ', expected: same('AWQ') },
  { rule: 'preceded by + or # is fine', dictionary: ['AWQ'], text: '+AWQ #AWQ', expected: same('AWQ', 'AWQ') },
  { rule: 'dashes and symbols bound names', dictionary: ['AWQ', 'GPTQ'], text: 'AWQ—GPTQ AWQ→GPTQ', expected: same('AWQ', 'GPTQ', 'AWQ', 'GPTQ') },

  // A superscript digit after a name is a footnote mark, not part of a different name (`GPTQv2`).
  { rule: 'a footnote mark after a name', dictionary: ['AWQ', 'GPTQ'], text: 'AWQ¹ and GPTQ²³, AWQ⁴ and AWQ⁰', expected: same('AWQ', 'GPTQ', 'AWQ', 'AWQ') },
  { rule: 'a footnote mark after a name ending in # or +', dictionary: ['QuIP', 'QuIP#', 'SQ+'], text: 'QuIP#¹ SQ+² QuIP³', expected: same('QuIP#', 'SQ+', 'QuIP') },
  { rule: 'a name holding a superscript digit is still the longer name', dictionary: ['Q', 'Q²'], text: 'Q² and Q¹', expected: same('Q²', 'Q') },
  { rule: 'a plain digit after a name still makes another name', dictionary: ['AWQ'], text: 'AWQ1', expected: [] },

  // A non-breaking hyphen (U+2011) is a hyphen: after a name, inside one, in the dictionary.
  { rule: 'non-breaking hyphen after a name', dictionary: ['GPTQ'], text: 'a GPTQ\u2011style solver', expected: same('GPTQ') },
  { rule: 'non-breaking hyphen inside a name', dictionary: ['TAH-Quant'], text: 'TAH\u2011Quant', expected: [['TAH\u2011Quant', 'TAH-Quant']] },
  { rule: 'non-breaking hyphen as second character', dictionary: ['Q-Bert'], text: 'Q\u2011Bert', expected: [['Q\u2011Bert', 'Q-Bert']] },
  { rule: 'non-breaking hyphen in the dictionary', dictionary: ['TAH\u2011Quant'], text: 'TAH-Quant', expected: [['TAH-Quant', 'TAH\u2011Quant']] },
  {
    rule: 'non-breaking hyphen inside a name of a large group',
    dictionary: ['TA', 'TAA', 'TAB', 'TAC', 'TAD', 'TAE', 'TAF', 'TAG', 'TAH', 'TAH-Quant', 'Tile-wise Adaptive Hadamard Quantization'],
    text: 'TAH\u2011Quant (Tile\u2011wise Adaptive Hadamard Quantization)',
    expected: [
      ['TAH\u2011Quant', 'TAH-Quant'],
      ['Tile\u2011wise Adaptive Hadamard Quantization', 'Tile-wise Adaptive Hadamard Quantization'],
    ],
  },

  // Punctuation around names.
  { rule: 'curly possessive', dictionary: ['AWQ'], text: 'AWQ’s results', expected: same('AWQ') },
  { rule: 'straight possessive', dictionary: ['AWQ'], text: "AWQ's results", expected: same('AWQ') },
  { rule: 'hyphenated compound', dictionary: ['GPTQ'], text: 'a GPTQ-style solver', expected: same('GPTQ') },
  { rule: 'parentheses', dictionary: ['AQLM'], text: 'additive quantization (AQLM)', expected: same('AQLM') },
  { rule: 'slash between two names', dictionary: ['AWQ', 'GPTQ'], text: 'AWQ/GPTQ', expected: same('AWQ', 'GPTQ') },
  { rule: 'brackets', dictionary: ['GPTQ'], text: '[GPTQ]', expected: same('GPTQ') },
  { rule: 'comma and full stop', dictionary: ['GPTQ'], text: 'GPTQ, then GPTQ.', expected: same('GPTQ', 'GPTQ') },

  // Names that begin or end with something other than a letter or digit.
  { rule: 'QuIP# is not QuIP', dictionary: ['QuIP', 'QuIP#'], text: 'QuIP# improves QuIP.', expected: same('QuIP#', 'QuIP') },
  { rule: 'QuIP#x is neither', dictionary: ['QuIP', 'QuIP#'], text: 'QuIP#x', expected: [] },
  { rule: 'LLM.int8()', dictionary: ['LLM', 'LLM.int8()'], text: 'with LLM.int8(). The LLM', expected: same('LLM.int8()', 'LLM') },
  { rule: 'SQ+', dictionary: ['SQ', 'SQ+'], text: 'SQ+ (not SQ)', expected: same('SQ+', 'SQ') },
  { rule: 'SQ++ is neither SQ+ nor SQ', dictionary: ['SQ', 'SQ+'], text: 'SQ++', expected: [] },
  // TeX a page prints as it is: an arXiv abstract is its author's text, `\#` and all, and `$…$` until MathJax typesets it (or for good, with MathJax off).
  {
    rule: 'a # or + that TeX puts after a name, escaped or in math, still makes another name',
    dictionary: ['QuIP', 'QuIP#', 'SQ'],
    text: 'QuIP\\# and QuIP$\\#$ beat SQ$+$, not QuIP$_{2}$, QuIP\\, or QuIP$.',
    expected: same('QuIP', 'QuIP', 'QuIP'),
  },
  { rule: 'inner hyphen', dictionary: ['TAH-Quant'], text: 'TAH-Quant, TAH Quant', expected: same('TAH-Quant') },
  { rule: 'alias in parentheses', dictionary: ['(GLVQ)'], text: 'see (GLVQ).', expected: same('(GLVQ)') },
  { rule: 'the boundary applies around the parentheses', dictionary: ['(GLVQ)'], text: 'x(GLVQ) (GLVQ)y', expected: [] },

  // Overlaps: the longest wins, ties go to the leftmost, a name overlapping no winner stays.
  {
    rule: 'longest name at the same start',
    dictionary: ['Grouped Lattice Vector Quantization', 'Grouped Lattice Vector Quantization (GLVQ)', 'GLVQ'],
    text: 'Grouped Lattice Vector Quantization (GLVQ) beats GLVQ',
    expected: same('Grouped Lattice Vector Quantization (GLVQ)', 'GLVQ'),
  },
  { rule: 'a longer name that fails its boundary yields a shorter one', dictionary: ['GPTQ', 'GPTQ v2'], text: 'GPTQ v2x', expected: same('GPTQ') },
  { rule: 'longer wins over leftmost', dictionary: ['A B', 'B C D'], text: 'A B C D', expected: same('B C D') },
  {
    rule: 'a longer name starting inside a shorter one',
    dictionary: ['Grouped Lattice', 'Lattice Vector Quantization'],
    text: 'Grouped Lattice Vector Quantization',
    expected: same('Lattice Vector Quantization'),
  },
  {
    rule: 'the longest name, not the longest text: indentation inside a name does not lengthen it',
    dictionary: ['Grouped Lattice', 'Lattice Vector Quantization'],
    text: 'Grouped\n                Lattice Vector Quantization',
    expected: same('Lattice Vector Quantization'),
  },
  {
    rule: 'a name that overlaps no winner stays',
    dictionary: ['Grouped', 'Grouped Lattice', 'Lattice Vector Quantization'],
    text: 'Grouped Lattice Vector Quantization',
    expected: same('Grouped', 'Lattice Vector Quantization'),
  },
  { rule: 'equal lengths: the leftmost wins', dictionary: ['A B', 'B C'], text: 'A B C', expected: same('A B') },
  {
    rule: 'a chain of overlaps settles by length',
    dictionary: ['A B', 'B C D', 'D E'],
    text: 'A B C D E',
    expected: same('B C D'),
  },
  { rule: 'a chain of equal lengths: the leftmost, then the next it does not overlap', dictionary: ['X Y X', 'Y X Y'], text: 'X Y X Y X Y X', expected: same('X Y X', 'Y X Y') },
  { rule: 'a chain of a thousand overlaps: every other one', dictionary: ['A A'], text: Array(2001).fill('A').join(' '), expected: Array(1000).fill(['A A', 'A A']) },
  { rule: 'a chain where the ends win', dictionary: ['A B C', 'C D', 'D E F'], text: 'A B C D E F', expected: same('A B C', 'D E F') },
  { rule: 'adjacent names separated by one space', dictionary: ['AWQ', 'GPTQ'], text: 'AWQ GPTQ', expected: same('AWQ', 'GPTQ') },

  // Whitespace inside names.
  {
    rule: 'any whitespace runs',
    dictionary: ['Tile-wise Adaptive Hadamard Quantization'],
    text: 'Tile-wise  Adaptive\nHadamard Quantization',
    expected: [['Tile-wise  Adaptive\nHadamard Quantization', 'Tile-wise Adaptive Hadamard Quantization']],
  },
  {
    rule: 'tab, NBSP, em space, ideographic space',
    dictionary: ['Vector Quantization'],
    text: 'Vector\tQuantization Vector\u00a0Quantization Vector\u2003Quantization Vector\u3000Quantization',
    expected: ['\t', '\u00a0', '\u2003', '\u3000'].map((space) => [`Vector${space}Quantization`, 'Vector Quantization']),
  },
  { rule: 'whitespace in the dictionary is normalised', dictionary: [' Vector \n Quantization '], text: 'Vector Quantization', expected: [['Vector Quantization', ' Vector \n Quantization ']] },
  { rule: 'a space is required where the name has one', dictionary: ['Vector Quantization'], text: 'VectorQuantization', expected: [] },
  { rule: 'a space is not allowed where the name has none', dictionary: ['Tile-wise'], text: 'Tile- wise Tile -wise', expected: [] },

  // A web address printed as text is no mention: from `http://`, `https://` or `www.` to the end of its word.
  { rule: 'a repository address', dictionary: ['AQLM'], text: 'Code: https://github.com/Vahe1994/AQLM', expected: [] },
  { rule: 'an address without a scheme', dictionary: ['GPTQ'], text: 'see www.example.org/GPTQ-for-LLaMa', expected: [] },
  { rule: 'a model’s address', dictionary: ['AWQ'], text: 'https://huggingface.co/TheBloke/Llama-2-7B-AWQ', expected: [] },
  { rule: 'several names in one address', dictionary: ['AWQ', 'GPTQ'], text: 'http://x.org/AWQ/GPTQ#AWQ?m=GPTQ', expected: [] },
  { rule: 'a scheme in capitals', dictionary: ['AWQ'], text: 'HTTPS://X.ORG/AWQ WWW.X.ORG/AWQ', expected: [] },
  { rule: 'an address from `www.` with no `/`', dictionary: ['AWQ', 'GPTQ'], text: 'see www.AWQ.org or WWW.GPTQ.COM, then AWQ and GPTQ', expected: same('AWQ', 'GPTQ') },
  { rule: 'a name before an address in its word', dictionary: ['AWQ', 'GPTQ'], text: 'AWQ,www.x.org GPTQ:x.org/a', expected: same('AWQ', 'GPTQ') },
  { rule: 'an address glued to the word before it', dictionary: ['AWQ'], text: 'Code:https://github.com/x/AWQ', expected: [] },
  { rule: 'an address in parentheses', dictionary: ['AWQ', 'GPTQ'], text: 'GPTQ (https://github.com/x/AWQ).', expected: same('GPTQ') },
  { rule: 'a name after an address in parentheses', dictionary: ['AWQ'], text: '(see https://x.org/a) AWQ', expected: same('AWQ') },
  { rule: 'a name right after an address and a space', dictionary: ['AWQ'], text: 'https://x.org/a AWQ.', expected: same('AWQ') },
  // A closing parenthesis the address did not open ends it, even glued to the next word; one it opened stays in it.
  { rule: 'a name glued to the parenthesis that closes around an address', dictionary: ['AWQ', 'GPTQ'], text: '(code at https://x.org/a)AWQ is (github.com/x/y)GPTQ', expected: same('AWQ', 'GPTQ') },
  { rule: 'parentheses closed around an address holding parentheses', dictionary: ['AWQ', 'GPTQ'], text: '(github.com/x/(y))AWQ (https://x.org/a_(b))GPTQ', expected: same('AWQ', 'GPTQ') },
  { rule: 'parentheses an address opens', dictionary: ['AWQ', 'GPTQ'], text: 'https://en.wikipedia.org/wiki/AWQ_(method) https://x.org/(AWQ)GPTQ github.com/x/(AWQ)GPTQ', expected: [] },
  { rule: 'an address in parentheses inside an address', dictionary: ['AWQ'], text: 'github.com/a/(hf.co/b)AWQ https://x.org/(https://y.org/b)AWQ', expected: [] },
  { rule: 'an address after the parenthesis that closes around another', dictionary: ['AWQ'], text: '(https://x.org/a)https://y.org/AWQ', expected: [] },
  { rule: 'an address that ends a sentence, then a name', dictionary: ['AWQ'], text: 'at https://x.org/AWQ. AWQ is', expected: [['AWQ', 'AWQ']] },
  { rule: 'an address ends at a line break', dictionary: ['GPTQ'], text: 'see https://example.org/\nGPTQ', expected: same('GPTQ') },
  { rule: 'an address ends at a no-break space', dictionary: ['AWQ'], text: 'https://x.org/a\u00a0AWQ', expected: same('AWQ') },
  { rule: 'an address ends where the text is cut between blocks (a control character)', dictionary: ['GPTQ'], text: 'https://example.org/\u001eGPTQ', expected: same('GPTQ') },
  { rule: 'a name before an address in its word', dictionary: ['AWQ'], text: 'AWQ:https://x.org/', expected: same('AWQ') },
  { rule: 'what only looks like an address', dictionary: ['AWQ'], text: 'www AWQ, https:/AWQ, http:AWQ, www-AWQ', expected: same('AWQ', 'AWQ', 'AWQ', 'AWQ') },
  { rule: 'a name longer than the part of it in prose', dictionary: ['GPTQ', 'GPTQ for'], text: 'GPTQ for https://x.org/GPTQ for', expected: same('GPTQ for') },

  // An address may also start at a host name followed by `/`, without a scheme: labels, lowercase or (next to
  // the top-level domain) with capitals, a dot, a lowercase top-level domain; starting its word, or after an
  // opening bracket, a quote, a colon, a comma, a semicolon or a dash.
  { rule: 'a repository named by its host', dictionary: ['AQLM'], text: 'Code is available at github.com/Vahe1994/AQLM.', expected: [] },
  { rule: 'a model named by its host', dictionary: ['AWQ'], text: 'huggingface.co/TheBloke/Llama-2-7B-AWQ', expected: [] },
  { rule: 'a lowercase name in a host’s address', dictionary: ['gptq'], text: 'github.com/IST-DASLab/gptq', expected: [] },
  { rule: 'a host printed with capitals', dictionary: ['GPTQ', 'AWQ'], text: 'Code: GitHub.com/IST-DASLab/GPTQ, HuggingFace.co/TheBloke/Llama-2-7B-AWQ', expected: [] },
  { rule: 'capitals in the labels next to the top-level domain', dictionary: ['AWQ'], text: 'Proceedings.NeurIPS.cc/AWQ han-lab.MIT.edu/AWQ (OpenReview.net/AWQ)', expected: [] },
  { rule: 'a host with capitals after a colon, in brackets', dictionary: ['AWQ'], text: 'Code:GitHub.com/AWQ [HF.co/AWQ]', expected: [] },
  // No shape tells a library or a file with a two-letter extension from a host (`HuggingFace.co/`), as
  // `gptq.py/` in lowercase never could be told either: these read as hosts.
  { rule: 'a library or file name shaped like a host', dictionary: ['AWQ', 'GPTQ'], text: 'Transformers.js/AWQ AWQ.py/GPTQ', expected: [] },
  { rule: 'a host in parentheses, then a name', dictionary: ['GPTQ'], text: 'GPTQ (hf.co/x/GPTQ). GPTQ', expected: same('GPTQ', 'GPTQ') },
  { rule: 'a host after a colon, in quotes, in brackets', dictionary: ['AWQ'], text: 'Code:github.com/x/AWQ “hf.co/AWQ” [arxiv.org/AWQ] <x.io/AWQ>', expected: [] },
  // A comma or a semicolon is never in a host: glued to one (spaces lost in a PDF), a host is one as at a word's start.
  { rule: 'a host after a comma or a semicolon', dictionary: ['AWQ', 'GPTQ'], text: 'see a,github.com/x/AWQ code;github.com/x/AWQ AWQ,GitHub.com/x/GPTQ', expected: same('AWQ') },
  // Nor is an em dash or an en dash; the ASCII hyphen is a label's character, so `x-github.com/` is one host.
  { rule: 'a host after an em dash or an en dash', dictionary: ['AWQ', 'GPTQ'], text: 'see—github.com/x/AWQ code–hf.co/x/GPTQ-4bit AWQ—GitHub.com/x/GPTQ', expected: same('AWQ') },
  { rule: 'a hyphen before a host, in its first label', dictionary: ['AWQ'], text: 'x-github.com/AWQ', expected: [] },
  { rule: 'a host with subdomains and a country’s domain', dictionary: ['AWQ'], text: 'see han-lab.mit.edu/AWQ and nlp.tsinghua.edu.cn/AWQ, x.hf.space/AWQ', expected: [] },
  { rule: 'a name that starts a host', dictionary: ['quip', 'AWQ'], text: 'quip.github.io/AWQ', expected: [] },
  { rule: 'a name before a host in its word', dictionary: ['AWQ', 'GPTQ'], text: 'AWQ:github.com/x AWQ(hf.co/GPTQ)', expected: same('AWQ', 'AWQ') },
  { rule: 'an address that ends a sentence, then prose', dictionary: ['AWQ'], text: '… see github.com/x. AWQ is', expected: same('AWQ') },
  { rule: 'names joined by a slash', dictionary: ['AWQ', 'GPTQ'], text: 'AWQ/GPTQ', expected: same('AWQ', 'GPTQ') },
  { rule: 'an abbreviation in capitals before a slash', dictionary: ['AWQ', 'GPTQ'], text: 'vs.AWQ/GPTQ', expected: same('AWQ', 'GPTQ') },
  { rule: 'abbreviations ending in a dot before a slash', dictionary: ['GPTQ'], text: 'e.g./GPTQ w.r.t./GPTQ et al./GPTQ', expected: same('GPTQ', 'GPTQ', 'GPTQ') },
  { rule: 'a figure, a section, a number before a slash', dictionary: ['AWQ', 'GPTQ'], text: 'Fig.3/AWQ Sec.4.2/GPTQ 4.5/AWQ fig.3/AWQ', expected: same('AWQ', 'GPTQ', 'AWQ', 'AWQ') },
  { rule: 'prose around names', dictionary: ['AWQ', 'GPTQ'], text: 'i.e. GPTQ (AWQ)', expected: same('GPTQ', 'AWQ') },
  { rule: 'a host without a slash after it', dictionary: ['AWQ'], text: 'github.com AWQ, github.com:AWQ', expected: same('AWQ', 'AWQ') },
  { rule: 'a file name before a slash (an extension is no top-level domain)', dictionary: ['GGUF', 'AWQ'], text: 'llama.cpp/GGUF and torch.compile/AWQ', expected: same('GGUF', 'AWQ') },
  { rule: 'lowercase names joined by a dot and a slash', dictionary: ['gptq', 'awq'], text: 'vs.gptq/awq', expected: same('gptq', 'awq') },
  { rule: 'a one-letter last label before a slash', dictionary: ['AWQ'], text: 'a.b/AWQ x.y.z/AWQ', expected: same('AWQ', 'AWQ') },
  { rule: 'names joined by a dot', dictionary: ['AWQ', 'GPTQ'], text: 'AWQ.GPTQ/x AWQ.GPTQ', expected: same('AWQ', 'GPTQ', 'AWQ', 'GPTQ') },
  { rule: 'a top-level domain in capitals: a figure, a table, a section, a sentence glued to the next', dictionary: ['AWQ', 'GPTQ'], text: 'Fig.AB/AWQ Table.IV/GPTQ Sec.IV.B/AWQ results.In/GPTQ', expected: same('AWQ', 'GPTQ', 'AWQ', 'GPTQ') },
  { rule: 'abbreviations in capitals ending in a dot before a slash', dictionary: ['AWQ', 'GPTQ'], text: 'E.g./GPTQ I.e./AWQ U.S./AWQ Ph.D/GPTQ', expected: same('GPTQ', 'AWQ', 'AWQ', 'GPTQ') },
  { rule: 'a file or a version with capitals before a slash', dictionary: ['AWQ', 'GGUF'], text: 'LLaMA.cpp/GGUF PyTorch.compile/AWQ GPT-3.5/AWQ Llama-2-7B.Q4/AWQ', expected: same('GGUF', 'AWQ', 'AWQ', 'AWQ') },
  // A word with capitals glued to a lowercase host (`Quip.github.io/`) might be a host with its first
  // labels capitalised, but is rather read as prose, so that its names stay marked.
  { rule: 'a word with capitals glued to a lowercase host', dictionary: ['AWQ'], text: 'Quip.github.io/AWQ IST-DASLab.github.io/AWQ', expected: same('AWQ', 'AWQ') },
  { rule: 'a host glued to the end of a word', dictionary: ['AWQ'], text: 'Fig.github.com/AWQ Code_github.com/AWQ', expected: same('AWQ', 'AWQ') },
  { rule: 'names listed with commas, semicolons and slashes', dictionary: ['AWQ', 'GPTQ', 'SmoothQuant'], text: 'AWQ,GPTQ/SmoothQuant AWQ;GPTQ/SmoothQuant', expected: same('AWQ', 'GPTQ', 'SmoothQuant', 'AWQ', 'GPTQ', 'SmoothQuant') },
  { rule: 'names joined by dashes', dictionary: ['AWQ', 'GPTQ', 'SmoothQuant'], text: 'AWQ—GPTQ/SmoothQuant AWQ–GPTQ methods—AWQ/GPTQ vs.—AWQ/GPTQ', expected: same('AWQ', 'GPTQ', 'SmoothQuant', 'AWQ', 'GPTQ', 'AWQ', 'GPTQ', 'AWQ', 'GPTQ') },
  { rule: 'prose after a dash that only looks like a host', dictionary: ['AWQ', 'GPTQ'], text: 'GPTQ—Fig.github.com/AWQ AWQ–Table.IV/GPTQ GPTQ—llama.cpp/AWQ', expected: same('GPTQ', 'AWQ', 'AWQ', 'GPTQ', 'GPTQ', 'AWQ') },
  { rule: 'prose after a comma or a semicolon that only looks like a host', dictionary: ['AWQ', 'GPTQ'], text: 'GPTQ,vs.AWQ/x AWQ,e.g./GPTQ AWQ;Sec.4.2/GPTQ GPTQ,llama.cpp/AWQ AWQ;Table.IV/GPTQ GPTQ,Fig.github.com/AWQ', expected: same('GPTQ', 'AWQ', 'AWQ', 'GPTQ', 'AWQ', 'GPTQ', 'GPTQ', 'AWQ', 'AWQ', 'GPTQ', 'GPTQ', 'AWQ') },
  { rule: 'an empty label', dictionary: ['AWQ'], text: 'x..org/AWQ .org/AWQ', expected: same('AWQ', 'AWQ') },

  // Odd dictionaries.
  { rule: 'empty and blank names are ignored', dictionary: ['', ' \n', 'AWQ'], text: ' AWQ ', expected: same('AWQ') },
  { rule: 'one-character names', dictionary: ['Q', 'Q+'], text: 'Q and Q+ but not Qs', expected: same('Q', 'Q+') },
  { rule: 'empty text', dictionary: ['AWQ'], text: '', expected: [] },
];

describe('compileMatcher(…).find', () => {
  it.each(CASES)('$rule: $text', ({ dictionary, text, expected }) => {
    expect(matches(dictionary, text)).toEqual(expected);
  });

  it.each(CASES)('finds the same with a plan: $rule', ({ dictionary, text }) => {
    const { names, order, plan } = planMatcher(dictionary);
    const viaPlan = compileMatcher(names, plan)
      .find(text)
      .map((span) => [text.slice(span.start, span.end), dictionary[order[span.nameIndex]!]!]);
    expect(viaPlan).toEqual(matches(dictionary, text));
  });

  it('reports UTF-16 offsets and the dictionary index', () => {
    const text = '𝐀 AWQ’s and GPTQ';
    expect(compileMatcher(['GPTQ', 'AWQ']).find(text)).toEqual([
      { start: 3, end: 6, nameIndex: 1 },
      { start: 13, end: 17, nameIndex: 0 },
    ]);
  });

  it('keeps the first of names that normalise alike', () => {
    const dictionary = ['Vector  Quantization', 'AWQ', 'Vector Quantization', 'AWQ'];
    expect(compileMatcher(dictionary).find('AWQ Vector Quantization')).toEqual([
      { start: 0, end: 3, nameIndex: 1 },
      { start: 4, end: 23, nameIndex: 0 },
    ]);
  });

  it('keeps the first of names that normalise alike in a group large enough to be walked', () => {
    const crowd = Array.from({ length: 12 }, (_, i) => `AW-${i}`);
    for (const dictionary of [['AW Q', ...crowd, 'AW\tQ', 'AW  Q'], ['AW\tQ', ...crowd, 'AW Q']]) {
      expect(compileMatcher(dictionary).find('an AW Q, AW-3.')).toEqual([
        { start: 3, end: 7, nameIndex: 0 },
        { start: 9, end: 13, nameIndex: 4 },
      ]);
      // Already in the matcher's order: only checked, not sorted.
      const ordered = matchOrder(dictionary).map((i) => dictionary[i]!);
      const first = ordered.findIndex((name) => name === dictionary[0]);
      expect(compileMatcher(ordered).find('an AW\nQ')).toEqual([{ start: 3, end: 7, nameIndex: first }]);
    }
  });

  it('finds a one-character name that many entries share, as written or with whitespace around it', () => {
    for (const dictionary of [Array(9).fill('Q'), ['Q', ' Q', 'Q\t', '\nQ', 'Q ', ...Array(7).fill('Q')], ['GPTQ', ...Array(20).fill('Q')]]) {
      const first = dictionary.indexOf(dictionary.find((name) => name.trim() === 'Q')!);
      expect(compileMatcher(dictionary).find('use Q here, not GPTQv2')).toEqual([{ start: 4, end: 5, nameIndex: first }]);
      const { names, order, plan } = planMatcher(dictionary);
      expect(compileMatcher(names, plan).find('use Q here').map((span) => ({ ...span, nameIndex: order[span.nameIndex] }))).toEqual([{ start: 4, end: 5, nameIndex: first }]);
    }
  });

  it('gives the same spans on a second scan', () => {
    const matcher = compileMatcher(['AWQ', 'GPTQ']);
    expect(matcher.find('AWQ GPTQ')).toEqual(matcher.find('AWQ GPTQ'));
  });

  it('handles a 200k-name dictionary', () => {
    const letter = (n: number) => String.fromCharCode(0x41 + (Math.floor(n) % 26));
    const dictionary = Array.from({ length: 200_000 }, (_, i) => `${letter(i)}${letter(i / 26)}-${i} Quant`);
    const text = `${dictionary[123]} and ${dictionary[199_999]}, not ${dictionary[5]!.slice(0, -1)}`;
    expect(compileMatcher(dictionary).find(text).map((span) => span.nameIndex)).toEqual([123, 199_999]);
  });
});

describe('planMatcher', () => {
  const dictionary = ['  GPTQ ', 'AWQ', 'A \n B', ' ', 'AWQ', 'A'];

  it('normalises the names, puts them in match order and files each group as one run of the list', () => {
    const { names, order, plan } = planMatcher(dictionary);
    expect(names).toEqual(['', 'A', 'A B', 'AWQ', 'AWQ', 'GPTQ']);
    expect(order).toEqual([3, 5, 2, 1, 4, 0]);
    // The blank name comes first and belongs to no group; then "A" alone, "A ", "AW", "GP".
    expect(plan.firstGroupStart).toBe(1);
    expect(plan.groupEnds).toEqual([2, 3, 5, 6]);
    expect(plan.groupKeys).toHaveLength(4);
    expect(plan.firstCodePoints.sort()).toEqual(['A'.codePointAt(0), 'G'.codePointAt(0)]);
    expect(planMatcher([' ', '']).plan).toEqual({ groupKeys: [], groupEnds: [], firstGroupStart: 2, firstCodePoints: [], startsSource: null });
  });

  it('builds a matcher from the plan that finds what one built from the names finds, name indices mapped back', () => {
    const text = 'A B, AWQ and GPTQ, not AutoAWQ; A.';
    const { names, order, plan } = planMatcher(dictionary);
    const planned = compileMatcher(names, plan).find(text).map((span) => ({ ...span, nameIndex: order[span.nameIndex]! }));
    expect(planned).toEqual(compileMatcher(dictionary).find(text));
    expect(planned.map((span) => dictionary[span.nameIndex])).toEqual(['A \n B', 'AWQ', '  GPTQ ', 'A']);
  });

  it('does not use a plan that does not fit the names: builds from the names instead', () => {
    const { names, plan } = planMatcher(dictionary);
    // A text that reaches every group, so that a plan used in spite of its faults would show.
    const text = 'A B, AWQ and GPTQ, not AutoAWQ; A.';
    const expected = compileMatcher(names).find(text);
    expect(expected.map((span) => names[span.nameIndex])).toEqual(['A B', 'AWQ', 'GPTQ', 'A']);
    expect(plan.groupEnds).toEqual([2, 3, 5, 6]);
    const unfit = [
      { ...plan, groupEnds: [3, 4, 6, 7] }, // every group a name on, the last past the last name
      { ...plan, groupEnds: [2, 2, 5, 6] }, // an empty group
      { ...plan, groupKeys: plan.groupKeys.slice(1) }, // keys and ends disagree
      { ...plan, startsSource: null }, // groups without a start pattern
      { ...plan, firstGroupStart: -1 }, // before the first name
    ];
    for (const bad of unfit) expect(compileMatcher(names, bad).find(text)).toEqual(expected);
  });
});

describe('element edges inside the text', () => {
  const matcher = compileMatcher(['QuIP#', 'QuIP', 'GPTQ', 'Grouped Lattice Vector Quantization', 'SmoothQuant', 'AWQ']);
  /** Edges at these offsets; those in `apart` set the text on either side apart (a label, a superscript). */
  const edgesAt = (offsets: number[], apart: number[]): ElementEdges => ({ offsets, separates: (offset) => apart.includes(offset) });
  const found = (text: string, offsets: number[], apart: number[]) =>
    matcher.find(text, edgesAt(offsets, apart)).map(({ start, end }) => text.slice(start, end));

  it.each([
    ['a label set apart from the text', 'TLDRQuIP# wins', [4], [4], ['QuIP#']],
    ['a footnote mark (a superscript) after a name', 'GPTQ2 is', [4], [4], ['GPTQ']],
    ['a name running across emphasis', 'Grouped Lattice Vector Quantization', [8, 15], [], ['Grouped Lattice Vector Quantization']],
    ['a name running across a separating edge', 'Grouped Lattice Vector Quantization', [8, 15], [8, 15], ['Grouped Lattice Vector Quantization']],
    ['a name split by a search-term highlight', 'SmoothQuant', [6], [], ['SmoothQuant']],
    ['<mark>QuIP</mark># is QuIP#', 'QuIP#', [4], [], ['QuIP#']],
    ['<b>GPTQ</b>v2 is no name', 'GPTQv2', [4], [], []],
    ['Auto<em>AWQ</em> is no name', 'AutoAWQ', [4], [], []],
    ['<b>GPTQ</b>+ is no name', 'GPTQ+', [4], [], []],
    ['a label glued by plain inline markup is one word', 'TLDRQuIP# wins', [4], [], []],
    ['no edge: the same text is one word', 'TLDRQuIP# wins', [], [], []],
  ])('%s', (_case, text, offsets, apart, names) => {
    expect(found(text, offsets, apart)).toEqual(names);
  });

  it('<mark>QuIP</mark># marks nothing when only QuIP is known', () => {
    const text = 'QuIP#';
    expect(compileMatcher(['QuIP']).find(text, edgesAt([4], []))).toEqual([]);
  });

  it('asks about an edge only where a letter, digit, + or # meets a name', () => {
    const asked: number[] = [];
    const edges: ElementEdges = {
      offsets: [3, 8, 12, 17],
      separates: (offset) => {
        asked.push(offset);
        return false;
      },
    };
    // 'AWQ' | ' and ' | 'GPTQ' | 'v2 ' | 'x' : only 12 (GPTQ|v2) is asked; 3 and 8 meet spaces, 17 no name.
    compileMatcher(['AWQ', 'GPTQ']).find('AWQ and GPTQv2 x', edges);
    expect(asked).toEqual([12]);
  });

  describe('a web address in the text', () => {
    /** Edges at these offsets, those in `cutting` a block or skipped element between two text nodes. */
    const cutAt = (offsets: number[], cutting: number[]): ElementEdges => ({
      offsets,
      separates: (offset) => cutting.includes(offset),
      breaks: (start, end) => cutting.some((offset) => offset > start && offset < end),
    });
    const addressesFound = (text: string, offsets: number[], cutting: number[]) =>
      matcher.find(text, cutAt(offsets, cutting)).map(({ start, end }) => text.slice(start, end));

    it.each([
      // `see https://x.org/<b>GPTQ</b>`: emphasis inside an address is still the address.
      ['a name in emphasis inside an address', 'see https://x.org/GPTQ', [18], [], []],
      // `see https://x.org/<br>GPTQ`, `<td>https://x.org/</td><td>GPTQ</td>`: the address ended before.
      ['a name after a line break that follows an address', 'see https://x.org/GPTQ', [18], [18], ['GPTQ']],
      ['a name after a cut further on', 'see https://x.org/a/GPTQ', [18], [18], ['GPTQ']],
      // `Code<br>https://x.org/GPTQ`: an address in the next line.
      ['an address after a cut', 'Codehttps://x.org/GPTQ', [4], [4], []],
      ['an address after a cut, before the next one', 'AWQhttps://x.org/GPTQ and', [3, 21], [3, 21], ['AWQ']],
      ['names in two addresses, one cut from the other', 'https://x.org/AWQhttps://y.org/GPTQ', [17], [17], []],
      ['names either side of a cut in one word', 'https://x.org/AWQ/GPTQ', [14, 18], [18], ['GPTQ']],
      // `Code<br>github.com/x/GPTQ`, `<td>Code</td><td>github.com/x/GPTQ</td>`: a host starting the next line.
      ['a host after a cut', 'Codegithub.com/x/GPTQ', [4], [4], []],
      ['a host after a cut inside a word of host characters', 'seegithub.com/x/GPTQ', [3], [3], []],
      ['a host with capitals after a cut', 'CodeGitHub.com/x/GPTQ', [4], [4], []],
      // `(code)<b>github.com/x/GPTQ`: emphasis does not start a word.
      ['a host after an edge that does not cut', '(code)github.com/x/GPTQ', [6], [], ['GPTQ']],
      ['a host cut from its slash', 'github.com/GPTQ', [10], [10], ['GPTQ']],
      ['a host cut inside', 'github.com/GPTQ', [3], [3], []],
      ['a host cut inside its last label', 'github.com/GPTQ', [8], [8], ['GPTQ']],
      ['a name after a cut that follows a host', 'hf.co/xGPTQ', [7], [7], ['GPTQ']],
      ['a host in emphasis', 'see hf.co/GPTQ', [4, 9], [], []],
    ])('%s', (_case, text, offsets, cutting, names) => {
      expect(addressesFound(text, offsets, cutting)).toEqual(names);
    });

    it('finds a host that starts at a cut after a name in the same run of lowercase letters', () => {
      // `<td>awq</td><td>hf.co/GPTQ</td>`: the name is in the first cell, the address in the second.
      const text = 'awqhf.co/GPTQ';
      expect(compileMatcher(['awq', 'GPTQ']).find(text, cutAt([3], [3])).map(({ start, end }) => text.slice(start, end))).toEqual(['awq']);
    });
  });

  it('forgets the edges of an earlier call', () => {
    expect(found('TLDRQuIP#', [4], [4])).toEqual(['QuIP#']);
    expect(found('TLDRQuIP#', [], [])).toEqual([]);
  });
});

describe('math glued after a name', () => {
  /**
   * The text read around math, which is not read (`QuIP<math>#</math> beats SQ<math>+</math>`): `shown` says
   * what the math at each offset shows, as `ElementEdges.mathGoesOn` does (LaTeXML's `\\#` as `#`).
   */
  const mathAt = (shown: Record<number, string>, cut: number[] = []): ElementEdges => ({
    offsets: Object.keys(shown).map(Number),
    separates: (offset) => offset in shown || cut.includes(offset),
    breaks: (start, end) => cut.some((offset) => offset > start && offset < end),
    mathGoesOn: (offset) => shown[offset] ?? '',
    mathStarts: Object.keys(shown).map(Number),
  });
  /** Each name found: the text it covers, the name, and whether it ends with the math after that text. */
  const found = (dictionary: readonly string[], text: string, edges: ElementEdges) =>
    compileMatcher(dictionary)
      .find(text, edges)
      .map((span) => [text.slice(span.start, span.end), dictionary[span.nameIndex]!, span.throughMath === true]);
  const quip = ['QuIP', 'QuIP#', 'SQ+', 'SmoothQuant', 'GPTQ'];

  it.each([
    // LaTeX's `QuIP$\#$` and `SQ$+$`, as LaTeXML typesets them: the math shows the name's last character, and nothing more.
    ['a # typeset as math ends QuIP#', 'QuIP beats QuIP.', { 4: '#' }, [['QuIP', 'QuIP#', true], ['QuIP', 'QuIP', false]]],
    ['a + typeset as math ends SQ+, though SQ is no name', 'SQ and SQ', { 2: '+' }, [['SQ', 'SQ+', true]]],
    ['at the end of the text', 'see QuIP', { 8: '#' }, [['QuIP', 'QuIP#', true]]],
    ['more math than the # goes on with it into no name', 'QuIP and', { 4: '#_{2}' }, []],
    ['a + after QuIP makes no name of it', 'QuIP and', { 4: '+' }, []],
    ['a # after a name no name goes on from', 'GPTQ and', { 4: '#' }, []],
    ['a # after a name’s stem that is part of a word', 'SmoothQuIP and', { 10: '#' }, []],
  ])('%s', (_case, text, shown, expected) => {
    expect(found(quip, text, mathAt(shown))).toEqual(expected);
  });

  it.each([
    ['one letter and a #: C#, where no name starts with C alone', 'We use C.', { 8: '#' }, [['C', 'C#', true]]],
    ['at the start and at the end of the text', 'C and C', { 1: '#', 7: '#' }, [['C', 'C#', true], ['C', 'C#', true]]],
    ['a + after one letter, before a name the RegExp finds', 'Q GPTQ', { 1: '+' }, [['Q', 'Q+', true], ['GPTQ', 'GPTQ', false]]],
    ['not after a letter: a word holds it', 'AC and', { 2: '#' }, []],
  ])('a name whose second character is the math’s, which the text leaves out: %s', (_case, text, shown, expected) => {
    expect(found(['C#', 'Q+', 'GPTQ'], text, mathAt(shown))).toEqual(expected);
  });

  it('finds the name across markup inside the stem, never across a block', () => {
    const text = 'Grouped Lattice and Grouped Lattice';
    const dictionary = ['Grouped Lattice+', 'Lattice'];
    expect(found(dictionary, text, mathAt({ 15: '+', 35: '+' }))).toEqual([['Grouped Lattice', 'Grouped Lattice+', true], ['Grouped Lattice', 'Grouped Lattice+', true]]);
    expect(found(dictionary, text, mathAt({ 15: '+', 35: '+' }, [8]))).toEqual([['Grouped Lattice', 'Grouped Lattice+', true]]);
  });

  it('finds it in a group large enough to be walked, and from a plan', () => {
    const dictionary = [...Array.from({ length: 20 }, (_, i) => `QuIP-${i}`), 'QuIP#', 'QuaRot'];
    expect(found(dictionary, 'QuIP, QuaRot', mathAt({ 4: '#' }))).toEqual([['QuIP', 'QuIP#', true], ['QuaRot', 'QuaRot', false]]);
    const { names, order, plan } = planMatcher(quip);
    const spans = compileMatcher(names, plan).find('QuIP and SQ', mathAt({ 4: '#', 11: '+' }));
    expect(spans.map((span) => [quip[order[span.nameIndex]!], span.throughMath])).toEqual([['QuIP#', true], ['SQ+', true]]);
  });

  it('asks what math shows only where a name ends, and where math starts right after a letter or digit', () => {
    const asked: number[] = [];
    const edges: ElementEdges = {
      offsets: [4, 12, 17, 21],
      separates: () => true,
      mathGoesOn: (offset) => {
        asked.push(offset);
        return '';
      },
      // Math after ' ' (17) and after 'P' (21): `AWQ Quantize and <math/>QuIP<math/>, GPTQ`.
      mathStarts: [17, 21],
    };
    // Names end at 3 and 27 (AWQ, GPTQ); QuIP# is looked for only before the math glued to QuIP.
    compileMatcher(['AWQ', 'QuIP#', 'GPTQ']).find('AWQ Quantize and QuIP, GPTQ', edges);
    expect(asked.sort((a, b) => a - b)).toEqual([3, 21, 27]);
  });

  it('finds a name the math ends only where the reader saw math start', () => {
    const edges = { ...mathAt({ 4: '#' }), mathStarts: [] };
    expect(found(quip, 'QuIP beats QuIP.', edges)).toEqual([['QuIP', 'QuIP', false]]);
  });
});
