/** Parsers for the line shapes both page kinds share: counts lines and dated list entries. */
import { parseKbDate, splitTrailingDate } from './dates';
import { ImportError, quoted } from './errors';
import type { Counts, RawListEntry } from './page';
import type { PageLine } from './page-text';
import { parseCount } from './printed-numbers';

const COUNTS_LINE = /^(\S+)\s+papers?\s+critiques?\s+it\s+·\s+(\S+)\s+beats?\s+it\s+on\s+benchmarks$/;

/** `3 papers critique it · 5 beat it on benchmarks` (singular forms and `1,234` accepted). */
export function readCountsLine(line: PageLine, file: string): Counts {
  const match = COUNTS_LINE.exec(line.text);
  const critiquedBy = match ? parseCount(match[1]!) : null;
  const beatenBy = match ? parseCount(match[2]!) : null;
  if (critiquedBy === null || beatenBy === null) {
    throw new ImportError(
      `expected a counts line like “3 papers critique it · 5 beat it on benchmarks”, found ${quoted(line.text)}`,
      file,
      line.number,
    );
  }
  return { critiquedBy, beatenBy };
}

/** Whether a line has the shape of a counts line (its numbers still unchecked). */
export function isCountsLine(text: string): boolean {
  return COUNTS_LINE.test(text);
}

/** A required printed date, e.g. after `first seen` or `updated`. */
export function readDate(printed: string, line: PageLine, file: string): string {
  const iso = parseKbDate(printed);
  if (iso === null) throw new ImportError(`expected a date like “Jun 1, 2023”, found ${quoted(printed)}`, file, line.number);
  return iso;
}

/** `- <name><paper title><date>`, `- <date>` alone, or an undated `- <name><paper title>`. */
export function readListEntry(line: PageLine, file: string): RawListEntry {
  if (!line.text.startsWith('- ')) {
    throw new ImportError(`expected a list entry starting with “- ”, found ${quoted(line.text)}`, file, line.number);
  }
  const content = line.text.slice(2).trim();
  if (!content) throw new ImportError('the list entry is empty', file, line.number);
  const dated = splitTrailingDate(content);
  if (!dated) return { nameAndTitle: content, date: null, line: line.number };
  const date = readDate(dated.printedDate, line, file);
  return { nameAndTitle: dated.before.trim() || null, date, line: line.number };
}
