/**
 * How soon the hover card shows once the pointer comes to rest on a name: the built extension in
 * Debian's Chromium on the arXiv abstract fixture, each round a fresh tab. Timed in the page, from the
 * pointer's arrival on the mark (the `pointermove` event's time) to the first frame in which the card
 * shows the method's name, for three hovers:
 * - the page's first hover, the background running (it has just answered for the page's dictionary):
 *   the card's script loads and the record is asked for;
 * - the page's first hover after the browser stopped the background (as it does after 30 s idle): the
 *   background starts again too;
 * - a later hover of another method on the same page (the card's script loaded, the background
 *   running): the baseline, what showing a card costs once nothing has to load.
 * Every card waits for the pointer's rest (200 ms); the ratios say how much longer than the baseline the
 * reader waits for the first card.
 * Then what an open card costs the page while nothing moves: the renderer's main-thread task time and
 * script time per second (the DevTools protocol's `Performance.getMetrics`) with the later card open and
 * the pointer resting on its mark, against the same tab with no card open (the baseline, in each round).
 * Prints numbers; asserts no timings.
 * Run: npm run bench:card [-- --rounds 8 --builds /tmp/before,.output/chrome-mv3 --build]
 */
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { BenchFailure, EXTENSION_DIR, REPO_ROOT, ensureExtensionBuilt, log, median, ms, percentile, ratio, runBenchmark, table } from './bench/common';
import type { BenchBrowser } from './bench/extension';
import { readCommandLine } from './command-line';

const PAPER_URL = 'https://arxiv.org/abs/2306.00978';
const FIRST_NAME = 'AWQ';
const LATER_NAME = 'GPTQ';

const args = readCommandLine('bench:card', 'usage: npm run bench:card [-- --rounds 8 --builds <folder>,<folder>… --build]', {
  rounds: { type: 'string', default: '8' },
  /** Builds to compare, each in its own browser; by default the current build. */
  builds: { type: 'string' },
  /** Read by ensureExtensionBuilt: build even when the build is current. */
  build: { type: 'boolean', default: false },
});

// The browser driver and the suites' helpers, once the command line is read: `--help` loads neither.
const { blockRealSites, routeFixture } = await import('../tests/helpers/browser');
const { markCenter, waitForScans } = await import('../tests/e2e/page-helpers');
const { launchWithBundledSnapshot } = await import('./bench/extension');

type Hover = 'first' | 'first, background stopped' | 'later (baseline)';
/** How long each state of the tab is watched for its cost at rest. */
const AT_REST_MS = 2_000;
const HOVERS: Hover[] = ['first', 'first, background stopped', 'later (baseline)'];

await runBenchmark('bench:card', async () => {
  const rounds = Number(args.rounds);
  if (!Number.isInteger(rounds) || rounds < 1) throw new BenchFailure('--rounds needs a positive whole number');
  const builds = args.builds ? args.builds.split(',').map((dir) => resolve(REPO_ROOT, dir)) : [EXTENSION_DIR];
  if (!args.builds) await ensureExtensionBuilt();

  const rows: string[][] = [];
  const restRows: string[][] = [];
  for (const build of builds) {
    const { bench } = await launchWithBundledSnapshot(build);
    await blockRealSites(bench.context);
    await routeFixture(bench.context, `${PAPER_URL}*`, 'arxiv-abs-quant.html');
    const times: Record<Hover, number[]> = { first: [], 'first, background stopped': [], 'later (baseline)': [] };
    const atRest = {
      open: { task: [] as number[], script: [] as number[] },
      none: { task: [] as number[], script: [] as number[] },
      tall: { task: [] as number[], script: [] as number[] },
    };
    for (let round = 1; round <= rounds; round++) {
      log(`${build}: round ${round}/${rounds}`);
      const running = await openPaper(bench);
      times.first.push(await timeCard(running, FIRST_NAME));
      await running.mouse.move(1, 1);
      // Past the card's grace for leaving: the next rest is on a page with no card open.
      await running.waitForTimeout(800);
      times['later (baseline)'].push(await timeCard(running, LATER_NAME));
      const open = await costAtRest(running);
      await running.mouse.move(1, 1);
      await running.waitForTimeout(800);
      const none = await costAtRest(running);
      // The same card again, its mark's element now taller than the window (a long paragraph, scrolled part way).
      await makeMarksElementTall(running, LATER_NAME);
      await timeCard(running, LATER_NAME);
      const tall = await costAtRest(running);
      for (const [state, cost] of [['open', open], ['none', none], ['tall', tall]] as const) {
        atRest[state].task.push(cost.task);
        atRest[state].script.push(cost.script);
      }
      await running.close();

      const stopped = await openPaper(bench);
      await stopBackground(bench);
      times['first, background stopped'].push(await timeCard(stopped, FIRST_NAME));
      await stopped.close();
    }
    await bench.close();
    const baseline = median(times['later (baseline)']);
    for (const hover of HOVERS) {
      const values = times[hover];
      rows.push([build, hover, ms(median(values), 0), `${ms(percentile(values, 25), 0)}–${ms(percentile(values, 75), 0)}`, ms(median(values) - 200, 0), ratio(median(values) / baseline)]);
    }
    for (const [state, label] of [['open', 'a card open'], ['tall', 'a card open, its mark in a paragraph taller than the window'], ['none', 'no card (baseline)']] as const) {
      const { task, script } = atRest[state];
      restRows.push([build, label, ms(median(task), 2), `${ms(percentile(task, 25), 2)}–${ms(percentile(task, 75), 2)}`, ms(median(script), 2), ratio(median(task) / median(atRest.none.task))]);
    }
  }

  console.log(`\nFrom the pointer's arrival on a mark to the card on screen, arXiv abstract fixture, ${rounds} rounds (a fresh tab each)`);
  console.log(table(['build', 'hover', 'median', 'q25–q75', 'past the 200 ms rest', 'vs a later hover'], rows));
  console.log('   "first": the page\'s first card (its script loads, its record is asked for); "background stopped": the same after the');
  console.log('   browser stopped the service worker; "later": another method\'s card on the same page, nothing left to load (the baseline).');
  console.log(`\nWhat the tab's renderer works per second while nothing moves, over ${AT_REST_MS / 1000} s, ${rounds} rounds: the later card open, the pointer on its mark; no card; the card open again, its mark's element made taller than the window`);
  console.log(table(['build', 'tab', 'task time a second', 'q25–q75', 'script a second', 'vs no card'], restRows));
  console.log('   Task time: all the main thread\'s tasks (frames included); script: JavaScript of every world, ours and the page\'s.');
});

/** The tab's main-thread task time and script time, in ms per second, over AT_REST_MS with nothing happening. */
async function costAtRest(page: Page): Promise<{ task: number; script: number }> {
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('Performance.enable');
  const read = async () => {
    const { metrics } = (await devtools.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const value = (name: string) => metrics.find((metric) => metric.name === name)?.value ?? 0;
    return { task: value('TaskDuration'), script: value('ScriptDuration') };
  };
  const before = await read();
  await page.waitForTimeout(AT_REST_MS);
  const after = await read();
  await devtools.detach();
  // The metrics are in seconds: ms of work per second watched.
  const perSecond = (seconds: number) => (seconds * 1000) / (AT_REST_MS / 1000);
  return { task: perSecond(after.task - before.task), script: perSecond(after.script - before.script) };
}

/** Pads the element holding the first mark reading `name` until it is taller than the window, and lets the page settle. */
async function makeMarksElementTall(page: Page, name: string): Promise<void> {
  await page.mouse.move(1, 1);
  await page.waitForTimeout(800);
  const center = await markCenter(page, name);
  if (!center) throw new BenchFailure(`no mark reads ${name}`);
  const padded = await page.evaluate(({ x, y }) => {
    const element = document.caretPositionFromPoint(x, y)!.offsetNode.parentElement!;
    element.style.padding = `${innerHeight}px 0`;
    return element.getBoundingClientRect().height > innerHeight;
  }, center);
  if (!padded) throw new BenchFailure(`could not make the element of the mark reading ${name} taller than the window`);
  // A style change on the abstract is read again (arXiv's adapter): the marks are drawn anew before the hover.
  await page.waitForTimeout(500);
}

/** A fresh tab on the abstract fixture, scanned, with nothing else going on. */
async function openPaper(bench: BenchBrowser): Promise<Page> {
  const page = await bench.context.newPage();
  await page.goto(PAPER_URL);
  await waitForScans(page);
  await page.waitForTimeout(300);
  return page;
}

/** Stops the extension's service worker, as the browser does when it has been idle. */
async function stopBackground(bench: BenchBrowser): Promise<void> {
  const devtools = await bench.context.newCDPSession(bench.page);
  await devtools.send('ServiceWorker.enable');
  await devtools.send('ServiceWorker.stopAllWorkers');
  await devtools.detach();
  await bench.page.waitForTimeout(300);
}

/** Moves the pointer onto the first mark reading `name`; ms from the pointer's arrival to the card showing it. */
async function timeCard(page: Page, name: string): Promise<number> {
  const center = await markCenter(page, name);
  if (!center) throw new BenchFailure(`no mark reads ${name}`);
  await page.evaluate((name) => {
    const timing = ((window as unknown as { cardTiming: { arrived: number; shown: number } }).cardTiming = { arrived: 0, shown: 0 });
    addEventListener('pointermove', (event) => (timing.arrived ||= event.timeStamp), { capture: true, once: true });
    const watch = () => {
      const shownName = document.querySelector('method-lens-card')?.shadowRoot?.querySelector('.ml-card-name')?.textContent;
      if (shownName?.includes(name)) timing.shown = performance.now();
      else requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  }, name);
  await page.mouse.move(center.x, center.y);
  await page.waitForFunction(() => (window as unknown as { cardTiming: { shown: number } }).cardTiming.shown > 0, null, { timeout: 15_000 });
  const { arrived, shown } = await page.evaluate(() => (window as unknown as { cardTiming: { arrived: number; shown: number } }).cardTiming);
  return shown - arrived;
}
