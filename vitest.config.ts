import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
          exclude: ['tests/e2e/**'],
          // Vitest leaves one core free by default: on a two-core machine that is one file at a time.
          maxWorkers: 2,
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias: { '@/': root } },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          // Each suite drives its own Chromium; two cores cannot run two of them side by side.
          fileParallelism: false,
          // The suites share one worker and keep no state in the modules they import (each launches its
          // own browser): imported once, not once a file. Run alone, 19.0 s of imports fell to 4.8 s,
          // the run 689.5 s to 667.3 s.
          isolate: false,
          globalSetup: ['tests/e2e/build-extension.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // A loaded two-core CI machine is slow to settle; polls wait up to 10 s for the page.
          expect: { poll: { timeout: 10_000 } },
        },
      },
    ],
  },
});
