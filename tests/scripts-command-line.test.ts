/**
 * The developer's first hour: every `npm run …` the README and docs name exists, and every script of
 * ours answers `--help` with its usage before doing any work (a benchmark builds, writes hundreds of
 * megabytes and runs for minutes), and a mistyped option with the usage, not a stack trace.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const DOCS = ['README.md', 'docs/speed.md', 'docs/testing.md', 'SECURITY.md', 'PRIVACY.md'];

const packageScripts = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).scripts as Record<string, string>;
/** Our own scripts (`tsx scripts/….ts`), by their npm name. */
const ownScripts = Object.entries(packageScripts).flatMap(([name, command]) => {
  const file = /^tsx (scripts\/\S+\.ts)$/.exec(command)?.[1];
  return file ? [{ name, file }] : [];
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Scripts running at once. Each is a tsx process of 0.5–0.9 s of CPU, mostly its start (the scripts load
 * their browser driver and WXT after reading the command line): two at a time, this file took 12.6 s on
 * a quiet machine (23–25 s when `--help` loaded them, 31 s one at a time).
 */
const AT_ONCE = 2;
/** The two runs each script is checked with. */
const ASKED = { help: ['--help'], unknown: ['--no-such-option'] } as const;
type Asked = keyof typeof ASKED;
const runs = new Map<string, Run>();

/**
 * Runs every script's two runs before the tests read them, AT_ONCE at a time. In the tests themselves,
 * a run waiting for its turn counted against its test's time: beside the browser suites, three waited
 * past 30 s in a CI run.
 */
async function runAll(): Promise<void> {
  const queue = ownScripts.flatMap(({ file }) => (Object.keys(ASKED) as Asked[]).map((asked) => ({ file, asked })));
  const next = async (): Promise<void> => {
    const job = queue.shift();
    if (!job) return;
    runs.set(`${job.file} ${job.asked}`, await spawnScript(job.file, [...ASKED[job.asked]]));
    return next();
  };
  await Promise.all(Array.from({ length: AT_ONCE }, next));
}
const runOf = (file: string, asked: Asked) => runs.get(`${file} ${asked}`)!;

/**
 * Runs a script, stopped (with whatever it started) if it is still running after 60 s: it began real
 * work. A script's start alone took up to 17 s on a loaded CI machine.
 */
function spawnScript(file: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [file, ...args], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const stop = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(stop);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('the commands the README and docs name', () => {
  it('are all scripts of package.json', async () => {
    const named = new Set<string>();
    for (const doc of DOCS) {
      const text = await readFile(join(ROOT, doc), 'utf8');
      for (const [, name] of text.matchAll(/npm run ([a-z][\w:-]*)/g)) named.add(name!);
      // The benchmarks' table names them without `npm run`.
      for (const [, name] of text.matchAll(/`((?:bench|snapshot):[\w-]+)`/g)) named.add(name!);
    }
    expect([...named].filter((name) => !(name in packageScripts))).toEqual([]);
    expect(named.size).toBeGreaterThan(10);
  });
});

describe('our scripts', () => {
  // Each run is stopped at 60 s (`spawnScript`); every script's two runs, two at a time.
  beforeAll(runAll, 600_000);

  describe.each(ownScripts)('npm run $name', ({ name, file }) => {
    it('answers --help with its usage, and does nothing else', () => {
      const run = runOf(file, 'help');
      expect(run.stdout).toMatch(new RegExp(`^usage: npm run ${name}\\b`));
      expect(run.code).toBe(0);
    });

    it('answers an unknown option with its usage, without a stack trace', () => {
      const run = runOf(file, 'unknown');
      expect(run.stderr).toContain(`usage: npm run ${name}`);
      expect(run.stderr).not.toMatch(/^\s+at /m);
      expect(run.code).toBe(1);
    });
  });
});
