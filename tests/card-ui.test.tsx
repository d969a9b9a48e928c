// @vitest-environment happy-dom
/**
 * The card's own element as the reader uses it: where they scrolled it and the focus in it, across
 * the cards shown. happy-dom lays nothing out, so where the card goes is left to the browser suites.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CardModel } from '@/components/HoverCard';
import { CardUi } from '@/lib/content/card-ui';

const MARK = { left: 50, top: 100, width: 30, height: 18 };

function model(id: string, critiquedBy = 1): CardModel {
  return { id, name: id.toUpperCase(), status: null, critiquedBy, beatenBy: 1, rank: null, topic: 'LLM quantization', subProblem: null, critique: null, lossCount: 0, lossPapers: 0, loss: null, alternatives: [], moreAlternatives: { named: 0, unnamed: 0 }, alternativeTo: [], wins: { count: 0, over: [] }, critiques: [], frontier: null, asOf: null };
}

const listeners: { target: EventTarget; type: string; handler: EventListener; options?: AddEventListenerOptions | boolean }[] = [];
let card: CardUi;
let at: Text;

beforeEach(() => {
  document.body.innerHTML = '<p>Use AWQ here</p>';
  at = document.body.firstChild!.firstChild as Text;
  const ctx = {
    addEventListener: (target: EventTarget, type: string, handler: EventListener, options?: AddEventListenerOptions | boolean) => {
      listeners.push({ target, type, handler, options });
      target.addEventListener(type, handler, options);
    },
    onInvalidated: () => {},
  } as unknown as ContentScriptContext;
  card = new CardUi(ctx, { onOpenRecord: () => {}, onClose: () => {} });
});

afterEach(() => {
  card.remove();
  for (const { target, type, handler, options } of listeners.splice(0)) target.removeEventListener(type, handler, options);
});

const show = (shown: CardModel, again?: boolean) => card.show(shown, [MARK], MARK, at, again);
const element = () => card.host!.shadowRoot!.querySelector<HTMLElement>('.ml-card')!;
const focused = () => card.host!.shadowRoot!.activeElement?.textContent ?? null;

describe('the reader’s place in the card', () => {
  it('is kept when the card shows its method’s new record (a new snapshot): as far down as they scrolled, focus on its control', async () => {
    await show(model('awq'));
    element().scrollTop = 120;
    expect(card.focusControl()).toBe(true);
    await show(model('awq', 2), true);
    expect(element().querySelector('.ml-counts')!.textContent).toBe('2 papers critique it · 1 paper beats it on benchmarks');
    expect(element().scrollTop).toBe(120);
    expect(focused()).toBe('Open full record');
  });

  it('is not kept for another method’s card, even one asked again, nor for the same method’s card shown anew (another of its names rested on)', async () => {
    await show(model('awq'));
    element().scrollTop = 120;
    await show(model('aqlm'), true);
    expect(element().scrollTop).toBe(0);
    element().scrollTop = 120;
    await show(model('aqlm'));
    expect(element().scrollTop).toBe(0);
  });

  it('is not kept once the card closed: shown again, it opens at its top', async () => {
    await show(model('awq'));
    element().scrollTop = 120;
    card.hide();
    await show(model('awq'), true);
    expect(element().scrollTop).toBe(0);
  });
});
