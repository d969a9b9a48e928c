/**
 * The one message map between the extension's contexts, named by direction. Requests to the background
 * are validated with zod where they are received, and answered by the background itself; the popup's one
 * request to a tab's content script is checked there by hand, held to its schema here by a test.
 */
import { z } from 'zod';
import { MAX_NAME, MethodId } from '@/lib/snapshot/schema';
import { SnapshotSourceSchema } from '@/lib/store/source';
import type {
  getMethodRecord,
  getSnapshotInfo,
  searchMethods,
} from '@/lib/store/read';
import { MAX_MARKS, type PageSummary } from '@/lib/page-summary';
import type { PageDictionary } from '@/lib/page-dictionary';
import type { RefreshOutcome } from '@/lib/sync/refresh';
import { ARXIV_ID, type ArxivHtmlScan } from '@/lib/arxiv-html-scan';
import type { CardModel } from '@/components/HoverCard';
import type { LookUpView } from '@/lib/background/look-up';
import { LOOK_UP_READS_AT_MOST } from '@/lib/pending-view';

type Result<F extends (...args: never[]) => unknown> = Awaited<ReturnType<F>>;

const Empty = z.strictObject({});
/** A page document's id, drawn by its content script (`crypto.randomUUID()`). */
const PageDocument = z.string().min(1).max(64);
const Mention = z.strictObject({
  methodId: MethodId,
  count: z.number().int().positive().max(MAX_MARKS),
  /** The names it was found under (its own and its aliases, as the dictionary has them): each once, so no more than its marks. */
  names: z.array(z.string().min(1).max(MAX_NAME)).min(1).max(MAX_MARKS).optional(),
});

/** Requests a content script may send (it runs on arXiv / Semantic Scholar pages). */
export const contentToBackground = {
  getDictionary: Empty,
  /** What the hover card shows of a method, made from its record in the background. */
  getCardModel: z.strictObject({ methodId: MethodId }),
  reportMentions: z.strictObject({
    /**
     * The address of the page reported on, as the page has it now: the sender's own address stays the
     * one the page loaded at through its in-app navigations (Chromium), so it cannot tell a late report.
     */
    url: z.string().url().max(8_192),
    /** What a content script can send: each method once, no more of them (nor any more often) than a page has marks. */
    mentions: z
      .array(Mention)
      .max(MAX_MARKS)
      .refine((mentions) => new Set(mentions.map((mention) => mention.methodId)).size === mentions.length, 'a method is reported twice'),
    /** The content script stopped rescanning a page that never stops mutating. */
    paused: z.boolean(),
    /**
     * False for a page the content script does not read (not one of the site's paper pages, or marks
     * switched off for it): the tab has no report then, and the popup says the page was not read.
     */
    read: z.boolean(),
    /**
     * Sent as a new page starts being read, before its first pass, and after its passes while its site's
     * content has not shown (an app still rendering): the popup says the page is being read, not that it
     * was never read, that it has no methods, nor the page before's methods.
     */
    reading: z.boolean().optional(),
    /** The page's document: an id its content script draws at its start (`pageLeft` names it). */
    document: PageDocument,
  }),
  /**
   * The page's document is going (another page loads in its tab, the tab closes, the back-forward cache
   * takes it): the tab's report is forgotten if it is this document's. The worker learns of navigations
   * this way, only from the pages it reads, instead of being woken by every page load in every tab.
   */
  pageLeft: z.strictObject({ document: PageDocument }),
  openRecord: z.strictObject({ methodId: MethodId }),
} as const;

/** Requests the extension's own pages (popup, options) may send. */
export const pageToBackground = {
  getSnapshotInfo: Empty,
  getMethodRecord: z.strictObject({ idOrName: z.string().min(1).max(300) }),
  searchMethods: z.strictObject({ prefix: z.string().max(300), limit: z.number().int().min(1).max(200).optional() }),
  getPageSummary: z.strictObject({ tabId: z.number().int().nonnegative() }),
  /** The view a selection looked up from the context menu opens (the toolbar popup, opened before it was read). */
  lookUpSelection: z.strictObject({ selection: z.string().min(1).max(LOOK_UP_READS_AT_MOST) }),
  startRefresh: Empty,
  /** Stops the running refresh, the snapshot in use kept; answered once it has stopped. */
  cancelRefresh: Empty,
  /**
   * Starts the worker if the browser stopped it: a page sees a refresh's progress go stale, and the
   * worker's start claims the refresh it left cut off (and runs it again).
   */
  wake: Empty,
  /** The reader chose where snapshots come from (the options page). */
  setSnapshotSource: z.strictObject({ source: SnapshotSourceSchema }),
  /**
   * Reads an arXiv paper's HTML version for the methods it mentions (the popup on a PDF tab, on the reader's
   * click); `keep`: what it found is kept for the popup opened again on that paper (not for a private
   * window's tab: session storage is shared with every window).
   */
  scanArxivHtml: z.strictObject({ arxivId: z.string().max(64).regex(ARXIV_ID), keep: z.boolean() }),
  /** Whether that paper's HTML version is being read (asked for in a popup since closed): the popup opened again joins the read. */
  paperBeingRead: z.strictObject({ arxivId: z.string().max(64).regex(ARXIV_ID) }),
} as const;

/**
 * Requests the popup may send a tab's content script (`tabs.sendMessage`). The content script carries no
 * zod (its bundle has a size limit): it checks a request by hand (`lib/content/show-mention.ts`), and
 * `tests/show-mention.test.ts` holds that check to these schemas.
 */
export const popupToContent = {
  /**
   * Scrolls the page to the method's mark at `index` in the page's order (past the last, from the first
   * again) and shows it a moment in the colour of a find: the popup's "Show on page".
   */
  showMention: z.strictObject({ methodId: MethodId, index: z.number().int().nonnegative().max(MAX_MARKS) }),
} as const;

/** Where a mention was shown: `index` (from 0) of the method's `count` marks on the page; none there now, count 0. */
export interface MentionShown {
  index: number;
  count: number;
}

export interface PopupToContentResponses {
  showMention: MentionShown;
}

export type PopupToContentRequest = keyof typeof popupToContent;

export interface ContentToBackgroundResponses {
  getDictionary: PageDictionary;
  getCardModel: CardModel | null;
  reportMentions: null;
  pageLeft: null;
  openRecord: null;
}

export interface PageToBackgroundResponses {
  getSnapshotInfo: Result<typeof getSnapshotInfo>;
  getMethodRecord: Result<typeof getMethodRecord>;
  searchMethods: Result<typeof searchMethods>;
  getPageSummary: PageSummary;
  lookUpSelection: LookUpView | null;
  startRefresh: RefreshOutcome;
  /** The cancelled refresh's outcome (a success, if it was too late to stop), or null when none was running. */
  cancelRefresh: RefreshOutcome | null;
  wake: null;
  setSnapshotSource: null;
  scanArxivHtml: ArxivHtmlScan;
  paperBeingRead: boolean;
}

export type Direction = 'content→background' | 'page→background';

export type ContentRequest = keyof typeof contentToBackground;
export type PageRequest = keyof typeof pageToBackground;

/** What travels over `runtime.sendMessage`. */
export const Envelope = z.strictObject({
  direction: z.enum(['content→background', 'page→background']),
  type: z.string().max(64),
  payload: z.unknown(),
});
export type Envelope = z.infer<typeof Envelope>;

export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/** The name of a port that carries one read of the store made through the background (`lib/store/page-reads.ts`). */
export const PAGE_READ_PORT = 'method-lens:page-read';

/**
 * The background's one message to the extension's pages, sent as it starts (Firefox only): a private
 * window's page whose reads it served before it was stopped asks them again. Nothing else wakes it for them.
 */
export const backgroundToPage = { started: z.strictObject({ direction: z.literal('background→page'), type: z.literal('started'), payload: Empty }) };
export const BACKGROUND_STARTED: z.input<typeof backgroundToPage.started> = { direction: 'background→page', type: 'started', payload: {} };
