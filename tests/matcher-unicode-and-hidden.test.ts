// @vitest-environment happy-dom
/**
 * Word edges as a reader sees them: combining marks belong to the word they sit in, invisible joiners
 * join the letters on either side and are no part of a name, elements never rendered are no gap, typeset
 * math is math. Names are the bundled snapshot's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { compileMatcher, planMatcher } from '../lib/match/matcher';
import { elementEdges, textCollector, type CollectOptions } from '../lib/match/text-index';

const NAMES = [
  'AWQ', 'GPTQ', 'QuIP', 'QuIP#', 'AQLM', 'SmoothQuant', 'SQ+', 'LLM.int8()',
  'Grouped Lattice Vector Quantization', 'GLVQ', 'Grouped Lattice Vector Quantization (GLVQ)',
];

/** The matched pieces of text, through both the plain and the planned matcher (they must agree). */
function found(text: string, names: readonly string[] = NAMES): string[] {
  const plain = compileMatcher(names).find(text).map((span) => text.slice(span.start, span.end));
  const { names: planned, plan } = planMatcher(names);
  const viaPlan = compileMatcher(planned, plan).find(text).map((span) => text.slice(span.start, span.end));
  expect(viaPlan).toEqual(plain);
  return plain;
}

/** The names found on a page, through the production read, matcher and element edges. */
function namesOn(html: string, options: CollectOptions = {}): string[] {
  document.body.innerHTML = html;
  const collector = textCollector(document.body, options);
  collector.step(() => false);
  const index = collector.index;
  return compileMatcher(NAMES).find(index.text, elementEdges(index)).map((span) => index.text.slice(span.start, span.end));
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('combining marks belong to the letter they follow', () => {
  it('a name after a letter written as base + combining mark (NFD) is part of that word, as it is after the same letter in NFC', () => {
    const nfc = 'Caf\u00e9AWQ';
    const nfd = nfc.normalize('NFD'); // 'Cafe\u0301AWQ'
    expect(found(nfc)).toEqual([]);
    expect(found(nfd)).toEqual(found(nfc));
  });

  it('a name followed by a combining mark is a different word (the mark would end inside a character)', () => {
    expect(found('AWQ\u0301 and GPTQ\u0308')).toEqual([]);
  });

  it('an Indic vowel sign (a spacing or non-spacing mark) glued to a name makes a different word', () => {
    expect(found('\u0915\u093fAWQ')).toEqual([]); // कि + AWQ
    expect(found('AWQ\u093f')).toEqual([]);
  });
});

describe('every character below U+2100 is a word character exactly when Unicode says it is a letter, digit or mark', () => {
  // The matcher decides Latin-1 and General Punctuation without its Unicode RegExp; this is that RegExp's class.
  // A joiner (soft hyphen, zero-width non-joiner and joiner, word joiner) with no letter beyond it joins nothing.
  const WORD = /^[\p{L}\p{N}\p{M}]$/u;
  const characters = Array.from({ length: 0x2100 - 0x80 }, (_, i) => String.fromCodePoint(0x80 + i));

  it('after a name, except superscript digits: there they are footnote marks (`AWQ¹`)', () => {
    const matcher = compileMatcher(['AWQ']);
    const ended = characters.filter((character) => matcher.find(`AWQ${character}`).length === 1);
    expect(ended).toEqual(characters.filter((character) => !WORD.test(character) || /^[¹²³⁰⁴-⁹]$/u.test(character)));
  });

  it('before a name at an element edge: the edge is asked about only after a word character', () => {
    const matcher = compileMatcher(['AWQ']);
    const asked: string[] = [];
    for (const character of characters) {
      matcher.find(`${character}AWQ`, { offsets: [1], separates: () => (asked.push(character), false) });
    }
    expect(asked).toEqual(characters.filter((character) => WORD.test(character)));
  });
});

describe('whitespace inside a name is what JavaScript calls whitespace', () => {
  const units = Array.from({ length: 0x10000 }, (_, code) => String.fromCharCode(code)).filter((unit) => !/[\ud800-\udfff]/.test(unit));
  const spaces = units.filter((unit) => /^\s$/.test(unit));

  it.each([
    ['tried name by name', ['A B']],
    ['walked like a trie (a group of more than eight names)', ['A B', ...Array.from({ length: 9 }, (_, i) => `A C${i}`)]],
  ])('in a group %s, every UTF-16 unit between the words', (_, names) => {
    const matcher = compileMatcher(names);
    expect(units.filter((unit) => matcher.find(`A${unit}B`).length === 1)).toEqual(spaces);
  });
});

describe('invisible format characters do not split or join words', () => {
  it('GPTQ + soft hyphen + v2 reads GPTQv2: no GPTQ', () => {
    expect(found('GPTQ\u00adv2')).toEqual([]);
  });

  it('a word joiner (U+2060) glued between letters keeps one word', () => {
    expect(found('Auto\u2060AWQ GPTQ\u2060v2')).toEqual([]);
  });
});

describe('a name is read past the joiners inside it, as the reader sees it whole', () => {
  const SOFT_HYPHEN = '\u00ad';

  it.each([
    ['a soft hyphen the page put in to hyphenate', `Smooth${SOFT_HYPHEN}Quant is fast`, [`Smooth${SOFT_HYPHEN}Quant`]],
    ['two soft hyphens', `Smooth${SOFT_HYPHEN}Qu${SOFT_HYPHEN}ant`, [`Smooth${SOFT_HYPHEN}Qu${SOFT_HYPHEN}ant`]],
    ['a soft hyphen after the first letter', `S${SOFT_HYPHEN}moothQuant`, [`S${SOFT_HYPHEN}moothQuant`]],
    ['a word joiner, a zero-width joiner and non-joiner', 'AW\u2060Q, GP\u200dTQ and AQ\u200cLM', ['AW\u2060Q', 'GP\u200dTQ', 'AQ\u200cLM']],
    ['before a name’s `#`: the longer name', `QuIP${SOFT_HYPHEN}# and QuIP`, [`QuIP${SOFT_HYPHEN}#`, 'QuIP']],
    ['in a name of several words, and beside its spaces', `Grouped Lat${SOFT_HYPHEN}tice Vector${SOFT_HYPHEN} Quantization (GLVQ)`, [`Grouped Lat${SOFT_HYPHEN}tice Vector${SOFT_HYPHEN} Quantization (GLVQ)`]],
    ['in a name with punctuation', `LLM.${SOFT_HYPHEN}int8() and SQ${SOFT_HYPHEN}+`, [`LLM.${SOFT_HYPHEN}int8()`, `SQ${SOFT_HYPHEN}+`]],
  ])('%s', (_, text, names) => {
    expect(found(text)).toEqual(names);
  });

  it('a joiner at a name’s edge joins it to a letter or digit on the other side, and nothing else', () => {
    expect(found(`Auto${SOFT_HYPHEN}AWQ, GPTQ${SOFT_HYPHEN}v2, AWQ${SOFT_HYPHEN}2`)).toEqual([]);
    expect(found(`(${SOFT_HYPHEN}AWQ${SOFT_HYPHEN}) and ${SOFT_HYPHEN}GPTQ${SOFT_HYPHEN}`)).toEqual(['AWQ', 'GPTQ']);
    // A `+` or `#` beyond it goes on with the name as it does right after it: SmoothQuant+ is another method.
    expect(found(`SmoothQuant${SOFT_HYPHEN}+`)).toEqual([]);
  });

  it('a name of the dictionary holding a joiner is the name without it', () => {
    expect(found('SpinQuant and Spin\u00adQuant', ['Spin\u00adQuant'])).toEqual(['SpinQuant', 'Spin\u00adQuant']);
    expect(found('AWQ', ['\u2060AWQ\u2060'])).toEqual(['AWQ']);
  });

  it('in a group of more than eight names, walked like a trie', () => {
    const names = ['SmoothQuant', ...Array.from({ length: 9 }, (_, i) => `Smooth${i}`)];
    expect(found(`Smooth${SOFT_HYPHEN}Quant and Smooth${SOFT_HYPHEN}3`, names)).toEqual([`Smooth${SOFT_HYPHEN}Quant`, `Smooth${SOFT_HYPHEN}3`]);
  });

  it('on a page: a soft hyphen written as `&shy;`, in an element of its own, or across an element edge', () => {
    expect(namesOn('<p>Smooth&shy;Quant, Smooth<span>&shy;</span>Quant and Smooth&shy;<em>Quant</em></p>')).toEqual(['Smooth\u00adQuant', 'Smooth\u00adQuant', 'Smooth\u00adQuant']);
  });
});

describe('elements no reader sees do not separate words', () => {
  it('Auto<span hidden>…</span>AWQ reads AutoAWQ: no AWQ', () => {
    expect(namesOn('<p>Auto<span hidden>matic</span>AWQ is a package.</p>')).toEqual([]);
  });

  it('GPTQ<template>…</template>v2 and GPTQ<style>…</style>v2 read GPTQv2: no GPTQ', () => {
    expect(namesOn('<p>GPTQ<template>x</template>v2 and GPTQ<style>.x{}</style>v2</p>')).toEqual([]);
  });

  it('Smooth<span hidden>…</span>Quant reads SmoothQuant', () => {
    expect(namesOn('<p>Smooth<span hidden>x</span>Quant</p>')).toEqual(['SmoothQuant']);
  });
});

describe('math typeset by MathJax on arXiv abstract and listing pages is math', () => {
  it('text in MathJax 2 CommonHTML output is not marked (its <math> copy already is skipped)', () => {
    const html =
      '<blockquote class="abstract mathjax">We beat ' +
      '<span class="MathJax_Preview" style="display:none"></span>' +
      '<span class="mjx-chtml MathJax_CHTML" id="MathJax-Element-1-Frame" tabindex="0"><span class="mjx-math" aria-hidden="true">' +
      '<span class="mjx-mrow"><span class="mjx-texatom"><span class="mjx-mrow"><span class="mjx-mtext">' +
      '<span class="mjx-char MJXc-TeX-main-R">AWQ</span></span></span></span></span></span>' +
      '<span class="MJX_Assistive_MathML" role="presentation"><math><mtext>AWQ</mtext></math></span></span>' +
      '<script type="math/tex" id="MathJax-Element-1">\\text{AWQ}</script> at 2 bits.</blockquote>';
    expect(namesOn(html)).toEqual([]);
  });
});
