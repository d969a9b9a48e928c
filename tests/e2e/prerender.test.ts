/**
 * A paper prerendered before the reader opens it (a search engine's speculation rules, the address
 * bar's guesses): marked while hidden, and reported for the badge and the popup once shown.
 *
 * Chromium never prerenders while DevTools is attached (Playwright's routes and pages are DevTools),
 * so this suite starts Chromium itself, serves arXiv's address from a real HTTPS server on
 * 127.0.0.1 (`--host-resolver-rules`, a certificate made for the run), and attaches only once the
 * prerendered page has been shown.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { EXTENSION_DIR, PAGES_DIR, chromiumArgs, chromiumPath } from '../helpers/browser';
import { REPORT_DELAY_MS } from '@/lib/content/page-session';
import { SCAN_MEASURE } from './page-helpers';

const PAPER = 'https://arxiv.org/abs/2406.01234?prerendered';

let workDir: string;
let server: Server;
let chromiumProcess: ChildProcess | undefined;
let browser: Browser | undefined;
/** Whether the paper was prerendered before it was shown (it says so itself, once shown). */
let prerendered: boolean;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'method-lens-prerender-'));
  const key = join(workDir, 'key.pem');
  const cert = join(workDir, 'cert.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=arxiv.org'], { stdio: 'ignore' });

  // The paper tells the server when its first pass is done, still prerendering; the listing goes to it
  // well after the pass's report has been sent, so that report is the one a prerendering page sends.
  const paper = (await readFile(join(PAGES_DIR, 'arxiv-abs-quant.html'), 'utf8')).replace(
    '</body>',
    `<script>
      new PerformanceObserver((list, observer) => {
        if (!list.getEntriesByName(${JSON.stringify(SCAN_MEASURE)}).length) return;
        observer.disconnect();
        if (document.prerendering) fetch('/scanned-while-hidden', { method: 'POST' });
      }).observe({ type: 'measure', buffered: true });
      if (document.prerendering) document.addEventListener('prerenderingchange', () => fetch('/shown?prerendered', { method: 'POST' }));
      else fetch('/shown', { method: 'POST' });
    </script></body>`,
  );
  let markScanned!: () => void;
  const scannedWhileHidden = new Promise<void>((resolve) => (markScanned = resolve));
  let markShown!: (prerendered: boolean) => void;
  const shown = new Promise<boolean>((resolve) => (markShown = resolve));
  const listing = `<!doctype html><title>Listing</title>
    <script type="speculationrules">{"prerender": [{"source": "list", "urls": [${JSON.stringify(PAPER)}]}]}</script>
    <a href="${PAPER}">The paper</a>
    <script>fetch('/go').then(() => { location.href = ${JSON.stringify(PAPER)}; });</script>`;
  server = createServer({ key: await readFile(key), cert: await readFile(cert) }, (request, response) => {
    const path = request.url ?? '';
    const html = { 'content-type': 'text/html; charset=utf-8' };
    if (path.startsWith('/list/')) {
      response.writeHead(200, html).end(listing);
    } else if (path.startsWith('/abs/2406.01234')) {
      response.writeHead(200, html).end(paper);
    } else if (path === '/scanned-while-hidden') {
      markScanned();
      response.writeHead(204).end();
    } else if (path.startsWith('/shown')) {
      markShown(path.endsWith('?prerendered'));
      response.writeHead(204).end();
    } else if (path === '/go') {
      // Without a prerender (Chromium may decline one), the listing goes on after a while all the same:
      // the test then fails on `prerendered`, not on a timeout.
      const noPrerender = new Promise<void>((resolve) => setTimeout(resolve, 15_000));
      void Promise.race([scannedWhileHidden, noPrerender]).then(() => setTimeout(() => response.writeHead(204).end(), 4 * REPORT_DELAY_MS));
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  chromiumProcess = spawn(chromiumPath(), [
    '--headless',
    `--user-data-dir=${join(workDir, 'profile')}`,
    '--remote-debugging-port=0',
    ...chromiumArgs(EXTENSION_DIR),
    `--host-resolver-rules=MAP arxiv.org 127.0.0.1:${port}`,
    '--ignore-certificate-errors',
    'https://arxiv.org/list/cs.LG/new',
  ]);
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    chromiumProcess!.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const found = /DevTools listening on (ws:\/\/\S+)/.exec(output);
      if (found) resolve(found[1]!);
    });
    chromiumProcess!.once('exit', (code) => reject(new Error(`Chromium exited (${code}): ${output}`)));
  });
  // Attached only now: DevTools attached while a page prerenders cancels the prerender.
  prerendered = await shown;
  browser = await chromium.connectOverCDP(endpoint);
});

afterAll(async () => {
  await browser?.close().catch(() => undefined); // disconnects: Chromium is this suite's own process
  if (chromiumProcess && chromiumProcess.exitCode === null) {
    const exited = new Promise((resolve) => chromiumProcess!.once('exit', resolve));
    chromiumProcess.kill();
    await exited;
  }
  server?.close();
  // Chromium's helper processes may still be writing to the profile a moment after the browser exits.
  if (workDir) await rm(workDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
});

describe('a prerendered paper', () => {
  it('is marked while hidden, and once shown its badge and report are the page’s', async () => {
    expect(prerendered, 'Chromium prerendered the paper before the listing went to it').toBe(true);
    const context = browser!.contexts()[0]!;
    const page = context.pages().find((candidate) => candidate.url() === PAPER)!;
    const shown = await page.evaluate((name) => {
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming & { activationStart: number };
      return { activationStart: navigation.activationStart, firstPass: performance.getEntriesByName(name)[0]?.startTime ?? null };
    }, SCAN_MEASURE);
    // It was prerendered (shown only later), and marked before it was shown.
    expect(shown.activationStart).toBeGreaterThan(0);
    expect(shown.firstPass).not.toBeNull();
    expect(shown.firstPass!).toBeLessThan(shown.activationStart);

    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const report = () =>
      worker.evaluate(async (url) => {
        const [tab] = await chrome.tabs.query({ url });
        if (tab?.id === undefined) return null;
        const stored = await chrome.storage.session.get(`tab-mentions-${tab.id}`);
        const mentions = (stored[`tab-mentions-${tab.id}`] as { mentions: unknown[] } | undefined)?.mentions.length ?? null;
        return { mentions, badge: await chrome.action.getBadgeText({ tabId: tab.id }) };
      }, PAPER);
    await expect.poll(report).toEqual({ mentions: 8, badge: '2' });
  });
});
