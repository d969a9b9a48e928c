/**
 * Two (or more) builds of the extension against each other on the first scan pass of the long LaTeXML
 * paper, for changes smaller than the noise between two `bench:scan` runs. One browser at a time (a
 * second browser on two cores slows the first), builds alternating round by round, each round a fresh
 * browser whose first load is a warm-up and not counted. Prints medians and quartiles of the pass's
 * worked time and phases, and each build's ratio to the first with a 90 % bootstrap interval.
 *
 * Run: npm run bench:scan-ab -- --builds /tmp/before,.output/chrome-mv3 [--rounds 3 --loads 5 --synth]
 * (a build of another commit: check it out, `npm run build`, copy `.output/chrome-mv3` to /tmp/before,
 * come back and build again). Without --builds, the current build (rebuilt if stale) against itself:
 * the noise floor of the comparison.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { readCommandLine } from './command-line';
import { BenchFailure, EXTENSION_DIR, PAPER, PAPER_FIXTURE, REPO_ROOT, count, ensureExtensionBuilt, interval, log, median, ms, percentile, ratio, runBenchmark, table } from './bench/common';
import { synthSnapshot } from './bench/snapshots';
import { ratioInterval } from './bench/statistics';
import { startStaticServer } from './bench/static-server';
import { COMPILE_MEASURE, DICTIONARY_MEASURE, SCAN_MEASURE } from '../lib/content/measures';

const PAGE_URL = `https://arxiv.org/html/${PAPER}`;
const FIXTURE = `tests/fixtures/pages/${PAPER_FIXTURE}`;
const SYNTH_METHODS = 20_000;

const args = readCommandLine('bench:scan-ab', 'usage: npm run bench:scan-ab [-- --builds <folder>,<folder>… --rounds 3 --loads 5 --synth --build]', {
  builds: { type: 'string' },
  rounds: { type: 'string', default: '3' },
  loads: { type: 'string', default: '5' },
  /** The 20k-method synthetic dictionary (bundled topic included) instead of the bundled one. */
  synth: { type: 'boolean', default: false },
  /** Read by ensureExtensionBuilt: build even when the build is current. */
  build: { type: 'boolean', default: false },
});

// The browser driver, once the command line is read: `--help` does not load it.
const { launchWithBundledSnapshot, waitForMeasure, waitForSnapshot } = await import('./bench/extension');

/** One counted load: the first pass's detail, and when it started and ended after DOMContentLoaded. */
interface Pass {
  worked: number;
  read: number;
  match: number;
  mark: number;
  marks: number;
  startAfterDcl: number;
  endAfterDcl: number;
  /** The content script's `method-lens:dictionary` (asking for the dictionary) and `method-lens:compile` measures. */
  dictionary: number;
  compile: number;
}

await runBenchmark('bench:scan-ab', async () => {
  const builds = args.builds ? args.builds.split(',').map((dir) => resolve(REPO_ROOT, dir)) : [EXTENSION_DIR, EXTENSION_DIR];
  if (!args.builds) await ensureExtensionBuilt();
  const unbuilt = builds.filter((dir) => !existsSync(resolve(dir, 'manifest.json')));
  if (unbuilt.length) throw new BenchFailure(`not an unpacked build (no manifest.json): ${unbuilt.join(', ')}`);
  const rounds = Number(args.rounds);
  const loads = Number(args.loads);
  const pageHtml = await readFile(resolve(REPO_ROOT, FIXTURE));

  let synth: { url: string; methods: number } | null = null;
  if (args.synth) {
    const snapshot = await synthSnapshot(SYNTH_METHODS, { withBundled: true, namesOnly: true });
    const server = await startStaticServer();
    synth = { url: server.mount('synth', snapshot.folder), methods: snapshot.methods };
  }

  const passes: Pass[][] = builds.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [b, dir] of builds.entries()) {
      log(`round ${round + 1}/${rounds}: build ${b + 1} (${dir}), ${loads} loads after a warm-up`);
      const { bench } = await launchWithBundledSnapshot(dir);
      try {
        await bench.context.route('https://**', (route) => route.fulfill({ status: 404, body: '' }));
        await bench.context.route(`${PAGE_URL}*`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: pageHtml }));
        if (synth) {
          await bench.setSource({ kind: 'url', url: synth.url });
          await bench.send('startRefresh');
          await waitForSnapshot(bench, (info) => info.totals.methods === synth.methods, 'the synthetic snapshot');
        }
        for (let load = 0; load <= loads; load++) {
          const page = await bench.context.newPage();
          await page.goto(PAGE_URL, { waitUntil: 'load' });
          await waitForMeasure(page, SCAN_MEASURE);
          const pass = await page.evaluate(({ scan, dictionary, compile }): Pass => {
            const entry = performance.getEntriesByName(scan)[0] as PerformanceMeasure;
            const detail = entry.detail as { worked: number; marks: number; phases: { read: number; match: number; mark: number } };
            const dcl = (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventStart;
            const duration = (name: string) => performance.getEntriesByName(name)[0]?.duration ?? NaN;
            return {
              worked: detail.worked,
              ...detail.phases,
              marks: detail.marks,
              startAfterDcl: entry.startTime - dcl,
              endAfterDcl: entry.startTime + entry.duration - dcl,
              dictionary: duration(dictionary),
              compile: duration(compile),
            };
          }, { scan: SCAN_MEASURE, dictionary: DICTIONARY_MEASURE, compile: COMPILE_MEASURE });
          await page.close();
          if (load > 0) passes[b]!.push(pass);
        }
      } finally {
        await bench.close();
      }
    }
  }

  const marks = new Set(passes.flatMap((list) => list.map((pass) => pass.marks)));
  if (marks.size > 1) throw new BenchFailure(`the builds marked different numbers of names (${[...marks].join(', ')}): they do not do the same work`);
  const first = median(passes[0]!.map((pass) => pass.worked));
  console.log(`\nFirst scan pass of ${FIXTURE} (${[...marks][0]} marks, ${synth ? `${count(synth.methods)} methods` : 'bundled snapshot'}), ${rounds} rounds × ${loads} loads per build, one browser at a time`);
  console.log(
    table(
      ['build', 'worked: median', 'q25–q75', 'vs build 1', '90 % interval', 'read / match / mark (medians)', 'asking / building', 'DCL→start', 'DCL→marked'],
      passes.map((list, b) => {
        const of = (key: keyof Pass) => list.map((pass) => pass[key]);
        return [
          `${b + 1}: ${builds[b]}`,
          ms(median(of('worked'))),
          `${ms(percentile(of('worked'), 25), 0)}–${ms(percentile(of('worked'), 75), 0)}`,
          ratio(median(of('worked')) / first),
          interval(ratioInterval(of('worked'), passes[0]!.map((pass) => pass.worked))),
          `${ms(median(of('read')), 0)} / ${ms(median(of('match')), 0)} / ${ms(median(of('mark')), 0)}`,
          `${ms(median(of('dictionary')))} / ${ms(median(of('compile')))}`,
          ms(median(of('startAfterDcl')), 0),
          ms(median(of('endAfterDcl')), 0),
        ];
      }),
    ),
  );
  console.log('   "90 % interval": the central 90 % of "vs build 1" over 10,000 bootstrap resamples (seeded) of both builds\' loads; one that holds');
  console.log('   1.00× does not tell the builds apart (build 1\'s own row shows how wide noise alone makes it). Run without --builds to see how');
  console.log('   far one build differs from itself.');
});
