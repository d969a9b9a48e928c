import { describe, expect, it } from 'vitest';
import { countsLine, excerpt, formatDate } from '@/lib/format';

describe('formatters', () => {
  it.each([
    ['2026-06-18', 'Jun 18, 2026'],
    ['2023-06-01', 'Jun 1, 2023'],
    ['2026-06-18T00:00:00.000Z', 'Jun 18, 2026'],
    ['2026-13-01', '2026-13-01'],
    ['', ''],
    [null, ''],
  ])('formatDate(%s) = %s', (input, output) => expect(formatDate(input)).toBe(output));

  it('writes the KB counts line with singular and plural forms', () => {
    expect(countsLine(9, 15)).toBe('9 papers critique it · 15 beat it on benchmarks');
    // The KB counts papers both ways (its ranking: "how many distinct papers critique or beat each method").
    expect(countsLine(1, 1)).toBe('1 paper critiques it · 1 paper beats it on benchmarks');
    expect(countsLine(null, 4)).toBe('4 beat it on benchmarks');
    expect(countsLine(null, null)).toBe('');
    expect(countsLine(0, 0)).toBe('no paper critiques it · no paper beats it on benchmarks');
    expect(countsLine(3, 0)).toBe('3 papers critique it · no paper beats it on benchmarks');
  });

  it('cuts long text at a word boundary and leaves short text alone', () => {
    expect(excerpt('short', 10)).toBe('short');
    expect(excerpt('the entire codebook must fit in L1 cache', 20)).toBe('the entire codebook…');
    expect(excerpt('x'.repeat(50), 10)).toBe(`${'x'.repeat(10)}…`);
  });

  it('never cuts a character outside the BMP in half', () => {
    // 'a' then 𝑥 (two UTF-16 units) repeated, no space: a cut at 11 or 8 units falls inside an 𝑥.
    const formula = 'a𝑥'.repeat(20);
    expect(excerpt(formula, 11)).toBe(`${'a𝑥'.repeat(3)}a…`);
    expect(excerpt(formula, 8)).toBe('a𝑥a𝑥a…');
    expect(excerpt(formula, 9)).toBe(`${'a𝑥'.repeat(3)}…`);
    for (let max = 1; max < formula.length; max++) expect(excerpt(formula, max).isWellFormed()).toBe(true);
  });

  it('never cuts a character the reader sees as one: an accent written apart, an emoji joined from several', () => {
    // The cut falls where no space is near (Japanese, a formula, a long URL): what is left before the
    // "…" must be the quote's own characters, not "e" for "é" (e + U+0301) or 👩 for 👩‍🔬 (👩 ZWJ 🔬).
    const accent = `${'a'.repeat(9)}e\u0301xyz`;
    expect(excerpt(accent, 10)).toBe(`${'a'.repeat(9)}…`);
    expect(excerpt(accent, 11)).toBe(`${'a'.repeat(9)}e\u0301…`);
    const scientist = `${'a'.repeat(8)}👩\u200d🔬xyz`;
    for (let max = 9; max < 13; max++) expect(excerpt(scientist, max)).toBe(`${'a'.repeat(8)}…`);
    expect(excerpt(scientist, 13)).toBe(`${'a'.repeat(8)}👩\u200d🔬…`);
    // A heart drawn as an emoji (U+2764 U+FE0F) keeps its selector: without it, it is the text heart.
    expect(excerpt(`${'a'.repeat(9)}\u2764\ufe0fxyz`, 10)).toBe(`${'a'.repeat(9)}…`);
  });
});
