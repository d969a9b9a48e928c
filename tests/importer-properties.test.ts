/**
 * Property tests: pages rendered from random well-formed content parse back to that content, and no
 * input (random text, mutated seeds) makes the importer do anything but import or throw ImportError.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportError } from '../lib/importer/errors';
import { importPages } from '../lib/importer/import-pages';
import type { ListEntry, MethodPage, OverviewPage, PageCritique, PageResult, RankedMethod, SubProblemListing } from '../lib/importer/page';
import { parsePages, type PageSource } from '../lib/importer/parse-pages';
import { STATUSES, STATUS_MEANINGS, TopicDocument } from '../lib/snapshot/schema';
import { findTopicProblems } from '../lib/snapshot/validate';

const NUM_RUNS = 150;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

type WithoutLines<T> = T extends (infer Item)[]
  ? WithoutLines<Item>[]
  : T extends object
    ? { [K in keyof T as K extends 'line' | 'file' ? never : K]: WithoutLines<T[K]> }
    : T;
type MethodModel = WithoutLines<MethodPage>;
type OverviewModel = WithoutLines<OverviewPage>;

function withoutLines<T>(value: T): WithoutLines<T> {
  return JSON.parse(JSON.stringify(value, (key, inner: unknown) => (key === 'line' || key === 'file' ? undefined : inner)));
}

// ---- arbitraries ---------------------------------------------------------------------------

const lower = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz');
const upper = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const word = fc.string({ unit: lower, minLength: 1, maxLength: 8 });
const words = (min: number, max: number) => fc.array(word, { minLength: min, maxLength: max }).map((list) => list.join(' '));
const capitalizedWord = fc.tuple(upper, fc.string({ unit: lower, maxLength: 7 })).map(([first, rest]) => first + rest);

/** Method names as the KB writes them: `QuIP#`, `SQ+`, `ADMM-Q`, `LLM.int8()`. */
const methodName = fc
  .tuple(upper, fc.string({ unit: fc.constantFrom(...'abcXYZ019#+-.'), maxLength: 8 }), fc.boolean())
  .map(([first, rest, call]) => `${first}${rest}${call ? '()' : ''}`);

/** `Name (Alias)` in lists. */
const listedMethod = fc.record({ name: methodName, alias: fc.option(fc.tuple(capitalizedWord, words(0, 3)).map(([a, b]) => `${a} ${b}`.trim()), { nil: null }) });

const isoDate = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
const printDate = (iso: string) => {
  const [year, month, day] = iso.split('-');
  return `${MONTHS[Number(month) - 1]} ${Number(day)}, ${year}`;
};
const count = fc.oneof(fc.nat({ max: 20 }), fc.nat({ max: 5_000_000 }));
const printCount = (n: number) => n.toLocaleString('en-US');

/** Free text without the typographic quotes that delimit quotes, and without line breaks. */
const proseChar = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:!?()[]-+#/%&éü—·–\'"');
const prose = (maxLength: number) => fc.string({ unit: proseChar, minLength: 1, maxLength }).filter((text) => text.trim() === text && text.length > 0);
const quote = fc.string({ unit: proseChar, minLength: 1, maxLength: 120 }).filter((text) => text.trim().length > 0);
/** A paper title that introduces a method: `<name>: <words>`. */
const titleOf = (name: string) => words(1, 6).map((rest) => `${name}: ${rest}`);
const plainTitle = fc.tuple(capitalizedWord, words(1, 6)).map(([first, rest]) => `${first} ${rest}`);
/** A source paper's title: a capitalised first word, then anything printable. */
const sourceTitle = fc.oneof(fc.tuple(capitalizedWord, prose(80)).map(([first, rest]) => `${first} ${rest}`), titleOf('TesseraQ'));

const listEntry: fc.Arbitrary<MethodModel['alternatives'][number]> = fc.oneof(
  isoDate.map((date) => ({ method: null, paperTitle: null, date })),
  fc.tuple(methodName, fc.option(isoDate, { nil: null })).chain(([name, date]) =>
    titleOf(name).map((paperTitle) => ({ method: { name, aliases: [] }, paperTitle, date })),
  ),
  fc.tuple(methodName, fc.tuple(capitalizedWord, words(0, 2)), plainTitle, isoDate).map(([name, [a, b], paperTitle, date]) => {
    const alias = `${a} ${b}`.trim();
    return { method: { name, aliases: [alias, `${name} (${alias})`] }, paperTitle, date };
  }),
);

function methodPageModel(): fc.Arbitrary<MethodModel> {
  return methodName.chain((name) =>
    fc.record({
      kind: fc.constant('method' as const),
      name: fc.constant(name),
      topic: fc.tuple(capitalizedWord, words(0, 3)).map(([first, rest]) => `${first} ${rest}`.trim()),
      paperTitle: fc.option(titleOf(name), { nil: null }),
      firstSeen: fc.option(isoDate, { nil: null }),
      status: fc.option(fc.constantFrom(...STATUSES), { nil: null }),
      critiquedBy: count,
      beatenBy: count,
      critiques: fc.array(fc.record({ quote, sourceTitle }), { maxLength: 5 }),
      results: fc.array(
        fc.record({
          sourceTitle,
          winner: methodName.filter((winner) => winner !== name),
          variant: fc.option(fc.constantFrom('no noise', 'W4A16', '3-bit, g128'), { nil: null }),
          metric: fc.constantFrom('perplexity', 'Wiki2', 'Avg.', 'WikiText2 PPL', '0-shot accuracy', 'C4 PPL'),
          setting: fc.option(fc.constantFrom('2-bit', 'L2-7B 2.00 bits', 'W4A4 (4-bit weight and activation) on LLADA-8B', 'A:8, W:8, [x]'), { nil: null }),
          winnerValue: fc.constantFrom('29.00', '5.15', '1,024.5', 'N/A', '-0.5'),
          loserValue: fc.constantFrom('32.28', '251.84', '58.7%', '0'),
        }).map(({ variant, ...result }) => ({ ...result, winnerLabel: variant === null ? null : `${result.winner} (${variant})` })),
        { maxLength: 5 },
      ),
      alternatives: fc.array(listEntry, { maxLength: 6 }),
    }),
  );
}

function overviewPageModel(): fc.Arbitrary<OverviewModel> {
  return fc.record({
    kind: fc.constant('overview' as const),
    topic: fc.record({
      name: fc.tuple(capitalizedWord, words(0, 3)).map(([first, rest]) => `${first} ${rest}`.trim()),
      description: fc.option(prose(200), { nil: null }),
      papers: fc.option(count, { nil: null }),
      critiqueReceipts: fc.option(count, { nil: null }),
      benchmarkResults: fc.option(count, { nil: null }),
      updated: isoDate,
    }),
    ranking: fc
      .array(fc.tuple(fc.integer({ min: 1, max: 4 }), methodName, methodName, count, count), { maxLength: 6 })
      .chain((rows) => {
        let rank = 0;
        return fc.tuple(
          ...rows.map(([gap, name, family, critiquedBy, beatenBy]) => {
            const rankHere = (rank += gap);
            return titleOf(name).map((paperTitle) => ({ rank: rankHere, name, family, paperTitle, critiquedBy, beatenBy }));
          }),
        );
      }),
    // A page names each sub-problem once; a name printed twice is refused.
    subProblems: fc.uniqueArray(
      fc.record({
        name: methodName,
        methodCount: count,
        members: fc.array(listedMethod, { maxLength: 5 }).map((members) =>
          members.map(({ name, alias }) => (alias === null ? { name, aliases: [] } : { name, aliases: [alias, `${name} (${alias})`] })),
        ),
      }),
      { maxLength: 4, selector: (subProblem) => subProblem.name },
    ),
    frontier: fc.array(listEntry, { maxLength: 6 }),
  }) as fc.Arbitrary<OverviewModel>;
}

// ---- rendering pages the way the export prints them ------------------------------------------

function printedName(method: { name: string; aliases: string[] }): string {
  return method.aliases.at(-1) ?? method.name;
}

function renderEntry(entry: WithoutLines<ListEntry>): string {
  const name = entry.method ? printedName(entry.method) : '';
  return `- ${name}${entry.paperTitle ?? ''}${entry.date ? printDate(entry.date) : ''}`;
}

function renderCounts({ critiquedBy, beatenBy }: { critiquedBy: number; beatenBy: number }): string {
  return `${printCount(critiquedBy)} ${critiquedBy === 1 ? 'paper critiques' : 'papers critique'} it · ${printCount(beatenBy)} ${beatenBy === 1 ? 'beats' : 'beat'} it on benchmarks`;
}

function renderCritiques(critiques: WithoutLines<PageCritique>[]): string[] {
  if (critiques.length === 0) return [];
  return [`“${critiques[0]!.quote}”`, ...critiques.map((critique, i) => `— ${critique.sourceTitle}${critiques[i + 1] ? `“${critiques[i + 1]!.quote}”` : ''}`)];
}

function renderResult(result: WithoutLines<PageResult>, loser: string): string[] {
  const setting = result.setting === null ? '' : ` [${result.setting}]`;
  return [`- ${result.sourceTitle}`, `${result.winnerLabel ?? result.winner} beats ${loser} · ${result.metric}${setting}`, `${result.winnerValue} vs ${result.loserValue}`];
}

function renderMethodPage(page: MethodModel): string {
  const firstSeen = page.firstSeen ? ` · first seen ${printDate(page.firstSeen)}` : '';
  return [
    page.name,
    `${page.paperTitle ?? ''}${page.topic}${firstSeen}`,
    ...(page.status ? [`${page.status} — ${STATUS_MEANINGS[page.status]}`] : []),
    renderCounts(page),
    'What papers say',
    `Verbatim critique sentences, each from a paper that cites ${page.name} as a baseline.`,
    ...renderCritiques(page.critiques),
    'Beaten on benchmarks',
    `Head-to-head results where a newer method reports beating ${page.name}.`,
    ...page.results.flatMap((result) => renderResult(result, page.name)),
    'Newer alternatives',
    'Recent methods in the same sub-problem, not yet superseded in the knowledge base.',
    ...page.alternatives.map(renderEntry),
  ].join('\n');
}

function renderOverviewPage(page: OverviewModel): string {
  const { topic } = page;
  const headline = [
    topic.papers === null ? null : `${printCount(topic.papers)} paper${topic.papers === 1 ? '' : 's'}`,
    topic.critiqueReceipts === null ? null : `${printCount(topic.critiqueReceipts)} critique receipt${topic.critiqueReceipts === 1 ? '' : 's'}`,
    topic.benchmarkResults === null ? null : `${printCount(topic.benchmarkResults)} benchmark result${topic.benchmarkResults === 1 ? '' : 's'}`,
    `updated ${printDate(topic.updated!)}`,
  ].filter((part) => part !== null);
  return [
    'Living systematic review',
    topic.name,
    ...(topic.description === null ? [] : [topic.description]),
    headline.join(' · '),
    'Most-superseded baselines',
    'Ranked by how many distinct papers critique or beat each method.',
    ...page.ranking.flatMap((ranked: WithoutLines<RankedMethod>) => [`- ${ranked.rank}${ranked.name}· ${ranked.family}${ranked.paperTitle}`, renderCounts(ranked)]),
    'Sub-problems',
    'Methods that compete on the same benchmarks cluster into distinct sub-problems.',
    ...page.subProblems.flatMap((subProblem: WithoutLines<SubProblemListing>) => [
      `${subProblem.name} · ${printCount(subProblem.methodCount)} method${subProblem.methodCount === 1 ? '' : 's'}`,
      ...(subProblem.members.length ? [subProblem.members.map(printedName).join(' · ')] : []),
    ]),
    'The frontier',
    'Recent methods not yet superseded in the knowledge base.',
    ...page.frontier.map(renderEntry),
  ].join('\n');
}

function parseOne(text: string) {
  const warnings: string[] = [];
  const [page] = parsePages([{ file: 'generated.txt', text }], (warning) => warnings.push(warning));
  return { page: withoutLines(page!), warnings };
}

// ---- properties ------------------------------------------------------------------------------

describe('parsing pages rendered from random content', () => {
  it('round-trips method pages', () => {
    fc.assert(
      fc.property(methodPageModel(), (model) => {
        const { page, warnings } = parseOne(renderMethodPage(model));
        expect(page).toEqual(model);
        // Alone, a page with a title glued to its topic can only be split by a (reported) guess.
        expect(warnings).toHaveLength(model.paperTitle === null ? 0 : 1);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('round-trips topic overview pages', () => {
    fc.assert(
      fc.property(overviewPageModel(), (model) => {
        expect(parseOne(renderOverviewPage(model)).page).toEqual(model);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('imports any set of well-formed pages into a valid snapshot', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(methodPageModel().map(renderMethodPage), overviewPageModel().map(renderOverviewPage)), { minLength: 1, maxLength: 3 }), (texts) => {
        const outcome = importOrImportError(texts.map((text, i) => ({ file: `p${i}.txt`, text })));
        // Random pages may legitimately clash (two pages for one method, an alias shared by two methods).
        if (outcome instanceof ImportError) expect(outcome.message).toMatch(/already has|alias|under two topics|beating itself/);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

const seedsFolder = resolve(fileURLToPath(new URL('.', import.meta.url)), 'fixtures/seeds');
const seeds = ['000_85ee5cffb96b79e3.txt', '001_620bda4cc9694942.txt', '002_5b18c036128ee2b3.txt'].map((file) => ({
  file,
  text: readFileSync(resolve(seedsFolder, file), 'utf8'),
}));

/** Imports and, on success, re-checks the snapshot; returns the ImportError instead of throwing it. */
function importOrImportError(sources: PageSource[]): ImportError | null {
  try {
    const { snapshot } = importPages(sources);
    for (const doc of snapshot.topics) {
      TopicDocument.parse(doc);
      expect(findTopicProblems(doc)).toEqual([]);
    }
    return null;
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
    expect(error.message.length).toBeGreaterThan(0);
    return error;
  }
}

const pageishChar = fc.constantFrom(...'aAzZ09 -·—“”#()[]:,.\n\t', '\r\n', 'beats ', ' vs ', 'May 28, 2026', 'papers critique it', 'What papers say\n', '- ', '\u0000', '\ufffd', '😀');

type Mutation = { kind: 'delete' | 'duplicate' | 'swap'; at: number; other: number } | { kind: 'insert' | 'replace'; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('delete' as const, 'duplicate' as const, 'swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constantFrom('insert' as const, 'replace' as const), at: fc.nat(), text: fc.string({ unit: pageishChar, maxLength: 6 }) }),
);

function mutate(text: string, mutations: Mutation[]): string {
  const lines = text.split('\n');
  for (const change of mutations) {
    const at = change.at % lines.length;
    if (change.kind === 'delete' && lines.length > 1) lines.splice(at, 1);
    else if (change.kind === 'duplicate') lines.splice(at, 0, lines[at]!);
    else if (change.kind === 'swap') {
      const other = change.other % lines.length;
      [lines[at], lines[other]] = [lines[other]!, lines[at]!];
    } else if (change.kind === 'insert' || change.kind === 'replace') {
      const line = lines[at]!;
      const column = change.at % (line.length + 1);
      lines[at] = line.slice(0, column) + change.text + line.slice(change.kind === 'replace' ? column + change.text.length : column);
    }
  }
  return lines.join('\n');
}

describe('robustness', () => {
  it('never crashes on random text: it imports or throws an ImportError', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: pageishChar, maxLength: 200 })), (text) => {
        importOrImportError([{ file: 'garbage.txt', text }]);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('never crashes on mutated seed pages: it imports or throws an ImportError', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), (victim, mutations) => {
        const sources = seeds.map((seed, i) => (i === victim ? { ...seed, text: mutate(seed.text, mutations) } : seed));
        importOrImportError(sources);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
