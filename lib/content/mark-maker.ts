import { runsOnFrom, type MarkLayer } from '@/lib/highlight/marks';
import type { Span } from '@/lib/match/matcher';
import { mathTextAfter, nodeIndexAt, type TextIndex } from '@/lib/match/text-index';

/**
 * A text node never gets more marks than this: Chromium registers ranges of one node in time that grows
 * with the square of their number (30k StaticRanges in one 10 MB text node took 0.4 s to add, 100k about
 * a minute). Past it, the node's marking stops there; a paragraph has a handful.
 */
export const MAX_MARKS_PER_NODE = 1_000;

/** Where marks go: the page's mark layer (or a test's list). */
export type MarkSink = Pick<MarkLayer, 'add'>;

/**
 * Turns matched spans (sorted by start) into marks: a StaticRange, plus every text node it touches when
 * more than one. The text nodes are found with a cursor that only moves forward, and a text node's marks
 * are counted as they come (they are consecutive) to keep the per-node cap.
 */
export class MarkMaker {
  #cursor = 0;
  #runNode = -1;
  #runLength = 0;
  /** One init object for every StaticRange (the constructor copies it): thousands fewer allocations per pass. */
  readonly #init: StaticRangeInit = { startContainer: document, startOffset: 0, endContainer: document, endOffset: 0 };

  readonly #index: TextIndex;
  /** Text nodes that changed since the index was read: no mark on them. */
  readonly #changed: ReadonlySet<Text>;
  /** Text nodes the page added a node after since: no mark runs on from one of them (`MutationWork.insertedAfter`). */
  readonly #insertedAfter: ReadonlySet<Text>;

  constructor(index: TextIndex, changed: ReadonlySet<Text> = new Set(), insertedAfter: ReadonlySet<Text> = new Set()) {
    this.#index = index;
    this.#changed = changed;
    this.#insertedAfter = insertedAfter;
  }

  marksFor(spans: readonly Span[], from: number, to: number, into: MarkSink): void {
    const { nodes, starts } = this.#index;
    const changed = this.#changed;
    const init = this.#init;
    for (let i = from; i < to; i++) {
      const span = spans[i]!;
      const first = (this.#cursor = nodeIndexAt(this.#index, span.start, false, this.#cursor));
      if (first !== this.#runNode) {
        this.#runNode = first;
        this.#runLength = 0;
      }
      if (++this.#runLength > MAX_MARKS_PER_NODE) continue;
      const last = nodeIndexAt(this.#index, span.end, true, first);
      let spanning = first === last ? undefined : nodes.slice(first, last + 1);
      // A name whose last character is math (`QuIP<math>#</math>`): the mark ends after what the math shows,
      // in a text node not read, listed with the mark's so that a hover there finds it and a change there drops it.
      const shown = span.throughMath && mathTextAfter(nodes[last]!);
      if (shown === null) continue; // the page took the math away since it was read
      if (shown) spanning = nodes.slice(first, last + 1).concat(shown);
      if (changed.size && (spanning ? spanning.some((node) => changed.has(node)) : changed.has(nodes[first]!))) continue;
      if (spanning && this.#insertedAfter.size && runsOnFrom(spanning, this.#insertedAfter)) continue;
      init.startContainer = nodes[first]!;
      init.startOffset = span.start - starts[first]!;
      init.endContainer = shown || nodes[last]!;
      init.endOffset = shown ? shown.length : span.end - starts[last]!;
      into.add(new StaticRange(init), span.nameIndex, spanning);
    }
  }
}
