/**
 * Shows the card when the pointer rests on a mark (~200 ms), keeps it while the pointer is on the mark
 * or the card, closes it on Escape, scrolling, leaving both or leaving the window. Tab while the card
 * is open moves focus to its control, so it is reachable by keyboard; closing gives focus back.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { MarkLayer, Mark } from '@/lib/highlight/marks';
import type { CardModel } from '@/components/HoverCard';
import { caretAt, pointInRects, rectsOf } from './caret';
import type { Card } from './lazy-card';

const REST_MS = 200;
const LEAVE_GRACE_MS = 300;

export interface HoverOptions {
  ctx: ContentScriptContext;
  marks: () => MarkLayer | null;
  methodIdOf: (mark: Mark) => string | undefined;
  loadCard: (methodId: string) => Promise<CardModel | null>;
  card: Card;
}

export function watchHover({ ctx, marks, methodIdOf, loadCard, card }: HoverOptions): void {
  let restTimer: number | undefined;
  let leaveTimer: number | undefined;
  let shownRects: DOMRect[] = [];
  let request = 0;

  const clearTimer = (timer: number | undefined) => timer !== undefined && clearTimeout(timer);
  const close = () => {
    clearTimer(leaveTimer);
    leaveTimer = undefined;
    shownRects = [];
    request++;
    card.hide();
  };

  async function showAt(x: number, y: number) {
    const layer = marks();
    const caret = caretAt(document, x, y);
    if (!layer || !caret) return;
    const mark = layer.markAt(caret.node, caret.offset);
    // The caret snaps to the nearest character; make sure the pointer is really on the mark.
    const rects = mark ? rectsOf(mark.range) : [];
    if (!mark || !pointInRects(rects, x, y)) return;
    const methodId = methodIdOf(mark);
    if (!methodId) return;
    if (card.shownId === methodId && pointInRects(shownRects, x, y)) return;
    // Resting on another mark: the grace timer for leaving the last one must not cancel this card.
    clearTimer(leaveTimer);
    leaveTimer = undefined;
    const ticket = ++request;
    // The card's script loads (first hover) while the record is asked for; the pointer may have moved
    // on meanwhile.
    const [model, ready] = await Promise.all([loadCard(methodId), card.prepare()]);
    if (!model || !ready || ticket !== request || ctx.isInvalid) return;
    const box = rects.find((rect) => pointInRects([rect], x, y)) ?? rects[0]!;
    shownRects = rects;
    const asBox = (rect: DOMRect) => ({ left: rect.left, top: rect.top, width: rect.width, height: rect.height });
    await card.show(model, rects.map(asBox), asBox(box));
  }

  ctx.addEventListener(
    document,
    'pointermove',
    (event: PointerEvent) => {
      // Only the reader's own pointer: the page's scripts cannot open the card by forging events.
      if (!event.isTrusted) return;
      const { clientX: x, clientY: y } = event;
      clearTimer(restTimer);
      if (card.host && event.composedPath().includes(card.host)) {
        clearTimer(leaveTimer);
        leaveTimer = undefined;
        return;
      }
      if (card.shownId !== null && !pointInRects(shownRects, x, y)) {
        leaveTimer ??= ctx.setTimeout(close, LEAVE_GRACE_MS);
      } else if (card.shownId !== null) {
        clearTimer(leaveTimer);
        leaveTimer = undefined;
      }
      restTimer = ctx.setTimeout(() => void showAt(x, y), REST_MS);
    },
    { passive: true, capture: true },
  );

  ctx.addEventListener(
    document,
    'keydown',
    (event: KeyboardEvent) => {
      if (card.shownId === null || !event.isTrusted) return;
      if (event.key === 'Escape') close();
      else if (event.key === 'Tab' && !(card.host && event.composedPath().includes(card.host)) && card.focusControl()) {
        event.preventDefault();
      }
    },
    { capture: true },
  );
  ctx.addEventListener(window, 'scroll', () => card.shownId !== null && close(), { passive: true, capture: true });
  // The pointer left the window (no element to go to): nothing under it any more.
  ctx.addEventListener(
    document,
    'pointerout',
    (event: PointerEvent) => {
      if (event.isTrusted && event.relatedTarget === null) {
        clearTimer(restTimer);
        if (card.shownId !== null) close();
      }
    },
    { passive: true, capture: true },
  );
  ctx.addEventListener(window, 'blur', () => clearTimer(restTimer));
  ctx.onInvalidated(() => card.remove());
}
