// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { releaseTimerListeners } from '@/lib/content/context-timers';

afterEach(() => {
  vi.useRealTimers();
});

describe('releaseTimerListeners', () => {
  it('adds no listener per timer, and a timer due after the context is invalidated does nothing', async () => {
    vi.useFakeTimers();
    const ctx = new ContentScriptContext('test');
    releaseTimerListeners(ctx);
    const added = vi.spyOn(ctx.signal, 'addEventListener');
    const ran: string[] = [];
    for (let i = 0; i < 1_000; i++) clearTimeout(ctx.setTimeout(() => ran.push('cleared'), 200));
    ctx.setTimeout(() => ran.push('timeout'), 10);
    ctx.requestAnimationFrame(() => ran.push('frame'));
    await vi.advanceTimersByTimeAsync(50);
    expect(ran.sort()).toEqual(['frame', 'timeout']);
    expect(added).not.toHaveBeenCalled();

    ctx.setTimeout(() => ran.push('late timeout'), 10);
    ctx.requestAnimationFrame(() => ran.push('late frame'));
    ctx.notifyInvalidated();
    await vi.advanceTimersByTimeAsync(50);
    expect(ran.sort()).toEqual(['frame', 'timeout']);
  });
});
