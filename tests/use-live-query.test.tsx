// @vitest-environment happy-dom
/**
 * The popup's live-query hook never presents an answer to earlier deps as the answer to the current
 * ones, and reads again when time alone changes a value, never after its component is gone.
 */
// Dexie's liveQuery runs its query only where IndexedDB exists.
import 'fake-indexeddb/auto';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { useLiveQuery } from '@/lib/popup/use-live-query';
import type { Loadable } from '@/lib/popup/loadable';

describe('useLiveQuery', () => {
  it('reports loading, not the previous value, until the query for new deps answers', async () => {
    const seen: Loadable<string>[] = [];
    const pending = new Map<string, (value: string) => void>();
    function Probe({ id }: { id: string }) {
      seen.push(useLiveQuery(() => new Promise<string>((resolve) => pending.set(id, resolve)), [id]));
      return null;
    }
    const root = document.createElement('div');
    act(() => render(<Probe id="a" />, root));
    await vi.waitFor(() => expect(pending.has('a')).toBe(true));
    await act(async () => pending.get('a')!('answer for a'));
    await vi.waitFor(() => expect(seen.at(-1)).toEqual({ state: 'ready', value: 'answer for a' }));

    seen.length = 0;
    act(() => render(<Probe id="b" />, root));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((result) => result.state === 'loading')).toBe(true);
    await vi.waitFor(() => expect(pending.has('b')).toBe(true));
    expect(seen.every((result) => result.state === 'loading')).toBe(true);
    await act(async () => pending.get('b')!('answer for b'));
    await vi.waitFor(() => expect(seen.at(-1)).toEqual({ state: 'ready', value: 'answer for b' }));
    expect(seen.some((result) => result.state === 'ready' && result.value === 'answer for a')).toBe(false);
    act(() => render(null, root));
  });

  it('answers with its own first read before the live query has started, and the live query takes over', async () => {
    const calls: number[] = [];
    const answers: ((value: string) => void)[] = [];
    const seen: Loadable<string>[] = [];
    function Probe() {
      seen.push(
        useLiveQuery(() => {
          calls.push(calls.length);
          return new Promise<string>((resolve) => answers.push(resolve));
        }, []),
      );
      return null;
    }
    const root = document.createElement('div');
    act(() => render(<Probe />, root));
    // The hook's own read starts at once; Dexie's live query starts from a timer.
    expect(calls.length).toBeGreaterThanOrEqual(1);
    await act(async () => answers[0]!('first'));
    await vi.waitFor(() => expect(seen.at(-1)).toEqual({ state: 'ready', value: 'first' }));
    await vi.waitFor(() => expect(calls.length).toBe(2));
    await act(async () => answers[1]!('live'));
    await vi.waitFor(() => expect(seen.at(-1)).toEqual({ state: 'ready', value: 'live' }));
    act(() => render(null, root));
  });

  it('reads again at the time the value names, until the component unmounts', async () => {
    const reads: number[] = [];
    const seen: Loadable<number>[] = [];
    function Probe() {
      // Each answer is the time it was read, and asks to be read again 20 ms later.
      seen.push(useLiveQuery(async () => reads[reads.push(Date.now()) - 1]!, [], (readAt) => readAt + 20));
      return null;
    }
    const root = document.createElement('div');
    act(() => render(<Probe />, root));
    await vi.waitFor(() => expect(new Set(seen.flatMap((answer) => (answer.state === 'ready' ? [answer.value] : []))).size).toBeGreaterThanOrEqual(3));
    act(() => render(null, root));
    const readsWhenGone = reads.length;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(reads).toHaveLength(readsWhenGone);
  });
});
