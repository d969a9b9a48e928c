// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CardContent, CardModel } from '@/components/HoverCard';
import type { Mark, MarkLayer } from '@/lib/highlight/marks';
import type { Card } from '@/lib/content/lazy-card';
import { watchHover, type Hover } from '@/lib/content/hover';
import { FakeIntersectionObserver } from './helpers/fake-intersection-observer';

/**
 * The hover logic over a fake page: one text node whose characters 4–7 ("AWQ") are a mark drawn at
 * x 50–80, y 100–118; the browser's caret and box APIs (which happy-dom lacks) answer for that layout.
 * The card is a fake that records what it shows; each record arrives when the test says so.
 */
const MARK_BOX = { left: 50, top: 100, width: 30, height: 18 };
const ON_MARK = { x: 60, y: 108 };
const BESIDE_MARK = { x: 300, y: 400 };

function box({ left, top, width, height }: typeof MARK_BOX): DOMRect {
  return { left, top, width, height, x: left, y: top, right: left + width, bottom: top + height, toJSON: () => ({}) } as DOMRect;
}

class FakeCard implements Card {
  host: HTMLElement | null = null;
  shownId: string | null = null;
  shown: string[] = [];
  /** What each card shown said: a record, or that it could not be read. */
  contents: CardContent[] = [];
  /** The node each card was shown at, whose page theme it takes. */
  shownAt: Node[] = [];
  /** Whether each card was shown as the card asked its record again (a new snapshot), or anew. */
  askedAgain: (boolean | undefined)[] = [];
  async prepare() {
    return true;
  }
  async show(model: CardContent, _rects: unknown, _pointer: unknown, at: Node, again?: boolean) {
    this.shownId = model.id;
    this.contents.push(model);
    this.shown.push(model.id);
    this.shownAt.push(at);
    this.askedAgain.push(again);
  }
  hide() {
    this.shownId = null;
  }
  focusControl() {
    return false;
  }
  remove() {
    this.shownId = null;
  }
}

let text: Text;
let marked: boolean;
let card: FakeCard;
let hover: Hover;
/** The records asked for and not answered yet, by method. */
let pendingRecords: Map<string, (model: CardModel | null) => void>;
/** How to fail each record asked for and not answered yet (the store failed, the background did not answer). */
let failRecords: Map<string, (error: Error) => void>;
const listeners: { target: EventTarget; type: string; handler: EventListener; options?: AddEventListenerOptions | boolean }[] = [];

function model(id: string): CardModel {
  return { id, name: id.toUpperCase(), status: null, critiquedBy: 1, beatenBy: 1, rank: null, topic: 'LLM quantization', subProblem: null, critique: null, lossCount: 0, lossPapers: 0, loss: null, alternatives: [], moreAlternatives: { named: 0, unnamed: 0 }, alternativeTo: [], wins: { count: 0, over: [] }, critiques: [], frontier: null, asOf: null };
}

function trusted<T extends Event>(event: T): T {
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}

/** A tap ends: `pointerup` from a finger (or a pen), then `pointerout` with nowhere to go, as browsers send it. */
function tapAt({ x, y }: { x: number; y: number }, pointerType = 'touch', isTrusted = true) {
  const event = (type: string) => {
    const made = new MouseEvent(type, { clientX: x, clientY: y, bubbles: true, relatedTarget: null });
    Object.defineProperty(made, 'pointerType', { value: pointerType });
    return isTrusted ? trusted(made) : made;
  };
  document.dispatchEvent(event('pointerup'));
  document.dispatchEvent(event('pointerout'));
}

function pointerAt({ x, y }: { x: number; y: number }) {
  document.dispatchEvent(trusted(new MouseEvent('pointermove', { clientX: x, clientY: y, bubbles: true })));
}

/** The mouse's primary button pressed, moved with it held, or released at a point, on `target` (the page, or the card). */
function mouse(type: 'pointerdown' | 'pointermove' | 'pointerup', { x, y }: { x: number; y: number }, held: boolean, target: EventTarget = document) {
  const event = trusted(new MouseEvent(type, { clientX: x, clientY: y, button: 0, buttons: held ? 1 : 0, bubbles: true, composed: true }));
  Object.defineProperty(event, 'pointerType', { value: 'mouse' });
  target.dispatchEvent(event);
}

async function answer(id: string) {
  pendingRecords.get(id)!(model(id));
  pendingRecords.delete(id);
  await vi.advanceTimersByTimeAsync(0);
}

/** The record asked for `id` comes as `record` (null: the snapshot has none). */
async function answerWith(id: string, record: CardModel | null) {
  pendingRecords.get(id)!(record);
  pendingRecords.delete(id);
  await vi.advanceTimersByTimeAsync(0);
}

/** The record request for `id` fails with `message` (the store erred, or the wait ran out). */
async function recordFails(id: string, message: string) {
  failRecords.get(id)!(new Error(message));
  pendingRecords.delete(id);
  await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => {
  vi.useFakeTimers();
  document.body.innerHTML = '';
  text = document.createTextNode('Use AWQ here');
  document.body.append(text);
  marked = true;
  card = new FakeCard();
  pendingRecords = new Map();
  failRecords = new Map();
  // happy-dom has no StaticRange: a plain object with its fields is what the hover logic reads.
  const range = { startContainer: text, startOffset: 4, endContainer: text, endOffset: 7, collapsed: false } as StaticRange;
  const layer = {
    markAt: (node: Node, offset: number): Mark | undefined => (marked && node === text && offset >= 4 && offset <= 7 ? { range, methodIndex: 0 } : undefined),
  } as unknown as MarkLayer;
  Object.assign(document, {
    caretPositionFromPoint: (x: number, y: number) => ({ offsetNode: text, offset: x >= 50 && x <= 80 && y >= 100 && y <= 118 ? 5 : 11 }),
  });
  vi.spyOn(Range.prototype, 'getClientRects').mockImplementation(() => [box(MARK_BOX)] as unknown as DOMRectList);
  hover = watchWith(layer, () => 'awq');
});

function stopWatching() {
  for (const { target, type, handler, options } of listeners.splice(0)) target.removeEventListener(type, handler, options);
}

/** Starts the hover logic over `layer`, whose marks are of the methods `methodIdOf` says. */
function watchWith(layer: MarkLayer, methodIdOf: (mark: Mark) => string): Hover {
  const ctx = {
    isInvalid: false,
    addEventListener: (target: EventTarget, type: string, handler: EventListener, options?: AddEventListenerOptions | boolean) => {
      listeners.push({ target, type, handler, options });
      target.addEventListener(type, handler, options);
    },
    setTimeout: (handler: () => void, ms: number) => setTimeout(handler, ms) as unknown as number,
    onInvalidated: () => {},
  } as unknown as ContentScriptContext;
  return watchHover({
    ctx,
    card,
    marks: () => layer,
    methodIdOf,
    loadCard: (id) =>
      new Promise((resolve, reject) => {
        pendingRecords.set(id, resolve);
        failRecords.set(id, reject);
      }),
  });
}

afterEach(() => {
  stopWatching();
  vi.restoreAllMocks();
  vi.useRealTimers();
});

describe('watchHover', () => {
  it('shows the card once the pointer rests on a mark and its record comes, and keeps it while the pointer stays', async () => {
    const prepared = vi.spyOn(card, 'prepare');
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(49);
    expect(pendingRecords.has('awq')).toBe(false);
    expect(prepared).not.toHaveBeenCalled();
    // A pause on the mark: its card's script and record start loading, so that it is ready when the rest ends.
    await vi.advanceTimersByTimeAsync(1);
    expect(prepared).toHaveBeenCalled();
    await answer('awq');
    await vi.advanceTimersByTimeAsync(149);
    expect(card.shownId).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    await answer('awq');
    expect(card.shownId).toBe('awq');
    pointerAt({ x: 70, y: 110 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(card.shownId).toBe('awq');
    expect(card.shown).toEqual(['awq']);
    // At the mark's own text node: the card takes the page's theme there.
    expect(card.shownAt).toEqual([text]);
  });

  it('says on the card that the record could not be read when asking for it fails, and asks again on the next hover', async () => {
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(200);
    await recordFails('awq', 'Method Lens’s background did not answer: try again; if it keeps failing, restart the browser.');
    expect(card.shownId).toBe('awq');
    expect(card.contents).toEqual([{ id: 'awq', unreadable: true }]);
    // Off the mark, and back: the record is asked for again, and shown once it comes.
    pointerAt(BESIDE_MARK);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(card.shownId).toBeNull();
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(200);
    expect(pendingRecords.has('awq')).toBe(true);
    await answer('awq');
    expect(card.contents.at(-1)).toEqual(model('awq'));
  });

  it('asks again when the name is tapped, or rested on, again while the card says its record could not be read', async () => {
    tapAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(0);
    await recordFails('awq', 'the store failed');
    expect(card.contents).toEqual([{ id: 'awq', unreadable: true }]);
    // As the card says: tap the name again.
    tapAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(0);
    expect(pendingRecords.has('awq')).toBe(true);
    await recordFails('awq', 'the store failed');
    expect(card.contents.at(-1)).toEqual({ id: 'awq', unreadable: true });
    // A pointer leaving for a moment and resting on it again.
    pointerAt(BESIDE_MARK);
    await vi.advanceTimersByTimeAsync(100);
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(200);
    expect(pendingRecords.has('awq')).toBe(true);
    await answer('awq');
    expect(card.contents.at(-1)).toEqual(model('awq'));
    expect(card.shownId).toBe('awq');
  });

  it('shows a record that came late in place of the card that said it could not be read, and only there', async () => {
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(200);
    await recordFails('awq', 'No answer from the background in time.');
    expect(card.contents).toEqual([{ id: 'awq', unreadable: true }]);
    hover.recordArrived('gptq'); // another method's: not this card's
    await vi.advanceTimersByTimeAsync(0);
    expect(pendingRecords.size).toBe(0);
    // Its own record came.
    hover.recordArrived('awq');
    await answer('awq');
    expect(card.contents.at(-1)).toEqual(model('awq'));
    expect(card.shownId).toBe('awq');
    // A card that shows its record is not shown again.
    hover.recordArrived('awq');
    await vi.advanceTimersByTimeAsync(0);
    expect(pendingRecords.size).toBe(0);
  });

  it('lets a card that says its record could not be read close as the pointer leaves it, though the record comes meanwhile', async () => {
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(200);
    await recordFails('awq', 'No answer from the background in time.');
    expect(card.contents).toEqual([{ id: 'awq', unreadable: true }]);
    pointerAt(BESIDE_MARK);
    await vi.advanceTimersByTimeAsync(100);
    expect(card.shownId).toBe('awq'); // time to reach the card
    // The record comes while the pointer is away: kept for the next hover, not a card left up by itself.
    hover.recordArrived('awq');
    if (pendingRecords.has('awq')) await answer('awq');
    await vi.advanceTimersByTimeAsync(300);
    expect(card.shownId).toBeNull();
  });

  it('closes a shown card a moment after the pointer leaves the mark', async () => {
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(200);
    await answer('awq');
    pointerAt(BESIDE_MARK);
    await vi.advanceTimersByTimeAsync(100);
    expect(card.shownId).toBe('awq'); // time to reach the card
    await vi.advanceTimersByTimeAsync(300);
    expect(card.shownId).toBeNull();
  });

  describe('when the pointer goes into a frame of the page (an embedded figure, a video), whose moves the page never hears', () => {
    let frame: HTMLIFrameElement;
    /** The mouse leaves `from` (the page's text, or the card) for the frame. */
    const intoFrame = (from: EventTarget = text.parentNode!) => from.dispatchEvent(trusted(new MouseEvent('pointerout', { bubbles: true, composed: true, relatedTarget: frame })));
    beforeEach(() => {
      frame = document.body.appendChild(document.createElement('iframe'));
    });

    it('closes a shown card a moment after it goes there from the mark, as when it leaves the mark for the page', async () => {
      pointerAt(ON_MARK);
      await vi.advanceTimersByTimeAsync(200);
      await answer('awq');
      intoFrame();
      await vi.advanceTimersByTimeAsync(100);
      expect(card.shownId).toBe('awq'); // time to reach the card, over the frame
      await vi.advanceTimersByTimeAsync(300);
      expect(card.shownId).toBeNull();
    });

    it('closes a shown card a moment after it goes there from the card, and keeps it when the pointer comes back to the card in time', async () => {
      card.host = document.body.appendChild(document.createElement('method-lens-card'));
      pointerAt(ON_MARK);
      await vi.advanceTimersByTimeAsync(200);
      await answer('awq');
      mouse('pointermove', { x: 60, y: 140 }, false, card.host);
      intoFrame(card.host);
      await vi.advanceTimersByTimeAsync(100);
      mouse('pointermove', { x: 60, y: 140 }, false, card.host);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(card.shownId).toBe('awq');
      intoFrame(card.host);
      await vi.advanceTimersByTimeAsync(400);
      expect(card.shownId).toBeNull();
    });

    it('shows no card when it goes there before the rest on a mark ends', async () => {
      pointerAt(ON_MARK);
      await vi.advanceTimersByTimeAsync(100);
      intoFrame();
      await vi.advanceTimersByTimeAsync(1_000);
      if (pendingRecords.has('awq')) await answer('awq');
      expect(card.shown).toEqual([]);
    });
  });

  it('closes a shown card when the page is printed (or saved as PDF)', async () => {
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(200);
    await answer('awq');
    expect(card.shownId).toBe('awq');
    window.dispatchEvent(new Event('beforeprint'));
    expect(card.shownId).toBeNull();
  });

  it.each([
    ['Escape is pressed', () => document.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })))],
    ['the page scrolls', () => window.dispatchEvent(trusted(new Event('scroll')))],
    ['the page is printed', () => window.dispatchEvent(new Event('beforeprint'))],
    ['the pointer moves off the mark', () => pointerAt(BESIDE_MARK)],
    ['the pointer leaves the window', () => document.dispatchEvent(trusted(new MouseEvent('pointerout', { bubbles: true, relatedTarget: null })))],
    ['the page navigates (the content script closes the card)', () => hover.close()],
  ])('shows no card when %s while its record is still loading', async (_, interrupt) => {
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(200);
    expect(pendingRecords.has('awq')).toBe(true);
    interrupt();
    await answer('awq');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(card.shown).toEqual([]);
    expect(card.shownId).toBeNull();
  });

  describe('when a part of the page scrolls', () => {
    /** A scroll as browsers announce it: at the element scrolled, or at the document for the window. */
    const scroll = (target: EventTarget) => target.dispatchEvent(trusted(new Event('scroll')));

    it('keeps the card when the part scrolled holds no mark of its (a sidebar, a ticker)', async () => {
      const sidebar = document.body.appendChild(document.createElement('div'));
      sidebar.append('Contents');
      pointerAt(ON_MARK);
      await vi.advanceTimersByTimeAsync(200);
      scroll(sidebar); // while the record loads
      await answer('awq');
      expect(card.shownId).toBe('awq');
      scroll(sidebar);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(card.shownId).toBe('awq');
    });

    it.each([
      ['the window', () => document],
      ['a box the mark is in', () => document.body],
    ])('closes the card when %s scrolls: the mark moved', async (_, target) => {
      pointerAt(ON_MARK);
      await vi.advanceTimersByTimeAsync(200);
      await answer('awq');
      expect(card.shownId).toBe('awq');
      scroll(target());
      expect(card.shownId).toBeNull();
    });
  });

  describe('when a part of the page scrolls, with marks the page redraws or spreads', () => {
    /** Marks the test lays out: each a StaticRange-like range, found at a caret by node and offset. */
    let laid: { range: StaticRange; id: string }[];
    /** Where the caret lands: the mark box's left half is the first text node's offset 5, its right half the second's. */
    let caretNodes: [Text, Text];
    const rangeOver = (startContainer: Text, startOffset: number, endContainer: Text, endOffset: number) =>
      ({ startContainer, startOffset, endContainer, endOffset, collapsed: false }) as StaticRange;
    const scroll = (target: EventTarget) => target.dispatchEvent(trusted(new Event('scroll')));

    beforeEach(() => {
      stopWatching();
      laid = [];
      const layer = {
        markAt: (node: Node, offset: number): Mark | undefined => {
          const at = laid.findIndex(({ range }) => (node === range.startContainer && offset >= range.startOffset) || (node === range.endContainer && offset <= range.endOffset));
          return at < 0 ? undefined : { range: laid[at]!.range, methodIndex: at };
        },
      } as unknown as MarkLayer;
      Object.assign(document, {
        caretPositionFromPoint: (x: number) => ({ offsetNode: x < 65 ? caretNodes[0] : caretNodes[1], offset: 5 }),
      });
      hover = watchWith(layer, (mark) => laid[mark.methodIndex]!.id);
    });

    it('follows the mark’s text drawn anew in the same place: the window’s scroll still closes the card', async () => {
      const sidebar = document.body.appendChild(document.createElement('div'));
      laid = [{ range: rangeOver(text, 4, text, 7), id: 'awq' }];
      caretNodes = [text, text];
      pointerAt(ON_MARK);
      await vi.advanceTimersByTimeAsync(200);
      await answer('awq');
      // The page renders the paragraph again: a new text node, the same words; the next pass marks it.
      const fresh = document.createTextNode(text.data);
      text.replaceWith(fresh);
      laid = [{ range: rangeOver(fresh, 4, fresh, 7), id: 'awq' }];
      caretNodes = [fresh, fresh];
      hover.marksChanged();
      expect(card.shownId).toBe('awq');
      scroll(sidebar);
      expect(card.shownId).toBe('awq');
      scroll(document);
      expect(card.shownId).toBeNull();
    });

    it('closes the card when a box holding only the end of its mark (a mark across two text nodes) scrolls', async () => {
      // "Use AW" then a scrolling box holding "Q here": the mark AWQ runs into it.
      text.data = 'Use AW';
      const scroller = document.body.appendChild(document.createElement('span'));
      const end = scroller.appendChild(document.createTextNode('Q here'));
      laid = [{ range: rangeOver(text, 4, end, 1), id: 'awq' }];
      caretNodes = [text, text];
      pointerAt(ON_MARK);
      await vi.advanceTimersByTimeAsync(200);
      await answer('awq');
      expect(card.shownId).toBe('awq');
      scroll(scroller);
      expect(card.shownId).toBeNull();
    });

    it('closes a card whose box scrolls while the card of the next mark rested on is being made', async () => {
      // AWQ in a scrolling box, GPTQ outside it; the pointer rests on AWQ, then on GPTQ.
      const scroller = document.body.appendChild(document.createElement('div'));
      const first = scroller.appendChild(document.createTextNode('Use AWQ'));
      const second = document.body.appendChild(document.createTextNode('or GPTQ'));
      laid = [
        { range: rangeOver(first, 4, first, 7), id: 'awq' },
        { range: rangeOver(second, 3, second, 7), id: 'gptq' },
      ];
      caretNodes = [first, second];
      pointerAt({ x: 55, y: 108 });
      await vi.advanceTimersByTimeAsync(200);
      await answer('awq');
      expect(card.shownId).toBe('awq');
      pointerAt({ x: 75, y: 108 });
      await vi.advanceTimersByTimeAsync(200);
      expect(pendingRecords.has('gptq')).toBe(true);
      scroll(scroller); // AWQ's card, still on screen, no longer sits against its mark
      expect(card.shownId).toBeNull();
      await answer('gptq');
      expect(card.shown).toEqual(['awq']);
    });
  });

  it('starts loading no card for a pointer moving on, beside a mark, or dragging a selection over one', async () => {
    const prepared = vi.spyOn(card, 'prepare');
    for (const x of [50, 60, 70, 80, 90]) {
      pointerAt({ x, y: 108 });
      await vi.advanceTimersByTimeAsync(30);
    }
    pointerAt(BESIDE_MARK);
    await vi.advanceTimersByTimeAsync(100);
    document.dispatchEvent(trusted(new MouseEvent('pointermove', { clientX: ON_MARK.x, clientY: ON_MARK.y, buttons: 1, bubbles: true })));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pendingRecords.size).toBe(0);
    expect(prepared).not.toHaveBeenCalled();
  });

  it('starts loading no card, and shows none, when the window loses focus just after the pointer stopped on a mark', async () => {
    const prepared = vi.spyOn(card, 'prepare');
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(20);
    window.dispatchEvent(new FocusEvent('blur'));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pendingRecords.size).toBe(0);
    expect(prepared).not.toHaveBeenCalled();
    expect(card.shown).toEqual([]);
  });

  it('stays closed after Escape, though the pointer moved on the mark just before', async () => {
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(200);
    await answer('awq');
    pointerAt({ x: 61, y: 108 });
    document.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(card.shownId).toBeNull();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pendingRecords.size).toBe(0);
    expect(card.shown).toEqual(['awq']);
  });

  it('takes the Escape that closes a shown card (its repeats and release too) from the page, and leaves the page one with no card shown', async () => {
    const heard: string[] = [];
    const pageListener = (event: Event) => heard.push(`${event.type}${(event as KeyboardEvent).repeat ? ' repeat' : ''}`);
    for (const type of ['keydown', 'keyup']) document.addEventListener(type, pageListener);
    const press = (type: 'keydown' | 'keyup', repeat = false) => {
      const event = trusted(new KeyboardEvent(type, { key: 'Escape', repeat, bubbles: true, cancelable: true }));
      document.dispatchEvent(event);
      return event.defaultPrevented;
    };
    try {
      // A card on its way, not shown: the page's Escape, which also stops the card.
      pointerAt(ON_MARK);
      await vi.advanceTimersByTimeAsync(200);
      expect(press('keydown')).toBe(false);
      expect(press('keyup')).toBe(false);
      await answer('awq');
      expect(card.shown).toEqual([]);
      expect(heard).toEqual(['keydown', 'keyup']);

      heard.length = 0;
      pointerAt({ x: 61, y: 108 });
      await vi.advanceTimersByTimeAsync(200);
      await answer('awq');
      expect(card.shownId).toBe('awq');
      expect([press('keydown'), press('keydown', true), press('keyup')]).toEqual([true, true, true]);
      expect(card.shownId).toBeNull();
      expect(heard).toEqual([]);
      // The next Escape, no card shown, is the page's.
      expect([press('keydown'), press('keyup')]).toEqual([false, false]);
      expect(heard).toEqual(['keydown', 'keyup']);
    } finally {
      for (const type of ['keydown', 'keyup']) document.removeEventListener(type, pageListener);
    }
  });

  it('closes the card when the pointer rests where its mark was and the mark is gone (its text changed)', async () => {
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(200);
    await answer('awq');
    marked = false;
    pointerAt({ x: 61, y: 108 });
    await vi.advanceTimersByTimeAsync(200);
    expect(card.shownId).toBeNull();
  });

  describe('when a pass draws the marks anew, with no pointer move', () => {
    async function cardOpen() {
      pointerAt(ON_MARK);
      await vi.advanceTimersByTimeAsync(200);
      await answer('awq');
      expect(card.shownId).toBe('awq');
    }

    it('keeps the card while its mark is where it was', async () => {
      await cardOpen();
      hover.marksChanged();
      expect(card.shownId).toBe('awq');
    });

    it('closes it when its mark is gone (the page edited its text)', async () => {
      await cardOpen();
      marked = false;
      hover.marksChanged();
      expect(card.shownId).toBeNull();
    });

    it('closes it when the page moved its mark (a banner inserted above): the card would cover it', async () => {
      await cardOpen();
      vi.mocked(Range.prototype.getClientRects).mockImplementation(() => [box({ ...MARK_BOX, top: MARK_BOX.top + 60 })] as unknown as DOMRectList);
      hover.marksChanged();
      expect(card.shownId).toBeNull();
    });

    it('keeps the card of a mark wrapped over two lines whose first is above the window, while it is where it was', async () => {
      // "Grouped Lattice / Vector Quantization" at the window's top: its first line scrolled out of sight.
      const firstLine = { left: 200, top: -12, width: 120, height: 18 };
      vi.mocked(Range.prototype.getClientRects).mockImplementation(() => [box(firstLine), box(MARK_BOX)] as unknown as DOMRectList);
      await cardOpen();
      hover.marksChanged();
      expect(card.shownId).toBe('awq');
      // Moved, it still closes.
      vi.mocked(Range.prototype.getClientRects).mockImplementation(() => [box(firstLine), box({ ...MARK_BOX, top: MARK_BOX.top + 60 })] as unknown as DOMRectList);
      hover.marksChanged();
      expect(card.shownId).toBeNull();
    });

    it('drops a card still loading for a mark that is gone', async () => {
      pointerAt(ON_MARK);
      await vi.advanceTimersByTimeAsync(200);
      marked = false;
      hover.marksChanged();
      await answer('awq');
      expect(card.shown).toEqual([]);
    });
  });

  it('closes the card at the first frame a transform draws its mark elsewhere (a carousel sliding): no event, pass or layout change tells of it', async () => {
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(200);
    await answer('awq');
    // Frames go by with the mark where it was.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(card.shownId).toBe('awq');
    vi.mocked(Range.prototype.getClientRects).mockImplementation(() => [box({ ...MARK_BOX, left: MARK_BOX.left - 300 })] as unknown as DOMRectList);
    await vi.advanceTimersByTimeAsync(20);
    expect(card.shownId).toBeNull();
  });

  describe('when the mark’s element is drawn whole: watched for a move, no frame asked for', () => {
    /** The text's element (the body here), drawn wholly inside a window of 1000 × 700 unless a test says otherwise. */
    const HOLDER_BOX = { left: 40, top: 90, width: 500, height: 40 };
    let frames: ReturnType<typeof vi.spyOn>;

    beforeEach(() => {
      FakeIntersectionObserver.made = [];
      vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver);
      vi.spyOn(document.documentElement, 'clientWidth', 'get').mockReturnValue(1000);
      vi.spyOn(document.documentElement, 'clientHeight', 'get').mockReturnValue(700);
      vi.spyOn(document.body, 'getBoundingClientRect').mockReturnValue(box(HOLDER_BOX));
      frames = vi.spyOn(globalThis, 'requestAnimationFrame');
    });

    afterEach(() => {
      vi.unstubAllGlobals();
    });

    /** The card shown for the mark, and the watch on its element (through a root of that margin), which the browser found whole. */
    async function cardOpen(rootMargin = '-90px -460px -570px -40px') {
      pointerAt(ON_MARK);
      await vi.advanceTimersByTimeAsync(200);
      await answer('awq');
      expect(card.shownId).toBe('awq');
      const watch = FakeIntersectionObserver.made.at(-1)!;
      expect(watch.observed).toEqual([document.body]);
      expect(watch.options).toEqual({ rootMargin, threshold: 1 });
      watch.report(1);
      return watch;
    }

    it.each([
      ['lies wholly in the window', HOLDER_BOX, '-90px -460px -570px -40px'],
      ['is taller than the window, scrolled part way through (a long paragraph)', { ...HOLDER_BOX, top: -400, height: 1500 }, '400px -460px 400px -40px'],
    ])('keeps the card with no script running at each frame while nothing moves, and closes it once the element moved its mark, when the element %s', async (_, holder, rootMargin) => {
      vi.mocked(document.body.getBoundingClientRect).mockReturnValue(box(holder));
      const watch = await cardOpen(rootMargin);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(card.shownId).toBe('awq');
      expect(frames).not.toHaveBeenCalled();
      vi.mocked(Range.prototype.getClientRects).mockImplementation(() => [box({ ...MARK_BOX, left: MARK_BOX.left - 300 })] as unknown as DOMRectList);
      watch.report(0.4);
      expect(card.shownId).toBeNull();
      expect(watch.disconnected).toBe(true);
    });

    it('keeps the card when the element changed but its mark did not move (content grew below it), watching the element anew', async () => {
      const watch = await cardOpen();
      vi.mocked(document.body.getBoundingClientRect).mockReturnValue(box({ ...HOLDER_BOX, height: 80 }));
      watch.report(0.5);
      expect(card.shownId).toBe('awq');
      const next = FakeIntersectionObserver.made.at(-1)!;
      expect(next).not.toBe(watch);
      expect(next.options).toEqual({ rootMargin: '-90px -460px -530px -40px', threshold: 1 });
      expect(next.disconnected).toBe(false);
      expect(frames).not.toHaveBeenCalled();
    });

    it('reads the mark’s boxes at each frame instead when the browser finds the element clipped (a box around it cuts it off)', async () => {
      pointerAt(ON_MARK);
      await vi.advanceTimersByTimeAsync(200);
      await answer('awq');
      FakeIntersectionObserver.made.at(-1)!.report(0.7);
      await vi.advanceTimersByTimeAsync(100);
      expect(card.shownId).toBe('awq');
      expect(frames).toHaveBeenCalled();
      vi.mocked(Range.prototype.getClientRects).mockImplementation(() => [box({ ...MARK_BOX, top: MARK_BOX.top + 200 })] as unknown as DOMRectList);
      await vi.advanceTimersByTimeAsync(20);
      expect(card.shownId).toBeNull();
    });

    it('leaves a mark whose text the page took out to the pass that comes after (a twin drawn in its place is followed)', async () => {
      const watch = await cardOpen();
      text.remove();
      watch.report(0);
      expect(card.shownId).toBe('awq');
      // The pass finds no mark where the card's was.
      marked = false;
      hover.marksChanged();
      expect(card.shownId).toBeNull();
    });

    it('stops watching when the card closes', async () => {
      const watch = await cardOpen();
      document.dispatchEvent(trusted(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
      expect(card.shownId).toBeNull();
      expect(FakeIntersectionObserver.made.map((observer) => observer.disconnected)).toEqual([true, true]);
    });
  });

  it('closes the card, and throws nothing, when the page shortens its mark’s text before a pass draws the marks anew', async () => {
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(200);
    await answer('awq');
    // "Use AWQ here" → "Use": the mark's range now ends past its text.
    text.data = 'Use';
    await vi.advanceTimersByTimeAsync(20);
    expect(card.shownId).toBeNull();
  });

  it('shows the card of a mark tapped at once, keeps it when the finger lifts, and closes it on a tap elsewhere', async () => {
    tapAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(0); // no rest: the record is asked for at once
    expect(pendingRecords.has('awq')).toBe(true);
    await answer('awq');
    expect(card.shownId).toBe('awq');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(card.shownId).toBe('awq');
    tapAt(ON_MARK); // the same mark again: the card stays
    await vi.advanceTimersByTimeAsync(0);
    expect(card.shownId).toBe('awq');
    tapAt(BESIDE_MARK);
    expect(card.shownId).toBeNull();
    tapAt(ON_MARK, 'pen');
    await answer('awq');
    expect(card.shownId).toBe('awq');
  });

  it('opens nothing on a mouse click (the mouse rests first) nor on a tap the page forged', async () => {
    tapAt(ON_MARK, 'mouse');
    tapAt(ON_MARK, 'touch', false);
    await vi.advanceTimersByTimeAsync(0);
    expect(pendingRecords.size).toBe(0);
    expect(card.shown).toEqual([]);
  });

  it('ignores the page’s forged pointer and key events', async () => {
    document.dispatchEvent(new MouseEvent('pointermove', { clientX: ON_MARK.x, clientY: ON_MARK.y, bubbles: true }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pendingRecords.size).toBe(0);
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(200);
    await answer('awq');
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(card.shownId).toBe('awq');
  });
});

describe('when a refresh brings a new snapshot in', () => {
  const renewed = (id: string): CardModel => ({ ...model(id), critiquedBy: 10 });

  async function cardOpen() {
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(200);
    await answer('awq');
    expect(card.contents).toEqual([model('awq')]);
  }

  it('asks the open card’s record again and shows the new one in its place', async () => {
    await cardOpen();
    hover.recordsChanged();
    await vi.advanceTimersByTimeAsync(0);
    expect(pendingRecords.has('awq')).toBe(true);
    await answerWith('awq', renewed('awq'));
    expect(card.shownId).toBe('awq');
    expect(card.contents.at(-1)).toEqual(renewed('awq'));
  });

  it('shows the new record as the card asked again, which keeps the reader’s place in it; a card rested on is shown anew', async () => {
    await cardOpen();
    hover.recordsChanged();
    await vi.advanceTimersByTimeAsync(0);
    await answerWith('awq', renewed('awq'));
    expect(card.askedAgain).toEqual([false, true]);
  });

  it('closes the open card when the new snapshot has no record of its method', async () => {
    await cardOpen();
    hover.recordsChanged();
    await vi.advanceTimersByTimeAsync(0);
    await answerWith('awq', null);
    expect(card.shownId).toBeNull();
  });

  it('shows a card still being made with the new snapshot’s record, not the old one it was waiting for', async () => {
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(200);
    const fromOldSnapshot = pendingRecords.get('awq')!;
    hover.recordsChanged();
    await vi.advanceTimersByTimeAsync(0);
    fromOldSnapshot(model('awq'));
    await answerWith('awq', renewed('awq'));
    expect(card.contents).toEqual([renewed('awq')]);
  });

  it('lets a card the pointer has left close as it would have', async () => {
    await cardOpen();
    pointerAt(BESIDE_MARK);
    await vi.advanceTimersByTimeAsync(100);
    hover.recordsChanged();
    await vi.advanceTimersByTimeAsync(0);
    if (pendingRecords.has('awq')) await answerWith('awq', renewed('awq'));
    await vi.advanceTimersByTimeAsync(200);
    expect(card.shownId).toBeNull();
  });

  it('asks nothing with no card open', async () => {
    hover.recordsChanged();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pendingRecords.size).toBe(0);
    expect(card.shown).toEqual([]);
  });
});

describe('while the reader drags a selection', () => {
  async function cardOpen() {
    pointerAt(ON_MARK);
    await vi.advanceTimersByTimeAsync(200);
    await answer('awq');
    expect(card.shownId).toBe('awq');
  }

  it('keeps the card while a drag from its mark passes over the card and out past its edge, and closes it as usual once released outside both', async () => {
    card.host = document.body.appendChild(document.createElement('method-lens-card'));
    await cardOpen();
    mouse('pointerdown', ON_MARK, true);
    mouse('pointermove', { x: 90, y: 108 }, true);
    mouse('pointermove', { x: 90, y: 140 }, true, card.host);
    mouse('pointermove', BESIDE_MARK, true);
    // Out of the window and back, the button still held.
    document.dispatchEvent(trusted(new MouseEvent('pointerout', { bubbles: true, relatedTarget: null, buttons: 1 })));
    mouse('pointermove', BESIDE_MARK, true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(card.shownId).toBe('awq');
    mouse('pointerup', BESIDE_MARK, false);
    await vi.advanceTimersByTimeAsync(100);
    expect(card.shownId).toBe('awq'); // time to reach the card, as when the pointer leaves the mark
    await vi.advanceTimersByTimeAsync(200);
    expect(card.shownId).toBeNull();
  });

  it('keeps the card while a drag from the card goes out of it, and after the button is released on the card', async () => {
    card.host = document.body.appendChild(document.createElement('method-lens-card'));
    await cardOpen();
    mouse('pointermove', { x: 90, y: 140 }, false, card.host);
    mouse('pointerdown', { x: 90, y: 140 }, true, card.host);
    mouse('pointermove', BESIDE_MARK, true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(card.shownId).toBe('awq');
    mouse('pointerup', { x: 90, y: 140 }, false, card.host);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(card.shownId).toBe('awq');
    pointerAt(BESIDE_MARK);
    await vi.advanceTimersByTimeAsync(300);
    expect(card.shownId).toBeNull();
  });

  it('ends the drag at the next move without the button, when its release was not heard (outside the window)', async () => {
    await cardOpen();
    mouse('pointerdown', ON_MARK, true);
    mouse('pointermove', BESIDE_MARK, true);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(card.shownId).toBe('awq');
    mouse('pointermove', BESIDE_MARK, false);
    await vi.advanceTimersByTimeAsync(300);
    expect(card.shownId).toBeNull();
  });

  it('closes the card as usual for a drag that started beside its mark and the card', async () => {
    await cardOpen();
    mouse('pointermove', { x: 90, y: 108 }, false);
    mouse('pointerdown', { x: 90, y: 108 }, true);
    mouse('pointermove', BESIDE_MARK, true);
    await vi.advanceTimersByTimeAsync(300);
    expect(card.shownId).toBeNull();
  });

  it('keeps nothing for a drag from the mark with another button (a middle-button scroll)', async () => {
    await cardOpen();
    const press = trusted(new MouseEvent('pointerdown', { clientX: ON_MARK.x, clientY: ON_MARK.y, button: 1, buttons: 4, bubbles: true }));
    document.dispatchEvent(press);
    document.dispatchEvent(trusted(new MouseEvent('pointermove', { clientX: BESIDE_MARK.x, clientY: BESIDE_MARK.y, buttons: 4, bubbles: true })));
    await vi.advanceTimersByTimeAsync(300);
    expect(card.shownId).toBeNull();
  });
});
