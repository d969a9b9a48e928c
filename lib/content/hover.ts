/**
 * Shows the card when the pointer rests on a mark (~200 ms), keeps it while the pointer is on the mark
 * or the card (or a selection dragged from either is in progress), closes it on Escape, a scroll, a
 * change of layout or a transform that moves the mark, leaving both or leaving the window.
 * A touch or pen that taps a mark (no pointer rests there) shows its card at once; a tap elsewhere
 * closes it. Tab while the card is open moves focus to its control, so it is reachable by keyboard;
 * closing gives focus back.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { MarkLayer, Mark } from '@/lib/highlight/marks';
import type { CardContent, CardModel } from '@/components/HoverCard';
import { caretAt, pointInRects, rectsOf } from './caret';
import { isInert } from './inert';
import { watchMove, type MoveWatch } from './move-watch';
import type { Card } from './lazy-card';

const REST_MS = 200;
/**
 * A pause this long on a mark starts loading its card (the card's script on a first hover, the record
 * from the background, which may have to start), so that the card is ready when the rest ends: a first
 * card took 67 ms past the rest (102 ms with the background stopped), a later one 31 ms (`bench:card`).
 */
const PREPARE_MS = 50;
const LEAVE_GRACE_MS = 300;

export interface HoverOptions {
  ctx: ContentScriptContext;
  marks: () => MarkLayer | null;
  methodIdOf: (mark: Mark) => string | undefined;
  /** The method's card, null if it has no record; rejects when its record could not be read. */
  loadCard: (methodId: string) => Promise<CardModel | null>;
  card: Card;
}

/** What the content script may ask of the hover logic. */
export interface Hover {
  /** Closes the card, and drops one still being loaded (a navigation, marks turned off). */
  close(): void;
  /**
   * The page's marks were drawn anew (a pass after the page changed): a card whose mark is no longer
   * where it was (its text changed, or the page moved it) closes, rather than speak for text no longer
   * there or cover the mark. Asked with no pointer move: the reader may be resting or reading the card.
   */
  marksChanged(): void;
  /** The method's record came after its card said it could not be read: the card, if still shown, shows it. */
  recordArrived(methodId: string): void;
  /**
   * A new snapshot came in: the card shown or being made asks its record again and shows the new one,
   * or closes when the snapshot has none.
   */
  recordsChanged(): void;
}

export function watchHover({ ctx, marks, methodIdOf, loadCard, card }: HoverOptions): Hover {
  let restTimer: number | undefined;
  let prepareTimer: number | undefined;
  let leaveTimer: number | undefined;
  /** The boxes of the mark the card is shown for, or being made for. */
  let markRects: DOMRect[] = [];
  /** That mark's range, followed by `followMark`. */
  let markRange: AbstractRange | null = null;
  let followFrame = 0;
  let moveWatch: MoveWatch | null = null;
  /**
   * The text nodes at the ends of that mark, and of the mark whose card is on screen (another while a
   * card is being made for the next): a part of the page that scrolls without them leaves the card be.
   */
  let markEnds: Node[] = [];
  let shownEnds: Node[] = [];
  /** The method of a card being made (its record or its script loading), shown when ready; null when none is. */
  let loadingId: string | null = null;
  /** Bumped by every new card and every close: a card made for an older one is not shown. */
  let request = 0;
  /** The card shown says its record could not be read: its name tapped or rested on again asks again, as it says. */
  let shownUnreadable = false;
  /** Where the pointer rested (or tapped) for the card shown, or being made. */
  let cardPoint: { x: number; y: number } | null = null;
  /**
   * The primary button was pressed on the card's mark or on the card (a selection begins): the card stays
   * wherever the pointer goes until the button is released.
   */
  let dragging = false;

  /**
   * The page's layout, watched while a card is shown or being made: content put in above the mark
   * outside the part read (a banner), or an image or font loading, moves the mark without any scroll or
   * change the page session hears of. The card closes rather than cover the mark or point beside it.
   */
  const layoutWatch = new ResizeObserver(() => isActive() && recheckMark());
  /**
   * A page that scrolls inside a box of its own (an app's shell: <html> and <body> the window's height)
   * keeps its root's size as content comes above the mark; Chromium reports the mark's text moving (a
   * layout shift) whatever box it is in. Firefox reports none, and has the root's size only.
   */
  const shiftWatch = PerformanceObserver.supportedEntryTypes?.includes('layout-shift') ? new PerformanceObserver(() => isActive() && recheckMark()) : null;
  /**
   * A transform moves the mark with no layout (a carousel sliding it away, an animation the page runs,
   * `element.animate`): neither watch hears of it, nor the page session, as no element changes. While a
   * card is shown or being made, the element holding the mark is watched for a move (`watchMove`: nothing
   * of ours runs while the page rests); once the mark moved the card closes as it does for a layout change.
   * An element the browser cannot watch so (clipped by a box around it) has the mark's boxes read at each
   * frame instead (one range's, on a page laid out already).
   */
  const followMark = () => {
    stopFollowing();
    const element = markRange && elementHolding(markRange);
    moveWatch =
      element &&
      watchMove(
        element,
        () => {
          moveWatch = null;
          if (!isActive() || !markRange) return;
          // Its text taken out of the page, its mark with it: most often the page drew it anew, a twin in its
          // place (a React re-render), which the pass the page session has coming marks; that pass says whether
          // the mark is still there (`marksChanged`), and the watch starts again on the twin's element.
          if (!isConnected(markRange)) return;
          recheckMark();
        },
        () => {
          moveWatch = null;
          if (isActive()) followEachFrame();
        },
      );
    if (!moveWatch) followEachFrame();
  };
  const followEachFrame = () => {
    followFrame = requestAnimationFrame(() => {
      // No `ctx.isInvalid` here (`onInvalidated` cancels the frame): asked at each frame, it would orphan the
      // page at once after an update, where the reader's next move is what takes the marks away (`index.ts`).
      if (!isActive() || !markRange) return;
      // Taken out of the page: as above, the pass the page session has coming says (this frame may come first).
      if (!isConnected(markRange)) return followEachFrame();
      let moved: boolean;
      try {
        moved = !sameBoxes(rectsOf(markRange), markRects);
      } catch {
        // Its text shortened under it (the range's offsets past its end), before a pass draws the marks anew.
        return close();
      }
      if (moved) recheckMark();
      else followEachFrame();
    });
  };
  const stopFollowing = () => {
    cancelAnimationFrame(followFrame);
    moveWatch?.stop();
    moveWatch = null;
  };

  const clearTimer = (timer: number | undefined) => timer !== undefined && clearTimeout(timer);
  /** Whether a card is shown or on its way: what Escape, scrolling and leaving must stop. */
  const isActive = () => card.shownId !== null || loadingId !== null;
  /** No card comes, nor starts loading, of the pointer's last stop. */
  const stopWaiting = () => {
    clearTimer(restTimer);
    clearTimer(prepareTimer);
    restTimer = prepareTimer = undefined;
  };
  const close = () => {
    stopWaiting();
    clearTimer(leaveTimer);
    leaveTimer = undefined;
    markRects = [];
    markRange = null;
    markEnds = shownEnds = [];
    loadingId = null;
    dragging = false;
    request++;
    layoutWatch.disconnect();
    shiftWatch?.disconnect();
    stopFollowing();
    card.hide();
  };

  /** The mark at a point, its boxes, and its method: none when the point is beside the mark, or the page made it inert. */
  function markAtPoint(x: number, y: number) {
    const layer = marks();
    const caret = caretAt(document, x, y);
    const mark = layer && caret ? layer.markAt(caret.node, caret.offset) : undefined;
    // The caret snaps to the nearest character; make sure the pointer is really on the mark.
    const rects = mark ? rectsOf(mark.range) : [];
    const methodId = mark && pointInRects(rects, x, y) && !isInert(mark.range.startContainer) ? methodIdOf(mark) : undefined;
    return { mark, rects, methodId };
  }

  /** The pointer paused on a mark: its card starts loading, to be shown if the rest goes on. */
  function prepareAt(x: number, y: number) {
    prepareTimer = undefined;
    const { methodId } = markAtPoint(x, y);
    if (!methodId) return;
    // Nothing is said of a failure here: the rest asks again, and its card says so if it fails again.
    card.prepare().catch(() => false);
    loadCard(methodId).catch(() => null);
  }

  /** Shows the card of the mark at a point; `again`, asks its record again though it is the card shown or being made. */
  async function showAt(x: number, y: number, again = false) {
    restTimer = undefined;
    const { mark, rects, methodId } = markAtPoint(x, y);
    if (!mark || !methodId) {
      // At rest where the card's mark was, and no mark there now: its text changed or left the page.
      if (isActive() && pointInRects(markRects, x, y)) close();
      return;
    }
    const current = loadingId ?? (shownUnreadable ? null : card.shownId);
    if (!again && current === methodId && pointInRects(markRects, x, y)) return;
    // Resting on another mark: the grace timer for leaving the last one must not cancel this card. Asked
    // again, the card the pointer has left still closes.
    if (!again) {
      clearTimer(leaveTimer);
      leaveTimer = undefined;
    }
    const ticket = ++request;
    markRects = rects;
    markRange = mark.range;
    markEnds = endsOf(mark);
    loadingId = methodId;
    cardPoint = { x, y };
    layoutWatch.observe(document.documentElement);
    shiftWatch?.observe({ type: 'layout-shift' });
    followMark();
    // The card's script loads (first hover) while the record is asked for; the pointer may move on,
    // the reader press Escape or scroll meanwhile: each of these moves `request` on.
    // A record that could not be read is said on the card, rather than nothing shown at all; the next
    // hover asks again.
    const unreadable = (): CardContent => ({ id: methodId, unreadable: true });
    const [model, ready] = await Promise.all([loadCard(methodId).catch(unreadable), card.prepare()]);
    if (ticket !== request || ctx.isInvalid) return;
    loadingId = null;
    if (!model || !ready) {
      close();
      return;
    }
    const box = rects.find((rect) => pointInRects([rect], x, y)) ?? rects[0]!;
    const asBox = (rect: DOMRect) => ({ left: rect.left, top: rect.top, width: rect.width, height: rect.height });
    shownEnds = markEnds;
    shownUnreadable = 'unreadable' in model;
    await card.show(model, rects.map(asBox), asBox(box), mark.range.startContainer, again);
  }

  ctx.addEventListener(
    document,
    'pointermove',
    (event: PointerEvent) => {
      // Only the reader's own pointer: the page's scripts cannot open the card by forging events.
      if (!event.isTrusted) return;
      const { clientX: x, clientY: y } = event;
      stopWaiting();
      // Released where no release was heard (outside the window): the drag is over.
      if (dragging && (event.buttons & 1) === 0) dragging = false;
      if (onCard(event)) {
        clearTimer(leaveTimer);
        leaveTimer = undefined;
        return;
      }
      if (isActive() && !pointInRects(markRects, x, y)) {
        // Off the mark: a card shown stays a moment, for the pointer to reach it (or while a selection
        // dragged from it goes on); one not shown yet never comes.
        if (card.shownId === null) close();
        else if (!dragging) leaveTimer ??= ctx.setTimeout(close, LEAVE_GRACE_MS);
      } else if (isActive()) {
        clearTimer(leaveTimer);
        leaveTimer = undefined;
      }
      // A button held: the reader drags a selection (or a finger pans), and pauses without resting on a name.
      if (event.buttons !== 0) return;
      prepareTimer = ctx.setTimeout(() => prepareAt(x, y), PREPARE_MS);
      // A card the page keeps from showing (it broke our host) is no card, never an error thrown at the page.
      restTimer = ctx.setTimeout(() => void showAt(x, y).catch(close), REST_MS);
    },
    { passive: true, capture: true },
  );

  // A button pressed before the pointer came to rest (a selection started on a name): no card comes of that rest.
  // The primary one pressed on the card shown or its mark starts a drag (a selection) that keeps the card.
  ctx.addEventListener(
    document,
    'pointerdown',
    (event: PointerEvent) => {
      if (!event.isTrusted) return;
      stopWaiting();
      dragging = event.button === 0 && card.shownId !== null && (onCard(event) || pointInRects(markRects, event.clientX, event.clientY));
      if (dragging) {
        clearTimer(leaveTimer);
        leaveTimer = undefined;
      }
    },
    { passive: true, capture: true },
  );
  // The drag ends where the button is released: off the mark and the card, the card closes as when the
  // pointer leaves them.
  const dragEnded = (event: PointerEvent) => {
    if (!event.isTrusted || !dragging) return;
    dragging = false;
    if (!onCard(event) && !pointInRects(markRects, event.clientX, event.clientY)) leaveTimer ??= ctx.setTimeout(close, LEAVE_GRACE_MS);
  };
  ctx.addEventListener(document, 'pointerup', dragEnded, { passive: true, capture: true });
  ctx.addEventListener(document, 'pointercancel', dragEnded, { passive: true, capture: true });

  // A tap: a finger (or a pen that does not hover) never rests over the page, so the card of the mark
  // tapped shows at once. A tap off the card's mark closes it first; one on the card is the card's.
  ctx.addEventListener(
    document,
    'pointerup',
    (event: PointerEvent) => {
      if (!event.isTrusted || (event.pointerType !== 'touch' && event.pointerType !== 'pen')) return;
      if (onCard(event)) return;
      const { clientX: x, clientY: y } = event;
      if (isActive() && !pointInRects(markRects, x, y)) close();
      void showAt(x, y).catch(close);
    },
    { passive: true, capture: true },
  );

  // Escape closes the topmost layer only: a card shown is above the page's dialogs and menus, so the
  // page's listeners and its close request (a modal <dialog>, a popover) must not hear the Escape that
  // closes it, nor its repeats and release. On the window, in capture: first of all listeners but those
  // the page put there before this script ran. With no card shown (a rest pending at most) it is the page's.
  let escapeTaken = false;
  /**
   * The card is shown where the reader can reach it: not left under a modal dialog the page opened since
   * (one that does not hold the card), which makes it inert, under its backdrop. Then Escape and Tab are the page's.
   */
  const cardReachable = () => card.shownId !== null && ![...document.querySelectorAll(':modal')].some((modal) => !modal.contains(card.host));
  const takeEscape = (event: KeyboardEvent) => {
    event.preventDefault();
    event.stopImmediatePropagation();
  };
  ctx.addEventListener(
    window,
    'keydown',
    (event: KeyboardEvent) => {
      if (!event.isTrusted) return;
      if (event.key === 'Escape') {
        if (cardReachable()) {
          escapeTaken = true;
          takeEscape(event);
          close();
          // Kept from the listeners after this one, the key must still tell an orphaned script it is one (`index.ts`).
          void ctx.isInvalid;
        } else if (escapeTaken && event.repeat) {
          takeEscape(event);
        } else {
          escapeTaken = false;
          if (isActive() || restTimer !== undefined) close();
        }
      } else if (event.key === 'Tab' && cardReachable() && !onCard(event) && card.focusControl()) {
        event.preventDefault();
      }
    },
    { capture: true },
  );
  ctx.addEventListener(
    window,
    'keyup',
    (event: KeyboardEvent) => {
      if (event.isTrusted && event.key === 'Escape' && escapeTaken) {
        escapeTaken = false;
        takeEscape(event);
      }
    },
    { capture: true },
  );
  // The mark moves under a card placed against it: close rather than cover it. So does panning or
  // zooming a pinch-zoomed page, which moves what the reader sees without scrolling the window. A part
  // of the page that scrolls without the mark in it (a sidebar, a ticker, a carousel) moves no mark.
  ctx.addEventListener(
    window,
    'scroll',
    (event: Event) => {
      if (!isActive()) return;
      const scrolled = event.target as Partial<Node> | null;
      // The window's scroll comes from the document, which holds every mark. A node the page took out
      // (the text drawn anew) may have moved anywhere: it counts as moved.
      const moves = (ends: Node[]) => ends.some((node) => !node.isConnected || scrolled!.contains!(node));
      if (typeof scrolled?.contains === 'function' && markEnds.length + shownEnds.length > 0 && !moves(markEnds) && !moves(shownEnds)) return;
      close();
    },
    { passive: true, capture: true },
  );
  if (window.visualViewport) {
    for (const type of ['scroll', 'resize']) ctx.addEventListener(window.visualViewport, type, () => isActive() && close(), { passive: true });
  }
  // The mouse left the window (no element to go to): nothing under it any more. Not a finger or pen
  // lifted after a tap, which leaves the same way, nor a selection dragged from the card or its mark.
  ctx.addEventListener(
    document,
    'pointerout',
    (event: PointerEvent) => {
      if (!event.isTrusted || dragging || event.pointerType === 'touch' || event.pointerType === 'pen') return;
      if (event.relatedTarget === null) close();
      // Into a frame of the page (an embedded figure, a video, a card over one): its moves are the frame's,
      // never heard here, so no rest comes of the last, and the card goes as when the pointer leaves for the page.
      else if (isFrame(event.relatedTarget)) {
        stopWaiting();
        if (card.shownId !== null) leaveTimer ??= ctx.setTimeout(close, LEAVE_GRACE_MS);
        else if (isActive()) close();
      }
    },
    { passive: true, capture: true },
  );
  // A page printed or saved as PDF is the paper, without our card over it.
  ctx.addEventListener(window, 'beforeprint', () => isActive() && close());
  // The reader went to another window or tab: no card, nor its loading, comes of the rest left behind.
  ctx.addEventListener(window, 'blur', stopWaiting);
  ctx.onInvalidated(() => {
    layoutWatch.disconnect();
    shiftWatch?.disconnect();
    stopFollowing();
    card.remove();
  });

  /** The event happened on the card (its host holds every element of it). */
  function onCard(event: Event): boolean {
    return card.host !== null && event.composedPath().includes(card.host);
  }

  /** The card's method's mark, if still marked exactly where its boxes were. */
  function markStillThere(): Mark | undefined {
    // Looked for on a line of it in the window: the caret is found only there (a mark wrapped over two lines
    // may have its first above the window's top).
    const inWindow = (rect: DOMRect) => rect.top + rect.height / 2 >= 0 && rect.top + rect.height / 2 < innerHeight;
    const shown = markRects.find(inWindow) ?? markRects[0];
    const methodId = loadingId ?? card.shownId;
    if (!shown || methodId === null) return undefined;
    const x = shown.left + shown.width / 2;
    const y = shown.top + shown.height / 2;
    const layer = marks();
    const caret = caretAt(document, x, y);
    const mark = layer && caret ? layer.markAt(caret.node, caret.offset) : undefined;
    if (!mark || methodIdOf(mark) !== methodId) return undefined;
    return sameBoxes(rectsOf(mark.range), markRects) ? mark : undefined;
  }

  /** Closes a card whose mark is no longer where it was; follows one the page drew anew in the same place. */
  function recheckMark(): void {
    let mark: Mark | undefined;
    try {
      mark = markStillThere();
    } catch {
      // Its text shortened under it (the range's offsets past its end), before a pass draws the marks anew.
      mark = undefined;
    }
    if (!mark) return close();
    // The same place, maybe new text nodes (a page that draws its text anew): the card follows them.
    const same = shownEnds === markEnds;
    markRange = mark.range;
    markEnds = endsOf(mark);
    if (same) shownEnds = markEnds;
    followMark();
  }

  return {
    close,
    marksChanged() {
      if (isActive()) recheckMark();
    },
    recordArrived(methodId) {
      // Shown in place as if the reader rested there again: the card is still up, so its mark has not moved.
      // Not while the pointer has left it (the card closing), which showing again would keep up.
      if (shownUnreadable && loadingId === null && leaveTimer === undefined && card.shownId === methodId && cardPoint) {
        void showAt(cardPoint.x, cardPoint.y).catch(close);
      }
    },
    recordsChanged() {
      // Where the card was asked for: its mark is there still, or the card closes as it would at a rest there.
      if (isActive() && cardPoint) void showAt(cardPoint.x, cardPoint.y, true).catch(close);
    },
  };
}

/** An element showing a document of its own, whose pointer events go to that document, not this one. */
function isFrame(target: EventTarget): boolean {
  return target instanceof HTMLIFrameElement || target instanceof HTMLFrameElement || target instanceof HTMLObjectElement || target instanceof HTMLEmbedElement;
}

/** The smallest element holding the whole range. */
function elementHolding(range: AbstractRange): Element | null {
  const start = range.startContainer;
  let element = start.nodeType === Node.ELEMENT_NODE ? (start as Element) : start.parentElement;
  while (element && !element.contains(range.endContainer)) element = element.parentElement;
  return element;
}

/** Both ends of the range are still in the page. */
function isConnected(range: AbstractRange): boolean {
  return range.startContainer.isConnected && range.endContainer.isConnected;
}

/** The text nodes a mark starts and ends in (the same one, mostly). */
function endsOf(mark: Mark): Node[] {
  return [mark.range.startContainer, mark.range.endContainer];
}

/** The same boxes, in the same order. */
function sameBoxes(a: readonly DOMRect[], b: readonly DOMRect[]): boolean {
  return a.length === b.length && a.every((box, i) => sameBox(box, b[i]!));
}

/** The same box, to within half a pixel (layout rounds differently between reads). */
function sameBox(a: DOMRect, b: DOMRect): boolean {
  return Math.abs(a.left - b.left) < 0.5 && Math.abs(a.top - b.top) < 0.5 && Math.abs(a.width - b.width) < 0.5 && Math.abs(a.height - b.height) < 0.5;
}
