/**
 * How much of what the KB counts a record actually lists, in words that do not overclaim. The KB
 * counts distinct papers (critiquedBy, beatenBy); it lists quotes and results, several per paper.
 */
import { papersOf, plural } from '@/lib/format';

export function distinctSources(rows: readonly { sourceTitle: string }[]): number {
  return new Set(rows.map((row) => row.sourceTitle)).size;
}

/** "9 quotes listed, from 8 of the 9 papers the KB counts as critiquing it": what is listed, then from how many of the papers the KB counts. */
export function critiqueCoverage(quotes: number, papers: number, critiquedBy: number | null): string {
  if (quotes === 0) return critiquedBy ? `The KB counts ${plural(critiquedBy, 'paper', 'papers')} critiquing it but lists no quotes.` : '';
  return `${plural(quotes, 'quote', 'quotes')} listed, from ${coverageOf(papers, critiquedBy, 'critiquing it')}.`;
}

/** "12 head-to-head losses listed, from 5 of the 15 papers the KB counts as beating it", as the hover card says it. */
export function lossCoverage(results: number, papers: number, beatenBy: number | null): string {
  if (results === 0) return beatenBy ? `The KB counts ${plural(beatenBy, 'paper', 'papers')} beating it but lists no head-to-head losses.` : '';
  return `${plural(results, 'head-to-head loss', 'head-to-head losses')} listed, from ${coverageOf(papers, beatenBy, 'beating it')}.`;
}

function coverageOf(papers: number, counted: number | null, doing: string): string {
  const words = papersOf(papers, counted);
  return counted !== null && counted > papers ? `${words} the KB counts as ${doing}` : words;
}
