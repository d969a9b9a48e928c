/**
 * One knowledge-base page as structured data. `Raw…` shapes come straight from the page's lines and
 * still hold the fields the export glued together; resolving them needs names and titles printed on
 * other pages, so it is a separate step (see resolve-page.ts).
 */
import type { Status, TopicInfo } from '../snapshot/schema';

/** A method as a list names it; `Name (Alias)` lists give the alias and the full written form. */
export interface NamedMethod {
  name: string;
  aliases: string[];
}

export interface Counts {
  critiquedBy: number;
  beatenBy: number;
}

export interface PageCritique {
  quote: string;
  sourceTitle: string;
  line: number;
}

export interface PageResult {
  sourceTitle: string;
  /** The winning method's name, without a printed variant. */
  winner: string;
  /** The winner as printed when it carries a variant, e.g. `QMC (no noise)`. */
  winnerLabel: string | null;
  metric: string;
  setting: string | null;
  winnerValue: string;
  loserValue: string;
  line: number;
}

export interface SubProblemListing {
  name: string;
  methodCount: number;
  members: NamedMethod[];
  line: number;
}

/** A "Newer alternatives" / "The frontier" entry whose name is still glued to its paper title. */
export interface RawListEntry {
  /** Name and paper title as printed, or null for an entry that gives only a date. */
  nameAndTitle: string | null;
  date: string | null;
  line: number;
}

export interface ListEntry {
  method: NamedMethod | null;
  paperTitle: string | null;
  date: string | null;
  line: number;
}

export interface RawRankedMethod extends Counts {
  /** Rank and name as printed, glued together: `10SVDQuant` (a name may start with a digit). */
  rankAndName: string;
  /** Family label and paper title as printed, glued together. */
  familyAndTitle: string;
  line: number;
}

export interface RankedMethod extends Counts {
  rank: number;
  name: string;
  family: string;
  paperTitle: string;
  line: number;
}

interface MethodPageFields extends Counts {
  kind: 'method';
  file: string;
  name: string;
  firstSeen: string | null;
  status: Status | null;
  critiques: PageCritique[];
  results: PageResult[];
}

export interface RawMethodPage extends MethodPageFields {
  /** The topic line without its `· first seen` part: the topic, maybe with the paper title glued before it. */
  titleAndTopic: string;
  /** The topic line's number in the file, for an error about the topic read from it. */
  topicLine: number;
  alternatives: RawListEntry[];
}

export interface MethodPage extends MethodPageFields {
  topic: string;
  paperTitle: string | null;
  alternatives: ListEntry[];
}

interface OverviewPageFields {
  kind: 'overview';
  file: string;
  topic: TopicInfo;
  subProblems: SubProblemListing[];
}

export interface RawOverviewPage extends OverviewPageFields {
  ranking: RawRankedMethod[];
  frontier: RawListEntry[];
}

export interface OverviewPage extends OverviewPageFields {
  ranking: RankedMethod[];
  frontier: ListEntry[];
}

export type RawPage = RawMethodPage | RawOverviewPage;
export type Page = MethodPage | OverviewPage;
