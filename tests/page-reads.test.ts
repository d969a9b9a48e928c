/**
 * The reads an extension page makes of the store, by name, and how a Firefox private window's page makes
 * them through the background: each read's arguments checked where the background receives them, its
 * answers live over a port, and the read asked again once a suspended background starts anew.
 */
// Dexie's liveQuery runs its query only where IndexedDB exists.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing';
import { openDb, readMeta, type MethodLensDb } from '@/lib/store/db';
import { parsePageRead, runPageRead } from '@/lib/store/page-reads';
import { getMethodRecord, getSnapshotInfo } from '@/lib/store/read';
import { withPaperTitles } from '@/lib/store/entry-papers';
import { servePageReads } from '@/lib/background/serve-page-reads';
import { watchThroughBackground } from '@/lib/popup/store-reads';
import { BACKGROUND_STARTED, PAGE_READ_PORT } from '@/lib/messaging/protocol';
import { importDocuments } from './helpers/import-documents';
import { sampleSnapshot } from './helpers/sample-snapshot';

let db: MethodLensDb;

beforeEach(() => {
  fakeBrowser.reset();
  db = openDb({ name: `page-reads-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('parsePageRead', () => {
  it.each([
    ['a read with no arguments', { read: 'topics', args: [] }, { name: 'topics', args: [] }],
    ['a record by name', { read: 'methodRecord', args: ['QuIP#'] }, { name: 'methodRecord', args: ['QuIP#'] }],
    ['a search', { read: 'searchMethods', args: ['aw', 20] }, { name: 'searchMethods', args: ['aw', 20] }],
    ['methods by id', { read: 'methodsByIds', args: [['awq', 'gptq']] }, { name: 'methodsByIds', args: [['awq', 'gptq']] }],
  ])('takes %s', (_, message, expected) => {
    expect(parsePageRead(message)).toEqual(expected);
  });

  it.each([
    ['no envelope', 'topics', /not a Method Lens read/],
    ['extra fields', { read: 'topics', args: [], then: 1 }, /not a Method Lens read/],
    ['an unknown read', { read: 'deleteEverything', args: [] }, /unknown read "deleteEverything"/],
    ['a prototype key', { read: 'constructor', args: [] }, /unknown read "constructor"/],
    ['an argument too many', { read: 'topics', args: [1] }, /"topics" had invalid arguments/],
    ['a tab id that is no tab', { read: 'pageSummary', args: [-1] }, /"pageSummary" had invalid arguments/],
    ['an id that is no method id', { read: 'methodsByIds', args: [['<script>']] }, /"methodsByIds" had invalid arguments/],
    ['a search limit past the most shown', { read: 'searchMethods', args: ['aw', 10_000] }, /"searchMethods" had invalid arguments/],
    ['an arXiv id that is none', { read: 'keptScan', args: ['../../etc'] }, /"keptScan" had invalid arguments/],
  ])('refuses %s, saying why', (_, message, why) => {
    expect(parsePageRead(message)).toMatch(why);
  });
});

describe('runPageRead', () => {
  it('reads what the store’s own readers read: a record with its alternatives’ papers, the snapshot in use', async () => {
    expect(await runPageRead(db, 'activeSnapshotKey', [])).toBeNull();
    await importDocuments(db, sampleSnapshot());
    const found = (await getMethodRecord(db, 'awq'))!;
    expect(await runPageRead(db, 'methodRecord', ['awq'])).toEqual({ ...found, newerAlternatives: await withPaperTitles(db, found.newerAlternatives) });
    expect(await runPageRead(db, 'activeSnapshotKey', [])).toBe((await readMeta(db, 'active'))!.snapshotKey);
    const state = await runPageRead(db, 'refreshState', []);
    expect(state).toEqual({ info: await getSnapshotInfo(db), estimate: null, stoppedRun: null });
  });
});

/**
 * A port's two ends, as the browser connects them: what one end posts, the other hears a task later, unless
 * it has closed the port itself; closing one end is heard at the other.
 */
type Listener = (...args: unknown[]) => void;
interface FakePort {
  name: string;
  sender: { id?: string; url?: string };
  onMessage: { addListener(listener: Listener): void; removeListener(listener: Listener): void };
  onDisconnect: { addListener(listener: Listener): void; removeListener(listener: Listener): void };
  left: boolean;
  connected: boolean;
  other: FakePort;
  hear(message: unknown): void;
  postMessage(message: unknown): void;
  disconnect(): void;
  hearClosed(): void;
}

function portPair(sender: { id?: string; url?: string }) {
  const make = (name: string): FakePort => {
    const heard = new Set<Listener>();
    const closed = new Set<Listener>();
    const end: FakePort = {
      name,
      sender,
      onMessage: { addListener: (listener) => void heard.add(listener), removeListener: (listener) => void heard.delete(listener) },
      onDisconnect: { addListener: (listener) => void closed.add(listener), removeListener: (listener) => void closed.delete(listener) },
      /** This end closed the port. */
      left: false,
      /** Either end closed it. */
      connected: true,
      other: null as unknown as FakePort,
      hear(message: unknown) {
        if (!end.left) heard.forEach((listener) => listener(message, end));
      },
      postMessage(message: unknown) {
        if (end.left) throw new Error('Attempt to postMessage on disconnected port');
        const copy = structuredClone(message);
        setTimeout(() => end.other.hear(copy));
      },
      disconnect() {
        if (!end.connected) return;
        end.left = true;
        end.connected = false;
        end.other.connected = false;
        setTimeout(() => end.other.hearClosed());
      },
      hearClosed() {
        if (!end.left) closed.forEach((listener) => listener(end));
      },
    };
    return end;
  };
  const page = make(PAGE_READ_PORT);
  const background = make(PAGE_READ_PORT);
  page.other = background;
  background.other = page;
  return { page, background };
}

const OWN_PAGE = { id: 'test', url: 'chrome-extension://test/popup.html' };
const fromOwnPage = (port: { sender?: { url?: string } }) => port.sender?.url?.startsWith('chrome-extension://test/') ?? false;

/** What the page's end heard, as the page's reads hear it. */
function listen(port: FakePort) {
  const replies: unknown[] = [];
  port.onMessage.addListener((reply) => replies.push(reply));
  let closed = false;
  port.onDisconnect.addListener(() => (closed = true));
  return { replies, closed: () => closed };
}

describe('servePageReads', () => {
  it('answers a read of one of the extension’s pages, and again after each write that changes the answer, until the page closes the port', async () => {
    const { page, background } = portPair(OWN_PAGE);
    servePageReads(db, background as never, { fromOwnPage, log: () => undefined });
    const { replies } = listen(page);
    page.postMessage({ read: 'activeSnapshotKey', args: [] });
    await vi.waitFor(() => expect(replies).toEqual([{ ok: true, value: null }]));
    await importDocuments(db, sampleSnapshot());
    const key = (await readMeta(db, 'active'))!.snapshotKey;
    await vi.waitFor(() => expect(replies.at(-1)).toEqual({ ok: true, value: key }));

    const heard = replies.length;
    page.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await importDocuments(db, { ...sampleSnapshot(), generatedAt: '2026-08-01T00:00:00.000Z' });
    expect((await readMeta(db, 'active'))!.snapshotKey).not.toBe(key);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(replies).toHaveLength(heard);
  });

  it('answers one read a port: a second asked on it is not read', async () => {
    await importDocuments(db, sampleSnapshot());
    const { page, background } = portPair(OWN_PAGE);
    servePageReads(db, background as never, { fromOwnPage, log: () => undefined });
    const { replies } = listen(page);
    page.postMessage({ read: 'activeSnapshotKey', args: [] });
    page.postMessage({ read: 'topics', args: [] });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(replies).toEqual([{ ok: true, value: (await readMeta(db, 'active'))!.snapshotKey }]);
  });

  it('stops reading for a page whose port refuses an answer (closed there before the background heard so)', async () => {
    const { page, background } = portPair(OWN_PAGE);
    servePageReads(db, background as never, { fromOwnPage, log: () => undefined });
    const posted = vi.spyOn(background, 'postMessage').mockImplementation(() => {
      throw new Error('Attempt to postMessage on disconnected port');
    });
    page.postMessage({ read: 'activeSnapshotKey', args: [] });
    await vi.waitFor(() => expect(posted).toHaveBeenCalledOnce());
    await importDocuments(db, sampleSnapshot());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(posted).toHaveBeenCalledOnce();
  });

  it('refuses a port that no page of the extension opened (a content script, a web page): nothing is read, the port is closed', async () => {
    await importDocuments(db, sampleSnapshot());
    const { page, background } = portPair({ id: 'test', url: 'https://arxiv.org/abs/2306.00978' });
    const log = vi.fn();
    servePageReads(db, background as never, { fromOwnPage, log });
    const { replies, closed } = listen(page);
    await vi.waitFor(() => expect(closed()).toBe(true));
    expect(replies).toEqual([]);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/own pages/));
  });

  it('refuses a read it does not know, saying why, and closes the port', async () => {
    const { page, background } = portPair(OWN_PAGE);
    servePageReads(db, background as never, { fromOwnPage, log: () => undefined });
    const { replies, closed } = listen(page);
    page.postMessage({ read: 'methodRecord', args: [42] });
    await vi.waitFor(() => expect(closed()).toBe(true));
    expect(replies).toEqual([{ ok: false, error: expect.stringMatching(/^Refused: "methodRecord" had invalid arguments/) }]);
  });
});

describe('watchThroughBackground', () => {
  /** The background as the browser starts it: a port to each page that connects, served from `db`. */
  function startBackground() {
    const ports: ReturnType<typeof portPair>[] = [];
    vi.spyOn(browser.runtime, 'connect').mockImplementation(((info: { name: string }) => {
      expect(info.name).toBe(PAGE_READ_PORT);
      const pair = portPair(OWN_PAGE);
      ports.push(pair);
      servePageReads(db, pair.background as never, { fromOwnPage, log: () => undefined });
      return pair.page;
    }) as never);
    return ports;
  }

  it('keeps its answer while the background is suspended, and reads again once it starts anew', async () => {
    await importDocuments(db, sampleSnapshot());
    const ports = startBackground();
    const next = vi.fn();
    const error = vi.fn();
    const stop = watchThroughBackground('activeSnapshotKey', [], { next, error });
    const first = (await readMeta(db, 'active'))!.snapshotKey;
    await vi.waitFor(() => expect(next).toHaveBeenLastCalledWith(first));

    // Suspended: the background goes, and with it what it served; the page hears its port close.
    ports[0]!.background.hearClosed();
    ports[0]!.background.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(ports).toHaveLength(1);
    await importDocuments(db, { ...sampleSnapshot(), generatedAt: '2026-08-01T00:00:00.000Z' });
    const second = (await readMeta(db, 'active'))!.snapshotKey;
    // Another extension's message, or one that is not the background's start, changes nothing.
    await fakeBrowser.runtime.onMessage.trigger(BACKGROUND_STARTED, { id: 'other' });
    await fakeBrowser.runtime.onMessage.trigger({ ...BACKGROUND_STARTED, type: 'stopped' }, { id: browser.runtime.id });
    expect(ports).toHaveLength(1);
    expect(next).not.toHaveBeenCalledWith(second);

    await fakeBrowser.runtime.onMessage.trigger(BACKGROUND_STARTED, { id: browser.runtime.id });
    expect(ports).toHaveLength(2);
    await vi.waitFor(() => expect(next).toHaveBeenLastCalledWith(second));
    expect(error).not.toHaveBeenCalled();

    stop();
    expect(ports[1]!.page.connected).toBe(false);
  });

  it('says the background did not answer when the port closes before any answer, and asks no more', async () => {
    vi.spyOn(browser.runtime, 'connect').mockImplementation((() => {
      const { page, background } = portPair(OWN_PAGE);
      background.disconnect(); // no background to serve it
      return page;
    }) as never);
    const error = vi.fn();
    watchThroughBackground('topics', [], { next: () => undefined, error });
    await vi.waitFor(() => expect(error).toHaveBeenCalledOnce());
    expect((error.mock.calls[0]![0] as Error).message).toMatch(/^Method Lens’s background did not answer/);
    await fakeBrowser.runtime.onMessage.trigger(BACKGROUND_STARTED, { id: browser.runtime.id });
    expect(browser.runtime.connect).toHaveBeenCalledOnce();
  });

  it('ends with the background’s error, as a live query does, and is not asked again when it starts', async () => {
    const ports = startBackground();
    const next = vi.fn();
    const error = vi.fn();
    watchThroughBackground('methodRecord', [42 as never], { next, error });
    await vi.waitFor(() => expect(error).toHaveBeenCalledOnce());
    expect((error.mock.calls[0]![0] as Error).message).toMatch(/^Refused: "methodRecord" had invalid arguments/);
    await fakeBrowser.runtime.onMessage.trigger(BACKGROUND_STARTED, { id: browser.runtime.id });
    expect(ports).toHaveLength(1);
    expect(next).not.toHaveBeenCalled();
  });
});
