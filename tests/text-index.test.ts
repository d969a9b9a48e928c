// @vitest-environment happy-dom
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compileMatcher } from '../lib/match/matcher';
import { BOUNDARY, elementEdges, isBlockElement, nodeIndexAt, textCollector, type CollectOptions, type TextIndex } from '../lib/match/text-index';
import { MarkMaker } from '../lib/content/mark-maker';
import type { Mark } from '../lib/highlight/marks';
import { installStaticRange } from './helpers/static-range';

beforeAll(() => {
  installStaticRange();
});

const noExtraSkip: CollectOptions = {};
const B = BOUNDARY;

/** The production read, in one go. */
function collectText(root: Node, options: CollectOptions = noExtraSkip): TextIndex {
  const collector = textCollector(root, options);
  collector.step(() => false);
  return collector.index;
}

/** What a MarkMaker makes of spans, with the text nodes a mark spans when more than one. */
function marksOf(maker: MarkMaker, spans: { start: number; end: number; nameIndex: number }[]) {
  const marks: (Mark & { nodes?: readonly Text[] })[] = [];
  maker.marksFor(spans, 0, spans.length, { add: (range, methodIndex, nodes) => void marks.push({ range, methodIndex, nodes }) });
  return marks;
}

/** The production path from text to ranges: the matcher with the index's element edges, then MarkMaker. */
function rangesFor(index: TextIndex, names: string[]) {
  const spans = compileMatcher(names).find(index.text, elementEdges(index));
  return { spans, ranges: marksOf(new MarkMaker(index), spans).map((mark) => mark.range) };
}

function bodyWith(html: string): HTMLElement {
  document.body.innerHTML = html;
  return document.body;
}

const textOf = (html: string, options = noExtraSkip) => collectText(bodyWith(html), options).text;
/** The names found on a page, through the production read, matcher and element edges. */
const namesOn = (html: string, names: string[], options = noExtraSkip) => {
  const index = collectText(bodyWith(html), options);
  return compileMatcher(names).find(index.text, elementEdges(index)).map((span) => index.text.slice(span.start, span.end));
};

/** The text a range covers, read by a live Range from the DOM itself. */
/** The text a reader sees under a mark: a never-rendered element it spans (a script) shows nothing. */
function rangeText(range: AbstractRange): string {
  const live = document.createRange();
  live.setStart(range.startContainer, range.startOffset);
  live.setEnd(range.endContainer, range.endOffset);
  const contents = live.cloneContents();
  contents.querySelectorAll('script, style, noscript, template, [hidden]').forEach((element) => element.remove());
  return contents.textContent ?? '';
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('collectText skipping', () => {
  const neverRendered: [string, string][] = [
    ['script', '<script>GPTQ</script>'],
    ['style', '<style>GPTQ</style>'],
    ['noscript', '<noscript>GPTQ</noscript>'],
    ['template', '<template><p>GPTQ</p></template>'],
    ['hidden (arXiv’s description of its PDF button)', '<span id="download-button-info" hidden>View a PDF of the paper titled GPTQ</span>'],
    ['a hidden line break', '<span hidden><br>GPTQ<br></span>'],
  ];
  const shown: [string, string][] = [
    ['textarea', '<textarea>GPTQ</textarea>'],
    ['select', '<select><option>GPTQ</option></select>'],
    ['math', '<math><mi>GPTQ</mi></math>'],
    ['svg', '<svg><text>GPTQ</text></svg>'],
    ['our card', '<method-lens-card><span>GPTQ</span></method-lens-card>'],
    ['contenteditable', '<span contenteditable>GPTQ</span>'],
    ['contenteditable="true"', '<span contenteditable="true"><b>GPTQ</b></span>'],
    ['contenteditable="plaintext-only"', '<span contenteditable="plaintext-only">GPTQ</span>'],
    ['MathJax 2 output', '<span class="MathJax_Preview"></span><span class="mjx-chtml MathJax_CHTML"><span class="mjx-char">GPTQ</span></span>'],
    ['MathJax 3 output', '<mjx-container class="MathJax"><mjx-math><mjx-mi>GPTQ</mjx-mi></mjx-math></mjx-container>'],
    ['KaTeX output', '<span class="katex"><span class="katex-html">GPTQ</span></span>'],
  ];

  it.each(shown)('never reads %s, and no name runs across it', (_, html) => {
    expect(textOf(`<p>AWQ ${html} SQ</p>`)).toBe('AWQ  SQ');
    expect(namesOn(`<p>AWQ ${html} SQ</p>`, ['AWQ SQ', 'AWQ', 'SQ', 'GPTQ'])).toEqual(['AWQ', 'SQ']);
    expect(namesOn(`<p>AWQ${html}SQ</p>`, ['AWQSQ', 'AWQ', 'SQ'])).toEqual(['AWQ', 'SQ']);
  });

  // Not rendered, not even as a gap: the reader sees the text on either side as one.
  it.each(neverRendered)('never reads %s, and names run across it as the reader sees them', (_, html) => {
    expect(textOf(`<p>AWQ ${html} SQ</p>`)).toBe('AWQ  SQ');
    expect(namesOn(`<p>AWQ ${html} SQ</p>`, ['AWQ SQ', 'AWQ', 'SQ', 'GPTQ'])).toEqual(['AWQ  SQ']);
    expect(namesOn(`<p>AWQ${html}SQ</p>`, ['AWQSQ', 'AWQ', 'SQ'])).toEqual(['AWQSQ']);
    expect(namesOn(`<p>Auto${html}AWQ and AWQ${html}v2</p>`, ['AWQ'])).toEqual([]);
  });

  it('reads contenteditable="false"', () => {
    expect(textOf('<p>AWQ <span contenteditable="false">GPTQ</span></p>')).toBe('AWQ GPTQ');
  });

  it('skips what options.skipSelector names, with everything inside', () => {
    const options = { skipSelector: '.no-marks' };
    expect(textOf('<p>AWQ <span class="no-marks">GPTQ <em>SQ</em></span> QuIP</p>', options)).toBe('AWQ  QuIP');
    expect(namesOn('<p>AWQ<span class="no-marks">GPTQ</span>QuIP</p>', ['AWQQuIP', 'AWQ', 'QuIP'], options)).toEqual(['AWQ', 'QuIP']);
  });

  it('skips nested skipped elements and empty ones, and reads on after them', () => {
    const html = '<p>AWQ<svg><text>GPTQ</text><foreignObject><textarea>SQ</textarea></foreignObject></svg> and <input> QuIP<math><mi>x</mi></math>#</p><p><select></select>GLVQ</p>';
    expect(textOf(html)).toBe('AWQ and  QuIP#GLVQ');
    expect(namesOn(html, ['AWQ', 'QuIP', 'QuIP#', 'GLVQ', 'SQ', 'GPTQ'])).toEqual(['AWQ', 'QuIP', 'GLVQ']);
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
    const index = collectText(fragment, noExtraSkip);
    expect(index.text).toBe('AWQSQ');
    expect(compileMatcher(['AWQ', 'SQ', 'AWQSQ']).find(index.text, elementEdges(index)).map((span) => span.nameIndex)).toEqual([0, 1]);
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
    expect(namesOn('<p>Grouped <em>Lattice</em> <a href="#"><b>Vector</b></a> Quan<sup>t</sup>ization</p>', ['Grouped Lattice Vector Quantization'])).toEqual([
      'Grouped Lattice Vector Quantization',
    ]);
  });

  it.each([
    ['sibling paragraphs', '<p>AWQ</p><p>GPTQ</p>'],
    ['a line break', 'AWQ<br>GPTQ'],
    ['a line break inside an inline element', '<span><b>AWQ</b><br></span>GPTQ'],
    ['a horizontal rule', 'AWQ<hr>GPTQ'],
    ['leaving a block', '<div>AWQ</div>GPTQ'],
    ['entering a block', 'AWQ<div>GPTQ</div>'],
    ['an empty block', 'AWQ<p></p>GPTQ'],
    ['an empty block inside an empty inline element', 'AWQ<span><p></p></span>GPTQ'],
    ['nested blocks', '<div><p><span>AWQ</span></p></div><section><div><p>GPTQ</p></div></section>'],
    ['table cells', '<table><tr><td>AWQ</td><td>GPTQ</td></tr></table>'],
    ['list items', '<ul><li>AWQ</li><li>GPTQ</li></ul>'],
    ['a skipped element between inline text', 'AWQ<svg></svg>GPTQ'],
  ])('separates the text at %s: each name counts alone, none runs across', (_, html) => {
    expect(textOf(html)).toBe('AWQGPTQ');
    expect(namesOn(html, ['AWQ', 'GPTQ', 'AWQGPTQ', 'QG'])).toEqual(['AWQ', 'GPTQ']);
  });

  it('joins the text of an inline element and its neighbours: no name starts or ends there', () => {
    expect(namesOn('<p>Auto<span>AWQ</span> and <b>GPTQ</b>v2</p>', ['AWQ', 'GPTQ'])).toEqual([]);
    expect(namesOn('<p>Auto<span>AWQ</span> and <b>GPTQ</b>v2</p>', ['AutoAWQ', 'GPTQv2'])).toEqual(['AutoAWQ', 'GPTQv2']);
  });

  it('reads nothing before the first text or after the last', () => {
    expect(textOf('<div><p><br>AWQ</p><hr></div>')).toBe('AWQ');
  });

  it('lets no multi-word name match across blocks, but across inline elements and line breaks in the source', () => {
    const names = ['Vector Quantization'];
    expect(namesOn('<p>Vector</p><p>Quantization</p>', names)).toEqual([]);
    expect(namesOn('<p>Vector</p>\n<p> Quantization</p>', names)).toEqual([]);
    expect(namesOn('<td>Vector<br>Quantization</td>', names)).toEqual([]);
    expect(namesOn('<p><em>Vector</em>\n  Quantization</p>', names)).toEqual(['Vector\n  Quantization']);
  });

  it('lets no name that starts where a text node starts run across a block after it', () => {
    // Text "x AWQ": text nodes start at 0, 2 ("AW") and 4 ("Q", in a paragraph of its own).
    expect(namesOn('<div><b>x </b>AW<p>Q</p></div>', ['AWQ', 'AW'])).toEqual(['AW']);
    expect(namesOn('<div><b>x </b>AW<b>Q</b></div>', ['AWQ', 'AW'])).toEqual(['AWQ']);
  });

  it('tells block elements', () => {
    expect(isBlockElement(document.createElement('li'))).toBe(true);
    expect(isBlockElement(document.createElement('em'))).toBe(false);
  });

  it.each(['center', 'dialog open', 'dl', 'hgroup', 'legend', 'menu', 'search'])('lets no name run across <%s>, a block too', (tag) => {
    const [name] = tag.split(' ');
    expect(namesOn(`<div>Vector <${tag}>Quantization</${name}></div>`, ['Vector Quantization'])).toEqual([]);
    expect(namesOn(`<div>Vector <span>Quantization</span></div>`, ['Vector Quantization'])).toEqual(['Vector Quantization']);
  });
});

describe('textCollector between slices', () => {
  it('stops where the page moved the node it stopped at out of the root, and reads nothing outside', () => {
    document.body.innerHTML = `<div id="root">${'<p>AWQ</p>'.repeat(600)}</div><div id="out"></div><div contenteditable>GPTQ typed</div>`;
    const root = document.querySelector('#root')!;
    const collector = textCollector(root);
    // Paused at the first check after some text was read, mid-root.
    expect(collector.step(() => collector.index.nodes.length > 0)).toBe(false);
    const read = collector.index.nodes.length;
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(600);
    // The page moves every paragraph out of the root, the one the walk would read next among them.
    document.querySelector('#out')!.append(...root.children);
    expect(collector.step(() => false)).toBe(true);
    expect(collector.interrupted).toBe(true);
    expect(collector.index.nodes).toHaveLength(read);
    expect(collector.index.nodes.every((node) => node.textContent === 'AWQ')).toBe(true);
  });
});

describe('collectText nodes and offsets', () => {
  it('lists the text nodes read and where each starts', () => {
    const root = bodyWith('<p>AWQ <em>and</em></p><p>GPTQ</p>');
    const index = collectText(root, noExtraSkip);
    expect(index.nodes.map((node) => node.data)).toEqual(['AWQ ', 'and', 'GPTQ']);
    expect(index.starts).toEqual([0, 4, 7]);
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
    expect(collectText(bodyWith('<div><p></p></div>'), noExtraSkip)).toMatchObject({ text: '', nodes: [], starts: [] });
  });
});

describe('element edges', () => {
  it('are where one text node ends and the next begins; plain inline elements separate nothing there', () => {
    const index = collectText(bodyWith('<p><span>TLDR</span><span>QuIP# wins</span> over <b>AWQ</b>.</p>'), noExtraSkip);
    expect(index.text).toBe('TLDRQuIP# wins over AWQ.');
    const edges = elementEdges(index);
    expect(edges.offsets).toEqual([4, 14, 20, 23]);
    expect([4, 14, 20, 23].map((offset) => edges.separates(offset))).toEqual([false, false, false, false]);
    expect(edges.separates(5)).toBe(false); // no edge there
    expect(edges.breaks!(0, index.text.length)).toBe(false);
  });

  it('separate and break at a block boundary, not between two text nodes of one element', () => {
    const paragraph = bodyWith('<p>GPTQ</p><div>AWQ</div>').querySelector('p')!;
    paragraph.appendChild(document.createTextNode('v2'));
    const index = collectText(paragraph.parentElement!, noExtraSkip);
    expect(index.text).toBe('GPTQv2AWQ');
    const edges = elementEdges(index);
    expect(edges.offsets).toEqual([4, 6]);
    expect([edges.separates(4), edges.separates(6)]).toEqual([false, true]);
    expect([edges.breaks!(0, 6), edges.breaks!(0, 7), edges.breaks!(6, 9), edges.breaks!(5, 7)]).toEqual([false, true, false, true]);
    expect(compileMatcher(['GPTQ', 'GPTQv2', 'AWQ', 'v2AWQ']).find(index.text, edges).map((span) => index.text.slice(span.start, span.end))).toEqual([
      'GPTQv2',
      'AWQ',
    ]);
  });
});

describe('nodeIndexAt', () => {
  const index = (): TextIndex => collectText(bodyWith('<p>AW<em>Q</em></p><p>GPTQ</p>'), noExtraSkip);

  it('finds the node holding a position', () => {
    const located = index(); // 'AW' 'Q' 'GPTQ'
    expect(nodeIndexAt(located, 0, false)).toBe(0);
    expect(nodeIndexAt(located, 1, false)).toBe(0);
    expect(nodeIndexAt(located, 3, false)).toBe(2);
    expect(nodeIndexAt(located, 4, false)).toBe(2);
    expect(nodeIndexAt(located, 7, true)).toBe(2);
  });

  it('puts a position between two nodes in the next one at a start, in the previous one at an end', () => {
    const located = index();
    expect(nodeIndexAt(located, 2, false)).toBe(1);
    expect(nodeIndexAt(located, 2, true)).toBe(0);
    expect(nodeIndexAt(located, 3, true)).toBe(1);
  });

  it('searches forward from a cursor', () => {
    const located = index();
    expect(nodeIndexAt(located, 5, false, 1)).toBe(2);
    expect(nodeIndexAt(located, 5, false, 2)).toBe(2);
  });
});

describe('marks from matches', () => {
  it('gives one range per span, across inline elements when the name is', () => {
    const root = bodyWith('<p>We use Grouped <em>Lattice</em> Vector Quantization and AWQ.</p>');
    const index = collectText(root, noExtraSkip);
    const { ranges } = rangesFor(index, ['Grouped Lattice Vector Quantization', 'AWQ']);
    expect(ranges.map(rangeText)).toEqual(['Grouped Lattice Vector Quantization', 'AWQ']);
    const [across] = ranges;
    expect(across).toMatchObject({ startContainer: index.nodes[0], startOffset: 7, endContainer: index.nodes[2], endOffset: 20 });
  });

  it('ends a name that closes a text node in that node', () => {
    const index = collectText(bodyWith('<p><b>AWQ</b><i>, GPTQ</i></p>'), noExtraSkip);
    const [range] = rangesFor(index, ['AWQ']).ranges;
    expect(range).toMatchObject({ startContainer: index.nodes[0], endContainer: index.nodes[0], endOffset: 3 });
  });

  it('lists the text nodes of a mark spanning several, and makes none on a text node that changed since it was read', () => {
    const index = collectText(bodyWith('<p>Grouped <em>Lattice</em> Vector Quantization, AWQ</p>'), noExtraSkip);
    const spans = compileMatcher(['Grouped Lattice Vector Quantization', 'AWQ']).find(index.text);
    expect(marksOf(new MarkMaker(index), spans).map((mark) => mark.nodes)).toEqual([index.nodes, undefined]);
    const changed = new Set([index.nodes[1]!]);
    expect(marksOf(new MarkMaker(index, changed), spans).map((mark) => rangeText(mark.range))).toEqual(['AWQ']);
  });
});

describe('element edges that set text apart', () => {
  const names = ['QuIP', 'QuIP#', 'GPTQ', 'AWQ', 'GPTQv2'];
  const marked = (html: string) => {
    const index = collectText(bodyWith(html), noExtraSkip);
    return rangesFor(index, names).ranges.map(rangeText);
  };

  it.each([
    ['<mark>QuIP</mark>#: the mark is plain inline formatting', '<p><mark>QuIP</mark># wins</p>', ['QuIP#']],
    ['<b>GPTQ</b>v2', '<p><b>GPTQ</b>v2 wins</p>', ['GPTQv2']],
    ['Auto<em>AWQ</em>', '<p>Auto<em>AWQ</em> wins</p>', []],
    ['a label spaced off by a margin (Semantic Scholar’s TLDR)', '<p><span style="margin-right: 6px">TLDR</span><span>QuIP# wins</span></p>', ['QuIP#']],
    ['a label laid out as an inline block', '<p><span style="display: inline-block">TLDR</span>AWQ wins</p>', ['AWQ']],
    ['a superscript footnote mark', '<p>GPTQ<sup style="vertical-align: super">2</sup> wins</p>', ['GPTQ']],
    // Bootstrap's reboot, which arXiv's HTML papers load, raises and lowers them by position, on the baseline.
    [
      'a footnote mark raised by position (arXiv’s HTML papers)',
      '<p>GPTQ<sup class="ltx_note_mark" style="position: relative; top: -0.5em; vertical-align: baseline">2</sup> wins</p>',
      ['GPTQ'],
    ],
    ['a subscript lowered by position', '<p>AWQ<sub style="position: relative; bottom: -0.25em; vertical-align: baseline">g128</sub> wins</p>', ['AWQ']],
    ['a padded highlight before a name', '<p>see<span style="padding-left: 2px">AWQ</span></p>', ['AWQ']],
  ])('%s', (_case, html, expected) => {
    expect(marked(html)).toEqual(expected);
  });
});

describe('math that ends a name (LaTeXML’s `QuIP$\#$`)', () => {
  /** LaTeXML's output for `$\#$` and `$+$` in a paper's text, as arXiv's HTML papers have it. */
  const hash =
    '<math id="S1.p1.m1" class="ltx_Math" alttext="\\#" display="inline"><semantics id="S1.p1.m1a"><mi mathvariant="normal" id="S1.p1.m1.1">#</mi>' +
    '<annotation-xml encoding="MathML-Content" id="S1.p1.m1b"><ci id="S1.p1.m1.1.cmml">#</ci></annotation-xml><annotation encoding="application/x-tex" id="S1.p1.m1c">\\#</annotation></semantics></math>';
  const plus =
    '<math id="S1.p1.m2" class="ltx_Math" alttext="+" display="inline"><semantics id="S1.p1.m2a"><mo id="S1.p1.m2.1">+</mo>' +
    '<annotation-xml encoding="MathML-Content" id="S1.p1.m2b"><plus id="S1.p1.m2.1.cmml"></plus></annotation-xml><annotation encoding="application/x-tex" id="S1.p1.m2c">+</annotation></semantics></math>';
  const hashWithIndex =
    '<math id="S1.p1.m3" class="ltx_Math" alttext="\\#_{2}" display="inline"><semantics id="S1.p1.m3a"><msub><mi mathvariant="normal">#</mi><mn>2</mn></msub>' +
    '<annotation encoding="application/x-tex">\\#_{2}</annotation></semantics></math>';
  const names = ['QuIP', 'QuIP#', 'SQ+', 'AWQ'];

  it('marks the name the math ends, from its text through the character the math shows', () => {
    const index = collectText(bodyWith(`<p>QuIP${hash} beats QuIP and SQ${plus}.</p>`));
    const { spans, ranges } = rangesFor(index, names);
    expect(spans.map((span) => names[span.nameIndex])).toEqual(['QuIP#', 'QuIP', 'SQ+']);
    expect(ranges.map(rangeText)).toEqual(['QuIP#', 'QuIP', 'SQ+']);
    // The mark ends in the math's shown `#`, not in its annotations (the source again, which no reader sees).
    expect(ranges[0]).toMatchObject({ startContainer: index.nodes[0], startOffset: 0, endContainer: document.querySelector('mi')!.firstChild, endOffset: 1 });
    expect(ranges[2]).toMatchObject({ endContainer: document.querySelector('mo')!.firstChild, endOffset: 1 });
  });

  it('lists the shown character’s text node with the mark’s, so that the mark is found there and goes when it changes', () => {
    const index = collectText(bodyWith(`<p>Qu<em>IP</em>${hash} and AWQ</p>`));
    const spans = compileMatcher(names).find(index.text, elementEdges(index));
    const glyph = document.querySelector('mi')!.firstChild;
    expect(marksOf(new MarkMaker(index), spans).map((mark) => mark.nodes)).toEqual([[index.nodes[0], index.nodes[1], glyph], undefined]);
    expect(marksOf(new MarkMaker(index, new Set([glyph as Text])), spans).map((mark) => rangeText(mark.range))).toEqual(['AWQ']);
  });

  it('makes no mark for a name whose math the page took away after it was read', () => {
    const index = collectText(bodyWith(`<p>QuIP${hash} and AWQ</p>`));
    const spans = compileMatcher(names).find(index.text, elementEdges(index));
    document.querySelector('math')!.remove();
    expect(marksOf(new MarkMaker(index), spans).map((mark) => rangeText(mark.range))).toEqual(['AWQ']);
  });

  it('marks nothing where the math shows more than the character, or one that makes no name', () => {
    expect(namesOn(`<p>QuIP${hashWithIndex} and QuIP${plus}, AWQ${hash}</p>`, names)).toEqual([]);
  });

  it('says what the math after a text shows when that starts with a # or +: LaTeXML’s source, without the backslash of `\\#`', () => {
    const index = collectText(bodyWith(`<p>A${hash}B${plus}C${hashWithIndex}D<math><mi>#</mi></math>E<math><mi>x</mi></math>F</p>`));
    const edges = elementEdges(index);
    expect(index.text).toBe('ABCDEF');
    expect(index.mathStarts).toEqual([1, 2, 3, 4, 5]);
    expect([1, 2, 3, 4, 5, 6].map((offset) => edges.mathGoesOn!(offset))).toEqual(['#', '+', '\\#_{2}', '#', '', '']);
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
  /** Skipped and shown: a gap in the text. A script is skipped and never rendered: no gap at all. */
  const SKIPPED = new Set(['math', 'textarea']);
  const INLINE = new Set(['span', 'em']);

  type Tree = { text: string } | { tag: string; children: Tree[] };

  /** A name cut in two, its second part in an inline element: the case where a range spans text nodes. */
  const splitNameArbitrary: fc.Arbitrary<Tree> = fc
    .tuple(fc.constantFrom(...DICTIONARY), fc.nat())
    .map(([name, at]) => splitName(name, 1 + (at % (name.length - 1))));

  function splitName(name: string, cut: number): Tree {
    return { tag: 'span', children: [{ text: name.slice(0, cut) }, { tag: 'em', children: [{ text: name.slice(cut) }] }] };
  }

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

  /** Put in the model's text where math goes on with a name ending there; taken out again by `expectedText`. */
  const GOES_ON = '\u001f';

  /** The text the rules ask for, read from the model rather than the DOM: pieces of text and boundaries. */
  function expectedPieces(tree: Tree, goesOn: ReadonlyMap<Tree, string>): string[] {
    if ('text' in tree) return tree.text === '' ? [] : goesOn.has(tree) ? [tree.text, GOES_ON] : [tree.text];
    if (tree.tag === 'script') return [];
    if (SKIPPED.has(tree.tag)) return [BOUNDARY];
    const inner = tree.tag === 'br' ? [] : tree.children.flatMap((child) => expectedPieces(child, goesOn));
    return INLINE.has(tree.tag) ? inner : [BOUNDARY, ...inner, BOUNDARY];
  }

  type Token = { text: Tree & { text: string } } | { open: string } | { close: string } | { math: string };

  function tokensOf(tree: Tree): Token[] {
    if ('text' in tree) return [{ text: tree }];
    if (tree.tag === 'math') return [{ math: textOf(tree) }];
    const inner = tree.tag === 'br' ? [] : tree.children.flatMap(tokensOf);
    return [{ open: tree.tag }, ...inner, { close: tree.tag }];
  }

  /** What a tree shows, as `build` makes it: a `<br>` without the children the model may give it. */
  const textOf = (tree: Tree): string => ('text' in tree ? tree.text : tree.tag === 'br' ? '' : tree.children.map(textOf).join(''));

  /**
   * The texts that math glued after them goes on with (`QuIP$\#$`), and what it shows: after the text, nothing
   * but the ends of inline elements on the same line, then math elements, the first one showing anything
   * showing a `+` or `#`.
   */
  function goesOnTexts(trees: Tree[]): Map<Tree, string> {
    const tokens = trees.flatMap(tokensOf);
    const texts = new Map<Tree, string>();
    tokens.forEach((token, i) => {
      if (!('text' in token) || token.text.text === '') return;
      let next = i + 1;
      while (next < tokens.length && 'close' in tokens[next]! && INLINE.has((tokens[next] as { close: string }).close)) next++;
      for (; next < tokens.length && 'math' in tokens[next]!; next++) {
        const shown = (tokens[next] as { math: string }).math.trim();
        if (!shown) continue;
        if (shown[0] === '+' || shown[0] === '#') texts.set(token.text, shown);
        return;
      }
    });
    return texts;
  }

  /** The model's text, and where in it math goes on with a name ending there, with what the math shows. */
  function expectedText(trees: Tree[]): { text: string; goesOnAt: Map<number, string> } {
    const goesOn = goesOnTexts(trees);
    const pieces = trees.flatMap((tree) => expectedPieces(tree, goesOn));
    const marked = pieces
      .join('')
      .replace(new RegExp(`${BOUNDARY}+`, 'g'), BOUNDARY)
      .replace(new RegExp(`^${BOUNDARY}|${BOUNDARY}$`, 'g'), '');
    const parts = marked.split(GOES_ON);
    const shown = [...goesOn.values()];
    const goesOnAt = new Map<number, string>();
    let text = '';
    parts.forEach((part, i) => {
      text += part;
      if (i < parts.length - 1) goesOnAt.set(text.length, shown[i]!);
    });
    return { text, goesOnAt };
  }

  const normalize = (text: string) => text.trim().replace(/\s+/g, ' ');
  /** The bundled names plus a few random ones made of the same pieces, so that names overlap and nest. */
  const dictionaryArbitrary = fc
    .array(fc.array(fc.constantFrom(...FRAGMENTS.filter((piece) => piece.trim() !== '')), { minLength: 1, maxLength: 3 }), { maxLength: 5 })
    .map((extra) => [...DICTIONARY, ...extra.map((pieces) => pieces.join(''))]);

  it('reads the text the rules describe and maps every match back to a whole name outside skipped elements', () => {
    fc.assert(
      fc.property(fc.array(treeArbitrary, { maxLength: 8 }), dictionaryArbitrary, (trees, dictionary) => {
        const root = document.createElement('div');
        root.append(...trees.map(build));
        document.body.replaceChildren(root);
        const htmlBefore = root.innerHTML;
        const textBefore = root.textContent;
        const elementsBefore = root.querySelectorAll('*').length;

        const index = collectText(root, noExtraSkip);
        const { spans, ranges } = rangesFor(index, dictionary);

        // The model's text marks each block or skipped element with BOUNDARY; the read text leaves them out,
        // and the element edges tell the matcher where they were: the same names must come out.
        const { text: modelText, goesOnAt } = expectedText(trees);
        const modelSpans = compileMatcher(dictionary).find(modelText, {
          offsets: [],
          separates: () => false,
          mathGoesOn: (offset) => goesOnAt.get(offset) ?? '',
          mathStarts: [...goesOnAt.keys()],
        });
        expect(index.text).toBe(modelText.replaceAll(BOUNDARY, ''));
        expect(spans.map((span) => [span.nameIndex, index.text.slice(span.start, span.end), span.throughMath])).toEqual(
          modelSpans.map((span) => [span.nameIndex, modelText.slice(span.start, span.end), span.throughMath]),
        );
        modelSpans.forEach((span) => {
          // Inline elements here are plain (not set apart): only blocks and skipped elements bound a name.
          expect(/[\p{L}\p{N}]$/u.test(modelText.slice(0, span.start))).toBe(false);
          expect(/^[\p{L}\p{N}+#]/u.test(modelText.slice(span.end))).toBe(false);
          expect(modelText.slice(span.start, span.end)).not.toContain(BOUNDARY);
        });
        expect(root.innerHTML).toBe(htmlBefore);
        expect(root.textContent).toBe(textBefore);
        expect(root.querySelectorAll('*').length).toBe(elementsBefore);
        expect(ranges).toHaveLength(spans.length);
        ranges.forEach((range, i) => {
          const span = spans[i]!;
          const read = index.text.slice(span.start, span.end);
          const covered = rangeText(range);
          expect(range.startContainer.parentElement!.closest('script, math, textarea')).toBeNull();
          if (span.throughMath) {
            // A name the math after its text ends (`SQ<math>+</math>`) runs on through the character the math
            // shows (with the whitespace around it in the math, which MathML does not draw).
            expect(covered.startsWith(read)).toBe(true);
            expect(normalize(read) + covered.slice(read.length).trim()).toBe(normalize(dictionary[span.nameIndex]!));
            expect(range.endContainer.parentElement!.closest('math')).not.toBeNull();
          } else {
            expect(covered).toBe(read);
            expect(normalize(covered)).toBe(normalize(dictionary[span.nameIndex]!));
            expect(range.endContainer.parentElement!.closest('script, math, textarea')).toBeNull();
          }
        });
      }),
      {
        numRuns: 300,
        examples: [
          // Found by a CI run: a name read across a script, whose mark spans the script's text.
          [
            [{ text: 'LLM.int8()' }, { tag: 'script', children: [{ text: 'Grouped Lattice Vector Quantization' }] }, splitName('Grouped Lattice Vector Quantization', 1)],
            [...DICTIONARY, 'LLM.int8()Grouped Lattice Vector Quantization'],
          ],
          // Found by a CI run: math glued after a name that shows a `+` first goes on with it (`SQ$+$`).
          [[{ text: 'Grouped Lattice Vector Quantization' }, { tag: 'math', children: [{ tag: 'span', children: [{ text: '+' }] }] }], DICTIONARY],
          // Found by a CI run: math holding only a line break shows nothing, whatever the model gave the `<br>`
          // (a generated `<br>` may hold children, which the page's never does), so the name before it is whole.
          [
            [{ tag: 'span', children: [{ tag: 'span', children: [{ text: 'G' }, { tag: 'em', children: [{ text: 'rouped Lattice Vector Quantization' }] }] }, { tag: 'math', children: [{ tag: 'br', children: [{ text: '+' }] }] }] }],
            DICTIONARY,
          ],
          // Math that shows a name's last character alone ends it (`QuIP$\#$`, `SQ$+$`), its stem across markup too.
          [[{ text: 'QuIP' }, { tag: 'math', children: [{ text: ' # ' }] }, { text: ', ' }, splitName('SQ', 1), { tag: 'math', children: [{ tag: 'span', children: [{ text: '+' }] }] }], DICTIONARY],
        ],
      },
    );
  });
});
