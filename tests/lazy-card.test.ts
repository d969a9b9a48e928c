import { afterEach, describe, expect, it } from 'vitest';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { CARD_SCRIPT, LazyCard, type Card, type CardActions } from '@/lib/content/lazy-card';
import { leave } from '@/lib/content/extension-scripts';
import type { CardModel } from '@/components/HoverCard';

const ctx = {} as ContentScriptContext;
const actions: CardActions = { onOpenRecord: () => {}, onClose: () => {} };
const model = { id: 'awq' } as CardModel;
const box = { left: 0, top: 0, width: 10, height: 10 };
/** The mark's text node (a stand-in: the fake card only reads its text). */
const mark = { nodeValue: 'AWQ' } as Node;

/** A card that records what it is asked, made by the factory a fake card script leaves behind. */
function fakeCard(): Card & { calls: string[] } {
  const card = {
    calls: [] as string[],
    host: null as HTMLElement | null,
    shownId: null as string | null,
    async prepare() {
      card.calls.push('prepare');
      return true;
    },
    async show(shown: CardModel, _rects: unknown, _pointer: unknown, at: Node, again?: boolean) {
      card.calls.push(`show ${shown.id} at ${at.nodeValue}${again ? ' again' : ''}`);
      card.shownId = shown.id;
    },
    hide() {
      card.calls.push('hide');
      card.shownId = null;
    },
    focusControl() {
      card.calls.push('focus');
      return true;
    },
    remove() {
      card.calls.push('remove');
    },
  };
  return card;
}

/** A card script: counts its runs, and leaves a factory (or, broken, none). */
function cardScript(made: ReturnType<typeof fakeCard>[], { leavesFactory = true } = {}) {
  const script = {
    runs: 0,
    run: async () => {
      script.runs++;
      if (leavesFactory) {
        leave(CARD_SCRIPT, (givenCtx, givenActions) => {
          expect(givenCtx).toBe(ctx);
          expect(givenActions).toBe(actions);
          const card = fakeCard();
          made.push(card);
          return card;
        });
      }
    },
  };
  return script;
}

afterEach(() => {
  leave(CARD_SCRIPT, undefined as never);
});

describe('the lazily loaded hover card', () => {
  it('loads nothing until the card is first needed, and answers as a closed card meanwhile', () => {
    const made: ReturnType<typeof fakeCard>[] = [];
    const script = cardScript(made);
    const card = new LazyCard(ctx, actions, script.run);
    card.hide();
    card.remove();
    expect(card.focusControl()).toBe(false);
    expect(card.host).toBeNull();
    expect(card.shownId).toBeNull();
    expect(script.runs).toBe(0);
    expect(made).toHaveLength(0);
  });

  it('runs the card script once, makes one card and hands every call to it', async () => {
    const made: ReturnType<typeof fakeCard>[] = [];
    const script = cardScript(made);
    const card = new LazyCard(ctx, actions, script.run);
    // Two hovers at once (the pointer moves on while the script loads): still one load, one card.
    expect(await Promise.all([card.prepare(), card.prepare()])).toEqual([true, true]);
    await card.show(model, [box], box, mark);
    await card.show(model, [box], box, mark, true);
    expect(card.shownId).toBe('awq');
    expect(card.focusControl()).toBe(true);
    card.hide();
    expect(card.shownId).toBeNull();
    card.remove();
    expect(script.runs).toBe(1);
    expect(made).toHaveLength(1);
    expect(made[0]!.calls).toEqual(['prepare', 'prepare', 'show awq at AWQ', 'show awq at AWQ again', 'focus', 'hide', 'remove']);
  });

  it('is not ready when the script fails to load, and tries again on the next hover', async () => {
    const made: ReturnType<typeof fakeCard>[] = [];
    const script = cardScript(made);
    let failures = 1;
    const card = new LazyCard(ctx, actions, async () => {
      if (failures-- > 0) throw new TypeError('Failed to fetch dynamically imported module');
      await script.run();
    });
    expect(await card.prepare()).toBe(false);
    expect(card.shownId).toBeNull();
    expect(made).toHaveLength(0);
    // The next hover loads it.
    await card.show(model, [box], box, mark);
    expect(card.shownId).toBe('awq');
    expect(await card.prepare()).toBe(true);
    expect(made).toHaveLength(1);
  });

  it('is not ready when the script leaves no card behind', async () => {
    const script = cardScript([], { leavesFactory: false });
    const card = new LazyCard(ctx, actions, script.run);
    expect(await card.prepare()).toBe(false);
    expect(card.shownId).toBeNull();
  });
});
