// @vitest-environment happy-dom
import { beforeAll, describe, expect, it } from 'vitest';
import { MarkLayer, type Mark } from '@/lib/highlight/marks';
import { highlightCss } from '@/lib/highlight/styles';
import { HIGHLIGHT_NAMES, type StatusKey } from '@/lib/snapshot/status';

beforeAll(() => {
  // happy-dom has no Custom Highlight API: a Highlight is a set of ranges, as in browsers.
  (globalThis as { Highlight?: unknown }).Highlight ??= class extends Set<AbstractRange> {};
});

const statuses: StatusKey[] = ['heavily superseded', 'superseded', 'none'];

function markOn(nodes: Text[], start: number, end: number, methodIndex: number): Mark {
  const range = { startContainer: nodes[0]!, startOffset: start, endContainer: nodes.at(-1)!, endOffset: end, collapsed: false } as unknown as StaticRange;
  return { range, methodIndex, nodes };
}

function layer() {
  const registry = new Map<string, Highlight>() as unknown as HighlightRegistry;
  return { marks: new MarkLayer((i) => statuses[i]!, registry), registry: registry as unknown as Map<string, Set<unknown>> };
}

describe('MarkLayer', () => {
  it('registers one highlight per status and counts marks per method', () => {
    const { marks, registry } = layer();
    const [a, b] = [new Text('AWQ and AQLM'), new Text('GPTQ')];
    marks.add([markOn([a], 0, 3, 0), markOn([a], 8, 12, 1), markOn([b], 0, 4, 2), markOn([b], 0, 4, 2)]);
    expect(registry.get(HIGHLIGHT_NAMES['heavily superseded'])!.size).toBe(1);
    expect(registry.get(HIGHLIGHT_NAMES.superseded)!.size).toBe(1);
    expect(registry.get(HIGHLIGHT_NAMES.none)!.size).toBe(2);
    expect(marks.countByMethod()).toEqual(new Map([[0, 1], [1, 1], [2, 2]]));
  });

  it('drops every mark touching a stale node, including one spanning two nodes', () => {
    const { marks, registry } = layer();
    const [grouped, lattice, other] = [new Text('Grouped '), new Text('Lattice'), new Text('AWQ')];
    marks.add([markOn([grouped, lattice], 0, 7, 2), markOn([other], 0, 3, 0)]);
    expect(marks.removeNodes([lattice])).toBe(1);
    expect(marks.size).toBe(1);
    expect(registry.get(HIGHLIGHT_NAMES.none)!.size).toBe(0);
    expect(marks.removeNodes([grouped])).toBe(0);
  });

  it('finds the mark under a caret position, inclusive of its edges', () => {
    const { marks } = layer();
    const text = new Text('see AWQ here');
    const mark = markOn([text], 4, 7, 0);
    marks.add([mark]);
    expect(marks.markAt(text, 4)).toBe(mark);
    expect(marks.markAt(text, 7)).toBe(mark);
    expect(marks.markAt(text, 2)).toBeUndefined();
    expect(marks.markAt(document.body, 0)).toBeUndefined();
  });

  it('unregisters only its own highlights when disposed', () => {
    const { marks, registry } = layer();
    marks.add([markOn([new Text('AWQ')], 0, 3, 0)]);
    registry.set('page-own-highlight', new Set());
    marks.dispose();
    expect([...registry.keys()]).toEqual(['page-own-highlight']);
  });
});

describe('highlight styles', () => {
  it('gives every status its own rule with a translucent wash and a solid underline', () => {
    const css = highlightCss();
    for (const name of Object.values(HIGHLIGHT_NAMES)) expect(css).toContain(`::highlight(${name})`);
    expect(css.match(/background-color: rgb\(\d+ \d+ \d+ \/ 0\.2\)/g)).toHaveLength(4);
    expect(css.match(/text-decoration: underline 2px #[0-9a-f]{6}/g)).toHaveLength(4);
  });
});
