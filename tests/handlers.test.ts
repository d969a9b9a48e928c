/**
 * The background's handlers that are not the store's readers: opening a record from a hover card
 * (the toolbar popup when the browser allows it, else a small window), the match dictionary with
 * muted methods left out, and a refresh from a stored source that is no longer valid.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing';
import { createHandlers } from '@/lib/background/handlers';
import { pendingLookUp, pendingRecord } from '@/lib/pending-view';
import { startRoute } from '@/lib/popup/start-route';
import { REFRESH_ALARM, ensureRefreshScheduled, scheduleRefresh } from '@/lib/background/schedule';
import { forgetTab, readTabMentions, saveTabMentions } from '@/lib/tab-mentions';
import { claimInterruptedRefresh, recordSuccess } from '@/lib/store/status';
import { mutedMethods, refreshIntervalHours } from '@/lib/settings/items';
import { readSnapshotSource, saveSnapshotSource } from '@/lib/store/source';
import { activeGenerations, metaRow, openDb, readMeta, type MethodLensDb } from '@/lib/store/db';
import { writeTopicGeneration } from '@/lib/store/write';
import { refreshSnapshot } from '@/lib/sync/refresh';
import { compileMatcher, type Span } from '@/lib/match/matcher';
import { getMethodRecord, getSnapshotInfo, getSnapshotKey, type SnapshotInfo } from '@/lib/store/read';
import { toCardModel } from '@/lib/card-model';
import { readPageSummary } from '@/lib/read-page-summary';
import { ACTIVE_SNAPSHOT_KEY, watchActiveSnapshot } from '@/lib/settings/page-switches';
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import { startSnapshotServer } from './helpers/snapshot-server';
import { importDocuments } from './helpers/import-documents';
import { sampleSnapshot } from './helpers/sample-snapshot';
import { asVersion2 } from './helpers/earlier-catalogs';

const BUNDLED_DIR = resolve(import.meta.dirname, '../public/snapshot');

/**
 * fetch as the worker has it: the bundled snapshot at the extension's own address, anything else
 * from `other` when it answers, else from the network (a local test server).
 */
function stubFetch(other: (url: string) => Promise<Response> | undefined = () => undefined): void {
  const realFetch = globalThis.fetch;
  vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    const answer = other(url);
    if (answer) return answer;
    if (url.startsWith('chrome-extension://')) return new Response(await readFile(join(BUNDLED_DIR, url.split('/snapshot/')[1]!)));
    return realFetch(input, init);
  });
}

const sender = { id: 'test', url: 'https://arxiv.org/abs/2306.00978', tab: { id: 7 } } as never;
let db: MethodLensDb;

beforeEach(async () => {
  fakeBrowser.reset();
  db = openDb({ name: `handlers-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
  await importDocuments(db, sampleSnapshot());
});

describe('openRecord', () => {
  it('opens the toolbar popup on the record when the browser allows it', async () => {
    const openPopup = vi.fn(async () => undefined);
    browser.action.openPopup = openPopup as never;
    await createHandlers(db).content.openRecord({ methodId: 'awq' }, sender);
    expect(openPopup).toHaveBeenCalledOnce();
    expect(await pendingRecord.getValue()).toBe('awq');
  });

  it('otherwise opens a small window on the record, and leaves nothing for the next toolbar popup', async () => {
    browser.action.openPopup = vi.fn(async () => {
      throw new Error('no user gesture');
    }) as never;
    const create = vi.spyOn(browser.windows, 'create');
    await createHandlers(db).content.openRecord({ methodId: 'quip-sharp' }, sender);
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ type: 'popup', url: expect.stringMatching(/\/popup\.html\?method=quip-sharp&tab=7$/) }));
    expect(await pendingRecord.getValue()).toBeNull();
  });

  it('opens the small window from a Chrome incognito tab without that tab, whose methods stay out of a normal window', async () => {
    browser.action.openPopup = vi.fn(async () => {
      throw new Error('no user gesture');
    }) as never;
    const create = vi.spyOn(browser.windows, 'create');
    const incognito = { id: 'test', url: 'https://arxiv.org/abs/2306.00978', tab: { id: 9, incognito: true } } as never;
    await createHandlers(db).content.openRecord({ methodId: 'awq' }, incognito);
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ type: 'popup', url: expect.stringMatching(/\/popup\.html\?method=awq$/) }));
  });

  it('opens it in a tab where the browser has no windows (Firefox for Android)', async () => {
    browser.action.openPopup = vi.fn(async () => {
      throw new Error('openPopup is not supported');
    }) as never;
    const windows = browser.windows;
    const createTab = vi.spyOn(browser.tabs, 'create');
    (browser as { windows?: unknown }).windows = undefined;
    try {
      await createHandlers(db).content.openRecord({ methodId: 'awq' }, sender);
    } finally {
      (browser as { windows?: unknown }).windows = windows;
    }
    expect(createTab).toHaveBeenCalledWith({ url: expect.stringMatching(/\/popup\.html\?method=awq&tab=7$/) });
    expect(await pendingRecord.getValue()).toBeNull();
  });
});

describe('lookUp (the context menu on a selection)', () => {
  const tab = { id: 7, incognito: false } as never;
  const popupOpens = () => {
    const openPopup = vi.fn(async () => undefined);
    browser.action.openPopup = openPopup as never;
    return openPopup;
  };
  /** The toolbar popup's start, asking these handlers as it asks the background. */
  const popupStarts = (handlers: ReturnType<typeof createHandlers>) =>
    startRoute('', (words) => handlers.page.lookUpSelection({ selection: words }, { id: 'test', url: 'chrome-extension://test/popup.html' }));

  it('asks for the popup before anything is awaited, the selection written first: Firefox opens it only then', async () => {
    const openPopup = popupOpens();
    const set = vi.spyOn(browser.storage.session, 'set');
    onTestFinished(() => void vi.restoreAllMocks());
    const handlers = createHandlers(db);
    const done = handlers.lookUp('GPTQ-style', tab);
    expect(set).toHaveBeenCalledWith({ pendingLookUp: 'GPTQ-style' });
    expect(openPopup).toHaveBeenCalledOnce();
    expect(set.mock.invocationCallOrder[0]).toBeLessThan(openPopup.mock.invocationCallOrder[0]!);
    await done;
    expect(await pendingLookUp.getValue()).toBe('GPTQ-style');
  });

  it('opens the record of the method the selection names, which the popup opens once', async () => {
    popupOpens();
    const handlers = createHandlers(db);
    await handlers.lookUp('GPTQ-style', tab);
    expect(await popupStarts(handlers)).toEqual({ view: 'method', idOrName: 'gptq' });
    expect(await popupStarts(handlers)).toEqual({ view: 'page', tabId: null });
  });

  it('opens the search for words naming no method; in a small window for the tab where the popup cannot open', async () => {
    popupOpens();
    const handlers = createHandlers(db);
    await handlers.lookUp('quantization\n  noise', tab);
    expect(await pendingLookUp.getValue()).toBe('quantization noise');
    expect(await popupStarts(handlers)).toEqual({ view: 'search', query: 'quantization noise' });
    browser.action.openPopup = vi.fn(async () => {
      throw new Error('no user gesture');
    }) as never;
    const create = vi.spyOn(browser.windows, 'create');
    await handlers.lookUp('quantization noise', tab);
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ type: 'popup', url: expect.stringMatching(/\/popup\.html\?view=search&q=quantization\+noise&tab=7$/) }));
    expect(await pendingLookUp.getValue()).toBeNull();
    expect(await popupStarts(handlers)).toEqual({ view: 'page', tabId: null });
  });

  it('keeps no view for a popup once the look-up has opened a window: the words asked again are read afresh', async () => {
    browser.action.openPopup = vi.fn(async () => {
      throw new Error('no user gesture');
    }) as never;
    const create = vi.spyOn(browser.windows, 'create');
    const handlers = createHandlers(db);
    await handlers.lookUp('AWQ', tab);
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ url: expect.stringMatching(/\/popup\.html\?method=awq&tab=7$/) }));
    // Muted since: the view read at the pick went to the window, and is not the answer now.
    await mutedMethods.setValue(['awq']);
    expect(await handlers.page.lookUpSelection({ selection: 'AWQ' }, { id: 'test', url: 'chrome-extension://test/popup.html' })).toEqual({ view: 'search', query: 'AWQ' });
  });

  it('opens the record in a small window where the browser has no `openPopup` at all', async () => {
    browser.action.openPopup = undefined as never;
    const create = vi.spyOn(browser.windows, 'create');
    await createHandlers(db).lookUp('GPTQ', tab);
    expect(create).toHaveBeenCalledWith(expect.objectContaining({ url: expect.stringMatching(/\/popup\.html\?method=gptq&tab=7$/) }));
    expect(await pendingLookUp.getValue()).toBeNull();
  });

  it('reads the view from the click on, while the popup loads: the popup gets the view of the moment the item was picked', async () => {
    popupOpens();
    const handlers = createHandlers(db);
    await handlers.lookUp('AWQ', tab);
    // Muted after the pick, before the popup asks: the view was read at the pick.
    await mutedMethods.setValue(['awq']);
    expect(await popupStarts(handlers)).toEqual({ view: 'method', idOrName: 'awq' });
    await handlers.lookUp('AWQ', tab);
    expect(await popupStarts(handlers)).toEqual({ view: 'search', query: 'AWQ' });
  });

  it('finds a muted method, which pages do not look for, through the search', async () => {
    await mutedMethods.setValue(['awq']);
    popupOpens();
    const handlers = createHandlers(db);
    await handlers.lookUp('AWQ', tab);
    expect(await popupStarts(handlers)).toEqual({ view: 'search', query: 'AWQ' });
  });

  it('leaves the popup the search for the words when the background does not answer', async () => {
    popupOpens();
    await createHandlers(db).lookUp(`GPTQ ${'x'.repeat(200)}`, tab);
    const route = await startRoute('', async () => {
      throw new Error('no answer');
    });
    expect(route).toEqual({ view: 'search', query: `GPTQ ${'x'.repeat(95)}` });
  });

  it('keeps only the newest view asked for, and nothing for a selection of spaces', async () => {
    await pendingRecord.setValue('awq');
    popupOpens();
    const handlers = createHandlers(db);
    await handlers.lookUp('QuIP#', tab);
    expect(await pendingRecord.getValue()).toBeNull();
    expect(await popupStarts(handlers)).toEqual({ view: 'method', idOrName: 'quip-sharp' });
    await handlers.lookUp('AWQ', tab);
    await handlers.content.openRecord({ methodId: 'aqlm' }, sender);
    expect(await pendingLookUp.getValue()).toBeNull();
    expect(await popupStarts(handlers)).toEqual({ view: 'method', idOrName: 'aqlm' });
    const openPopup = popupOpens();
    await handlers.lookUp(' \n ', tab);
    expect(openPopup).not.toHaveBeenCalled();
    expect(await pendingLookUp.getValue()).toBeNull();
  });
});

/** The reporting page's document, as its content script names it. */
const DOC = 'document-1';

describe('reportMentions', () => {
  const PAGE = 'https://arxiv.org/abs/2306.00978';
  /** A content script's sender, its page first loaded at PAGE; `tabUrl` null: the tab's address is hidden from us (another site). */
  const from = (tabId: number, tabUrl: string | null = PAGE) => ({ id: 'test', url: PAGE, tab: { id: tabId, url: tabUrl ?? undefined } }) as never;
  const superseded = [{ methodId: 'gptq', count: 2 }, { methodId: 'awq', count: 1 }];
  const badge = (tabId: number) => browser.action.getBadgeText({ tabId });

  it('forgets the tab’s report and clears its badge when its page is not read (marks switched off, another kind of page)', async () => {
    const { content } = createHandlers(db);
    await content.reportMentions({ url: PAGE, mentions: superseded, paused: false, read: true, document: DOC }, from(8));
    expect(await readTabMentions(8)).toMatchObject({ url: PAGE, mentions: superseded });
    expect(await badge(8)).toBe('2');
    await content.reportMentions({ url: PAGE, mentions: [], paused: false, read: false, document: DOC }, from(8));
    expect(await readTabMentions(8)).toBeNull();
    expect(await badge(8)).toBe('');
  });

  it('says a new page is being read, and since when, until its first pass reports, in place of the page before’s methods and badge', async () => {
    const { content } = createHandlers(db);
    await content.reportMentions({ url: PAGE, mentions: superseded, paused: false, read: true, document: DOC }, from(8));
    expect(await badge(8)).toBe('2');
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 0, 5, 9, 30));
    await content.reportMentions({ url: PAGE, mentions: [], paused: false, read: true, reading: true, document: DOC }, from(8));
    vi.useRealTimers();
    expect(await readPageSummary(db, 8)).toEqual({ tabId: 8, url: PAGE, scanned: false, paused: false, readingAt: Date.UTC(2026, 0, 5, 9, 30), methods: [] });
    expect(await badge(8)).toBe('');
    await content.reportMentions({ url: PAGE, mentions: superseded, paused: false, read: true, document: DOC }, from(8));
    const summary = await readPageSummary(db, 8);
    expect(summary).toMatchObject({ scanned: true, methods: [{ methodId: 'gptq' }, { methodId: 'awq' }] });
    expect(summary).not.toHaveProperty('readingAt');
    expect(await badge(8)).toBe('2');
  });

  it('reads a report kept by an earlier version as none: its "being read" has no time to tell a script that died', async () => {
    await fakeBrowser.storage.session.set({ 'tab-mentions-8': { url: PAGE, mentions: [], paused: false, reading: true } });
    expect(await readTabMentions(8)).toBeNull();
    expect(await readPageSummary(db, 8)).toEqual({ tabId: 8, url: null, scanned: false, paused: false, methods: [] });
    // A page read keeps its shape from one version to the next.
    await fakeBrowser.storage.session.set({ 'tab-mentions-8': { url: PAGE, mentions: superseded, paused: false } });
    expect(await readTabMentions(8)).toEqual({ url: PAGE, mentions: superseded, paused: false });
  });

  it('keeps the badge with the report it shows when two reports race: the later one wins both', async () => {
    const { content } = createHandlers(db);
    await Promise.all([content.reportMentions({ url: PAGE, mentions: superseded, paused: false, read: true, document: DOC }, from(7)), content.reportMentions({ url: PAGE, mentions: [], paused: false, read: true, document: DOC }, from(7))]);
    expect((await readTabMentions(7))?.mentions).toEqual([]);
    expect(await badge(7)).toBe('');
  });

  it('takes no report from a page its tab has left, nor from a closed tab', async () => {
    const handlers = createHandlers(db);
    const report = (url: string, sender: never) => handlers.content.reportMentions({ url, mentions: superseded, paused: false, read: true, document: DOC }, sender);
    await report(PAGE, from(7));
    expect(await badge(7)).not.toBe('');
    // The old page's report, late: the tab already shows another page (or, on another site, no address we may see).
    await forgetTab(7);
    await report(PAGE, from(7, 'https://arxiv.org/abs/2406.00001'));
    await report(PAGE, from(7, null));
    expect(await readTabMentions(7)).toBeNull();
    // A fragment is the same page; an in-app navigation reports the page's new address, which the tab has too.
    await report(`${PAGE}#S2`, from(7));
    expect((await readTabMentions(7))?.mentions).toEqual(superseded);
    await report('https://arxiv.org/abs/2406.00001', from(7, 'https://arxiv.org/abs/2406.00001'));
    expect((await readTabMentions(7))?.url).toBe('https://arxiv.org/abs/2406.00001');
    await handlers.tabClosed(9);
    await report(PAGE, from(9));
    expect(await readTabMentions(9)).toBeNull();
  });

  it('forgets the tab’s report when the page that made it goes, and not the report of the page after it in the tab', async () => {
    const { content } = createHandlers(db);
    await content.reportMentions({ url: PAGE, mentions: superseded, paused: false, read: true, document: 'first' }, from(4));
    // Another tab's page going, or another document of this tab that reported nothing: this report stays.
    await content.pageLeft({ document: 'first' }, from(5));
    await content.pageLeft({ document: 'never reported' }, from(4));
    // A tab the browser discards unloads its page, and still stands for it.
    await content.pageLeft({ document: 'first' }, { id: 'test', url: PAGE, tab: { id: 4, url: PAGE, discarded: true } } as never);
    expect(await readTabMentions(4)).toMatchObject({ url: PAGE, mentions: superseded, document: 'first' });
    await content.pageLeft({ document: 'first' }, from(4));
    expect(await readTabMentions(4)).toBeNull();
    // Its badge is left to the browser, which takes it away with the document it was set for: set here, it
    // would stand for the page after it.
    expect(await badge(4)).toBe('2');
    // The same address loaded again: the new page reports before the old one's leaving is heard of.
    await content.reportMentions({ url: PAGE, mentions: superseded, paused: false, read: true, document: 'second' }, from(4));
    await content.reportMentions({ url: PAGE, mentions: [], paused: false, read: true, reading: true, document: 'third' }, from(4));
    await content.pageLeft({ document: 'second' }, from(4));
    expect(await readTabMentions(4)).toMatchObject({ url: PAGE, document: 'third', readingAt: expect.any(Number) });
  });

  it('keeps a discarded tab’s report and badge: the empty document Chromium puts at its address reads nothing, and speaks for nothing', async () => {
    const { content } = createHandlers(db);
    await content.reportMentions({ url: PAGE, mentions: superseded, paused: false, read: true, document: DOC }, from(6));
    const discarded = { id: 'test', url: PAGE, tab: { id: 6, url: PAGE, discarded: true } } as never;
    await content.reportMentions({ url: PAGE, mentions: [], paused: false, read: true, reading: true, document: DOC }, discarded);
    await content.reportMentions({ url: PAGE, mentions: [], paused: false, read: true, document: DOC }, discarded);
    expect(await readTabMentions(6)).toMatchObject({ url: PAGE, mentions: superseded });
    expect(await badge(6)).toBe('2');
  });
});

describe('tabReplaced (a tab swapped for another under a new id: a prerendered or instant page, a discard that is no discard in place)', () => {
  const PAGE = 'https://arxiv.org/abs/2306.00978';
  const from = (tabId: number) => ({ id: 'test', url: PAGE, tab: { id: tabId, url: PAGE } }) as never;
  const superseded = [{ methodId: 'gptq', count: 2 }, { methodId: 'awq', count: 1 }];
  const badge = (tabId: number) => browser.action.getBadgeText({ tabId });

  it('moves the report to the new tab id and shows its badge there; the old id takes no report after', async () => {
    const handlers = createHandlers(db);
    await handlers.content.reportMentions({ url: PAGE, mentions: superseded, paused: false, read: true, document: DOC }, from(5));
    const added = (await browser.tabs.create({ url: `${PAGE}#S2` })).id!;
    await handlers.tabReplaced(added, 5);
    expect(await readTabMentions(added)).toMatchObject({ url: PAGE, mentions: superseded });
    expect(await badge(added)).toBe('2');
    expect(await readTabMentions(5)).toBeNull();
    await handlers.content.reportMentions({ url: PAGE, mentions: superseded, paused: false, read: true, document: DOC }, from(5));
    expect(await readTabMentions(5)).toBeNull();
  });

  it('moves nothing onto a tab that shows another page, or whose page has reported already', async () => {
    const handlers = createHandlers(db);
    await handlers.content.reportMentions({ url: PAGE, mentions: superseded, paused: false, read: true, document: DOC }, from(5));
    // A prerendered page of another paper (or another site, whose address is hidden from us) takes the old one's place.
    const other = (await browser.tabs.create({ url: 'https://arxiv.org/abs/2406.00001' })).id!;
    await handlers.tabReplaced(other, 5);
    expect(await readTabMentions(other)).toBeNull();
    expect(await badge(other)).toBe('');
    expect(await readTabMentions(5)).toBeNull();
    // The new tab's own page reported before the swap was heard of: its report stands.
    await handlers.content.reportMentions({ url: PAGE, mentions: superseded, paused: false, read: true, document: DOC }, from(6));
    const added = (await browser.tabs.create({ url: PAGE })).id!;
    await handlers.content.reportMentions({ url: PAGE, mentions: [{ methodId: 'awq', count: 4 }], paused: false, read: true, document: DOC }, from(added));
    await handlers.tabReplaced(added, 6);
    expect((await readTabMentions(added))?.mentions).toEqual([{ methodId: 'awq', count: 4 }]);
    expect(await badge(added)).toBe('1');
  });
});

describe('started (each start of the worker)', () => {
  it('forgets the reports of tabs closed while no worker ran, and keeps those of open tabs', async () => {
    const open = await browser.tabs.create({ url: 'https://arxiv.org/abs/2306.00978' });
    const report = { url: 'https://arxiv.org/abs/2306.00978', mentions: [{ methodId: 'awq', count: 1 }], paused: false };
    await saveTabMentions(open.id!, report);
    // Tab 41 closed while the worker was stopped: its onRemoved never reached a handler.
    await saveTabMentions(41, report);
    await createHandlers(db).started(new Date());
    expect(await readTabMentions(41)).toBeNull();
    expect(await readTabMentions(open.id!)).toEqual(report);
  });

  it('tells the open pages of the snapshot in use when the worker that brought it in stopped before telling them', async () => {
    const key = await getSnapshotKey(db);
    // The refresh switched to the snapshot and removed its progress; the worker stopped before the announcement.
    await browser.storage.local.set({ [ACTIVE_SNAPSHOT_KEY]: 'the snapshot before' });
    const told: unknown[] = [];
    const stopWatching = watchActiveSnapshot((newKey) => told.push(newKey));
    onTestFinished(stopWatching);
    await createHandlers(db).started(new Date());
    expect(await browser.storage.local.get(ACTIVE_SNAPSHOT_KEY)).toEqual({ [ACTIVE_SNAPSHOT_KEY]: key });
    expect(told).toEqual([key]);
    // The next start finds the pages told: nothing to tell them again.
    await createHandlers(db).started(new Date());
    expect(told).toEqual([key]);
  });

  it('never tells the pages of the snapshot before when a refresh switches and tells them as the start looks', async () => {
    const server = await startSnapshotServer();
    try {
      const next = sampleSnapshot();
      next.generatedAt = '2026-08-01T00:00:00.000Z';
      server.serveFiles((await renderSnapshotFiles(next)).files, '/kb/');
      await saveSnapshotSource(db, { kind: 'url', url: server.url('/kb/index.json') });
      const before = await getSnapshotKey(db);
      await browser.storage.local.set({ [ACTIVE_SNAPSHOT_KEY]: before });
      const handlers = createHandlers(db);
      // A scheduled refresh runs while the start asks what the pages were told: it switches, then tells them.
      type Get = (keys?: string | string[] | null) => Promise<Record<string, unknown>>;
      const readTold = browser.storage.local.get.bind(browser.storage.local) as Get;
      let raced = false;
      const getRacing: Get = async (keys) => {
        if (keys === ACTIVE_SNAPSHOT_KEY && !raced) {
          raced = true;
          expect((await handlers.refresh()).ok).toBe(true);
        }
        return readTold(keys);
      };
      vi.spyOn(browser.storage.local, 'get').mockImplementation(getRacing as typeof browser.storage.local.get);
      onTestFinished(() => void vi.restoreAllMocks());
      await handlers.started(new Date());
      expect(raced).toBe(true);
      const key = await getSnapshotKey(db);
      expect(key).not.toBe(before);
      expect(await readTold(ACTIVE_SNAPSHOT_KEY)).toEqual({ [ACTIVE_SNAPSHOT_KEY]: key });
    } finally {
      await server.close();
    }
  });

  it('tells the pages nothing while the store holds no snapshot', async () => {
    const empty = openDb({ name: `handlers-empty-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
    await browser.storage.local.set({ [ACTIVE_SNAPSHOT_KEY]: 'a deleted store’s snapshot' });
    await createHandlers(empty).started(new Date());
    expect(await browser.storage.local.get(ACTIVE_SNAPSHOT_KEY)).toEqual({ [ACTIVE_SNAPSHOT_KEY]: 'a deleted store’s snapshot' });
  });

  it('runs a refresh a stopped worker left cut off again, though its heartbeat is long stale', async () => {
    const server = await startSnapshotServer();
    try {
      server.serveFiles((await renderSnapshotFiles(sampleSnapshot())).files, '/kb/');
      const url = server.url('/kb/index.json');
      await saveSnapshotSource(db, { kind: 'url', url });
      // The browser closed in the middle of a refresh, an hour ago.
      const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
      const progress = { runId: 'cut-off', url, startedAt: hourAgo, updatedAt: hourAgo, phase: 'downloading', topic: null, topicsDone: 0, topicsTotal: 2, bytes: 0, records: 0 } as const;
      await db.meta.put(metaRow('progress', progress));
      await createHandlers(db).started(new Date());
      expect(server.requests.some((request) => request.path === '/kb/index.json')).toBe(true);
      const info = await getSnapshotInfo(db);
      expect(info.progress).toBeNull();
      expect(info.lastRefresh?.at! > hourAgo).toBe(true);
    } finally {
      await server.close();
    }
  });
});

describe('started, after an earlier version ran on this store (the extension rolled back, then updated again)', () => {
  it('builds the catalog that version wrote again in this version’s format: a method is found by name, with nothing downloaded', async () => {
    // Dexie opens a store of a later version as it is: the earlier version's refresh wrote its own
    // catalog format there, and this version's store version, already reached, runs no upgrade.
    const active = (await readMeta(db, 'active'))!;
    await db.catalog.bulkPut((await db.catalog.where(':id').startsWith(`${active.catalog.gen}|`).toArray()).flatMap((record) => asVersion2(record) ?? []));
    await db.meta.put(metaRow('active', { ...active, catalog: { gen: active.catalog.gen, buckets: active.catalog.buckets } }));
    stubFetch(() => {
      throw new Error('nothing is downloaded');
    });
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });

    await createHandlers(db).started(new Date());
    expect((await getMethodRecord(db, 'QuIP#'))?.method.id).toBe('quip-sharp');
    expect((await getMethodRecord(db, 'gptq'))?.familyId).toBe('gptq');
    expect((await readMeta(db, 'active'))!.topics).toEqual(active.topics);
    expect(await getSnapshotKey(db)).not.toBe(active.snapshotKey);
  });

  it('has a refresh of the same topics (the update’s, from the bundled snapshot) build such a catalog again, rather than keep it', async () => {
    stubFetch();
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });
    const handlers = createHandlers(db);
    expect((await handlers.refresh()).ok).toBe(true);
    const active = (await readMeta(db, 'active'))!;
    await db.catalog.bulkPut((await db.catalog.where(':id').startsWith(`${active.catalog.gen}|`).toArray()).flatMap((record) => asVersion2(record) ?? []));
    await db.meta.put(metaRow('active', { ...active, catalog: { gen: active.catalog.gen, buckets: active.catalog.buckets } }));

    await handlers.installed();
    expect((await readMeta(db, 'active'))!.topics).toEqual(active.topics);
    expect((await getMethodRecord(db, 'GPTQ'))?.method.name).toBe('GPTQ');
  });
});

describe('setSnapshotSource (the options page)', () => {
  it('saves the source in the store, starts the schedule over and refreshes from it', async () => {
    const server = await startSnapshotServer();
    try {
      server.serveFiles((await renderSnapshotFiles(sampleSnapshot())).files, '/kb/');
      const url = server.url('/kb/index.json?token=secret');
      expect(await createHandlers(db).page.setSnapshotSource({ source: { kind: 'url', url } }, sender)).toBeNull();
      expect(await readSnapshotSource(db)).toEqual({ kind: 'url', url });
      expect((await browser.alarms.get(REFRESH_ALARM))?.periodInMinutes).toBe(24 * 60);
      await vi.waitFor(async () => expect((await getSnapshotInfo(db)).source).toBe(url), { timeout: 10_000 });
      // Nothing of it where content scripts read.
      expect(JSON.stringify(await browser.storage.local.get(null))).not.toContain('secret');
    } finally {
      await server.close();
    }
  });

  it('answers that a source it saved is saved, and refreshes from it, though its schedule could not be set', async () => {
    const server = await startSnapshotServer();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      server.serveFiles((await renderSnapshotFiles(sampleSnapshot())).files, '/kb/');
      const url = server.url('/kb/index.json');
      const refusing = vi.spyOn(browser.alarms, 'create').mockRejectedValueOnce(new Error('Too many alarms.'));
      onTestFinished(() => refusing.mockRestore());
      // The options page shows the source stored as chosen: the answer must not say it was not saved.
      expect(await createHandlers(db).page.setSnapshotSource({ source: { kind: 'url', url } }, sender)).toBeNull();
      expect(await readSnapshotSource(db)).toEqual({ kind: 'url', url });
      await vi.waitFor(async () => expect((await getSnapshotInfo(db)).source).toBe(url), { timeout: 10_000 });
      expect(warn).toHaveBeenCalledWith(expect.stringContaining('Too many alarms.'));
    } finally {
      warn.mockRestore();
      await server.close();
    }
  });

  it('fills a store still empty from the bundled snapshot when the new source fails, its failure the one shown', async () => {
    // Chosen in the first seconds after install, before the bundled snapshot was in.
    const server = await startSnapshotServer();
    stubFetch();
    try {
      const url = server.url('/kb/index.json');
      server.routes.set('/kb/index.json', { status: 404 });
      const empty = openDb({ name: `handlers-new-source-empty-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
      // Every write of the failure shown, as the options page and the popup (live queries) see them.
      const failureWrites: ('put' | 'deleted')[] = [];
      empty.meta.hook('creating', (key) => void (key === 'lastError' && failureWrites.push('put')));
      empty.meta.hook('updating', (_changes, key) => void (key === 'lastError' && failureWrites.push('put')));
      empty.meta.hook('deleting', (key) => void (key === 'lastError' && failureWrites.push('deleted')));
      await createHandlers(empty).page.setSnapshotSource({ source: { kind: 'url', url } }, sender);
      await vi.waitFor(async () => {
        const info = await getSnapshotInfo(empty);
        expect(info.totals.methods).toBeGreaterThan(0);
        expect(info.lastError).toMatchObject({ url, what: expect.stringMatching(/HTTP 404/) });
      }, { timeout: 10_000 });
      // Shown from the moment it failed: the bundled snapshot's success, recorded with it, never takes it away.
      expect(failureWrites[0]).toBe('put');
      expect(failureWrites).not.toContain('deleted');
      expect(await readSnapshotSource(empty)).toEqual({ kind: 'url', url });
    } finally {
      vi.unstubAllGlobals();
      await server.close();
    }
  });

  it('loads a source chosen while the first filling from the bundled snapshot runs, with no failure said', async () => {
    // Chosen in the first seconds after install: the bundled snapshot is still being stored.
    const server = await startSnapshotServer();
    try {
      server.serveFiles((await renderSnapshotFiles(sampleSnapshot())).files, '/kb/');
      const url = server.url('/kb/index.json');
      const empty = openDb({ name: `handlers-source-while-filling-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
      // The bundled index answers once the source is chosen: the first filling runs meanwhile.
      let asked!: () => void;
      const bundledAsked = new Promise<void>((resolve) => (asked = resolve));
      let answer!: () => void;
      const chosen = new Promise<void>((resolve) => (answer = resolve));
      stubFetch((fetched) => {
        if (!fetched.endsWith('/snapshot/index.json')) return undefined;
        asked();
        return chosen.then(() => new Response(readFileSync(join(BUNDLED_DIR, 'index.json'))));
      });
      const handlers = createHandlers(empty);
      const filling = handlers.ensureSnapshot();
      await bundledAsked;
      await handlers.page.setSnapshotSource({ source: { kind: 'url', url } }, sender);
      answer();
      await filling;
      await vi.waitFor(async () => expect((await getSnapshotInfo(empty)).source).toBe(url), { timeout: 10_000 });
      await vi.waitFor(async () => expect(await readMeta(empty, 'progress')).toBeUndefined());
      const info = await getSnapshotInfo(empty);
      expect(info.source).toBe(url);
      expect(info.lastError).toBeNull();
    } finally {
      vi.unstubAllGlobals();
      await server.close();
    }
  });

  it('saves the same source again without a refresh', async () => {
    const url = 'https://kb.example/index.json';
    await saveSnapshotSource(db, { kind: 'url', url });
    const fetched = vi.fn(async () => new Response('{}'));
    vi.stubGlobal('fetch', fetched);
    try {
      await createHandlers(db).page.setSnapshotSource({ source: { kind: 'url', url } }, sender);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(fetched).not.toHaveBeenCalled();
      expect(await browser.alarms.get(REFRESH_ALARM)).toBeUndefined();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('started, with a source an earlier version kept in storage.local', () => {
  it('moves it into the store, out of the reach of content scripts', async () => {
    const url = 'https://kb.example/index.json?X-Amz-Signature=abc';
    await browser.storage.local.set({ snapshotSource: { kind: 'url', url } });
    await createHandlers(db).started(new Date());
    expect(await browser.storage.local.get('snapshotSource')).toEqual({});
    expect(await readSnapshotSource(db)).toEqual({ kind: 'url', url });
  });
});

describe('started, after a worker was stopped mid-refresh and started again', () => {
  /** Runs `check` against a fresh store and a local server publishing the sample snapshot. */
  async function withSource(check: (store: MethodLensDb, url: string, server: Awaited<ReturnType<typeof startSnapshotServer>>) => Promise<void>) {
    const server = await startSnapshotServer();
    try {
      const url = server.url('/kb/index.json');
      server.serveFiles((await renderSnapshotFiles(sampleSnapshot())).files, '/kb/');
      const restarted = openDb({ name: `handlers-restart-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
      await saveSnapshotSource(restarted, { kind: 'url', url });
      await check(restarted, url, server);
    } finally {
      await server.close();
    }
  }

  it('leaves no half-written generation of the dead refresh in the store once the start is done', async () => {
    await withSource(async (store, url, server) => {
      expect((await refreshSnapshot({ db: store, indexUrl: url })).ok).toBe(true);
      // A new snapshot is published; the worker's refresh writes its first topic, then the browser stops the worker.
      const next = sampleSnapshot();
      next.topics[0]!.topic.description = 'changed';
      next.topics[1]!.topic.description = 'changed too';
      server.serveFiles((await renderSnapshotFiles(next)).files, '/kb/');
      const minuteAgo = new Date(Date.now() - 60_000);
      const dead = await writeTopicGeneration(store, next.topics[0]!, { now: () => minuteAgo });
      const at = minuteAgo.toISOString();
      await store.meta.put(metaRow('progress', { runId: 'dead', url, startedAt: at, updatedAt: at, phase: 'saving', topic: null, topicsDone: 0, topicsTotal: 2, bytes: 0, records: 0 }));
      // The next start of the worker: the cut-off refresh is claimed and run again, the garbage collected.
      await createHandlers(store).started(new Date());
      const active = (await readMeta(store, 'active'))!;
      expect(active.topics['LLM quantization']!.gen).not.toBe(dead.gen);
      const keys = (await Promise.all(store.generationTables.map((table) => table.toCollection().primaryKeys()))).flat();
      const stored = new Set(keys.map((key) => key.slice(0, key.indexOf('|'))));
      expect([...stored].filter((gen) => !activeGenerations(active).includes(gen))).toEqual([]);
      expect(await store.meta.where(':id').startsWith('pending:').primaryKeys()).toEqual([]);
    });
  });

  // Nothing the dead refresh wrote before the switch (its topics, its progress) reaches what the one run
  // again asks the host: the index's validators are the snapshot in use's, so a new index is read whole.
  it('runs the cut-off refresh again to the new snapshot it was fetching, not "up to date"', async () => {
    await withSource(async (store, url, server) => {
      expect((await refreshSnapshot({ db: store, indexUrl: url })).ok).toBe(true);
      const next = sampleSnapshot();
      next.generatedAt = '2025-07-01T00:00:00Z';
      next.topics[0]!.topic.description = 'changed';
      server.serveFiles((await renderSnapshotFiles(next)).files, '/kb/');
      const minuteAgo = new Date(Date.now() - 60_000);
      await writeTopicGeneration(store, next.topics[0]!, { now: () => minuteAgo });
      const at = minuteAgo.toISOString();
      await store.meta.put(metaRow('progress', { runId: 'dead', url, startedAt: at, updatedAt: at, phase: 'saving', topic: null, topicsDone: 0, topicsTotal: 1, bytes: 0, records: 0 }));
      await createHandlers(store).started(new Date());
      const info = await getSnapshotInfo(store);
      expect(info.lastRefresh).toMatchObject({ ok: true, outcome: 'updated', topicsChanged: 1 });
      expect(info.lastError).toBeNull();
      expect(info.generatedAt).toBe('2025-07-01T00:00:00Z');
    });
  });

  /** A snapshot refreshed from `url`, then a refresh of it a stopped worker left running; the state before that refresh. */
  async function leaveDeadRefresh(store: MethodLensDb, url: string): Promise<SnapshotInfo> {
    expect((await refreshSnapshot({ db: store, indexUrl: url })).ok).toBe(true);
    const before = await getSnapshotInfo(store);
    const at = new Date(Date.now() - 10_000).toISOString();
    await store.meta.put(metaRow('progress', { runId: 'dead', url, startedAt: at, updatedAt: at, phase: 'downloading', topic: null, topicsDone: 0, topicsTotal: 2, bytes: 0, records: 0 }));
    return before;
  }

  /** The cancelled refresh is gone as if never started: not run again (`requestsSince` 0), nothing recorded. */
  async function expectCancelledAsNothing(store: MethodLensDb, before: SnapshotInfo, requestsSince: () => number): Promise<void> {
    expect(requestsSince()).toBe(0);
    const after = await getSnapshotInfo(store);
    expect({ progress: after.progress, lastError: after.lastError, lastRefresh: after.lastRefresh }).toEqual({ progress: null, lastError: null, lastRefresh: before.lastRefresh });
  }

  it('a Cancel that wakes the worker stops the refresh the page showed running: it is not run again, and no failure is recorded', async () => {
    await withSource(async (store, url, server) => {
      // The worker was stopped mid-refresh; the page, still showing it running, sends Cancel, which starts the worker.
      const before = await leaveDeadRefresh(store, url);
      const asked = server.requestCount('/kb/index.json');
      const handlers = createHandlers(store);
      const starting = handlers.started(new Date());
      const cancelled = await handlers.page.cancelRefresh({}, sender);
      await starting;
      expect(cancelled).toMatchObject({ ok: false, cancelled: true });
      await expectCancelledAsNothing(store, before, () => server.requestCount('/kb/index.json') - asked);
    });
  });

  it.each([
    ['the claim has read the dead refresh', (row: { key?: string; value?: { runId?: string } }) => row.value?.runId === 'dead'],
    ['the start, past the claim, reads the snapshot in use', (row: { key?: string }, claimed: boolean) => claimed && row.key === 'active'],
  ])('a Cancel handled just after %s, before the refresh starts again, records no cut-off and runs nothing', async (_when, isCue) => {
    await withSource(async (store, url, server) => {
      const before = await leaveDeadRefresh(store, url);
      const asked = server.requestCount('/kb/index.json');
      const handlers = createHandlers(store);
      let cancelled: Promise<unknown> | undefined;
      let claimed = false;
      const get = store.meta.get.bind(store.meta) as (...args: unknown[]) => Promise<unknown>;
      vi.spyOn(store.meta, 'get').mockImplementation(((...args: unknown[]) =>
        get(...args).then((found) => {
          const row = (found ?? {}) as { key?: string; value?: { runId?: string } };
          if (isCue(row, claimed)) cancelled ??= handlers.page.cancelRefresh({}, sender);
          claimed ||= row.value?.runId === 'dead';
          return found;
        })) as never);
      await handlers.started(new Date());
      vi.restoreAllMocks();
      expect(cancelled).toBeDefined();
      expect(await cancelled).toMatchObject({ ok: false, cancelled: true });
      await expectCancelledAsNothing(store, before, () => server.requestCount('/kb/index.json') - asked);
    });
  });

  it('a worker stopped again just after its start claimed the cut-off refresh loses nothing: the next start records it and runs it again', async () => {
    await withSource(async (store, url, server) => {
      await leaveDeadRefresh(store, url);
      const asked = server.requestCount('/kb/index.json');
      // The first start got as far as its claim before the browser stopped the worker again.
      expect(await claimInterruptedRefresh(store, new Date())).toMatchObject({ runId: 'dead' });
      const recorded = vi.spyOn(store.meta, 'put');
      await createHandlers(store).started(new Date());
      expect(recorded.mock.calls.map(([row]) => row)).toContainEqual(expect.objectContaining({ key: 'lastError', value: expect.objectContaining({ what: expect.stringMatching(/stopped the extension’s background/) }) }));
      vi.restoreAllMocks();
      expect(server.requestCount('/kb/index.json')).toBe(asked + 1);
      expect((await getSnapshotInfo(store)).progress).toBeNull();
    });
  });

  /**
   * A new snapshot published and a refresh of it run in a connection of its own (the worker's), which
   * the browser stops just past the switch to that snapshot, as it cleans up: nothing more reaches the
   * store. Returns the snapshot key in use then.
   */
  async function stopPastSwitch(factory: IDBFactory, name: string, url: string, server: Awaited<ReturnType<typeof startSnapshotServer>>): Promise<string> {
    const next = sampleSnapshot();
    next.generatedAt = '2025-07-01T00:00:00Z';
    next.topics[0]!.topic.description = 'changed';
    server.serveFiles((await renderSnapshotFiles(next)).files, '/kb/');
    const worker = openDb({ name, indexedDB: factory, IDBKeyRange });
    await refreshSnapshot({
      db: worker,
      indexUrl: url,
      onProgress: ({ phase }) => {
        if (phase === 'cleaning up') worker.close({ disableAutoOpen: true });
      },
    });
    const store = openDb({ name, indexedDB: factory, IDBKeyRange });
    try {
      expect((await readMeta(store, 'active'))?.generatedAt).toBe('2025-07-01T00:00:00Z');
      expect(await readMeta(store, 'progress')).toMatchObject({ url });
      return await getSnapshotKey(store);
    } finally {
      store.close();
    }
  }

  /** A store refreshed from the local server publishing the sample snapshot, then a refresh of a new one stopped past its switch. */
  async function withRefreshStoppedPastSwitch(check: (store: MethodLensDb, server: Awaited<ReturnType<typeof startSnapshotServer>>, key: string) => Promise<void>) {
    await withSource(async (first, url, server) => {
      first.close();
      const factory = new IDBFactory();
      const name = `handlers-past-switch-${Math.random()}`;
      const store = openDb({ name, indexedDB: factory, IDBKeyRange });
      await saveSnapshotSource(store, { kind: 'url', url });
      expect((await refreshSnapshot({ db: store, indexUrl: url })).ok).toBe(true);
      // The last scheduled refresh had failed, and a retry was planned.
      await browser.alarms.create('method-lens-refresh-retry:1', { delayInMinutes: 5 });
      store.close();
      const key = await stopPastSwitch(factory, name, url, server);
      await check(openDb({ name, indexedDB: factory, IDBKeyRange }), server, key);
    });
  }

  it('does not run a refresh again that was stopped past its switch: the reader is told of the new snapshot it brought in, and the pages get it', async () => {
    await withRefreshStoppedPastSwitch(async (store, server, key) => {
      const asked = server.requestCount('/kb/index.json');
      await createHandlers(store).started(new Date());
      expect(server.requestCount('/kb/index.json')).toBe(asked);
      const info = await getSnapshotInfo(store);
      expect({ progress: info.progress, lastError: info.lastError, generatedAt: info.generatedAt }).toEqual({ progress: null, lastError: null, generatedAt: '2025-07-01T00:00:00Z' });
      expect(info.lastRefresh).toMatchObject({ ok: true, outcome: 'updated', topicsChanged: 1 });
      expect(await browser.storage.local.get(ACTIVE_SNAPSHOT_KEY)).toEqual({ [ACTIVE_SNAPSHOT_KEY]: key });
      expect(await browser.alarms.getAll()).toEqual([]);
      // What it replaced, and left behind, is collected.
      const active = (await readMeta(store, 'active'))!;
      const keys = (await Promise.all(store.generationTables.map((table) => table.toCollection().primaryKeys()))).flat();
      expect([...new Set(keys.map((stored) => stored.slice(0, stored.indexOf('|'))))].filter((gen) => !activeGenerations(active).includes(gen))).toEqual([]);
    });
  });

  it('runs the refresh of a source chosen while one stopped past its switch ran: it was waiting for that one to end', async () => {
    await withRefreshStoppedPastSwitch(async (store, server) => {
      const next = sampleSnapshot();
      next.generatedAt = '2025-08-01T00:00:00Z';
      server.serveFiles((await renderSnapshotFiles(next)).files, '/kb-chosen/');
      const chosen = server.url('/kb-chosen/index.json');
      await saveSnapshotSource(store, { kind: 'url', url: chosen });
      await createHandlers(store).started(new Date());
      expect(server.requestCount('/kb-chosen/index.json')).toBe(1);
      const info = await getSnapshotInfo(store);
      expect({ source: info.source, generatedAt: info.generatedAt, progress: info.progress, lastError: info.lastError }).toEqual({
        source: chosen,
        generatedAt: '2025-08-01T00:00:00Z',
        progress: null,
        lastError: null,
      });
    });
  });

  it('answers a Cancel that wakes the worker, for a refresh stopped past its switch, with that refresh’s success: it was past cancelling', async () => {
    await withRefreshStoppedPastSwitch(async (store, server) => {
      const asked = server.requestCount('/kb/index.json');
      const handlers = createHandlers(store);
      const starting = handlers.started(new Date());
      const answer = await handlers.page.cancelRefresh({}, sender);
      await starting;
      expect(answer).toMatchObject({ ok: true, outcome: 'updated', topicsChanged: 1 });
      expect(server.requestCount('/kb/index.json')).toBe(asked);
      const info = await getSnapshotInfo(store);
      expect({ progress: info.progress, lastError: info.lastError, lastRefresh: info.lastRefresh }).toEqual({ progress: null, lastError: null, lastRefresh: answer });
    });
  });

  it('does not keep showing a dead refresh as running when it was cut off while the clock was ahead', async () => {
    await withSource(async (store, url) => {
      // Cut off while the system clock was a day ahead; the clock has since been corrected.
      const ahead = new Date(Date.now() + 24 * 3_600_000).toISOString();
      await store.meta.put(metaRow('progress', { runId: 'dead', url, startedAt: ahead, updatedAt: ahead, phase: 'saving', topic: null, topicsDone: 0, topicsTotal: 2, bytes: 0, records: 0 }));
      await createHandlers(store).started(new Date());
      const info = await getSnapshotInfo(store);
      expect(info.progress).toBeNull();
      // Claimed as cut off, and run again: the snapshot it was fetching is in.
      expect(info.lastRefresh).toMatchObject({ ok: true });
    });
  });
});

/**
 * Runs `test` with the snapshot source set to a URL on a local server that answers `status`, and a
 * store of its own, empty; the bundled snapshot is fetched as the extension fetches it.
 */
async function withFailingSource(status: number, test: (url: string, empty: ReturnType<typeof openDb>) => Promise<void>): Promise<void> {
  const server = await startSnapshotServer();
  stubFetch();
  try {
    const url = server.url('/kb/index.json');
    server.routes.set('/kb/index.json', { status });
    const empty = openDb({ name: `handlers-failing-source-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
    await saveSnapshotSource(empty, { kind: 'url', url });
    await test(url, empty);
  } finally {
    vi.unstubAllGlobals();
    await server.close();
  }
}

describe('started, after a first filling of the store was cut off', () => {
  it('fills the store again, from the bundled snapshot when the chosen URL fails', async () => {
    await withFailingSource(503, async (url, empty) => {
      const minuteAgo = new Date(Date.now() - 60_000).toISOString();
      await empty.meta.put(metaRow('progress', { runId: 'cut-off', url, startedAt: minuteAgo, updatedAt: minuteAgo, phase: 'downloading', topic: null, topicsDone: 0, topicsTotal: 1, bytes: 0, records: 0 }));
      await createHandlers(empty).started(new Date());
      const info = await getSnapshotInfo(empty);
      expect(info.totals.methods).toBeGreaterThan(0);
      expect(info.lastError).toMatchObject({ url, what: expect.stringMatching(/HTTP 503/) });
    });
  });
});

describe('installed (install, or an update of the extension or the browser)', () => {
  it('keeps the refresh schedule in step: the next refresh stays due when the last is one period old', async () => {
    const now = Date.now();
    await saveSnapshotSource(db, { kind: 'url', url: 'https://kb.example/index.json' });
    await recordSuccess(db, { at: new Date(now - 23 * 3_600_000).toISOString(), ok: true, outcome: 'updated', topicsChanged: 1, methods: 6 });
    await ensureRefreshScheduled(db, new Date(now - 23 * 3_600_000).toISOString(), new Date(now));
    const due = (await browser.alarms.get(REFRESH_ALARM))!.scheduledTime;
    expect(due - now).toBeLessThan(61 * 60_000);
    await createHandlers(db).installed();
    expect((await browser.alarms.get(REFRESH_ALARM))!.scheduledTime).toBe(due);
  });

  it('sets the refresh alarm again where the browser dropped it, due one period after the last refresh', async () => {
    const lastAt = Date.now() - 23 * 3_600_000;
    await saveSnapshotSource(db, { kind: 'url', url: 'https://kb.example/index.json' });
    await recordSuccess(db, { at: new Date(lastAt).toISOString(), ok: true, outcome: 'updated', topicsChanged: 1, methods: 6 });
    await browser.alarms.clear(REFRESH_ALARM);
    await createHandlers(db).installed();
    const alarm = await browser.alarms.get(REFRESH_ALARM);
    expect(alarm?.periodInMinutes).toBe(refreshIntervalHours.fallback * 60);
    // Set a few milliseconds after the test read the clock.
    expect(Math.abs(alarm!.scheduledTime - (lastAt + refreshIntervalHours.fallback * 3_600_000))).toBeLessThan(5_000);
  });
});

describe('installed, with a URL source the current version would not refresh from', () => {
  it('keeps the reader’s snapshot from that URL, and says why at the next refresh', async () => {
    const server = await startSnapshotServer();
    try {
      server.serveFiles((await renderSnapshotFiles(sampleSnapshot())).files, '/kb/');
      // Older versions kept any checked URL, in storage.local: a presigned link of 9,000 characters, over today's limit.
      const url = `${server.url('/kb/index.json')}?sig=${'a'.repeat(9_000)}`;
      const fromUrl = openDb({ name: `handlers-long-url-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
      await browser.storage.local.set({ snapshotSource: { kind: 'url', url } });
      expect((await refreshSnapshot({ db: fromUrl, indexUrl: url })).ok).toBe(true);
      const handlers = createHandlers(fromUrl);
      await handlers.installed();
      expect((await getSnapshotInfo(fromUrl)).source).toBe(url);
      await handlers.refresh();
      const info = await getSnapshotInfo(fromUrl);
      expect(info.source).toBe(url);
      expect(info.lastError?.what).toMatch(/too long/);
    } finally {
      await server.close();
    }
  });
});

describe('getDictionary', () => {
  it('leaves muted methods out, and follows a change of the muted list', async () => {
    const handlers = createHandlers(db);
    const labels = async () => (await handlers.content.getDictionary({}, sender)).names;
    expect(await labels()).toContain('OPTQ');
    await mutedMethods.setValue(['gptq']);
    expect(await labels()).not.toContain('OPTQ');
    expect(await labels()).not.toContain('GPTQ');
    expect(await labels()).toContain('AWQ');
    await mutedMethods.setValue([]);
    expect(await labels()).toContain('GPTQ');
  });

  it('is built once for the pages that ask together (15 tabs restored, or marked anew after a mute), not once per page', async () => {
    const handlers = createHandlers(db);
    const asked = await Promise.all(Array.from({ length: 15 }, () => handlers.content.getDictionary({}, sender)));
    expect(new Set(asked).size).toBe(1);
    await mutedMethods.setValue(['gptq']);
    const afterMute = await Promise.all(Array.from({ length: 15 }, () => handlers.content.getDictionary({}, sender)));
    expect(new Set(afterMute).size).toBe(1);
    expect(afterMute[0]!.names).not.toContain('GPTQ');
  });

  it('comes planned for the matcher: a page builds from the plan and finds each name as its method', async () => {
    await mutedMethods.setValue(['gptq']);
    const dictionary = await createHandlers(db).content.getDictionary({}, sender);
    const matcher = compileMatcher(dictionary.names, dictionary.plan);
    const text = 'AWQ, QuIP# and GPTQ';
    const methodsFound = (spans: Span[]) => spans.map((span) => dictionary.methods[dictionary.methodIndex[span.nameIndex]!]!.id);
    expect(methodsFound(matcher.find(text))).toEqual(['awq', 'quip-sharp']);
    // The same spans as a matcher built from the names alone; the plan covers every name.
    expect(matcher.find(text)).toEqual(compileMatcher(dictionary.names).find(text));
    expect(dictionary.plan.groupEnds.at(-1)).toBe(dictionary.names.length);
  });
});

describe('getCardModel (the hover card)', () => {
  it('gives a page what the card shows of a method, made from its record, and none of the rest of it', async () => {
    const card = await createHandlers(db).content.getCardModel({ methodId: 'gptq' }, sender);
    const record = (await getMethodRecord(db, 'gptq'))!;
    expect(card).toEqual(toCardModel(record));
    // One critique and one loss of the record's many, not the lists themselves.
    expect(record.critiques.length).toBeGreaterThan(1);
    expect(record.losses.length).toBeGreaterThan(1);
    expect(card?.critique?.quote).toBe(record.critiques[0]!.quote);
    expect(card?.lossCount).toBe(record.losses.length);
    expect(JSON.stringify(card)).not.toContain(record.critiques[1]!.quote);
  });

  it('gives null for a method the snapshot does not hold', async () => {
    expect(await createHandlers(db).content.getCardModel({ methodId: 'no-such-method' }, sender)).toBeNull();
  });
});

describe('scanArxivHtml (the popup on an arXiv PDF)', () => {
  const popupSender = { id: 'test', url: 'chrome-extension://test/popup.html' } as never;
  const keptScans = async () => ((await fakeBrowser.storage.session.get('pdfScans')).pdfScans ?? []) as { arxivId: string; mentions: { methodId: string }[]; muted: unknown }[];

  it('keeps what it found for the popup opened again on that paper (the popup asking may have closed), with the methods muted then', async () => {
    stubFetch((url) => (url === 'https://arxiv.org/html/2406.01234' ? Promise.resolve(new Response('<article class="ltx_document"><p>AWQ and GPTQ</p></article>')) : undefined));
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });
    await mutedMethods.setValue(['gptq']);
    const scan = await createHandlers(db).page.scanArxivHtml({ arxivId: '2406.01234', keep: true }, popupSender);
    expect(scan.methods.map((method) => method.methodId)).toEqual(['awq']);
    const [kept, ...others] = await keptScans();
    expect(others).toEqual([]);
    expect(kept).toMatchObject({ arxivId: '2406.01234', url: 'https://arxiv.org/html/2406.01234', source: 'arxiv', mentions: [{ methodId: 'awq', count: 1 }], muted: [{ id: 'gptq', name: 'GPTQ' }] });
  });

  it('reads a paper once when asked again while reading it (the popup opened again offers the scan, the reader clicks again)', async () => {
    let requests = 0;
    let answerFirst: (response: Response) => void = () => {};
    const page = (name: string) => new Response(`<article class="ltx_document"><p>${name}</p></article>`);
    // The first read waits for the test; any other is answered at once.
    stubFetch((url) => {
      if (url !== 'https://arxiv.org/html/2406.01234') return undefined;
      return ++requests === 1 ? new Promise<Response>((resolve) => (answerFirst = resolve)) : Promise.resolve(page('GPTQ'));
    });
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });
    const handlers = createHandlers(db);
    const first = handlers.page.scanArxivHtml({ arxivId: '2406.01234', keep: true }, popupSender);
    await vi.waitFor(() => expect(requests).toBe(1));
    const second = handlers.page.scanArxivHtml({ arxivId: '2406.01234', keep: true }, popupSender);
    answerFirst(page('AWQ'));
    const scans = await Promise.all([first, second]);
    expect(requests).toBe(1);
    expect(scans.map((scan) => scan.methods.map((method) => method.methodId))).toEqual([['awq'], ['awq']]);
    expect((await keptScans()).map((kept) => kept.arxivId)).toEqual(['2406.01234']);
    // Once answered, a new ask reads the paper again.
    expect((await handlers.page.scanArxivHtml({ arxivId: '2406.01234', keep: true }, popupSender)).methods.map((method) => method.methodId)).toEqual(['gptq']);
    expect(requests).toBe(2);
  });

  it('keeps nothing the popup of a private window asked for: session storage is shared with every window', async () => {
    stubFetch((url) => (url === 'https://arxiv.org/html/2406.01234' ? Promise.resolve(new Response('<article class="ltx_document"><p>AWQ</p></article>')) : undefined));
    onTestFinished(() => {
      vi.unstubAllGlobals();
    });
    const scan = await createHandlers(db).page.scanArxivHtml({ arxivId: '2406.01234', keep: false }, popupSender);
    expect(scan.methods.map((method) => method.methodId)).toEqual(['awq']);
    expect(await keptScans()).toEqual([]);
  });
});

describe('ensureSnapshot (an empty store, filled before anyone is answered)', () => {
  it('falls back on the bundled snapshot when the chosen URL fails, and keeps that failure for the popup', async () => {
    await withFailingSource(500, async (url, empty) => {
      await createHandlers(empty).ensureSnapshot();
      const info = await getSnapshotInfo(empty);
      expect(info.totals.methods).toBeGreaterThan(0);
      expect(info.lastRefresh).toMatchObject({ ok: true });
      expect(info.lastError).toMatchObject({ url, what: expect.stringMatching(/answered with HTTP 500/) });
    });
  });

  it('falls back on the bundled snapshot when a topic file of the chosen URL fails, though that failure names the topic', async () => {
    const server = await startSnapshotServer();
    stubFetch();
    try {
      server.serveFiles((await renderSnapshotFiles(sampleSnapshot())).files, '/kb/');
      const topic = [...server.routes.keys()].find((path) => path !== '/kb/index.json')!;
      server.routes.set(topic, { status: 500 });
      const empty = openDb({ name: `handlers-failing-topic-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
      await saveSnapshotSource(empty, { kind: 'url', url: server.url('/kb/index.json') });
      await createHandlers(empty).ensureSnapshot();
      const info = await getSnapshotInfo(empty);
      expect(info.totals.methods).toBeGreaterThan(0);
      expect(info.lastError).toMatchObject({ url: server.url(topic), what: expect.stringMatching(/HTTP 500/) });
    } finally {
      vi.unstubAllGlobals();
      await server.close();
    }
  });

  it('a first filling from the chosen URL the reader cancels is not then said to have failed', async () => {
    const server = await startSnapshotServer();
    stubFetch();
    try {
      server.routes.set('/kb/index.json', { stall: 'before-answer' });
      const empty = openDb({ name: `handlers-cancelled-fill-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
      await saveSnapshotSource(empty, { kind: 'url', url: server.url('/kb/index.json') });
      const handlers = createHandlers(empty);
      const filling = handlers.ensureSnapshot();
      await vi.waitFor(async () => expect((await getSnapshotInfo(empty)).progress).not.toBeNull());
      expect(await handlers.page.cancelRefresh({}, sender)).toMatchObject({ ok: false, cancelled: true });
      await filling;
      // The store is filled all the same, from the bundled snapshot, and nothing failed.
      const info = await getSnapshotInfo(empty);
      expect({ filled: info.totals.methods > 0, lastError: info.lastError }).toEqual({ filled: true, lastError: null });
    } finally {
      vi.unstubAllGlobals();
      await server.close();
    }
  });

  it('with the bundled source (the default), a transient failure then a success of that same source leaves no "last refresh failed"', async () => {
    let indexAsked = 0;
    // The bundled index fails once, as a transient error would.
    stubFetch((url) => (url.endsWith('/index.json') && ++indexAsked === 1 ? Promise.reject(new TypeError('Failed to fetch')) : undefined));
    try {
      const empty = openDb({ name: `handlers-bundled-retry-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
      await createHandlers(empty).ensureSnapshot();
      const info = await getSnapshotInfo(empty);
      expect(info.totals.methods).toBeGreaterThan(0);
      expect(info.lastRefresh).toMatchObject({ ok: true });
      expect(info.lastError).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a source the reader chooses while the first filling runs is not cancelled by the fallback, nor its cancellation shown', async () => {
    const server = await startSnapshotServer();
    // Source A answers late, and with an error.
    stubFetch((url) => (url.includes('/slow/') ? new Promise((done) => setTimeout(() => done(new Response('{}', { status: 500 })), 300)) : undefined));
    try {
      server.serveFiles((await renderSnapshotFiles(sampleSnapshot())).files, '/b/');
      const empty = openDb({ name: `handlers-race-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
      await saveSnapshotSource(empty, { kind: 'url', url: server.url('/slow/index.json') });
      const handlers = createHandlers(empty);
      const filling = handlers.ensureSnapshot();
      await new Promise((resolve) => setTimeout(resolve, 50));
      // The reader picks source B in the options page, which asks for a refresh.
      const b = server.url('/b/index.json');
      await saveSnapshotSource(empty, { kind: 'url', url: b });
      const chosen = handlers.refresh();
      await filling;
      const outcome = await chosen;
      const info = await getSnapshotInfo(empty);
      expect({ ok: outcome.ok, source: info.source, lastError: info.lastError?.what ?? null }).toEqual({ ok: true, source: b, lastError: null });
    } finally {
      vi.unstubAllGlobals();
      await server.close();
    }
  });
});

describe('ensureSnapshot, with a snapshot in the store', () => {
  it('asks no source when the active snapshot has no methods: only an empty store is filled', async () => {
    const snapshot = sampleSnapshot();
    const topic = snapshot.topics[1]!;
    snapshot.topics = [{ ...topic, methods: [], critiques: [], results: [], alternatives: [], subProblems: [], frontier: [] }];
    const withoutMethods = openDb({ name: `handlers-no-methods-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
    await importDocuments(withoutMethods, snapshot);
    const fetchSpy = vi.fn(async () => new Response('{}', { status: 500 }));
    vi.stubGlobal('fetch', fetchSpy);
    try {
      await createHandlers(withoutMethods).ensureSnapshot();
      expect((await createHandlers(withoutMethods).content.getDictionary({}, sender)).names).toEqual([]);
      expect(fetchSpy).not.toHaveBeenCalled();
      expect((await getSnapshotInfo(withoutMethods)).lastError).toBeNull();
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('refresh', () => {
  it('announces a snapshot brought in under the key open pages watch, and nothing after a failed refresh', async () => {
    const server = await startSnapshotServer();
    try {
      const snapshot = sampleSnapshot();
      snapshot.generatedAt = '2026-08-01T00:00:00.000Z';
      server.serveFiles((await renderSnapshotFiles(snapshot)).files, '/kb/');
      const handlers = createHandlers(db);
      await saveSnapshotSource(db, { kind: 'url', url: server.url('/kb/nothing-here.json') });
      expect((await handlers.refresh()).ok).toBe(false);
      expect(await browser.storage.local.get(ACTIVE_SNAPSHOT_KEY)).toEqual({});

      const seen: unknown[] = [];
      const stop = watchActiveSnapshot((announced) => seen.push(announced));
      await saveSnapshotSource(db, { kind: 'url', url: server.url('/kb/index.json') });
      expect((await handlers.refresh()).ok).toBe(true);
      const key = await getSnapshotKey(db);
      expect(key).not.toBe('');
      expect(await browser.storage.local.get(ACTIVE_SNAPSHOT_KEY)).toEqual({ [ACTIVE_SNAPSHOT_KEY]: key });
      // The same snapshot again: announced with the same key, which is no change to an open page.
      expect((await handlers.refresh()).ok).toBe(true);
      expect(await getSnapshotKey(db)).toBe(key);
      stop();
      expect(seen).toEqual([key]);
    } finally {
      await server.close();
    }
  });

  it('records a stored source that is no longer valid as a plain failure, keeping the snapshot', async () => {
    await saveSnapshotSource(db, { kind: 'url', url: 'http://kb.example/index.json' });
    const outcome = await createHandlers(db).refresh();
    expect(outcome).toMatchObject({ ok: false, error: { what: expect.stringMatching(/^The snapshot source is not usable: Use https:\/\//), url: 'http://kb.example/index.json' } });
    const info = await getSnapshotInfo(db);
    expect(info.lastError?.what).toMatch(/not usable/);
    expect(info.totals.methods).toBe(6);
  });
});

/** A URL source served from a real server on 127.0.0.1, on the daily schedule. */
async function withSource(test: (server: Awaited<ReturnType<typeof startSnapshotServer>>, url: string) => Promise<void>): Promise<void> {
  const server = await startSnapshotServer();
  try {
    server.serveFiles((await renderSnapshotFiles(sampleSnapshot())).files, '/kb/');
    const url = server.url('/kb/index.json');
    await saveSnapshotSource(db, { kind: 'url', url });
    await scheduleRefresh(db);
    await test(server, url);
  } finally {
    await server.close();
  }
}

describe('refresh, when it fails: the background tries again by itself', () => {
  /** Minutes from now to each alarm the background holds, by name. */
  async function alarmsInMinutes(): Promise<Record<string, number>> {
    const now = Date.now();
    return Object.fromEntries((await browser.alarms.getAll()).map((alarm) => [alarm.name, Math.round((alarm.scheduledTime - now) / 60_000)]));
  }

  it('retries a host that is down after 5 minutes, then 15, then an hour, then every 4 hours, and stops once it succeeds', async () => {
    await withSource(async (server, url) => {
      const handlers = createHandlers(db);
      const index = server.routes.get('/kb/index.json')!;
      server.routes.set('/kb/index.json', { status: 503 });
      const waits: number[] = [];
      let outcome = await handlers.refresh();
      for (let retry = 1; retry <= 5; retry++) {
        const alarms = await alarmsInMinutes();
        // One retry planned at a time, beside the daily refresh, and the failure says when.
        expect(Object.keys(alarms).sort()).toEqual([REFRESH_ALARM, `method-lens-refresh-retry:${retry}`]);
        waits.push(alarms[`method-lens-refresh-retry:${retry}`]!);
        const retryAt = (await browser.alarms.get(`method-lens-refresh-retry:${retry}`))!.scheduledTime;
        expect(outcome).toMatchObject({ ok: false, error: { url, nextTryAt: new Date(retryAt).toISOString() } });
        expect((await getSnapshotInfo(db)).lastError?.nextTryAt).toBe(new Date(retryAt).toISOString());
        // The alarm fires: a one-shot alarm is gone once it has.
        await browser.alarms.clear(`method-lens-refresh-retry:${retry}`);
        outcome = await handlers.refresh(retry);
      }
      expect(waits).toEqual([5, 15, 60, 240, 240]);
      server.routes.set('/kb/index.json', index);
      expect((await handlers.refresh(6)).ok).toBe(true);
      expect(Object.keys(await alarmsInMinutes())).toEqual([REFRESH_ALARM]);
      expect((await getSnapshotInfo(db)).lastError).toBeNull();
    });
  });

  it('waits as long as a busy host asks (Retry-After), and puts the scheduled refresh off when it asks for longer', async () => {
    await withSource(async (server) => {
      const handlers = createHandlers(db);
      server.routes.set('/kb/index.json', { status: 429, headers: { 'Retry-After': String(2 * 3600) } });
      await handlers.refresh();
      expect(await alarmsInMinutes()).toEqual({ [REFRESH_ALARM]: 24 * 60, 'method-lens-refresh-retry:1': 120 });

      await refreshIntervalHours.setValue(1);
      await scheduleRefresh(db);
      await handlers.refresh();
      // Due in an hour, the scheduled refresh waits the two the host asked for, and no retry comes before it.
      const scheduled = (await browser.alarms.get(REFRESH_ALARM))!;
      expect({ alarms: await alarmsInMinutes(), period: scheduled.periodInMinutes }).toEqual({ alarms: { [REFRESH_ALARM]: 120 }, period: 60 });
      expect((await getSnapshotInfo(db)).lastError?.nextTryAt).toBe(new Date(scheduled.scheduledTime).toISOString());

      // A wait of a year is taken as a day at most.
      server.routes.set('/kb/index.json', { status: 503, headers: { 'Retry-After': String(365 * 24 * 3600) } });
      await handlers.refresh();
      expect(await alarmsInMinutes()).toEqual({ [REFRESH_ALARM]: 24 * 60 });
    });
  });

  it('says a wait it cuts short (a year’s Retry-After, in seconds or as a date) as the host’s request, not as advice to wait that long', async () => {
    await withSource(async (server, url) => {
      const handlers = createHandlers(db);
      const inAYear = new Date(Date.now() + 365 * 24 * 3_600_000).toUTCString();
      for (const retryAfter of [String(365 * 24 * 3600), inAYear]) {
        server.routes.set('/kb/index.json', { status: 503, headers: { 'Retry-After': retryAfter } });
        const outcome = await handlers.refresh();
        const failure = (await getSnapshotInfo(db)).lastError!;
        expect(outcome).toMatchObject({ ok: false, error: failure });
        expect(failure.what).toBe(
          `The snapshot at ${url} answered with HTTP 503 (Service Unavailable). The host failed or is busy, and asks for a wait of 365 days: longer than Method Lens waits before it tries again.`,
        );
        // The try the popup names after it is the one the alarms hold: a day off, not a year.
        expect(Math.round((Date.parse(failure.nextTryAt!) - Date.now()) / 60_000)).toBe(24 * 60);
      }
      // With no schedule nothing tries again by itself: the host's wait is the reader's to keep.
      await refreshIntervalHours.setValue(0);
      await scheduleRefresh(db);
      expect((await getSnapshotInfo(db)).lastError?.what).toMatch(/The host failed or is busy: try again in 365 days, as it asks\.$/);
      await refreshIntervalHours.setValue(24);
      // A wait it keeps whole is still advice to follow.
      server.routes.set('/kb/index.json', { status: 503, headers: { 'Retry-After': String(2 * 3600) } });
      await handlers.refresh();
      expect((await getSnapshotInfo(db)).lastError?.what).toMatch(/try again in 2 hours, as it asks\.$/);
    });
  });

  it('a refresh the reader cancels changes no plan: the failure before it, and the retry it planned, stay', async () => {
    await withSource(async (server) => {
      const handlers = createHandlers(db);
      server.routes.set('/kb/index.json', { status: 503 });
      await handlers.refresh();
      const planned = { alarms: await alarmsInMinutes(), failure: (await getSnapshotInfo(db)).lastError };
      // The reader presses Refresh now; the host is slow to answer, and the reader cancels.
      server.routes.set('/kb/index.json', { stall: 'before-answer' });
      const running = handlers.page.startRefresh({}, sender);
      await vi.waitFor(async () => expect((await getSnapshotInfo(db)).progress).not.toBeNull());
      const cancelled = await handlers.page.cancelRefresh({}, sender);
      expect(cancelled).toMatchObject({ ok: false, cancelled: true });
      expect(await running).toBe(cancelled);
      expect({ alarms: await alarmsInMinutes(), failure: (await getSnapshotInfo(db)).lastError }).toEqual(planned);
      expect(await handlers.page.cancelRefresh({}, sender)).toBeNull();
    });
  });

  it('a retry the reader cancels leaves the failure saying when Method Lens really tries again: the scheduled refresh', async () => {
    await withSource(async (server) => {
      const handlers = createHandlers(db);
      server.routes.set('/kb/index.json', { status: 503 });
      await handlers.refresh();
      const failed = (await getSnapshotInfo(db)).lastError!;
      expect(failed.nextRetry).toBe(1);
      // Five minutes on, the retry's alarm fires (and is gone); the host is slow to answer, and the reader cancels.
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.parse(failed.nextTryAt!) + 1_000);
        await browser.alarms.clear('method-lens-refresh-retry:1');
        server.routes.set('/kb/index.json', { stall: 'before-answer' });
        const running = handlers.refresh(1);
        await vi.waitFor(async () => expect((await getSnapshotInfo(db)).progress).not.toBeNull());
        expect(await handlers.page.cancelRefresh({}, sender)).toMatchObject({ ok: false, cancelled: true });
        await running;
        const scheduled = (await browser.alarms.get(REFRESH_ALARM))!.scheduledTime;
        const after = (await getSnapshotInfo(db)).lastError!;
        expect({ what: after.what, at: after.at }).toEqual({ what: failed.what, at: failed.at });
        // What the popup says: a next try still to come, not one gone by.
        expect(after.nextTryAt).toBe(new Date(scheduled).toISOString());
      } finally {
        vi.useRealTimers();
      }
    });
  });

  it('does not retry what trying again would not mend: the next scheduled refresh is the next try', async () => {
    await withSource(async (server, url) => {
      const handlers = createHandlers(db);
      server.routes.set('/kb/index.json', { status: 404 });
      const outcome = await handlers.refresh();
      const scheduled = (await browser.alarms.get(REFRESH_ALARM))!.scheduledTime;
      expect(await alarmsInMinutes()).toEqual({ [REFRESH_ALARM]: 24 * 60 });
      expect(outcome).toMatchObject({ ok: false, error: { url, what: expect.stringMatching(/HTTP 404/), nextTryAt: new Date(scheduled).toISOString() } });
      expect(outcome.ok || outcome.error.retry).toBeUndefined();

      server.routes.set('/kb/index.json', { body: '{"format": "something else"}' });
      await handlers.refresh();
      expect(await alarmsInMinutes()).toEqual({ [REFRESH_ALARM]: 24 * 60 });
    });
  });

  it('retries a topic file the host does not have yet (a snapshot being published), which names the topic, not the index', async () => {
    await withSource(async (server, url) => {
      const topic = [...server.routes.keys()].find((path) => path !== '/kb/index.json')!;
      const empty = openDb({ name: `handlers-topic-missing-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
      await saveSnapshotSource(empty, { kind: 'url', url });
      server.routes.delete(topic);
      stubFetch();
      try {
        // The first filling: the bundled snapshot stands in, the topic's failure is shown, and a retry planned.
        await createHandlers(empty).ensureSnapshot();
        const info = await getSnapshotInfo(empty);
        expect(info.totals.methods).toBeGreaterThan(0);
        expect(info.lastError).toMatchObject({ url: server.url(topic), what: expect.stringMatching(/HTTP 404/), nextTryAt: expect.any(String) });
        expect(await alarmsInMinutes()).toEqual({ [REFRESH_ALARM]: 24 * 60, 'method-lens-refresh-retry:1': 5 });
      } finally {
        vi.unstubAllGlobals();
      }
    });
  });

  it('plans nothing without a schedule, and a new schedule takes back the retry planned', async () => {
    await withSource(async (server) => {
      const handlers = createHandlers(db);
      server.routes.set('/kb/index.json', { status: 500 });
      await handlers.refresh();
      expect(Object.keys(await alarmsInMinutes()).sort()).toEqual([REFRESH_ALARM, 'method-lens-refresh-retry:1']);
      await refreshIntervalHours.setValue(0);
      await scheduleRefresh(db);
      expect(await alarmsInMinutes()).toEqual({});
      const outcome = await handlers.refresh();
      expect(await alarmsInMinutes()).toEqual({});
      expect(outcome.ok || outcome.error.nextTryAt).toBeUndefined();
    });
  });
});

describe('refresh, when it fails: one plan per failure, kept in step with the schedule and the browser', () => {
  const retryAlarms = async () => (await browser.alarms.getAll()).filter((alarm) => alarm.name.startsWith('method-lens-refresh-retry:'));

  it('two refreshes joined (a retry alarm firing during a refresh already running) plan one retry, the one the failure names', async () => {
    await withSource(async (server) => {
      const handlers = createHandlers(db);
      server.routes.set('/kb/index.json', { status: 503 });
      // The worker, woken by retry alarm 3, runs the refresh a stopped worker left cut off, and the alarm's own.
      await Promise.all([handlers.refresh(), handlers.refresh(3)]);
      const retries = await retryAlarms();
      expect(retries).toHaveLength(1);
      expect((await getSnapshotInfo(db)).lastError?.nextTryAt).toBe(new Date(retries[0]!.scheduledTime).toISOString());
    });
  });

  /** Refreshes every 6 hours, and one fails: the host is busy and asks for `hours`. Returns when it failed. */
  async function failBusyEverySixHours(server: Awaited<ReturnType<typeof startSnapshotServer>>, hours: number): Promise<number> {
    await refreshIntervalHours.setValue(6);
    await scheduleRefresh(db);
    server.routes.set('/kb/index.json', { status: 503, headers: { 'Retry-After': String(hours * 3600) } });
    const failedAt = Date.now();
    await createHandlers(db).refresh();
    return failedAt;
  }

  it('a retry whose alarm the browser dropped (Firefox keeps none across a restart, Chrome none across an update) is planned again at the next start', async () => {
    await withSource(async (server) => {
      const handlers = createHandlers(db);
      server.routes.set('/kb/index.json', { status: 503 });
      await handlers.refresh();
      await browser.alarms.clear('method-lens-refresh-retry:1');
      await handlers.refresh(1);
      const planned = (await browser.alarms.get('method-lens-refresh-retry:2'))!.scheduledTime;
      // The browser restarts: its alarms are gone; the background starts again (the last success an hour old).
      await browser.alarms.clearAll();
      await ensureRefreshScheduled(db, new Date(Date.now() - 3_600_000).toISOString());
      expect((await retryAlarms()).map(({ name, scheduledTime }) => ({ name, scheduledTime }))).toEqual([{ name: 'method-lens-refresh-retry:2', scheduledTime: planned }]);
      expect((await getSnapshotInfo(db)).lastError?.nextTryAt).toBe(new Date(planned).toISOString());
      // Its number kept: the retry after it waits an hour.
      await browser.alarms.clear('method-lens-refresh-retry:2');
      await handlers.refresh(2);
      expect((await retryAlarms()).map(({ name }) => name)).toEqual(['method-lens-refresh-retry:3']);
    });
  });

  it('a scheduled refresh a host put off, whose alarm the browser dropped, is set again as put off: the next try the failure names', async () => {
    await withSource(async (server) => {
      // Every 6 hours; a busy host asking for 20: the scheduled refresh is put off, and no retry comes before it.
      const failedAt = await failBusyEverySixHours(server, 20);
      expect(await retryAlarms()).toEqual([]);
      // The browser restarts (Firefox keeps no alarm); the last success was an hour before.
      await browser.alarms.clearAll();
      await ensureRefreshScheduled(db, new Date(failedAt - 3_600_000).toISOString());
      const scheduled = (await browser.alarms.get(REFRESH_ALARM))!;
      expect(scheduled.periodInMinutes).toBe(6 * 60);
      // Not 5 hours after the start (one period after the last success): 20 after the failure, as the host asked.
      expect(Math.abs(scheduled.scheduledTime - (failedAt + 20 * 3_600_000))).toBeLessThan(5_000);
      expect((await getSnapshotInfo(db)).lastError?.nextTryAt).toBe(new Date(scheduled.scheduledTime).toISOString());
    });
  });

  it('the scheduled refresh set again at a start comes no sooner than a busy host asked, though a retry is planned', async () => {
    await withSource(async (server) => {
      const failedAt = await failBusyEverySixHours(server, 2);
      const retry = (await browser.alarms.get('method-lens-refresh-retry:1'))!.scheduledTime;
      expect(Math.round((retry - failedAt) / 60_000)).toBe(120);
      // Firefox restarts 5 minutes later, its alarms gone; the last success is more than a period old.
      await browser.alarms.clearAll();
      await ensureRefreshScheduled(db, new Date(failedAt - 6 * 3_600_000 - 60_000).toISOString(), new Date(failedAt + 5 * 60_000));
      // Not at once: 115 minutes from that start, when the host's two hours are up.
      const scheduled = (await browser.alarms.get(REFRESH_ALARM))!.scheduledTime;
      expect(Math.round((scheduled - Date.now()) / 60_000)).toBe(115);
      expect((await browser.alarms.get('method-lens-refresh-retry:1'))?.scheduledTime).toBe(retry);
    });
  });

  it('a changed interval starts the schedule over, but not before a busy host’s wait is up; a new source’s does not wait for the old host', async () => {
    await withSource(async (server) => {
      const failedAt = await failBusyEverySixHours(server, 20);
      await refreshIntervalHours.setValue(12);
      await scheduleRefresh(db);
      // Every 12 hours from now, the first in 20: the host asked not to be asked before.
      const scheduled = (await browser.alarms.get(REFRESH_ALARM))!;
      expect(scheduled.periodInMinutes).toBe(12 * 60);
      expect(Math.round((scheduled.scheduledTime - failedAt) / 60_000)).toBe(20 * 60);
      await saveSnapshotSource(db, { kind: 'url', url: 'https://kb.example/index.json' });
      await scheduleRefresh(db, { newSource: true });
      expect(Math.round(((await browser.alarms.get(REFRESH_ALARM))!.scheduledTime - Date.now()) / 60_000)).toBe(12 * 60);
    });
  });

  it('a retry whose alarm has fired (it woke the worker, and its refresh runs) is not planned again at the start', async () => {
    await withSource(async (server) => {
      const handlers = createHandlers(db);
      server.routes.set('/kb/index.json', { status: 503 });
      await handlers.refresh();
      const planned = (await browser.alarms.get('method-lens-refresh-retry:1'))!.scheduledTime;
      await browser.alarms.clear('method-lens-refresh-retry:1');
      await ensureRefreshScheduled(db, null, new Date(planned + 1_000));
      expect(await retryAlarms()).toEqual([]);
    });
  });

  it('a changed interval does not leave the failure saying a retry will come that was taken back', async () => {
    await withSource(async (server) => {
      const handlers = createHandlers(db);
      server.routes.set('/kb/index.json', { status: 500 });
      await handlers.refresh();
      expect(await retryAlarms()).toHaveLength(1);
      // Never: nothing will try again by itself.
      await refreshIntervalHours.setValue(0);
      await scheduleRefresh(db);
      expect((await getSnapshotInfo(db)).lastError?.nextTryAt).toBeUndefined();
      // Every 12 hours: the next try is the earliest alarm there is.
      await refreshIntervalHours.setValue(12);
      await handlers.refresh();
      await refreshIntervalHours.setValue(6);
      await scheduleRefresh(db);
      // The retry planned stays: what time may mend is still tried again sooner.
      expect(await retryAlarms()).toHaveLength(1);
      const times = (await browser.alarms.getAll()).map((alarm) => alarm.scheduledTime);
      expect((await getSnapshotInfo(db)).lastError?.nextTryAt).toBe(new Date(Math.min(...times)).toISOString());
    });
  });

  it('a schedule turned back on (never, then daily) has the failure say when the next try is again', async () => {
    await withSource(async (server) => {
      server.routes.set('/kb/index.json', { status: 404 });
      await createHandlers(db).refresh();
      await refreshIntervalHours.setValue(0);
      await scheduleRefresh(db);
      expect((await getSnapshotInfo(db)).lastError?.nextTryAt).toBeUndefined();
      // Once a day again, with no refresh since: the scheduled one is the next try, and the failure says so.
      await refreshIntervalHours.setValue(24);
      await scheduleRefresh(db);
      const scheduled = (await browser.alarms.get(REFRESH_ALARM))!.scheduledTime;
      expect((await getSnapshotInfo(db)).lastError?.nextTryAt).toBe(new Date(scheduled).toISOString());
      // So does one turned back on while the background was not running, at its next start.
      await refreshIntervalHours.setValue(0);
      await scheduleRefresh(db);
      await refreshIntervalHours.setValue(24);
      await ensureRefreshScheduled(db, new Date(Date.now() - 3_600_000).toISOString());
      const restarted = (await browser.alarms.get(REFRESH_ALARM))!.scheduledTime;
      expect((await getSnapshotInfo(db)).lastError?.nextTryAt).toBe(new Date(restarted).toISOString());
    });
  });

  it('a schedule turned off while the background was not running takes its retry back at the next start', async () => {
    await withSource(async (server) => {
      const handlers = createHandlers(db);
      server.routes.set('/kb/index.json', { status: 503 });
      await handlers.refresh();
      expect(await retryAlarms()).toHaveLength(1);
      // "Never", saved while no background ran to hear it: the next start finds the retry planned.
      await refreshIntervalHours.setValue(0);
      await ensureRefreshScheduled(db, new Date(Date.now() - 3_600_000).toISOString());
      expect(await browser.alarms.getAll()).toEqual([]);
      const failure = (await getSnapshotInfo(db)).lastError;
      expect(failure?.what).toMatch(/503/);
      expect(failure?.nextTryAt).toBeUndefined();
    });
  });
});

describe('the store deleted while the browser runs (the reader cleared the extension’s data, or DevTools deleted it)', () => {
  /** A store with a snapshot from a URL source, over an IndexedDB the test can delete it from. */
  async function filledStore(): Promise<{ store: MethodLensDb; deleteIt: () => Promise<void> }> {
    const indexedDB = new IDBFactory();
    const name = `handlers-deleted-${Math.random()}`;
    const store = openDb({ name, indexedDB, IDBKeyRange });
    await importDocuments(store, sampleSnapshot());
    await saveSnapshotSource(store, { kind: 'url', url: 'https://kb.example/snapshot/index.json' });
    const deleteIt = () =>
      new Promise<void>((resolve, reject) => {
        const deleting = indexedDB.deleteDatabase(name);
        deleting.onsuccess = () => resolve();
        deleting.onerror = () => reject(deleting.error);
      });
    return { store, deleteIt };
  }

  it('is filled again by the running background, as at a first start (its source went with it: the bundled snapshot), and open pages are told', async () => {
    stubFetch();
    try {
      const { store, deleteIt } = await filledStore();
      const handlers = createHandlers(store);
      handlers.fillWhenDeleted();
      await handlers.ensureSnapshot();
      const before = await getSnapshotKey(store);

      await deleteIt();
      // The snapshot is in the store a moment before it is announced to open pages.
      await vi.waitFor(async () => {
        expect((await getSnapshotInfo(store)).totals.methods).toBeGreaterThan(0);
        expect(await browser.storage.local.get(ACTIVE_SNAPSHOT_KEY)).toEqual({ [ACTIVE_SNAPSHOT_KEY]: await getSnapshotKey(store) });
      });
      const info = await getSnapshotInfo(store);
      expect({ source: info.source, lastError: info.lastError }).toEqual({ source: expect.stringMatching(/^chrome-extension:.*\/snapshot\/index\.json$/), lastError: null });
      expect(await getSnapshotKey(store)).not.toBe(before);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a card asked for by a page marked before (the background heard nothing of it, stopped at the time) shows the record', async () => {
    stubFetch();
    try {
      const { store, deleteIt } = await filledStore();
      await deleteIt();
      const card = await createHandlers(store).content.getCardModel({ methodId: 'awq' }, sender);
      expect(card?.name).toBe('AWQ');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('a page that finds the store empty wakes the background, which fills it', async () => {
    stubFetch();
    try {
      const { store, deleteIt } = await filledStore();
      await deleteIt();
      await createHandlers(store).page.wake({}, sender);
      expect((await getSnapshotInfo(store)).totals.methods).toBeGreaterThan(0);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
