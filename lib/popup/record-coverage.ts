/**
 * How much of what the KB counts a record actually lists, in words that do not overclaim. The KB
 * counts distinct papers (critiquedBy, beatenBy); it lists quotes and results, several per paper.
 */
import { formatCount, plural } from '@/lib/format';

export function distinctSources(rows: readonly { sourceTitle: string }[]): number {
  return new Set(rows.map((row) => row.sourceTitle)).size;
}

/** "9 quotes from 8 papers" plus, when the KB counts more papers than are quoted, "of the 9 …". */
export function critiqueCoverage(quotes: number, papers: number, critiquedBy: number | null): string {
  if (quotes === 0) return critiquedBy ? `The KB counts ${plural(critiquedBy, 'paper', 'papers')} critiquing it but lists no quotes.` : '';
  const listed = `${plural(quotes, 'quote', 'quotes')} from ${plural(papers, 'paper', 'papers')}`;
  if (critiquedBy !== null && papers < critiquedBy) {
    return `Showing ${listed}: ${formatCount(papers)} of the ${formatCount(critiquedBy)} papers the KB counts as critiquing it.`;
  }
  return `${listed.charAt(0).toUpperCase()}${listed.slice(1)}.`;
}

/** "12 results from 5 papers" plus, when the KB counts more papers beating it, "of the 15 …". */
export function lossCoverage(results: number, papers: number, beatenBy: number | null): string {
  if (results === 0) return beatenBy ? `The KB counts ${plural(beatenBy, 'paper', 'papers')} beating it but lists no results.` : '';
  const listed = `${plural(results, 'result', 'results')} from ${plural(papers, 'paper', 'papers')}`;
  if (beatenBy !== null && papers < beatenBy) {
    return `Showing ${listed}: ${formatCount(papers)} of the ${formatCount(beatenBy)} papers the KB counts as beating it.`;
  }
  return `${listed.charAt(0).toUpperCase()}${listed.slice(1)}.`;
}
