/**
 * Pictures for the README: the hover card on the abstract fixture and every popup view (plus the
 * options page), in light and dark, written to docs/. Builds the extension into a folder of its own,
 * `.output/screenshots-chrome-mv3` (so a build into `.output/chrome-mv3` meanwhile changes nothing), and
 * runs it in Debian's Chromium with the bundled snapshot.
 * Run: npm run screenshots
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '../tests/helpers/browser';
import { readCommandLine } from './command-line';

readCommandLine('screenshots', 'usage: npm run screenshots', {});

// WXT, the browser driver and the suites' helpers, once the command line is read: `--help` loads none of them.
const { build } = await import('wxt');
const { REPO_ROOT, blockRealSites, launchWithExtension, routeFixture, routeFixtureInDarkMode } = await import('../tests/helpers/browser');
const { markCenter, waitForScans } = await import('../tests/e2e/page-helpers');

const DOCS = join(REPO_ROOT, 'docs');
const SCHEMES = ['light', 'dark'] as const;
type Scheme = (typeof SCHEMES)[number];
const POPUP_VIEWPORT = { width: 400, height: 600 };

interface Shot {
  name: string;
  /** Query string of popup.html; `{tab}` stands for the abstract fixture's tab id, `{pdfTab}` and `{scannedPdfTab}` for two PDFs'. */
  search: string;
  /** Whole view, not just the popup's first screen. */
  full?: boolean;
  prepare?: (page: Page) => Promise<void>;
}

const SHOTS: Shot[] = [
  { name: 'popup-page', search: '?tab={tab}' },
  // The popup's own tab is active here: a page Method Lens does not read.
  { name: 'popup-page-empty', search: '?view=page' },
  { name: 'popup-search', search: '?view=search&q=a', prepare: (page) => page.keyboard.press('ArrowDown') },
  // The record window a card opens for its tab: it says how often the abstract mentions AWQ.
  { name: 'popup-method-awq', search: '?method=awq&tab={tab}', prepare: (page) => page.locator('.record-on-page').waitFor() },
  { name: 'popup-method-awq-full', search: '?method=awq&tab={tab}', full: true, prepare: (page) => page.locator('.record-on-page').waitFor() },
  { name: 'popup-method-aqlm', search: '?method=aqlm' },
  { name: 'popup-method-gptq', search: '?method=gptq' },
  { name: 'popup-method-missing', search: '?method=GPTQv9' },
  { name: 'popup-topic', search: '?topic=LLM quantization' },
  { name: 'popup-topic-full', search: '?topic=LLM quantization', full: true },
  { name: 'popup-snapshot', search: '?view=snapshot' },
  // What "Look up" on "… GPTQ and AWQ, unlike GPTQ, and SmoothQuant …" opens: the sentence's methods.
  { name: 'popup-selection', search: '?view=selection&m=gptq:2:GPTQ,awq:1:AWQ,grouped-lattice-vector-quantization:1:GLVQ' },
  { name: 'popup-pdf', search: '?tab={pdfTab}' },
  {
    name: 'popup-pdf-scanned',
    // Another version of the paper: what is read is kept for it, and `{pdfTab}` is pictured before scanning.
    search: '?tab={scannedPdfTab}',
    prepare: async (page) => {
      // Read in the first scheme's picture, the paper's methods are kept for the next.
      const offer = page.getByRole('button', { name: 'Scan the HTML version' });
      if (await offer.count()) await offer.click();
      await page.getByRole('list', { name: 'Methods in this paper' }).waitFor();
    },
  },
];

async function main() {
  await mkdir(DOCS, { recursive: true });
  // Under .output, WXT's own output folder: one elsewhere (a temporary folder) made WXT rewrite
  // .wxt/tsconfig.json to exclude it instead of .output, until the next build.
  const extensionDir = join(REPO_ROOT, '.output', 'screenshots-chrome-mv3');
  await build({ browser: 'chrome', outDir: join(REPO_ROOT, '.output'), outDirTemplate: 'screenshots-{{browser}}-mv{{manifestVersion}}' });
  const browser = await launchWithExtension(extensionDir);
  try {
    await blockRealSites(browser.context);
    await routeFixture(browser.context, 'https://arxiv.org/abs/2406.01234*', 'arxiv-abs-quant.html');
    // Headless Chromium downloads real PDFs; any page at the PDF's address stands for the viewer.
    await browser.context.route('https://arxiv.org/pdf/2406.01234*', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>2406.01234.pdf</title><embed type="application/pdf">' }),
    );
    await routeFixture(browser.context, 'https://arxiv.org/html/2406.01234*', 'arxiv-html-short.html');
    // The card takes the page's theme: its dark picture is taken on an HTML paper in arXiv's dark mode.
    await routeFixtureInDarkMode(browser.context, 'https://arxiv.org/html/2406.05679*', 'arxiv-html-short.html');
    const extensionPage = await browser.context.newPage();
    await extensionPage.goto(`chrome-extension://${browser.extensionId}/popup.html?view=snapshot`);
    await waitForBundledSnapshot(extensionPage);

    const paper = await browser.context.newPage();
    await paper.goto('https://arxiv.org/abs/2406.01234');
    await waitForScans(paper);
    const pdf = await browser.context.newPage();
    await pdf.goto('https://arxiv.org/pdf/2406.01234');
    const tab = await tabIdOf(extensionPage, 'https://arxiv.org/abs/*');
    const pdfTab = await tabIdOf(extensionPage, 'https://arxiv.org/pdf/2406.01234');
    const scannedPdf = await browser.context.newPage();
    await scannedPdf.goto('https://arxiv.org/pdf/2406.01234v2');
    const scannedPdfTab = await tabIdOf(extensionPage, 'https://arxiv.org/pdf/2406.01234v2');

    const darkPaper = await browser.context.newPage();
    await darkPaper.goto('https://arxiv.org/html/2406.05679');
    await waitForScans(darkPaper);

    for (const scheme of SCHEMES) {
      await hoverCard(scheme === 'dark' ? darkPaper : paper, scheme);
      for (const shot of SHOTS) {
        await popupShot(browser, shot, scheme, { tab, pdfTab, scannedPdfTab });
      }
      await optionsShot(browser, scheme);
    }
    // Last, as it changes the source: a refresh that fails, shown beside the last one that worked.
    await failRefresh(extensionPage);
    for (const scheme of SCHEMES) await popupShot(browser, { name: 'popup-snapshot-error', search: '?view=snapshot' }, scheme, { tab, pdfTab, scannedPdfTab });
  } finally {
    await browser.close();
    await rm(extensionDir, { recursive: true, force: true });
  }
}

async function waitForBundledSnapshot(page: Page) {
  await page.waitForFunction(async () => {
    const reply = await chrome.runtime.sendMessage({ direction: 'page→background', type: 'getSnapshotInfo', payload: {} });
    return reply?.ok && reply.value.totals.methods > 0 && reply.value.progress === null;
  }, null, { timeout: 60_000, polling: 200 });
}

/** Points the source at a closed port on this machine and waits for the refresh's error to be recorded. */
async function failRefresh(page: Page) {
  await page.evaluate(() =>
    chrome.runtime.sendMessage({ direction: 'page→background', type: 'setSnapshotSource', payload: { source: { kind: 'url', url: 'http://127.0.0.1:9/snapshot/index.json' } } }),
  );
  await page.waitForFunction(async () => {
    const reply = await chrome.runtime.sendMessage({ direction: 'page→background', type: 'getSnapshotInfo', payload: {} });
    return reply?.ok && reply.value.lastError !== null && reply.value.progress === null;
  }, null, { timeout: 60_000, polling: 200 });
}

function tabIdOf(page: Page, url: string): Promise<number> {
  return page.evaluate(async (pattern) => {
    const [tab] = await chrome.tabs.query({ url: pattern });
    if (tab?.id === undefined) throw new Error(`no tab at ${pattern}`);
    return tab.id;
  }, url);
}

async function hoverCard(page: Page, scheme: Scheme) {
  await page.emulateMedia({ colorScheme: scheme });
  await page.setViewportSize({ width: 1000, height: 700 });
  await page.mouse.move(1, 1);
  await page.waitForFunction(() => !document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'));
  const center = await markCenter(page, 'AWQ');
  if (!center) throw new Error('no AWQ mark on the page');
  await page.mouse.move(center.x, center.y);
  await page.waitForFunction(() => document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card'));
  await page.waitForTimeout(150);
  await save(page, `hover-card-${scheme}`);
}

async function popupShot(browser: ExtensionBrowser, shot: Shot, scheme: Scheme, tabs: { tab: number; pdfTab: number; scannedPdfTab: number }) {
  const page = await browser.context.newPage();
  await page.setViewportSize(POPUP_VIEWPORT);
  await page.emulateMedia({ colorScheme: scheme });
  const search = shot.search.replace('{tab}', String(tabs.tab)).replace('{pdfTab}', String(tabs.pdfTab)).replace('{scannedPdfTab}', String(tabs.scannedPdfTab));
  await page.goto(`chrome-extension://${browser.extensionId}/popup.html${search}`);
  await page.waitForFunction(() => performance.getEntriesByName('method-lens:view-ready').length > 0 || document.querySelector('h1'));
  await page.waitForSelector('.state-loading', { state: 'detached' }).catch(() => undefined);
  await shot.prepare?.(page);
  await page.waitForTimeout(150);
  if (shot.full) {
    // Let the document grow to the whole view, as if the popup were as tall as its content.
    await page.addStyleTag({ content: 'body { height: auto !important; overflow: visible !important; } .content { overflow: visible !important; }' });
  }
  await save(page, `${shot.name}-${scheme}`, shot.full);
  await page.close();
}

async function optionsShot(browser: ExtensionBrowser, scheme: Scheme) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 760, height: 900 });
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.getByLabel('Snapshot URL').waitFor();
  await page.getByLabel('Snapshot URL').fill('http://example.org/index.json');
  // Leaving the field shows its error (typing alone waits for a pause).
  await page.getByLabel('Snapshot URL').blur();
  await page.locator('#source-url-error').waitFor();
  await page.waitForTimeout(150);
  await save(page, `options-${scheme}`, true);
  await page.close();
}

async function save(page: Page, name: string, fullPage = false) {
  const path = join(DOCS, `${name}.png`);
  await page.screenshot({ path, fullPage, animations: 'disabled' });
  console.log(`wrote docs/${name}.png`);
}

await main();
