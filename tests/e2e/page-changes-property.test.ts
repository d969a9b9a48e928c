/**
 * The page session's differential property (`./page-changes.ts`) in Chromium with the built extension,
 * on pages served at arXiv's and Semantic Scholar's addresses.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import fc from 'fast-check';
import type { Page } from 'playwright-core';
import { blockRealSites, launchWithExtension, type ExtensionBrowser } from '../helpers/browser';
import { bundledNames, closePagesEachTestOpens, waitForScans } from './page-helpers';
import { fuzzRuns, pageChangesOptions, pageChangesProperty, pageChangesTimeLimit, type PageDriver } from './page-changes';

const RUNS = fuzzRuns(24);
const S2_RUNS = fuzzRuns(16);

let browser: ExtensionBrowser;
let names: Set<string>;

beforeAll(async () => {
  browser = await launchWithExtension();
  await blockRealSites(browser.context);
  names = await bundledNames();
});

closePagesEachTestOpens(() => browser.context);

afterAll(async () => {
  await browser?.close();
});

const chromium: PageDriver<Page> = {
  async open(url, html) {
    // A predicate, not a glob: a search's address holds a `?`.
    await browser.context.route((address) => address.href === url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await page.goto(url);
    return { page, errors };
  },
  waitForScan: (page) => waitForScans(page),
  // Playwright types its argument as what reaches the page (`Unboxed`), which a generic one cannot be shown to be.
  evaluate: (page, fn, arg) => page.evaluate(fn as (arg: unknown) => never, arg),
  close: (page) => page.close(),
};

describe('a page changed by its own script, in Chromium', () => {
  it('ends with the marks a fresh load of the final page gets, and never shows a mark on text that is no name: arXiv', async () => {
    await fc.assert(pageChangesProperty(chromium, names, 'arxiv'), pageChangesOptions(RUNS));
  }, pageChangesTimeLimit(RUNS) + 60_000);

  it('the same on Semantic Scholar, whose app also goes to other papers and searches without a page load', async () => {
    await fc.assert(pageChangesProperty(chromium, names, 'semanticScholar'), pageChangesOptions(S2_RUNS));
  }, pageChangesTimeLimit(S2_RUNS) + 60_000);
});
