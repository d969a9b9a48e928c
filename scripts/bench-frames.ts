/**
 * What the marks cost the page's own frames: on the long LaTeXML paper, the page changes something
 * outside the paper and lets a frame render, again and again, with our marks on it (its `/html/`
 * address) and without the content script (the same page at its `/pdf/` address, where the extension
 * does not run). Two kinds of change: a class toggled on one of 20 links (a table of contents following
 * the scroll; no node changes) and an element of 300 spans replaced (an ad re-rendered). Prints each
 * one's median frame and its ratio to the page without marks, measured in the same run, rounds
 * alternating; and the same with the marks' underline overridden by a page style (the wash kept), which
 * shows where the time goes (docs/speed.md, "Open").
 *
 * Run: npm run bench:frames [-- --rounds 3 --frames 150]
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readCommandLine } from './command-line';
import type { Page } from 'playwright-core';
import { BenchFailure, PAPER, PAPER_FIXTURE, REPO_ROOT, count, ensureExtensionBuilt, log, median, ms, percentile, ratio, runBenchmark, table } from './bench/common';
import { SCAN_MEASURE } from '../lib/content/measures';
import { HIGHLIGHT_NAMES } from '../lib/snapshot/status';

const MARKED_URL = `https://arxiv.org/html/${PAPER}`;
const UNMARKED_URL = `https://arxiv.org/pdf/${PAPER}`;

type Variant = 'no content script' | 'with marks' | 'marks, no underline';
const VARIANTS: readonly Variant[] = ['no content script', 'with marks', 'marks, no underline'];
/** A page style that takes the underline off every status's marks, the wash left as it is. */
const NO_UNDERLINE = `${Object.values(HIGHLIGHT_NAMES).map((name) => `::highlight(${name})`).join(', ')} { text-decoration: none !important; }`;

const args = readCommandLine('bench:frames', 'usage: npm run bench:frames [-- --rounds 3 --frames 150 --build]', {
  rounds: { type: 'string', default: '3' },
  frames: { type: 'string', default: '150' },
  /** Read by ensureExtensionBuilt: build even when the build is current. */
  build: { type: 'boolean', default: false },
});

// The browser driver, once the command line is read: `--help` does not load it.
const { launchWithBundledSnapshot, waitForMeasure } = await import('./bench/extension');

type Change = 'class toggled' | '300 spans replaced';
const CHANGES: readonly Change[] = ['class toggled', '300 spans replaced'];

/** The frames of one run of `change`, each from the change to the frame after it. */
async function frameTimes(page: Page, change: Change, frames: number): Promise<number[]> {
  return page.evaluate(
    async ({ change, frames }) => {
      const outside = document.createElement('div');
      document.body.prepend(outside);
      const links = Array.from({ length: 20 }, (_, i) => outside.appendChild(Object.assign(document.createElement('a'), { textContent: `Section ${i}` })));
      const ad = outside.appendChild(document.createElement('div'));
      const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
      await nextFrame();
      const times: number[] = [];
      for (let i = 0; i < frames; i++) {
        if (change === 'class toggled') {
          links[i % 20]!.classList.add('current');
          links[(i + 19) % 20]!.classList.remove('current');
        } else {
          ad.replaceChildren(...Array.from({ length: 300 }, (_, j) => Object.assign(document.createElement('span'), { textContent: `ad ${i} ${j} ` })));
        }
        const started = performance.now();
        await nextFrame();
        times.push(performance.now() - started);
      }
      outside.remove();
      return times;
    },
    { change, frames },
  );
}

/** How many marks the page shows. */
function markCount(page: Page): Promise<number> {
  return page.evaluate(() => {
    let marks = 0;
    for (const [name, highlight] of CSS.highlights) if (name.startsWith('method-lens')) marks += highlight.size;
    return marks;
  });
}

await runBenchmark('bench:frames', async () => {
  await ensureExtensionBuilt();
  const rounds = Number(args.rounds);
  const frames = Number(args.frames);
  const paper = await readFile(resolve(REPO_ROOT, `tests/fixtures/pages/${PAPER_FIXTURE}`));
  const { bench } = await launchWithBundledSnapshot();
  const times = new Map<string, number[]>();
  let marks = 0;
  try {
    await bench.context.route('https://**', (route) => route.fulfill({ status: 404, body: '' }));
    for (const url of [MARKED_URL, UNMARKED_URL]) {
      await bench.context.route(`${url}*`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: paper }));
    }
    for (let round = 0; round < rounds; round++) {
      for (const variant of VARIANTS) {
        const marked = variant !== 'no content script';
        log(`round ${round + 1}/${rounds}: ${variant}`);
        const page = await bench.context.newPage();
        await page.setViewportSize({ width: 1280, height: 800 });
        await page.goto(marked ? MARKED_URL : UNMARKED_URL, { waitUntil: 'load' });
        if (variant === 'marks, no underline') await page.addStyleTag({ content: NO_UNDERLINE });
        if (marked) {
          await waitForMeasure(page, SCAN_MEASURE);
          marks = await markCount(page);
          if (marks === 0) throw new BenchFailure('the paper was read but shows no mark');
        } else if ((await markCount(page)) > 0) {
          throw new BenchFailure(`${UNMARKED_URL} shows marks: the baseline must run without the content script`);
        }
        // The page settled: its own loading and our first pass are over.
        await page.waitForTimeout(1_000);
        for (const change of CHANGES) {
          const key = `${change}|${variant}`;
          times.set(key, [...(times.get(key) ?? []), ...(await frameTimes(page, change, frames))]);
        }
        await page.close();
      }
    }
  } finally {
    await bench.close();
  }

  console.log(`\nFrames after the page's own changes on ${PAPER_FIXTURE} (${count(marks)} marks), ${rounds} rounds × ${frames} frames each`);
  console.log(
    table(
      ['change, then a frame', 'page', 'median frame (q90)', 'vs no content script'],
      CHANGES.flatMap((change) => {
        const without = median(times.get(`${change}|no content script`)!);
        return VARIANTS.map((variant) => {
          const frames = times.get(`${change}|${variant}`)!;
          return [change, variant, `${ms(median(frames))} (${ms(percentile(frames, 90), 0)})`, ratio(median(frames) / without)];
        });
      }),
    ),
  );
  console.log('   A frame is ~16.7 ms at 60 Hz; the cost is Chromium painting the registered highlights again (docs/speed.md, "Open").');
});
