import { describe, expect, it } from 'vitest';
import { countSuperseded, otherNames, sortBySupersession, summaryRows, type PageSummaryMethod } from '@/lib/page-summary';
import { sampleSnapshot } from './helpers/sample-snapshot';

const method = (name: string, status: PageSummaryMethod['status'], beatenBy: number | null, count = 1): PageSummaryMethod => ({
  methodId: name.toLowerCase(),
  name,
  status,
  critiquedBy: null,
  beatenBy,
  rank: null,
  topic: 'LLM quantization',
  count,
});

describe('page summary rows', () => {
  it('join each mention with what the store knows of its method, the topic that ranks it included', () => {
    const methods = sampleSnapshot().topics.flatMap((topic) => topic.methods);
    expect(summaryRows([{ methodId: 'adam', count: 2, names: ['Adam'] }, { methodId: 'gone', count: 1 }], methods)).toEqual([
      { methodId: 'adam', count: 2, names: ['Adam'], name: 'Adam', status: 'heavily superseded', critiquedBy: null, beatenBy: 1, rank: 1, topic: 'Optimizers' },
    ]);
  });
});

describe('page summary ordering', () => {
  it('puts the most superseded first: status, then papers beating it, then mentions, then name', () => {
    const sorted = sortBySupersession([
      method('LFQ', 'frontier', null, 9),
      method('QuaRot', null, 12),
      method('AQLM', 'superseded', 5),
      method('GPTQ', null, 28),
      method('AWQ', 'heavily superseded', 15),
      method('SEPTQ', null, null, 3),
      method('LieQ', null, null, 3),
    ]);
    expect(sorted.map((m) => m.name)).toEqual(['AWQ', 'AQLM', 'GPTQ', 'QuaRot', 'LieQ', 'SEPTQ', 'LFQ']);
  });

  it('counts heavily superseded and superseded methods for the badge, nothing else', () => {
    expect(
      countSuperseded([
        { status: 'heavily superseded' },
        { status: 'superseded' },
        { status: 'frontier' },
        { status: null },
      ]),
    ).toBe(2);
    expect(countSuperseded([])).toBe(0);
  });
});

describe('the names a page mentions a method under', () => {
  it('tells its own name, as the matcher writes it (one space, a plain hyphen), from its aliases', () => {
    expect(otherNames({ name: 'GLVQ', names: ['GLVQ'] })).toEqual({ others: [], ownToo: true });
    expect(otherNames({ name: 'Grouped Lattice Vector Quantization', names: ['GLVQ'] })).toEqual({ others: ['GLVQ'], ownToo: false });
    expect(otherNames({ name: 'TAH\u2011Quant', names: ['TAH-Quant', 'Tile-wise Adaptive Hadamard Quantization'] })).toEqual({
      others: ['Tile-wise Adaptive Hadamard Quantization'],
      ownToo: true,
    });
    expect(otherNames({ name: 'Grouped  Lattice\nVector Quantization', names: ['Grouped Lattice Vector Quantization'] })).toEqual({ others: [], ownToo: true });
    // A report without names (from before they were sent) says none.
    expect(otherNames({ name: 'AWQ' })).toEqual({ others: [], ownToo: false });
  });
});
