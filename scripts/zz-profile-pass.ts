// Throwaway (not committed): CPU profile of first passes, self time by function of the content script.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { launchWithBundledSnapshot, waitForMeasure } from './bench/extension';
import { PAPER, PAPER_FIXTURE, REPO_ROOT, cleanup } from './bench/common';

const dir = process.argv[2]!;
const loads = Number(process.argv[3] ?? 6);
const PAGE_URL = `https://arxiv.org/html/${PAPER}`;
const pageHtml = await readFile(join(REPO_ROOT, 'tests/fixtures/pages', PAPER_FIXTURE), 'utf8');
const { bench } = await launchWithBundledSnapshot(dir);
await bench.context.route('https://**', (route) => route.fulfill({ status: 404, body: '' }));
await bench.context.route(`${PAGE_URL}*`, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: pageHtml }));
const self = new Map<string, number>();
let totalPass = 0;
for (let load = 0; load <= loads; load++) {
  const page = await bench.context.newPage();
  const cdp = await bench.context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  await page.goto(`${PAGE_URL}?load=${load}`);
  await waitForMeasure(page, 'method-lens:scan');
  const [entry] = await page.evaluate(() => performance.getEntriesByName('method-lens:scan').map((e) => ({ start: e.startTime, end: e.startTime + e.duration, worked: (e as PerformanceMeasure).detail.worked, origin: performance.timeOrigin })));
  const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[]; startTime: number } };
  await page.close();
  if (load === 0) continue; // warm-up
  totalPass += entry!.worked;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // sample timestamps (µs, monotonic); keep those inside the pass (timeOrigin-based ms vs monotonic µs: use relative from first sample is unreliable) -> keep content-script frames only
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i]!;
    const node = byId.get(profile.samples[i]!)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = url.includes('content-scripts') ? `${functionName || '(anon)'}:${lineNumber}` : url.startsWith('chrome-extension') ? 'other-ext' : functionName.startsWith('(') ? functionName : 'page/other';
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 100) / 1000);
  }
}
console.log(`pass worked (mean) ${(totalPass / loads).toFixed(1)} ms`);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.log(`${(v / loads).toFixed(2).padStart(7)} ms  ${k}`);
await bench.close();
await cleanup();
