/**
 * "Show on page", the content script's end and the popup's sender: the request is checked by hand (the
 * content script carries no zod) and held here to `popupToContent.showMention`'s schema; the listener
 * answers with what the imported script showed, answers nothing it cannot, and goes with the script's
 * context. What the page shows (scrolling, the find's colour) is checked in real Chromium
 * (tests/e2e/show-mention.test.ts).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { popupToContent, type MentionShown } from '@/lib/messaging/protocol';
import { REVEAL_SCRIPT, answerShowMention, showMentionRequest } from '@/lib/content/show-mention';
import { leave } from '@/lib/content/extension-scripts';
import { NO_ANSWER, sendToTab } from '@/lib/messaging/client';

afterEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
  leave(REVEAL_SCRIPT, undefined as never); // as before the script ran
});

const envelope = (payload: unknown, type: unknown = 'showMention') => ({ direction: 'popup→content', type, payload });

describe('the request, checked by hand', () => {
  // Each payload with whether the schema takes it: the hand check must take it too, with the same values.
  const accepted: [string, unknown][] = [
    ['the first mention', { methodId: 'awq', index: 0 }],
    ['a later one', { methodId: 'quip-sharp', index: 41 }],
    ['the most a page reports', { methodId: 'llm-int8', index: 20_000 }],
  ];
  it.each(accepted)('takes %s, as the schema does', (_what, payload) => {
    expect(popupToContent.showMention.safeParse(payload).success).toBe(true);
    expect(showMentionRequest(envelope(payload))).toEqual(payload);
  });

  // What both refuse: anything the content script would act on wrongly.
  const refused: [string, unknown][] = [
    ['no payload', undefined],
    ['a payload that is no object', 'awq'],
    ['no method id', { index: 0 }],
    ['an id that is no string', { methodId: 7, index: 0 }],
    ['no index', { methodId: 'awq' }],
    ['a negative index', { methodId: 'awq', index: -1 }],
    ['a fractional index', { methodId: 'awq', index: 1.5 }],
    ['an index as text', { methodId: 'awq', index: '1' }],
    ['an infinite index', { methodId: 'awq', index: Infinity }],
    ['NaN', { methodId: 'awq', index: Number.NaN }],
  ];
  it.each(refused)('refuses %s, as the schema does', (_what, payload) => {
    expect(popupToContent.showMention.safeParse(payload).success).toBe(false);
    expect(showMentionRequest(envelope(payload))).toBeNull();
  });

  it('refuses another request, and what is no request at all', () => {
    for (const message of [envelope({ methodId: 'awq', index: 0 }, 'getDictionary'), null, undefined, 'showMention', 42, {}]) {
      expect(showMentionRequest(message)).toBeNull();
    }
  });

  // Looser than the schema only where it cannot harm: the id is only looked up among the page's methods,
  // and past the page's marks an index counts from the first again.
  const looser: [string, unknown][] = [
    ['a key it does not know', { methodId: 'awq', index: 0, extra: true }],
    ['an id of another shape', { methodId: 'AWQ ', index: 0 }],
    ['an index past the most a page reports', { methodId: 'awq', index: 20_001 }],
  ];
  it.each(looser)('takes %s, which the schema refuses, as harmless', (_what, payload) => {
    expect(popupToContent.showMention.safeParse(payload).success).toBe(false);
    expect(showMentionRequest(envelope(payload))).toMatchObject({ methodId: (payload as { methodId: string }).methodId, index: (payload as { index: number }).index });
  });
});

/** A content script's context that can be invalidated (the extension updated under the page). */
function fakeContext() {
  const invalidated: (() => void)[] = [];
  let invalid = false;
  const ctx = {
    get isInvalid() {
      return invalid;
    },
    onInvalidated: (callback: () => void) => void invalidated.push(callback),
  } as unknown as ContentScriptContext;
  return {
    ctx,
    invalidate() {
      invalid = true;
      for (const callback of invalidated) callback();
    },
  };
}

const mark = (label: string) => ({ label }) as unknown as StaticRange;

/** Sends `message` to the listeners as the browser would, and waits for the answer given through `respond`. */
async function request(message: unknown): Promise<{ kept: boolean; answered: boolean; answer?: MentionShown }> {
  let answered = false;
  let answer: MentionShown | undefined;
  let done!: () => void;
  const responded = new Promise<void>((resolve) => (done = resolve));
  const respond = (value?: MentionShown) => {
    answered = true;
    answer = value;
    done();
  };
  // As the browser calls a listener: with the sender, and a function to answer through later.
  const trigger = fakeBrowser.runtime.onMessage.trigger as (...args: unknown[]) => Promise<unknown[]>;
  const results = await trigger(message, { id: fakeBrowser.runtime.id }, respond);
  const kept = results.includes(true);
  if (kept) await responded;
  return { kept, answered, answer };
}

describe('the content script’s listener', () => {
  it('answers with what the imported script showed, given the method’s marks and the index asked for', async () => {
    const { ctx } = fakeContext();
    const marks = [mark('AWQ 1'), mark('AWQ 2')];
    const asked: [readonly StaticRange[], number][] = [];
    let imports = 0;
    answerShowMention(
      ctx,
      (methodId) => (methodId === 'awq' ? marks : []),
      async () => {
        imports++;
        leave(REVEAL_SCRIPT, (givenCtx, given, index) => {
          expect(givenCtx).toBe(ctx);
          asked.push([given, index]);
          return { index: index % Math.max(given.length, 1), count: given.length };
        });
      },
    );
    expect(await request(envelope({ methodId: 'awq', index: 3 }))).toEqual({ kept: true, answered: true, answer: { index: 1, count: 2 } });
    expect(await request(envelope({ methodId: 'gptq', index: 0 }))).toEqual({ kept: true, answered: true, answer: { index: 0, count: 0 } });
    expect(asked).toEqual([
      [marks, 3],
      [[], 0],
    ]);
    expect(imports).toBe(2);
  });

  it('leaves another message to other listeners: not kept open, nothing imported', async () => {
    const { ctx } = fakeContext();
    const importScript = vi.fn(async () => {});
    answerShowMention(ctx, () => [], importScript);
    expect(await request(envelope({ methodId: 'awq', index: -1 }))).toEqual({ kept: false, answered: false, answer: undefined });
    expect(await request({ direction: 'background→page', type: 'started', payload: {} })).toEqual({ kept: false, answered: false, answer: undefined });
    expect(importScript).not.toHaveBeenCalled();
  });

  it('answers, with nothing, when showing failed: the popup waits for an answer', async () => {
    const { ctx } = fakeContext();
    answerShowMention(ctx, () => [mark('AWQ')], async () => {
      leave(REVEAL_SCRIPT, () => {
        throw new Error('IndexSizeError');
      });
    });
    expect(await request(envelope({ methodId: 'awq', index: 0 }))).toEqual({ kept: true, answered: true, answer: undefined });
  });

  it('answers nothing when the script cannot be imported, or left nothing to run', async () => {
    const { ctx } = fakeContext();
    let fails = true;
    answerShowMention(ctx, () => [mark('AWQ')], async () => {
      if (fails) throw new Error('Failed to fetch dynamically imported module');
    });
    expect(await request(envelope({ methodId: 'awq', index: 0 }))).toEqual({ kept: true, answered: true, answer: undefined });
    fails = false;
    expect(await request(envelope({ methodId: 'awq', index: 0 }))).toEqual({ kept: true, answered: true, answer: undefined });
  });

  it('stops listening when its context is invalidated', async () => {
    const { ctx, invalidate } = fakeContext();
    const importScript = vi.fn(async () => {});
    answerShowMention(ctx, () => [mark('AWQ')], importScript);
    // The fake event has `hasListeners`, as the browser's does, though its types leave it out.
    const listening = () => (fakeBrowser.runtime.onMessage as unknown as { hasListeners(): boolean }).hasListeners();
    expect(listening()).toBe(true);
    invalidate();
    expect(listening()).toBe(false);
    expect(await request(envelope({ methodId: 'awq', index: 0 }))).toEqual({ kept: false, answered: false, answer: undefined });
    expect(importScript).not.toHaveBeenCalled();
  });
});

describe('the popup’s sender', () => {
  it('sends the request to the tab in the message map’s envelope and gives its answer', async () => {
    const send = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue({ index: 2, count: 5 } as never);
    await expect(sendToTab(7, 'showMention', { methodId: 'awq', index: 2 })).resolves.toEqual({ index: 2, count: 5 });
    expect(send).toHaveBeenCalledWith(7, { direction: 'popup→content', type: 'showMention', payload: { methodId: 'awq', index: 2 } });
  });

  it.each([
    ['the browser finds no content script there', () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.'))],
    ['the content script answers nothing', () => Promise.resolve(undefined)],
  ])('says the page did not answer, and what to do, when %s', async (_what, answer) => {
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(answer as never);
    await expect(sendToTab(7, 'showMention', { methodId: 'awq', index: 0 })).rejects.toThrow(new Error(NO_ANSWER.tab));
    expect(NO_ANSWER.tab).toBe('The page did not answer: reload it, then try again.');
  });
});
