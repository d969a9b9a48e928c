/**
 * The slicer's pauses: the script's first ones wait a few milliseconds on the content script's timers
 * (V8 compiles the pass's code meanwhile, see `WARM_UP_PAUSES`), later ones only let the page's turn
 * go by; the time worked leaves every pause out; the page's due timers run before the next slice.
 */
import { describe, expect, it } from 'vitest';
import { scriptWarmUp, Slicer, WARM_UP_PAUSE_MS, WARM_UP_PAUSES } from '@/lib/content/slicer';

/** A content script context's timers, recording each delay asked for. */
function recordingTimers() {
  const delays: number[] = [];
  return {
    delays,
    timers: {
      setTimeout: (callback: () => void, ms: number) => {
        delays.push(ms);
        return setTimeout(callback, ms) as unknown as number;
      },
    },
  };
}

describe('Slicer', () => {
  it("waits on the context's timer at the script's first pauses, and no longer once they are used up", async () => {
    expect(WARM_UP_PAUSES).toBeGreaterThan(0);
    const { delays, timers } = recordingTimers();
    // Over several passes (several slicers) of the same script.
    const warmUp = scriptWarmUp();
    const first = new Slicer(5, performance.now(), timers, warmUp);
    for (let i = 0; i < WARM_UP_PAUSES - 1; i++) await first.pause();
    expect(delays).toEqual(Array(WARM_UP_PAUSES - 1).fill(WARM_UP_PAUSE_MS));
    const second = new Slicer(5, performance.now(), timers, warmUp);
    for (let i = 0; i < 5; i++) await second.pause();
    expect(delays).toEqual(Array(WARM_UP_PAUSES).fill(WARM_UP_PAUSE_MS));
    expect(first.slices).toBe(WARM_UP_PAUSES);
    expect(second.slices).toBe(6);
  });

  it('holds a warm-up pause for its time, and leaves it out of the time worked', async () => {
    const { timers } = recordingTimers();
    // The slice starts at `before`: a stall between the two (a loaded machine) is time worked for both.
    const before = performance.now();
    const slicer = new Slicer(5, before, timers, scriptWarmUp());
    await slicer.pause();
    const worked = slicer.worked();
    const elapsed = performance.now() - before;
    // Node's timers may fire up to a millisecond early by performance.now's reckoning.
    const shortestPause = WARM_UP_PAUSE_MS - 1;
    expect(elapsed).toBeGreaterThanOrEqual(shortestPause);
    // The whole pause is left out, however long the loaded machine made it.
    expect(worked).toBeLessThanOrEqual(elapsed - shortestPause);
  });

  it("lets the page's due timers run before the next slice at a warm-up pause", async () => {
    // (Message-channel hops order against timers as browsers order them only in browsers: the Chromium
    // suites check the brief pauses, on a page whose own timers run between a long pass's slices.)
    expect(WARM_UP_PAUSES).toBeGreaterThan(0);
    const { timers } = recordingTimers();
    const slicer = new Slicer(5, performance.now(), timers, scriptWarmUp());
    for (let i = 0; i < WARM_UP_PAUSES; i++) {
      let pageTimerRan = false;
      setTimeout(() => (pageTimerRan = true), 0);
      // The page's timer falls due while the slice works.
      const busyUntil = performance.now() + 2;
      while (performance.now() < busyUntil);
      await slicer.pause();
      expect(pageTimerRan, `pause ${i + 1}`).toBe(true);
    }
  });
});
