import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    // Browser (e2e) suites drive one Chromium each; on two cores they must run one at a time.
    fileParallelism: true,
    testTimeout: 20_000,
  },
});
