// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CardModel } from '@/components/HoverCard';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { cardRecords, RECORD_WAIT_MS } from '@/lib/content/card-records';
import { releaseTimerListeners } from '@/lib/content/context-timers';

const awq = { id: 'awq', name: 'AWQ' } as CardModel;

/** A background that answers each request only when the test says so (or never). */
function background() {
  const asked: { methodId: string; answer: (model: CardModel | null) => void; fail: (error: Error) => void }[] = [];
  const ask = (methodId: string) => new Promise<CardModel | null>((answer, fail) => asked.push({ methodId, answer, fail }));
  return { asked, ask };
}

/** The content script's context, its timers as the content script has them. */
function context() {
  const ctx = new ContentScriptContext('test');
  releaseTimerListeners(ctx);
  return ctx;
}

const settled = <T>(promise: Promise<T>) => promise.then((value) => ({ value }), (error: Error) => ({ error: error.message }));

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the cards’ records', () => {
  it('asks once per method while the answer is on its way, and keeps the answer', async () => {
    const { asked, ask } = background();
    const records = cardRecords(context(), ask);
    const first = records.load('awq');
    expect(records.load('awq')).toBe(first);
    asked[0]!.answer(awq);
    expect(await first).toBe(awq);
    expect(await records.load('awq')).toBe(awq);
    expect(asked).toHaveLength(1);
  });

  it('does not cut off a slow background: an answer just inside the wait is the card', async () => {
    const { asked, ask } = background();
    const loaded = settled(cardRecords(context(), ask).load('awq'));
    await vi.advanceTimersByTimeAsync(RECORD_WAIT_MS - 1);
    asked[0]!.answer(awq);
    expect(await loaded).toEqual({ value: awq });
  });

  it('gives up on a request never answered, so that the card says so, and asks again at the next hover', async () => {
    const { asked, ask } = background();
    const records = cardRecords(context(), ask);
    const loaded = settled(records.load('awq'));
    await vi.advanceTimersByTimeAsync(RECORD_WAIT_MS);
    expect(await loaded).toEqual({ error: 'No answer from the background in time.' });
    const again = settled(records.load('awq'));
    expect(asked.map((request) => request.methodId)).toEqual(['awq', 'awq']);
    asked[1]!.answer(awq);
    expect(await again).toEqual({ value: awq });
  });

  it('keeps an answer that came after the wait for the next hover, and says it came', async () => {
    const { asked, ask } = background();
    const late: string[] = [];
    const records = cardRecords(context(), ask, (methodId) => late.push(methodId));
    const loaded = settled(records.load('awq'));
    await vi.advanceTimersByTimeAsync(RECORD_WAIT_MS);
    await loaded;
    expect(late).toEqual([]);
    asked[0]!.answer(awq);
    await vi.advanceTimersByTimeAsync(0);
    expect(late).toEqual(['awq']);
    expect(await records.load('awq')).toBe(awq);
    expect(asked).toHaveLength(1);
  });

  it('forgets a failed request, and a late answer to one asked before it was cleared', async () => {
    const { asked, ask } = background();
    const records = cardRecords(context(), ask);
    const failed = settled(records.load('awq'));
    asked[0]!.fail(new Error('the store failed'));
    expect(await failed).toEqual({ error: 'the store failed' });
    const late = settled(records.load('awq'));
    await vi.advanceTimersByTimeAsync(RECORD_WAIT_MS);
    await late;
    records.clear();
    asked[1]!.answer(awq);
    await vi.advanceTimersByTimeAsync(0);
    void records.load('awq');
    expect(asked).toHaveLength(3);
  });
});

describe('the wait for a record', () => {
  it('is the content script context’s: once the extension is gone from under the page, it ends nothing', async () => {
    const ctx = context();
    const { ask } = background();
    let outcome = 'pending';
    cardRecords(ctx, ask).load('awq').then(
      () => (outcome = 'answered'),
      () => (outcome = 'gave up'),
    );
    ctx.notifyInvalidated();
    await vi.advanceTimersByTimeAsync(RECORD_WAIT_MS);
    expect(outcome).toBe('pending');
  });
});
