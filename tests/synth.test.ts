import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slugify } from '@/lib/snapshot/ids';
import { SnapshotIndex, TopicDocument, type Method } from '@/lib/snapshot/schema';
import { DEFAULT_SEED, MAX_SYNTH_METHODS, synthesizeSnapshot } from '@/lib/snapshot/synth';
import { findTopicProblems } from '@/lib/snapshot/validate';
import { writeSynthSnapshot } from '@/scripts/snapshot-synth';
import { stringifyAscii } from '@/lib/snapshot/ascii-json';

const snapshot = synthesizeSnapshot({ methods: 2_500, seed: 7 });
const methods = snapshot.topics.flatMap((doc) => doc.methods);
const labelsOf = (method: Method) => [method.name, ...method.aliases];
/** Labels that read alike whatever their case, spacing and punctuation. */
const looseKey = (label: string) => slugify(label).replace(/-/g, '');

const REAL_NAMES = [
  'GPTQ', 'AWQ', 'QuIP#', 'QuIP', 'SmoothQuant', 'LLM.int8()', 'SQ+', 'TAH-Quant', 'Tile-wise Adaptive Hadamard Quantization',
  'Grouped Lattice Vector Quantization', 'GLVQ', 'PB-LLM', 'SVDQuant', 'ADMM-Q', 'Bi-VLM', 'FAIR-Calib', 'STaR-Quant',
  'AQLM', 'SEPTQ', 'LieQ', 'LFQ', 'OmniQuant', 'QuaRot', 'APEX4', 'SplitQuantV2', 'AQ-SGD',
];

/** The shapes real names come in, as a reader would tell them apart. */
const NAME_SHAPES: Record<string, RegExp> = {
  acronym: /^[A-Z]{2,}$/, // ZQKV
  camelCase: /^[A-Z][a-z]+[A-Z][A-Za-z]*$/, // OmniQuant
  digits: /^[A-Za-z]+\d+$/, // APEX4, SplitQuantV2
  sharp: /^[A-Za-z]+#$/, // QuIP#
  plus: /^[A-Za-z]+\+$/, // SQ+
  hyphen: /^[A-Za-z]+-[A-Za-z]+$/, // PB-LLM
  call: /^[A-Z]+\.[a-z]+\d+\(\)$/, // LLM.int8()
  multiWord: /^[A-Z][A-Za-z-]+( [A-Z][A-Za-z-]+)+$/, // Grouped Lattice Vector Quantization
};

describe('synthesizeSnapshot', () => {
  it('splits the methods into topics of the requested size', () => {
    expect(snapshot.topics.map((doc) => doc.methods.length)).toEqual([1_000, 1_000, 500]);
    const smaller = synthesizeSnapshot({ methods: 250, methodsPerTopic: 100 });
    expect(smaller.topics.map((doc) => doc.methods.length)).toEqual([100, 100, 50]);
    expect(new Set(snapshot.topics.map((doc) => doc.topic.name)).size).toBe(3);
  });

  it('gives topic documents that parse and whose every reference resolves inside the topic', () => {
    for (const doc of snapshot.topics) {
      expect(TopicDocument.parse(doc)).toEqual(doc);
      expect(findTopicProblems(doc)).toEqual([]);
      const otherTopicsIds = new Set(
        snapshot.topics.filter((other) => other !== doc).flatMap((other) => other.methods.map((method) => method.id)),
      );
      expect(findTopicProblems(doc, otherTopicsIds)).toEqual([]);
    }
  });

  it('keeps every name and alias unique across topics, even ignoring case and punctuation, and clear of real names', () => {
    const keys = methods.flatMap(labelsOf).map(looseKey);
    expect(new Set(keys).size).toBe(keys.length);
    const taken = new Set(keys);
    expect(REAL_NAMES.filter((name) => taken.has(looseKey(name)))).toEqual([]);
  });

  it('shapes names like real ones, every shape well represented', () => {
    const shapeCounts = Object.fromEntries(
      Object.entries(NAME_SHAPES).map(([shape, pattern]) => [shape, methods.filter((m) => pattern.test(m.name)).length]),
    );
    for (const count of Object.values(shapeCounts)) expect(count).toBeGreaterThan(methods.length * 0.02);
  });

  it('gives multi-word names their acronym and "Name (ACRONYM)" as aliases, and other names none', () => {
    for (const method of methods) {
      if (!method.name.includes(' ')) {
        expect(method.aliases).toEqual([]);
        continue;
      }
      const acronym = method.name
        .split(' ')
        .map((word) => word.charAt(0).toUpperCase())
        .join('');
      expect(method.aliases).toEqual([acronym, `${method.name} (${acronym})`]);
    }
  });

  it('lists about 5 critiques, 20 results and 5 alternatives per method', () => {
    const perMethod = (section: 'critiques' | 'results' | 'alternatives') =>
      snapshot.topics.reduce((sum, doc) => sum + doc[section].length, 0) / methods.length;
    expect(perMethod('critiques')).toBeCloseTo(5, 1);
    expect(perMethod('results')).toBeCloseTo(20, 1);
    expect(perMethod('alternatives')).toBeCloseTo(5, 1);
  });

  it('prints result values like source tables do, with numbers matching them', () => {
    const results = snapshot.topics.flatMap((doc) => doc.results);
    const misprinted = results.filter(
      (result) =>
        !/^\d+\.\d{1,2}$/.test(result.winnerValue) ||
        !/^\d+\.\d{1,2}$|^OOM$/.test(result.loserValue) ||
        result.winnerNumber !== Number(result.winnerValue) ||
        result.loserNumber !== (result.loserValue === 'OOM' ? null : Number(result.loserValue)),
    );
    expect(misprinted).toEqual([]);
    const share = (test: (result: (typeof results)[number]) => boolean) => results.filter(test).length / results.length;
    expect(share((result) => result.setting === null)).toBeGreaterThan(0.1);
    expect(share((result) => result.winnerLabel !== null)).toBeGreaterThan(0.02);
    expect(share((result) => result.winnerValue.endsWith('0') && result.winnerValue.includes('.'))).toBeGreaterThan(0);
    const names = new Map(methods.map((method) => [method.id, method.name]));
    for (const result of results.filter((r) => r.winnerLabel !== null)) {
      expect(result.winnerLabel?.startsWith(names.get(result.winnerId)!)).toBe(true);
    }
  });

  it('fills statuses, counts, ranks, families, sub-problems and dates like a real topic', () => {
    const statuses = new Set(methods.map((method) => method.status));
    expect([...statuses].sort()).toEqual(['frontier', 'heavily superseded', 'superseded', null].sort());
    for (const doc of snapshot.topics) {
      const ranked = doc.methods.filter((method) => method.rank !== null);
      expect(ranked.map((method) => method.rank).sort((a, b) => a! - b!)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      const familyHeads = new Set(ranked.filter((method) => method.rank! <= 3).map((method) => method.name));
      for (const method of doc.methods) {
        expect(method.family === null).toBe(method.rank === null);
        if (method.family !== null) expect(familyHeads.has(method.family)).toBe(true);
        if (method.firstSeen !== null) expect(method.firstSeen <= doc.topic.updated!).toBe(true);
      }
      const subProblemNames = new Set(doc.subProblems.map((subProblem) => subProblem.name));
      expect(doc.methods.filter((method) => method.subProblem !== null && !subProblemNames.has(method.subProblem))).toEqual([]);
      // Frontier methods are, by definition, not yet beaten.
      const frontierIds = new Set(doc.methods.filter((m) => m.status === 'frontier').map((m) => m.id));
      expect(doc.results.filter((result) => frontierIds.has(result.loserId))).toEqual([]);
      expect(doc.frontier.some((entry) => entry.methodId === null)).toBe(true);
      expect(doc.frontier.every((entry) => entry.methodId === null || frontierIds.has(entry.methodId))).toBe(true);
    }
    expect(methods.filter((method) => method.firstSeen !== null).length).toBeGreaterThan(methods.length * 0.9);
    expect(methods.filter((method) => method.paperTitle !== null).length).toBeGreaterThan(methods.length * 0.85);
  });

  it('counts at least as many critiquing and beating papers as it lists', () => {
    const papersPerMethod = (pairs: [string, string][]) => {
      const papers = new Map<string, Set<string>>();
      for (const [methodId, sourceTitle] of pairs) papers.set(methodId, (papers.get(methodId) ?? new Set()).add(sourceTitle));
      return (method: Method) => papers.get(method.id)?.size ?? 0;
    };
    const critics = papersPerMethod(snapshot.topics.flatMap((doc) => doc.critiques.map((c) => [c.methodId, c.sourceTitle])));
    const beaters = papersPerMethod(snapshot.topics.flatMap((doc) => doc.results.map((r) => [r.loserId, r.sourceTitle])));
    const undercounted = methods.filter(
      (method) =>
        (method.critiquedBy !== null && method.critiquedBy < critics(method)) ||
        (method.beatenBy !== null && method.beatenBy < beaters(method)),
    );
    expect(undercounted).toEqual([]);
  });

  it('is deterministic: the same seed gives the same snapshot, another seed a different one', () => {
    const once = JSON.stringify(synthesizeSnapshot({ methods: 300, seed: 3 }));
    expect(JSON.stringify(synthesizeSnapshot({ methods: 300, seed: 3 }))).toBe(once);
    expect(JSON.stringify(synthesizeSnapshot({ methods: 300, seed: 4 }))).not.toBe(once);
    expect(synthesizeSnapshot({ methods: 50 })).toEqual(synthesizeSnapshot({ methods: 50, seed: DEFAULT_SEED }));
  });

  it('stays valid at any small size and topic split', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 25 }),
        fc.integer({ min: 0, max: 0xffff_ffff }),
        (size, methodsPerTopic, seed) => {
          const small = synthesizeSnapshot({ methods: size, methodsPerTopic, seed });
          expect(small.topics.reduce((sum, doc) => sum + doc.methods.length, 0)).toBe(size);
          for (const doc of small.topics) {
            TopicDocument.parse(doc);
            expect(findTopicProblems(doc)).toEqual([]);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it.each([
    [{ methods: 0 }, /methods must be a whole number from 1 to 200000/],
    [{ methods: 2.5 }, /methods must be/],
    [{ methods: Number.NaN }, /methods must be/],
    [{ methods: MAX_SYNTH_METHODS + 1 }, /methods must be/],
    [{ methods: 10, methodsPerTopic: 0 }, /methods per topic/],
    [{ methods: MAX_SYNTH_METHODS, methodsPerTopic: 10 }, /20000 topics; an index holds at most 10000/],
    [{ methods: 10, seed: -1 }, /seed must be/],
  ])('refuses %o', (options, message) => {
    expect(() => synthesizeSnapshot(options)).toThrow(RangeError);
    expect(() => synthesizeSnapshot(options)).toThrow(message);
  });
});

describe('snapshot:synth', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'method-lens-synth-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('writes compact topic files whose sizes and sha-256 the index gives, holding the synthesised topics', async () => {
    const options = { methods: 1_200, seed: 11, methodsPerTopic: 500 };
    const out = join(folder, 'written');
    const summary = await writeSynthSnapshot(options, out);
    const index = SnapshotIndex.parse(JSON.parse(await readFile(join(out, 'index.json'), 'utf8')));
    expect(index).toEqual(summary.index);
    expect((await readdir(out)).sort()).toEqual(['index.json', ...index.topics.map((entry) => entry.file)].sort());
    const expected = synthesizeSnapshot(options);
    // The synthesised text has characters beyond ASCII (typographic quotes, accents), which the files escape.
    expect(JSON.stringify(expected.topics)).toMatch(/[^\x00-\x7f]/);
    let totalBytes = (await readFile(join(out, 'index.json'))).byteLength;
    for (const [i, entry] of index.topics.entries()) {
      const bytes = await readFile(join(out, entry.file));
      totalBytes += bytes.byteLength;
      expect(entry.bytes).toBe(bytes.byteLength);
      expect(entry.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      const text = bytes.toString('utf8');
      // ASCII only (other characters escaped, see ascii-json.ts), and exactly the synthesised topic.
      expect(bytes.every((byte) => byte < 0x80)).toBe(true);
      expect(text).toBe(stringifyAscii(expected.topics[i]) + '\n');
      expect(JSON.parse(text)).toEqual(expected.topics[i]);
      expect(TopicDocument.parse(JSON.parse(text)).topic.name).toBe(entry.topic);
    }
    expect(summary).toMatchObject({ methods: 1_200, bytes: totalBytes });
    expect(summary.results).toBe(expected.topics.reduce((sum, doc) => sum + doc.results.length, 0));
  });

  it('replaces an earlier snapshot folder whole, and refuses a folder holding anything else', async () => {
    const out = join(folder, 'rewritten');
    await writeSynthSnapshot({ methods: 1_200, methodsPerTopic: 400 }, out);
    const smaller = await writeSynthSnapshot({ methods: 300, methodsPerTopic: 400 }, out);
    // No topic file of the earlier, larger snapshot stays behind.
    expect((await readdir(out)).sort()).toEqual(['index.json', ...smaller.index.topics.map((entry) => entry.file)].sort());
    const other = join(folder, 'not-a-snapshot');
    await mkdir(other);
    await writeFile(join(other, 'notes.txt'), 'mine');
    await expect(writeSynthSnapshot({ methods: 10 }, other)).rejects.toThrow(/refusing to replace .*not a snapshot folder/);
    expect(await readdir(other)).toEqual(['notes.txt']);
  });

  it('writes byte-identical folders for the same arguments', async () => {
    const first = await writeSynthSnapshot({ methods: 400, seed: 5 }, join(folder, 'first'));
    const second = await writeSynthSnapshot({ methods: 400, seed: 5 }, join(folder, 'second'));
    expect(second.index).toEqual(first.index);
    expect(await readFile(join(folder, 'second', 'index.json'))).toEqual(await readFile(join(folder, 'first', 'index.json')));
  });

  describe('command line', () => {
    const run = (...args: string[]) =>
      promisify(execFile)('node_modules/.bin/tsx', ['scripts/snapshot-synth.ts', ...args]).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      );

    it('writes the folder and prints a summary with counts, bytes and time', async () => {
      const out = join(folder, 'cli');
      const { code, stdout } = await run('--methods', '30', '--per-topic', '10', '--seed', '2', '--out', out);
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Wrote 30 methods in 3 topics \(\d+ critiques, \d+ results, \d+ alternatives\) to .+: [\d,]+ bytes in [\d.]+ s$/m);
      expect((await readdir(out)).length).toBe(4);
    });

    it('says one method and one topic in the singular', async () => {
      const { code, stdout } = await run('--methods', '1', '--out', join(folder, 'one'));
      expect(code).toBe(0);
      expect(stdout).toMatch(/^Wrote 1 method in 1 topic \(/m);
    });

    it.each([
      [['--methods', 'many', '--out', 'x'], /--methods must be a whole number \(got "many"\)/],
      [['--methods', '0', '--out', 'x'], /methods must be a whole number from 1 to 200000 \(got 0\)/],
      [['--methods', '10'], /--out is required/],
      [['--methods', '10', '--out', 'x', '--size', '3'], /Unknown option '--size'/],
    ])('exits 1 with a clear message for %j', async (args, message) => {
      const { code, stdout, stderr } = await run(...args.map((arg) => (arg === 'x' ? join(folder, 'refused') : arg)));
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
      expect(stderr).toMatch(/usage: npm run snapshot:synth/);
      await expect(readdir(join(folder, 'refused'))).rejects.toThrow();
    });
  });
});
