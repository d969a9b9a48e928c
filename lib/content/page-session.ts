/**
 * One page's marking: scans the site's roots, keeps the marks in step with the page through one
 * MutationObserver, pauses rescanning on a page that never stops changing (until it calms down), and
 * reports what it found.
 *
 * - Paused, it still reads what the page adds or changes outside the part that churns, a block at a
 *   time, once it has settled (`Settling`): a result appended under a live counter is marked, and the
 *   counter costs no pass.
 * - Marks never outlive their text: the observer's callback drops the marks of changed and removed
 *   text at once, even while a pass runs, and a running pass makes no mark on text that changed
 *   after it read it. The blocks to rescan are gathered as records arrive (no record is kept) and
 *   rescanned once per animation frame; past a threshold, one full rescan.
 * - A pass works in slices of a few milliseconds and yields to the page in between, so even a page of
 *   500k text nodes or one 10 MB text node never blocks for long; blocks changed meanwhile wait for
 *   the pass to end. A full pass marks into a layer of its own, which takes the old one's place when
 *   it ends (a long one on a page with no marks shown: from its first segments on), so that the marks
 *   of unchanged text never blink out; a pass over changed blocks marks in place. Every completed pass is one
 *   `performance.measure('method-lens:scan', …)`, from its first step (for a rescan: the frame that
 *   starts it) to registering the last highlight.
 */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Matcher } from '@/lib/match/matcher';
import { elementEdges, isBlockElement, MATH, textCollector } from '@/lib/match/text-index';
import { MarkLayer, runsOnFrom, type Mark } from '@/lib/highlight/marks';
import { rootsToRead, type SiteAdapter } from '@/lib/sites/site';
import { statusKey, type Status } from '@/lib/snapshot/status';
import { measure } from '@/lib/user-timing';
import { collapseMutations, outermostOnly } from './mutations';
import { hiddenStates, sortRecords } from './sort-records';
import { MarkMaker, type MarkSink } from './mark-maker';
import { Slicer, type WarmUp } from './slicer';
import { isOwnUi, showsOrHidesText, siteSkipAttributes, siteSkipSelector } from './skip';
import { SCAN_MEASURE } from './measures';
import { RecentChanges, Settling } from './settling';
import { CONTENT_WAIT_MS, MAX_MARKS, type PageMention } from '@/lib/page-summary';

/** More changed blocks than this in one frame: one full rescan is cheaper. */
const FULL_RESCAN_THRESHOLD = 200;
/** A page that makes us rescan in this many frames within the window is "runaway"… */
const RUNAWAY_BATCHES = 60;
const RUNAWAY_WINDOW_MS = 3_000;
/**
 * …and so is one that keeps us rescanning back to back for the whole window (a big page that changes
 * faster than a rescan takes): a rescan asked for within this long of the previous one's end continues
 * the streak.
 */
const STREAK_GAP_MS = 250;

/**
 * A paused page is read again, whole, once it has calmed down: fewer than `CALM_BELOW` changes to its
 * text in a calm window. A burst of live updates (counters, a carousel) must not end marking for the
 * rest of the visit, and a clock ticking once a second afterwards is no runaway. Each time a page read
 * again runs away again, its calm window doubles, up to `MAX_CALM_WINDOW_MS`, and the changes allowed
 * in it with it: the page must stay calm for longer, at the same rate.
 */
const CALM_WINDOW_MS = 3_000;
const MAX_CALM_WINDOW_MS = 24_000;
const CALM_BELOW = 4;
/** Changed blocks kept waiting for a running pass before they are traded for one full rescan (bounded memory). */
const MAX_PENDING_UNITS = 5_000;
/** While paused, passes over blocks that have settled come at most this often: blocks settling one after another are read together. */
const SETTLED_PASS_GAP_MS = 250;
/**
 * Work between two yields to the page. 3 ms rather than 5: a first pass over the long paper worked 0.89–0.91×
 * as long (0.92× with 26,900 names; `bench:scan-ab`, 40–56 loads a build), as more of its pauses fall while V8
 * compiles its code on the other core, and was marked 10–24 ms later. 2 ms did no better than 3.
 */
const SLICE_MS = 3;
/**
 * Text matched and marked at a time (UTF-16 units, cut at a block): what a pass over a huge page holds
 * at once stays bounded, and nothing has to be joined into one huge string. A paper is one segment: V8
 * optimises the pass's code on the first segment's feedback, and the next (new closures, paths not
 * taken yet) deoptimised it and had it compiled again, in the middle of the pass. Cut in 64k segments,
 * the first pass over the 302k-character paper made ~12 deoptimisations and ~51 compiles of our code
 * per load against ~4 and ~31, and worked 1.08–1.12× as long (`bench:scan-ab`, three runs); cut in two
 * (256k segments), no shorter than in five. See docs/speed.md, "A paper in one segment".
 */
const SEGMENT_CHARS = 1 << 20;
/** Marks created between two deadline checks. */
const MARKS_PER_CHECK = 256;
/**
 * A pass's marks show when it ends (`MarkLayer.publish`). Shown as they were made, they were drawn
 * again in the pass's pauses: style, pre-paint and paint inside the first pass over a paper took
 * 40–62 ms, against ~25 ms published at its end, which also made the pass work 0.89–0.98× as long
 * (bench:scan-ab, four runs) and the paper marked 15–21 ms sooner. A pass still running after this
 * long on a page with no marks shown shows what it has at the end of each segment, so that a huge page
 * is not left bare for seconds.
 */
const SHOW_MARKS_AFTER_MS = 250;
/** A page's report (its mentions, for the badge and the popup) waits this long, gathering changes that come together. */
export const REPORT_DELAY_MS = 250;

export interface DictionaryMethods {
  methods: readonly { id: string; status: Status | null }[];
  /** name index → method index */
  methodIndex: readonly number[];
  /** name index → the name, as the matcher has it: a report says under which names each method was found. */
  names: readonly string[];
}

export interface PageSessionOptions {
  ctx: ContentScriptContext;
  site: SiteAdapter;
  matcher: Matcher;
  dictionary: DictionaryMethods;
  /** The script's warm-up pauses (`scriptWarmUp`), shared with the sessions before and after this one. */
  warmUp: WarmUp;
  /**
   * Called (debounced) with mentions per method whenever they change; `reading` while the site's content
   * has not shown yet (`SiteAdapter.contentShown`), with no mentions: the page is still being read.
   * Returns false when the report was not sent (the site has moved on to another address meanwhile).
   */
  onMentions: (mentions: PageMention[], paused: boolean, reading: boolean) => boolean | void;
  /** How long a pass runs before it shows its marks at each segment's end, not only at its own end. */
  showMarksAfterMs?: number;
  /** The size of a pass's segments (`SEGMENT_CHARS` unless given): tests cut small pages into several. */
  segmentChars?: number;
  /**
   * Called once, when the first pass shows its marks (none found included): a session this one replaces
   * can go then, so that its marks stay on the page until these take their place.
   */
  onShown?: () => void;
  /**
   * Called each time a pass shows its marks (after the page changed, marks may have moved or gone), and
   * while rescanning is paused (no pass follows to show them anew), each time marks go with their text.
   */
  onMarksShown?: () => void;
  /** The first calm window (`CALM_WINDOW_MS`). */
  calmWindowMs?: number;
  /**
   * The pause of the session this one replaces on the same page (`PageSession.runaway`: the page read
   * again after a mute, a switch or a new snapshot): the first pass marks the page with the new
   * dictionary, and the page stays paused until it calms down, rather than being rescanned back to back
   * until it runs away again (and said, meanwhile, to be paused no more).
   */
  runaway?: Runaway;
}

/** How a paused page is waited on: its calm window, the changes allowed in it, and how often it was read again. */
export interface Runaway {
  calmWindowMs: number;
  calmBelow: number;
  resumes: number;
}

/** What a pass scans: everything under the site's roots (its marks replacing all the old ones), or some blocks. */
type PassTargets = { full: true } | { full: false; blocks: readonly Element[] };

export class PageSession {
  /** The marks shown. */
  #marks: MarkLayer;
  /**
   * The marks a running full pass makes, shown in place of `#marks` when it ends: the marks of text
   * that did not change stay on the page meanwhile instead of blinking out for the pass's length.
   */
  #building: MarkLayer | null = null;
  readonly #newLayer: () => MarkLayer;
  readonly #skipSelector: string;
  /** The attributes observed: set or removed, they show or hide text (`siteSkipAttributes`). */
  readonly #skipAttributes: string[];
  readonly #showsOrHides: (element: Element, attribute: string) => boolean;
  #observer: MutationObserver | null = null;
  /**
   * The roots observed (their subtrees' text and skipping attributes; the whole page's children are observed
   * once). Weakly: a root the app replaces under the same address would otherwise keep its old tree in memory.
   */
  #observed = new WeakSet<Node>();
  /** Blocks changed and not yet rescanned; `pendingFull` when there were too many to list. */
  #pendingUnits = new Set<Element>();
  #pendingFull = false;
  /** Time spent in the observer's callback since the last pass began (reported with that pass). */
  #mutationMs = 0;
  #frameRequested = false;
  #batchTimes: number[] = [];
  /** When the current streak of back-to-back rescans began, and when the last rescan ended. */
  #streakStart = 0;
  #lastRescanEnd = -Infinity;
  #paused = false;
  /** While paused: when the page changed its text (or the marks on it), within the calm window. */
  #pausedChanges: number[] = [];
  /** While paused: the timer that looks whether the page has calmed down. */
  #resumeTimer: number | undefined;
  #calmWindowMs: number;
  /** The blocks rescanned lately: should the page run away, the part that churned, not read while paused. */
  #recentChanges = new RecentChanges(RUNAWAY_WINDOW_MS, MAX_PENDING_UNITS);
  /**
   * While paused, the blocks the page changes, read once they have settled (`#readSettled`); null while
   * not paused, or when what churned is not known block by block (the page is then read again once calm).
   */
  #settling: Settling | null = null;
  #settleTimer: number | undefined;
  #settleTimerAt = Infinity;
  #lastSettledPass = -Infinity;
  /** The changes a calm window may hold: `CALM_BELOW` for the first, doubled with it. */
  #calmBelow = CALM_BELOW;
  #resumes = 0;
  /** Replaced by a newer session that has not shown its marks yet (`retire`). */
  #retired = false;
  #scanCount = 0;
  #roots: Element[] = [];
  #reportTimer: number | undefined;
  /**
   * What the last report said (its mentions and pause), or null when the next must be sent whatever it
   * says: a rescan that found the same (a clock ticking in the text, once a second all day) sends nothing,
   * rather than wake the background and write the tab's report anew each time.
   */
  #lastReported: string | null = null;
  /** A pass is running (between slices); rescans wait for it. */
  #busy = false;
  /** Text nodes changed or removed while the running pass was under way: it must not mark them. */
  #changedDuringPass = new Set<Text>();
  /** Text nodes the page added a node after while the pass was under way: no mark runs on from them. */
  #insertedDuringPass = new Set<Text>();
  /** Bumped by `stop()`: a pass from an older generation ends at its next slice. */
  #generation = 0;
  /** Whether a pass has shown its marks yet (`onShown`). */
  #shown = false;
  /**
   * The site's content has not shown yet: reports say the page is being read, until it shows or
   * `CONTENT_WAIT_MS` have passed (`#contentTimer`).
   */
  #awaitingContent = false;
  #contentTimer: number | undefined;
  /** A pass has read the site's content: should it go (the app rendering the page anew), the page is being read again. */
  #contentRead = false;

  readonly #options: PageSessionOptions;
  /** Names of the methods withdrawn (`withdraw`), by index: no layer of this session marks them. */
  readonly #withdrawn = new Set<number>();

  constructor(options: PageSessionOptions) {
    this.#options = options;
    const { methods, methodIndex } = options.dictionary;
    this.#newLayer = () => {
      const layer = new MarkLayer((nameIndex) => statusKey(methods[methodIndex[nameIndex] ?? -1]?.status ?? null));
      if (this.#withdrawn.size > 0) layer.withdraw(this.#withdrawn);
      return layer;
    };
    this.#marks = this.#newLayer();
    this.#skipSelector = siteSkipSelector(options.site);
    this.#skipAttributes = siteSkipAttributes(options.site);
    this.#showsOrHides = showsOrHidesText(options.site);
    this.#calmWindowMs = options.calmWindowMs ?? CALM_WINDOW_MS;
    if (options.runaway) {
      this.#paused = true;
      ({ calmWindowMs: this.#calmWindowMs, calmBelow: this.#calmBelow, resumes: this.#resumes } = options.runaway);
      // What churned was seen by the session this one replaces: blocks that go on changing fast never settle.
      this.#settling = new Settling([], this.#calmWindowMs, MAX_PENDING_UNITS);
    }
  }

  get marks(): MarkLayer {
    return this.#marks;
  }

  /** The page's pause, while paused: a session that reads the same page again takes it over (`runaway`). */
  get runaway(): Runaway | null {
    return this.#paused ? { calmWindowMs: this.#calmWindowMs, calmBelow: this.#calmBelow, resumes: this.#resumes } : null;
  }

  /** Method id of a mark. */
  methodIdOf(mark: Mark): string | undefined {
    return this.#methodIdAt(mark.methodIndex);
  }

  /** The marks of a method on the page, in the order they were made. */
  marksOf(methodId: string): StaticRange[] {
    return this.#marks.marksWhere((nameIndex) => this.#methodIdAt(nameIndex) === methodId);
  }

  #methodIdAt(nameIndex: number): string | undefined {
    const { methods, methodIndex } = this.#options.dictionary;
    return methods[methodIndex[nameIndex] ?? -1]?.id;
  }

  start(): void {
    const start = performance.now();
    const { contentShown } = this.#options.site;
    if (contentShown && !contentShown(document)) this.#waitForContent();
    this.#roots = this.#resolveRoots();
    // Observed from the start: what changes while the first pass runs is handled after it.
    this.#observe();
    if (this.#paused) this.#lookForCalmIn(this.#calmWindowMs);
    void this.#runPass({ full: true }, start, false);
  }

  stop(): void {
    this.#stopReading();
    this.#observer?.disconnect();
    this.#observer = null;
    this.#observed = new WeakSet();
    this.#recentChanges.clear();
    this.#changedDuringPass.clear();
    this.#insertedDuringPass.clear();
    this.#marks.clear();
  }

  /**
   * Replaced by a newer session that has not shown its marks yet: this one's marks stay on the page
   * until then, and still go with text that changes, but it reads and reports nothing more (a paused
   * page read again now would report under the next page's address).
   */
  retire(): void {
    this.#retired = true;
    this.#stopReading();
  }

  /**
   * No pass of this session runs or is waited for from now on, and it reports nothing more: the next
   * session (or the content script) speaks for the page. A pass's marks being built are never shown.
   */
  #stopReading(): void {
    this.#generation++;
    this.#busy = false;
    this.#building = null;
    this.#pendingUnits = new Set();
    this.#pendingFull = false;
    if (this.#reportTimer !== undefined) clearTimeout(this.#reportTimer);
    this.#reportTimer = undefined;
    clearTimeout(this.#resumeTimer);
    this.#resumeTimer = undefined;
    this.#stopSettling();
    this.#endContentWait();
  }

  /**
   * The reader muted these methods: their marks leave the page now, and no pass of this session marks
   * them again. The page's next dictionary, without them, takes a request and a pass (and a hidden tab
   * asks only once shown): meanwhile the page shows none of them, and reports none.
   */
  withdraw(methodIds: Iterable<string>): void {
    const ids = new Set(methodIds);
    const { methods, methodIndex } = this.#options.dictionary;
    const withdrawn = new Set<number>();
    methodIndex.forEach((method, nameIndex) => {
      if (ids.has(methods[method]?.id ?? '') && !this.#withdrawn.has(nameIndex)) withdrawn.add(nameIndex);
    });
    if (withdrawn.size === 0) return;
    for (const nameIndex of withdrawn) this.#withdrawn.add(nameIndex);
    const removed = this.#marks.withdraw(withdrawn);
    this.#building?.withdraw(withdrawn);
    if (removed === 0) return;
    this.#reportSoon();
    // A card open over one of them closes.
    this.#options.onMarksShown?.();
  }

  /** Reports the page's mentions again (soon): a page back from the back-forward cache, which the background forgot. */
  reportAgain(): void {
    if (!this.#observer) return;
    this.#lastReported = null;
    this.#reportSoon();
  }

  dispose(): void {
    this.stop();
    this.#marks.dispose();
  }

  /** The roots are `<body>`, for want of the site's own: any element the page adds may bring those. */
  #rootsAreFallback = false;
  /** Whether each root lay in a skipped element when last looked at (`sortRecords` keeps it up to date). */
  #rootHidden = new Map<Element, boolean>();
  #resolveRoots(): Element[] {
    const { roots, fallback } = rootsToRead(this.#options.site, document);
    this.#rootsAreFallback = fallback;
    this.#rootHidden = hiddenStates(roots, this.#skipSelector);
    return roots;
  }

  /**
   * Observes the whole page's children, as Dark Reader does: a root may come or go anywhere (deep inside
   * a subtree the page adds, in an element that is no root), and the page says so only where it adds or
   * removes the nodes. Only nodes added or removed outside the roots are looked at for roots, and a change
   * there that adds or removes none costs nothing more (`sortRecords`). The attributes that skip elements
   * are observed everywhere (outside the roots, one may show or hide a root whole), text inside the roots alone.
   */
  #observe(): void {
    this.#observer = new MutationObserver((records) => this.#onMutations(records));
    // The attributes that skip elements too: one shown or hidden outside the roots may hold roots.
    this.#observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: this.#skipAttributes });
    this.#observeRoots();
  }

  /**
   * Observes the roots not observed yet (a full rescan may find new ones). Their children are observed with
   * the whole page's: registered twice, a change is reported twice in happy-dom (browsers merge the two).
   */
  #observeRoots(): void {
    for (const root of this.#roots) {
      if (this.#observed.has(root)) continue;
      this.#observed.add(root);
      // The reader's text skips hidden elements and editors: one shown or hidden, made editable or not, is text come or gone.
      this.#observer?.observe(root, { subtree: true, characterData: true });
    }
  }

  /** Drops stale marks now, notes the blocks to rescan, and lets the records go. */
  #onMutations(records: MutationRecord[]): void {
    const started = performance.now();
    const followInsertions = this.#busy || this.#marks.hasSpanning || this.#building?.hasSpanning === true;
    const { pageRecords, rootsMoved, rootsShownOrHidden } = sortRecords(records, {
      roots: this.#roots,
      rootSelector: this.#options.site.rootSelector,
      skipSelector: this.#skipSelector,
      fallback: this.#rootsAreFallback,
      hidden: this.#rootHidden,
      showsOrHides: this.#showsOrHides,
    });
    const work = collapseMutations(pageRecords, {
      unitOf: (node) => this.#unitOf(node),
      isOwnNode: isOwnUi,
      followInsertions,
      skipSelectorDuringPass: this.#busy ? this.#skipSelector : undefined,
      rootsShownOrHidden,
    });
    // Marks never outlive the text they cover: paused, busy or not.
    let dropped = this.#marks.removeNodes(work.staleTexts);
    this.#building?.removeNodes(work.staleTexts);
    if (work.insertedAfter.size) {
      dropped += this.#marks.removeSpanningAcross(work.insertedAfter);
      this.#building?.removeSpanningAcross(work.insertedAfter);
    }
    if (this.#busy) {
      for (const text of work.staleTexts) this.#changedDuringPass.add(text);
      for (const text of work.insertedAfter) this.#insertedDuringPass.add(text);
    }
    if (rootsMoved) {
      this.#pendingUnits.clear();
      this.#pendingFull = true;
      if (!this.#paused) this.#recentChanges.unlisted(started);
    } else if (!this.#pendingFull && !this.#paused) {
      // (Paused, blocks wait to settle instead: below.)
      for (const unit of work.units) this.#pendingUnits.add(unit);
      if (this.#pendingUnits.size > MAX_PENDING_UNITS) {
        this.#pendingUnits.clear();
        this.#pendingFull = true;
        this.#recentChanges.unlisted(started);
      }
    }
    if (this.#settling) {
      const due = this.#settling.changed(work.units, started) ?? Infinity;
      this.#readSettledAt(rootsMoved ? Math.min(due, this.#settling.rootsMoved(started)) : due);
    }
    this.#mutationMs += performance.now() - started;
    // Paused, changes are only counted (a clock in the site's chrome does not count): the page is read
    // again, whole, once they have become rare.
    if (this.#paused && (work.units.size || dropped || rootsMoved)) {
      // Only the last few are ever looked at.
      this.#pausedChanges.push(started);
      if (this.#pausedChanges.length > this.#calmBelow) this.#pausedChanges.shift();
    } else if (work.units.size || rootsMoved) this.#processSoon();
    // What the popup shows follows at once: no rescan reports while the session is paused.
    if (dropped) this.#reportSoon();
    // Nor does a pass show the marks anew while paused: a card open over a mark gone hears of it now.
    if (dropped && this.#paused) this.#options.onMarksShown?.();
  }

  #insideRoots(node: Node): boolean {
    return this.#roots.some((root) => root.contains(node));
  }

  #processSoon(): void {
    // While a pass runs, changes pile up; the pass asks for them when it ends.
    if (this.#frameRequested || this.#busy || this.#retired) return;
    this.#frameRequested = true;
    this.#options.ctx.requestAnimationFrame(() => {
      this.#frameRequested = false;
      this.#processPending();
    });
  }

  #processPending(): void {
    const start = performance.now();
    if (this.#busy || this.#options.ctx.isInvalid) return;
    const full = this.#pendingFull;
    const units = this.#pendingUnits;
    this.#pendingUnits = new Set();
    this.#pendingFull = false;
    if (this.#paused || (!full && units.size === 0)) return;
    this.#recentChanges.rescanned(units, start);
    this.#noteBatch();
    if (this.#paused) {
      // This frame's blocks are the churn's too: they wait to settle with the others.
      this.#readSettledAt(this.#settling?.changed(units, start));
      this.#reportSoon();
      return;
    }
    const blocks = full ? [] : [...outermostOnly(units)].filter((block) => block.isConnected && this.#insideRoots(block));
    if (full || blocks.length > FULL_RESCAN_THRESHOLD) {
      this.#roots = this.#resolveRoots();
      this.#observeRoots();
      void this.#runPass({ full: true }, start, true);
    } else if (blocks.length) {
      void this.#runPass({ full: false, blocks }, start, true);
    }
  }

  /** The block that bounds matching around a changed node, or null outside our roots or in skipped parts (an editor). */
  #unitOf(node: Node): Element | null {
    let element: Element | null = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
    if (element?.closest(this.#skipSelector)) {
      // Math is not read, but what it shows first goes on with a name glued before it (`QuIP$\#$`): a change
      // in it is read with the block around it. A change in any other skipped part changes nothing read.
      let math = element.closest(MATH);
      while (math?.parentElement?.closest(MATH)) math = math.parentElement.closest(MATH);
      element = math?.parentElement ?? null;
      if (element?.closest(this.#skipSelector)) return null;
    }
    if (!element || !this.#roots.some((root) => root.contains(element))) return null;
    while (element && !isBlockElement(element) && !this.#roots.includes(element)) element = element.parentElement;
    return element;
  }

  #noteBatch(): void {
    const now = performance.now();
    this.#batchTimes.push(now);
    while (this.#batchTimes.length && now - this.#batchTimes[0]! > RUNAWAY_WINDOW_MS) this.#batchTimes.shift();
    if (now - this.#lastRescanEnd > STREAK_GAP_MS) this.#streakStart = now;
    const neverCaughtUp = now - this.#streakStart >= RUNAWAY_WINDOW_MS;
    // The popup tells the reader (the page's console stays quiet).
    if (this.#batchTimes.length >= RUNAWAY_BATCHES || neverCaughtUp) {
      this.#paused = true;
      if (this.#resumes > 0 && this.#calmWindowMs < MAX_CALM_WINDOW_MS) {
        this.#calmWindowMs *= 2;
        this.#calmBelow *= 2;
      }
      this.#pausedChanges = [];
      this.#lookForCalmIn(this.#calmWindowMs);
      const churned = this.#recentChanges.churned(now);
      this.#recentChanges.clear();
      this.#settling = churned && new Settling(churned, this.#calmWindowMs, MAX_PENDING_UNITS);
    }
  }

  /** One timer at a time, not one per change: a change seen while paused only notes its time. */
  #lookForCalmIn(delayMs: number): void {
    clearTimeout(this.#resumeTimer);
    this.#resumeTimer = this.#options.ctx.setTimeout(() => this.#lookForCalm(), delayMs);
  }

  #lookForCalm(): void {
    this.#resumeTimer = undefined;
    const now = performance.now();
    const recent = this.#pausedChanges.filter((at) => now - at < this.#calmWindowMs);
    this.#pausedChanges = recent;
    if (recent.length < this.#calmBelow) return this.#resume();
    // Still busy: look again when enough of these changes have left the window, if no more come.
    this.#lookForCalmIn(recent[recent.length - this.#calmBelow]! + this.#calmWindowMs - now);
  }

  /** The page has calmed down: forget the streak and read it all again (changes made while paused were not followed). */
  #resume(): void {
    this.#resumes++;
    this.#pausedChanges = [];
    this.#paused = false;
    this.#stopSettling();
    this.#batchTimes = [];
    this.#lastRescanEnd = -Infinity;
    this.#pendingUnits.clear();
    this.#pendingFull = true;
    this.#processSoon();
  }

  /**
   * While paused, one timer looks for settled blocks, when the first of them is `due` (not one timer per
   * change nor per block): only a block due sooner than the timer moves it. While a pass runs, none is
   * set: the pass asks when it ends.
   */
  #readSettledAt(due = Infinity): void {
    if (due === Infinity || !this.#settling || this.#busy) return;
    const at = Math.max(due, this.#lastSettledPass + SETTLED_PASS_GAP_MS);
    if (this.#settleTimer !== undefined) {
      if (this.#settleTimerAt <= at) return;
      clearTimeout(this.#settleTimer);
    }
    this.#settleTimerAt = at;
    this.#settleTimer = this.#options.ctx.setTimeout(() => {
      this.#settleTimer = undefined;
      this.#readSettled();
    }, Math.max(0, at - performance.now()));
  }

  /** Reads, while paused, the blocks that have settled (or the roots again, when the page moved them). */
  #readSettled(): void {
    const start = performance.now();
    if (!this.#settling || this.#busy || this.#options.ctx.isInvalid) return;
    const { blocks, rootsMoved } = this.#settling.takeSettled(start);
    if (rootsMoved) {
      this.#lastSettledPass = start;
      this.#roots = this.#resolveRoots();
      this.#observeRoots();
      return void this.#runPass({ full: true }, start, false);
    }
    const toRead = [...outermostOnly(new Set(blocks))].filter((block) => block.isConnected && this.#insideRoots(block));
    if (!toRead.length) return this.#readSettledAt(this.#settling.nextDue());
    this.#lastSettledPass = start;
    void this.#runPass({ full: false, blocks: toRead }, start, false);
  }

  #stopSettling(): void {
    this.#settling = null;
    clearTimeout(this.#settleTimer);
    this.#settleTimer = undefined;
  }

  /**
   * One pass: read the targets' text, match it, register the marks, in slices of SLICE_MS with a
   * yield to the page in between. Measured from `start` to the end as one `method-lens:scan`.
   */
  async #runPass(targets: PassTargets, start: number, isRescan: boolean): Promise<void> {
    const generation = this.#generation;
    const slicer = new Slicer(SLICE_MS, start, this.#options.ctx, this.#options.warmUp);
    const stillMine = () => generation === this.#generation && !this.#options.ctx.isInvalid;
    const next = async () => {
      await slicer.pause();
      return stillMine();
    };
    const mutationMs = this.#mutationMs;
    this.#mutationMs = 0;
    this.#busy = true;
    this.#changedDuringPass.clear();
    this.#insertedDuringPass.clear();
    let lostPlace = false;
    // The site's content there when the pass begins is read by its end: only then do the marks speak for it.
    const readsContent = this.#options.site.contentShown?.(document) === true;
    // A full pass marks into a layer of its own, shown when it ends; a pass over blocks marks in place.
    const marks = targets.full ? (this.#building = this.#newLayer()) : this.#marks;
    try {
      // A full pass reads the roots its caller has just resolved.
      const blocks = targets.full ? this.#roots : targets.blocks;
      for (const block of blocks) {
        if (!block.isConnected) continue;
        // Finding the roots walks the whole page, and so does each block's first query for skipped elements.
        if (slicer.shouldYield() && !(await next())) return;
        const collector = textCollector(block, { skipSelector: this.#options.site.skipSelector, segmentChars: this.#options.segmentChars ?? SEGMENT_CHARS });
        for (;;) {
          slicer.phase = 'read';
          while (!collector.step(slicer.shouldYield)) if (!(await next())) return;
          const index = collector.index;
          slicer.phase = 'match';
          const matching = this.#options.matcher.findInSteps(index.text, elementEdges(index));
          // A block read again in place keeps its old marks until its new ones are all made (below).
          const made: Parameters<MarkSink['add']>[] = [];
          const marked = targets.full ? () => marks.size : () => made.length;
          const room = MAX_MARKS - marked();
          const full = () => matching.spans.length >= room;
          while (!matching.step(() => full() || slicer.shouldYield()) && !full()) if (!(await next())) return;
          slicer.phase = 'mark';
          const marking = new MarkMaker(index, this.#changedDuringPass, this.#insertedDuringPass);
          const sink: MarkSink = targets.full ? marks : { add: (...mark) => made.push(mark) };
          const { spans } = matching;
          for (let i = 0; i < spans.length && marked() < MAX_MARKS; ) {
            const end = Math.min(spans.length, i + MARKS_PER_CHECK, i + MAX_MARKS - marked());
            marking.marksFor(spans, i, end, sink);
            i = end;
            if (i < spans.length && slicer.shouldYield() && !(await next())) return;
          }
          if (!targets.full) this.#replaceMarks(marks, index.nodes, made);
          // Not while other marks are shown: a full rescan's first segments, put in their place, would hide
          // the rest. Once this pass's own are shown, each segment's end registers the statuses it brought.
          if ((this.#marks === marks || this.#marks.size === 0) && performance.now() - start >= (this.#options.showMarksAfterMs ?? SHOW_MARKS_AFTER_MS)) this.#show(marks);
          if (collector.finished || marks.size >= MAX_MARKS) break;
          collector.nextSegment();
        }
        if (collector.interrupted) lostPlace = true;
      }
      this.#show(marks);
      const end = performance.now();
      const detail = {
        pass: ++this.#scanCount,
        marks: marks.size,
        slices: slicer.slices,
        longestSlice: slicer.longest(),
        longestPhase: slicer.longestPhase,
        worked: slicer.worked(),
        phases: slicer.phaseTimes(),
        mutationMs,
      };
      measure(SCAN_MEASURE, { start, end, detail });
      if (isRescan) this.#lastRescanEnd = end;
      if (readsContent) {
        this.#contentRead = true;
        this.#endContentWait();
      }
      this.#reportSoon();
    } finally {
      if (generation === this.#generation) {
        this.#busy = false;
        this.#changedDuringPass.clear();
        this.#insertedDuringPass.clear();
        // It lost its place because the page removed what it was reading: rescan everything next.
        if (lostPlace) this.#pendingFull = true;
        if (this.#pendingFull || this.#pendingUnits.size) this.#processSoon();
        this.#readSettledAt(this.#settling?.nextDue());
      }
    }
  }

  /**
   * A block's old marks give way to those a pass made for it, in one step: between the slices that read,
   * matched and marked it, the page's frames (and a card's look at the page) still found the old ones.
   * Made marks whose text changed meanwhile are left out, as the old ones on it went at once.
   */
  #replaceMarks(marks: MarkLayer, nodes: readonly Text[], made: Parameters<MarkSink['add']>[]): void {
    marks.removeNodes(nodes);
    for (const [range, methodIndex, spanning] of made) {
      if (marks.size >= MAX_MARKS) break;
      if (spanning ? spanning.some((node) => this.#changedDuringPass.has(node)) : this.#changedDuringPass.has(range.startContainer as Text)) continue;
      if (spanning && runsOnFrom(spanning, this.#insertedDuringPass)) continue;
      marks.add(range, methodIndex, spanning);
    }
  }

  /**
   * Shows a pass's marks: registers its highlights, and when they are a full pass's own, puts them in
   * place of the old ones (registered under the same names first, so no frame shows neither).
   */
  #show(marks: MarkLayer): void {
    marks.publish();
    if (!this.#shown) {
      this.#shown = true;
      this.#options.onShown?.();
    }
    if (marks !== this.#marks) {
      this.#marks.dispose();
      this.#marks = marks;
      this.#building = null;
    }
    this.#options.onMarksShown?.();
  }

  /** Until the site's content shows, for `CONTENT_WAIT_MS` at most, reports say the page is being read. */
  #waitForContent(): void {
    this.#awaitingContent = true;
    this.#contentRead = false;
    this.#contentTimer = this.#options.ctx.setTimeout(() => {
      this.#endContentWait();
      this.#reportSoon();
    }, CONTENT_WAIT_MS);
  }

  /** The site's content has shown, or the wait for it is over: reports say what the page holds from now on. */
  #endContentWait(): void {
    this.#awaitingContent = false;
    clearTimeout(this.#contentTimer);
    this.#contentTimer = undefined;
  }

  #reportSoon(): void {
    if (this.#reportTimer !== undefined || this.#retired) return;
    this.#reportTimer = this.#options.ctx.setTimeout(() => {
      this.#reportTimer = undefined;
      // Until a pass has read the site's content, the marks are the app's empty shell's (or its skeleton's),
      // shown or not by now: reported, they would say the page has no methods. So are those of a page whose
      // content has gone since a pass read it: the app shows its skeleton while it renders the page anew
      // (the same paper opened again), on the same address.
      if (this.#contentRead && this.#options.site.contentShown?.(document) === false) this.#waitForContent();
      if (this.#awaitingContent) {
        // Said again at each change: the background times a page said to be being read from its last word.
        this.#lastReported = null;
        return this.#options.onMentions([], this.#paused, true);
      }
      const mentions = new Map<string, { methodId: string; count: number; names: string[] }>();
      for (const [nameIndex, count] of this.#marks.countByMethod()) {
        const methodId = this.#methodIdAt(nameIndex);
        if (!methodId) continue;
        const mention = mentions.get(methodId) ?? mentions.set(methodId, { methodId, count: 0, names: [] }).get(methodId)!;
        mention.count += count;
        const name = this.#options.dictionary.names[nameIndex]!;
        if (!mention.names.includes(name)) mention.names.push(name);
      }
      const found = Array.from(mentions.values());
      // In no particular order: a block marked anew lists its methods after the others'.
      const said = JSON.stringify([this.#paused, found.map(({ methodId, count, names }) => [methodId, count, [...names].sort()]).sort()]);
      if (said === this.#lastReported) return;
      // One not sent is no word to the background: the next pass that finds the same sends it.
      this.#lastReported = this.#options.onMentions(found, this.#paused, false) === false ? null : said;
    }, REPORT_DELAY_MS);
  }
}
