/**
 * The three seed pages through the importer: nothing lost or changed. Expected values are extracted
 * from the raw page text with simple regexes written independently of the importer (and a few are
 * listed by hand), then compared with the snapshot.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { importPages } from '../lib/importer/import-pages';
import { renderSnapshotFiles } from '../lib/snapshot/files';
import { SnapshotIndex, TopicDocument, type Method } from '../lib/snapshot/schema';
import { findTopicProblems } from '../lib/snapshot/validate';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const fixtures = resolve(repoRoot, 'tests/fixtures/seeds');
const sharedSeeds = resolve(repoRoot, '../shared/seeds');
const AQLM_FILE = '000_85ee5cffb96b79e3.txt';
const OVERVIEW_FILE = '001_620bda4cc9694942.txt';
const AWQ_FILE = '002_5b18c036128ee2b3.txt';
const SEED_FILES = [AQLM_FILE, OVERVIEW_FILE, AWQ_FILE];

const MONTHS: Record<string, string> = { Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12' };
const DATE = /(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{1,2}), (\d{4})$/;

function isoOf(printed: string): string {
  const [, month, day, year] = DATE.exec(printed)!;
  return `${year}-${MONTHS[month!]}-${day!.padStart(2, '0')}`;
}

/** The lines between a heading (its explanation skipped) and the next heading or the end. */
function sectionLines(text: string, heading: string, nextHeading?: string): string[] {
  const start = text.indexOf(`\n${heading}\n`);
  const end = nextHeading ? text.indexOf(`\n${nextHeading}\n`) : text.length;
  expect(start).toBeGreaterThan(0);
  return text.slice(start + 1, end).split('\n').slice(2);
}

const texts = new Map<string, string>();
let doc: TopicDocument;

const byId = (id: string | null) => (id === null ? null : doc.methods.find((method) => method.id === id)!);
const byName = (name: string): Method => doc.methods.find((method) => method.name === name)!;
/** How a list printed the method: its full `Name (Alias)` form when it has one, else its name. */
const printedForm = (method: Method) => method.aliases.find((alias) => alias.startsWith(`${method.name} (`)) ?? method.name;

beforeAll(async () => {
  for (const file of SEED_FILES) texts.set(file, await readFile(resolve(fixtures, file), 'utf8'));
  const { snapshot, warnings } = importPages(SEED_FILES.map((file) => ({ file, text: texts.get(file)! })));
  expect(warnings).toEqual([]);
  expect(snapshot.topics).toHaveLength(1);
  doc = snapshot.topics[0]!;
});

/** SHA-256 of each page in ../shared/seeds, recorded when the copies were made. */
const SEED_SHA256: Record<string, string> = {
  [AQLM_FILE]: 'cb546482cf7426efdf53d2340707f47d5ccb77aae5ccea793457541acd2b97c7',
  [OVERVIEW_FILE]: 'fb71f83aa0959706a5642e86175175c404a56d99014bbb93cae484830df8819c',
  [AWQ_FILE]: '85e621f064208b319442c238e152b38dd9a7daa17f5594502da1f2e7227fd90c',
};

describe('seed fixtures', () => {
  it('are byte-identical copies of ../shared/seeds (compared directly where that folder is at hand)', async () => {
    expect((await readdir(fixtures)).sort()).toEqual(SEED_FILES);
    for (const file of SEED_FILES) {
      const copy = await readFile(resolve(fixtures, file));
      expect(createHash('sha256').update(copy).digest('hex'), file).toBe(SEED_SHA256[file]);
      // A checkout outside the workspace has no ../shared; the recorded hashes stand for it there.
      if (existsSync(sharedSeeds)) expect(Buffer.compare(copy, await readFile(resolve(sharedSeeds, file))), file).toBe(0);
    }
  });
});

describe.each([
  ['AQLM', AQLM_FILE, 3, 12],
  ['AWQ', AWQ_FILE, 9, 12],
])('the %s page', (name, file, critiqueCount, resultCount) => {
  it('keeps every critique verbatim with its source paper', () => {
    const text = texts.get(file)!;
    const block = sectionLines(text, 'What papers say', 'Beaten on benchmarks').join('\n');
    const quotes = [...block.matchAll(/“([^”]*)”/g)].map((match) => match[1]);
    const sources = [...block.matchAll(/^— ([^“\n]+)/gm)].map((match) => match[1]);
    expect(quotes).toHaveLength(critiqueCount);
    expect(sources).toHaveLength(critiqueCount);
    const critiques = doc.critiques.filter((critique) => byId(critique.methodId)!.name === name);
    expect(critiques.map(({ quote, sourceTitle }) => ({ quote, sourceTitle }))).toEqual(quotes.map((quote, i) => ({ quote, sourceTitle: sources[i] })));
  });

  it('keeps every result: source, winner, metric, setting and both values', () => {
    const text = texts.get(file)!;
    const block = sectionLines(text, 'Beaten on benchmarks', 'Newer alternatives').join('\n');
    const rows = [...block.matchAll(/^- (.+)\n(.+) beats (\S+) · (.+?)(?: \[(.+)\])?\n(\S+) vs (\S+)$/gm)];
    expect(rows).toHaveLength(resultCount);
    const results = doc.results.filter((result) => byId(result.loserId)!.name === name);
    expect(
      results.map((result) => [
        result.sourceTitle,
        result.winnerLabel ?? byId(result.winnerId)!.name,
        byId(result.loserId)!.name,
        result.metric,
        result.setting,
        result.winnerValue,
        result.loserValue,
        result.winnerNumber,
        result.loserNumber,
      ]),
    ).toEqual(rows.map(([, source, winner, loser, metric, setting, a, b]) => [source, winner, loser, metric, setting ?? null, a, b, Number(a), Number(b)]));
  });

  it('keeps every newer alternative with its date, nameless ones included, in order', () => {
    const entries = sectionLines(texts.get(file)!, 'Newer alternatives').map((line) => {
      const [, glued, date] = /^- (.*?)((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4})$/.exec(line)!;
      return { glued, date: isoOf(date!) };
    });
    expect(entries).toHaveLength(10);
    const alternatives = doc.alternatives.filter((alternative) => byId(alternative.ofMethodId)!.name === name);
    expect(
      alternatives.map((alternative) => {
        const method = byId(alternative.methodId);
        return { glued: method ? printedForm(method) + (method.paperTitle ?? '') : '', date: alternative.date };
      }),
    ).toEqual(entries);
  });

  it('keeps its status and counts', () => {
    const text = texts.get(file)!;
    const [, status] = /^(.+) — /m.exec(text)!;
    const [, critiquedBy, beatenBy] = /^(\d+) papers critique it · (\d+) beat it on benchmarks$/m.exec(text)!;
    expect(byName(name)).toMatchObject({ status, critiquedBy: Number(critiquedBy), beatenBy: Number(beatenBy), topic: 'LLM quantization' });
  });
});

describe('the seed pages together', () => {
  it('give the expected method statuses and the AWQ page’s title and first-seen date', () => {
    expect(byName('AQLM')).toMatchObject({ status: 'superseded', critiquedBy: 3, beatenBy: 5, firstSeen: null, paperTitle: null });
    expect(byName('AWQ')).toMatchObject({
      status: 'heavily superseded',
      critiquedBy: 9,
      beatenBy: 15,
      firstSeen: '2023-06-01',
      paperTitle: 'AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration',
      rank: 2,
      family: 'GPTQ',
    });
    // GPTQ is ranked and counted but no page states its status.
    expect(byName('GPTQ')).toMatchObject({ status: null, rank: 1, family: 'GPTQ', critiquedBy: 13, beatenBy: 28 });
  });

  it('keep the topic, its description and its headline counts and date', () => {
    const text = texts.get(OVERVIEW_FILE)!;
    const [, topic, description] = /^Living systematic review\n(.+)\n(.+)$/m.exec(text)!;
    const [, papers, receipts, results, updated] = /^(\d+) papers · (\d+) critique receipts · ([\d,]+) benchmark results · updated (.+)$/m.exec(text)!;
    expect(doc.topic).toEqual({
      name: topic,
      description,
      papers: Number(papers),
      critiqueReceipts: Number(receipts),
      benchmarkResults: Number(results!.replace(',', '')),
      updated: isoOf(updated!),
    });
    expect(doc.topic).toMatchObject({ papers: 97, critiqueReceipts: 151, benchmarkResults: 1451, updated: '2026-06-18' });
  });

  it('keep every ranked method: rank, name, family, paper title and counts', () => {
    const text = texts.get(OVERVIEW_FILE)!;
    const ranked = [...text.matchAll(/^- (\d+)([^·]+)· (.+)\n(\d+) papers critique it · (\d+) beat it on benchmarks$/gm)];
    expect(ranked.map((match) => Number(match[1]))).toEqual([1, 2, 3, 4, 5, 9, 10, 11, 12]);
    for (const [, rank, name, glued, critiquedBy, beatenBy] of ranked) {
      const method = byName(name!);
      expect(method).toMatchObject({ rank: Number(rank), critiquedBy: Number(critiquedBy), beatenBy: Number(beatenBy) });
      expect(method.family! + method.paperTitle).toBe(glued);
      expect(method.paperTitle!.startsWith(`${name}: `)).toBe(true);
    }
    expect(['GPTQ', 'AWQ', 'OmniQuant', 'QuIP', 'PB-LLM'].map((name) => byName(name).family)).toEqual(Array(5).fill('GPTQ'));
    expect(['SmoothQuant', 'QuaRot', 'SVDQuant', 'FlatQuant'].map((name) => byName(name).family)).toEqual(Array(4).fill('SmoothQuant'));
  });

  it('keep every sub-problem with its method count and members', () => {
    const text = texts.get(OVERVIEW_FILE)!;
    const listed = [...text.matchAll(/^(.+) · (\d+) methods\n(.+)$/gm)].map(([, name, count, members]) => ({
      name,
      methodCount: Number(count),
      members: members!.split(' · '),
    }));
    expect(listed.map((subProblem) => subProblem.methodCount)).toEqual([33, 6, 3, 3]);
    expect(doc.subProblems.map((subProblem) => ({ name: subProblem.name, methodCount: subProblem.methodCount, members: subProblem.methodIds.map((id) => printedForm(byId(id)!)) }))).toEqual(listed);
    for (const subProblem of doc.subProblems) {
      for (const id of subProblem.methodIds) expect(byId(id)!.subProblem).toBe(subProblem.name);
    }
    expect(byName('TAH-Quant').aliases).toEqual(['Tile-wise Adaptive Hadamard Quantization', 'TAH-Quant (Tile-wise Adaptive Hadamard Quantization)']);
    expect(byName('LLM.int8()').aliases).toEqual([]);
  });

  it('keep every frontier entry with its date, nameless ones included, in order, and mark named ones frontier', () => {
    const entries = sectionLines(texts.get(OVERVIEW_FILE)!, 'The frontier').map((line) => {
      const [, glued, date] = /^- (.*?)((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4})$/.exec(line)!;
      return { glued, date: isoOf(date!) };
    });
    expect(entries).toHaveLength(12);
    expect(
      doc.frontier.map((entry) => {
        const method = byId(entry.methodId);
        return { glued: method ? printedForm(method) + (method.paperTitle ?? '') : '', date: entry.date };
      }),
    ).toEqual(entries);
    const named = doc.frontier.map((entry) => byId(entry.methodId)).filter((method) => method !== null);
    expect(named.map((method) => [method.name, method.status])).toEqual([
      ['FAIR-Calib', 'frontier'],
      ['STaR-Quant', 'frontier'],
      ['LFQ', 'frontier'],
      ['ADMM-Q', 'frontier'],
    ]);
  });

  it('register each named method once, including title-introduced ones, with GLVQ’s alias split from its title', () => {
    const names = doc.methods.map((method) => method.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of ['QuIP#', 'TesseraQ', 'SEPTQ', 'VLMQ', 'ParetoQ', 'QVGGT', 'LieQ', 'SQ+', 'QMC', 'ApiQ', 'STaR-Quant', 'Bi-VLM']) {
      expect(names).toContain(name);
    }
    expect(names.some((name) => name.startsWith('Quantization Meets'))).toBe(false);
    expect(byName('QuIP#').paperTitle).toBe('QuIP#: Even Better LLM Quantization with Hadamard Incoherence and Lattice Codebooks');
    expect(byName('Grouped Lattice Vector Quantization')).toMatchObject({
      aliases: ['GLVQ', 'Grouped Lattice Vector Quantization (GLVQ)'],
      paperTitle: 'Learning Grouped Lattice Vector Quantizers for Low-Bit LLM Compression',
      status: null,
    });
    const qmc = doc.results.find((result) => result.winnerLabel !== null)!;
    expect([byId(qmc.winnerId)!.name, qmc.winnerLabel]).toEqual(['QMC', 'QMC (no noise)']);
    expect(doc.results.find((result) => result.winnerValue === '29.00')).toMatchObject({ winnerNumber: 29, setting: '4-bit' });
  });

  it('validate against the snapshot schema and the referential checks', () => {
    expect(TopicDocument.parse(doc)).toEqual(doc);
    expect(findTopicProblems(doc)).toEqual([]);
  });
});

describe('the bundled public/snapshot', () => {
  it('is byte for byte what the importer produces from the seeds now', async () => {
    const { snapshot } = importPages(SEED_FILES.map((file) => ({ file, text: texts.get(file)! })));
    const { files } = await renderSnapshotFiles(snapshot, { pretty: true });
    const folder = resolve(repoRoot, 'public/snapshot');
    expect((await readdir(folder)).sort()).toEqual([...files.keys()].sort());
    for (const [file, body] of files) expect(await readFile(resolve(folder, file), 'utf8'), file).toBe(body);
  });

  it('validates as a snapshot folder', async () => {
    const folder = resolve(repoRoot, 'public/snapshot');
    const index = SnapshotIndex.parse(JSON.parse(await readFile(resolve(folder, 'index.json'), 'utf8')));
    expect(index.generatedAt).toBe('2026-06-18T00:00:00.000Z');
    for (const entry of index.topics) {
      const document = TopicDocument.parse(JSON.parse(await readFile(resolve(folder, entry.file), 'utf8')));
      expect(findTopicProblems(document)).toEqual([]);
    }
  });
});
