// @vitest-environment happy-dom
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MarkLayer, type Mark } from '@/lib/highlight/marks';
import { SHOWN_HIGHLIGHT, highlightCss, paintingFor } from '@/lib/highlight/styles';
import { HIGHLIGHT_NAMES, type StatusKey } from '@/lib/snapshot/status';
import { STATUS_COLORS } from '@/lib/theme/status-colors';

beforeAll(() => {
  // happy-dom has no Custom Highlight API: a Highlight is a set of ranges, as in browsers.
  (globalThis as { Highlight?: unknown }).Highlight ??= class extends Set<AbstractRange> {};
});

const statuses: StatusKey[] = ['heavily superseded', 'superseded', 'none'];

/** A mark with the text nodes it spans, when more than one (as `MarkMaker` gives them). */
interface TestMark extends Mark {
  nodes?: Text[];
}

function markOn(nodes: Text[], start: number, end: number, methodIndex: number): TestMark {
  const range = { startContainer: nodes[0]!, startOffset: start, endContainer: nodes.at(-1)!, endOffset: end, collapsed: false } as unknown as StaticRange;
  return { range, methodIndex, ...(nodes.length > 1 && { nodes }) };
}

function addAll(layer: MarkLayer, marks: TestMark[]) {
  for (const { range, methodIndex, nodes } of marks) layer.add(range, methodIndex, nodes);
}

function layer() {
  const registry = new Map<string, Highlight>() as unknown as HighlightRegistry;
  return { marks: new MarkLayer((i) => statuses[i]!, registry), registry: registry as unknown as Map<string, Set<unknown>> };
}

describe('MarkLayer', () => {
  it('registers one highlight per status when published, and counts marks per method', () => {
    const { marks, registry } = layer();
    const [a, b] = [new Text('AWQ and AQLM'), new Text('GPTQ')];
    addAll(marks, [markOn([a], 0, 3, 0), markOn([a], 8, 12, 1), markOn([b], 0, 4, 2), markOn([b], 0, 4, 2)]);
    expect(registry.size).toBe(0); // nothing shows before the pass publishes
    marks.publish();
    expect(registry.get(HIGHLIGHT_NAMES['heavily superseded'])!.size).toBe(1);
    expect(registry.get(HIGHLIGHT_NAMES.superseded)!.size).toBe(1);
    expect(registry.get(HIGHLIGHT_NAMES.none)!.size).toBe(2);
    expect(marks.countByMethod()).toEqual(new Map([[0, 1], [1, 1], [2, 2]]));
  });

  it('publishes each highlight once; later marks go straight into the registered ones', () => {
    const { marks, registry } = layer();
    const set = vi.spyOn(registry as unknown as Map<string, Set<unknown>>, 'set');
    addAll(marks, [markOn([new Text('AWQ')], 0, 3, 0)]);
    marks.publish();
    marks.publish();
    expect(set).toHaveBeenCalledTimes(1);
    addAll(marks, [markOn([new Text('GPTQ')], 0, 4, 0), markOn([new Text('QuIP')], 0, 4, 2)]);
    expect(registry.get(HIGHLIGHT_NAMES['heavily superseded'])!.size).toBe(2); // shown at once
    expect(registry.has(HIGHLIGHT_NAMES.none)).toBe(false); // a new status waits for the next publish
    marks.publish();
    expect(registry.get(HIGHLIGHT_NAMES.none)!.size).toBe(1);
    expect(set).toHaveBeenCalledTimes(2);
  });

  it('drops every mark touching a stale node, including one spanning two nodes', () => {
    const { marks, registry } = layer();
    const [grouped, lattice, other] = [new Text('Grouped '), new Text('Lattice'), new Text('AWQ')];
    addAll(marks, [markOn([grouped, lattice], 0, 7, 2), markOn([other], 0, 3, 0)]);
    marks.publish();
    expect(marks.removeNodes([lattice])).toBe(1);
    expect(marks.size).toBe(1);
    expect(registry.get(HIGHLIGHT_NAMES.none)!.size).toBe(0);
    expect(marks.removeNodes([grouped])).toBe(0);
  });

  it('drops a mark spanning three nodes when the middle one leaves the page', () => {
    const { marks } = layer();
    const paragraph = document.createElement('p');
    const nodes = ['Grouped ', 'Lattice', ' Vector'].map((data) => paragraph.appendChild(new Text(data)));
    addAll(marks, [markOn(nodes, 0, 7, 2)]);
    // Its range's ends are the outer nodes: the middle one is known only from what was recorded.
    nodes[1]!.remove();
    expect(marks.removeNodes([nodes[1]!])).toBe(1);
    expect(marks.size).toBe(0);
  });

  it('drops a spanning mark the page inserted text into, straight after the pass that made it, and counts what is left', () => {
    const { marks, registry } = layer();
    const [grouped, lattice, other] = [new Text('Grouped '), new Text('Lattice'), new Text('AWQ')];
    addAll(marks, [markOn([grouped, lattice], 0, 7, 2), markOn([other], 0, 3, 0)]);
    marks.publish();
    expect(marks.removeSpanningAcross(new Set([grouped]))).toBe(1);
    expect(marks.size).toBe(1);
    expect(registry.get(HIGHLIGHT_NAMES.none)!.size).toBe(0);
    expect(marks.countByMethod()).toEqual(new Map([[0, 1]]));
    expect(marks.markAt(lattice, 2)).toBeUndefined();
  });

  it('keeps every surviving mark findable and removable after most marks are gone and more are added', () => {
    const { marks, registry } = layer();
    const texts = Array.from({ length: 10_000 }, (_, i) => new Text(`AWQ ${i}`));
    const spanned = [new Text('Grouped '), new Text('Lattice'), new Text(' Vector')];
    addAll(marks, [markOn(spanned, 0, 7, 1)]);
    addAll(marks, texts.map((text, i) => markOn([text], 0, 3, i % 3 === 0 ? 0 : 2)));
    marks.publish();
    // 9,000 go, 100 more come.
    expect(marks.removeNodes(texts.slice(0, 9_000))).toBe(9_000);
    const later = Array.from({ length: 100 }, () => new Text('GPTQ'));
    addAll(marks, later.map((text) => markOn([text], 0, 4, 0)));
    expect(marks.size).toBe(1_101);
    expect(marks.markAt(texts[9_500]!, 1)).toMatchObject({ methodIndex: 2 });
    expect(marks.markAt(texts[9_501]!, 1)).toMatchObject({ methodIndex: 0 });
    expect(marks.markAt(texts[10]!, 1)).toBeUndefined();
    expect(marks.markAt(later[99]!, 0)).toMatchObject({ methodIndex: 0 });
    expect(marks.countByMethod()).toEqual(new Map([[0, 334 + 100], [1, 1], [2, 666]]));
    expect(marks.removeNodes([spanned[1]!, texts[9_999]!, later[0]!])).toBe(3);
    expect(marks.removeNodes([spanned[0]!, spanned[2]!])).toBe(0);
    expect(marks.size).toBe(1_098);
    const sizes = [...registry.values()].reduce((sum, highlight) => sum + highlight.size, 0);
    expect(sizes).toBe(1_098);
  });

  it('finds the mark under a caret position, inclusive of its edges', () => {
    const { marks } = layer();
    const text = new Text('see AWQ here');
    const mark = markOn([text], 4, 7, 0);
    addAll(marks, [mark]);
    expect(marks.markAt(text, 4)).toEqual(mark);
    expect(marks.markAt(text, 7)).toEqual(mark);
    expect(marks.markAt(text, 2)).toBeUndefined();
    expect(marks.markAt(document.body, 0)).toBeUndefined();
  });

  it('withdraws every mark of the names given, spanning ones included, and takes none of theirs after', () => {
    const { marks, registry } = layer();
    const [text, grouped, lattice] = [new Text('AWQ and GPTQ'), new Text('Grouped '), new Text('Lattice')];
    addAll(marks, [markOn([text], 0, 3, 0), markOn([text], 8, 12, 1), markOn([grouped, lattice], 0, 7, 1), markOn([new Text('QuIP')], 0, 4, 2)]);
    marks.publish();
    expect(marks.markAt(text, 9)).toMatchObject({ methodIndex: 1 }); // indexed before, as after a hover
    expect(marks.withdraw(new Set([1]))).toBe(2);
    expect(marks.size).toBe(2);
    expect(registry.get(HIGHLIGHT_NAMES.superseded)!.size).toBe(0);
    expect(marks.countByMethod()).toEqual(new Map([[0, 1], [2, 1]]));
    expect(marks.markAt(text, 9)).toBeUndefined();
    expect(marks.markAt(lattice, 2)).toBeUndefined();
    expect(marks.markAt(text, 1)).toMatchObject({ methodIndex: 0 });
    // A later pass over the page finds the name again: it is not marked.
    const again = new Text('GPTQ');
    addAll(marks, [markOn([again], 0, 4, 1), markOn([again], 0, 4, 0)]);
    expect(marks.countByMethod()).toEqual(new Map([[0, 2], [2, 1]]));
    expect(registry.get(HIGHLIGHT_NAMES.superseded)!.size).toBe(0);
    // Withdrawn again with another name, the first stays withdrawn.
    expect(marks.withdraw(new Set([2]))).toBe(1);
    addAll(marks, [markOn([new Text('GPTQ')], 0, 4, 1)]);
    expect(marks.countByMethod()).toEqual(new Map([[0, 2]]));
    expect(marks.removeNodes([text, again])).toBe(2);
    expect(marks.size).toBe(0);
  });

  it('unregisters only its own highlights when disposed', () => {
    const { marks, registry } = layer();
    addAll(marks, [markOn([new Text('AWQ')], 0, 3, 0)]);
    marks.publish();
    registry.set('page-own-highlight', new Set());
    marks.dispose();
    expect([...registry.keys()]).toEqual(['page-own-highlight']);
  });
});

describe('highlight styles', () => {
  it('gives every status its own rule with a translucent wash and an underline of its own style', () => {
    const css = highlightCss();
    expect(css.match(/background-color: rgb\(\d+ \d+ \d+ \/ 0\.2\)/g)).toHaveLength(4);
    const styles = (Object.keys(HIGHLIGHT_NAMES) as StatusKey[]).map((key) => {
      const rule = new RegExp(`::highlight\\(${HIGHLIGHT_NAMES[key]}\\) \\{[^}]*text-decoration: underline (\\w+) 2px (#[0-9a-f]{6})`).exec(css);
      expect(rule?.[2]).toBe(STATUS_COLORS[key]);
      return rule?.[1];
    });
    // Not told apart by colour alone: four statuses, four line styles.
    expect(styles).toEqual(['wavy', 'dashed', 'solid', 'dotted']);
  });

  it('gives Firefox, which paints only the background of a highlight, a stronger wash and no decoration', () => {
    expect(paintingFor('firefox')).toBe('wash only');
    expect(paintingFor('chrome')).toBe('wash and underline');
    const css = highlightCss(paintingFor('firefox'));
    for (const name of Object.values(HIGHLIGHT_NAMES)) expect(css).toContain(`::highlight(${name})`);
    expect(css.match(/background-color: rgb\(\d+ \d+ \d+ \/ 0\.38\)/g)).toHaveLength(4);
    expect(css).not.toContain('text-decoration: underline');
  });

  it('gives Firefox’s marks the system’s highlight colours in a forced-colours theme, which Chromium gives them itself, and a mention shown the system’s find colours', () => {
    const forced = /@media screen and \(forced-colors: active\) \{ (.*?) \{ background-color: Highlight; color: HighlightText; \} (.*) \}/.exec(highlightCss('wash only'));
    expect(forced?.[1]?.split(', ').sort()).toEqual(Object.values(HIGHLIGHT_NAMES).map((name) => `::highlight(${name})`).sort());
    expect(forced?.[2]).toBe(`::highlight(${SHOWN_HIGHLIGHT}) { background-color: Mark; color: MarkText; }`);
    expect(highlightCss('wash and underline')).not.toContain('forced-colors');
  });

  it('paints no mark in print, in either browser', () => {
    for (const painting of ['wash and underline', 'wash only'] as const) {
      const print = /@media print \{ (.*) \{ background-color: transparent; text-decoration: none; \} \}/.exec(highlightCss(painting));
      expect(print?.[1]?.split(', ').sort()).toEqual(Object.values(HIGHLIGHT_NAMES).map((name) => `::highlight(${name})`).sort());
    }
  });
});
