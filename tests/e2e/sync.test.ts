/**
 * The store and its sync in the real browser: the bundled snapshot on install, a URL source on a
 * real HTTP server on 127.0.0.1 (CORS, conditional requests), and a bad snapshot that changes nothing.
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chooseSnapshotSource, launchWithExtension, type ExtensionBrowser } from '../helpers/browser';
import { sendGarbledGzip, startSnapshotServer, type SnapshotServer } from '../helpers/snapshot-server';
import { sampleSnapshot } from '../helpers/sample-snapshot';
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import { PROGRESS_STALE_AFTER_MS } from '@/lib/store/db';
import { askBackground, openExtensionPage, stopServiceWorkers } from './extension-page';

let browser: ExtensionBrowser;
let server: SnapshotServer;
let page: Page;

interface Info {
  source: string | null;
  generatedAt: string | null;
  totals: { methods: number; critiques: number; results: number };
  lastError: { what: string; url: string; at: string } | null;
  lastRefresh: { outcome: string } | null;
  progress: unknown;
}

const info = async () => (await askBackground<Info>(page, 'getSnapshotInfo', {})).value!;
const record = async (idOrName: string) => (await askBackground(page, 'getMethodRecord', { idOrName })).value;

/** The sample snapshot served at `folder`, chosen as the source and brought in: what the store then says, and AWQ's record. */
async function chosenAndRefreshed(folder: string): Promise<{ info: Info; awq: unknown }> {
  server.serveFiles((await renderSnapshotFiles(sampleSnapshot())).files, folder);
  const url = server.url(`${folder}index.json`);
  await chooseSnapshotSource(page, { kind: 'url', url });
  await expect.poll(async () => {
    const { source, progress } = await info();
    return { source, refreshing: progress !== null };
  }, { timeout: 15_000 }).toEqual({ source: url, refreshing: false });
  return { info: await info(), awq: await record('AWQ') };
}

/** A newer snapshot (dated `generatedAt`, its first topic described anew) served at `folder` in place of the one there. */
async function serveChanged(folder: string, generatedAt: string): Promise<void> {
  const changed = sampleSnapshot();
  changed.generatedAt = generatedAt;
  changed.topics[0]!.topic.description = 'A new description.';
  server.serveFiles((await renderSnapshotFiles(changed)).files, folder);
}

beforeAll(async () => {
  server = await startSnapshotServer();
});

afterAll(async () => {
  await server?.close();
});

/**
 * A browser of the block's own, the extension as installed: the story's first step is an install, and no
 * block depends on what another left in the store (`--sequence.shuffle` runs the blocks in any order).
 */
function launchForBlock(): void {
  beforeAll(async () => {
    browser = await launchWithExtension();
    page = await openExtensionPage(browser);
  });
  afterAll(async () => {
    await browser?.close();
  });
}

// Steps of one story: the tests run in order (`shuffle: false`).
describe('snapshot store in the browser', { shuffle: false }, () => {
  launchForBlock();

  it('loads the bundled snapshot on install', async () => {
    await expect.poll(async () => (await info()).totals.methods, { timeout: 15_000 }).toBe(40);
    const loaded = await info();
    expect(loaded.source).toBe(`chrome-extension://${browser.extensionId}/snapshot/index.json`);
    expect(loaded.totals).toEqual({ methods: 40, critiques: 12, results: 24 });
    expect(loaded.generatedAt).toBe('2026-06-18T00:00:00.000Z');
  });

  it('switches to a URL source when the reader sets one, over a real CORS request', async () => {
    const { files } = await renderSnapshotFiles(sampleSnapshot());
    server.serveFiles(files, '/kb/');
    const url = server.url('/kb/index.json');
    await chooseSnapshotSource(page, { kind: 'url', url });
    // The new source shows from the flip on; the refresh ends after it (cleaning up), and a refresh
    // asked for before then joins it rather than asking the server again.
    await expect
      .poll(async () => {
        const { source, progress } = await info();
        return { source, refreshing: progress !== null };
      }, { timeout: 15_000 })
      .toEqual({ source: url, refreshing: false });
    expect((await info()).generatedAt).toBe(sampleSnapshot().generatedAt);
    expect(await record('AQLM')).toBeNull();
  });

  it('answers a refresh of an unchanged index with a conditional request', async () => {
    const before = server.requestCount('/kb/index.json');
    const outcome = await askBackground<{ ok: boolean; outcome?: string }>(page, 'startRefresh', {});
    expect(outcome.value).toMatchObject({ ok: true, outcome: 'up to date' });
    expect(server.requestCount('/kb/index.json')).toBe(before + 1);
    expect(server.requests.at(-1)?.headers['if-none-match']).toBeTruthy();
  });

  // A conditional request needs a preflight: refused, the index is asked for plainly at once; never answered
  // (a host that drops OPTIONS), once the conditional request's share of the timeout is out (10 s of 30). The browser's own cache
  // may still revalidate the plain request: its If-None-Match needs no preflight. Later refreshes ask plainly.
  it.each([
    ['allows plain CORS GETs but refuses the preflight', false],
    ['never answers the preflight (it drops OPTIONS)', 'never'],
  ] as const)('refreshes from a host that %s, asking for the index plainly', { timeout: 90_000 }, async (_, answersPreflight) => {
    // Each case on a source of its own: the case before leaves its source one to ask plainly for a week.
    const folder = `/preflight-${String(answersPreflight)}/`;
    await chosenAndRefreshed(folder);
    server.answersPreflight = answersPreflight;
    try {
      const before = server.requests.length;
      const outcome = await askBackground<{ ok: boolean; outcome?: string }>(page, 'startRefresh', {});
      expect(outcome.value).toMatchObject({ ok: true });
      const asked = server.requests.slice(before).filter((request) => request.path === `${folder}index.json`);
      expect(asked.map((request) => request.method)).toEqual(['OPTIONS', 'GET']);
      expect((await info()).lastError).toBeNull();
      // The next refresh remembers it: no preflight, and no timeout waited out again.
      const next = server.requests.length;
      expect((await askBackground<{ ok: boolean }>(page, 'startRefresh', {})).value).toMatchObject({ ok: true });
      expect(server.requests.slice(next).filter((request) => request.path === `${folder}index.json`).map((request) => request.method)).toEqual(['GET']);
    } finally {
      server.answersPreflight = true;
      await chosenAndRefreshed('/kb/');
    }
  });

  it('refuses a snapshot whose topic does not match its hash, and keeps the current one intact', async () => {
    const current = await info();
    const awq = await record('AWQ');
    // A real change, so the index lists a new sha-256 for the topic; then the bytes served differ from it.
    const changed = sampleSnapshot();
    changed.generatedAt = '2025-06-01T00:00:00Z';
    changed.topics[0]!.topic.description = 'A new description.';
    const { files } = await renderSnapshotFiles(changed);
    const topicFile = [...files.keys()].find((name) => name !== 'index.json' && files.get(name)!.includes('AWQ'))!;
    files.set(topicFile, files.get(topicFile)!.replace('AWQ', 'AWX'));
    server.serveFiles(files, '/kb/');

    const outcome = await askBackground<{ ok: boolean; error?: { what: string; url: string } }>(page, 'startRefresh', {});
    expect(outcome.value?.ok).toBe(false);
    const after = await info();
    expect(after.lastError?.what).toMatch(/sha-256|hash|changed/i);
    expect(after.lastError?.url).toContain('/kb/');
    expect(after.generatedAt).toBe(current.generatedAt);
    expect(after.totals).toEqual(current.totals);
    expect(await record('AWQ')).toEqual(awq);
  });

  it('a refresh cut off by the browser stopping the worker: the open options page wakes it, which runs the refresh again', async () => {
    const changed = sampleSnapshot();
    changed.generatedAt = '2025-07-01T00:00:00Z';
    server.serveFiles((await renderSnapshotFiles(changed)).files, '/kb2/');
    const route = server.routes.get('/kb2/index.json')!;
    let answer = () => {};
    route.hold = new Promise<void>((resolve) => (answer = resolve));
    const url = server.url('/kb2/index.json');
    const options = await browser.context.newPage();
    // The page's clock is Playwright's, at the real pace until moved on: the minute a stale heartbeat
    // takes is skipped rather than waited for.
    await options.clock.install();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const refreshNow = options.getByRole('button', { name: 'Refresh now' });
    await chooseSnapshotSource(page, { kind: 'url', url });
    await expect.poll(() => refreshNow.getAttribute('aria-disabled'), { timeout: 15_000 }).toBe('true');
    await expect.poll(() => server.requestCount('/kb2/index.json')).toBe(1);
    // The run again is held too, until the page's clock is back at the real time.
    let answerAgain = () => {};
    route.hold = new Promise<void>((resolve) => (answerAgain = resolve));

    // As the browser stops a worker for an update or under memory pressure. From here on nothing but
    // the options page may send the worker a message: no tab opens, and the test asks it nothing.
    await stopServiceWorkers(browser, page);
    answer();
    expect(await options.locator('.current-source').innerText()).toBe(`Chosen: ${url}`);

    // Half a minute on, the heartbeat is not yet stale: the page still shows the refresh running and
    // has not woken the worker (the 2 s let a wake sent too early reach the server).
    await options.clock.fastForward(30_000);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(server.requestCount('/kb2/index.json')).toBe(1);
    expect(await refreshNow.getAttribute('aria-disabled')).toBe('true');

    // A minute without a heartbeat: the page wakes the worker, whose start claims the cut-off refresh
    // and runs it again. With the clock set back, the snapshot it was fetching comes in, and the page
    // shows it without a reload.
    await options.clock.fastForward(PROGRESS_STALE_AFTER_MS - 30_000 + 1_000);
    await expect.poll(() => server.requestCount('/kb2/index.json'), { timeout: 30_000 }).toBe(2);
    await options.clock.setSystemTime(Date.now());
    answerAgain();
    await expect.poll(() => options.locator('.current-source').innerText(), { timeout: 30_000 }).toBe(`In use: ${url}`);
    expect(server.requestCount('/kb2/index.json')).toBe(2);
    expect(await refreshNow.getAttribute('aria-disabled')).toBe('false');
    expect((await info()).generatedAt).toBe('2025-07-01T00:00:00Z');
    await options.close();
  });
});

describe('a refresh the reader cancels', () => {
  launchForBlock();

  it('stops a download a slow host keeps going from the popup’s Cancel: the snapshot in use stays, and the popup says it was cancelled', { timeout: 90_000 }, async () => {
    const before = await chosenAndRefreshed('/kb-cancel/');
    // A new snapshot whose topic file the host starts sending, then goes silent.
    await serveChanged('/kb-cancel/', '2025-08-01T00:00:00Z');
    const topic = [...server.routes.keys()].find((path) => path.startsWith('/kb-cancel/') && !path.endsWith('/index.json'))!;
    server.routes.get(topic)!.stall = 'mid-body';
    const asked = server.requestCount(topic);
    const popup = await browser.context.newPage();
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?view=snapshot`);
    await popup.getByRole('button', { name: 'Refresh now' }).click();
    const cancel = popup.getByRole('button', { name: 'Cancel refresh' });
    await cancel.waitFor({ timeout: 15_000 });
    await expect.poll(() => server.requestCount(topic), { timeout: 15_000 }).toBe(asked + 1);
    await cancel.click();

    await expect.poll(() => popup.getByRole('status').innerText(), { timeout: 15_000 }).toMatch(/Refresh cancelled: the snapshot in use was kept as it was\./);
    expect(await popup.getByRole('button', { name: 'Refresh now' }).getAttribute('aria-disabled')).toBe('false');
    const after = await info();
    expect({ ...after, lastRefresh: null }).toEqual({ ...before.info, lastRefresh: null });
    expect(after.lastError).toBeNull();
    expect(await record('AWQ')).toEqual(before.awq);
    await popup.close();
  });
});

// Steps of one story: the second uses the source the first chose (`shuffle: false`).
describe('a file the host says is compressed but sends broken', { shuffle: false }, () => {
  launchForBlock();

  // Chromium fails such a body (ERR_CONTENT_DECODING_FAILED) with the "network error" a connection cut
  // gets: the reader is told both, not a lost connection alone, and the snapshot in use stays.
  it('is not said to be a lost connection only, and the snapshot in use stays', { timeout: 90_000 }, async () => {
    const before = await chosenAndRefreshed('/kb-gzip/');
    await serveChanged('/kb-gzip/', '2025-09-01T00:00:00Z');
    const topic = [...server.routes.keys()].find((path) => path.startsWith('/kb-gzip/') && String(server.routes.get(path)!.body).includes('AWQ'))!;
    sendGarbledGzip(server, topic);

    const outcome = await askBackground<{ ok: boolean }>(page, 'startRefresh', {});
    expect(outcome.value?.ok).toBe(false);
    const after = await info();
    expect(after.lastError).toMatchObject({
      url: server.url(topic),
      what: `The download of ${server.url(topic)} broke off before it was complete: the connection was lost, or the host sent the file compressed (the header Content-Encoding) in a form that cannot be unpacked; the browser does not say which. Try again later; if it breaks off each time, check what the host sends.`,
    });
    expect({ ...after, lastError: null, lastRefresh: null }).toEqual({ ...before.info, lastError: null, lastRefresh: null });
    expect(await record('AWQ')).toEqual(before.awq);
  });

  // Chromium reads as many bytes as the length says and unpacks what it can from them, without a word.
  it('is not said to be an empty file only when its length is too short for any of it to unpack', async () => {
    const url = server.url('/kb-gzip/index.json');
    const before = { info: await info(), awq: await record('AWQ') };
    const packed = gzipSync(String(server.routes.get('/kb-gzip/index.json')!.body));
    server.routes.set('/kb-gzip/index.json', { body: packed, contentLength: 16, headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } });

    const outcome = await askBackground<{ ok: boolean }>(page, 'startRefresh', {});
    expect(outcome.value?.ok).toBe(false);
    const after = await info();
    expect(after.lastError).toMatchObject({
      url,
      what: `The snapshot at ${url} arrived empty, though the host gave its length as 16 bytes: it sent the file compressed (the header Content-Encoding) and those bytes unpack to nothing, or the connection was cut before any came. A compressed file may be empty, or the length the host gives (the header Content-Length) too short for it: check what the host sends, and try again later.`,
    });
    expect({ ...after, lastError: null, lastRefresh: null }).toEqual({ ...before.info, lastError: null, lastRefresh: null });
    expect(await record('AWQ')).toEqual(before.awq);
  });
});
