import { afterEach, describe, expect, it } from 'vitest';
import { ENTRIES_PER_NAME, mark, measure } from '@/lib/user-timing';

afterEach(() => {
  performance.clearMarks();
  performance.clearMeasures();
});

describe('user timing entries', () => {
  it('a measure name keeps at most its limit of entries, the latest always among them', () => {
    for (let i = 0; i < 2 * ENTRIES_PER_NAME + 5; i++) measure('method-lens:test-read', { start: 0, end: 1, detail: { i } });
    const kept = performance.getEntriesByName('method-lens:test-read', 'measure') as PerformanceMeasure[];
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThanOrEqual(ENTRIES_PER_NAME);
    expect(kept.at(-1)!.detail).toEqual({ i: 2 * ENTRIES_PER_NAME + 4 });
  });

  it('keeps every entry below the limit, and leaves other names alone when one is cleared', () => {
    measure('method-lens:test-other', { start: 0, end: 1 });
    for (let i = 0; i < 10; i++) mark('method-lens:test-phase');
    expect(performance.getEntriesByName('method-lens:test-phase', 'mark')).toHaveLength(10);
    for (let i = 0; i < ENTRIES_PER_NAME; i++) mark('method-lens:test-phase');
    expect(performance.getEntriesByName('method-lens:test-phase', 'mark').length).toBeLessThanOrEqual(ENTRIES_PER_NAME);
    expect(performance.getEntriesByName('method-lens:test-other', 'measure')).toHaveLength(1);
  });
});
