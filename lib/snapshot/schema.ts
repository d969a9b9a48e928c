/**
 * The published snapshot format: a folder holding `index.json` and one JSON document per topic.
 * Every text field is plain text (rendered as text, never HTML); the only URLs are http(s).
 */
import { z } from 'zod';
import { STATUSES } from './status';

export { STATUSES, STATUS_MEANINGS, type Status } from './status';

export const SNAPSHOT_FORMAT = 'method-lens-snapshot';
export const FORMAT_VERSION = 1;

/** Generous ceilings so a hostile publisher cannot make us hold absurd strings. */
const MAX_TEXT = 1_000_000;
export const MAX_NAME = 300;

const text = (max = MAX_TEXT) => z.string().max(max);
const name = z.string().min(1).max(MAX_NAME);
const DATE_FORMAT = /^\d{4}-\d{2}-\d{2}$/;
/** Calendar dates as `YYYY-MM-DD`, real ones: February 31 would be shown as such, month 13 as it is written. */
const IsoDate = z.string().regex(DATE_FORMAT, 'expected a date as YYYY-MM-DD').refine(isCalendarDate, 'expected a real calendar date');

/** Whether a date in the format names a day of the calendar (one not in the format is the regex's to refuse). */
function isCalendarDate(value: string): boolean {
  if (!DATE_FORMAT.test(value)) return true;
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
const count = z.number().int().nonnegative();
/** Method ids are stable slugs: lowercase ASCII letters, digits and single dashes. */
export const METHOD_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MethodId = z.string().regex(METHOD_ID_PATTERN, 'expected a method id slug').max(MAX_NAME);

export const Method = z.strictObject({
  id: MethodId,
  name,
  aliases: z.array(name).max(50),
  paperTitle: text(2000).nullable(),
  topic: name,
  /** When the KB first saw the method's paper. */
  firstSeen: IsoDate.nullable(),
  /** Only a status the KB states; `null` means the KB does not say. */
  status: z.enum(STATUSES).nullable(),
  /** Distinct papers critiquing it, as the KB counts them (may exceed the critiques listed). */
  critiquedBy: count.nullable(),
  /** Distinct papers beating it on benchmarks, as the KB counts them. */
  beatenBy: count.nullable(),
  /** Rank among the topic's most-superseded baselines. */
  rank: z.number().int().positive().nullable(),
  /** Family label from the KB's ranking (the method whose line of work it belongs to). */
  family: name.nullable(),
  subProblem: name.nullable(),
});
export type Method = z.infer<typeof Method>;

export const Critique = z.strictObject({
  /** The method the quote speaks against. */
  methodId: MethodId,
  quote: text().min(1),
  sourceTitle: text(2000).min(1),
});
export type Critique = z.infer<typeof Critique>;

export const HeadToHead = z.strictObject({
  winnerId: MethodId,
  /** The winner as the source printed it when that differs from the method's name, e.g. `QMC (no noise)`. */
  winnerLabel: name.nullable(),
  loserId: MethodId,
  sourceTitle: text(2000).min(1),
  metric: text(2000).min(1),
  /** The bracketed setting, when the KB gives one. */
  setting: text(2000).nullable(),
  winnerValue: text(200).min(1),
  loserValue: text(200).min(1),
  /** The printed values as numbers, when they are numbers. */
  winnerNumber: z.number().finite().nullable(),
  loserNumber: z.number().finite().nullable(),
});
export type HeadToHead = z.infer<typeof HeadToHead>;

/** A dated entry of a list (newer alternatives, frontier); the KB sometimes gives a date and no name. */
export const DatedEntry = z.strictObject({
  methodId: MethodId.nullable(),
  date: IsoDate.nullable(),
});
export type DatedEntry = z.infer<typeof DatedEntry>;

export const Alternative = DatedEntry.extend({
  /** The method these are newer alternatives of. */
  ofMethodId: MethodId,
});
export type Alternative = z.infer<typeof Alternative>;

export const SubProblem = z.strictObject({
  name,
  methodCount: count.nullable(),
  methodIds: z.array(MethodId),
});
export type SubProblem = z.infer<typeof SubProblem>;

export const TopicInfo = z.strictObject({
  name,
  description: text(20_000).nullable(),
  papers: count.nullable(),
  critiqueReceipts: count.nullable(),
  benchmarkResults: count.nullable(),
  updated: IsoDate.nullable(),
});
export type TopicInfo = z.infer<typeof TopicInfo>;

export const TopicDocument = z.strictObject({
  format: z.literal(SNAPSHOT_FORMAT),
  formatVersion: z.literal(FORMAT_VERSION),
  topic: TopicInfo,
  methods: z.array(Method),
  critiques: z.array(Critique),
  results: z.array(HeadToHead),
  alternatives: z.array(Alternative),
  subProblems: z.array(SubProblem),
  frontier: z.array(DatedEntry),
});
export type TopicDocument = z.infer<typeof TopicDocument>;

export const IndexEntry = z.strictObject({
  topic: name,
  /** A plain file name next to index.json: no folders, no scheme. */
  file: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,200}\.json$/, 'expected a plain .json file name'),
  bytes: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a lowercase hex sha-256'),
  updated: IsoDate.nullable(),
});
export type IndexEntry = z.infer<typeof IndexEntry>;

export const SnapshotIndex = z
  .strictObject({
    format: z.literal(SNAPSHOT_FORMAT),
    /** Checked separately first so an unknown version gets its own clear error. */
    formatVersion: z.literal(FORMAT_VERSION),
    generatedAt: z.string().datetime({ offset: true }),
    topics: z.array(IndexEntry).min(1).max(10_000),
  })
  .superRefine((index, ctx) => {
    const seenTopics = new Set<string>();
    const seenFiles = new Set<string>();
    // At the entry that repeats: said as "topics[1]: file … is listed twice", not "the file: file …".
    for (const [i, entry] of index.topics.entries()) {
      const path = ['topics', i];
      if (seenTopics.has(entry.topic)) ctx.addIssue({ code: 'custom', path, message: `topic "${entry.topic}" is listed twice` });
      if (seenFiles.has(entry.file)) ctx.addIssue({ code: 'custom', path, message: `file "${entry.file}" is listed twice` });
      seenTopics.add(entry.topic);
      seenFiles.add(entry.file);
    }
  });
export type SnapshotIndex = z.infer<typeof SnapshotIndex>;

/** A whole snapshot held in memory: what the importer and the synthesiser produce. */
export interface Snapshot {
  generatedAt: string;
  topics: TopicDocument[];
}
