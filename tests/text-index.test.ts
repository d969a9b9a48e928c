// @vitest-environment happy-dom
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { compileMatcher } from '../lib/match/matcher';
import {
  BOUNDARY,
  collectText,
  isBlockElement,
  locate,
  toStaticRanges,
  type CollectOptions,
  type TextIndex,
  type TextRange,
} from '../lib/match/text-index';

const noExtraSkip: CollectOptions = { skip: () => false };
const B = BOUNDARY;

function bodyWith(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body;
}

const textOf = (html: string, options = noExtraSkip) => collectText(bodyWith(html), options).text;

/** The text a range covers, read by a live Range from the DOM itself. */
function rangeText(range: TextRange): string {
  const live = document.createRange();
  live.setStart(range.startContainer, range.startOffset);
  live.setEnd(range.endContainer, range.endOffset);
  return live.toString();
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('collectText skipping', () => {
  it.each([
    ['script', '<script>GPTQ</script>'],
    ['style', '<style>GPTQ</style>'],
    ['noscript', '<noscript>GPTQ</noscript>'],
    ['template', '<template>GPTQ</template>'],
    ['textarea', '<textarea>GPTQ</textarea>'],
    ['select', '<select><option>GPTQ</option></select>'],
    ['math', '<math><mi>GPTQ</mi></math>'],
    ['svg', '<svg><text>GPTQ</text></svg>'],
    ['our card', '<method-lens-card><span>GPTQ</span></method-lens-card>'],
    ['contenteditable', '<span contenteditable>GPTQ</span>'],
    ['contenteditable="true"', '<span contenteditable="true"><b>GPTQ</b></span>'],
    ['contenteditable="plaintext-only"', '<span contenteditable="plaintext-only">GPTQ</span>'],
  ])('never reads %s', (_, html) => {
    expect(textOf(`<p>AWQ ${html} SQ</p>`)).toBe(`AWQ ${B} SQ`);
  });

  it('reads contenteditable="false"', () => {
    expect(textOf('<p>AWQ <span contenteditable="false">GPTQ</span></p>')).toBe('AWQ GPTQ');
  });

  it('skips what options.skip names, with everything inside', () => {
    const options = { skip: (element: Element) => element.classList.contains('no-marks') };
    expect(textOf('<p>AWQ <span class="no-marks">GPTQ <em>SQ</em></span> QuIP</p>', options)).toBe(`AWQ ${B} QuIP`);
  });

  it('reads nothing when root is skipped or lies inside a skipped element', () => {
    bodyWith('<div contenteditable><p id="inside">GPTQ</p></div><textarea id="field">AWQ</textarea>');
    expect(collectText(document.getElementById('inside')!, noExtraSkip).text).toBe('');
    expect(collectText(document.getElementById('field')!, noExtraSkip).text).toBe('');
  });

  it('reads a text node given as root, and a fragment', () => {
    bodyWith('<p>GPTQ</p>');
    expect(collectText(document.querySelector('p')!.firstChild!, noExtraSkip).text).toBe('GPTQ');
    const fragment = document.createRange().createContextualFragment('<p>AWQ</p><p>SQ</p>');
    expect(collectText(fragment, noExtraSkip).text).toBe(`AWQ${B}SQ`);
  });

  it('ignores comments', () => {
    expect(textOf('<p>Qu<!-- GPTQ -->IP#</p>')).toBe('QuIP#');
  });
});

describe('collectText boundaries', () => {
  it('joins text across inline elements without a separator', () => {
    expect(textOf('<p>Grouped <em>Lattice</em> <a href="#"><b>Vector</b></a> Quan<sup>t</sup>ization</p>')).toBe(
      'Grouped Lattice Vector Quantization',
    );
  });

  it.each([
    ['sibling paragraphs', '<p>AWQ</p><p>GPTQ</p>'],
    ['a line break', 'AWQ<br>GPTQ'],
    ['a horizontal rule', 'AWQ<hr>GPTQ'],
    ['leaving a block', '<div>AWQ</div>GPTQ'],
    ['entering a block', 'AWQ<div>GPTQ</div>'],
    ['an empty block', 'AWQ<p></p>GPTQ'],
    ['nested blocks, one separator', '<div><p><span>AWQ</span></p></div><section><div><p>GPTQ</p></div></section>'],
    ['table cells', '<table><tr><td>AWQ</td><td>GPTQ</td></tr></table>'],
    ['list items', '<ul><li>AWQ</li><li>GPTQ</li></ul>'],
    ['a skipped element between inline text', 'AWQ<svg></svg>GPTQ'],
  ])('puts one separator at %s', (_, html) => {
    expect(textOf(html)).toBe(`AWQ${B}GPTQ`);
  });

  it('puts no separator before the first or after the last text', () => {
    expect(textOf('<div><p><br>AWQ</p><hr></div>')).toBe('AWQ');
  });

  it('lets no multi-word name match across blocks, but across inline elements and line breaks in the source', () => {
    const matcher = compileMatcher(['Vector Quantization']);
    expect(matcher.find(textOf('<p>Vector</p><p>Quantization</p>'))).toEqual([]);
    expect(matcher.find(textOf('<td>Vector<br>Quantization</td>'))).toEqual([]);
    expect(matcher.find(textOf('<p><em>Vector</em>\n  Quantization</p>'))).toHaveLength(1);
  });

  it('tells block elements', () => {
    expect(isBlockElement(document.createElement('li'))).toBe(true);
    expect(isBlockElement(document.createElement('em'))).toBe(false);
  });
});

describe('collectText nodes and offsets', () => {
  it('lists the text nodes read and where each starts', () => {
    const root = bodyWith('<p>AWQ <em>and</em></p><p>GPTQ</p>');
    const index = collectText(root, noExtraSkip);
    expect(index.nodes.map((node) => node.data)).toEqual(['AWQ ', 'and', 'GPTQ']);
    expect(index.starts).toEqual([0, 4, 8]);
    index.nodes.forEach((node, i) => expect(index.text.slice(index.starts[i], index.starts[i]! + node.length)).toBe(node.data));
  });

  it('leaves out empty text nodes', () => {
    const root = bodyWith('<p>AWQ</p>');
    const paragraph = root.querySelector('p')!;
    paragraph.prepend(document.createTextNode(''));
    paragraph.append(document.createTextNode(''), document.createTextNode('GPTQ'));
    const index = collectText(root, noExtraSkip);
    expect(index.nodes.map((node) => node.data)).toEqual(['AWQ', 'GPTQ']);
    expect(index.starts).toEqual([0, 3]);
  });

  it('is empty for a root without text', () => {
    expect(collectText(bodyWith('<div><p></p></div>'), noExtraSkip)).toEqual({ text: '', nodes: [], starts: [], edges: [] });
  });
});

describe('collectText element edges', () => {
  it('records where an inline element starts or ends between two text nodes', () => {
    const index = collectText(bodyWith('<p><span>TLDR</span><span>QuIP# wins</span> over <b>AWQ</b>.</p>'), noExtraSkip);
    expect(index.text).toBe('TLDRQuIP# wins over AWQ.');
    expect(index.edges).toEqual([4, 14, 20, 23]);
  });

  it('records no edge between two text nodes of the same element, nor at a block boundary', () => {
    const paragraph = bodyWith('<p>GPTQ</p><div>AWQ</div>').querySelector('p')!;
    paragraph.appendChild(document.createTextNode('v2'));
    const index = collectText(paragraph.parentElement!, noExtraSkip);
    expect(index.text).toBe(`GPTQv2${B}AWQ`);
    expect(index.edges).toEqual([]);
  });
});

describe('locate', () => {
  const index = (): TextIndex => collectText(bodyWith('<p>AW<em>Q</em></p><p>GPTQ</p>'), noExtraSkip);

  it('finds the node and offset of a position', () => {
    const located = index(); // 'AW' 'Q' BOUNDARY 'GPTQ'
    expect(locate(located, 0)).toEqual({ node: located.nodes[0], offset: 0 });
    expect(locate(located, 1)).toEqual({ node: located.nodes[0], offset: 1 });
    expect(locate(located, 4)).toEqual({ node: located.nodes[2], offset: 0 });
    expect(locate(located, 8)).toEqual({ node: located.nodes[2], offset: 4 });
  });

  it('puts a position between two nodes in the next one at a start, in the previous one at an end', () => {
    const located = index();
    expect(locate(located, 2, 'start')).toEqual({ node: located.nodes[1], offset: 0 });
    expect(locate(located, 2, 'end')).toEqual({ node: located.nodes[0], offset: 2 });
    expect(locate(located, 3, 'end')).toEqual({ node: located.nodes[1], offset: 1 });
  });

  it('refuses positions outside the text', () => {
    expect(() => locate(index(), 9)).toThrow(RangeError);
    expect(() => locate(index(), -1)).toThrow(RangeError);
    expect(() => locate(collectText(bodyWith(''), noExtraSkip), 0)).toThrow(RangeError);
  });
});

describe('toStaticRanges', () => {
  it('gives one range per span, across inline elements when the name is', () => {
    const root = bodyWith('<p>We use Grouped <em>Lattice</em> Vector Quantization and AWQ.</p>');
    const index = collectText(root, noExtraSkip);
    const spans = compileMatcher(['Grouped Lattice Vector Quantization', 'AWQ']).find(index.text);
    const ranges = toStaticRanges(index, spans);
    expect(ranges.map(rangeText)).toEqual(['Grouped Lattice Vector Quantization', 'AWQ']);
    const [across] = ranges;
    expect(across).toMatchObject({ startContainer: index.nodes[0], startOffset: 7, endContainer: index.nodes[2], endOffset: 20 });
  });

  it('ends a name that closes a text node in that node', () => {
    const index = collectText(bodyWith('<p><b>AWQ</b><i>, GPTQ</i></p>'), noExtraSkip);
    const [range] = toStaticRanges(index, compileMatcher(['AWQ']).find(index.text));
    expect(range).toMatchObject({ startContainer: index.nodes[0], endContainer: index.nodes[0], endOffset: 3 });
  });
});

describe('collectText, matching and ranges on random pages', () => {
  const DICTIONARY = [
    'Grouped Lattice Vector Quantization',
    'Grouped Lattice Vector Quantization (GLVQ)',
    'GLVQ',
    'QuIP',
    'QuIP#',
    'SQ+',
    'LLM.int8()',
    'AWQ',
    'GPTQ',
  ];
  const FRAGMENTS = [
    ...DICTIONARY,
    ...DICTIONARY.flatMap((name) => name.split(' ')),
    'Grouped ', ' Vector', 'Qu', 'IP#', 'SQ', '+', 'LLM.', 'int8()', 'Auto', 'x',
    ' ', '  ', '\n', '\u00a0', ', ', '.', '(', ')', '’s',
  ];
  const SKIPPED = new Set(['script', 'math', 'textarea']);
  const INLINE = new Set(['span', 'em']);

  type Tree = { text: string } | { tag: string; children: Tree[] };

  /** A name cut in two, its second part in an inline element: the case where a range spans text nodes. */
  const splitNameArbitrary: fc.Arbitrary<Tree> = fc
    .tuple(fc.constantFrom(...DICTIONARY), fc.nat())
    .map(([name, at]) => {
      const cut = 1 + (at % (name.length - 1));
      return { tag: 'span', children: [{ text: name.slice(0, cut) }, { tag: 'em', children: [{ text: name.slice(cut) }] }] };
    });

  const treeArbitrary = fc.letrec<{ tree: Tree; text: Tree; element: Tree }>((tie) => ({
    tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, tie('text'), tie('element'), splitNameArbitrary),
    text: fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 3 }).map((pieces) => ({ text: pieces.join('') })),
    element: fc.record({
      tag: fc.constantFrom('span', 'em', 'span', 'em', 'div', 'p', 'br', 'script', 'math', 'textarea'),
      children: fc.array(tie('tree'), { maxLength: 4 }),
    }),
  })).tree;

  function build(tree: Tree): Node {
    if ('text' in tree) return document.createTextNode(tree.text);
    const element = document.createElement(tree.tag);
    if (tree.tag !== 'br') for (const child of tree.children) element.append(build(child));
    return element;
  }

  /** The text the rules ask for, read from the model rather than the DOM: pieces of text and boundaries. */
  function expectedPieces(tree: Tree): Array<string | typeof BOUNDARY> {
    if ('text' in tree) return tree.text === '' ? [] : [tree.text];
    if (SKIPPED.has(tree.tag)) return [BOUNDARY];
    const inner = tree.tag === 'br' ? [] : tree.children.flatMap(expectedPieces);
    return INLINE.has(tree.tag) ? inner : [BOUNDARY, ...inner, BOUNDARY];
  }

  function expectedText(trees: Tree[]): string {
    const pieces = trees.flatMap(expectedPieces);
    const text = pieces.join('').replace(new RegExp(`${BOUNDARY}+`, 'g'), BOUNDARY);
    return text.replace(new RegExp(`^${BOUNDARY}|${BOUNDARY}$`, 'g'), '');
  }

  const normalize = (text: string) => text.trim().replace(/\s+/g, ' ');
  const matcher = compileMatcher(DICTIONARY);

  it('reads the text the rules describe and maps every match back to a whole name outside skipped elements', () => {
    fc.assert(
      fc.property(fc.array(treeArbitrary, { maxLength: 8 }), (trees) => {
        const root = document.createElement('div');
        root.append(...trees.map(build));
        document.body.replaceChildren(root);
        const htmlBefore = root.innerHTML;
        const elementsBefore = root.querySelectorAll('*').length;

        const index = collectText(root, noExtraSkip);
        const spans = matcher.find(index.text);
        const ranges = toStaticRanges(index, spans);

        expect(index.text).toBe(expectedText(trees));
        expect(root.innerHTML).toBe(htmlBefore);
        expect(root.querySelectorAll('*').length).toBe(elementsBefore);
        ranges.forEach((range, i) => {
          const span = spans[i]!;
          expect(rangeText(range)).toBe(index.text.slice(span.start, span.end));
          expect(normalize(rangeText(range))).toBe(normalize(DICTIONARY[span.nameIndex]!));
          expect(/[\p{L}\p{N}]$/u.test(index.text.slice(0, span.start))).toBe(false);
          expect(/^[\p{L}\p{N}+#]/u.test(index.text.slice(span.end))).toBe(false);
          for (const container of [range.startContainer, range.endContainer]) {
            expect(container.parentElement!.closest('script, math, textarea')).toBeNull();
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});
