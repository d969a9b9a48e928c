// @vitest-environment happy-dom
/**
 * The page's reports: one the background could not keep (its session storage refused the write, its
 * store could not be read) is sent again a little later, a few times at most, unless a newer one took its place.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { releaseTimerListeners } from '@/lib/content/context-timers';
import { REPORT_RETRY_DELAYS_MS, reportSender } from '@/lib/content/report-sender';

/** A background that fails each report while `failing`, and lists every one it was sent. */
function background() {
  const sent: string[] = [];
  let failing = true;
  const send = async (report: string) => {
    sent.push(report);
    if (failing) throw new Error('QuotaExceededError: the session storage quota is used up');
    return null;
  };
  return { sent, send, keeps: () => void (failing = false) };
}

/** The content script's context, its timers as the content script has them. */
function context() {
  const ctx = new ContentScriptContext('test');
  releaseTimerListeners(ctx);
  return ctx;
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('reportSender', () => {
  it('sends a report the background failed to keep again, each wait longer than the last, until it is kept', async () => {
    const { sent, send, keeps } = background();
    const report = reportSender(context(), send);
    report('AWQ ×2');
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual(['AWQ ×2']);
    await vi.advanceTimersByTimeAsync(REPORT_RETRY_DELAYS_MS[0]!);
    expect(sent).toEqual(['AWQ ×2', 'AWQ ×2']);
    await vi.advanceTimersByTimeAsync(REPORT_RETRY_DELAYS_MS[1]! - 1);
    expect(sent).toHaveLength(2);
    keeps();
    await vi.advanceTimersByTimeAsync(1);
    expect(sent).toEqual(['AWQ ×2', 'AWQ ×2', 'AWQ ×2']);
    await vi.runAllTimersAsync();
    expect(sent).toHaveLength(3);
  });

  it('gives up after a few tries: a background that never keeps it is not asked for ever', async () => {
    const { sent, send } = background();
    reportSender(context(), send)('AWQ ×2');
    await vi.runAllTimersAsync();
    expect(sent).toHaveLength(1 + REPORT_RETRY_DELAYS_MS.length);
    expect(REPORT_RETRY_DELAYS_MS.length).toBeLessThanOrEqual(4);
  });

  it('sends no report again once a newer one took its place (the page changed, or the tab moved on to another page)', async () => {
    const { sent, send, keeps } = background();
    const report = reportSender(context(), send);
    report('AWQ ×2');
    await vi.advanceTimersByTimeAsync(0);
    keeps();
    report('AWQ ×2, GPTQ ×1');
    await vi.runAllTimersAsync();
    expect(sent).toEqual(['AWQ ×2', 'AWQ ×2, GPTQ ×1']);
  });

  it('sends nothing again from a script the extension left (updated or removed under the page)', async () => {
    const { sent, send } = background();
    const ctx = context();
    reportSender(ctx, send)('AWQ ×2');
    await vi.advanceTimersByTimeAsync(0);
    ctx.abort();
    await vi.runAllTimersAsync();
    expect(sent).toEqual(['AWQ ×2']);
  });
});
