/**
 * What a tab's content script found: each method mentioned on the page and how often, kept by the
 * background per tab (in session storage, so it survives the service worker being stopped).
 */
import type { Method, Status } from '@/lib/snapshot/schema';
import { normalizeName } from '@/lib/match/matcher';

/**
 * A page never gets more marks than this (a text node: `MAX_MARKS_PER_NODE`); past it, marking stops
 * there. A long survey paper has ~3,000 mentions. So no report names more methods, or a method more often.
 */
export const MAX_MARKS = 20_000;

/**
 * How long a page whose site's content has not shown yet (`SiteAdapter.contentShown`: a single-page app
 * still rendering) is said to be being read, before it is reported read with what it has: the content
 * may never come (the site changed its markup, an error page). Semantic Scholar renders a paper within a
 * second or two, a few more on a slow connection.
 */
export const CONTENT_WAIT_MS = 10_000;

/**
 * A page said to be being read, with no report after that for this long, is shown as not read (for a
 * reload): its content script died or hangs (its renderer crashed, the page froze). Longer than a live
 * script stays silent: before its first report, the dictionary, the page going idle (1 s at most) and the
 * first pass; after it, up to `CONTENT_WAIT_MS` waiting for a site's content.
 */
export const READING_AT_MOST_MS = 2 * CONTENT_WAIT_MS;

export interface PageMention {
  methodId: string;
  count: number;
  /** The names it was found under, its own or its aliases, as the matcher has them (`normalizeName`). */
  names?: string[];
}

/**
 * Where a method stands, as the snapshot says it: what the page's list and the hover card both show of
 * it. `rank` is its rank in `topic`'s ranking.
 */
export type MethodStanding = Pick<Method, 'name' | 'status' | 'critiquedBy' | 'beatenBy' | 'rank' | 'topic'>;

export interface PageSummaryMethod extends PageMention, MethodStanding {}

export interface PageSummary {
  tabId: number;
  url: string | null;
  /** False when no content script ever reported for this tab (another site, or a page not scanned). */
  scanned: boolean;
  /**
   * The content script stopped rescanning because the page never stops changing; it reads the page
   * again once the page has calmed down (see `PageSession`).
   */
  paused: boolean;
  /**
   * The page is being read: no pass has reported it read yet (`scanned` is false until one has). When it
   * was last said so (ms since the epoch), for the popup to tell a script that died (`READING_AT_MOST_MS`).
   */
  readingAt?: number;
  methods: PageSummaryMethod[];
}

/** Joins mentions with what the store knows of each method, dropping methods it no longer has. */
export function summaryRows(mentions: readonly PageMention[], methods: readonly Method[]): PageSummaryMethod[] {
  const byId = new Map(methods.map((method) => [method.id, method]));
  return mentions.flatMap((mention) => {
    const method = byId.get(mention.methodId);
    if (!method) return [];
    const { name, status, critiquedBy, beatenBy, rank, topic } = method;
    return [{ ...mention, name, status, critiquedBy, beatenBy, rank, topic }];
  });
}

/**
 * Each mention with only the names that are its method's own or its aliases (as the matcher has them):
 * the names a popup's address carries (a looked-up selection's), which anyone can type.
 */
export function withItsOwnNames<T extends PageMention>(mentions: readonly T[], methods: readonly Pick<Method, 'id' | 'name' | 'aliases'>[]): T[] {
  const labels = new Map(methods.map((method) => [method.id, new Set([method.name, ...method.aliases].map(normalizeName))]));
  return mentions.map(({ names, ...mention }) => {
    const own = labels.get(mention.methodId);
    const known = names?.filter((name) => own?.has(name)) ?? [];
    return (known.length > 0 ? { ...mention, names: known } : mention) as T;
  });
}

const STATUS_ORDER = { 'heavily superseded': 0, superseded: 1, frontier: 3 } as const;

/**
 * The names other than its own that a page mentions a method under, and whether it uses its own too:
 * the list names each method by its name, which the page may never write ("GLVQ" for Grouped Lattice
 * Vector Quantization).
 */
export function otherNames(method: Pick<PageSummaryMethod, 'name' | 'names'>): { others: string[]; ownToo: boolean } {
  const own = normalizeName(method.name);
  const names = method.names ?? [];
  return { others: names.filter((name) => name !== own), ownToo: names.includes(own) };
}

/** Most superseded first: status, then how many papers beat it, then mentions, then name. */
export function sortBySupersession(methods: PageSummaryMethod[]): PageSummaryMethod[] {
  const statusRank = (m: PageSummaryMethod) => (m.status ? STATUS_ORDER[m.status] : 2);
  return [...methods].sort(
    (a, b) =>
      statusRank(a) - statusRank(b) ||
      (b.beatenBy ?? -1) - (a.beatenBy ?? -1) ||
      b.count - a.count ||
      a.name.localeCompare(b.name),
  );
}

/** How many superseded methods (heavily or not) the page mentions: the toolbar badge. */
export function countSuperseded(methods: readonly { status: Status | null }[]): number {
  return methods.filter((m) => m.status === 'heavily superseded' || m.status === 'superseded').length;
}
