/**
 * Reads a method page: name; topic line (maybe with the paper title glued before the topic and
 * `· first seen <date>` after it); optional status line; counts line; then the sections
 * "What papers say", "Beaten on benchmarks" and "Newer alternatives".
 */
import { STATUS_MEANINGS, STATUSES, type Status } from '../snapshot/schema';
import { ImportError, quoted } from './errors';
import { isCountsLine, readCountsLine, readDate, readListEntry } from './line-parsers';
import { parseWinner } from './method-names';
import type { PageCritique, PageResult, RawMethodPage } from './page';
import type { PageLine } from './page-text';
import { readSections } from './sections';

const CRITIQUES = 'What papers say';
const RESULTS = 'Beaten on benchmarks';
const ALTERNATIVES = 'Newer alternatives';
const HEADER_SHAPE = 'a method page starts with its name, its topic line, an optional status line and a counts line';

const FIRST_SEEN = /\s*·\s*first seen\s+(.+)$/;
// Separators are matched with any run of spaces around them: an export that doubles one must not
// glue a space onto a name or a value (`SEPTQ ` as a second method, `20.11 ` read as text).
const STATUS_LINE = /^(.+?)\s+—\s+(.+)$/;
const RESULT_ROW = /^(.+?)\s+beats\s+(.+?)\s+·\s+(.+)$/;
const VALUES_ROW = /^(.+?)\s+vs\s+(.+)$/;

export function readMethodPage(lines: readonly PageLine[], file: string): RawMethodPage {
  const [nameLine, topicLine, thirdLine] = lines;
  if (!nameLine || !topicLine || !thirdLine) {
    throw new ImportError(`the page is too short: ${HEADER_SHAPE}`, file, lines.at(-1)?.number);
  }
  const name = nameLine.text;
  // Without its topic line, the status or counts line would be read as the topic, the rest shifted.
  if (startsWithStatus(topicLine.text) || isCountsLine(topicLine.text)) {
    throw new ImportError(`the second line must be the topic line, found ${quoted(topicLine.text)}: ${HEADER_SHAPE}`, file, topicLine.number);
  }
  const firstSeenMatch = FIRST_SEEN.exec(topicLine.text);
  const titleAndTopic = firstSeenMatch ? topicLine.text.slice(0, firstSeenMatch.index) : topicLine.text;
  if (!titleAndTopic) throw new ImportError('the topic line names no topic', file, topicLine.number);

  // A third line starting with a digit is a (maybe malformed) counts line, not a status.
  const status = /^\d/.test(thirdLine.text) ? null : readStatus(thirdLine, file);
  const countsLine = lines[status === null ? 2 : 3];
  if (!countsLine) throw new ImportError(`the page ends before its counts line: ${HEADER_SHAPE}`, file, thirdLine.number);
  const counts = readCountsLine(countsLine, file);

  const sections = readSections(lines.slice(status === null ? 3 : 4), [CRITIQUES, RESULTS, ALTERNATIVES], file);
  return {
    kind: 'method',
    file,
    name,
    titleAndTopic,
    topicLine: topicLine.number,
    firstSeen: firstSeenMatch ? readDate(firstSeenMatch[1]!, topicLine, file) : null,
    status,
    ...counts,
    critiques: readCritiques(sections.get(CRITIQUES) ?? [], file),
    results: readResults(sections.get(RESULTS) ?? [], name, file),
    alternatives: (sections.get(ALTERNATIVES) ?? []).map((line) => readListEntry(line, file)),
  };
}

/** Whether a line starts like a status line (`superseded — …`). */
function startsWithStatus(text: string): boolean {
  const match = STATUS_LINE.exec(text);
  return match !== null && STATUSES.some((known) => known === match[1]);
}

/**
 * `superseded — cited as a baseline…`: a known status, and the KB's own meaning of it (a page that
 * means something else by the word is not one this importer understands).
 */
function readStatus(line: PageLine, file: string): Status {
  const match = STATUS_LINE.exec(line.text);
  if (!match) {
    throw new ImportError(
      `not a knowledge-base page: neither a topic overview (first line “Living systematic review”) nor a method page (third line a status like “superseded — …” or a counts line); found ${quoted(line.text)}`,
      file,
      line.number,
    );
  }
  const status = STATUSES.find((known) => known === match[1]);
  if (!status) {
    throw new ImportError(`unknown status ${quoted(match[1]!)} (expected one of: ${STATUSES.join(', ')})`, file, line.number);
  }
  if (match[2] !== STATUS_MEANINGS[status]) {
    throw new ImportError(
      `the status ${quoted(status)} is explained as ${quoted(match[2]!)}; the knowledge base means ${quoted(STATUS_MEANINGS[status])}`,
      file,
      line.number,
    );
  }
  return status;
}

/**
 * The export prints each quote's source on the line after it, and the next quote runs straight into
 * that source: `“q1”`, `— source1“q2”`, …, `— sourceN`.
 */
function readCritiques(body: readonly PageLine[], file: string): PageCritique[] {
  const critiques: PageCritique[] = [];
  let pending: { quote: string; line: number } | null = null;
  for (const line of body) {
    if (line.text.startsWith('“')) {
      if (pending) throw new ImportError('this quote follows a quote that has no “— source” line', file, line.number);
      pending = { quote: readQuote(line.text, line, file), line: line.number };
    } else if (line.text.startsWith('— ')) {
      if (!pending) throw new ImportError('a “— source” line must follow a quote', file, line.number);
      const split = splitSourceAndNextQuote(line.text.slice(2).trim());
      if (!split) {
        throw new ImportError('a “ without its ” makes it unclear where the source title ends and the next quote begins', file, line.number);
      }
      // The export glues a quote straight onto its title. On the section's last line, where a quote would
      // have no source, a “…” set off by a space is the title's own quoted words (`… Low-bit “LLM Quantization”`).
      const endsWithQuotedWords = line === body.at(-1) && split.nextQuote !== null && /\s$/.test(line.text.slice(0, -split.nextQuote.length));
      const { sourceTitle, nextQuote } = endsWithQuotedWords ? { sourceTitle: line.text.slice(2).trim(), nextQuote: null } : split;
      if (!sourceTitle) throw new ImportError('the source title is empty', file, line.number);
      critiques.push({ quote: pending.quote, sourceTitle, line: pending.line });
      pending = nextQuote === null ? null : { quote: readQuote(nextQuote, line, file), line: line.number };
    } else {
      throw new ImportError(`expected a quote (“…”) or its source (— title), found ${quoted(line.text)}`, file, line.number);
    }
  }
  if (pending) throw new ImportError('the quote has no “— source” line after it', file, pending.line);
  return critiques;
}

/** A quote keeps its exact text between the typographic quote marks. */
function readQuote(text: string, line: PageLine, file: string): string {
  const quote = text.length >= 2 && text.startsWith('“') && text.endsWith('”') ? text.slice(1, -1) : '';
  if (!quote.trim()) throw new ImportError(`a quote must open with “, close with ” on the same line and not be empty, found ${quoted(text)}`, file, line.number);
  return quote;
}

/**
 * Separates `source“next quote”`: the quote is the balanced “…” group ending the line, found from the
 * end, so a title that itself holds “quoted words” stays whole. A stray “ in the title or the quote
 * makes that split disagree with the one read from the start (the first “ after which the title has
 * all its quote marks closed, where there is only one such): the line cannot be split without a
 * guess, so it is refused (null) rather than glue part of one onto the other.
 */
function splitSourceAndNextQuote(text: string): { sourceTitle: string; nextQuote: string | null } | null {
  if (!text.endsWith('”')) return { sourceTitle: text, nextQuote: null };
  const closedBefore: number[] = [];
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '“') {
      if (open === 0 && i > 0) closedBefore.push(i);
      open++;
    } else if (text[i] === '”' && open > 0) open--;
  }
  const at = balancedGroupFromEnd(text);
  if (closedBefore.length === 1 && closedBefore[0] !== at) return null;
  return at > 0 ? { sourceTitle: text.slice(0, at).trim(), nextQuote: text.slice(at) } : { sourceTitle: text, nextQuote: null };
}

/** Where the balanced “…” group ending `text` opens; -1 when there is none. */
function balancedGroupFromEnd(text: string): number {
  let depth = 0;
  for (let i = text.length - 1; i > 0; i--) {
    if (text[i] === '”') depth++;
    else if (text[i] === '“' && --depth === 0) return i;
  }
  return -1;
}

/** Each result is three lines: `- <source title>`, `<winner> beats <loser> · <metric> [setting]`, `<a> vs <b>`. */
function readResults(body: readonly PageLine[], pageMethod: string, file: string): PageResult[] {
  const results: PageResult[] = [];
  for (let i = 0; i < body.length; i += 3) {
    const sourceLine = body[i]!;
    const rowLine = body[i + 1];
    const valuesLine = body[i + 2];
    if (!sourceLine.text.startsWith('- ')) {
      throw new ImportError(`expected a result's source paper (“- <title>”), found ${quoted(sourceLine.text)}`, file, sourceLine.number);
    }
    if (!rowLine || !valuesLine) {
      throw new ImportError('the result is incomplete: it needs a “… beats …” line and a “… vs …” line', file, sourceLine.number);
    }
    const row = RESULT_ROW.exec(rowLine.text);
    if (!row) {
      throw new ImportError(`expected “<winner> beats <loser> · <metric> [setting]”, found ${quoted(rowLine.text)}`, file, rowLine.number);
    }
    const loser = row[2]!;
    if (loser !== pageMethod) {
      throw new ImportError(`the result's loser is ${quoted(loser)}, but this is the page of ${quoted(pageMethod)}`, file, rowLine.number);
    }
    const winner = parseWinner(row[1]!);
    if (winner.name === pageMethod) throw new ImportError(`the result has ${quoted(pageMethod)} beating itself`, file, rowLine.number);
    const values = VALUES_ROW.exec(valuesLine.text);
    if (!values) {
      throw new ImportError(`expected “<winner value> vs <loser value>”, found ${quoted(valuesLine.text)}`, file, valuesLine.number);
    }
    // `1 vs 2 vs 3` would otherwise give the loser “2 vs 3”: which two values belong to this result is not ours to guess.
    const valueCount = valuesLine.text.split(/\s+vs\s+/).length;
    if (valueCount > 2) {
      throw new ImportError(
        `expected one winner value and one loser value, found ${valueCount} values in ${quoted(valuesLine.text)}`,
        file,
        valuesLine.number,
      );
    }
    results.push({
      sourceTitle: sourceLine.text.slice(2).trim(),
      winner: winner.name,
      winnerLabel: winner.label,
      ...splitMetricAndSetting(row[3]!, rowLine, file),
      winnerValue: values[1]!,
      loserValue: values[2]!,
      line: sourceLine.number,
    });
  }
  return results;
}

/** `Avg. [W4A4 (4-bit weight and activation) on LLADA-8B]`: the setting is the balanced bracket group ending the text. */
function splitMetricAndSetting(text: string, line: PageLine, file: string): { metric: string; setting: string | null } {
  if (!text.endsWith(']')) return { metric: text, setting: null };
  let depth = 0;
  for (let i = text.length - 1; i >= 0; i--) {
    if (text[i] === ']') depth++;
    else if (text[i] === '[' && --depth === 0) {
      const metric = text.slice(0, i);
      // `[2-bit]` alone is a setting whose metric cell is empty, not a metric: a required fact is missing.
      if (!metric.trim()) throw new ImportError(`the result names no metric before its setting ${quoted(text)}`, file, line.number);
      if (!/\s$/.test(metric)) break; // `Acc[1]`: brackets inside the metric's own name
      const setting = text.slice(i + 1, -1).trim();
      if (!setting) throw new ImportError(`the result's setting is empty (“[]”) in ${quoted(text)}`, file, line.number);
      return { metric: metric.trim(), setting };
    }
  }
  return { metric: text, setting: null };
}
