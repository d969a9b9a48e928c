/**
 * WXT's `ctx.setTimeout`, `ctx.requestAnimationFrame` and `ctx.requestIdleCallback` each add an `abort`
 * listener to the context's signal (to cancel the timer should the extension go away) and never remove
 * it, not when the timer has run nor when it is cleared. The hover starts a timer at every pointer move,
 * the page session one per change it follows and per report, the content script one per navigation: a
 * tab open all day gathered a listener each (10,000 pointer moves: 10,000 listeners, +1.1 MB of heap).
 * These leave no listener: instead of being cancelled when the context is invalidated, a timer that
 * runs after that does nothing (and asking `isValid` is itself how an orphaned script finds out).
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';

export function releaseTimerListeners(ctx: ContentScriptContext): void {
  ctx.setTimeout = (handler, timeout) => window.setTimeout(() => ctx.isValid && handler(), timeout);
  ctx.requestAnimationFrame = (callback) => window.requestAnimationFrame((time) => ctx.isValid && callback(time));
  ctx.requestIdleCallback = (callback, options) => window.requestIdleCallback((deadline) => ctx.isValid && callback(deadline), options);
}
