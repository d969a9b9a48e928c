/** The importer on small handcrafted pages: one test per export quirk, and clear errors for bad input. */
import { execFile } from 'node:child_process';
import { lstat, mkdtemp, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotIndex, type Method, type Snapshot, type TopicDocument } from '../lib/snapshot/schema';
import { parseKbDate, splitTrailingDate } from '../lib/importer/dates';
import { ImportError } from '../lib/importer/errors';
import { importPages, summarizeSnapshot } from '../lib/importer/import-pages';
import { methodNameFromTitle, parseListedName, parseWinner } from '../lib/importer/method-names';
import { decodePageBytes } from '../lib/importer/page-text';
import { parseCount, parsePrintedNumber } from '../lib/importer/printed-numbers';
import { replaceSnapshotFolder } from '../lib/importer/replace-folder';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

interface MethodPageParts {
  name?: string;
  topicLine?: string;
  /** null leaves the status line out. */
  status?: string | null;
  counts?: string;
  critiques?: string[];
  results?: string[];
  alternatives?: string[];
}

function methodPage(parts: MethodPageParts = {}): string {
  const lines = [parts.name ?? 'AQLM', parts.topicLine ?? 'LLM quantization'];
  if (parts.status !== null) lines.push(parts.status ?? 'superseded — cited as a baseline and beaten by newer methods');
  lines.push(parts.counts ?? '3 papers critique it · 5 beat it on benchmarks');
  if (parts.critiques) lines.push('What papers say', 'Verbatim critique sentences.', ...parts.critiques);
  if (parts.results) lines.push('Beaten on benchmarks', 'Head-to-head results.', ...parts.results);
  if (parts.alternatives) lines.push('Newer alternatives', 'Recent methods in the same sub-problem.', ...parts.alternatives);
  return lines.join('\n');
}

interface OverviewParts {
  topic?: string;
  headline?: string;
  ranking?: string[];
  subProblems?: string[];
  frontier?: string[];
}

function overviewPage(parts: OverviewParts = {}): string {
  const lines = [
    'Living systematic review',
    parts.topic ?? 'LLM quantization',
    'Compressing LLM weights — outlier handling.',
    parts.headline ?? '97 papers · 151 critique receipts · 1,451 benchmark results · updated Jun 18, 2026',
  ];
  if (parts.ranking) lines.push('Most-superseded baselines', 'Ranked by how many distinct papers critique or beat each method.', ...parts.ranking);
  if (parts.subProblems) lines.push('Sub-problems', 'Methods that compete on the same benchmarks.', ...parts.subProblems);
  if (parts.frontier) lines.push('The frontier', 'Recent methods not yet superseded.', ...parts.frontier);
  return lines.join('\n');
}

function run(...pages: string[]) {
  return importPages(pages.map((text, i) => ({ file: `page${i + 1}.txt`, text })));
}

function onlyTopic(snapshot: Snapshot): TopicDocument {
  expect(snapshot.topics).toHaveLength(1);
  return snapshot.topics[0]!;
}

function methodNamed(doc: TopicDocument, name: string): Method {
  const method = doc.methods.find((candidate) => candidate.name === name);
  if (!method) throw new Error(`no method ${name} among ${doc.methods.map((m) => m.name).join(', ')}`);
  return method;
}

function nameOf(doc: TopicDocument, id: string | null): string | null {
  return id === null ? null : doc.methods.find((method) => method.id === id)!.name;
}

function importError(action: () => unknown): ImportError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    return error as ImportError;
  }
  throw new Error('expected an ImportError');
}

describe('dates', () => {
  it('turns printed dates into ISO dates, refusing impossible days', () => {
    expect(parseKbDate('May 28, 2026')).toBe('2026-05-28');
    expect(parseKbDate('Jun 1, 2023')).toBe('2023-06-01');
    expect(parseKbDate('September 9, 2025')).toBe('2025-09-09');
    expect(parseKbDate('Sept 9, 2025')).toBe('2025-09-09');
    expect(parseKbDate('Feb 29, 2024')).toBe('2024-02-29');
    expect(parseKbDate('Feb 29, 2025')).toBeNull();
    expect(parseKbDate('Apr 31, 2026')).toBeNull();
    expect(parseKbDate('2026-05-28')).toBeNull();
    expect(parseKbDate('May 28 2026')).toBeNull();
  });

  it('splits a date glued to the end of a title', () => {
    expect(splitTrailingDate('LFQLFQ: Low-Bit Quantized LLMsMay 28, 2026')).toEqual({ before: 'LFQLFQ: Low-Bit Quantized LLMs', printedDate: 'May 28, 2026' });
    expect(splitTrailingDate('in JuneJun 3, 2026')).toEqual({ before: 'in June', printedDate: 'Jun 3, 2026' });
    expect(splitTrailingDate('no date here')).toBeNull();
  });
});

describe('printed numbers', () => {
  it('reads counts with thousands separators and nothing else', () => {
    expect(parseCount('1,451')).toBe(1451);
    expect(parseCount('97')).toBe(97);
    expect(parseCount('1,234,567')).toBe(1234567);
    expect(parseCount('14,51')).toBeNull();
    expect(parseCount('-3')).toBeNull();
    expect(parseCount('3.0')).toBeNull();
  });

  it('reads table values as numbers only when they are plain numbers', () => {
    expect(parsePrintedNumber('29.00')).toBe(29);
    expect(parsePrintedNumber('251.84')).toBe(251.84);
    expect(parsePrintedNumber('-0.5')).toBe(-0.5);
    expect(parsePrintedNumber('1,024.5')).toBe(1024.5);
    expect(parsePrintedNumber('N/A')).toBeNull();
    expect(parsePrintedNumber('58.7%')).toBeNull();
    expect(parsePrintedNumber('1e400')).toBeNull();
  });

  it('reads no number from a decimal comma: a thousands group never follows a leading 0', () => {
    // `0,512` copied from a table that writes decimals with a comma is 0.512, never 512.
    expect(parsePrintedNumber('0,512')).toBeNull();
    expect(parsePrintedNumber('\u22120,512')).toBeNull();
    expect(parsePrintedNumber('00,512')).toBeNull();
    expect(parseCount('0,451')).toBeNull();
    expect(parsePrintedNumber('1,024')).toBe(1024);
    expect(parsePrintedNumber('0.512')).toBe(0.512);
  });

  it('reads U+2212, the minus sign typeset tables print, as a minus', () => {
    expect(parsePrintedNumber('\u22120.52')).toBe(-0.52);
    expect(parsePrintedNumber('\u22121,024.5')).toBe(-1024.5);
    expect(parsePrintedNumber('\u2212')).toBeNull();
    expect(parsePrintedNumber('5\u22123')).toBeNull();
    expect(parsePrintedNumber('\u2212\u22121')).toBeNull();
  });

  it('keeps a value printed with U+2212 as printed, beside the number read from it', () => {
    const doc = onlyTopic(run(methodPage({ name: 'AWQ', results: ['- Some Paper', 'ApiQ beats AWQ · Δ accuracy', '\u22120.52 vs \u22121.30'] })).snapshot);
    expect(doc.results[0]).toMatchObject({ winnerValue: '\u22120.52', loserValue: '\u22121.30', winnerNumber: -0.52, loserNumber: -1.3 });
  });
});

describe('method name conventions', () => {
  it('reads `X (Y)` in lists as a name with aliases, and empty parentheses as part of a name', () => {
    expect(parseListedName('TAH-Quant (Tile-wise Adaptive Hadamard Quantization)')).toEqual({
      name: 'TAH-Quant',
      aliases: ['Tile-wise Adaptive Hadamard Quantization', 'TAH-Quant (Tile-wise Adaptive Hadamard Quantization)'],
    });
    expect(parseListedName('LLM.int8()')).toEqual({ name: 'LLM.int8()', aliases: [] });
    expect(parseListedName('Foo ( )')).toEqual({ name: 'Foo ( )', aliases: [] });
  });

  it('reads `X (Y)` as a winner as method X with a printed variant', () => {
    expect(parseWinner('QMC (no noise)')).toEqual({ name: 'QMC', label: 'QMC (no noise)' });
    expect(parseWinner('QuIP#')).toEqual({ name: 'QuIP#', label: null });
  });

  it('reads a winner with several printed variants, `X (W4A16) (ours)`, as method X', () => {
    // Otherwise “X (W4A16)” became a method of its own, apart from X's page.
    expect(parseWinner('OmniQuant (W4A16) (ours)')).toEqual({ name: 'OmniQuant', label: 'OmniQuant (W4A16) (ours)' });
    expect(parseWinner('LLM.int8() (ours)')).toEqual({ name: 'LLM.int8()', label: 'LLM.int8() (ours)' });
  });

  it('takes the one-token, name-like prefix of a title as the method it introduces', () => {
    expect(methodNameFromTitle('TesseraQ: Ultra Low-Bit LLM Post-Training Quantization')).toBe('TesseraQ');
    expect(methodNameFromTitle('QuIP#: Even Better LLM Quantization')).toBe('QuIP#');
    expect(methodNameFromTitle('SEPTQ: A Simple and Effective Paradigm')).toBe('SEPTQ');
    expect(methodNameFromTitle('STaR-Quant: State-Time Consistent PTQ')).toBe('STaR-Quant');
    expect(methodNameFromTitle('Quantization Meets dLLMs: A Systematic Study')).toBeNull();
    expect(methodNameFromTitle('Position: Quantize Everything')).toBeNull();
    expect(methodNameFromTitle('Exploring Layer-wise Information Effectiveness')).toBeNull();
  });
});

describe('importing handcrafted pages', () => {
  it('splits a name glued to its paper title and date, and keeps date-only entries without a name', () => {
    const doc = onlyTopic(
      run(
        methodPage({
          alternatives: [
            '- May 29, 2026',
            '- LFQLFQ: Logit-aware Final-block Quantization for Low-Bit Quantized LLMsMay 28, 2026',
            '- ADMM-QADMM-Q: An Improved Hessian-based Weight QuantizerMay 11, 2026',
            '- Apr 11, 2026',
          ],
        }),
      ).snapshot,
    );
    expect(doc.alternatives.map((entry) => [nameOf(doc, entry.methodId), entry.date, nameOf(doc, entry.ofMethodId)])).toEqual([
      [null, '2026-05-29', 'AQLM'],
      ['LFQ', '2026-05-28', 'AQLM'],
      ['ADMM-Q', '2026-05-11', 'AQLM'],
      [null, '2026-04-11', 'AQLM'],
    ]);
    expect(methodNamed(doc, 'LFQ').paperTitle).toBe('LFQ: Logit-aware Final-block Quantization for Low-Bit Quantized LLMs');
    expect(methodNamed(doc, 'LFQ').status).toBeNull();
  });

  it('reads rank, name, family and paper title from glued ranking lines, ranks with gaps included', () => {
    const doc = onlyTopic(
      run(
        overviewPage({
          ranking: [
            '- 1GPTQ· GPTQGPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers',
            '13 papers critique it · 28 beat it on benchmarks',
            '- 2AWQ· GPTQAWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration',
            '9 papers critique it · 15 beat it on benchmarks',
            '- 10SVDQuant· SmoothQuantSVDQuant: Absorbing Outliers by Low-Rank Components',
            '1 paper critiques it · 1,204 beat it on benchmarks',
          ],
        }),
      ).snapshot,
    );
    const ranked = doc.methods.map(({ name, rank, family, paperTitle, critiquedBy, beatenBy }) => ({ name, rank, family, paperTitle, critiquedBy, beatenBy }));
    expect(ranked).toEqual([
      { name: 'GPTQ', rank: 1, family: 'GPTQ', paperTitle: 'GPTQ: Accurate Post-Training Quantization for Generative Pre-trained Transformers', critiquedBy: 13, beatenBy: 28 },
      { name: 'AWQ', rank: 2, family: 'GPTQ', paperTitle: 'AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration', critiquedBy: 9, beatenBy: 15 },
      { name: 'SVDQuant', rank: 10, family: 'SmoothQuant', paperTitle: 'SVDQuant: Absorbing Outliers by Low-Rank Components', critiquedBy: 1, beatenBy: 1204 },
      // The family label names a method too.
      { name: 'SmoothQuant', rank: null, family: null, paperTitle: null, critiquedBy: null, beatenBy: null },
    ]);
    // Ranked, counted and in a family, but no page states a status: it stays unknown.
    expect(methodNamed(doc, 'GPTQ').status).toBeNull();
  });

  it('tells a rank from a name that starts with a digit', () => {
    const ranked = (lines: string[]) =>
      onlyTopic(run(overviewPage({ ranking: lines })).snapshot)
        .methods.filter((method) => method.rank !== null)
        .map(({ name, rank, family, paperTitle }) => ({ name, rank, family, paperTitle }));
    // Rank 9 of 2DQuant or rank 92 of DQuant: the family GPTQ is a name printed elsewhere, GPTQ2 is not.
    expect(
      ranked([
        '- 1GPTQ· GPTQGPTQ: Accurate Post-Training Quantization',
        '13 papers critique it · 28 beat it on benchmarks',
        '- 92DQuant· GPTQ2DQuant: 2-Bit Quantization of Diffusion Transformers',
        '2 papers critique it · 3 beat it on benchmarks',
      ]),
    ).toEqual([
      { name: 'GPTQ', rank: 1, family: 'GPTQ', paperTitle: 'GPTQ: Accurate Post-Training Quantization' },
      { name: '2DQuant', rank: 9, family: 'GPTQ', paperTitle: '2DQuant: 2-Bit Quantization of Diffusion Transformers' },
    ]);
    // A name printed elsewhere (here in a sub-problem) decides too.
    const doc = onlyTopic(
      run(overviewPage({ ranking: ['- 124bitQ· XY4bitQ: Even Fewer Bits', '2 papers critique it · 3 beat it on benchmarks'], subProblems: ['XY · 2 methods', 'XY · 4bitQ'] })).snapshot,
    );
    expect(methodNamed(doc, '4bitQ')).toMatchObject({ rank: 12, family: 'XY', paperTitle: '4bitQ: Even Fewer Bits' });
  });

  it('reads quotes that run into the next quote on the source line, keeping each quote and source verbatim', () => {
    const doc = onlyTopic(
      run(
        methodPage({
          critiques: [
            '“First quote — with an em dash · and a middle dot.”',
            '— QuIP#: Even Better LLM Quantization“Second quote, “nested” words.”',
            '— “Give Me BF16 or Give Me Death”? Accuracy Trade-Offs in LLM Quantization“Third quote”',
            '— Learning Grouped Lattice Vector Quantizers',
          ],
        }),
      ).snapshot,
    );
    expect(doc.critiques.map(({ quote, sourceTitle }) => [quote, sourceTitle])).toEqual([
      ['First quote — with an em dash · and a middle dot.', 'QuIP#: Even Better LLM Quantization'],
      ['Second quote, “nested” words.', '“Give Me BF16 or Give Me Death”? Accuracy Trade-Offs in LLM Quantization'],
      ['Third quote', 'Learning Grouped Lattice Vector Quantizers'],
    ]);
    expect(new Set(doc.critiques.map((critique) => nameOf(doc, critique.methodId)))).toEqual(new Set(['AQLM']));
    expect(methodNamed(doc, 'QuIP#').paperTitle).toBe('QuIP#: Even Better LLM Quantization');
  });

  it('reads results with and without a setting, keeping printed values and parsing numbers', () => {
    const doc = onlyTopic(
      run(
        methodPage({
          name: 'AWQ',
          results: [
            '- SEPTQ: A Simple and Effective Post-Training Quantization Paradigm',
            'SEPTQ beats AWQ · perplexity [4-bit]',
            '29.00 vs 32.28',
            '- STaR-Quant: State-Time Consistent Post-Training Quantization',
            'STaR-Quant beats AWQ · Avg. [W4A4 (4-bit weight and activation) on LLADA-8B]',
            '57.07 vs N/A',
            '- Enhancing Ultra-Low-Bit Quantization',
            'ApiQ beats AWQ · WikiText2 PPL',
            '5.12 vs 5.32',
          ],
        }),
      ).snapshot,
    );
    expect(doc.results.map(({ metric, setting, winnerValue, loserValue, winnerNumber, loserNumber }) => [metric, setting, winnerValue, loserValue, winnerNumber, loserNumber])).toEqual([
      ['perplexity', '4-bit', '29.00', '32.28', 29, 32.28],
      ['Avg.', 'W4A4 (4-bit weight and activation) on LLADA-8B', '57.07', 'N/A', 57.07, null],
      ['WikiText2 PPL', null, '5.12', '5.32', 5.12, 5.32],
    ]);
    expect(doc.results.map((result) => [nameOf(doc, result.winnerId), nameOf(doc, result.loserId)])).toEqual([
      ['SEPTQ', 'AWQ'],
      ['STaR-Quant', 'AWQ'],
      ['ApiQ', 'AWQ'],
    ]);
  });

  it('reads a method page titled `Name (Alias)`, listed nowhere else, as the name with its alias', () => {
    // As a list entry would be read: otherwise only the whole written form was a name, and a paper writing GLVQ got no mark.
    const doc = onlyTopic(run(methodPage({ name: 'Grouped Lattice Vector Quantization (GLVQ)' })).snapshot);
    expect(doc.methods.map(({ name, aliases }) => ({ name, aliases }))).toEqual([
      { name: 'Grouped Lattice Vector Quantization', aliases: ['GLVQ', 'Grouped Lattice Vector Quantization (GLVQ)'] },
    ]);
  });

  it('reads a winner with a variant as the method plus a printed label', () => {
    const doc = onlyTopic(
      run(methodPage({ name: 'AWQ', results: ['- QMC: Efficient SLM Edge Inference', 'QMC (no noise) beats AWQ · PPL [LLaMA-3.2B]', '10.43 vs 12.67'] })).snapshot,
    );
    expect(doc.results[0]).toMatchObject({ winnerId: methodNamed(doc, 'QMC').id, winnerLabel: 'QMC (no noise)' });
    expect(doc.methods.map((method) => method.name)).toEqual(['AWQ', 'QMC']);
    expect(methodNamed(doc, 'QMC').aliases).toEqual([]);
  });

  it('splits the paper title glued before the topic using the overview’s topic name', () => {
    const awq = methodPage({
      name: 'AWQ',
      topicLine: 'AWQ: Activation-aware Weight Quantization for LLM Compression and AccelerationLLM quantization · first seen Jun 1, 2023',
      status: 'heavily superseded — a standard baseline that newer methods routinely beat',
    });
    const { snapshot, warnings } = run(awq, overviewPage());
    const method = methodNamed(onlyTopic(snapshot), 'AWQ');
    expect(method).toMatchObject({
      topic: 'LLM quantization',
      paperTitle: 'AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration',
      firstSeen: '2023-06-01',
      status: 'heavily superseded',
    });
    expect(warnings).toEqual([]);
  });

  it('uses another method page’s topic line to split, and guesses with a warning when imported alone', () => {
    const awq = methodPage({ name: 'AWQ', topicLine: 'AWQ: Activation-aware Weight Quantization for LLM Compression and AccelerationLLM quantization' });
    const withOther = run(methodPage({ name: 'AQLM' }), awq);
    expect(methodNamed(onlyTopic(withOther.snapshot), 'AWQ').topic).toBe('LLM quantization');
    expect(withOther.warnings).toEqual([]);

    const alone = run(awq);
    expect(methodNamed(onlyTopic(alone.snapshot), 'AWQ')).toMatchObject({
      topic: 'LLM quantization',
      paperTitle: 'AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration',
    });
    expect(alone.warnings).toHaveLength(1);
    expect(alone.warnings[0]).toMatch(/page1\.txt: guessed .* the topic/);
  });

  it('reads sub-problems: name, method count, members with aliases, and each member’s sub-problem', () => {
    const doc = onlyTopic(
      run(
        overviewPage({
          subProblems: [
            'FlexRound · 6 methods',
            'FlexRound · LLM.int8() · ZeroQuant',
            'AQ-SGD · 1 method',
            'AQ-SGD · TAH-Quant (Tile-wise Adaptive Hadamard Quantization)',
            'Empty · 1,033 methods',
          ],
        }),
      ).snapshot,
    );
    expect(doc.subProblems.map(({ name, methodCount, methodIds }) => [name, methodCount, methodIds.map((id) => nameOf(doc, id))])).toEqual([
      ['FlexRound', 6, ['FlexRound', 'LLM.int8()', 'ZeroQuant']],
      ['AQ-SGD', 1, ['AQ-SGD', 'TAH-Quant']],
      ['Empty', 1033, []],
    ]);
    expect(methodNamed(doc, 'TAH-Quant')).toMatchObject({
      aliases: ['Tile-wise Adaptive Hadamard Quantization', 'TAH-Quant (Tile-wise Adaptive Hadamard Quantization)'],
      subProblem: 'AQ-SGD',
    });
    expect(methodNamed(doc, 'LLM.int8()')).toMatchObject({ aliases: [], subProblem: 'FlexRound' });
  });

  it('splits `Name (Alias)` glued to a paper title, by a title printed elsewhere or by the closing parenthesis', () => {
    const glvq = '- Grouped Lattice Vector Quantization (GLVQ)Learning Grouped Lattice Vector Quantizers for Low-Bit LLM CompressionOct 23, 2025';
    const withKnownTitle = run(
      methodPage({ critiques: ['“A quote.”', '— Learning Grouped Lattice Vector Quantizers for Low-Bit LLM Compression'], alternatives: [glvq] }),
    );
    const alone = run(methodPage({ alternatives: [glvq] }));
    for (const { snapshot } of [withKnownTitle, alone]) {
      const doc = onlyTopic(snapshot);
      expect(methodNamed(doc, 'Grouped Lattice Vector Quantization')).toMatchObject({
        aliases: ['GLVQ', 'Grouped Lattice Vector Quantization (GLVQ)'],
        paperTitle: 'Learning Grouped Lattice Vector Quantizers for Low-Bit LLM Compression',
        status: null,
      });
      expect(doc.alternatives[0]).toMatchObject({ date: '2025-10-23' });
    }
  });

  it('gives frontier methods the frontier status the page states, and alternatives-only methods none', () => {
    const doc = onlyTopic(
      run(
        overviewPage({ frontier: ['- Jun 7, 2026', '- FAIR-CalibFAIR-Calib: Frontier-Aware Instability-Reweighted CalibrationJun 4, 2026'] }),
        methodPage({ alternatives: ['- FAIR-CalibFAIR-Calib: Frontier-Aware Instability-Reweighted CalibrationJun 4, 2026', '- Bi-VLMBi-VLM: Pushing Ultra-Low PrecisionSep 23, 2025'] }),
      ).snapshot,
    );
    expect(doc.frontier.map((entry) => [nameOf(doc, entry.methodId), entry.date])).toEqual([
      [null, '2026-06-07'],
      ['FAIR-Calib', '2026-06-04'],
    ]);
    expect(methodNamed(doc, 'FAIR-Calib').status).toBe('frontier');
    expect(methodNamed(doc, 'Bi-VLM').status).toBeNull();
  });

  it('registers methods introduced by one-token title prefixes, but not by several words', () => {
    const doc = onlyTopic(
      run(
        methodPage({
          critiques: [
            '“q1”',
            '— TesseraQ: Ultra Low-Bit LLM Post-Training Quantization with Block Reconstruction“q2”',
            '— Quantization Meets dLLMs: A Systematic Study of Post-training Quantization',
          ],
        }),
      ).snapshot,
    );
    expect(doc.methods.map((method) => [method.name, method.paperTitle])).toEqual([
      ['AQLM', null],
      ['TesseraQ', 'TesseraQ: Ultra Low-Bit LLM Post-Training Quantization with Block Reconstruction'],
    ]);
  });

  it('merges a method named on several pages into one, in order of first mention', () => {
    const alternatives = ['- LFQLFQ: Logit-aware Final-block QuantizationMay 28, 2026'];
    const doc = onlyTopic(
      run(
        methodPage({ name: 'AQLM', alternatives }),
        overviewPage({ ranking: ['- 2AWQ· GPTQAWQ: Activation-aware Weight Quantization', '9 papers critique it · 15 beat it on benchmarks'], frontier: ['- LFQLFQ: Logit-aware Final-block QuantizationMay 28, 2026'] }),
        methodPage({ name: 'AWQ', counts: '9 papers critique it · 15 beat it on benchmarks', alternatives }),
      ).snapshot,
    );
    expect(doc.methods.map((method) => method.name)).toEqual(['AQLM', 'LFQ', 'AWQ', 'GPTQ']);
    expect(doc.alternatives.map((entry) => [nameOf(doc, entry.methodId), nameOf(doc, entry.ofMethodId)])).toEqual([
      ['LFQ', 'AQLM'],
      ['LFQ', 'AWQ'],
    ]);
    expect(methodNamed(doc, 'AWQ')).toMatchObject({ rank: 2, family: 'GPTQ', critiquedBy: 9, beatenBy: 15 });
  });

  it('merges a method first named by its alias into the later `Name (Alias)`', () => {
    const doc = onlyTopic(
      run(
        methodPage({
          results: ['- Some Paper', 'GLVQ beats AQLM · PPL', '1 vs 2'],
          alternatives: ['- Grouped Lattice Vector Quantization (GLVQ)Learning Grouped Lattice Vector QuantizersOct 23, 2025'],
        }),
      ).snapshot,
    );
    expect(doc.methods.map(({ name, aliases }) => [name, aliases])).toEqual([
      ['AQLM', []],
      ['Grouped Lattice Vector Quantization', ['GLVQ', 'Grouped Lattice Vector Quantization (GLVQ)']],
    ]);
    expect(doc.results[0]!.winnerId).toBe(doc.alternatives[0]!.methodId);
  });

  it('gives a method the same id whatever order names that slug alike come in, single names their plain slug', () => {
    const idsOf = (members: string[]) => {
      const doc = onlyTopic(run(overviewPage({ subProblems: [`Quant · ${members.length} methods`, ['Quant', ...members].join(' · ')] })).snapshot);
      return Object.fromEntries(doc.methods.map((method) => [method.name, method.id]));
    };
    const names = ['AWQ', 'awq', 'Foo-Bar', 'Foo Bar', 'Foo bar'];
    const forward = idsOf(names);
    expect(idsOf([...names].reverse())).toEqual(forward);
    expect(idsOf(['awq', 'Foo bar', 'AWQ', 'Foo-Bar', 'Foo Bar'])).toEqual(forward);
    expect(new Set(Object.values(forward)).size).toBe(Object.keys(forward).length);
    expect(forward).toMatchObject({ Quant: 'quant' });
    // A name alone keeps the plain slug it always had, so a mute stored by id still finds it.
    expect(idsOf(['AWQ'])).toEqual({ Quant: 'quant', AWQ: 'awq' });
    // A lookalike added later never takes that id: a mute of AWQ must not pass to awq.
    expect(idsOf(['AWQ', 'awq']).awq).not.toBe('awq');
    expect(Object.values(idsOf(['AWQ', 'awq']))).not.toContain('awq');
  });

  it('lets the method’s own page win when pages disagree, with a warning', () => {
    const { snapshot, warnings } = run(
      overviewPage({ ranking: ['- 2AWQ· GPTQAWQ: Activation-aware Weight Quantization', '8 papers critique it · 15 beat it on benchmarks'] }),
      methodPage({ name: 'AWQ', counts: '9 papers critique it · 15 beat it on benchmarks' }),
    );
    expect(methodNamed(onlyTopic(snapshot), 'AWQ')).toMatchObject({ critiquedBy: 9, beatenBy: 15 });
    expect(warnings).toEqual([
      'AWQ: critiquedBy is 9 at page2.txt:1 but 8 at page1.txt:7; keeping 9 (the method’s own page wins)',
    ]);
  });

  it('reads the topic headline and stamps the snapshot with the latest update date', () => {
    const first = run(overviewPage({ headline: '1 paper · 1 critique receipt · 1 benchmark result · updated May 2, 2026' }), methodPage({ topicLine: 'Other topic' }));
    expect(first.snapshot.topics.map((doc) => doc.topic)).toEqual([
      { name: 'LLM quantization', description: 'Compressing LLM weights — outlier handling.', papers: 1, critiqueReceipts: 1, benchmarkResults: 1, updated: '2026-05-02' },
      { name: 'Other topic', description: null, papers: null, critiqueReceipts: null, benchmarkResults: null, updated: null },
    ]);
    expect(first.snapshot.generatedAt).toBe('2026-05-02T00:00:00.000Z');
    // Without any update date the latest printed date stamps it; re-importing gives the same stamp.
    const page = methodPage({ alternatives: ['- May 29, 2026', '- Jan 2, 2027'] });
    expect(run(page).snapshot.generatedAt).toBe('2027-01-02T00:00:00.000Z');
    expect(run(page)).toEqual(run(page));
  });

  it('accepts singular counts, blank lines, CRLF line ends and a byte-order mark', () => {
    const page = `\ufeff${methodPage({ counts: '1 paper critiques it · 1 beats it on benchmarks', status: null })}\n\n`.replace(/\n/g, '\r\n');
    expect(methodNamed(onlyTopic(run(page).snapshot), 'AQLM')).toMatchObject({ critiquedBy: 1, beatenBy: 1, status: null });
  });

  it('takes the Unicode line and paragraph separators and NEL as line ends, like CR and LF', () => {
    for (const separator of ['\u2028', '\u2029', '\u0085']) {
      const page = methodPage({ counts: '1 paper critiques it · 1 beats it on benchmarks', status: null }).replace(/\n/g, separator);
      expect(methodNamed(onlyTopic(run(page).snapshot), 'AQLM')).toMatchObject({ critiquedBy: 1, beatenBy: 1, status: null });
    }
  });

  it('summarizes a snapshot in one line', () => {
    const { snapshot } = run(methodPage({ critiques: ['“q”', '— Some Paper'], results: ['- P', 'X beats AQLM · m', '1 vs 2'] }));
    expect(summarizeSnapshot(snapshot)).toBe('1 topic, 2 methods, 1 critique, 1 result');
  });
});

describe('import errors', () => {
  const cases: [string, () => unknown, RegExp][] = [
    ['an empty file', () => run(''), /^page1\.txt: the file is empty$/],
    ['a whitespace-only file', () => run(' \n\t\n'), /^page1\.txt: the file is empty$/],
    ['a file with NUL bytes', () => run('AQLM\n\u0000\u0001garbage'), /^page1\.txt:2: .*U\+0000.*binary/],
    ['text that is no page at all', () => run('hello\nworld\nthis is not a page'), /^page1\.txt:3: not a knowledge-base page: neither a topic overview \(first line “Living systematic review”\) nor a method page \(third line a status like “superseded — …” or a counts line\); found “this is not a page”$/],
    ['a one-line file', () => run('AQLM'), /^page1\.txt:1: the page is too short/],
    ['a malformed counts line', () => run(methodPage({ counts: '3 papers critique it, 5 beat it' })), /^page1\.txt:4: expected a counts line like “3 papers critique it · 5 beat it on benchmarks”, found “3 papers critique it, 5 beat it”$/],
    ['a wrongly grouped count', () => run(methodPage({ counts: '3 papers critique it · 1,23 beat it on benchmarks' })), /^page1\.txt:4: expected a counts line/],
    ['an unknown status', () => run(methodPage({ status: 'obsolete — nobody uses it' })), /^page1\.txt:3: unknown status “obsolete” \(expected one of: heavily superseded, superseded, frontier\)$/],
    [
      'a status explained otherwise',
      () => run(methodPage({ status: 'superseded — whatever text' })),
      /^page1\.txt:3: the status “superseded” is explained as “whatever text”; the knowledge base means “cited as a baseline and beaten by newer methods”$/,
    ],
    ['a result whose loser is not the page’s method', () => run(methodPage({ results: ['- SEPTQ: A Paper', 'SEPTQ beats AWQ · perplexity [2-bit]', '1 vs 2'] })), /^page1\.txt:8: the result's loser is “AWQ”, but this is the page of “AQLM”$/],
    ['a result where the method beats itself', () => run(methodPage({ results: ['- P', 'AQLM (v2) beats AQLM · m', '1 vs 2'] })), /^page1\.txt:8: the result has “AQLM” beating itself$/],
    ['an incomplete result', () => run(methodPage({ results: ['- SEPTQ: A Paper', 'SEPTQ beats AQLM · perplexity'] })), /^page1\.txt:7: the result is incomplete/],
    ['a result without “vs”', () => run(methodPage({ results: ['- P', 'X beats AQLM · m', '1 to 2'] })), /^page1\.txt:9: expected “<winner value> vs <loser value>”/],
    ['a quote without its source', () => run(methodPage({ critiques: ['“q1”', '“q2”', '— S'] })), /^page1\.txt:8: this quote follows a quote that has no “— source” line$/],
    ['a last quote without source', () => run(methodPage({ critiques: ['“q1”', '— S“q2”'] })), /^page1\.txt:8: the quote has no “— source” line after it$/],
    ['an unclosed quote', () => run(methodPage({ critiques: ['“q1', '— S'] })), /^page1\.txt:7: a quote must open with “, close with ”/],
    ['sections out of order', () => run(`${methodPage({ alternatives: [] })}\nWhat papers say\nExplained.`), /^page1\.txt:7: section “What papers say” is repeated or out of order/],
    ['a section without its explanation', () => run(`${methodPage()}\nNewer alternatives\n- May 29, 2026`), /^page1\.txt:5: section “Newer alternatives” lacks its one-line explanation/],
    ['an unknown line before the sections', () => run(`${methodPage()}\nSomething else`), /^page1\.txt:5: expected a section heading/],
    ['an impossible date', () => run(methodPage({ alternatives: ['- Feb 30, 2026'] })), /^page1\.txt:7: expected a date like “Jun 1, 2023”, found “Feb 30, 2026”$/],
    ['an entry whose name cannot be told from its title', () => run(methodPage({ alternatives: ['- Some words without a glued nameMay 2, 2026'] })), /^page1\.txt:7: cannot tell the method name from the paper title/],
    [
      // Not `ApiQEnhancing … Language Models` with the alias “LLMs” (every “LLMs” in a paper marked as it) and the title “, Revisited”.
      'an entry whose unknown title holds `(LLMs),` after a name it does not introduce',
      () => run(methodPage({ alternatives: ['- ApiQEnhancing Quantization of Large Language Models (LLMs), RevisitedMay 2, 2026'] })),
      /^page1\.txt:7: cannot tell the method name from the paper title in “ApiQEnhancing Quantization of Large Language Models \(LLMs\), Revisited”/,
    ],
    ['a ranking line without its family', () => run(overviewPage({ ranking: ['- 1GPTQ· Accurate Post-Training Quantization', '1 paper critiques it · 2 beat it on benchmarks'] })), /^page1\.txt:7: cannot tell the family label from the paper title/],
    ['a ranking line without counts', () => run(overviewPage({ ranking: ['- 1GPTQ· GPTQGPTQ: Accurate'] })), /^page1\.txt:7: the ranked method has no counts line after it$/],
    [
      'a rank that cannot be told from the name',
      () => run(overviewPage({ ranking: ['- 92DQuant· XY2DQuant: Two Bits', '2 papers critique it · 3 beat it on benchmarks'] })),
      /^page1\.txt:7: cannot tell the rank from the name in “92DQuant”: rank 9 of “2DQuant” or rank 92 of “DQuant”$/,
    ],
    ['rank zero', () => run(overviewPage({ ranking: ['- 0GPTQ· GPTQGPTQ: Accurate', '1 paper critiques it · 2 beat it on benchmarks'] })), /^page1\.txt:7: the rank “0” is not a positive whole number$/],
    ['an overview without headline', () => run('Living systematic review\nLLM quantization\nA description.\nThe frontier\nRecent.'), /^page1\.txt:3: the overview has no headline/],
    ['a malformed sub-problem', () => run(overviewPage({ subProblems: ['SmoothQuant has 33 methods'] })), /^page1\.txt:7: expected a sub-problem like “SmoothQuant · 33 methods”/],
    ['two pages for one method', () => run(methodPage(), methodPage()), /^page2\.txt:1: “AQLM” already has a page in this import \(page1\.txt\)$/],
    ['two overviews of one topic', () => run(overviewPage(), overviewPage()), /^page2\.txt:1: the topic “LLM quantization” already has an overview page \(page1\.txt\)$/],
    ['an alias that names another method', () => run(overviewPage({ subProblems: ['S · 2 methods', 'Foo (FQ) · Bar (FQ)'] })), /^page1\.txt:7: “Bar” gives an alias that belongs to “Foo”$/],
    ['the same name in two topics', () => run(methodPage({ topicLine: 'Topic A' }), methodPage({ name: 'AWQ', topicLine: 'Topic B', results: ['- P', 'AQLM beats AWQ · m', '1 vs 2'] })), /^page2\.txt:7: the method “AQLM” is named under two topics, “Topic A” \(page1\.txt:1\) and “Topic B”; a method belongs to one topic$/],
    ['a name too long for the format', () => run(methodPage({ name: 'X'.repeat(301) })), /^page1\.txt:1: the topic “LLM quantization” does not fit the snapshot format: method “X+…”\.id: Too big.*method “X+…”\.name: Too big/],
    ['no pages at all', () => importPages([]), /^no page files to import$/],
  ];

  it.each(cases)('rejects %s with a clear message', (_, action, message) => {
    expect(importError(action).message).toMatch(message);
  });

  it('rejects bytes that are not UTF-8', () => {
    const error = importError(() => decodePageBytes(new Uint8Array([0x41, 0xff, 0xfe, 0x00]), 'blob.bin'));
    expect(error.message).toBe('blob.bin: the file is not UTF-8 text (is it a binary file?)');
    expect(error).toMatchObject({ file: 'blob.bin', line: undefined });
  });
});

describe('writing the snapshot folder', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'importer-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('replaces an earlier snapshot folder whole', async () => {
    const out = join(scratch, 'replace', 'snapshot');
    await replaceSnapshotFolder(run(methodPage({ topicLine: 'Old topic' })).snapshot, out);
    await replaceSnapshotFolder(run(methodPage()).snapshot, out);
    expect((await readdir(out)).sort()).toEqual(['index.json', 'llm-quantization.json']);
    expect(await readdir(join(scratch, 'replace'))).toEqual(['snapshot']);
  });

  it('gives a topic named "Index" a file of its own: the index does not overwrite it', async () => {
    const out = join(scratch, 'index-topic');
    await replaceSnapshotFolder(run(methodPage({ topicLine: 'Index' })).snapshot, out);
    const index = JSON.parse(await readFile(join(out, 'index.json'), 'utf8')) as { topics: { topic: string; file: string }[] };
    const [entry] = index.topics;
    expect(entry?.file).not.toBe('index.json');
    const topic = JSON.parse(await readFile(join(out, entry!.file), 'utf8')) as TopicDocument;
    expect(topic.topic.name).toBe('Index');
    expect(topic.methods.map((method) => method.name)).toEqual(['AQLM']);
  });

  it('names the file of a topic with a very long name within what the index allows', async () => {
    const out = join(scratch, 'long-topic');
    const name = `Post-training quantization ${'and calibration '.repeat(16)}of large language models`.slice(0, 290);
    await replaceSnapshotFolder(run(methodPage({ topicLine: name })).snapshot, out);
    const index = SnapshotIndex.parse(JSON.parse(await readFile(join(out, 'index.json'), 'utf8')));
    const topic = JSON.parse(await readFile(join(out, index.topics[0]!.file), 'utf8')) as TopicDocument;
    expect(topic.topic.name).toBe(name);
  });

  it('writes into the folder an --out symlink points to, and keeps the link', async () => {
    // A served folder is often a link (`public/snapshot -> /srv/kb/current`): replacing the link with a
    // folder would leave the served one stale.
    const real = join(scratch, 'linked', 'real');
    const link = join(scratch, 'linked', 'link');
    await replaceSnapshotFolder(run(methodPage({ topicLine: 'Old topic' })).snapshot, real);
    await symlink(real, link);
    await replaceSnapshotFolder(run(methodPage()).snapshot, link);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect((await readdir(real)).sort()).toEqual(['index.json', 'llm-quantization.json']);
    expect((await readdir(join(scratch, 'linked'))).sort()).toEqual(['link', 'real']);
  });

  it('writes through an --out symlink whose folder does not exist yet, and keeps the link', async () => {
    // A link made before the first import (`snapshot -> current`, relative) pointed at nothing: the swap
    // failed with ENOTDIR, renaming a folder onto the link.
    const parent = join(scratch, 'dangling');
    await mkdir(parent);
    await symlink('current', join(parent, 'snapshot'));
    await replaceSnapshotFolder(run(methodPage()).snapshot, join(parent, 'snapshot'));
    expect((await lstat(join(parent, 'snapshot'))).isSymbolicLink()).toBe(true);
    expect((await readdir(join(parent, 'current'))).sort()).toEqual(['index.json', 'llm-quantization.json']);
    expect((await readdir(parent)).sort()).toEqual(['current', 'snapshot']);
  });

  it('refuses an --out whose links go round in a loop, leaving them as they were', async () => {
    const parent = join(scratch, 'loop');
    await mkdir(parent);
    await symlink('b', join(parent, 'a'));
    await symlink('a', join(parent, 'b'));
    await expect(replaceSnapshotFolder(run(methodPage()).snapshot, join(parent, 'a'))).rejects.toThrow(ImportError);
    expect((await readdir(parent)).sort()).toEqual(['a', 'b']);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('leaves no staging folder behind when stopped by %s while writing, and exits as stopped', async (signal) => {
    // Ctrl-C in the middle of a long import: the half-written staging folder must not stay beside the output.
    const parent = join(scratch, `stopped-${signal}`);
    const stopper = join(scratch, `stop-${signal}.mts`);
    await writeFile(
      stopper,
      `import { replaceFolderWith } from ${JSON.stringify(resolve(repoRoot, 'lib/importer/replace-folder.ts'))};
      import { writeFile } from 'node:fs/promises';
      await replaceFolderWith(${JSON.stringify(join(parent, 'snapshot'))}, async (staging) => {
        await writeFile(staging + '/index.json', '{}');
        process.kill(process.pid, ${JSON.stringify(signal)});
        await new Promise((resolve) => setTimeout(resolve, 60_000));
      });`,
    );
    const stopped = await promisify(execFile)(resolve(repoRoot, 'node_modules/.bin/tsx'), [stopper]).then(
      () => null,
      (error: { code: number | null; signal: string | null }) => error,
    );
    expect(stopped?.code === 128 + (signal === 'SIGINT' ? 2 : 15) || stopped?.signal === signal).toBe(true);
    expect(await readdir(parent)).toEqual([]);
  });

  it('refuses to replace a folder that is not a snapshot folder', async () => {
    const out = join(scratch, 'precious');
    await mkdir(out);
    await writeFile(join(out, 'notes.txt'), 'keep me');
    await expect(replaceSnapshotFolder(run(methodPage()).snapshot, out)).rejects.toThrow(/refusing to replace .*not a snapshot folder/);
    expect(await readFile(join(out, 'notes.txt'), 'utf8')).toBe('keep me');
  });
});

describe('npm run snapshot:import', () => {
  const exec = promisify(execFile);
  const tsx = resolve(repoRoot, 'node_modules/.bin/tsx');
  const script = resolve(repoRoot, 'scripts/snapshot-import.ts');
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'importer-cli-'));
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('writes the snapshot folder and prints a one-line summary', async () => {
    const page = join(scratch, 'aqlm.txt');
    await writeFile(page, methodPage({ critiques: ['“q”', '— Some Paper'] }));
    const out = join(scratch, 'good');
    const { stdout } = await exec(tsx, [script, page, '--out', out]);
    expect(stdout.trim()).toBe(`snapshot:import: 1 page → ${out}: 1 topic, 1 method, 1 critique, 0 results`);
    expect((await readdir(out)).sort()).toEqual(['index.json', 'llm-quantization.json']);
  });

  it('exits with 1, names file and line, and writes nothing on bad input', async () => {
    const good = join(scratch, 'good.txt');
    const bad = join(scratch, 'bad.txt');
    await writeFile(good, methodPage());
    await writeFile(bad, methodPage({ name: 'AWQ', status: 'retired — gone' }));
    const out = join(scratch, 'never');
    const failure = await exec(tsx, [script, good, bad, '--out', out]).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain(`${bad}:3: unknown status “retired”`);
    expect(await readdir(scratch)).not.toContain('never');
  });

  it('says plainly, without a stack trace, that the output folder cannot be written', async () => {
    const page = join(scratch, 'for-blocked.txt');
    await writeFile(page, methodPage());
    // A file where the output's parent folder should be: as root, the simplest write that must fail.
    const blocker = join(scratch, 'blocker');
    await writeFile(blocker, 'a file, not a folder');
    const out = join(blocker, 'snapshot');
    const failure = await exec(tsx, [script, page, '--out', out]).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toBe(`snapshot:import: cannot write the snapshot folder ${out}: EEXIST: file already exists, mkdir '${blocker}'\n`);
  });
});
