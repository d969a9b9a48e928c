/**
 * Launches Debian's Chromium with the built extension loaded (playwright-core, never a downloaded
 * browser) and serves committed fixtures at real arXiv / Semantic Scholar URLs.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = join(REPO_ROOT, '.output/chrome-mv3');
export const PAGES_DIR = join(REPO_ROOT, 'tests/fixtures/pages');

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  serviceWorker: Worker;
  close(): Promise<void>;
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Chromium's switches for a test run with the extension at `extensionDir` loaded. */
export function chromiumArgs(extensionDir: string): string[] {
  return [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ];
}

export interface LaunchOptions {
  /**
   * Without the two defaults Playwright adds to headless Chromium that a reader's browser does not
   * have: hidden scrollbars (Linux and Windows have classic ones) and no back-forward cache.
   */
  asReadersHaveIt?: boolean;
  /**
   * The profile's default font size in CSS pixels, as a reader sets it in chrome://settings/fonts
   * ("Font size"); Chromium's own is 16. Written into the profile's preferences before launch.
   */
  defaultFontSize?: number;
  /** Chromium features to turn on (`--enable-features`), as a reader's Chrome has them by its field trials. */
  features?: string[];
}

export async function launchWithExtension(extensionDir = EXTENSION_DIR, { asReadersHaveIt = false, defaultFontSize, features = [] }: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const profileDir = await mkdtemp(join(tmpdir(), 'method-lens-profile-'));
  if (defaultFontSize !== undefined) {
    await mkdir(join(profileDir, 'Default'));
    await writeFile(join(profileDir, 'Default', 'Preferences'), JSON.stringify({ webkit: { webprefs: { default_font_size: defaultFontSize } } }));
  }
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: chromiumPath(),
    headless: true,
    ignoreDefaultArgs: asReadersHaveIt ? ['--hide-scrollbars', '--disable-back-forward-cache'] : undefined,
    args: [...chromiumArgs(extensionDir), ...(features.length ? [`--enable-features=${features.join(',')}`] : [])],
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(serviceWorker.url()).host;
  return {
    context,
    extensionId,
    serviceWorker,
    async close() {
      await context.close();
      // Chromium's helper processes may still be writing to the profile a moment after the browser exits.
      await rm(profileDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    },
  };
}

/** Serves `tests/fixtures/pages/<file>` for every request matching `urlPattern`. */
export async function routeFixture(context: BrowserContext, urlPattern: string, file: string) {
  const body = await readFile(join(PAGES_DIR, file));
  await context.route(urlPattern, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }),
  );
}

/**
 * Serves `tests/fixtures/pages/<file>` (a LaTeXML paper) in arXiv's dark mode, as the theme switch of
 * arXiv's HTML papers leaves it: `data-theme="dark"` on the root, and the page's dark colours from it.
 */
export async function routeFixtureInDarkMode(context: BrowserContext, urlPattern: string, file: string) {
  const body = (await readFile(join(PAGES_DIR, file), 'utf8'))
    .replace('<html lang="en">', '<html lang="en" data-theme="dark">')
    .replace('</head>', '<style>html[data-theme="dark"] body { background-color: #0d1117; color: #c9d1d9; }</style></head>');
  await context.route(urlPattern, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body }));
}

/** Answers every other request to the real sites with 404 so nothing leaves the machine. */
export async function blockRealSites(context: BrowserContext) {
  // cdn.jsdelivr.net: ar5iv's stylesheets, arXiv's scripts; code.jquery.com: arXiv's abstract pages load jQuery.
  const hosts = ['https://arxiv.org/**', 'https://*.arxiv.org/**', 'https://www.semanticscholar.org/**', 'https://*.semanticscholar.org/**', 'https://cdn.jsdelivr.net/**', 'https://code.jquery.com/**'];
  for (const pattern of hosts) {
    await context.route(pattern, (route) => route.fulfill({ status: 404, body: '' }));
  }
}

type SnapshotSourceValue = { kind: 'bundled' } | { kind: 'url'; url: string };

/** Chooses the snapshot source as the options page does: the background saves it and refreshes from it. */
export async function chooseSnapshotSource(extensionPage: Page, source: SnapshotSourceValue): Promise<void> {
  const reply = await extensionPage.evaluate(
    (chosen) => chrome.runtime.sendMessage({ direction: 'page→background', type: 'setSnapshotSource', payload: { source: chosen } }),
    source,
  );
  if (!reply?.ok) throw new Error(`setSnapshotSource was refused: ${reply?.error}`);
}

/** The snapshot source as the extension's store holds it (null before any was chosen), read from one of its pages. */
export function storedSnapshotSource(extensionPage: Page): Promise<SnapshotSourceValue | null> {
  return extensionPage.evaluate(
    () =>
      new Promise<SnapshotSourceValue | null>((resolve, reject) => {
        // No version: the store as the extension made it, never upgraded from here.
        const opening = indexedDB.open('method-lens');
        opening.onerror = () => reject(opening.error);
        opening.onsuccess = () => {
          const db = opening.result;
          const reading = db.transaction('meta').objectStore('meta').get('source');
          reading.onerror = () => reject(reading.error);
          reading.onsuccess = () => {
            resolve((reading.result?.value as SnapshotSourceValue | undefined) ?? null);
            db.close();
          };
        };
      }),
  );
}
