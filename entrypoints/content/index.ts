/**
 * The content script on arXiv and Semantic Scholar: asks the background for the match dictionary
 * once per page, and only on a page to mark (again when the reader mutes or unmutes a method, or a
 * refresh brings a new snapshot in), marks method names (CSS Custom Highlight API, no DOM changes),
 * keeps marks in step with the page, and shows the hover card. Follows the reader's switches and
 * muted methods live.
 */
import { CONTENT_SCRIPT_MATCHES, siteFor } from '@/lib/sites';
import { marksSite, readPageSwitches, watchActiveSnapshot, watchMutedMethods, watchPageSwitches, type PageSwitches } from '@/lib/settings/page-switches';
import { sendFromContent } from '@/lib/messaging/client';
import { compileMatcher, type Matcher } from '@/lib/match/matcher';
import type { PageDictionary } from '@/lib/page-dictionary';
import type { PageMention } from '@/lib/page-summary';
import { measure } from '@/lib/user-timing';
import { PageSession } from '@/lib/content/page-session';
import { scriptWarmUp } from '@/lib/content/slicer';
import { COMPILE_MEASURE, DICTIONARY_MEASURE } from '@/lib/content/measures';
import { LazyCard } from '@/lib/content/lazy-card';
import { dictionarySource } from '@/lib/content/dictionary-source';
import { watchHover } from '@/lib/content/hover';
import { cardRecords } from '@/lib/content/card-records';
import { releaseTimerListeners } from '@/lib/content/context-timers';
import { reportSender } from '@/lib/content/report-sender';
import { answerShowMention } from '@/lib/content/show-mention';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
// The marks' `::highlight()` rules (`lib/highlight/styles.ts`), made into a stylesheet by the build.
import 'virtual:method-lens-highlights.css';

export default defineContentScript({
  matches: CONTENT_SCRIPT_MATCHES,
  runAt: 'document_end',
  // The one stylesheet this script imports, the marks' colours, is added by the browser itself (the
  // manifest's `content_scripts[].css`). The card brings its own into its shadow root.
  cssInjectionMode: 'manifest',

  async main(ctx) {
    // Timers are started per pointer move and per page change: none may leave a listener behind.
    releaseTimerListeners(ctx);
    const firstSwitches = readPageSwitches().catch(() => null);

    const dictionaries = dictionarySource(
      () => timed(DICTIONARY_MEASURE, () => sendFromContent('getDictionary', {})),
      compiled,
    );
    // A tab the browser discarded holds an empty document at the paper's address (Chromium 156), where
    // this script runs too: nothing to read there, nor a dictionary (a megabyte with a large snapshot) to
    // keep in the memory the discard was to free. A page of any site has at least its head.
    const discardedTab = !document.head?.firstChild && !document.body?.firstChild;
    // A page to mark from the start, with marks on for its site: asked for as soon as the switches say
    // so (a reader who turned marks off has no dictionary sent to every paper they open).
    const firstSite = discardedTab ? undefined : siteFor(location.href);
    if (firstSite) {
      void firstSwitches.then((switches) => {
        if (switches && marksSite(switches, firstSite.id) && !ctx.isInvalid) void dictionaries.get();
      });
    }

    let session: PageSession | null = null;
    // V8 compiles the passes' code once per script: only this script's first pauses wait for it.
    const warmUp = scriptWarmUp();
    /** The page address `session` reads. */
    let sessionUrl = '';
    /**
     * The session a newer one replaces on the same page (a mute, a switch, an in-app navigation): its
     * marks stay until the newer one's first pass shows its own, so that no mark blinks out meanwhile.
     */
    let retiring: PageSession | null = null;
    const disposeAll = () => {
      retiring?.dispose();
      retiring = null;
      session?.dispose();
      session = null;
    };
    const cards = cardRecords(
      ctx,
      (methodId) => sendFromContent('getCardModel', { methodId }),
      (methodId) => hover.recordArrived(methodId),
    );
    const card = new LazyCard(ctx, {
      // A rejection here means the extension was reloaded or updated under the page: nothing to do.
      onOpenRecord: (methodId) => void sendFromContent('openRecord', { methodId }).catch(() => {}),
      onClose: () => hover.close(),
    });
    const sendReport = reportSender(ctx, (report: Parameters<typeof sendFromContent<'reportMentions'>>[1]) => sendFromContent('reportMentions', report));
    /** This document's reports are its tab's until it goes (`pageLeft`), not those of the page after it. */
    const pageDocument = crypto.randomUUID();
    /**
     * Whether the background holds a report of this document. A page that is not read and never was (its
     * site switched off) holds none and says nothing: browsing such pages never starts the worker.
     */
    let reportKept = false;
    const report = (mentions: PageMention[], paused: boolean, read = true, reading = false) => {
      reportKept = read;
      sendReport({ url: location.href, mentions, paused, read, ...(reading && { reading }), document: pageDocument });
    };

    /** The page was read with nothing to look for (every method muted): no session will report it again. */
    let readEmpty = false;

    /** The page address marks were last set up for. */
    let syncedUrl = location.href;
    const withoutFragment = (url: string) => url.split('#', 1)[0]!;
    /** The page address last said to be being read. */
    let readingSaidFor: string | null = null;
    /** Whether the switches, as the last sync read them, have the page at `url` (without its fragment) read. */
    let readDecided: { url: string; read: boolean } | null = null;
    let syncs = 0;
    /** A mute or a new snapshot came while the tab was hidden, and no sync has read the page since. */
    let syncWhenShown = false;

    /** A dictionary the background failed to give is asked for again, later each time in a row. */
    let dictionaryRetry: ReturnType<typeof ctx.setTimeout> | undefined;
    let dictionaryFailures = 0;

    async function sync(url = syncedUrl, switchesRead: Promise<PageSwitches | null> = readPageSwitches().catch(() => null)) {
      const ticket = ++syncs;
      syncWhenShown = false; // this sync asks for the dictionary of now
      clearTimeout(dictionaryRetry); // and so would the one a failure had planned
      syncedUrl = url;
      // Another page: the card of the one before goes. The same page read again (a mute, a switch, a new
      // snapshot) keeps its card while its mark stays: its new marks close it if not (`marksChanged`).
      if (withoutFragment(url) !== withoutFragment(sessionUrl)) hover.close();
      const switches = await switchesRead;
      if (ticket !== syncs || !switches) return; // a newer sync (another navigation) took over meanwhile
      const site = siteFor(url);
      const toRead = marksSite(switches, site?.id) && !ctx.isInvalid && !discardedTab;
      readDecided = { url: withoutFragment(url), read: toRead };
      // A new page (not the same one read again after a mute or a switch) is said to be being read until
      // its first pass reports: the dictionary, the page going idle and the pass take up to a second or two.
      if (toRead && withoutFragment(url) !== readingSaidFor) {
        readingSaidFor = withoutFragment(url);
        report([], false, true, true);
      }
      const ready = toRead ? await dictionaries.get() : null;
      if (ticket !== syncs || ctx.isInvalid) return;
      // Its store failing, the background gave none, or only the one before (a method muted since would be
      // marked): read with what there is, and ask again, for the page the reader is still on.
      if (toRead && dictionaries.failed) {
        const delay = Math.min(DICTIONARY_RETRY_MS * 2 ** dictionaryFailures++, MAX_DICTIONARY_RETRY_MS);
        dictionaryRetry = ctx.setTimeout(() => {
          if (ticket === syncs) void sync(url);
        }, delay);
      } else dictionaryFailures = 0;
      if (!site || !ready || ready.dictionary.names.length === 0) {
        hover.close();
        disposeAll();
        // Read with nothing to look for (every method muted) is a page without known methods; not read
        // at all (another kind of page, marks switched off), the popup must say that instead: a report
        // this page made before is taken back, and a page that made none has nothing to say.
        readEmpty = ready !== null;
        if (readEmpty || reportKept) report([], false, readEmpty);
        // Not read, the page is forgotten by the background: read again later (the app back on it, marks
        // switched on again), it is said to be being read again.
        if (!readEmpty) readingSaidFor = null;
        return;
      }
      await pageIdle(ctx);
      if (ticket !== syncs || ctx.isInvalid) return;
      // A mute or a new snapshot came while this sync waited, in a tab the reader does not see: the
      // dictionary in hand is the one before, which would mark a method muted meanwhile again (the app
      // moved on to the next paper, marks switched on). Read with the dictionary of now.
      if (syncWhenShown) return void sync(url, Promise.resolve(switches));
      // The same page read again (a mute, a switch, a new snapshot) stays paused if it ran away.
      const runaway = withoutFragment(url) === withoutFragment(sessionUrl) ? (session?.runaway ?? undefined) : undefined;
      // What the page shows is the retiring session's, when the current one has not shown anything yet.
      if (retiring) session?.dispose();
      else retiring = session;
      retiring?.retire();
      const next: PageSession = new PageSession({
        ctx,
        site,
        matcher: ready.matcher,
        dictionary: ready.dictionary,
        warmUp,
        // Not once the app has moved on to another address (a skeleton in the paper's place while it renders
        // the next): this script follows it a moment later (a second, without the Navigation API).
        onMentions: (mentions, paused, reading) => {
          if (withoutFragment(location.href) !== withoutFragment(url)) return false;
          report(mentions, paused, true, reading);
        },
        onShown: () => {
          if (session !== next) return;
          retiring?.dispose();
          retiring = null;
        },
        // A card open over a mark this pass moved or took away closes.
        onMarksShown: () => hover.marksChanged(),
        runaway,
      });
      session = next;
      sessionUrl = url;
      readEmpty = false;
      session.start();
    }

    /**
     * The reader muted or unmuted a method, or a new snapshot came in: the background's dictionary changed;
     * mark the page anew. Not a page that never asked for one (not read, or its first sync still reading
     * the switches): read, it asks then. One whose request failed asks again.
     */
    function reloadDictionary() {
      if (!dictionaries.asked) return;
      dictionaries.drop();
      // Nor a page read before and no longer (marks switched off for its site): it has nothing to mark
      // anew, and switched on, it asks for the dictionary of then. A sync still deciding asks itself.
      if (readDecided?.url === withoutFragment(syncedUrl) && !readDecided.read) return;
      // Nor a tab the reader does not see: with a large snapshot every answer is a megabyte to send and
      // parse, and a reader with twenty papers open in the background would pay for each on every mute.
      // It asks once, for the dictionary of then, when it shows.
      if (document.visibilityState === 'hidden') {
        syncWhenShown = true;
        return;
      }
      void sync();
    }
    ctx.addEventListener(document, 'visibilitychange', () => {
      if (!syncWhenShown || document.visibilityState === 'hidden') return;
      syncWhenShown = false;
      void sync();
    });

    const hover = watchHover({
      ctx,
      card,
      // The marks on the page: the retiring session's until the current one shows its own.
      marks: () => (retiring ?? session)?.marks ?? null,
      methodIdOf: (mark) => (retiring ?? session)?.methodIdOf(mark),
      loadCard: cards.load,
    });

    // The popup's "Show on page": the marks the page shows now (the retiring session's until the current one shows its own).
    answerShowMention(ctx, (methodId) => (retiring ?? session)?.marksOf(methodId) ?? []);

    // Listening before the first pass starts, which may take several slices: a navigation meanwhile
    // must stop it. Only a page that now has another address counts: WXT raises `wxt:locationchange`
    // for every navigation the Navigation API announces, a link to another document included (this
    // page stays until that one loads, and stays for good when it is a download), and the page itself
    // may forge the event; a fragment change (a table of contents link) is the same page. So the
    // address is looked at once the navigation has taken effect: at once for an in-app one
    // (`pushState`), on `currententrychange` for one the Navigation API commits later (back, forward).
    const followAddress = () => {
      if (withoutFragment(location.href) !== withoutFragment(syncedUrl)) void sync(location.href);
    };
    ctx.addEventListener(window, 'wxt:locationchange', () => ctx.setTimeout(followAddress, 0));
    const navigation = (window as { navigation?: EventTarget }).navigation;
    if (navigation) ctx.addEventListener(navigation, 'currententrychange', followAddress);
    // A page marked while the reader did not see it, now shown: the background has no report of it,
    // so it is sent again. Back from the back-forward cache, marks and all (the background forgot the
    // page when the tab left it); or prerendered (a search engine's speculation rules, the address bar),
    // marked while hidden so that it shows marked at once, its report refused then (the tab still
    // showed the previous page). A page read with nothing to look for has no session to say it again.
    const reportAgain = () => {
      // A retiring session says nothing: the new one has not reported yet, and its first report, at the
      // end of its first pass, comes once the page is shown. The new one must not report its marks before.
      const shown = retiring ?? session;
      if (shown) shown.reportAgain();
      else if (readEmpty) report([], false);
    };
    // A page put in the back-forward cache with its dictionary request on its way never has its answer
    // (the browser closes the page's channels, and the request neither resolves nor fails): it is read
    // again, with a new request, when it is shown again. So is a card's record on its way: the cards
    // are asked for again.
    let cutOff = false;
    ctx.addEventListener(window, 'pagehide', (event: PageTransitionEvent) => {
      // The tab goes on to another page, or closes: the background forgets this one's report, if it holds
      // one. Shown again from the back-forward cache, the page reports again (below).
      if (reportKept) void sendFromContent('pageLeft', { document: pageDocument }).catch(() => {});
      reportKept = false;
      if (!event.persisted) return;
      // Shown again, the page has the pointer wherever the reader left it since: no card from before.
      hover.close();
      cards.clear();
      if (dictionaries.abandonUnanswered()) cutOff = true;
    });
    ctx.addEventListener(window, 'pageshow', (event: PageTransitionEvent) => {
      if (!event.persisted) return;
      if (!cutOff) return reportAgain();
      cutOff = false;
      readingSaidFor = null; // the background forgot the page when the tab left it: said again
      void sync();
    });
    if ((document as { prerendering?: boolean }).prerendering) ctx.addEventListener(document, 'prerenderingchange', reportAgain);
    // Watched before the first answers come: a switch turned or a method muted meanwhile starts a newer
    // sync, which takes over from the first.
    // Only a switch that changes whether this page is read: the other site's leaves it as it is.
    ctx.onInvalidated(
      watchPageSwitches((switches) => {
        const decided = readDecided;
        if (decided?.url === withoutFragment(syncedUrl) && decided.read === (marksSite(switches, siteFor(syncedUrl)?.id) && !ctx.isInvalid)) return;
        void sync(syncedUrl, Promise.resolve(switches));
      }),
    );
    // A method muted leaves the page at once, shown or hidden: the page's next dictionary is a request
    // and a pass away (~0.3 s with the bundled snapshot), and a hidden tab asks for it only when shown.
    ctx.onInvalidated(
      watchMutedMethods((muted) => {
        session?.withdraw(muted);
        retiring?.withdraw(muted);
        reloadDictionary();
      }),
    );
    // A refresh brought a new snapshot in: statuses, names and records may all have changed. The records
    // kept are forgotten, and the card open asks its own again. The page is marked anew, but not when
    // the dictionary in use is that snapshot's already: the first page of a new profile, asked for
    // while the bundled snapshot was being stored, was answered with it.
    ctx.onInvalidated(
      watchActiveSnapshot((key) => {
        cards.clear();
        hover.recordsChanged();
        void (dictionaries.current ?? Promise.resolve(null)).then((ready) => {
          if (ready && ready.dictionary.snapshotKey === key) return;
          reloadDictionary();
        });
      }),
    );
    ctx.onInvalidated(disposeAll);
    // The extension turned off, removed or updated leaves this script on the page, unable to reach it,
    // and the script learns so only when it asks (`isInvalid`): the hover asks at each pointer move, and
    // so does the reader's next key, scroll or return to the tab, which takes the marks and card away.
    const noticeOrphaned = () => void ctx.isInvalid;
    for (const type of ['keydown', 'scroll', 'focus']) ctx.addEventListener(window, type, noticeOrphaned, { capture: true, passive: true });
    ctx.addEventListener(document, 'visibilitychange', noticeOrphaned);
    await sync(location.href, firstSwitches);
  },
});

/** The longest a page's first pass waits for the page to go idle: a page that never does is marked anyway. */
const IDLE_WAIT_MS = 1_000;
/** After a failed dictionary request, the next is a second later, then two, four… up to a minute. */
const DICTIONARY_RETRY_MS = 1_000;
const MAX_DICTIONARY_RETRY_MS = 60_000;

/**
 * Resolves when the page goes idle: a pass then no longer shares the main thread and the two cores with
 * the page's own loading (style, layout, first paint). Started idle, the first pass over the long paper
 * worked 0.84–0.97× as long as started on the dictionary's arrival (eight bench:scan-ab comparisons, both
 * dictionaries), and the paper was marked at about the same time (−4 to +7 ms): the pass's slices no
 * longer queue behind the page's tasks.
 */
function pageIdle(ctx: ContentScriptContext): Promise<void> {
  return new Promise((resolve) => ctx.requestIdleCallback(() => resolve(), { timeout: IDLE_WAIT_MS }));
}

async function timed<T>(name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const value = await work();
  measure(name, { start, end: performance.now() });
  return value;
}

/** The dictionary's names come planned by the background: building costs a step per group of names. */
function compiled({ names, plan }: PageDictionary): Matcher {
  const start = performance.now();
  const matcher = compileMatcher(names, plan);
  measure(COMPILE_MEASURE, { start, end: performance.now(), detail: { names: names.length } });
  return matcher;
}

