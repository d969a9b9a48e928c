/** Builds the extension once before the browser suites, so `npm test` works on a fresh clone. */
import { build } from 'wxt';
import { asProductionBuild } from '../helpers/production-build';

export default async function buildExtension() {
  await asProductionBuild(() => build({ browser: 'chrome', logger: { ...console, debug() {}, info() {}, success() {}, log() {}, box() {} } as never }));
}
