// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { skippedElements, type SkippedElements } from '../lib/match/skipped-elements';
import { ALWAYS_SKIPPED, textCollector } from '../lib/match/text-index';

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

/** Makes every query look slow, as on a page of hundreds of thousands of nodes: each clock read is 5 ms on. */
function slowClock(): void {
  let now = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => (now += 5));
}

/**
 * Makes every query look quick, as on a small page: each clock read is 0.1 ms on. The real clock would
 * do on an idle machine, but a loaded one (a CI run's browsers) can take over 2 ms for any first query.
 */
function quickClock(): void {
  let now = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => (now += 0.1));
}

/** The selectors queried under root, in order. */
function recordQueries(root: Element): string[] {
  const asked: string[] = [];
  const query = root.querySelectorAll.bind(root);
  vi.spyOn(root, 'querySelectorAll').mockImplementation((selector: string) => (asked.push(selector), query(selector)));
  return asked;
}

/** Runs the queries, pausing whenever asked to: whether each call to `find` finished. */
function findRounds(skipped: SkippedElements): boolean[] {
  const rounds: boolean[] = [];
  for (;;) {
    const done = skipped.find(() => true);
    rounds.push(done);
    if (done) return rounds;
  }
}

/** Every text node under root, and the skipped element each lies in (its id), in document order. */
function walk(root: Element, skipped: SkippedElements): [string, string | null][] {
  const seen: [string, string | null][] = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = skipped.containing(node);
    seen.push([(node as Text).data, element?.id ?? null]);
    if (element) {
      let last: Node = element;
      while (last.lastChild) last = last.lastChild;
      walker.currentNode = last;
    }
  }
  return seen;
}

describe('SkippedElements', () => {
  it('on a large page (the first query, of a tag name, was slow), runs one query per selector, pausing between them', () => {
    document.body.innerHTML = '<p>a</p>';
    slowClock();
    const asked = recordQueries(document.body);
    const skipped = skippedElements(document.body, '.chrome, script, math, [contenteditable]');
    expect(findRounds(skipped)).toEqual([false, false, false, true]);
    expect(asked).toEqual(['script', '.chrome', '[contenteditable]', 'math']);
  });

  it('on a small page (the first query was quick), asks for the other selectors in one query and the tag names left in another', () => {
    document.body.innerHTML = '<p>a</p>';
    quickClock();
    const asked = recordQueries(document.body);
    const skipped = skippedElements(document.body, 'script, .chrome, math, svg, [contenteditable]');
    expect(findRounds(skipped)).toEqual([false, false, true]);
    expect(asked).toEqual(['script', '.chrome,[contenteditable]', 'math,svg']);
  });

  it('with no tag name, or nothing but tag names, sizes the page by the first selector\'s query', () => {
    document.body.innerHTML = '<p>a</p>';
    for (const [clock, selector, expected] of [
      [quickClock, '.a, [b], .c', ['.a', '[b],.c']],
      [slowClock, '.a, [b], .c', ['.a', '[b]', '.c']],
      [quickClock, 'script, math, svg', ['script', 'math,svg']],
      [slowClock, 'script, math, svg', ['script', 'math', 'svg']],
      [quickClock, 'script', ['script']],
    ] as const) {
      vi.restoreAllMocks();
      clock();
      const asked = recordQueries(document.body);
      expect(skippedElements(document.body, selector).find(() => false)).toBe(true);
      expect(asked).toEqual(expected);
    }
  });

  it('tells the skipped element a node lies in, in document order across queries, nested and repeated ones passed with it', () => {
    document.body.innerHTML =
      '<p>a<svg id="s1"><text>b</text></svg>c<span class="x" id="x1">d<math id="m1"><mi>e</mi></math>f</span>g</p>' +
      '<input id="i1"><p>h<nav id="n1" class="x">i</nav>j<math id="m2"><mi>k</mi></math>l</p>';
    const skipped = skippedElements(document.body, 'svg, math, input, nav, .x');
    skipped.find(() => false);
    expect(walk(document.body, skipped)).toEqual([
      ['a', null],
      ['b', 's1'],
      ['c', null],
      ['d', 'x1'],
      ['g', null],
      ['h', null],
      ['i', 'n1'],
      ['j', null],
      ['k', 'm2'],
      ['l', null],
    ]);
  });

  it('passes an element taken off the page after the query, and keeps skipping those after it', () => {
    document.body.innerHTML = '<p>a</p><svg id="gone"><text>b</text></svg><p>c</p><svg id="kept"><text>d</text></svg><p>e</p>';
    const skipped = skippedElements(document.body, 'svg');
    skipped.find(() => false);
    const gone = document.getElementById('gone')!;
    gone.remove();
    // For nodes in different trees the order is the browser's choice; Chromium may well say "preceding".
    gone.compareDocumentPosition = () =>
      Node.DOCUMENT_POSITION_DISCONNECTED | Node.DOCUMENT_POSITION_IMPLEMENTATION_SPECIFIC | Node.DOCUMENT_POSITION_PRECEDING;
    expect(walk(document.body, skipped)).toEqual([
      ['a', null],
      ['c', null],
      ['d', 'kept'],
      ['e', null],
    ]);
  });
});

describe('reading with skipped elements found a query at a time', () => {
  it('reads nothing inside them, whichever query found them, and pauses between the queries', () => {
    document.body.innerHTML =
      '<p>AWQ <script>x</script><span contenteditable>y</span> GPTQ <math><mi>z</mi></math><select><option>w</option></select> SQ</p>';
    for (const clock of ['quick', 'slow'] as const) {
      if (clock === 'slow') slowClock();
      else quickClock();
      const collector = textCollector(document.body, { skipSelector: 'header, .chrome' });
      let steps = 0;
      while (!collector.step(() => true)) steps++;
      // ALWAYS_SKIPPED lists 13 tag names, two attribute selectors and five classes (typeset math); the
      // site adds a tag and a class. First one tag name; then, quick, the eight others in one query and the
      // thirteen tag names left in another; slow, one query for each of the 21.
      expect(ALWAYS_SKIPPED.split(',').length).toBe(20);
      expect(steps).toBe(clock === 'quick' ? 2 : 21);
      expect(collector.index.text).toBe('AWQ  GPTQ  SQ');
    }
  });

  it('skips text the page puts into a skipped element while reading pauses, ahead of what was there', () => {
    const before = Array.from({ length: 600 }, (_, i) => `<span>w${i} </span>`).join('');
    document.body.innerHTML = `<p>${before}</p><svg><text id="t">kept out</text></svg><p>after</p>`;
    const collector = textCollector(document.body);
    // Read until the walk has started (queries done, 512 text nodes read), then let the page change.
    expect(collector.step(() => collector.index.nodes.length > 0)).toBe(false);
    expect(collector.index.nodes.length).toBeGreaterThan(0);
    expect(collector.index.nodes.length).toBeLessThan(600);
    const text = document.getElementById('t')!;
    text.insertBefore(document.createTextNode('inserted '), text.firstChild);
    while (!collector.step(() => false));
    expect(collector.index.text).toContain('w599 ');
    expect(collector.index.text).not.toContain('inserted');
    expect(collector.index.text).not.toContain('kept out');
    expect(collector.index.text.endsWith('after')).toBe(true);
  });
});
