/** A refresh keeps Chrome's service worker up with an extension API call every 20 s, and only while it runs. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { KEEP_ALIVE_EVERY_MS, whileKeptAlive } from '@/lib/background/keep-alive';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('whileKeptAlive', () => {
  it('calls an extension API every 20 s while the work runs, then stops, and passes on the outcome', async () => {
    vi.useFakeTimers();
    const ping = vi.spyOn(browser.runtime, 'getPlatformInfo').mockResolvedValue({ os: 'linux', arch: 'x86-64', nacl_arch: 'x86-64' } as never);
    let finish!: (value: string) => void;
    const outcome = whileKeptAlive(() => new Promise<string>((resolve) => (finish = resolve)));
    // Chrome stops an idle service worker after 30 s: one call every 20 s, three in a minute.
    await vi.advanceTimersByTimeAsync(19_999);
    expect(ping).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(40_002);
    expect(ping).toHaveBeenCalledTimes(3);
    finish('updated');
    await expect(outcome).resolves.toBe('updated');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ping).toHaveBeenCalledTimes(3);
  });

  it('stops after a failure too, and a failing call does not break the work', async () => {
    vi.useFakeTimers();
    const ping = vi.spyOn(browser.runtime, 'getPlatformInfo').mockRejectedValue(new Error('context invalidated'));
    let fail!: (error: Error) => void;
    const outcome = whileKeptAlive(() => new Promise<string>((_, reject) => (fail = reject)));
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_EVERY_MS + 1);
    expect(ping).toHaveBeenCalledTimes(1);
    fail(new Error('store closed'));
    await expect(outcome).rejects.toThrow('store closed');
    await vi.advanceTimersByTimeAsync(KEEP_ALIVE_EVERY_MS * 2);
    expect(ping).toHaveBeenCalledTimes(1);
  });
});
