/**
 * Shared pieces of the browser benchmarks (`bench:scan`, `bench:sync`): building the extension when
 * it is missing or older than its sources, temp folders and clean-up, and plain-text tables. The
statistics are in `statistics.ts` (pure, so that a unit test can import them); `median` and `percentile`
are exported from here too.
 *
 * Benchmarks print numbers; they never assert timings. They fail (exit 1) only when something
 * breaks functionally, e.g. a refresh that does not succeed.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export { median, percentile } from './statistics';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = join(REPO_ROOT, '.output/chrome-mv3');
export const CONTENT_SCRIPT = join(EXTENSION_DIR, 'content-scripts/content.js');
/** The marks' colours, which the browser adds to the page with the content script. */
export const CONTENT_STYLESHEET = join(EXTENSION_DIR, 'content-scripts/content.css');
/** The hover card's script, which the content script imports on first hover. */
export const CARD_SCRIPT = join(EXTENSION_DIR, 'card.js');

/** The scan benchmarks' page: a 43k-word LaTeXML paper (tests/fixtures/pages/), served at its arXiv HTML address. */
export const PAPER_FIXTURE = 'arxiv-html-paper.html';
export const PAPER = '2402.04291v1';

/** What the extension is built from: a change to any of these makes `.output/chrome-mv3` stale. */
const EXTENSION_SOURCES = ['entrypoints', 'lib', 'components', 'public', 'wxt.config.ts', 'package-lock.json'];

/** The newest modification time among the extension's sources (ms). */
function newestSourceChange(): number {
  let newest = 0;
  for (const source of EXTENSION_SOURCES) {
    const path = join(REPO_ROOT, source);
    if (!existsSync(path)) continue;
    const stat = statSync(path);
    const files = stat.isDirectory() ? readdirSync(path, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name)) : [path];
    for (const file of files) newest = Math.max(newest, statSync(file).mtimeMs);
  }
  return newest;
}

/**
 * Builds the extension with `npx wxt build` when `.output/chrome-mv3` is missing or older than its
 * sources (a benchmark of a stale build measures code that is not there any more), or when `--build`
 * is passed.
 */
export async function ensureExtensionBuilt(force = process.argv.includes('--build')): Promise<void> {
  const manifest = join(EXTENSION_DIR, 'manifest.json');
  const stale = existsSync(manifest) && statSync(manifest).mtimeMs < newestSourceChange();
  if (!force && existsSync(manifest) && !stale) return;
  log(force ? 'Building the extension (--build)…' : stale ? 'The build is older than its sources: building the extension…' : 'No .output/chrome-mv3/manifest.json: building the extension…');
  await run('npx', ['wxt', 'build'], REPO_ROOT);
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error('wxt build did not produce .output/chrome-mv3/manifest.json');
}

/** Which build was measured: when it was built, and the source it came from (commit and uncommitted changes). */
export function describeBuild(): string {
  const manifest = join(EXTENSION_DIR, 'manifest.json');
  const built = existsSync(manifest) ? statSync(manifest).mtime.toISOString().replace('T', ' ').slice(0, 19) : 'missing';
  let source = 'unknown source';
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const changed = git('status', '--porcelain', '--', 'entrypoints', 'lib', 'components', 'wxt.config.ts').split('\n').filter(Boolean).length;
    source = `commit ${git('rev-parse', '--short', 'HEAD')}${changed ? ` + ${changed} uncommitted extension file(s)` : ''}`;
  } catch {
    // not a git checkout
  }
  return `extension: .output/chrome-mv3 built ${built} UTC from ${source} (the tree as it was at build time)`;
}

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolvePromise() : reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`)),
    );
  });
}

// ---------------------------------------------------------------------------------------------------------
// Clean-up: temp folders, servers and browsers are closed on the way out, also on Ctrl-C.

type Closer = () => Promise<unknown> | unknown;
const closers: Closer[] = [];
let cleaning: Promise<void> | null = null;

/** Registers something to close at the end (last registered, first closed); returns an unregister function. */
export function onCleanup(close: Closer): () => void {
  closers.push(close);
  return () => {
    const at = closers.indexOf(close);
    if (at >= 0) closers.splice(at, 1);
  };
}

function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (closers.length) {
      const close = closers.pop()!;
      try {
        await close();
      } catch (error) {
        console.error('clean-up step failed:', error instanceof Error ? error.message : error);
      }
    }
  })();
  return cleaning;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up…`);
    void cleanup().finally(() => process.exit(130));
  });
}

const tempDirs = new Map<string, () => void>();

/** A fresh folder under the system temp dir, removed at clean-up (or earlier with `removeTempDir`). */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `method-lens-bench-${prefix}-`));
  tempDirs.set(dir, onCleanup(() => rm(dir, { recursive: true, force: true })));
  return dir;
}

export async function removeTempDir(dir: string): Promise<void> {
  tempDirs.get(dir)?.();
  tempDirs.delete(dir);
  await rm(dir, { recursive: true, force: true });
}

/**
 * Runs a benchmark's main: prints an uncaught error, always cleans up, and exits (0, or 1 on failure)
 * without waiting for stray timers or sockets.
 */
export async function runBenchmark(name: string, main: () => Promise<void>): Promise<void> {
  const started = performance.now();
  let failed = false;
  try {
    await main();
    log(`${name} finished in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  } catch (error) {
    failed = true;
    console.error(`\n${name} FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  } finally {
    await cleanup();
  }
  process.exit(failed ? 1 : (process.exitCode ?? 0));
}

/** Thrown for a functional failure: the message is printed and the benchmark exits 1. */
export class BenchFailure extends Error {}

// ---------------------------------------------------------------------------------------------------------
// Output

const benchStarted = performance.now();

/** A progress line on stderr (the tables go to stdout). */
export function log(message: string): void {
  const seconds = ((performance.now() - benchStarted) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`[${seconds} s] ${message}\n`);
}

export function ms(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a';
}

export function seconds(valueMs: number, digits = 1): string {
  return Number.isFinite(valueMs) ? `${(valueMs / 1000).toFixed(digits)} s` : 'n/a';
}

export function ratio(value: number, digits = 2): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)}×` : 'n/a';
}

/** A ratio's interval, `[low, high]`, as `2.1–3.1×`. */
export function interval([low, high]: readonly [number, number], digits = 2): string {
  return Number.isFinite(low) && Number.isFinite(high) ? `${low.toFixed(digits)}–${high.toFixed(digits)}×` : 'n/a';
}

export function mib(bytes: number, digits = 1): string {
  return Number.isFinite(bytes) ? `${(bytes / 1024 / 1024).toFixed(digits)} MiB` : 'n/a';
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** A plain-text table; numbers (and anything starting with a digit) are right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const numeric = (text: string) => /^[-+~≈<>]?\d/.test(text) || text === 'n/a';
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (numeric(cell) && column > 0 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** Whether a measured value meets a target, for the "target" column. */
export function verdict(met: boolean): string {
  return met ? 'met' : 'MISSED';
}
