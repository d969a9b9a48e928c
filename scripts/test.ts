/**
 * `npm test`: the whole suite, the unit files beside the browser suites, in two vitest runs whose
 * reports are merged into one (vitest's `--merge-reports`, made for shards).
 *
 * Vitest runs a project limited to one worker (the browser suites: one browser at a time) after the
 * other projects, never beside them, and refuses two projects of different worker counts in one group.
 * In one run, the unit files (two workers) and then the browser suites took 905–936 s on the two-core
 * CI machine in stop 57; side by side, 802–861 s in stop 58's clean-clone runs (826–843 s in stop 59's; 858 s, then 801 s, in stop 60's). The browser suites wait
 * on their browsers much of the time (about half a core on average), and the unit files take one
 * worker beside them.
 *
 * Run: npm test [-- --reporter=<name> … --outputFile.json=<path>]
 * The reporters and the JSON file are the merged report's; the runs themselves print a line per file.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCommandLine } from './command-line';

const USAGE = `usage: npm run test [-- [--reporter=<name>]… [--outputFile.json=<path>]]
  Runs every test: the unit project on one worker beside the browser suites (the e2e project), then
  prints their merged report with the reporters named (vitest's default without any), and writes it
  as JSON to the path given. A file or a test of its own: npx vitest run <file> [-t "<name>"]`;

const options = readCommandLine('test', USAGE, {
  reporter: { type: 'string', multiple: true },
  'outputFile.json': { type: 'string' },
});

const REPO_ROOT = join(import.meta.dirname, '..');
const VITEST = join(REPO_ROOT, 'node_modules/vitest/vitest.mjs');
const PROGRESS = join(REPO_ROOT, 'scripts/test-progress.ts');

const running = new Set<ChildProcess>();
/** Where the runs write their reports (blobs) for the merge. */
let blobs: string | undefined;

/** Runs vitest with `args` from the repository's root; resolves with its exit code. */
function vitest(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [VITEST, ...args], { cwd: REPO_ROOT, stdio: 'inherit' });
    running.add(child);
    child.on('error', (error) => {
      console.error(`npm test: could not start vitest: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code ?? 1);
    });
  });
}

// Stopped (Ctrl-C, a CI timeout), the runs stop too: no browser suite is left running alone.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    for (const child of running) child.kill(signal);
    if (blobs) rmSync(blobs, { recursive: true, force: true });
    process.exit(1);
  });
}

/**
 * One worker for the unit files, beside the browser suites and their browser. The unit files on two
 * workers at a lower priority (`nice 10`) took as long in all, and slowed the browser suites as much.
 * One worker at the lowest (`nice -n 19`, stop 63): 752 against 784 s, one run of each in the same tree,
 * within the 775–830 s of stop 62's clean-clone runs; and at that priority a unit test's own server,
 * which must answer within 1.5 s, gets ~1.5 % of a core while the browser suites take both.
 * No unit test may depend on how quickly the machine runs it: a paused page's windows run in virtual
 * time (tests/page-session.test.ts), and a refresh's host gets 1.5 s to answer where a test waits out
 * a stall after the answer (tests/sync.test.ts).
 */
const PROJECTS = [
  { name: 'unit', args: ['--maxWorkers=1'] },
  { name: 'e2e', args: [] },
] as const;

async function main(): Promise<number> {
  const dir = (blobs = await mkdtemp(join(tmpdir(), 'method-lens-test-')));
  try {
    const started = performance.now();
    const codes = await Promise.all(
      PROJECTS.map(({ name, args }) =>
        vitest(['run', '--project', name, ...args, `--reporter=${PROGRESS}`, '--reporter=blob', `--outputFile.blob=${join(dir, `${name}.json`)}`]),
      ),
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    // A run that failed before it could report (its configuration, its global setup) has no blob: the
    // merged report lacks its files, and the exit code below says it failed.
    const written = new Set(await readdir(dir));
    PROJECTS.forEach(({ name }, i) => {
      if (!written.has(`${name}.json`)) console.error(`npm test: the ${name} run ended without a report (exit code ${codes[i]})`);
    });
    const reporters = (options.reporter ?? []).map((name) => `--reporter=${name}`);
    const json = options['outputFile.json'];
    const merged = written.size > 0 ? await vitest(['run', `--merge-reports=${dir}`, ...reporters, ...(json ? [`--outputFile.json=${json}`] : [])]) : 1;
    // The merged report's Duration adds the two runs up.
    console.log(`npm test: the two runs took ${seconds} s side by side.`);
    return [...codes, merged].some((code) => code !== 0) ? 1 : 0;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
