/**
 * The live output of `npm test`'s two runs side by side (`scripts/test.ts`): one line per test file as
 * it ends, named with its project. Vitest's own reports, written by each run as it goes, would cut into
 * each other; the whole report comes once, merged, when both runs are over.
 */
import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export default class FileLineReporter implements Reporter {
  onTestModuleEnd(testModule: TestModule): void {
    const counts = { passed: 0, failed: 0, skipped: 0, pending: 0 };
    for (const test of testModule.children.allTests()) counts[test.result().state]++;
    const failed = testModule.state() === 'failed';
    const tests = [`${counts.passed} passed`, ...(counts.failed > 0 ? [`${counts.failed} failed`] : []), ...(counts.skipped > 0 ? [`${counts.skipped} skipped`] : [])];
    const seconds = (testModule.diagnostic().duration / 1000).toFixed(1);
    process.stdout.write(`${failed ? '✗' : '✓'} ${testModule.project.name} ${relative(process.cwd(), testModule.moduleId)} (${tests.join(', ')}) ${seconds} s\n`);
  }
}
