/**
 * Reads a topic overview page: `Living systematic review`, the topic name, its description, the
 * headline counts, then "Most-superseded baselines", "Sub-problems" and "The frontier".
 */
import type { TopicInfo } from '../snapshot/schema';
import { ImportError, quoted } from './errors';
import { readCountsLine, readDate, readListEntry } from './line-parsers';
import { parseListedName, unclearCharacterIn } from './method-names';
import type { RawOverviewPage, RawRankedMethod, SubProblemListing } from './page';
import type { PageLine } from './page-text';
import { parseCount } from './printed-numbers';
import { readSections } from './sections';

export const OVERVIEW_MARKER = 'Living systematic review';
const RANKING = 'Most-superseded baselines';
const SUB_PROBLEMS = 'Sub-problems';
const FRONTIER = 'The frontier';
const SECTIONS = [RANKING, SUB_PROBLEMS, FRONTIER];

const HEADLINE_EXAMPLE = '“97 papers · 151 critique receipts · 1,451 benchmark results · updated Jun 18, 2026”';
const HEADLINE_PARTS = {
  papers: /^(\S+)\s+papers?$/,
  critiqueReceipts: /^(\S+)\s+critique\s+receipts?$/,
  benchmarkResults: /^(\S+)\s+benchmark\s+results?$/,
  updated: /^updated\s+(.+)$/,
} as const;
/** `1GPTQ· GPTQGPTQ: Accurate…` = rank 1 and name GPTQ glued, then family and paper title glued. */
const RANKED_LINE = /^- (\d+[^·]*?)\s*·\s*(.+)$/;
const SUB_PROBLEM_LINE = /^(.+?)\s+·\s+(\S+)\s+methods?$/;

type Headline = Pick<TopicInfo, 'papers' | 'critiqueReceipts' | 'benchmarkResults' | 'updated'>;

export function readOverviewPage(lines: readonly PageLine[], file: string): RawOverviewPage {
  const topicLine = lines[1];
  if (!topicLine) throw new ImportError('the overview page ends before its topic name', file, lines[0]?.number);
  const unclear = unclearCharacterIn(topicLine.text);
  if (unclear) throw new ImportError(`the topic ${quoted(topicLine.text)} holds ${unclear}`, file, topicLine.number);
  let headlineAt = 2;
  let headline: Headline | null = null;
  for (; headlineAt < lines.length && !SECTIONS.includes(lines[headlineAt]!.text); headlineAt++) {
    headline = readHeadline(lines[headlineAt]!, file);
    if (headline) break;
  }
  if (!headline) throw new ImportError(`the overview has no headline like ${HEADLINE_EXAMPLE}`, file, lines[headlineAt - 1]?.number);
  const description = lines.slice(2, headlineAt).map((line) => line.text).join('\n');
  const sections = readSections(lines.slice(headlineAt + 1), SECTIONS, file);
  return {
    kind: 'overview',
    file,
    topic: { name: topicLine.text, description: description || null, ...headline },
    ranking: readRanking(sections.get(RANKING) ?? [], file),
    subProblems: readSubProblems(sections.get(SUB_PROBLEMS) ?? [], file),
    frontier: (sections.get(FRONTIER) ?? []).map((line) => readListEntry(line, file)),
  };
}

/** The headline's `·`-separated parts; null when the line is not a headline (it is then description). */
function readHeadline(line: PageLine, file: string): Headline | null {
  const headline: Headline = { papers: null, critiqueReceipts: null, benchmarkResults: null, updated: null };
  for (const part of line.text.split(/\s+·\s+/)) {
    const field = (Object.keys(HEADLINE_PARTS) as (keyof Headline)[]).find((key) => HEADLINE_PARTS[key].test(part));
    if (!field) return null;
    if (headline[field] !== null) throw new ImportError(`the headline gives ${quoted(part)} twice`, file, line.number);
    const value = HEADLINE_PARTS[field].exec(part)![1]!;
    if (field === 'updated') {
      headline.updated = readDate(value, line, file);
    } else {
      const count = parseCount(value);
      if (count === null) throw new ImportError(`the headline count ${quoted(value)} is not a whole number`, file, line.number);
      headline[field] = count;
    }
  }
  return headline;
}

/** Each ranked method is a rank line followed by its counts line; ranks may have gaps. */
function readRanking(body: readonly PageLine[], file: string): RawRankedMethod[] {
  const ranking: RawRankedMethod[] = [];
  for (let i = 0; i < body.length; i += 2) {
    const line = body[i]!;
    const match = RANKED_LINE.exec(line.text);
    if (!match) {
      throw new ImportError(`expected a ranked method like “- 1GPTQ· GPTQGPTQ: <paper title>”, found ${quoted(line.text)}`, file, line.number);
    }
    const countsLine = body[i + 1];
    if (!countsLine) throw new ImportError('the ranked method has no counts line after it', file, line.number);
    ranking.push({ rankAndName: match[1]!, familyAndTitle: match[2]!, ...readCountsLine(countsLine, file), line: line.number });
  }
  return ranking;
}

/** `SmoothQuant · 33 methods`, then optionally a `·`-separated list of (some of) its methods. */
function readSubProblems(body: readonly PageLine[], file: string): SubProblemListing[] {
  const subProblems: SubProblemListing[] = [];
  for (let i = 0; i < body.length; i++) {
    const line = body[i]!;
    const match = SUB_PROBLEM_LINE.exec(line.text);
    const methodCount = match ? parseCount(match[2]!) : null;
    if (!match || methodCount === null) {
      throw new ImportError(`expected a sub-problem like “SmoothQuant · 33 methods”, found ${quoted(line.text)}`, file, line.number);
    }
    // A header printed twice would otherwise be a second sub-problem of that name, without its methods.
    const earlier = subProblems.find((subProblem) => subProblem.name === match[1]);
    if (earlier) throw new ImportError(`the sub-problem ${quoted(match[1]!)} is listed twice (first at line ${earlier.line})`, file, line.number);
    const listLine = body[i + 1];
    const hasList = listLine !== undefined && !SUB_PROBLEM_LINE.test(listLine.text);
    const names = hasList ? listLine.text.split(/\s*·\s*/) : [];
    if (names.some((name) => !name)) throw new ImportError('the sub-problem\'s method list has an empty name', file, listLine?.number);
    subProblems.push({ name: match[1]!, methodCount, members: names.map(parseListedName), line: line.number });
    if (hasList) i++;
  }
  return subProblems;
}
