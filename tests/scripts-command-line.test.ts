/**
 * The developer's first hour: every `npm run …` the README and docs name exists, and every script of
 * ours answers `--help` with its usage before doing any work (a benchmark builds, writes hundreds of
 * megabytes and runs for minutes), and a mistyped option with the usage, not a stack trace.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const DOCS = ['README.md', 'docs/speed.md', 'SECURITY.md', 'PRIVACY.md'];

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
 * Scripts running at once. Each is a tsx process of 0.5–3 s of CPU, mostly waiting on its start: two at
 * a time, this file took 23–25 s instead of 31 s on a quiet machine.
 */
const AT_ONCE = 2;
let running = 0;
const waiting: (() => void)[] = [];

/** Runs a script once one of the AT_ONCE places is free. */
async function runScript(file: string, args: string[]): Promise<Run> {
  if (running >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await spawnScript(file, args);
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs a script, stopped (with whatever it started) if it is still running after 20 s: it began real work. */
function spawnScript(file: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(TSX, [file, ...args], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const stop = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 20_000);
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

// Concurrent, with the scripts started AT_ONCE at a time (`runScript`).
describe.concurrent('our scripts', () => describe.each(ownScripts)('npm run $name', ({ name, file }) => {
  it('answers --help with its usage, and does nothing else', async () => {
    const run = await runScript(file, ['--help']);
    expect(run.stdout).toMatch(new RegExp(`^usage: npm run ${name}\\b`));
    expect(run.code).toBe(0);
  }, 30_000);

  it('answers an unknown option with its usage, without a stack trace', async () => {
    const run = await runScript(file, ['--no-such-option']);
    expect(run.stderr).toContain(`usage: npm run ${name}`);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.code).toBe(1);
  }, 30_000);
}));
