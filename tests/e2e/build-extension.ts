/**
 * Builds the extension once before the browser suites, so `npm test` works on a fresh clone: as
 * `npm run zip` does, which builds `.output/chrome-mv3` and packages it. The Firefox suite checks the
 * packages made here (`chromePackages`) rather than building Chrome a second time.
 */
import type { TestProject } from 'vitest/node';
import { zip } from 'wxt';
import { asProductionBuild } from '../helpers/production-build';

declare module 'vitest' {
  export interface ProvidedContext {
    chromePackages: string[];
  }
}

export default async function buildExtension(project: TestProject) {
  const packages = await asProductionBuild(() => zip({ browser: 'chrome', logger: { ...console, debug() {}, info() {}, success() {}, log() {}, box() {} } as never }));
  project.provide('chromePackages', packages);
}
