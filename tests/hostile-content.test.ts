// @vitest-environment happy-dom
/**
 * The pieces that keep the content script's time budget on hostile pages, checked without a browser:
 *
 * - reading text and matching it a slice at a time gives exactly what one go gives, however often it
 *   is interrupted (random pages and texts, fast-check), including a text node too large to read at
 *   once, which is read in pieces;
 * - a page that changes or removes what is being read between two slices stops the read, flagged;
 * - dropping the marks of one text node holding tens of thousands of them drops its list once, with no
 *   per-mark search through it (which took minutes).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileMatcher, type ElementEdges } from '@/lib/match/matcher';
import { elementEdges, nodeIndexAt, textCollector, type CollectOptions, type TextIndex } from '@/lib/match/text-index';
import { MarkLayer } from '@/lib/highlight/marks';

const noSkip: CollectOptions = {};

/** Reads in one go. */
function collectText(root: Node, options: CollectOptions) {
  const collector = textCollector(root, options);
  collector.step(() => false);
  return collector.index;
}
const NAMES = ['GPTQ', 'AWQ', 'QuIP', 'QuIP#', 'Grouped Lattice Vector Quantization', 'SQ+', 'LLM.int8()'];

afterEach(() => {
  document.body.innerHTML = '';
});

/** Steps the collector, yielding after every check, and counts the steps. */
function collectInSlices(root: Node) {
  const collector = textCollector(root, noSkip);
  let steps = 1;
  while (!collector.step(() => true)) steps++;
  return { index: collector.index, steps, interrupted: collector.interrupted };
}

const fragment = fc.oneof(
  fc.constantFrom(...NAMES, ' ', 'x', 'Grouped ', 'Lattice ', '\n', 'é', '👩‍👩‍👧', '\u202e', '\u200b'),
  fc.string({ maxLength: 6 }),
);
/** Random markup: text with names, inline and block elements, skipped elements, nesting. */
const markup: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fragment.map((text) => text.replace(/[<&]/g, ' ')),
    fc.tuple(fc.constantFrom('span', 'em', 'p', 'div', 'li', 'script', 'textarea', 'b'), fc.array(tie('node'), { maxLength: 4 })).map(
      ([tag, children]) => `<${tag}>${children.join('')}</${tag}>`,
    ),
  ),
})).node;

describe('reading in slices', () => {
  it('gives the same text, nodes, offsets and edges as reading in one go (random pages)', () => {
    fc.assert(
      fc.property(fc.array(markup, { maxLength: 8 }), (parts) => {
        document.body.innerHTML = parts.join('');
        const whole = collectText(document.body, noSkip);
        const sliced = collectInSlices(document.body).index;
        expect(sliced).toEqual(whole);
      }),
      { numRuns: 300 },
    );
  });

  it('cut into segments at blocks, finds the same names on the same text nodes as reading in one go (random pages)', () => {
    const matcher = compileMatcher(NAMES);
    /** Each match as [text node index, offset in it, name]: comparable across segmentations. */
    const located = (segments: TextIndex[]) => {
      const nodes = segments.flatMap((index) => index.nodes);
      return segments.flatMap((index) =>
        matcher.find(index.text, elementEdges(index)).map((span) => {
          const at = nodeIndexAt(index, span.start, false);
          return [nodes.indexOf(index.nodes[at]!), span.start - index.starts[at]!, span.nameIndex];
        }),
      );
    };
    fc.assert(
      fc.property(fc.array(markup, { maxLength: 12 }), fc.integer({ min: 1, max: 40 }), (parts, segmentChars) => {
        document.body.innerHTML = parts.join('');
        const whole = collectText(document.body, noSkip);
        const collector = textCollector(document.body, { segmentChars });
        const segments: TextIndex[] = [];
        for (;;) {
          while (!collector.step(() => true));
          segments.push(collector.index);
          if (collector.finished) break;
          collector.nextSegment();
        }
        expect(segments.flatMap((index) => index.nodes)).toEqual(whole.nodes);
        expect(segments.map((index) => index.text).join('')).toBe(whole.text);
        expect(located(segments)).toEqual(located([whole]));
      }),
      { numRuns: 300 },
    );
  });

  it('reads a 3 MB text node in pieces, with the same result', () => {
    const big = 'lorem GPTQ ipsum '.repeat(180_000);
    document.body.innerHTML = '<p>before AWQ</p><p id="big"></p><p>after QuIP#</p>';
    document.getElementById('big')!.appendChild(document.createTextNode(big));
    const whole = collectText(document.body, noSkip);
    const { index, steps } = collectInSlices(document.body);
    expect(index.text).toBe(whole.text);
    expect(index.starts).toEqual(whole.starts);
    expect(index.nodes).toEqual(whole.nodes);
    expect(steps).toBeGreaterThan(20); // 3 MB in 64k pieces
  });

  it('stops, flagged, when the page changes the large node being read', () => {
    document.body.innerHTML = '<p id="big"></p><p>after</p>';
    const text = document.createTextNode('x '.repeat(500_000));
    document.getElementById('big')!.appendChild(text);
    const collector = textCollector(document.body, noSkip);
    // Paused at each of the queries for skipped elements, then inside the large node.
    while (collector.index.nodes.length === 0) expect(collector.step(() => true)).toBe(false);
    text.appendData(' GPTQ');
    while (!collector.step(() => true));
    expect(collector.interrupted).toBe(true);
    expect(collector.index.nodes).toEqual([text]); // nothing after it was read
  });

  it('stops, flagged, when the page removes the part being read', () => {
    document.body.innerHTML = Array.from({ length: 3_000 }, (_, i) => `<p>para ${i} GPTQ</p>`).join('');
    const collector = textCollector(document.body, noSkip);
    expect(collector.step(() => true)).toBe(false);
    document.body.replaceChildren(document.createElement('p'));
    while (!collector.step(() => true));
    expect(collector.interrupted).toBe(true);
  });
});

describe('matching in slices', () => {
  it('finds the same spans as matching in one go (random texts, interrupted at every check)', () => {
    const matcher = compileMatcher(NAMES);
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 3_000 }), fc.array(fc.nat(), { maxLength: 20 }), (parts, edgeSeeds) => {
        const text = parts.join('');
        const offsets = [...new Set(edgeSeeds.map((seed) => seed % (text.length + 1)))].sort((a, b) => a - b);
        const edges: ElementEdges = { offsets, separates: (offset) => offsets.includes(offset) && offset % 2 === 0 };
        const whole = matcher.find(text, edges);
        const steps = matcher.findInSteps(text, edges);
        // Another text matched in between must not disturb it (the matcher keeps per-text state).
        while (!steps.step(() => true)) matcher.find('AWQ GPTQ', { offsets: [1, 2], separates: () => true });
        expect(steps.spans).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });
});

describe('dropping marks', () => {
  class FakeHighlight extends Set<AbstractRange> {}
  const registry = new Map<string, FakeHighlight>() as unknown as HighlightRegistry;

  it('drops 50,000 marks of one text node without searching its list once per mark', () => {
    (globalThis as { Highlight?: unknown }).Highlight ??= FakeHighlight;
    const layer = new MarkLayer(() => 'none', registry);
    const node = document.createTextNode('GPTQ '.repeat(50_000));
    document.body.appendChild(node);
    for (let i = 0; i < 50_000; i++) {
      layer.add({ startContainer: node, startOffset: i * 5, endContainer: node, endOffset: i * 5 + 4 } as unknown as StaticRange, 0);
    }
    expect(layer.size).toBe(50_000);
    // The old way filtered the node's list once per mark: 50,000 filters of a 50,000-long list. Any
    // array method that searches, copies or cuts a list, called on a long one, is counted as it is called.
    let longListSearches = 0;
    const searches = (['filter', 'indexOf', 'lastIndexOf', 'includes', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'splice', 'slice', 'map', 'forEach', 'reduce'] as const).map((method) => {
      const original = Array.prototype[method] as (...args: unknown[]) => unknown;
      return vi.spyOn(Array.prototype, method).mockImplementation(function (this: unknown[], ...args: unknown[]) {
        if (this.length >= 1_000) longListSearches++;
        return original.apply(this, args);
      } as never);
    });
    const removed = layer.removeNodes([node]);
    for (const spy of searches) spy.mockRestore();
    expect(removed).toBe(50_000);
    expect(longListSearches).toBe(0);
    expect(layer.size).toBe(0);
  });
});
