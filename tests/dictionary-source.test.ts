import { describe, expect, it, vi } from 'vitest';
import { dictionarySource } from '@/lib/content/dictionary-source';
import type { Matcher } from '@/lib/match/matcher';
import type { PageDictionary } from '@/lib/page-dictionary';

/** A dictionary told apart by its snapshot key; the test never reads the rest. */
const dictionary = (snapshotKey: string) => ({ snapshotKey, names: [] }) as unknown as PageDictionary;

/** The background, as the page asks it: each request answered (or failed) when the test says. */
function background() {
  const requests: { answer(value: PageDictionary): void; fail(): void }[] = [];
  const ask = vi.fn(
    () =>
      new Promise<PageDictionary>((resolve, reject) => {
        requests.push({ answer: resolve, fail: () => reject(new Error('no answer')) });
      }),
  );
  const compile = vi.fn((answered: PageDictionary) => ({ compiledFrom: answered.snapshotKey }) as unknown as Matcher);
  return { ask, compile, requests, source: dictionarySource(ask, compile) };
}

describe('the page’s dictionary', () => {
  it('is asked for once, by the first page to mark, and compiled once', async () => {
    const { ask, compile, requests, source } = background();
    expect(source.asked).toBe(false);
    expect(source.current).toBeNull();
    const first = source.get();
    const second = source.get();
    expect(second).toBe(first);
    expect(source.asked).toBe(true);
    expect(source.current).toBe(first);
    requests[0]!.answer(dictionary('a'));
    const ready = await first;
    expect(ready?.dictionary.snapshotKey).toBe('a');
    expect(ready?.matcher).toEqual({ compiledFrom: 'a' });
    expect(await source.get()).toBe(ready);
    expect(ask).toHaveBeenCalledTimes(1);
    expect(compile).toHaveBeenCalledTimes(1);
  });

  it('is asked for again once dropped (a mute, a new snapshot)', async () => {
    const { ask, requests, source } = background();
    const first = source.get();
    requests[0]!.answer(dictionary('a'));
    await first;
    source.drop();
    expect(source.current).toBeNull();
    const again = source.get();
    expect(again).not.toBe(first);
    requests[1]!.answer(dictionary('b'));
    expect((await again)?.dictionary.snapshotKey).toBe('b');
    expect(ask).toHaveBeenCalledTimes(2);
  });

  it('falls back on the last one answered when the background does not answer, and asks again next time', async () => {
    const { ask, requests, source } = background();
    const first = source.get();
    requests[0]!.answer(dictionary('a'));
    const answered = await first;
    source.drop();
    const failed = source.get();
    requests[1]!.fail();
    expect(await failed).toBe(answered);
    expect(source.failed).toBe(true);
    expect(source.current).toBeNull();
    const again = source.get();
    expect(ask).toHaveBeenCalledTimes(3);
    requests[2]!.answer(dictionary('b'));
    expect((await again)?.dictionary.snapshotKey).toBe('b');
    expect(source.failed).toBe(false);
  });

  it('is none when the first request fails, and says it failed', async () => {
    const { requests, source } = background();
    expect(source.failed).toBe(false);
    const failed = source.get();
    expect(source.failed).toBe(false); // on its way
    requests[0]!.fail();
    expect(await failed).toBeNull();
    expect(source.asked).toBe(true);
    expect(source.failed).toBe(true);
  });

  it('does not say it failed for a request dropped before it failed: the one asked since is what counts', async () => {
    const { requests, source } = background();
    const stale = source.get();
    source.drop(); // a mute while the first request was on its way
    const fresh = source.get();
    requests[1]!.answer(dictionary('after the mute'));
    await fresh;
    requests[0]!.fail();
    await stale;
    expect(source.failed).toBe(false);
  });

  it('does not fall back on an answer that came after it was dropped: that one was made stale', async () => {
    const { requests, source } = background();
    const stale = source.get();
    source.drop(); // a mute while the first request was on its way
    const fresh = source.get();
    requests[0]!.answer(dictionary('before the mute'));
    // The request asked before the mute still resolves for whoever awaits it…
    expect((await stale)?.dictionary.snapshotKey).toBe('before the mute');
    // …but when the one asked after fails, the page has no dictionary rather than the stale one.
    requests[1]!.fail();
    expect(await fresh).toBeNull();
  });

  it('compiles no answer dropped before it is used: a mute while it was on its way made it stale', async () => {
    const { compile, requests, source } = background();
    const stale = source.get();
    source.drop();
    const fresh = source.get();
    requests[0]!.answer(dictionary('before the mute'));
    expect((await stale)?.dictionary.snapshotKey).toBe('before the mute');
    requests[1]!.answer(dictionary('after the mute'));
    const ready = await fresh;
    expect(compile).not.toHaveBeenCalled();
    // Compiled where it is used, once however often.
    expect(ready?.matcher).toEqual({ compiledFrom: 'after the mute' });
    expect(ready?.matcher).toBe(ready?.matcher);
    expect(compile.mock.calls.map(([answered]) => answered.snapshotKey)).toEqual(['after the mute']);
  });

  it('drops a request the back-forward cache cut off, and asks anew when the page is shown', async () => {
    const { ask, requests, source } = background();
    const cutOff = source.get();
    expect(source.abandonUnanswered()).toBe(true);
    expect(source.current).toBeNull();
    expect(source.abandonUnanswered()).toBe(false); // only once
    const again = source.get();
    expect(again).not.toBe(cutOff);
    requests[1]!.answer(dictionary('a'));
    expect((await again)?.dictionary.snapshotKey).toBe('a');
    expect(ask).toHaveBeenCalledTimes(2);
  });

  it('keeps the one answered when the page goes into the back-forward cache with nothing on its way', async () => {
    const { requests, source } = background();
    const first = source.get();
    requests[0]!.answer(dictionary('a'));
    await first;
    expect(source.abandonUnanswered()).toBe(false);
    expect(source.current).toBe(first);
  });
});
