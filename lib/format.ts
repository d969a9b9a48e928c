/** Small text formatters shared by the card and the popup (plain text only). */

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-06-18` → `Jun 18, 2026`, the KB's own style; anything else is returned as it is. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return iso;
  const month = MONTHS[Number(match[2]) - 1];
  return month ? `${month} ${Number(match[3])}, ${match[1]}` : iso;
}

/**
 * `toLocaleString('en-US', …)` builds a number formatter on every call (Chromium spent 11 ms on it
 * while the popup opened a record); these are built once.
 */
let countFormat: Intl.NumberFormat | undefined;
const DECIMAL_FORMATS = new Map<number, Intl.NumberFormat>();
let twoSignificantFormat: Intl.NumberFormat | undefined;

/** `1,451`. */
export function formatCount(count: number): string {
  countFormat ??= new Intl.NumberFormat('en-US');
  return countFormat.format(count);
}

/** "1.23" with at most `digits` decimals and no trailing zeros. */
export function formatDecimal(value: number, digits: number): string {
  let format = DECIMAL_FORMATS.get(digits);
  if (!format) DECIMAL_FORMATS.set(digits, (format = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits })));
  return format.format(Number(value.toFixed(digits)));
}

/** "0.0021": two significant digits, however small the value. */
export function formatTwoSignificant(value: number): string {
  twoSignificantFormat ??= new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 });
  return twoSignificantFormat.format(value);
}

export function plural(count: number, one: string, many: string): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** What a snapshot (or one topic of it) holds: "40 methods, 12 critiques quoted, 24 head-to-head results". */
export function holdingsLine(counts: { methods: number; critiques: number; results: number }): string {
  return `${plural(counts.methods, 'method', 'methods')}, ${plural(counts.critiques, 'critique', 'critiques')} quoted, ${plural(counts.results, 'head-to-head result', 'head-to-head results')}`;
}

/** The KB's counts line: "9 papers critique it · 15 beat it on benchmarks". */
export function countsLine(critiquedBy: number | null, beatenBy: number | null): string {
  const parts: string[] = [];
  if (critiquedBy === 0) parts.push('no paper critiques it');
  else if (critiquedBy !== null) parts.push(`${plural(critiquedBy, 'paper critiques', 'papers critique')} it`);
  // Papers, as the critiques are: the KB's "15 beat it" counts distinct papers, not methods.
  if (beatenBy === 0) parts.push('no paper beats it on benchmarks');
  else if (beatenBy === 1) parts.push('1 paper beats it on benchmarks');
  else if (beatenBy !== null) parts.push(`${formatCount(beatenBy)} beat it on benchmarks`);
  return parts.join(' · ');
}

/** "5 of the 15 papers" where the KB counts more papers than the snapshot lists rows from, else "5 papers". */
export function papersOf(papers: number, counted: number | null): string {
  if (counted !== null && counted > papers) return `${formatCount(papers)} of the ${formatCount(counted)} papers`;
  return plural(papers, 'paper', 'papers');
}

let graphemes: Intl.Segmenter | undefined;

/** Cuts long text at a word boundary, with an ellipsis, for compact views (the full text stays one click away). */
export function excerpt(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, lastGraphemeBoundary(text, max));
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * The last place at or before `max` (UTF-16 units) between two characters as the reader sees them:
 * never half a pair (a math letter such as 𝑥), nor a letter without the accent written after it (e +
 * U+0301 is é), nor 👩 of 👩‍🔬. Whether a place is a boundary depends on the text before it and the one
 * character after it, so only that much is segmented: the segmenter copies all it is given, and a
 * quote of a million characters took 1.7 s.
 */
function lastGraphemeBoundary(text: string, max: number): number {
  graphemes ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  let boundary = 0;
  for (const { index, segment } of graphemes.segment(text.slice(0, max + 2))) {
    if (index + segment.length > max) break;
    boundary = index + segment.length;
  }
  return boundary;
}

/** A wait, rounded up to the unit it is told in: "90 seconds" is "2 minutes". */
export function formatWait(seconds: number): string {
  if (seconds < 90) return plural(seconds, 'second', 'seconds');
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return plural(minutes, 'minute', 'minutes');
  const hours = Math.ceil(minutes / 60);
  if (hours < 48) return plural(hours, 'hour', 'hours');
  return plural(Math.ceil(hours / 24), 'day', 'days');
}
