/**
 * The built extension in Debian's Chromium (through the test harness's `launchWithExtension`, fresh
 * profile each launch), driven from one of its own pages: messages to the background exactly as the
 * popup sends them, the snapshot source set in chrome.storage.local, and a DevTools session on the
 * extension's service worker for heap and CPU figures.
 */
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { launchWithExtension } from '../../tests/helpers/browser';
import type { SnapshotInfo } from '../../lib/store/read';
import { BenchFailure, EXTENSION_DIR, log, onCleanup } from './common';

/**
 * tsx compiles this file with esbuild's keepNames, which wraps named functions inside the callbacks
 * given to `page.evaluate` in calls to a `__name` helper that exists only in Node; pages get a no-op one.
 */
const NAME_SHIM = 'globalThis.__name ??= (fn) => fn;';

export interface BenchBrowser {
  context: BrowserContext;
  extensionId: string;
  /** An extension page (`chrome-extension://<id>/snapshot/index.json`) to send messages from. */
  page: Page;
  /** One `page→background` request, as `sendFromPage` sends it; throws on `{ok: false}`. */
  send<T = unknown>(type: string, payload?: unknown): Promise<T>;
  snapshotInfo(): Promise<SnapshotInfo>;
  /** Chooses the snapshot source as the options page does (the background then refreshes from it). */
  setSource(source: { kind: 'url'; url: string } | { kind: 'bundled' }): Promise<void>;
  close(): Promise<void>;
}

async function launchBench(extensionDir = EXTENSION_DIR): Promise<BenchBrowser> {
  const launched = await launchWithExtension(extensionDir);
  const unregister = onCleanup(() => launched.close());
  const { context, extensionId } = launched;
  await context.addInitScript({ content: NAME_SHIM });
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/snapshot/index.json`);
  await page.evaluate(NAME_SHIM);

  const send = async <T>(type: string, payload: unknown = {}): Promise<T> => {
    const reply = (await page.evaluate(
      ({ type, payload }) => chrome.runtime.sendMessage({ direction: 'page→background', type, payload }),
      { type, payload },
    )) as { ok: true; value: T } | { ok: false; error: string } | undefined;
    if (!reply) throw new BenchFailure(`"${type}": the background did not answer`);
    if (!reply.ok) throw new BenchFailure(`"${type}" failed: ${reply.error}`);
    return reply.value;
  };

  return {
    context,
    extensionId,
    page,
    send,
    snapshotInfo: () => send<SnapshotInfo>('getSnapshotInfo'),
    async setSource(source) {
      await send('setSnapshotSource', { source });
    },
    async close() {
      unregister();
      await launched.close();
    },
  };
}

/** Polls getSnapshotInfo until `done` holds (no refresh running) or the time is up. */
export async function waitForSnapshot(
  bench: BenchBrowser,
  done: (info: SnapshotInfo) => boolean,
  what: string,
  timeoutMs = 120_000,
): Promise<SnapshotInfo> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const info = await bench.snapshotInfo();
    if (info.progress === null && done(info)) return info;
    if (info.lastError && info.progress === null && info.lastError.at > (info.lastRefresh?.at ?? '')) {
      throw new BenchFailure(`waiting for ${what}: the refresh failed: ${info.lastError.what} (${info.lastError.url})`);
    }
    if (Date.now() > deadline) throw new BenchFailure(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Launches and waits until the bundled snapshot (installed on first run) is in the store. */
export async function launchWithBundledSnapshot(extensionDir?: string): Promise<{ bench: BenchBrowser; info: SnapshotInfo }> {
  const bench = await launchBench(extensionDir);
  const info = await waitForSnapshot(bench, (info) => info.totals.methods > 0, 'the bundled snapshot to be installed', 60_000);
  log(`browser up, bundled snapshot in the store: ${info.totals.methods} methods`);
  return { bench, info };
}

// ---------------------------------------------------------------------------------------------------------
// DevTools on the service worker

export interface WorkerSession {
  send<T = any>(method: string, params?: Record<string, unknown>): Promise<T>;
  on(event: string, listener: (params: any) => void): void;
  detach(): Promise<void>;
}

/**
 * A DevTools session on the extension's service worker. A persistent context has no Browser object,
 * so this goes through a page's CDP session: `Target.attachToTarget` (not flattened) and
 * `Target.sendMessageToTarget`, with answers coming back as `Target.receivedMessageFromTarget`.
 * Blink serves worker DevTools messages by interrupting running JavaScript, so answers arrive even
 * while the worker is busy (at its next interrupt check).
 */
export async function attachToServiceWorker(bench: BenchBrowser): Promise<WorkerSession> {
  const cdp: CDPSession = await bench.context.newCDPSession(bench.page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string; url: string; targetId: string }[] };
  const worker = targetInfos.find(
    (target) => target.type === 'service_worker' && target.url.startsWith(`chrome-extension://${bench.extensionId}/`),
  );
  if (!worker) throw new BenchFailure('the extension has no service worker target');
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false })) as { sessionId: string };
  const pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  const listeners = new Map<string, ((params: any) => void)[]>();
  let nextId = 0;
  cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const message = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string }; method?: string; params?: unknown };
    if (message.id !== undefined) {
      const waiter = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(message.error.message));
      else waiter?.resolve(message.result);
    } else if (message.method) {
      for (const listener of listeners.get(message.method) ?? []) listener(message.params);
    }
  });
  return {
    send(method, params = {}) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
      });
    },
    on(event, listener) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
    },
    async detach() {
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      await cdp.detach().catch(() => undefined);
    },
  };
}

export interface HeapUsage {
  usedSize: number;
  totalSize: number;
  /** ArrayBuffer backing stores (downloaded bytes live there), where Chromium reports it. */
  backingStorageSize?: number;
  embedderHeapUsedSize?: number;
}

export interface HeapPeaks {
  samples: number;
  /** Largest V8 heap in use (`usedSize`). */
  used: number;
  /** Largest V8 heap reserved (`totalSize`). */
  total: number;
  /** Largest `usedSize + backingStorageSize` seen in one sample. */
  usedWithBuffers: number;
  /** Largest gap between two answers: how long the worker kept the poll waiting. */
  longestGapMs: number;
}

/** Polls `Runtime.getHeapUsage` on the worker about every `intervalMs` (one request in flight at a time) until stopped. */
export function pollHeap(worker: WorkerSession, intervalMs = 100): { stop(): Promise<HeapPeaks> } {
  const peaks: HeapPeaks = { samples: 0, used: 0, total: 0, usedWithBuffers: 0, longestGapMs: 0 };
  let running = true;
  let last = performance.now();
  const loop = (async () => {
    while (running) {
      const asked = performance.now();
      try {
        const usage = await worker.send<HeapUsage>('Runtime.getHeapUsage');
        peaks.samples += 1;
        peaks.used = Math.max(peaks.used, usage.usedSize);
        peaks.total = Math.max(peaks.total, usage.totalSize);
        peaks.usedWithBuffers = Math.max(peaks.usedWithBuffers, usage.usedSize + (usage.backingStorageSize ?? 0));
      } catch {
        // The worker went away (stopped between events): nothing to measure until it is back.
      }
      const now = performance.now();
      peaks.longestGapMs = Math.max(peaks.longestGapMs, now - last);
      last = now;
      const wait = intervalMs - (now - asked);
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peaks;
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Pages

/**
 * Resolves once the page has a `measure` entry of that name (the content script's first scan pass).
 * Waited for inside the page, by a PerformanceObserver, not by Playwright's `waitForFunction`: that
 * evaluates a function through the DevTools protocol at every frame, work for the browser and the
 * renderer that took the cores from the pass it waits for (the pass over the long paper worked 79.5 ms
 * with it, 70.0 ms without: medians of 18 loads each, alternated, in one run of stop 55).
 */
export async function waitForMeasure(page: Page, name: string, timeoutMs = 60_000): Promise<void> {
  const found = await page.evaluate(
    ({ name, timeoutMs }) =>
      new Promise<boolean>((resolve) => {
        const giveUp = setTimeout(() => {
          observer.disconnect();
          resolve(false);
        }, timeoutMs);
        const observer = new PerformanceObserver((list) => {
          if (list.getEntriesByName(name).length === 0) return;
          observer.disconnect();
          clearTimeout(giveUp);
          resolve(true);
        });
        // Buffered: a measure made before the observer is delivered too.
        observer.observe({ type: 'measure', buffered: true });
      }),
    { name, timeoutMs },
  );
  if (!found) throw new BenchFailure(`no "${name}" measure on ${page.url()} within ${timeoutMs / 1000} s`);
}
