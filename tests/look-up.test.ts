/**
 * The context menu's "Look up": what a selection opens, by the pages' matcher over the real bundled
 * dictionary (names, aliases, the TeX spellings), as a table.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookUpView } from '@/lib/background/look-up';
import { LOOK_UP_READS_AT_MOST, LOOKED_UP_AT_MOST, lookUpWords } from '@/lib/pending-view';
import { planDictionary } from '@/lib/page-dictionary';
import type { TopicDocument } from '@/lib/snapshot/schema';
import type { MatchDictionary } from '@/lib/store/read';

const bundled = JSON.parse(readFileSync(join(import.meta.dirname, '../public/snapshot/llm-quantization.json'), 'utf8')) as TopicDocument;

/** The dictionary the background plans for pages, from the bundled topic's names and aliases. */
function bundledDictionary() {
  const names: string[] = [];
  const methodIndex: number[] = [];
  bundled.methods.forEach((method, index) => {
    for (const name of [method.name, ...method.aliases]) {
      names.push(name);
      methodIndex.push(index);
    }
  });
  const dictionary: MatchDictionary = { snapshotKey: 'test', names, methodIndex, methods: bundled.methods.map(({ id, status }) => ({ id, status })) };
  return planDictionary(dictionary);
}
const dictionary = bundledDictionary();
const record = (idOrName: string) => ({ view: 'method', idOrName });
const search = (query: string) => ({ view: 'search', query });
/** The list a sentence opens: each method, how often, and under which names (as the matcher has them). */
const selection = (...named: [string, number, string[]][]) => ({ view: 'selection', mentions: named.map(([methodId, count, names]) => ({ methodId, count, names })) });

describe('lookUpView', () => {
  it.each([
    ['a name as selected', 'AWQ', record('awq')],
    ['with the spaces and line breaks a selection carries', '  AWQ\n', record('awq')],
    ['a possessive', 'AWQ’s', record('awq')],
    ['a hyphenated compound', 'GPTQ-style', record('gptq')],
    ['in brackets', '(AQLM)', record('aqlm')],
    ['an alias', 'GLVQ', record('grouped-lattice-vector-quantization')],
    ['a multi-word name across a line break', 'Grouped Lattice\nVector Quantization', record('grouped-lattice-vector-quantization')],
    ['the TeX spelling an abstract prints', 'QuIP\\#', record('quip-sharp')],
    ['QuIP# is not QuIP', 'QuIP#', record('quip-sharp')],
    ['a sentence naming several: the list of them, the most named first', 'GPTQ and AWQ; unlike GPTQ, AWQ keeps… GPTQ again', selection(['gptq', 3, ['GPTQ']], ['awq', 2, ['AWQ']])],
    ['several named as often: the first named first', 'we compare AQLM with AWQ', selection(['aqlm', 1, ['AQLM']], ['awq', 1, ['AWQ']])],
    ['several, one by an alias and its name', 'GLVQ beats GPTQ; Grouped Lattice Vector Quantization, that is', selection(['grouped-lattice-vector-quantization', 2, ['GLVQ', 'Grouped Lattice Vector Quantization']], ['gptq', 1, ['GPTQ']])],
    ['one method named twice, by its name and an alias, is one record', 'Grouped Lattice Vector Quantization (GLVQ)', record('grouped-lattice-vector-quantization')],
    ['a name glued to a letter is another name', 'AutoAWQ', search('AutoAWQ')],
    ['a case the KB does not write is no name', 'awq', search('awq')],
    ['words naming no method', 'quantization   noise', search('quantization noise')],
  ])('%s: %j', (_what, selection, view) => {
    expect(lookUpView(selection, dictionary)).toEqual(view);
  });

  it('looks up nothing for a selection of spaces', () => {
    expect(lookUpView(' \n\t ', dictionary)).toBeNull();
  });

  it(`searches for at most ${LOOKED_UP_AT_MOST} characters of words naming no method, whole characters only`, () => {
    // The emoji is the 100th character, in UTF-16 units 99 and 100: cut by units, half of it would stay.
    const long = `${'word '.repeat(19)}abcd😀e`;
    expect(lookUpView(long, dictionary)).toEqual(search(`${'word '.repeat(19)}abcd😀`));
    expect(lookUpView('x'.repeat(5_000), dictionary)).toEqual(search('x'.repeat(LOOKED_UP_AT_MOST)));
  });

  it(`reads a selection's first ${LOOK_UP_READS_AT_MOST.toLocaleString('en')} characters: a whole paper selected names what they name`, () => {
    // AWQ named 4,545 times in the first 99,990 characters, GPTQ 50,000 times after them.
    const paper = `${'We quantize with AWQ. '.repeat(4_545)}${'GPTQ. '.repeat(50_000)}`;
    expect(paper.length).toBeGreaterThan(LOOK_UP_READS_AT_MOST);
    // The last 10 characters read: "GPTQ. GPTQ".
    expect(lookUpView(paper, dictionary)).toEqual(selection(['awq', 4_545, ['AWQ']], ['gptq', 2, ['GPTQ']]));
  });
});

describe('lookUpWords', () => {
  it.each([
    ['spaces, tabs and line breaks made single spaces', ' GPTQ\t and\n\n AWQ ', 'GPTQ and AWQ'],
    ['a no-break space is whitespace too', 'AWQ\u00a0vs GPTQ', 'AWQ vs GPTQ'],
    ['nothing but whitespace', ' \n\u2003', ''],
  ])('%s', (_what, selection, words) => {
    expect(lookUpWords(selection)).toBe(words);
  });

  it(`cuts at ${LOOK_UP_READS_AT_MOST.toLocaleString('en')} characters, never inside one`, () => {
    expect(lookUpWords('a'.repeat(LOOK_UP_READS_AT_MOST))).toHaveLength(LOOK_UP_READS_AT_MOST);
    expect(lookUpWords('a'.repeat(LOOK_UP_READS_AT_MOST + 7))).toHaveLength(LOOK_UP_READS_AT_MOST);
    // The emoji's first unit is the last the cut keeps: the emoji goes whole.
    expect(lookUpWords(`${'a'.repeat(LOOK_UP_READS_AT_MOST - 1)}😀b`)).toBe('a'.repeat(LOOK_UP_READS_AT_MOST - 1));
  });
});
