/**
 * The whole project (extension, components, tests, scripts) compiles under the strict TypeScript of
 * `tsconfig.json`, as `npm run typecheck` checks it: vitest strips types without checking them, so a
 * test or script could drift from the code it drives and still run.
 */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

it('typechecks: tsc --noEmit reports no error', async () => {
  const tsc = resolve(ROOT, 'node_modules/typescript/bin/tsc');
  const run = await promisify(execFile)(process.execPath, [tsc, '--noEmit', '-p', ROOT], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 }).then(
    () => ({ code: 0, output: '' }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code ?? -1, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
  );
  expect(run.output).toBe('');
  expect(run.code).toBe(0);
}, 120_000);
