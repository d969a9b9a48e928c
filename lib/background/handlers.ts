/** What the background does for each request of the message map. */
import { browser, type Browser } from 'wxt/browser';
import type { ContentHandlers, PageHandlers } from '@/lib/messaging/router';
import type { MethodLensDb, RefreshError, RefreshProgress } from '@/lib/store/db';
import {
  getMatchDictionary,
  getMethodRecord,
  getMethodsByIds,
  getSnapshotInfo,
  getSnapshotKey,
  searchMethods,
  type MatchDictionary,
} from '@/lib/store/read';
import { claimInterruptedRefresh, recordFailure, recordNextTry, settleCutOff, settleFinishedRun, withNextTry } from '@/lib/store/status';
import { collectGarbage } from '@/lib/store/garbage';
import { rebuildCatalogIfOutdated } from '@/lib/store/catalog-upgrade';
import { cancelRefresh, refreshSnapshot, type RefreshOutcome } from '@/lib/sync/refresh';
import { failure } from '@/lib/sync/errors';
import { mutedMethods } from '@/lib/settings/items';
import { moveStoredSource, readSnapshotSource, saveSnapshotSource } from '@/lib/store/source';
import { ACTIVE_SNAPSHOT_KEY } from '@/lib/settings/page-switches';
import { sortBySupersession, summaryRows } from '@/lib/page-summary';
import { forgetClosedTabs, forgetTab, forgetTabDocument, inTabOrder, readTabMentions, saveTabMentions } from '@/lib/tab-mentions';
import { readPageSummary } from '@/lib/read-page-summary';
import { toCardModel } from '@/lib/card-model';
import { showSupersededCount } from './badge';
import { bundledIndexUrl, indexUrlOf } from './snapshot-source';
import { clearRetries, ensureRefreshScheduled, planRetry, sayNextTry, scheduleRefresh } from './schedule';
import { whileKeptAlive } from './keep-alive';
import { readMeta } from '@/lib/store/db';
import { fetchArxivHtmlMentions, type ArxivHtmlScan } from '@/lib/arxiv-html-scan';
import { keepScan } from '@/lib/kept-scans';
import { measure } from '@/lib/user-timing';
import { planDictionary, type PageDictionary } from '@/lib/page-dictionary';
import { lookUpView, type LookUpView } from './look-up';
import { lookUpWords, pendingLookUp, pendingRecord, PENDING_LOOK_UP_KEY, PENDING_RECORD_KEY } from '@/lib/pending-view';
import { routeSearch } from '@/lib/popup/route';

export function createHandlers(db: MethodLensDb) {
  /** Tabs closed while this worker runs: a report arriving after is not kept (tab ids are never reused). */
  const closedTabs = new Set<number>();
  /** Shared while being built too: the pages asking together (tabs restored, a mute) wait for one build. */
  let dictionaryCache: { key: string; muted: string; value: Promise<PageDictionary> } | null = null;
  /** The newest looked-up words and the view they open, read from the click on (`lookUp`) until the popup asks. */
  let lookingUp: { words: string; view: Promise<LookUpView | null> } | null = null;
  /** The arXiv papers whose HTML version is being read, by id (`readPaper`). */
  const papersBeingRead = new Map<string, Promise<ArxivHtmlScan>>();
  let filling: Promise<void> | null = null;
  /** The next try planned after each failure (see `refreshChosen`). */
  const plannedTries = new WeakMap<RefreshError, Promise<RefreshOutcome>>();
  /**
   * From this worker's start until the refresh a stopped worker left cut off starts again (`started`):
   * a page still showing it running may cancel it, its Cancel being what woke the worker. It is then
   * neither recorded as cut off nor run again. Settles once it is removed from the store, with what
   * such a Cancel is answered: the refresh cancelled, or its success when it was past its switch to the
   * new snapshot (null when there was none, or it could not be settled).
   */
  let resuming: Promise<RefreshOutcome | null> | null = null;
  let cancelledWhileResuming = false;

  /**
   * An empty store (first start, or a profile whose data was cleared) is filled before anyone is
   * answered: from the chosen source, or from the bundled snapshot when that source fails.
   */
  function ensureSnapshot(): Promise<void> {
    filling ??= (async () => {
      // Any active snapshot, even one without methods: only an empty store needs filling.
      if (await readMeta(db, 'active')) return;
      await fillFromBundledAfter(await refreshChosen());
    })().finally(() => {
      filling = null;
    });
    return filling;
  }

  /**
   * A refresh of the chosen source (from `url`) that left the store empty: the bundled snapshot fills it.
   * Nothing to do when it succeeded or the store holds a snapshot all the same.
   */
  async function fillFromBundledAfter({ url, outcome }: { url: string; outcome: RefreshOutcome }): Promise<void> {
    if (outcome.ok || (await readMeta(db, 'active'))) return;
    // The reader chose another source meanwhile: its own refresh, which replaced this one, fills the store.
    // Asked first: a bundled snapshot's refresh replaced so is no failure, and trying it again would replace that one.
    if (url !== (await chosenUrl())) return;
    const bundled = bundledIndexUrl();
    // The bundled snapshot itself failed: tried once more, its own success the one to show.
    if (url === bundled) {
      await refreshFrom(bundled);
      return;
    }
    // The reader chose that source: its failure stays the one to show, written with the fallback's
    // success, so that no moment shows the success alone; a cancel is no failure (the reader's page says
    // it was cancelled), but the store is filled all the same.
    await refreshFrom(bundled, outcome.cancelled ? undefined : outcome.error);
  }

  async function dictionary(): Promise<PageDictionary> {
    await ensureSnapshot();
    const [key, muted] = await Promise.all([getSnapshotKey(db), mutedMethods.getValue()]);
    const mutedKey = muted.join('\n');
    if (dictionaryCache?.key === key && dictionaryCache.muted === mutedKey) return dictionaryCache.value;
    // Read after the key: a snapshot brought in meanwhile is the one read, its key missing the next time.
    const value = getMatchDictionary(db).then((full) => planDictionary(muted.length ? withoutMuted(full, new Set(muted)) : full));
    const entry = { key, muted: mutedKey, value };
    dictionaryCache = entry;
    value.catch(() => {
      if (dictionaryCache === entry) dictionaryCache = null; // asked for again by the next page
    });
    return value;
  }

  /**
   * Refreshes from `indexUrl`. A snapshot brought in is announced in `storage.local`: the content
   * scripts of open pages watch it, ask for the dictionary again and forget the cards they hold.
   */
  async function refreshFrom(indexUrl: string, keptFailure?: RefreshError): Promise<RefreshOutcome> {
    const outcome = await whileKeptAlive(() => refreshSnapshot({ db, indexUrl, keptFailure }));
    if (outcome.ok) await announceSnapshot();
    return outcome;
  }

  async function announceSnapshot(): Promise<void> {
    await browser.storage.local.set({ [ACTIVE_SNAPSHOT_KEY]: await getSnapshotKey(db) });
  }

  /**
   * A worker stopped between a refresh's end and its announcement (the browser quit, or stopped it)
   * left the open pages on the snapshot before: the start tells them, unless they were told already.
   */
  async function announceSnapshotIfMissed(): Promise<void> {
    // What the pages were told, then the store's: a refresh switching and telling in between leaves this
    // writing its key again, never the one before it.
    const told = (await browser.storage.local.get(ACTIVE_SNAPSHOT_KEY))[ACTIVE_SNAPSHOT_KEY];
    const key = await getSnapshotKey(db);
    if (key && told !== key) await browser.storage.local.set({ [ACTIVE_SNAPSHOT_KEY]: key });
  }

  /** The address a refresh of the chosen source names in its outcome. */
  async function chosenUrl(): Promise<string> {
    const source = await readSnapshotSource(db);
    const check = indexUrlOf(source);
    return check.ok ? check.url : source.kind === 'url' ? String(source.url) : '';
  }

  /** Refreshes from the chosen source (see `refreshChosen`). */
  async function refresh(retry = 0, mayStart?: () => boolean): Promise<RefreshOutcome> {
    return (await refreshChosen(retry, mayStart)).outcome;
  }

  /**
   * Refreshes from the chosen source, whose index's address is `url` (a failure names the file that
   * failed, perhaps a topic's); a stored source that is no longer valid is a recorded failure too. A
   * failure plans the next try (`retry`: the number of the retry this is, 0 for none; `planRetry`) and
   * says when that is (`nextTryAt`); a success takes back any retry planned. `mayStart`, asked in the
   * turn the refresh starts in, may drop it as cancelled, changing nothing.
   */
  async function refreshChosen(retry = 0, mayStart: () => boolean = () => true): Promise<{ url: string; outcome: RefreshOutcome }> {
    const source = await readSnapshotSource(db);
    const check = indexUrlOf(source);
    if (!mayStart()) {
      const outcome = cancelledOutcome(check.ok ? check.url : String(source.kind === 'url' ? source.url : ''));
      return { url: outcome.error.url, outcome };
    }
    const url = check.ok ? check.url : await chosenUrl();
    let outcome: RefreshOutcome;
    if (check.ok) outcome = await refreshFrom(url);
    else {
      outcome = { ok: false, error: { what: check.error, url, at: new Date().toISOString() } };
      await recordFailure(db, outcome.error);
    }
    if (outcome.ok) {
      await clearRetries();
      return { url, outcome };
    }
    // Cancelled by the reader: the outcome before it, and the next try it planned, stand; unless this
    // was that try (its alarm fired), when the failure names the next one.
    if (outcome.cancelled) {
      await sayNextTry(db);
      return { url, outcome };
    }
    // Replaced by a refresh from a source chosen meanwhile, which plans its own.
    if (url !== (await chosenUrl())) return { url, outcome };
    // Calls that joined one refresh (a retry alarm firing while another refresh runs) share its
    // failure, the same object: planned once, or each would leave a retry alarm of its own.
    let planned = plannedTries.get(outcome.error);
    if (!planned) {
      planned = planNextTry(outcome.error, retry + 1);
      plannedTries.set(outcome.error, planned);
    }
    return { url, outcome: await planned };
  }

  /** The next try after a failure, planned and recorded (`planRetry`). */
  async function planNextTry(failed: RefreshError, number: number): Promise<RefreshOutcome> {
    const next = await planRetry(db, failed, number);
    if (next === null) return { ok: false, error: failed };
    await recordNextTry(db, failed, next);
    return { ok: false, error: withNextTry(failed, next) };
  }

  const content: ContentHandlers = {
    getDictionary: () => dictionary(),
    // A page marked before the store was deleted under a stopped worker: its card waits for the filling.
    getCardModel: async ({ methodId }) => {
      await ensureSnapshot();
      return measured('getCardModel', async () => {
        const record = await getMethodRecord(db, methodId);
        return record && toCardModel(record);
      });
    },
    async reportMentions({ url, mentions, paused, read, reading, document }, sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return null;
      await inTabOrder(tabId, async () => {
        // Late from a page the tab has left (or a tab since closed): it speaks for nothing shown.
        if (closedTabs.has(tabId) || !isTabShowing(url, sender)) return;
        if (!read) {
          await forgetTab(tabId);
          await showSupersededCount(tabId);
          return;
        }
        await saveTabMentions(tabId, { url: sender.tab?.url ?? null, mentions, paused, ...(reading && { readingAt: Date.now() }), document });
        const methods = await getMethodsByIds(db, mentions.map((mention) => mention.methodId));
        await showSupersededCount(tabId, methods);
      });
      return null;
    },
    // The badge is the browser's to take away: it does so with the document it was set for, and set now,
    // it would stand for the document that follows.
    async pageLeft({ document }, sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return null;
      await inTabOrder(tabId, async () => {
        // A tab the browser discards unloads its page, and still stands for it (its title, what the reader
        // gets back on returning to it): its report and badge stay.
        if (sender.tab?.discarded || (await browser.tabs.get(tabId).catch(() => undefined))?.discarded) return;
        await forgetTabDocument(tabId, document);
      });
      return null;
    },
    async openRecord({ methodId }, sender) {
      const record: LookUpView = { view: 'method', idOrName: methodId };
      await openPopupOn({ [PENDING_RECORD_KEY]: methodId }, async () => record, sender.tab);
      return null;
    },
  };

  const page: PageHandlers = {
    getSnapshotInfo: () => getSnapshotInfo(db),
    getMethodRecord: ({ idOrName }) => measured('getMethodRecord', () => getMethodRecord(db, idOrName)),
    searchMethods: ({ prefix, limit }) => measured('searchMethods', () => searchMethods(db, prefix, limit)),
    getPageSummary: ({ tabId }) => readPageSummary(db, tabId),
    lookUpSelection: ({ selection }) => {
      const view = viewOfWords(selection);
      if (lookingUp?.words === selection) lookingUp = null; // the popup asks once
      return view;
    },
    startRefresh: () => refresh(),
    async cancelRefresh() {
      if (resuming) {
        cancelledWhileResuming = true;
        // Answered once the store no longer shows it running.
        const answer = await resuming;
        if (answer) return answer;
      }
      return cancelRefresh(db);
    },
    /**
     * Its work is the worker's start (`started`), if the message had to start it; and a store a page
     * found empty (deleted while this worker was stopped, which heard nothing of it) is filled, once that
     * start has settled any refresh cut off.
     */
    async wake() {
      await resuming;
      await ensureSnapshot();
      return null;
    },
    /** A new source is saved, its schedule starts over and a refresh from it begins: its progress shows in the store. */
    async setSnapshotSource({ source }) {
      const before = await readSnapshotSource(db);
      await saveSnapshotSource(db, source);
      if (JSON.stringify(before) === JSON.stringify(source)) return null;
      // Saved, the source is the one chosen (the options page shows it so): a schedule that could not
      // be set must not answer otherwise, nor keep the refresh from it. The next start sets it again.
      await scheduleRefresh(db, { newSource: true }).catch((error: unknown) =>
        console.warn(`[Method Lens] The refresh schedule could not be set for the new source: ${String(error)}`),
      );
      // Chosen before a first snapshot was in (the first seconds after install), a source that fails
      // must not leave the store empty until some page asks for the dictionary.
      void refreshChosen().then(fillFromBundledAfter);
      return null;
    },
    /**
     * Kept here, not by the popup: the popup closes at any click outside it, often while arXiv is still
     * answering, and what it asked for must be there when it is opened again on that paper. Kept alive
     * meanwhile, as the popup's request no longer is once it closed (arXiv and ar5iv have 30 s each).
     */
    async scanArxivHtml({ arxivId, keep }) {
      const mutedIds = await mutedMethods.getValue();
      const scan = await readPaper(arxivId);
      if (keep) {
        const muted = (await getMethodsByIds(db, mutedIds)).map((method) => ({ id: method.id, name: method.name }));
        // What was found stands even where it cannot be kept (the session storage failed).
        await keepScan(arxivId, scan, muted).catch(() => undefined);
      }
      return scan;
    },
    async paperBeingRead({ arxivId }) {
      return papersBeingRead.has(arxivId);
    },
  };

  /**
   * Reads an arXiv paper's HTML version for the methods it mentions, once at a time: a popup opened again
   * while the one closed before it still waits for arXiv offers the scan, and a second click joins the read.
   */
  function readPaper(arxivId: string): Promise<ArxivHtmlScan> {
    const reading = papersBeingRead.get(arxivId);
    if (reading) return reading;
    const read = whileKeptAlive(async () => {
      const { url, source, mentions } = await fetchArxivHtmlMentions(arxivId, await dictionary());
      const methods = await getMethodsByIds(db, mentions.map((mention) => mention.methodId));
      return { url, source, methods: sortBySupersession(summaryRows(mentions, methods)) };
    }).finally(() => papersBeingRead.delete(arxivId));
    papersBeingRead.set(arxivId, read);
    return read;
  }

  /**
   * At each start of the worker: a refresh a stopped worker left cut off is recorded as such and run
   * again, and what stopped workers left behind is collected, in that order (collecting forgets a
   * refresh whose heartbeat stopped, which would leave nothing to claim); one stopped past its switch to
   * the new snapshot is done, and only told (a source chosen as it ran is refreshed then); pages a
   * stopped worker did not tell of the snapshot in use are told. A catalog an earlier version wrote is
   * built again in this version's format (`rebuildOutdatedCatalog`). Reports of tabs closed meanwhile
   * are forgotten, and a source an earlier version kept in `storage.local` moves into the store.
   */
  async function started(bootedAt: Date): Promise<void> {
    const forgotten = forgetClosedTabs();
    const moved = moveStoredSource(db);
    let settled: (answer: Promise<RefreshOutcome | null> | RefreshOutcome | null) => void = () => {};
    resuming = new Promise((resolve) => (settled = resolve));
    /**
     * Removes the cut-off refresh and, unless the reader cancelled it, records it as cut off (one
     * transaction): decided in the turn that starts it again, so that no Cancel falls in between. Until
     * then it stays in the store, for the next start to claim should this worker be stopped too.
     */
    const settle = (cutOff: RefreshProgress): boolean => {
      const cancelled = cancelledWhileResuming;
      resuming = null;
      settled(settleCutOff(db, cutOff, cancelled).then(() => (cancelled ? cancelledOutcome(cutOff.url) : null), () => null));
      return !cancelled;
    };
    try {
      const cutOff = await claimInterruptedRefresh(db, bootedAt);
      // Its success is recorded already: what is left is to tell the pages, and take back the retries.
      const finished = cutOff && (await settleFinishedRun(db, cutOff).catch(() => null));
      // None: a Cancel from now on is for a refresh this worker runs, not held until the start is done.
      if (!cutOff || finished) {
        resuming = null;
        settled(finished);
      }
      // Before collecting, which then drops the catalog replaced.
      await rebuildCatalogIfOutdated(db).catch((error: unknown) => console.warn(`[Method Lens] The catalog could not be built again: ${String(error)}`));
      const collected = collectGarbage(db, { bootedAt });
      if (finished) {
        await announceSnapshot();
        // The reader chose another source as it ran: that source's refresh was waiting for it to end.
        if (cutOff.url === (await chosenUrl())) await clearRetries();
        else await refresh();
      }
      else {
        await announceSnapshotIfMissed().catch((error: unknown) => console.warn(`[Method Lens] Open pages could not be told of the snapshot: ${String(error)}`));
        // A cut-off first filling is done again as one: from the bundled snapshot if the source fails.
        if (cutOff) {
          if (await readMeta(db, 'active')) await refresh(0, () => settle(cutOff));
          else if (settle(cutOff)) await ensureSnapshot();
        }
      }
      await Promise.all([collected, forgotten, moved]);
    } finally {
      resuming = null;
      settled(null);
    }
  }

  /**
   * The store deleted under this worker (the reader cleared the extension's data, DevTools deleted it):
   * Dexie closes the connection for the deletion to go ahead, and the next read opens an empty store,
   * filled at once as at a first start. Only a connection that had opened counts: a failed open closes
   * too, and filling again after it would try to open the store over and over.
   */
  function fillWhenDeleted(): void {
    let opened = false;
    db.on('ready', () => void (opened = true), true);
    db.on('close', () => {
      if (!opened) return;
      opened = false;
      // Dexie tells before it lets go of the connection, which a read now would still use.
      queueMicrotask(() => {
        ensureSnapshot().catch((error: unknown) => console.warn(`[Method Lens] The store was deleted and could not be filled again: ${String(error)}`));
      });
    });
  }

  /** A tab closed: its report is forgotten, after any report on its way, and none is taken later. */
  function tabClosed(tabId: number): Promise<void> {
    closedTabs.add(tabId);
    return inTabOrder(tabId, () => forgetTab(tabId));
  }

  /**
   * A tab replaced under a new id (Chromium swaps in a prerendered or instant page, or a discarded page
   * where it does not discard in place): the old id is never removed, and takes no report from now on.
   * Its report moves to the new id, which has no badge of its own, when it speaks for the page shown
   * there; not onto another page (a prerendered one of another paper), nor over the new page's own report.
   */
  async function tabReplaced(addedTabId: number, removedTabId: number): Promise<void> {
    closedTabs.add(removedTabId);
    const report = await inTabOrder(removedTabId, async () => {
      const kept = await readTabMentions(removedTabId);
      await forgetTab(removedTabId);
      return kept;
    });
    if (!report?.url) return;
    const reportUrl = report.url;
    await inTabOrder(addedTabId, async () => {
      // Without the `tabs` permission a tab on another site has no address to see: not the page reported on.
      const shownUrl = (await browser.tabs.get(addedTabId).catch(() => undefined))?.url;
      if (closedTabs.has(addedTabId) || shownUrl === undefined || withoutFragment(shownUrl) !== withoutFragment(reportUrl)) return;
      if (await readTabMentions(addedTabId)) return;
      await saveTabMentions(addedTabId, report);
      await showSupersededCount(addedTabId, await getMethodsByIds(db, report.mentions.map((mention) => mention.methodId)));
    });
  }

  /**
   * Opens the toolbar popup on what `pending` names (a record; a selection, which the popup has read by
   * `lookUpSelection`), else a small window on the view `windowView` names, whose "This page" is `tab`,
   * the tab it was asked from (a card's, or a selection's). Says which it took: 'window' also where the view
   * read for the window was none, and nothing opened.
   */
  async function openPopupOn(
    pending: { [PENDING_RECORD_KEY]: string } | { [PENDING_LOOK_UP_KEY]: string },
    windowView: () => Promise<LookUpView | null>,
    tab: Browser.tabs.Tab | undefined,
  ): Promise<'popup' | 'window'> {
    // Nothing is awaited before the popup is asked for: Firefox opens it only while the reader's click
    // (on the context menu's item) is being handled. What it is to show is written first, by the API
    // itself (a WXT item writes a step later), so that the popup finds it when it starts; one view asked
    // for at a time, the newest.
    const other = PENDING_RECORD_KEY in pending ? PENDING_LOOK_UP_KEY : PENDING_RECORD_KEY;
    const written = Promise.all([browser.storage.session.set<Record<string, string>>(pending), browser.storage.session.remove(other)]);
    let opened: Promise<void>;
    try {
      opened = browser.action.openPopup();
    } catch (error) {
      opened = Promise.reject(error); // no `openPopup` (Firefox for Android)
    }
    await written;
    try {
      await opened;
      return 'popup';
    } catch {
      // No focused window or no user gesture: show the view in a small window instead, which names it
      // itself; the toolbar popup must not open it again later.
      await Promise.all([pendingRecord.removeValue(), pendingLookUp.removeValue()]);
    }
    const route = await windowView();
    if (!route) return 'window';
    const privateTab = tab?.incognito === true;
    // Firefox opens it private for a private tab (its pages read the store through the background there).
    // Chrome cannot show an extension's page in an incognito window: its window is a normal one.
    const privateWindow = import.meta.env.FIREFOX && privateTab;
    // The window has no tab of its own: its "This page" is the tab the view was asked from, but not a
    // private tab's from a normal window (what it read stays out of it).
    const forTab = tab?.id === undefined || (privateTab && !privateWindow) ? null : tab.id;
    const url = (browser.runtime.getURL as (path: string) => string)(`/popup.html${routeSearch(route, forTab)}`);
    // Firefox for Android has no windows: the record opens in a tab there.
    if (browser.windows) await browser.windows.create({ url, type: 'popup', width: 440, height: 640, ...(privateWindow && { incognito: true }) });
    else await browser.tabs.create({ url });
    return 'window';
  }

  /**
   * The context menu's "Look up": the popup opens on the record of the method the selection names, the
   * list of those it names, else the search for its words (`lookUpView`). Called in the click's handler:
   * the popup is asked for at once, and the view read meanwhile.
   */
  function lookUp(selection: string, tab: Browser.tabs.Tab | undefined): Promise<void> {
    const words = lookUpWords(selection);
    if (words === '') return Promise.resolve();
    const opened = openPopupOn({ [PENDING_LOOK_UP_KEY]: words }, () => viewOfWords(words), tab).then((shown) => {
      // A window names its view itself: no popup will ask for this one.
      if (shown === 'window' && lookingUp?.view === view) lookingUp = null;
    });
    // Read while the popup loads, for it to have at once when it asks.
    const view = viewOfWords(words);
    lookingUp = { words, view };
    // Settles once both are done; a failed read is the popup's to tell (it asks for the view).
    return Promise.all([opened, view.catch(() => undefined)]).then(() => undefined);
  }

  /** The view looked-up words open: the one being read since the click for the newest words, else read now. */
  function viewOfWords(words: string): Promise<LookUpView | null> {
    if (lookingUp?.words === words) return lookingUp.view;
    return dictionary().then((dictionary) => lookUpView(words, dictionary));
  }

  /**
   * After an install or an update of the extension or the browser: the bundled snapshot is (re)loaded,
   * a URL source keeps its data (an empty store is filled), and the schedule keeps its step (a browser
   * update must not put the next refresh a whole period off).
   */
  async function installed(): Promise<void> {
    if ((await readSnapshotSource(db)).kind === 'bundled') await refresh();
    else await ensureSnapshot();
    await ensureRefreshScheduled(db, (await readMeta(db, 'lastRefresh'))?.at ?? null);
  }

  return { content, page, refresh, ensureSnapshot, started, fillWhenDeleted, tabClosed, tabReplaced, installed, lookUp };
}

/**
 * Whether the page reported on (at `url`) is the one its tab shows: not one the tab is navigating away
 * from (the tab's address is already the next page's; on another site it is hidden from us) nor one
 * kept in the back-forward cache.
 */
function isTabShowing(url: string, sender: { tab?: { url?: string; discarded?: boolean }; documentLifecycle?: string }): boolean {
  if (sender.documentLifecycle !== undefined && sender.documentLifecycle !== 'active') return false;
  // A discarded tab still stands for the page it showed (its title, and what the reader gets back on
  // returning to it); the empty document Chromium puts at that address meanwhile, where the content
  // script runs and finds nothing, does not.
  if (sender.tab?.discarded) return false;
  const tabUrl = sender.tab?.url;
  return tabUrl !== undefined && withoutFragment(url) === withoutFragment(tabUrl);
}

/** What is said of a refresh from `url` the reader cancelled before this worker ran it (at its start, or one a stopped worker left). */
function cancelledOutcome(url: string): RefreshOutcome & { ok: false } {
  const { what, url: named } = failure.cancelled(url);
  return { ok: false, cancelled: true, error: { what, url: named, at: new Date().toISOString() } };
}

function withoutFragment(url: string): string {
  return url.split('#', 1)[0]!;
}

/** A store read as `performance.measure('method-lens:<name>')` in the worker, for bench:sync to read. */
async function measured<T>(name: string, read: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await read();
  } finally {
    measure(`method-lens:${name}`, { start, end: performance.now() });
  }
}

function withoutMuted(dictionary: MatchDictionary, muted: ReadonlySet<string>): MatchDictionary {
  const names: string[] = [];
  const methodIndex: number[] = [];
  dictionary.names.forEach((name, i) => {
    const index = dictionary.methodIndex[i]!;
    if (muted.has(dictionary.methods[index]!.id)) return;
    names.push(name);
    methodIndex.push(index);
  });
  return { ...dictionary, names, methodIndex };
}
