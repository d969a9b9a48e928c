/**
 * The store packages and the Firefox build in a real Firefox.
 *
 * Packages (always run): the Chrome package, the Firefox package and its sources package are made
 * the way `npm run zip` and `npm run zip:firefox` make them (WXT's zip, into `.output`).
 * Checked: each zip holds its build whole, manifest at the root; each built manifest asks for
 * `storage`, `alarms` and the sites it reads and nothing more, has no CSP of its own, no
 * `externally_connectable`, no unreviewed key, exposes only the card's stylesheet to our sites
 * (with `use_dynamic_url`), and has the icons at 16, 32, 48 and 128 px; the Firefox one has its event
 * page, gecko id, Firefox 140+ (142+ on Android) and no data collection; `web-ext lint` reports 0
 * errors and only the warnings explained in README.md ("Shipping"); the sources package holds what a
 * reviewer needs and no tests or fixtures; the shipped code has no eval, no `new Function` and no
 * remote code, zod is jitless, and the content script makes no request.
 *
 * Firefox (run where Debian's Firefox ESR 140+ is installed, `/usr/bin/firefox-esr` or FIREFOX_PATH):
 * the package, driven over WebDriver BiDi by puppeteer-core (which never downloads a browser), on
 * the same fixtures at the same URLs as the Chromium suites: the same marks, the hover card through
 * `caretPositionFromPoint`, the event page answering the popup's requests, the badge, a single-page
 * app, a runaway page, pages changed at random by their own script (the page session's property,
 * `./page-changes.ts`), a page that overrides the DOM in its own world (Xray vision), forged events,
 * a 10 MB text node; the popup's views and the options page; a refresh from a snapshot URL saved in
 * the options page; "Open full record" on the card (the popup, or the small window it falls back to);
 * a closed tab's report forgotten; the card, the popup and the options page sized from the reader's
 * default font size (a second Firefox, at 24 px); in a private window (a third), the marks and the card, and the
 * popup saying why it cannot read the snapshot there; set to never remember history (a fourth), where Firefox refuses
 * the event page IndexedDB, the marks and the card from a store held in memory, again after the event page is suspended; "Look
 * up" picked in Firefox's own context menu, which opens the toolbar popup (a fifth, driven over Marionette). Skipped, with a note, where no Firefox 140+ is installed, unless
 * REQUIRE_FIREFOX=1 (as in .ci/run, which installs Firefox ESR): then the suite fails instead.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import fc from 'fast-check';
import JSZip from 'jszip';
import puppeteer, { type Browser, type HTTPRequest, type Page, type ResponseForRequest } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { cmd as webExt } from 'web-ext';
import { zip } from 'wxt';
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import type { TopicDocument } from '@/lib/snapshot/schema';
import { inlineStyleRefusal, STRICT_CSP } from '../helpers/page-policy';
import { centreOf, clipOf, computedMarkColours, firstMarkBox, MARK_HIGHLIGHT_NAMES, pixelsNear, themeMarkColours, washOverWhite } from '../helpers/mark-colours';
import { addScrollingSidebar, scrollSidebar, scrollWindowALittle, twoFramesRendered } from '../helpers/scrolling';
import { holderStanding } from '../helpers/mark-holder';
import { asProductionBuild } from '../helpers/production-build';
import { EXTENSION_DIR } from '../helpers/browser';
import { startSnapshotServer, type SnapshotServer } from '../helpers/snapshot-server';
import { launchMarionette, type Marionette } from '../helpers/marionette';
import { bundledNames } from './page-helpers';
import { fuzzRuns, pageChangesOptions, pageChangesProperty, pageChangesTimeLimit, type PageDriver } from './page-changes';

const ROOT = resolve(import.meta.dirname, '../..');
const FIREFOX = process.env.FIREFOX_PATH ?? ['/usr/bin/firefox-esr', '/usr/bin/firefox'].find((path) => existsSync(path));
const EXTENSION_ID = 'method-lens@method-lens';
/** Fixed through `extensions.webextensions.uuids`, so the extension's pages have a known address. */
const UUID = '3f9a5c1e-7b2d-4c1a-9e0f-6d5b4a3c2e10';
const EXTENSION_ORIGIN = `moz-extension://${UUID}`;
/** Scenarios of the page session's property (`./page-changes.ts`); Chromium's suite runs more. */
const FIREFOX_PAGE_CHANGES_RUNS = fuzzRuns(8);

function firefoxMajor(): number {
  if (!FIREFOX) return 0;
  try {
    return Number(/(\d+)\./.exec(execFileSync(FIREFOX, ['--version'], { encoding: 'utf8' }))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
const major = firefoxMajor();
const runnable = major >= 140;
/** Set by .ci/run, which installs Firefox ESR: a missing Firefox is then a failure, not a skip. */
const required = process.env.REQUIRE_FIREFOX === '1';
const missing = `needs Firefox 140+ (found ${FIREFOX ?? 'none'}${major ? `, version ${major}` : ''}); apt-get install firefox-esr, or set FIREFOX_PATH`;
if (!runnable && !required) console.warn(`[firefox] skipped: ${missing}`);

/** URL prefix → fixture file (and the page's content security policy, if any); everything else on the web is answered 404, so nothing leaves the machine. */
const FIXTURES: [string, string, string?][] = [
  ['https://arxiv.org/abs/2406.01234', 'pages/arxiv-abs-quant.html'],
  ['https://arxiv.org/abs/2406.09999', 'pages/arxiv-abs-quant.html', STRICT_CSP],
  ['https://arxiv.org/pdf/2406.01234', 'pages/arxiv-abs-quant.html'],
  ['https://arxiv.org/search/', 'pages/arxiv-search.html'],
  ['https://ar5iv.labs.arxiv.org/html/2307.01234', 'pages/ar5iv-paper.html'],
  ['https://www.semanticscholar.org/paper/', 'pages/s2-paper.html'],
  ['https://arxiv.org/abs/9902.', 'hostile/overrides.html'],
  ['https://arxiv.org/abs/9903.', 'hostile/hostile-ui.html'],
  ['https://arxiv.org/html/9901.', 'hostile/stress.html'],
];

let browser: Browser;
let extensionPage: Page;
/**
 * Where `npm run zip:firefox` puts the Firefox package, its sources and its build. A temporary folder
 * here made WXT rewrite `.wxt/tsconfig.json` to exclude that folder instead of `.output`, and leave it so.
 */
const outDir = join(ROOT, '.output');
let server: SnapshotServer;
const bodies = new Map<string, Buffer>();

/**
 * Answers an intercepted request, or lets it go on. Firefox may drop a request before it is answered (the
 * page went on to another address or was closed, an asset no longer wanted): the answer then finds no
 * request, which is no failure of the test. Any other error is.
 */
function answer(request: HTTPRequest, response?: Partial<ResponseForRequest>): void {
  (response ? request.respond(response) : request.continue()).catch((error: unknown) => {
    if (!/no such request/i.test(error instanceof Error ? error.message : String(error))) throw error;
  });
}

/** Pages made by a test, by address: served as the fixtures are. */
const madePages = new Map<string, string>();

/** Opens `url`; with `errors`, the page's uncaught errors and console errors are collected there from the start. */
async function openPage(url: string, errors?: string[]): Promise<Page> {
  const page = await browser.newPage();
  if (errors) {
    page.on('pageerror', (error) => errors.push(error instanceof Error ? error.message : String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
  }
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const address = request.url();
    if (!/^https?:/.test(address)) return answer(request);
    const made = madePages.get(address);
    if (made !== undefined) return answer(request, { status: 200, contentType: 'text/html; charset=utf-8', body: made });
    const fixture = FIXTURES.find(([prefix]) => address.startsWith(prefix));
    if (!fixture) return answer(request, { status: 404, contentType: 'text/plain', body: '' });
    const headers = fixture[2] ? { 'content-security-policy': fixture[2] } : {};
    answer(request, { status: 200, contentType: 'text/html; charset=utf-8', headers, body: bodies.get(fixture[1])! });
  });
  await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
  return page;
}

/**
 * Waits until `predicate(arg)` holds in the page, asked every 100 ms through `page.evaluate`. Not
 * puppeteer's `waitForFunction`: its poller makes the predicate with `Function()` inside the page, which
 * Firefox 140.12 refuses on a page whose policy allows no eval (the extension's own pages, a strict CSP).
 */
async function waitUntil<A>(page: Page, predicate: (arg: A) => unknown, arg: A, timeout = 10_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await page.evaluate(predicate as (arg: unknown) => unknown, arg))) {
    if (Date.now() > deadline) throw new Error(`waited ${timeout} ms for ${predicate.toString()}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

function waitForScans(page: Page, passes = 1, timeout = 30_000) {
  return waitUntil(page, (n) => performance.getEntriesByName('method-lens:scan').length >= n, passes, timeout);
}

/**
 * Marks the extension's views open now (an earlier test's record tab may still be closing), so that
 * `newRecordViews` leaves them out.
 */
function markOpenViews(): Promise<void> {
  return extensionPage.evaluate(() => {
    const ext = (globalThis as any).browser.extension;
    for (const view of [...ext.getViews({ type: 'popup' }), ...ext.getViews({ type: 'tab' })]) view.__seenBefore = true;
  });
}

/**
 * A method's record opened since `markOpenViews`, in the toolbar popup or a window, as "how search title |
 * mentions on its tab's page". The toolbar popup is no tab the driver can see; the extension's own pages can.
 */
function newRecordViews(): Promise<string[]> {
  return extensionPage.evaluate(() => {
    const ext = (globalThis as any).browser.extension;
    const shown = (how: string, views: Window[]) =>
      views
        .filter((view) => view.location.pathname === '/popup.html' && !(view as any).__seenBefore)
        .map((view) => `${how} ${view.location.search} ${view.document.querySelector('h1')?.textContent} | ${view.document.querySelector('.record-on-page > span')?.textContent ?? ''}`);
    return [...shown('popup', ext.getViews({ type: 'popup' })), ...shown('window', ext.getViews({ type: 'tab' })).filter((view: string) => view.includes('?method='))];
  });
}

function marksByHighlight(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const out: Record<string, string[]> = {};
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('method-lens')) continue;
      out[name] = [];
      for (const range of highlight as Highlight) {
        const r = range as AbstractRange;
        const live = document.createRange();
        live.setStart(r.startContainer, r.startOffset);
        live.setEnd(r.endContainer, r.endOffset);
        out[name]!.push(live.toString());
      }
      out[name]!.sort();
    }
    return out;
  });
}

async function markTotal(page: Page): Promise<number> {
  return Object.values(await marksByHighlight(page)).flat().length;
}

/** Centre of the first mark whose text is `text`, scrolled into view (the scroll announced). */
async function markCenter(page: Page, text: string) {
  const box = await page.evaluate(firstMarkBox, text);
  await page.evaluate(twoFramesRendered);
  return box && centreOf(box);
}

function cardText(page: Page): Promise<string | null> {
  return page.evaluate(() => (document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card') as HTMLElement | null)?.innerText ?? null);
}

/** Sends a page→background request from one of the extension's own pages, as the popup does. */
function askBackground<T>(type: string, payload: unknown): Promise<{ ok: boolean; value?: T; error?: string }> {
  return extensionPage.evaluate(
    (type, payload) => (globalThis as any).browser.runtime.sendMessage({ direction: 'page→background', type, payload }),
    type,
    payload,
  );
}

/**
 * Opens one of the extension's pages. Puppeteer's navigation wait never ends for a moz-extension:
 * page over WebDriver BiDi, so this waits for the document itself.
 */
async function openExtensionPage(path: string): Promise<Page> {
  const page = await browser.newPage();
  void page.goto(`${EXTENSION_ORIGIN}/${path}`, { timeout: 60_000 }).catch(() => undefined);
  await expect.poll(() => page.evaluate(() => location.origin + location.pathname + ' ' + document.readyState).catch(() => null), { timeout: 15_000 })
    .toBe(`${EXTENSION_ORIGIN}/${path.split('?')[0]} complete`);
  return page;
}

function textOf(page: Page, selector: string): Promise<string | null> {
  return page.evaluate((selector) => (document.querySelector(selector) as HTMLElement | null)?.innerText ?? null, selector);
}

function snapshotSource(): Promise<string | null | undefined> {
  return askBackground<{ source: string | null }>('getSnapshotInfo', {}).then((reply) => reply.value?.source);
}

function tabIdOf(pattern: string): Promise<number> {
  return extensionPage.evaluate(async (pattern) => {
    const tabs = await (globalThis as any).browser.tabs.query({ url: pattern });
    if (tabs.length !== 1) throw new Error(`expected one tab at ${pattern}, found ${tabs.length}`);
    return tabs[0].id as number;
  }, pattern);
}

/** Sorted: the manifest lists them in this order. */
const HOSTS = ['https://ar5iv.labs.arxiv.org/*', 'https://arxiv.org/*', 'https://www.semanticscholar.org/*'];
/** Sorted: where the content script is injected. */
const CONTENT_SCRIPT_PAGES = [
  'https://ar5iv.labs.arxiv.org/html/*',
  'https://arxiv.org/a/*',
  'https://arxiv.org/abs/*',
  'https://arxiv.org/catchup/*',
  'https://arxiv.org/html/*',
  'https://arxiv.org/list/*',
  'https://arxiv.org/search/*',
  'https://www.semanticscholar.org/*',
];
/** Top-level manifest keys a build may have. A new one (commands, declarative_net_request…) fails until reviewed here. */
const ALLOWED_KEYS = new Set([
  'manifest_version', 'name', 'short_name', 'description', 'version', 'version_name', 'author', 'homepage_url', 'default_locale',
  'icons', 'action', 'background', 'content_scripts', 'options_ui', 'options_page', 'permissions', 'host_permissions',
  'web_accessible_resources', 'browser_specific_settings', 'minimum_chrome_version', 'commands',
]);
/**
 * The `web-ext lint` warnings that are expected, each explained in README.md ("Shipping"). Exactly these, one
 * each: Preact's renderer supports `dangerouslySetInnerHTML` (no code of ours uses it:
 * tests/manifest.test.ts), and the content script imports the card's script and Show on page's from an
 * address made at run time (`browser.runtime.getURL(script)`, `lib/content/extension-scripts.ts`, the only
 * `import(` in it: checked above).
 */
const EXPLAINED_WARNINGS: { code: string; file: RegExp; message: RegExp }[] = [
  { code: 'UNSAFE_VAR_ASSIGNMENT', file: /^card\.js$/, message: /innerHTML/ },
  { code: 'UNSAFE_VAR_ASSIGNMENT', file: /^chunks\/extension-page-[\w-]+\.js$/, message: /innerHTML/ },
  { code: 'UNSAFE_VAR_ASSIGNMENT', file: /^content-scripts\/content\.js$/, message: /^Unsafe call to import for argument 0$/ },
];

/** What WXT turns into the manifest's `icons`: public/icon/<size>.png (`npm run icons`). */
const ICONS = { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' };

let zips: string[] = [];
/** Chrome's build, made by `npm run zip` in the global setup (tests/e2e/build-extension.ts). */
const chromeDir = () => EXTENSION_DIR;
const firefoxDir = () => join(outDir, 'firefox-mv3');
const builds = { chrome: chromeDir, firefox: firefoxDir };

beforeAll(async () => {
  const quiet = { debug() {}, info() {}, success() {}, log() {}, box() {}, warn() {}, error: console.error, fatal: console.error, level: 0 } as never;
  // `npm run zip` (made by the global setup, tests/e2e/build-extension.ts), then `npm run zip:firefox`.
  zips = [...inject('chromePackages'), ...(await asProductionBuild(() => zip({ root: ROOT, browser: 'firefox', outDir, logger: quiet })))];
}, 480_000);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)).replaceAll('\\', '/'));
}

async function zipEntries(path: string): Promise<string[]> {
  const archive = await JSZip.loadAsync(await readFile(path));
  return Object.values(archive.files).filter((file) => !file.dir).map((file) => file.name);
}

describe('store packages', () => {
  
  describe.each(['chrome', 'firefox'] as const)('the %s build', (name) => {
    const manifest = async () => JSON.parse(await readFile(join(builds[name](), 'manifest.json'), 'utf8'));

    it('asks for storage, alarms and the sites it reads, and nothing more', async () => {
      const built = await manifest();
      expect(built.manifest_version).toBe(3);
      expect([...built.permissions].sort()).toEqual(['alarms', 'contextMenus', 'storage']);
      expect([...built.host_permissions].sort()).toEqual(HOSTS);
      for (const key of ['optional_permissions', 'optional_host_permissions', 'content_security_policy', 'externally_connectable', 'sandbox', 'key', 'update_url']) {
        expect(built).not.toHaveProperty(key);
      }
      expect(Object.keys(built).filter((key) => !ALLOWED_KEYS.has(key))).toEqual([]);
      // One command, the popup's shortcut, as each browser names it for Manifest V3.
      expect(built.commands).toEqual({ _execute_action: { suggested_key: { default: 'Alt+Shift+M' } } });
      // The content script runs on the pages it reads (on Semantic Scholar's app, every page), not on arXiv's login or PDFs.
      expect(built.content_scripts).toHaveLength(1);
      expect([...built.content_scripts[0].matches].sort()).toEqual(CONTENT_SCRIPT_PAGES);
      for (const script of built.content_scripts) {
        expect(script.all_frames ?? false).toBe(false);
        expect(script.world ?? 'ISOLATED').toBe('ISOLATED');
      }
      // What pages may load from the extension: only the card's script (which the content script
      // imports on first hover) and Show on page's (on the popup's first request), only on our sites, at
      // an address that changes every session (so a page cannot tell the extension is installed from it).
      expect(built.web_accessible_resources).toHaveLength(1);
      for (const entry of built.web_accessible_resources) {
        expect(entry.resources).toEqual(['card.js', 'show-mention.js']);
        expect(HOSTS).toEqual(expect.arrayContaining(entry.matches));
        expect(entry.use_dynamic_url).toBe(true);
      }
      if (name === 'chrome') {
        expect(built.background).toEqual({ service_worker: 'background.js' });
        expect(built).not.toHaveProperty('browser_specific_settings');
        expect(built.minimum_chrome_version).toBe('116');
      } else {
        expect(built.background).toEqual({ scripts: ['background.js'] });
        expect(built).not.toHaveProperty('minimum_chrome_version');
        expect(built.browser_specific_settings).toEqual({
          gecko: { id: EXTENSION_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
          gecko_android: { strict_min_version: '142.0' },
        });
      }
    });

    it('has its icon at 16, 32, 48 and 128 px, each a PNG of that size', async () => {
      const built = await manifest();
      expect(built.icons).toEqual(ICONS);
      for (const [size, file] of Object.entries(ICONS)) {
        const png = await readFile(join(builds[name](), file));
        expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
        expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([Number(size), Number(size)]);
      }
    });

    it('ships no eval, no Function constructor of its own, no remote code, no development build; zod is jitless', async () => {
      const dir = builds[name]();
      for (const file of await filesUnder(dir)) {
        if (!/\.(js|html)$/.test(file)) continue;
        const code = await readFile(join(dir, file), 'utf8');
        // A production build: no development JSX, no path of the machine it was built on.
        expect(code, file).not.toMatch(/\bjsxDEV\b|lineNumber:\d/);
        expect(code, file).not.toContain(ROOT);
        expect(code, file).not.toMatch(/\beval\s*\(|new\s+Function\s*\(|\bFunction\s*\(\s*["'`]|set(Timeout|Interval)\s*\(\s*["'`]/);
        // Nor the Function constructor under another name, given code to run (`const e=Node.constructor;new e("return setImmediate")`).
        expect(code, file).not.toMatch(/new\s+[\w$]+\(\s*["'`]return\b/);
        expect(code, file).not.toMatch(/importScripts\s*\(|<script[^>]+src=["']?(https?:)?\/\//i);
        expect(code, file).not.toMatch(/import\s*\(\s*["'`]https?:/);
      }
      // zod's guarded `new Function` probe and compiler are in the bundle; jitless, they never run.
      expect(await readFile(join(dir, 'background.js'), 'utf8')).toMatch(/jitless:(!0|true)/);
    });

    it('has a content script that makes no network request, and imports only the card and Show on page from the extension', async () => {
      const code = await readFile(join(builds[name](), 'content-scripts/content.js'), 'utf8');
      const card = await readFile(join(builds[name](), 'card.js'), 'utf8');
      const showMention = await readFile(join(builds[name](), 'show-mention.js'), 'utf8');
      for (const script of [code, card, showMention]) expect(script).not.toMatch(/XMLHttpRequest|WebSocket|EventSource|sendBeacon|RTCPeerConnection|new\s+Image\b/);
      for (const script of [code, showMention]) expect(script).not.toMatch(/\bfetch\(/);
      // One `import(`, of one of these two paths (lib/content/extension-scripts.ts).
      expect(code.match(/\bimport\(/g)).toHaveLength(1);
      expect(code).toContain('"/card.js"');
      expect(code).toContain('"/show-mention.js"');
      // The card brings its own stylesheet: the content script's is the marks' alone (tested below).
      expect(code).not.toContain('.ml-card');
      expect(card).toContain('.ml-card');
    });
  });

  it.each(['chrome', 'firefox'] as const)('has the %s browser add the marks’ colours to our sites’ pages: one stylesheet, a rule per status and one for a mention shown, none in print', async (name) => {
    const built = JSON.parse(await readFile(join(builds[name](), 'manifest.json'), 'utf8'));
    expect(built.content_scripts.map((script: { css?: string[] }) => script.css)).toEqual([['content-scripts/content.css']]);
    const css = await readFile(join(builds[name](), 'content-scripts/content.css'), 'utf8');
    // Firefox's has a rule for forced colours too (tested in tests/marks.test.ts), between the two.
    const screen = css.slice(0, css.indexOf('@media'));
    const print = css.slice(css.indexOf('@media print'));
    const highlights = MARK_HIGHLIGHT_NAMES.map((highlight) => `::highlight(${highlight})`);
    // The mention Show on page scrolled to, lit a moment after the marks' rules, so drawn over them.
    expect(screen!.match(/::highlight\([^)]*\)/g)).toEqual([...highlights, '::highlight(method-lens-shown)']);
    expect(print!.match(/::highlight\([^)]*\)/g)).toEqual(highlights);
    expect(print).toMatch(/background-color:\s*transparent/);
  });

  it.each(['chrome', 'firefox'] as const)('zips the %s build whole, with the manifest and icons at the root', async (name) => {
    const extensionZip = zips.find((path) => path.endsWith(`-${name}.zip`))!;
    expect(extensionZip).toBeDefined();
    const entries = await zipEntries(extensionZip);
    expect(entries.sort()).toEqual((await filesUnder(builds[name]())).sort());
    expect(entries).toEqual(expect.arrayContaining(['manifest.json', ...Object.values(ICONS)]));
  });

  it('makes exactly the packages the README lists: Chrome, Firefox, and the Firefox sources', () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    // Into .output, where `npm run zip` and `npm run zip:firefox` put them.
    const [chrome, firefox, sources] = ['chrome', 'firefox', 'sources'].map((kind) => `method-lens-${version}-${kind}.zip`);
    expect([...zips].sort()).toEqual([chrome!, firefox!, sources!].map((file) => join(ROOT, '.output', file)).sort());
  });

  it('comes with a sources package a reviewer can rebuild from, without tests or fixtures', async () => {
    const sourcesZip = zips.find((path) => path.endsWith('-sources.zip'))!;
    expect(sourcesZip).toBeDefined();
    const entries = await zipEntries(sourcesZip);
    for (const needed of ['package.json', 'package-lock.json', 'wxt.config.ts', 'tsconfig.json', 'README.md', 'entrypoints/background.ts', 'entrypoints/content/index.ts', 'public/snapshot/index.json']) {
      expect(entries).toContain(needed);
    }
    expect(entries.some((entry) => entry.startsWith('lib/'))).toBe(true);
    expect(entries.filter((entry) => /^(tests|scripts|docs|node_modules|\.output|\.wxt)\/|\.zip$/.test(entry))).toEqual([]);
  });

  it('passes web-ext lint with 0 errors and only the warnings the README explains', async () => {
    const result = (await webExt.lint(
      { sourceDir: firefoxDir(), artifactsDir: outDir, output: 'none', boring: true, pretty: false, metadata: false, selfHosted: false, warningsAsErrors: false, verbose: false, ignoreFiles: [] },
      { shouldExitProgram: false },
    )) as { errors: unknown[]; warnings: { code: string; file: string; message: string }[]; notices: unknown[] };
    expect(result.errors).toEqual([]);
    const explains = (known: (typeof EXPLAINED_WARNINGS)[number], warning: (typeof result.warnings)[number]) =>
      known.code === warning.code && known.file.test(warning.file) && known.message.test(warning.message);
    const unexplained = result.warnings.filter((warning) => !EXPLAINED_WARNINGS.some((known) => explains(known, warning)));
    expect(unexplained).toEqual([]);
    // Each explained warning once: a second innerHTML assignment or import anywhere would be news.
    for (const known of EXPLAINED_WARNINGS) expect(result.warnings.filter((warning) => explains(known, warning))).toHaveLength(1);
    expect(result.notices).toEqual([]);
  }, 120_000);
});

/** The popup, open once its messaging is ready. It rewrites its own address on load, which the navigation wait never sees. */
async function openPopupPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${EXTENSION_ORIGIN}/popup.html`, { waitUntil: 'domcontentloaded', timeout: 10_000 }).catch(() => undefined);
  await waitUntil(page, () => typeof (globalThis as any).browser?.runtime?.sendMessage === 'function', null, 30_000);
  return page;
}

/**
 * A suite's Firefox, its pages' fixtures read first; where Firefox is required and missing, the suite fails.
 */
async function startFirefoxSuite(...options: Parameters<typeof launchFirefox>): Promise<Browser> {
  if (!runnable) throw new Error(`REQUIRE_FIREFOX=1, but the Firefox suite ${missing}`);
  for (const [, file] of FIXTURES) if (!bodies.has(file)) bodies.set(file, await readFile(join(ROOT, 'tests/fixtures', file)));
  return launchFirefox(...options);
}

/**
 * Firefox with the extension installed, and `prefs` set (a reader's settings); with `privateWindows`, the
 * extension is allowed in private windows, as the reader allows it in about:addons (a profile's
 * `extension-preferences.json` holds that choice).
 */
async function launchFirefox(prefs: Record<string, unknown> = {}, { privateWindows = false } = {}): Promise<Browser> {
  let userDataDir: string | undefined;
  if (privateWindows) {
    userDataDir = await mkdtemp(join(tmpdir(), 'method-lens-firefox-profile-'));
    await writeFile(join(userDataDir, 'extension-preferences.json'), JSON.stringify({ [EXTENSION_ID]: { permissions: ['internal:privateBrowsingAllowed'], origins: [] } }));
  }
  const launched = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    ...(userDataDir && { userDataDir }),
    // Lets the test open the extension's own pages (moz-extension:) like the popup does.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [EXTENSION_ID]: UUID }), ...prefs },
  });
  expect(await launched.installExtension(firefoxDir())).toBe(EXTENSION_ID);
  return launched;
}

/** The hover card's text size on `page`, once it has opened on the first "AWQ". */
async function cardFontSize(page: Page): Promise<string> {
  const center = (await markCenter(page, 'AWQ'))!;
  await page.mouse.move(center.x, center.y);
  await waitUntil(page, () => !!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, 10_000);
  return page.evaluate(() => getComputedStyle(document.querySelector('method-lens-card')!.shadowRoot!.querySelector('.ml-card')!).fontSize);
}

describe.skipIf(!runnable && !required)(`Firefox ${major}`, () => {
  beforeAll(async () => {
    browser = await startFirefoxSuite();
    extensionPage = await openPopupPage(browser);
    server = await startSnapshotServer();
  }, 240_000);

  afterEach(async () => {
    for (const page of await browser.pages()) if (page !== extensionPage && !page.url().startsWith('about:')) await page.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('loads the bundled snapshot from its event page and answers the popup', async () => {
    await expect.poll(async () => (await askBackground<{ totals: { methods: number } }>('getSnapshotInfo', {})).value?.totals.methods, { timeout: 30_000 }).toBeGreaterThan(20);
  });

  it('marks the arXiv abstract page exactly as in Chromium, changes no DOM, sets the badge', async () => {
    const page = await openPage('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    const marks = await marksByHighlight(page);
    expect(await page.evaluate(computedMarkColours, MARK_HIGHLIGHT_NAMES)).toMatchObject(themeMarkColours('wash only'));
    expect(marks['method-lens-heavily-superseded']).toEqual(Array(5).fill('AWQ'));
    // Painted, not only computed: Firefox reports a decoration it never draws, so the look is checked in pixels.
    const box = clipOf((await page.evaluate(firstMarkBox, 'AWQ'))!);
    const shot = (await page.screenshot({ clip: box, encoding: 'binary' })) as Uint8Array;
    expect(pixelsNear(shot, washOverWhite('heavily superseded', 0.38), 10)).toBeGreaterThan((box.width * box.height) / 3);
    expect(marks['method-lens-superseded']).toEqual(Array(2).fill('AQLM'));
    expect(marks['method-lens-no-status']).toEqual([...Array(4).fill('GPTQ'), 'LLM.int8()', 'QuIP', ...Array(2).fill('QuIP#'), 'SQ+', 'SmoothQuant'].sort());

    const plain = await openPage('https://arxiv.org/pdf/2406.01234');
    const html = (p: Page) => p.evaluate(() => {
      const clone = document.documentElement.cloneNode(true) as Element;
      clone.querySelectorAll('method-lens-card').forEach((host) => host.remove());
      return clone.outerHTML;
    });
    expect(await html(page)).toBe(await html(plain));

    const tabId = await tabIdOf('https://arxiv.org/abs/*');
    await expect.poll(async () => (await askBackground<{ methods: unknown[] }>('getPageSummary', { tabId })).value?.methods.length, { timeout: 10_000 }).toBe(8);
    expect(await extensionPage.evaluate((tabId) => (globalThis as any).browser.action.getBadgeText({ tabId }), tabId)).toBe('2');
  });

  it('reads arXiv search results as shown: "More" and "Less" move the marks between an abstract’s preview and its whole text', async () => {
    const page = await openPage('https://arxiv.org/search/?query=GPTQ&searchtype=all');
    await waitForScans(page);
    const marked = async () => {
      const counts: Record<string, number> = {};
      for (const text of Object.values(await marksByHighlight(page)).flat()) counts[text] = (counts[text] ?? 0) + 1;
      return counts;
    };
    expect(await marked()).toEqual({ GPTQ: 12, AWQ: 2, 'QuIP#': 1, AQLM: 1, SmoothQuant: 1, OmniQuant: 1 });
    // The page's own onclick, as the reader's click runs it.
    const toggle = (label: string) => page.evaluate((label) => [...document.querySelectorAll<HTMLElement>('li.arxiv-result a')].find((link) => link.textContent!.includes(label))!.click(), label);
    await toggle('More');
    await expect.poll(marked, { timeout: 10_000 }).toEqual({ GPTQ: 13, AWQ: 3, 'QuIP#': 1, AQLM: 2, SmoothQuant: 1, OmniQuant: 1 });
    await toggle('Less');
    await expect.poll(marked, { timeout: 10_000 }).toEqual({ GPTQ: 12, AWQ: 2, 'QuIP#': 1, AQLM: 1, SmoothQuant: 1, OmniQuant: 1 });
  });

  it('marks an older paper on ar5iv, the host arXiv Labs serves it from, as in Chromium', async () => {
    const page = await openPage('https://ar5iv.labs.arxiv.org/html/2307.01234');
    await waitForScans(page);
    const counts: Record<string, number> = {};
    for (const text of Object.values(await marksByHighlight(page)).flat()) counts[text] = (counts[text] ?? 0) + 1;
    expect(counts).toEqual({ GPTQ: 9, AWQ: 8, SmoothQuant: 6, QuIP: 3, 'LLM.int8()': 5, ZeroQuant: 5 });
  });

  it('opens the hover card through caretPositionFromPoint and closes it on Escape', async () => {
    const page = await openPage('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    // At Firefox's own 16 px default, the sizes the card has always had.
    expect(await cardFontSize(page)).toBe('13px');
    const text = (await cardText(page))!;
    expect(text).toContain('heavily superseded');
    expect(text).toContain('9 papers critique it · 15 beat it on benchmarks');
    await page.keyboard.press('Escape');
    await waitUntil(page, () => !document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, 5_000);
  });

  it('gives the card the page’s theme, read through its Xrays: light on a light page, dark once the page turns dark', async () => {
    const page = await openPage('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    const center = (await markCenter(page, 'AWQ'))!;
    const cardBackground = async () => {
      // From elsewhere: a pointer already at rest on the mark moves no more.
      await page.mouse.move(1, 1);
      await page.mouse.move(center.x, center.y);
      await waitUntil(page, () => !!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, 10_000);
      const background = await page.evaluate(() => getComputedStyle(document.querySelector('method-lens-card')!.shadowRoot!.querySelector('.ml-card')!).backgroundColor);
      await page.keyboard.press('Escape');
      await waitUntil(page, () => !document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, 5_000);
      return background;
    };
    expect(await cardBackground()).toBe('rgb(255, 255, 255)');
    // As arXiv's theme switch does on its HTML papers: the page's colours change, the marks stay.
    await page.evaluate(() => {
      document.body.style.backgroundColor = '#0d1117';
      document.body.style.color = '#c9d1d9';
    });
    expect(await cardBackground()).toBe('rgb(28, 32, 41)');
  });

  it('keeps the card while a part of the page without its mark scrolls (the page’s element, through its Xray), and closes it when the window scrolls', async () => {
    const page = await openPage('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    await page.evaluate(addScrollingSidebar);
    const center = (await markCenter(page, 'AWQ'))!;
    await page.mouse.move(center.x, center.y);
    await waitUntil(page, () => !!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, 10_000);
    const cardShown = () => page.evaluate(() => !!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'));
    expect(await page.evaluate(scrollSidebar)).toBeGreaterThan(100);
    expect(await cardShown()).toBe(true);
    expect(await page.evaluate(scrollWindowALittle)).toBe(true);
    expect(await cardShown()).toBe(false);
  });

  it.each([
    ['slides the mark’s own', 'lies wholly in the window', null, 'inside', 'translateX(-300px)'],
    ['slides the mark’s own', 'reaches past the window above and below (a long paragraph)', '1500px 0', 'past both edges', 'translateX(-300px)'],
    ['shrinks the mark’s own in place (a scale under 1)', 'lies wholly in the window', null, 'inside', 'scale(0.9)'],
  ])('keeps the card while the page’s script moves another element, and closes it once it %s (no layout, no element changed), when the mark’s element %s', async (_, __, padding, holderStands, transform) => {
    const page = await openPage('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    let center = (await markCenter(page, 'AWQ'))!;
    if (padding) {
      await page.evaluate(({ x, y, padding }) => void (document.caretPositionFromPoint(x, y)!.offsetNode.parentElement!.style.padding = padding), { ...center, padding });
      center = (await markCenter(page, 'AWQ'))!;
    }
    // The card watches the mark's element for a move, and runs nothing at each frame.
    expect(await page.evaluate(holderStanding, center)).toBe(holderStands);
    await page.mouse.move(center.x, center.y);
    await waitUntil(page, () => !!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, 10_000);
    const slide = (selector: string | null) =>
      page.evaluate(
        ({ selector, x, y, transform }) => {
          const element = selector ? document.querySelector(selector)! : document.caretPositionFromPoint(x, y)!.offsetNode.parentElement!;
          return element.animate([{ transform: 'none' }, { transform }], { duration: 200, fill: 'forwards' }).finished.then(() => {});
        },
        { selector, transform, ...center },
      );
    const cardShown = () => page.evaluate(() => !!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'));
    await slide('.dateline');
    await page.evaluate(twoFramesRendered);
    expect(await cardShown()).toBe(true);
    await slide(null);
    await waitUntil(page, () => !document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, 2_000);
  });

  it('opens the card of a mark tapped on a touch screen (Firefox for Android has no pointer to rest), and closes it on a tap elsewhere', async () => {
    const page = await openPage('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    const cardShown = () => page.evaluate(() => !!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'));
    const center = (await markCenter(page, 'AWQ'))!;
    // What the page saw, for the failure's message: the pointer events and any scrolling.
    await page.evaluate(() => {
      const seen: string[] = ((window as any).__seen = []);
      const t0 = performance.now();
      for (const type of ['pointerdown', 'pointermove', 'pointerup', 'pointercancel', 'pointerout', 'scroll', 'blur']) {
        addEventListener(type, (event) => {
          const pointer = event as PointerEvent;
          seen.push(`${Math.round(performance.now() - t0)} ${type} ${pointer.pointerType ?? ''} ${pointer.clientX ?? ''},${pointer.clientY ?? ''} card:${!!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card')}`);
        }, true);
      }
    });
    await page.touchscreen.tap(center.x, center.y);
    await waitUntil(page, () => !!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, 10_000).catch(async (error: Error) => {
      const seen = await page.evaluate(() => (window as any).__seen as string[]);
      throw new Error(`${error.message}\ntapped at ${center.x},${center.y}; the page saw:\n${seen.join('\n')}`);
    });
    expect(await cardText(page)).toContain('heavily superseded');
    await new Promise((resolve) => setTimeout(resolve, 500)); // the finger is lifted: the card stays
    expect(await cardShown()).toBe(true);
    await page.touchscreen.tap(5, 400);
    await waitUntil(page, () => !document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, 5_000);
  });

  it('marks and shows a styled card on a page whose CSP allows no script, style or connection', async () => {
    const page = await openPage('https://arxiv.org/abs/2406.09999');
    await waitForScans(page);
    // The policy is in force: the page's own inline style is refused.
    expect(await page.evaluate(inlineStyleRefusal)).toMatch(/^style-src/);
    expect(await markTotal(page)).toBeGreaterThan(0);
    expect(await page.evaluate(computedMarkColours, MARK_HIGHLIGHT_NAMES)).toMatchObject(themeMarkColours('wash only'));
    const center = (await markCenter(page, 'AWQ'))!;
    await page.mouse.move(center.x, center.y);
    await waitUntil(page, () => !!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, 10_000);
    expect(await cardText(page)).toContain('heavily superseded');
    const position = await page.evaluate(() => getComputedStyle(document.querySelector('method-lens-card')!.shadowRoot!.querySelector('.ml-card')!).position);
    expect(position).toBe('fixed');
  });

  it('follows a single-page app: late render, pushState navigation, and stops on a runaway page', async () => {
    const page = await openPage('https://www.semanticscholar.org/paper/quip-sharp/c4f1e9a2b7d3f5e8a1c6b9d2e7f4a3c8b5d1e6f2');
    await waitUntil(page, () => (window as any).__s2?.rendered === true, null, 30_000);
    await waitForScans(page);
    await expect.poll(() => markTotal(page), { timeout: 10_000 }).toBe(39);

    const passes = await page.evaluate(() => performance.getEntriesByName('method-lens:scan').length);
    await page.evaluate(() => (window as any).__s2.navigate());
    await waitForScans(page, passes + 1);
    await expect.poll(() => markTotal(page), { timeout: 10_000 }).toBeGreaterThan(30);

    const tabId = await tabIdOf('https://www.semanticscholar.org/*');
    await page.evaluate(() => (window as any).__s2.startMutatingForever());
    await expect.poll(async () => (await askBackground<{ paused: boolean }>('getPageSummary', { tabId })).value?.paused, { timeout: 20_000 }).toBe(true);
    await page.evaluate(() => (window as any).__s2.stopMutating());
    expect(await page.evaluate(() => (window as any).__s2.errors)).toEqual([]);
  });

  it('holds the page session’s property on arXiv and Semantic Scholar: a page changed by its own script ends with a fresh load’s marks, and no mark is ever on text that is no name', async () => {
    const names = await bundledNames();
    const firefox: PageDriver<Page> = {
      async open(url, html) {
        madePages.set(url, html);
        const errors: string[] = [];
        return { page: await openPage(url, errors), errors };
      },
      waitForScan: (page) => waitForScans(page),
      evaluate: (page, fn, arg) => page.evaluate(fn as (arg: unknown) => never, arg),
      close: (page) => page.close(),
    };
    await fc.assert(pageChangesProperty(firefox, names, 'arxiv'), pageChangesOptions(FIREFOX_PAGE_CHANGES_RUNS));
    await fc.assert(pageChangesProperty(firefox, names, 'semanticScholar'), pageChangesOptions(FIREFOX_PAGE_CHANGES_RUNS));
  }, 2 * pageChangesTimeLimit(FIREFOX_PAGE_CHANGES_RUNS) + 60_000);

  it('is out of reach of a page that overrides CSS, Range and Node.prototype in its own world (Xray vision)', async () => {
    const page = await openPage('https://arxiv.org/abs/9902.00001');
    // The page's world is booby-trapped: read it only after `__restore()`. Marked, as the background
    // says: the report of its five methods is sent once the first pass has shown its marks, and nothing
    // follows it on a page that does not change.
    const tabId = await tabIdOf('https://arxiv.org/abs/9902.*');
    await expect.poll(async () => (await askBackground<{ methods: unknown[] }>('getPageSummary', { tabId })).value?.methods.length, { timeout: 10_000 }).toBe(5);
    const trapped = await page.evaluate(() => (window as any).__restore());
    expect(Object.fromEntries(Object.entries(trapped as Record<string, number>).filter(([, count]) => count > 0))).toEqual({});
    expect(await markTotal(page)).toBe(7);
    expect(await page.evaluate(() => (window as any).__errors)).toEqual([]);
  });

  it('ignores forged pointer events and clicks; a page cannot reach the extension', async () => {
    const page = await openPage('https://arxiv.org/abs/9903.00001');
    await waitForScans(page);
    const box = await page.evaluate(() => {
      const rect = document.getElementById('first')!.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    });
    await page.evaluate((x, y) => (window as any).__forgePointer(x, y), box.x, box.y);
    await new Promise((done) => setTimeout(done, 800));
    expect(await cardText(page)).toBeNull();
    await page.mouse.move(box.x, box.y);
    await waitUntil(page, () => !!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, 10_000);
    await markOpenViews();
    expect(await page.evaluate(() => (window as any).__clickCardButton())).toBe(true);
    await new Promise((done) => setTimeout(done, 1_000));
    expect(await extensionPage.evaluate(() => (globalThis as any).browser.storage.session.get('pendingRecord'))).toEqual({});
    expect(await newRecordViews()).toEqual([]);
    expect(await page.evaluate(() => (window as any).__postForgedMessages())).toEqual({ chromeRuntime: 'undefined', browserRuntime: 'undefined' });
  });

  it('reads a 10 MB text node in slices', async () => {
    const page = await openPage('https://arxiv.org/html/9901.00001?mode=bigtext&mb=10');
    await waitForScans(page, 1, 120_000);
    const [measure, expected] = await page.evaluate(() => [
      (performance.getEntriesByName('method-lens:scan')[0] as PerformanceMeasure).detail,
      (window as any).__expected + 1_000,
    ]);
    console.log(`[firefox] 10 MB text node: ${JSON.stringify(measure)}`);
    expect(measure.marks).toBe(expected);
    expect(measure.slices).toBeGreaterThanOrEqual(5);
    expect(measure.worked / measure.slices).toBeLessThanOrEqual(50);
  }, 180_000);


  it('shows the popup’s views: the tab’s methods, and one shown on the page, a record, the topic, search', async () => {
    const paper = await openPage('https://arxiv.org/abs/2406.01234');
    await waitForScans(paper);
    const tabId = await tabIdOf('https://arxiv.org/abs/*');

    const page = await openExtensionPage(`popup.html?tab=${tabId}`);
    await expect.poll(() => textOf(page, '.summary-line')).toBe('8 methods: 1 heavily superseded, 1 superseded');
    // "Show on page" reaches the tab's content script, which imports its script and shows the first AWQ.
    await page.evaluate(() => document.querySelector<HTMLButtonElement>('.method-row:first-child .show-on-page button')!.click());
    await expect.poll(() => textOf(page, '.method-row:first-child .show-on-page [aria-live]')).toBe('1 of 5');
    const shown = () =>
      paper.evaluate(() => {
        const [range] = [...(CSS.highlights.get('method-lens-shown') ?? [])] as AbstractRange[];
        if (!range) return null;
        const live = document.createRange();
        live.setStart(range.startContainer, range.startOffset);
        live.setEnd(range.endContainer, range.endOffset);
        return live.toString();
      });
    await expect.poll(shown).toBe('AWQ');

    const record = await openExtensionPage('popup.html?method=awq');
    await expect.poll(() => textOf(record, 'h1')).toBe('AWQ');
    const text = (await textOf(record, 'body'))!;
    expect(text).toContain('heavily superseded');
    expect(text).toContain('9 papers critique it · 15 beat it on benchmarks');

    const topic = await openExtensionPage(`popup.html?topic=${encodeURIComponent('LLM quantization')}`);
    await expect.poll(() => textOf(topic, 'h1')).toBe('LLM quantization');

    const search = await openExtensionPage('popup.html?view=search&q=aq');
    await expect.poll(() => search.evaluate(() => [...document.querySelectorAll('[role=option]')].map((option) => (option as HTMLElement).innerText.split('\n')[0]))).toContain('AQLM');
  });

  it('opens the full record from the card’s button: in the toolbar popup, or in a small window where the popup cannot open', async () => {
    const page = await openPage('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    const center = (await markCenter(page, 'AWQ'))!;
    await page.mouse.move(center.x, center.y);
    await waitUntil(page, () => !!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-open'), null, 10_000);
    const button = await page.evaluate(() => {
      const rect = document.querySelector('method-lens-card')!.shadowRoot!.querySelector('.ml-open')!.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    });
    await markOpenViews();
    await page.mouse.click(button.x, button.y);
    // The small window names the tab whose card asked, for its "This page"; the toolbar popup has one. Either
    // way the record says how often that page mentions AWQ.
    await expect.poll(newRecordViews, { timeout: 15_000 }).toEqual([expect.stringMatching(/^(popup \?method=awq|window \?method=awq&tab=\d+) AWQ \| 5 mentions on this page$/)]);
    console.log(`[firefox] the card's button opened: ${(await newRecordViews())[0]}`);
    // The popup took the request: none is left over for the next time the toolbar button is pressed.
    expect(await extensionPage.evaluate(() => (globalThis as any).browser.storage.session.get('pendingRecord'))).toEqual({});
  });

  it('refreshes from a snapshot URL saved in the options page, and goes back to the bundled snapshot', async () => {
    const doc = JSON.parse(await readFile(join(ROOT, 'public/snapshot/llm-quantization.json'), 'utf8')) as TopicDocument;
    // Differs from the bundled topic, so the refresh downloads it, and shows where it came from.
    doc.methods.find((method) => method.id === 'awq')!.aliases.push('Served-From-127');
    server.serveFiles((await renderSnapshotFiles({ generatedAt: '2026-07-01T00:00:00.000Z', topics: [doc] })).files, '/kb/');
    const url = server.url('/kb/index.json');

    // The snapshot host has set a cookie in this browser (a visit to it), and Firefox sends it to an
    // extension that asks with credentials: the refresh must never carry it.
    server.routes.set('/visit', { body: 'hello', headers: { 'Set-Cookie': 'ml-probe=1; Path=/' } });
    server.routes.set('/with-credentials', { body: 'ok' });
    const visit = await browser.newPage();
    await visit.goto(server.url('/visit'));
    await visit.close();
    await extensionPage.evaluate((address) => fetch(address, { credentials: 'include' }).then(() => undefined, () => undefined), server.url('/with-credentials'));
    expect(server.requests.find((request) => request.path === '/with-credentials')?.headers.cookie).toBe('ml-probe=1');
    server.requests.length = 0;

    const options = await openExtensionPage('options.html');
    await options.waitForSelector('#source-url', { timeout: 15_000 });
    // Its legend shows the marks as Firefox paints them: the stronger wash, no line.
    const samples = await options.evaluate(() => [...document.querySelectorAll<HTMLElement>('.colour-sample')].map((sample) => {
      const style = getComputedStyle(sample);
      return { textDecorationLine: style.textDecorationLine, backgroundColor: style.backgroundColor };
    }));
    expect(samples).toHaveLength(4);
    for (const sample of samples) {
      expect(sample.textDecorationLine).toBe('none');
      expect(sample.backgroundColor).toMatch(/, 0\.38\)$/);
    }
    await options.type('#source-url', url);
    await options.click('::-p-text(Use this URL)');
    await expect.poll(snapshotSource, { timeout: 30_000 }).toBe(url);
    await expect.poll(() => textOf(options, '[role=status]'), { timeout: 30_000 }).toMatch(new RegExp(`^New snapshot loaded .* · ${doc.methods.length} methods$`));
    expect(await textOf(options, '.current-source')).toContain(url);
    expect((await askBackground<{ method: { aliases: string[] } }>('getMethodRecord', { idOrName: 'awq' })).value?.method.aliases).toContain('Served-From-127');
    // Nothing but the snapshot files was asked for, and without the cookie.
    expect(new Set(server.requests.map((request) => request.path))).toEqual(new Set(['/kb/index.json', '/kb/llm-quantization.json']));
    for (const request of server.requests) expect(request.headers.cookie).toBeUndefined();

    const indexRequests = server.requestCount('/kb/index.json');
    await options.click('::-p-text(Refresh now)');
    await expect.poll(() => server.requestCount('/kb/index.json'), { timeout: 15_000 }).toBe(indexRequests + 1);
    await expect.poll(() => textOf(options, '[role=status]'), { timeout: 30_000 }).toMatch(/^Up to date \(checked .*\) · \d+ methods$/);
    for (const request of server.requests) expect(request.headers.cookie).toBeUndefined();

    await options.click('::-p-text(Use the bundled snapshot)');
    await expect.poll(snapshotSource, { timeout: 30_000 }).toBe(`${EXTENSION_ORIGIN}/snapshot/index.json`);
    expect((await askBackground<{ method: { aliases: string[] } }>('getMethodRecord', { idOrName: 'awq' })).value?.method.aliases).not.toContain('Served-From-127');
    await options.close();
  }, 120_000);

  it('forgets a tab’s report when the tab closes', async () => {
    const page = await openPage('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    const tabId = await tabIdOf('https://arxiv.org/abs/*');
    const summary = () => askBackground<{ scanned: boolean; methods: unknown[] }>('getPageSummary', { tabId }).then((reply) => reply.value);
    await expect.poll(async () => (await summary())?.methods.length, { timeout: 10_000 }).toBe(8);
    await page.close();
    await expect.poll(summary, { timeout: 10_000 }).toEqual({ tabId, url: null, scanned: false, paused: false, methods: [] });
  });
});

describe.skipIf(!runnable && !required)(`Firefox ${major}, the reader's default font size at 24 px`, () => {
  beforeAll(async () => {
    // Settings, Fonts, "Size" for Latin script: what a low-vision reader raises.
    browser = await startFirefoxSuite({ 'font.size.variable.x-western': 24 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('sizes the hover card and the popup from it, half as large again as at 16 px, whatever the page sets', async () => {
    const page = await openPage('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    // The page's own root size may be anything: the card's is the reader's.
    await page.evaluate(() => document.documentElement.style.setProperty('font-size', '62.5%'));
    expect(await cardFontSize(page)).toBe('19.5px');
    const popup = await openExtensionPage('popup.html?method=awq');
    await expect.poll(() => textOf(popup, 'h1')).toBe('AWQ');
    expect(await popup.evaluate(() => getComputedStyle(document.body).fontSize)).toBe('20.25px');
    const options = await openExtensionPage('options.html');
    expect(await options.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('24px');
  });
});

describe.skipIf(!runnable && !required)(`Firefox ${major}, its own context menu picked as a reader picks it (Marionette)`, () => {
  let firefox: Marionette;
  /** The tab of a page to select words on, and one of the extension's own pages, which sees its popup. */
  let pageTab: string;
  let extensionTab: string;

  beforeAll(async () => {
    if (!runnable) throw new Error(`REQUIRE_FIREFOX=1, but the Firefox suite ${missing}`);
    firefox = await launchMarionette(FIREFOX!, { 'extensions.webextensions.uuids': JSON.stringify({ [EXTENSION_ID]: UUID }) });
    expect(await firefox.send('Addon:Install', { path: firefoxDir(), temporary: true })).toEqual({ value: EXTENSION_ID });
    pageTab = (await firefox.send<{ value: string }>('WebDriver:GetWindowHandle')).value;
    extensionTab = (await firefox.send<{ handle: string }>('WebDriver:NewWindow', { type: 'tab' })).handle;
    await firefox.send('WebDriver:SwitchToWindow', { handle: extensionTab });
    await firefox.send('WebDriver:Navigate', { url: `${EXTENSION_ORIGIN}/options.html` });
    await firefox.send('WebDriver:SwitchToWindow', { handle: pageTab });
    const paper =
      '<p style="font-size: 32px">We compare <span id="named">AWQ’s</span> results, and the <span id="unnamed">quantization noise</span> of each.</p>' +
      '<p style="font-size: 32px"><span id="several">GPTQ and AWQ</span> both quantize weights.</p>';
    await firefox.send('WebDriver:Navigate', { url: `data:text/html;charset=utf-8,${encodeURIComponent(paper)}` });
  }, 120_000);

  afterAll(async () => {
    await firefox?.close();
  });

  /** Selects the element's words, right-clicks them and picks the menu's "Look up" item; returns the item's label. */
  async function lookUp(id: string): Promise<string> {
    await firefox.send('Marionette:SetContext', { value: 'content' });
    await firefox.send('WebDriver:SwitchToWindow', { handle: pageTab });
    await firefox.run('getSelection().selectAllChildren(document.getElementById(arguments[0]))', id);
    const words = (await firefox.send<{ value: unknown }>('WebDriver:FindElement', { using: 'css selector', value: `#${id}` })).value;
    const rightClick = [{ type: 'pointerMove', x: 0, y: 0, origin: words }, { type: 'pointerDown', button: 2 }, { type: 'pointerUp', button: 2 }];
    await firefox.send('WebDriver:PerformActions', { actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions: rightClick }] });
    await firefox.send('WebDriver:ReleaseActions');
    // The browser's own menu, in its own window: what a reader sees and picks from.
    await firefox.send('Marionette:SetContext', { value: 'chrome' });
    await expect.poll(() => firefox.run(`return document.getElementById('contentAreaContextMenu').state`), { timeout: 10_000 }).toBe('open');
    return firefox.run(`
      const menu = document.getElementById('contentAreaContextMenu');
      const item = [...menu.querySelectorAll('menuitem')].find((item) => !item.hidden && item.label.startsWith('Look up'));
      if (!item) return null;
      menu.activateItem(item);
      return item.label;
    `);
  }

  /** The extension's views open now: the toolbar popup's and any window's, as "kind search | heading | search field". */
  async function openViews(): Promise<string[]> {
    await firefox.send('Marionette:SetContext', { value: 'content' });
    await firefox.send('WebDriver:SwitchToWindow', { handle: extensionTab });
    return firefox.run(`
      const shown = (kind, views) => views.filter((view) => view.location.pathname === '/popup.html')
        .map((view) => kind + ' ' + view.location.search + ' | ' + (view.document.querySelector('h1')?.textContent ?? '') + ' | ' + (view.document.querySelector('input[role=combobox]')?.value ?? ''));
      return [...shown('popup', browser.extension.getViews({ type: 'popup' })), ...shown('window', browser.extension.getViews({ type: 'tab' }))];
    `);
  }

  async function closePopup(): Promise<void> {
    await firefox.send('Marionette:SetContext', { value: 'content' });
    await firefox.send('WebDriver:SwitchToWindow', { handle: extensionTab });
    await firefox.run(`for (const view of browser.extension.getViews({ type: 'popup' })) view.close();`);
  }

  it('“Look up” on a selection opens the toolbar popup, never a window, on the record the words name, the list of those they name, or the search for them', async () => {
    expect(await lookUp('named')).toBe('Look up “AWQ’s” in Method Lens');
    await expect.poll(openViews, { timeout: 15_000 }).toEqual(['popup ?method=awq | AWQ | ']);
    await closePopup();
    await expect.poll(openViews, { timeout: 10_000 }).toEqual([]);

    expect(await lookUp('unnamed')).toBe('Look up “quantization noise” in Method Lens');
    await expect.poll(openViews, { timeout: 15_000 }).toEqual(['popup ?view=search&q=quantization+noise | Search | quantization noise']);
    await closePopup();
    await expect.poll(openViews, { timeout: 10_000 }).toEqual([]);

    expect(await lookUp('several')).toBe('Look up “GPTQ and AWQ” in Method Lens');
    await expect.poll(openViews, { timeout: 15_000 }).toEqual(['popup ?view=selection&m=gptq%3A1%3AGPTQ%2Cawq%3A1%3AAWQ | Your selection | ']);
    // The popup took the selection: the toolbar button opens the page's view next time.
    expect(await firefox.run('return browser.storage.session.get()')).toEqual({});
    await closePopup();
  });
});

describe.skipIf(!runnable && !required)(`Firefox ${major}, a forced-colours (contrast) theme`, () => {
  beforeAll(async () => {
    // Settings, Colors, "Override the colors specified by the page with your selections above": Always,
    // with the system's contrast theme (what a Windows contrast theme gives Firefox).
    browser = await startFirefoxSuite({ 'browser.display.document_color_use': 2, 'ui.useAccessibilityTheme': 1 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('paints the marks in the system’s highlight colours, as Chromium does, rather than in the page’s own background; a mention shown in its find colours', async () => {
    const page = await openPage('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    const system = await page.evaluate(() => {
      const probe = document.body.appendChild(document.createElement('span'));
      probe.style.cssText = 'background-color: Highlight; color: HighlightText';
      const { backgroundColor, color } = getComputedStyle(probe);
      probe.remove();
      return { forced: matchMedia('(forced-colors: active)').matches, background: backgroundColor, text: color };
    });
    expect(system.forced).toBe(true);
    const mark = await page.evaluate(() => {
      const { backgroundColor, color } = getComputedStyle(document.documentElement, '::highlight(method-lens-heavily-superseded)');
      return { background: backgroundColor, text: color };
    });
    expect(mark).toEqual({ background: system.background, text: system.text });
    // A mention Show on page lit takes the system's colours of a find (Mark), not the marks' own.
    const find = await page.evaluate(() => {
      const probe = document.body.appendChild(document.createElement('span'));
      probe.style.cssText = 'background-color: Mark; color: MarkText';
      const { backgroundColor, color } = getComputedStyle(probe);
      probe.remove();
      const shown = getComputedStyle(document.documentElement, '::highlight(method-lens-shown)');
      return { system: { background: backgroundColor, text: color }, shown: { background: shown.backgroundColor, text: shown.color } };
    });
    expect(find.shown).toEqual(find.system);
    expect(find.system.background).not.toBe(system.background);
    // Painted: the forced wash was the page's own background at 38 %, and the mark could not be seen.
    const box = clipOf((await page.evaluate(firstMarkBox, 'AWQ'))!);
    const shot = (await page.screenshot({ clip: box, encoding: 'binary' })) as Uint8Array;
    const highlight = system.background.match(/\d+/g)!.slice(0, 3).map(Number) as [number, number, number];
    expect(pixelsNear(shot, highlight, 10)).toBeGreaterThan((box.width * box.height) / 3);
  });
});

describe.skipIf(!runnable && !required)(`Firefox ${major}, a private window`, () => {
  beforeAll(async () => {
    // The event page is suspended after 3 s without work rather than 30, so that a test sees it start again.
    browser = await startFirefoxSuite({ 'extensions.background.idle.timeout': 3_000 }, { privateWindows: true });
    extensionPage = await openPopupPage(browser);
    server = await startSnapshotServer();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A page of a new private window opened at `url` (an extension page, or about:blank to go on from). */
  async function privatePage(url: string): Promise<Page> {
    const before = new Set(await browser.pages());
    const incognito = await extensionPage.evaluate(async (url) => (await (globalThis as any).browser.windows.create({ incognito: true, url })).incognito, url);
    expect(incognito).toBe(true);
    let page: Page | undefined;
    await expect.poll(async () => (page = (await browser.pages()).find((candidate) => !before.has(candidate))), { timeout: 15_000 }).toBeDefined();
    return page!;
  }

  it('marks a paper and shows its card, whose button opens the record in a private window; the popup’s views read the store through the background', async () => {
    await expect.poll(async () => (await askBackground<{ totals: { methods: number } }>('getSnapshotInfo', {})).value?.totals.methods, { timeout: 30_000 }).toBeGreaterThan(20);
    const paper = await privatePage('about:blank');
    await paper.setRequestInterception(true);
    paper.on('request', (request) => {
      if (!request.url().startsWith('https://arxiv.org/abs/2406.01234')) return answer(request, { status: 404, contentType: 'text/plain', body: '' });
      answer(request, { status: 200, contentType: 'text/html; charset=utf-8', body: bodies.get('pages/arxiv-abs-quant.html')! });
    });
    await paper.goto('https://arxiv.org/abs/2406.01234', { waitUntil: 'load', timeout: 60_000 });
    await waitForScans(paper);
    expect(await markTotal(paper)).toBeGreaterThan(0);
    const center = (await markCenter(paper, 'AWQ'))!;
    await paper.mouse.move(center.x, center.y);
    await waitUntil(paper, () => !!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, 10_000);
    expect(await cardText(paper)).toContain('heavily superseded');
    const tabId = await tabIdOf('https://arxiv.org/abs/*');

    const button = await paper.evaluate(() => {
      const rect = document.querySelector('method-lens-card')!.shadowRoot!.querySelector('.ml-open')!.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    });
    await paper.mouse.click(button.x, button.y);
    // The card's button opens the record in a small private window, whose "This page" is the private tab:
    // nothing of the private window goes to a normal one. Neither the driver nor a normal window's page sees
    // into it; the browser lists it, and a private window's own page reads it.
    const recordWindow = `${EXTENSION_ORIGIN}/popup.html?method=awq&tab=${tabId}`;
    const openWindows = () =>
      extensionPage.evaluate(async () =>
        ((await (globalThis as any).browser.windows.getAll({ populate: true })) as { type: string; incognito: boolean; tabs: { url?: string }[] }[]).map(
          (window) => `${window.type} ${window.incognito ? 'private' : 'normal'} ${window.tabs.map((tab) => tab.url).join(' ')}`,
        ),
      );
    await expect.poll(openWindows, { timeout: 15_000 }).toContain(`popup private ${recordWindow}`);
    expect(await extensionPage.evaluate(() => (globalThis as any).browser.storage.session.get('pendingRecord'))).toEqual({});

    // Firefox gives an add-on's pages in a private window no IndexedDB: each view reads through the background.
    const page = await privatePage(`${EXTENSION_ORIGIN}/popup.html?tab=${tabId}`);
    await expect.poll(() => textOf(page, '.summary-line').catch(() => null), { timeout: 15_000 }).toBe('8 methods: 1 heavily superseded, 1 superseded');
    const record = await privatePage(`${EXTENSION_ORIGIN}/popup.html?method=awq`);
    await expect.poll(() => textOf(record, 'h1').catch(() => null), { timeout: 15_000 }).toBe('AWQ');
    expect(await textOf(record, 'body')).toContain('9 papers critique it · 15 beat it on benchmarks');
    const topic = await privatePage(`${EXTENSION_ORIGIN}/popup.html?topic=${encodeURIComponent('LLM quantization')}`);
    await expect.poll(() => textOf(topic, 'h1').catch(() => null), { timeout: 15_000 }).toBe('LLM quantization');
    const search = await privatePage(`${EXTENSION_ORIGIN}/popup.html?view=search&q=aq`);
    await expect
      .poll(() => search.evaluate(() => [...document.querySelectorAll('[role=option]')].map((option) => (option as HTMLElement).innerText.split('\n')[0])), { timeout: 15_000 })
      .toContain('AQLM');
    const snapshot = await privatePage(`${EXTENSION_ORIGIN}/popup.html?view=snapshot`);
    await expect.poll(() => textOf(snapshot, 'body').catch(() => null), { timeout: 15_000 }).toMatch(/\d+ methods/);
    for (const view of [page, record, topic, search, snapshot]) expect(await textOf(view, '[role=alert]')).toBeNull();
    const recordWindowTitle = () =>
      record.evaluate(
        (url) =>
          ((globalThis as any).browser.extension.getViews({ type: 'tab' }) as Window[])
            .filter((view) => view.location.href === url)
            .map((view) => `${view.document.querySelector('h1')?.textContent} | ${view.document.querySelector('.record-on-page > span')?.textContent ?? ''}`),
        recordWindow,
      );
    // It says how often the private tab mentions AWQ, read through the background too.
    await expect.poll(recordWindowTitle, { timeout: 15_000 }).toEqual(['AWQ | 5 mentions on this page']);
  }, 120_000);

  it('shows the options page in a private window: the source in use, and a method muted by its name, read through the background', async () => {
    const options = await privatePage(`${EXTENSION_ORIGIN}/options.html`);
    await expect.poll(() => textOf(options, '.current-source').catch(() => null), { timeout: 15_000 }).toBe('In use: the snapshot bundled with the extension');
    await options.type('#mute-input', 'AW');
    await expect
      .poll(() => options.evaluate(() => [...document.querySelectorAll('[role=option]')].map((option) => (option as HTMLElement).innerText.split('\n')[0])), { timeout: 15_000 })
      .toContain('AWQ');
    await options.click('::-p-text(AWQ)');
    await expect.poll(() => textOf(options, '.muted-list').catch(() => null), { timeout: 15_000 }).toContain('AWQ');
    expect(await textOf(options, '.muted-list')).not.toContain('not in the current snapshot');
    expect(await textOf(options, '[role=alert]')).toBeNull();
    await options.click('::-p-aria(Unmute AWQ)');
    await expect.poll(() => textOf(options, '.none'), { timeout: 15_000 }).toBe('No method is muted.');
  }, 120_000);

  it('keeps a private window’s record live: a refresh shows in it, though the event page that read it was suspended meanwhile', async () => {
    const record = await privatePage(`${EXTENSION_ORIGIN}/popup.html?method=awq`);
    await expect.poll(() => textOf(record, 'h1').catch(() => null), { timeout: 15_000 }).toBe('AWQ');
    expect(await textOf(record, 'body')).not.toContain('Served-From-127');
    // Nothing asks the event page for a while: Firefox suspends it, closing the record's port to it.
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(await textOf(record, 'h1')).toBe('AWQ');
    expect(await textOf(record, '[role=alert]')).toBeNull();
    // A view opened meanwhile starts the suspended event page with its first read.
    const topic = await privatePage(`${EXTENSION_ORIGIN}/popup.html?topic=${encodeURIComponent('LLM quantization')}`);
    await expect.poll(() => textOf(topic, 'h1').catch(() => null), { timeout: 15_000 }).toBe('LLM quantization');
    expect(await textOf(topic, '[role=alert]')).toBeNull();

    // A normal window's page has the background refresh from a snapshot URL where AWQ has another alias.
    const doc = JSON.parse(await readFile(join(ROOT, 'public/snapshot/llm-quantization.json'), 'utf8')) as TopicDocument;
    doc.methods.find((method) => method.id === 'awq')!.aliases.push('Served-From-127');
    server.serveFiles((await renderSnapshotFiles({ generatedAt: '2026-07-01T00:00:00.000Z', topics: [doc] })).files, '/kb/');
    const url = server.url('/kb/index.json');
    expect((await askBackground('setSnapshotSource', { source: { kind: 'url', url } })).ok).toBe(true);
    await expect.poll(snapshotSource, { timeout: 30_000 }).toBe(url);
    await expect.poll(() => textOf(record, 'body'), { timeout: 15_000 }).toContain('Served-From-127');
    expect(await textOf(record, '[role=alert]')).toBeNull();

    // Back to the bundled snapshot, which the suite's other tests read in whatever order they run.
    expect((await askBackground('setSnapshotSource', { source: { kind: 'bundled' } })).ok).toBe(true);
    await expect.poll(snapshotSource, { timeout: 30_000 }).toBe(`${EXTENSION_ORIGIN}/snapshot/index.json`);
    await expect.poll(() => textOf(record, 'body'), { timeout: 15_000 }).not.toContain('Served-From-127');
  }, 120_000);
});

describe.skipIf(!runnable && !required)(`Firefox ${major}, set to never remember history`, () => {
  beforeAll(async () => {
    // Settings, Privacy & Security, History: "Firefox will Never remember history". Every window is
    // private, the extension's event page too, and Firefox refuses it IndexedDB. Its event page is
    // suspended after 3 s without work rather than 30, so that the test sees it start again.
    browser = await startFirefoxSuite({ 'browser.privatebrowsing.autostart': true, 'extensions.background.idle.timeout': 3_000 }, { privateWindows: true });
    extensionPage = await openPopupPage(browser);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('marks a paper and shows its card and the popup’s views, from a snapshot held in memory; again once the event page was suspended and started again', async () => {
    const page = await openPage('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    expect((await marksByHighlight(page))['method-lens-heavily-superseded']).toEqual(Array(5).fill('AWQ'));
    const center = (await markCenter(page, 'AWQ'))!;
    await page.mouse.move(center.x, center.y);
    await waitUntil(page, () => !!document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'), null, 10_000);
    expect(await cardText(page)).toContain('9 papers critique it · 15 beat it on benchmarks');
    const tabId = await tabIdOf('https://arxiv.org/abs/*');
    const summary = await openExtensionPage(`popup.html?tab=${tabId}`);
    await expect.poll(() => textOf(summary, '.summary-line'), { timeout: 15_000 }).toBe('8 methods: 1 heavily superseded, 1 superseded');
    await summary.close();
    await page.close();
    const record = await openExtensionPage('popup.html?method=awq');
    await expect.poll(() => textOf(record, 'h1'), { timeout: 15_000 }).toBe('AWQ');
    expect(await textOf(record, 'body')).toContain('9 papers critique it · 15 beat it on benchmarks');
    const snapshotKey = () => askBackground<{ snapshotKey: string | null }>('getSnapshotInfo', {}).then((reply) => reply.value?.snapshotKey);
    const filledFirst = await snapshotKey();
    expect(filledFirst).toEqual(expect.any(String));

    // Nothing asks the event page for a while: Firefox suspends it, and the store it held in memory goes
    // with it. The next paper starts it again, and it fills a store anew (another snapshot key).
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    const next = await openPage('https://ar5iv.labs.arxiv.org/html/2307.01234');
    await waitForScans(next);
    expect(await markTotal(next)).toBe(36);
    expect(await snapshotKey()).not.toBe(filledFirst);
    // The record left open shows what it read, with no error, across the event page's stop and start (its
    // new store holds the same record: that it reads again is the private-window suite's live-record test).
    expect(await textOf(record, 'h1')).toBe('AWQ');
    expect(await textOf(record, '[role=alert]')).toBeNull();
  }, 120_000);
});
