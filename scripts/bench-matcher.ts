/**
 * Build and scan time of the matcher in Node, warm, for 100, 20,000 and 200,000 names over the same
 * ~300 kB of text: built from the names alone, and from a plan as a page gets it (`planMatcher` runs
 * where the dictionary is kept, once; the page builds from the planned names). Ratios against 100 names.
 * A page's first, cold pass is what `npm run bench:scan` measures.
 * Run: npm run bench:matcher
 */
import { compileMatcher, planMatcher, type MatcherPlan } from '../lib/match/matcher';
import { median, randomSource } from './bench/statistics';
import { readCommandLine } from './command-line';

readCommandLine('bench:matcher', 'usage: npm run bench:matcher', {});

const TEXT_LENGTH = 300_000;
const SMALL = 100;
const LARGE = 20_000;
const HUGE = 200_000;

const random = randomSource(42);
const pick = <T>(items: readonly T[]): T => items[random(items.length)]!;
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const letters = (alphabet: string, length: number) => Array.from({ length }, () => pick([...alphabet])).join('');
const capitalised = () => letters(UPPER, 1) + letters(LOWER, 3 + random(7));

/** Shapes seen in the review: acronyms (`AWQ`, `SQ+`, `QuIP#`), CamelCase (`SmoothQuant`), long names with an alias. */
function realisticName(): string {
  switch (random(5)) {
    case 0:
      return letters(UPPER, 2 + random(4)) + pick(['', '', '', '+', '#', 'v2']);
    case 1:
      return capitalised() + pick(['Quant', 'Q', 'GPT', '-Quant']);
    case 2:
      return `${letters(UPPER, 3)}.${letters(LOWER, 3)}${random(9)}()`;
    case 3:
      return Array.from({ length: 2 + random(3) }, capitalised).join(pick([' ', '-']));
    default: {
      const words = Array.from({ length: 3 + random(2) }, capitalised);
      return `${words.join(' ')} (${words.map((word) => word[0]).join('')})`;
    }
  }
}

const PROSE = 'we quantize the weights of each layer to four bits and report perplexity on WikiText while'.split(' ');

function realisticText(names: readonly string[]): string {
  const parts: string[] = [];
  let length = 0;
  while (length < TEXT_LENGTH) {
    const part = random(25) === 0 ? pick(names) + pick(['', ',', '.', '’s', '-style']) : pick(PROSE);
    parts.push(part, random(12) === 0 ? '.\n' : ' ');
    length += part.length + 1;
  }
  return parts.join('');
}

function measure(names: readonly string[], text: string, plan?: MatcherPlan) {
  const beforeBuild = performance.now();
  const matcher = compileMatcher(names, plan);
  const beforeScan = performance.now();
  const spans = matcher.find(text);
  const afterScan = performance.now();
  return { build: beforeScan - beforeBuild, scan: afterScan - beforeScan, spans: spans.length };
}

/** Median of several fresh builds and scans: the machine may be busy, and the first runs warm up the JIT. */
function medianOf(names: readonly string[], text: string, plan?: MatcherPlan, runs = 9) {
  const results = Array.from({ length: runs }, () => measure(names, text, plan));
  return {
    build: median(results.map((result) => result.build)),
    scan: median(results.map((result) => result.scan)),
    spans: results[0]!.spans,
  };
}

// Names arrive from the background as a message, i.e. as flat strings: a JSON round trip gives the same.
const hugeDictionary: string[] = JSON.parse(JSON.stringify(Array.from({ length: HUGE }, realisticName)));
const smallDictionary = hugeDictionary.slice(0, SMALL);
const text = realisticText(smallDictionary); // the same names occur in the text for every dictionary

const largeDictionary = hugeDictionary.slice(0, LARGE);
medianOf(largeDictionary, text, undefined, 3); // warm up the JIT before anything is timed

const row = (label: string, result: ReturnType<typeof medianOf>) =>
  `${label.padEnd(14)} build ${result.build.toFixed(1).padStart(7)} ms   scan ${result.scan.toFixed(1).padStart(7)} ms   spans ${result.spans}`;
const total = (result: ReturnType<typeof medianOf>) => result.build + result.scan;
console.log(`text: ${(text.length / 1000).toFixed(0)} kB`);
for (const planned of [false, true]) {
  console.log(planned ? 'from a plan (as in a page):' : 'from the names alone:');
  const [small, large, huge] = [smallDictionary, largeDictionary, hugeDictionary].map((names) => {
    if (!planned) return medianOf(names, text);
    // Planned once, as the background does; the page gets the planned names, in their order, and the plan.
    const { names: plannedNames, plan } = JSON.parse(JSON.stringify(planMatcher(names))) as ReturnType<typeof planMatcher>;
    return medianOf(plannedNames, text, plan);
  }) as [ReturnType<typeof medianOf>, ReturnType<typeof medianOf>, ReturnType<typeof medianOf>];
  console.log(row(`${SMALL} names`, small));
  console.log(row(`${LARGE} names`, large));
  console.log(row(`${HUGE} names`, huge));
  console.log(`ratio (build + scan) to ${SMALL} names: ${LARGE} names ${(total(large) / total(small)).toFixed(2)}, ${HUGE} names ${(total(huge) / total(small)).toFixed(2)}`);
}
