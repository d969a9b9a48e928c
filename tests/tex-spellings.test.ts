import { describe, expect, it } from 'vitest';
import { compileMatcher } from '@/lib/match/matcher';
import { texSpellings, withTexSpellings } from '@/lib/match/tex-spellings';
import { planDictionary } from '@/lib/page-dictionary';

describe('TeX spellings of a name', () => {
  it.each([
    ['QuIP#', ['QuIP\\#', 'QuIP$\\#$']],
    ['SQ+', ['SQ$+$']],
    ['A#B+', ['A\\#B$+$', 'A$\\#$B$+$']],
    ['AWQ', []],
    ['LLM.int8()', []],
  ])('%s is also written %j', (name, spellings) => {
    expect(texSpellings(name)).toEqual(spellings);
  });

  it('names the method its name names', () => {
    expect(withTexSpellings(['AWQ', 'QuIP#', 'SQ+'], [4, 7, 9])).toEqual({
      names: ['AWQ', 'QuIP#', 'SQ+', 'QuIP\\#', 'QuIP$\\#$', 'SQ$+$'],
      methodIndex: [4, 7, 9, 7, 7, 9],
    });
  });
});

describe('the page dictionary', () => {
  const methods = [
    { id: 'quip', status: 'heavily superseded' as const },
    { id: 'quip-sharp', status: 'superseded' as const },
    { id: 'sq-plus', status: null },
  ];
  const dictionary = planDictionary({ snapshotKey: 'k', names: ['QuIP', 'QuIP#', 'SQ+'], methodIndex: [0, 1, 2], methods });
  const found = (text: string) =>
    compileMatcher(dictionary.names, dictionary.plan)
      .find(text)
      .map((span) => [text.slice(span.start, span.end), methods[dictionary.methodIndex[span.nameIndex]!]!.id]);

  it('finds QuIP# and SQ+ where an abstract page prints them as TeX, and QuIP where it is QuIP', () => {
    expect(found('QuIP\\# and QuIP$\\#$ beat SQ$+$, not QuIP$_{2}$ or QuIP.')).toEqual([
      ['QuIP\\#', 'quip-sharp'],
      ['QuIP$\\#$', 'quip-sharp'],
      ['SQ$+$', 'sq-plus'],
      ['QuIP', 'quip'],
      ['QuIP', 'quip'],
    ]);
  });

  it('still ends a spelling where a name ends: QuIP\\#x is no method', () => {
    expect(found('QuIP\\#x and QuIP$\\#$2')).toEqual([]);
  });

  it('finds QuIP# and SQ+ under those names where their # and + are math glued to the rest, typeset (LaTeXML’s `QuIP<math>#</math>`)', () => {
    // The text read around the math, which is not read, and what the math at each offset shows.
    const text = 'QuIP beats SQ, not QuIP';
    const shown: Record<number, string> = { 4: '#', 13: '+', 23: '#_{2}' };
    const edges = { offsets: [4, 13], separates: () => true, mathGoesOn: (offset: number) => shown[offset] ?? '', mathStarts: [4, 13, 23] };
    const spans = compileMatcher(dictionary.names, dictionary.plan).find(text, edges);
    expect(spans.map((span) => [text.slice(span.start, span.end), dictionary.names[span.nameIndex], methods[dictionary.methodIndex[span.nameIndex]!]!.id])).toEqual([
      ['QuIP', 'QuIP#', 'quip-sharp'],
      ['SQ', 'SQ+', 'sq-plus'],
    ]);
  });
});
