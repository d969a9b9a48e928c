// @vitest-environment happy-dom
/**
 * The popup's containers, reading a real store (fake-indexeddb, filled through the real refresh):
 * each view's loading, error and "nothing there" states, with the store's readers held back or
 * made to fail where a state needs it.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { render, type VNode } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import type { Snapshot } from '@/lib/snapshot/schema';
import { openDb, type MethodLensDb } from '@/lib/store/db';
import { getMethodRecord, getMethodsByIds, getSnapshotInfo, getTopicView, listTopics } from '@/lib/store/read';
import { refreshSnapshot } from '@/lib/sync/refresh';
import { bundledStore } from './helpers/bundled-store';
import { sampleSnapshot } from './helpers/sample-snapshot';

const store = vi.hoisted(() => ({ db: null as MethodLensDb | null }));
vi.mock('@/lib/popup/page-db', () => ({ pageDb: () => store.db! }));
vi.mock('@/lib/store/read', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/store/read')>();
  // The real readers, replaceable per test (mockReset brings the real one back).
  return {
    ...actual,
    getMethodRecord: vi.fn(actual.getMethodRecord),
    getTopicView: vi.fn(actual.getTopicView),
    listTopics: vi.fn(actual.listTopics),
    getSnapshotInfo: vi.fn(actual.getSnapshotInfo),
    getMethodsByIds: vi.fn(actual.getMethodsByIds),
  };
});
vi.mock('@/lib/popup/tab', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/popup/tab')>();
  return { ...actual, resolveTab: vi.fn(actual.resolveTab) };
});
const { resolveTab } = await import('@/lib/popup/tab');

const { MethodRecordContainer } = await import('@/components/popup/MethodRecordContainer');
const { TopicContainer } = await import('@/components/popup/TopicContainer');
const { SnapshotContainer } = await import('@/components/popup/SnapshotContainer');
const { SearchContainer } = await import('@/components/popup/SearchContainer');
const { RouteView } = await import('@/components/popup/RouteView');

/** A store filled by the real refresh from an in-memory snapshot. */
async function storeOf(snapshot: Snapshot): Promise<MethodLensDb> {
  const db = openDb({ name: `containers-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
  const { files } = await renderSnapshotFiles(snapshot);
  const fetchImpl = (async (input: string) => {
    const body = files.get(new URL(input).pathname.split('/').pop()!);
    return new Response(body ?? 'missing', { status: body ? 200 : 404 });
  }) as unknown as typeof fetch;
  const outcome = await refreshSnapshot({ db, indexUrl: 'https://kb.test/snapshot/index.json', fetchImpl });
  if (!outcome.ok) throw new Error(outcome.error.what);
  return db;
}

/** A store whose first filling failed: the host answered 503. */
async function failedStore(): Promise<MethodLensDb> {
  const failed = openDb({ name: `containers-failed-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
  const outcome = await refreshSnapshot({
    db: failed,
    indexUrl: 'https://kb.test/snapshot/index.json',
    fetchImpl: (async () => new Response('gone', { status: 503 })) as typeof fetch,
  });
  expect(outcome.ok).toBe(false);
  return failed;
}

let bundled: MethodLensDb;
let twoTopics: MethodLensDb;
let empty: MethodLensDb;
beforeAll(async () => {
  bundled = await bundledStore();
  twoTopics = await storeOf(sampleSnapshot());
  empty = openDb({ name: 'containers-empty', indexedDB: new IDBFactory(), IDBKeyRange });
});

let root: HTMLElement | null = null;
afterEach(() => {
  if (root) act(() => render(null, root!));
  root?.remove();
  root = null;
  fakeBrowser.reset();
  for (const reader of [getMethodRecord, getTopicView, listTopics, getSnapshotInfo, getMethodsByIds]) vi.mocked(reader).mockReset();
});

function mount(db: MethodLensDb, vnode: VNode): HTMLElement {
  store.db = db;
  root = document.createElement('div');
  document.body.append(root);
  act(() => render(vnode, root!));
  return root;
}

const never = () => new Promise<never>(() => {});
const closing = () => Promise.reject(new Error('The database connection is closing.'));
/** Waits for the live query's first answer to reach the DOM. */
const settle = (check: () => void) => vi.waitFor(check, { timeout: 5_000 });
const titles = (page: HTMLElement) => [...page.querySelectorAll('.state-title')].map((title) => title.textContent);

describe('method record container', () => {
  it('shows loading while the record is read', async () => {
    vi.mocked(getMethodRecord).mockImplementation(never);
    const page = mount(bundled, <MethodRecordContainer idOrName="awq" />);
    await settle(() => expect(getMethodRecord).toHaveBeenCalled());
    expect(page.querySelector('[aria-busy="true"]')?.textContent).toBe('Loading the record…');
    expect(page.querySelector('article.record')).toBeNull();
  });

  it('says the record could not be read, and why', async () => {
    vi.mocked(getMethodRecord).mockImplementation(closing);
    const page = mount(bundled, <MethodRecordContainer idOrName="awq" />);
    await settle(() => expect(page.querySelector('[role="alert"]')).not.toBeNull());
    expect(page.querySelector('[role="alert"]')!.textContent).toBe('The record could not be read.The database connection is closing.');
  });

  it('says a method is not in the snapshot, under the name asked for, with a search for it', async () => {
    const page = mount(bundled, <MethodRecordContainer idOrName="GPTQv9" />);
    await settle(() => expect(titles(page)).toEqual(['This method is not in the snapshot.']));
    expect(page.querySelector('h1')!.textContent).toBe('GPTQv9');
    expect(document.title).toBe('GPTQv9 — Method Lens');
    expect(page.querySelector('.state a')!.getAttribute('href')).toBe('popup.html?view=search&q=GPTQv9');
  });

  it('says the store is still empty, not that the method was renamed or removed, before a first snapshot is in', async () => {
    const page = mount(empty, <MethodRecordContainer idOrName="awq" />);
    await settle(() => expect(titles(page)).toEqual(['The snapshot is still being loaded.']));
    expect(page.querySelector('h1')!.textContent).toBe('awq');
  });

  it('says why no snapshot could be loaded, not that the method is missing from it', async () => {
    const page = mount(await failedStore(), <MethodRecordContainer idOrName="awq" />);
    await settle(() => expect(titles(page)).toEqual(['No snapshot could be loaded.']));
    expect(page.querySelector('.state-empty')!.textContent).toContain('The snapshot at https://kb.test/snapshot/index.json answered with HTTP 503.');
  });

  it('shows the record once it is read', async () => {
    const page = mount(bundled, <MethodRecordContainer idOrName="awq" />);
    await settle(() => expect(page.querySelector('article.record h1')?.textContent).toBe('AWQ'));
    expect(page.querySelector('.muted-note')).toBeNull();
    // Asked for by id, named as the KB names it once read: by the record's effect, which Preact runs
    // after the next frame, so later than the record's heading.
    await settle(() => expect(document.title).toBe('AWQ — Method Lens'));
  });

  it('gives each newer alternative’s paper title, as the KB lists it, under its name', async () => {
    const page = mount(bundled, <MethodRecordContainer idOrName="awq" />);
    const rows = () => [...page.querySelectorAll('.dated-list[aria-label="Newer alternatives to AWQ"] li')];
    await settle(() => expect(rows()).toHaveLength(10));
    const titled = rows().map((row) => [row.querySelector('a')?.textContent ?? null, row.querySelector('.dated-entry-paper')?.textContent ?? null]);
    // The seeds' words, exactly (002_…: "LFQLFQ: Logit-aware …LLMsMay 28, 2026").
    expect(titled.filter(([name]) => name !== null)).toEqual([
      ['LFQ', 'LFQ: Logit-aware Final-block Quantization for Boosting the Generation Quality of Low-Bit Quantized LLMs'],
      ['ADMM-Q', 'ADMM-Q: An Improved Hessian-based Weight Quantizer for Post-Training Quantization of Large Language Models'],
      ['Grouped Lattice Vector Quantization', 'Learning Grouped Lattice Vector Quantizers for Low-Bit LLM Compression'],
      ['Bi-VLM', 'Bi-VLM: Pushing Ultra-Low Precision Post-Training Quantization Boundaries in Vision-Language Models'],
    ]);
    // An entry the KB dates without naming has no paper to give.
    expect(titled.filter(([name]) => name === null).every(([, title]) => title === null)).toBe(true);
  });

  it('says a muted method is muted, and unmutes it in one press, keeping the others muted', async () => {
    await fakeBrowser.storage.local.set({ mutedMethods: ['gptq', 'awq'] });
    const page = mount(bundled, <MethodRecordContainer idOrName="AWQ" />);
    await settle(() => expect(page.querySelector('.muted-note p')?.textContent).toBe('You muted AWQ: it is never marked on pages.'));
    expect(page.querySelector('.muted-note button')?.textContent).toBe('Unmute AWQ');
    await act(async () => page.querySelector<HTMLButtonElement>('.muted-note button')!.click());
    await settle(() => expect(page.querySelector('.muted-note')).toBeNull());
    expect(await fakeBrowser.storage.local.get('mutedMethods')).toEqual({ mutedMethods: ['gptq'] });
    expect(document.activeElement).toBe(page.querySelector('#view-title'));
  });
});

describe('topic container', () => {
  it('shows loading while a named topic is read', async () => {
    vi.mocked(getTopicView).mockImplementation(never);
    const page = mount(bundled, <TopicContainer name="LLM quantization" />);
    await settle(() => expect(getTopicView).toHaveBeenCalled());
    expect(page.querySelector('[aria-busy="true"]')?.textContent).toBe('Loading the topic…');
  });

  it('says a topic could not be read, and why', async () => {
    vi.mocked(getTopicView).mockImplementation(closing);
    const page = mount(bundled, <TopicContainer name="LLM quantization" />);
    await settle(() => expect(page.querySelector('[role="alert"]')?.textContent).toBe('The topic could not be read.The database connection is closing.'));
  });

  it('says the snapshot has no topic of that name', async () => {
    const page = mount(bundled, <TopicContainer name="Protein folding" />);
    await settle(() => expect(titles(page)).toEqual(['The snapshot has no topic “Protein folding”.']));
  });

  it('opens the only topic when none is named', async () => {
    const page = mount(bundled, <TopicContainer name={null} />);
    await settle(() => expect(page.querySelector('h1')?.textContent).toBe('LLM quantization'));
    expect(page.querySelector('.ranking')).not.toBeNull();
  });

  it('gives each frontier method’s paper title, as the KB lists it, under its name', async () => {
    const page = mount(bundled, <TopicContainer name="LLM quantization" />);
    await settle(() => expect(page.querySelector('.dated-list')).not.toBeNull());
    const titled = [...page.querySelectorAll('.dated-list li')]
      .filter((row) => row.querySelector('a'))
      .map((row) => [row.querySelector('a')!.textContent, row.querySelector('.dated-entry-paper')?.textContent ?? null]);
    // The seeds' words, exactly (001_…: "FAIR-CalibFAIR-Calib: Frontier-Aware …Jun 4, 2026").
    expect(titled.slice(0, 2)).toEqual([
      ['FAIR-Calib', 'FAIR-Calib: Frontier-Aware Instability-Reweighted Calibration for Post-Training Quantization of Diffusion Large Language Models'],
      ['STaR-Quant', 'STaR-Quant: State-Time Consistent Post-Training Quantization for Diffusion Large Language Models'],
    ]);
  });

  it('lets the reader choose among several topics', async () => {
    const page = mount(twoTopics, <TopicContainer name={null} />);
    await settle(() => expect(page.querySelector('h1')?.textContent).toBe('Topics'));
    const rows = [...page.querySelectorAll('.topic-list-row')];
    expect(rows.map((row) => row.querySelector('a')!.textContent)).toEqual(['LLM quantization', 'Optimizers']);
    expect(rows.map((row) => row.querySelector('a')!.getAttribute('href'))).toEqual([
      'popup.html?topic=LLM+quantization',
      'popup.html?topic=Optimizers',
    ]);
    expect(rows[1]!.querySelector('.topic-list-facts')!.textContent).toBe('2 methods · updated Apr 20, 2025');
  });

  it('says so while the store is still empty', async () => {
    const page = mount(empty, <TopicContainer name={null} />);
    await settle(() => expect(titles(page)).toEqual(['The snapshot is still being loaded.']));
  });

  it('says why the store is still empty when filling it failed, not that it is loading', async () => {
    const page = mount(await failedStore(), <TopicContainer name={null} />);
    await settle(() => expect(titles(page)).toEqual(['No snapshot could be loaded.']));
    expect(page.querySelector('.state-empty')!.textContent).toContain('The snapshot at https://kb.test/snapshot/index.json answered with HTTP 503.');
  });

  it('says nothing of the empty store before its state is read: not first that it is still being loaded, then that it failed', async () => {
    const failed = await failedStore();
    vi.mocked(getSnapshotInfo).mockImplementation(never);
    const page = mount(failed, <TopicContainer name={null} />);
    await settle(() => expect(getSnapshotInfo).toHaveBeenCalled());
    expect(titles(page)).toEqual([]);
    expect(page.querySelector('[aria-busy="true"]')?.textContent).toBe('Loading the snapshot’s state…');
  });

  it('links the Snapshot tab and Options it names, where the reader can try again or choose another source', async () => {
    const openOptions = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    const page = mount(await failedStore(), <TopicContainer name={null} />);
    await settle(() => expect(titles(page)).toEqual(['No snapshot could be loaded.']));
    const note = [...page.querySelectorAll('.state-empty p')].at(-1)!;
    expect(note.textContent).toBe('The Snapshot tab can try again; Options can choose another source.');
    const links = [...note.querySelectorAll('a')];
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['The Snapshot tab', 'popup.html?view=snapshot'],
      ['Options', fakeBrowser.runtime.getURL('/options.html')],
    ]);
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0 });
    act(() => void links[1]!.dispatchEvent(click));
    expect(openOptions).toHaveBeenCalledOnce();
    // Opened as the browser opens its options (a tab of its own, or the one already open), not followed here.
    expect(click.defaultPrevented).toBe(true);
  });

  it('titles the Topic view in an empty store, for a screen reader and for the focus Try again moves', async () => {
    vi.mocked(getSnapshotInfo).mockImplementation(closing);
    const page = mount(empty, <RouteView route={{ view: 'topic', name: null }} />);
    await settle(() => expect(page.querySelector('[role="alert"]')).not.toBeNull());
    expect(page.querySelector('h1')?.textContent).toBe('Topics');
    vi.mocked(getSnapshotInfo).mockReset();
    act(() => [...page.querySelectorAll('button')].find((button) => button.textContent === 'Try again')!.click());
    await settle(() => expect(titles(page)).toEqual(['The snapshot is still being loaded.']));
    expect(document.activeElement).toBe(page.querySelector('#view-title'));
    expect(page.querySelector('section.view')?.getAttribute('aria-labelledby')).toBe('view-title');
  });

  it('says a topic asked for by name cannot be found while the store is empty, under its name', async () => {
    const page = mount(empty, <TopicContainer name="LLM quantization" />);
    await settle(() => expect(titles(page)).toEqual(['The snapshot is still being loaded.']));
    expect(page.querySelector('h1')?.textContent).toBe('LLM quantization');
  });

  it('titles a topic the snapshot does not have with the name asked for', async () => {
    const page = mount(bundled, <TopicContainer name="Protein folding" />);
    await settle(() => expect(titles(page)).toEqual(['The snapshot has no topic “Protein folding”.']));
    expect(page.querySelector('h1')?.textContent).toBe('Protein folding');
  });

  it('says the snapshot’s state could not be read, and why, in an empty store, not that it is still being loaded', async () => {
    vi.mocked(getSnapshotInfo).mockImplementation(closing);
    const page = mount(empty, <TopicContainer name={null} />);
    await settle(() => expect(page.querySelector('[role="alert"]')?.textContent).toBe('The snapshot’s state could not be read.The database connection is closing.'));
    expect(titles(page)).not.toContain('The snapshot is still being loaded.');
  });

  it('shows loading and read failures of the topic list', async () => {
    vi.mocked(listTopics).mockImplementation(never);
    const waiting = mount(twoTopics, <TopicContainer name={null} />);
    await settle(() => expect(listTopics).toHaveBeenCalled());
    expect(waiting.querySelector('[aria-busy="true"]')?.textContent).toBe('Loading the topics…');
    act(() => render(null, root!));
    vi.mocked(listTopics).mockImplementation(closing);
    const failed = mount(twoTopics, <TopicContainer name={null} />);
    await settle(() => expect(failed.querySelector('[role="alert"]')?.textContent).toBe('The topics could not be read.The database connection is closing.'));
  });
});

describe('reading again after a failed read', () => {
  const tryAgain = (page: HTMLElement) => [...page.querySelectorAll('button')].find((button) => button.textContent === 'Try again');

  it.each([
    ['a record', { view: 'method', idOrName: 'awq' }, getMethodRecord, 'The record could not be read.', (page: HTMLElement) => page.querySelector('h1')?.textContent === 'AWQ'],
    ['a topic', { view: 'topic', name: 'LLM quantization' }, getTopicView, 'The topic could not be read.', (page: HTMLElement) => page.querySelector('.ranking') !== null],
    ['the topic list', { view: 'topic', name: null }, listTopics, 'The topics could not be read.', (page: HTMLElement) => page.querySelector('.ranking') !== null],
  ] as const)('offers Try again for %s, which reads it afresh, focus on the view once shown', async (_what, route, reader, title, shown) => {
    vi.mocked(reader).mockImplementation(closing);
    const page = mount(bundled, <RouteView route={route} />);
    await settle(() => expect(page.querySelector('[role="alert"]')?.textContent).toBe(`${title}The database connection is closing.`));
    const button = tryAgain(page);
    expect(button).toBeDefined();
    expect(page.querySelector('[role="alert"]')!.contains(button!)).toBe(false);
    vi.mocked(reader).mockReset();
    button!.focus();
    act(() => button!.click());
    await settle(() => expect(shown(page)).toBe(true));
    expect(page.querySelector('[role="alert"]')).toBeNull();
    expect(document.activeElement).toBe(page.querySelector('#view-title'));
  });

  it.each([
    ['a record', { view: 'method', idOrName: 'awq' }, getMethodRecord, 'awq'],
    ['a topic', { view: 'topic', name: 'LLM quantization' }, getTopicView, 'LLM quantization'],
    ['the topic list', { view: 'topic', name: null }, listTopics, 'Topics'],
    ['the snapshot', { view: 'snapshot' }, getSnapshotInfo, 'Snapshot'],
  ] as const)('says %s could not be read under the view’s title, which names the view for a screen reader', async (_what, route, reader, viewTitle) => {
    vi.mocked(reader).mockImplementation(closing);
    const page = mount(bundled, <RouteView route={route} />);
    await settle(() => expect(page.querySelector('[role="alert"]')).not.toBeNull());
    const view = page.querySelector('[role="alert"]')!.closest('[aria-labelledby="view-title"]');
    expect(view?.querySelector('h1#view-title')?.textContent).toBe(viewTitle);
  });

  it('offers Try again where the state of an empty store could not be read', async () => {
    vi.mocked(getSnapshotInfo).mockImplementation(closing);
    const page = mount(empty, <RouteView route={{ view: 'topic', name: null }} />);
    await settle(() => expect(page.querySelector('[role="alert"]')?.textContent).toBe('The snapshot’s state could not be read.The database connection is closing.'));
    vi.mocked(getSnapshotInfo).mockReset();
    act(() => tryAgain(page)!.click());
    await settle(() => expect(titles(page)).toEqual(['The snapshot is still being loaded.']));
  });

  it('puts the focus on the next Try again where the read fails again in a view titled before its data is read', async () => {
    // This page shows its title at once, and reads the tab's methods after.
    vi.mocked(resolveTab).mockImplementation(closing);
    const page = mount(bundled, <RouteView route={{ view: 'page', tabId: null }} />);
    await settle(() => expect(page.querySelector('[role="alert"]')).not.toBeNull());
    const calls = vi.mocked(resolveTab).mock.calls.length;
    const first = tryAgain(page)!;
    first.focus();
    act(() => first.click());
    await settle(() => expect(vi.mocked(resolveTab).mock.calls.length).toBeGreaterThan(calls));
    await settle(() => expect(page.querySelector('[role="alert"]')).not.toBeNull());
    expect((document.activeElement as HTMLElement | null)?.textContent).toBe('Try again');
  });
});

describe('search container', () => {
  const typed = async (page: HTMLElement, query: string) => {
    const box = page.querySelector<HTMLInputElement>('input[role="combobox"]')!;
    await act(async () => {
      box.value = query;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
  };

  it('says nothing starts so when the snapshot has no such name', async () => {
    const page = mount(bundled, <SearchContainer initialQuery="" />);
    await typed(page, 'zzq');
    await settle(() => expect(page.querySelector('.combobox-empty')!.textContent).toBe('No method or alias starts with “zzq”.'));
    expect(page.querySelector('.state')).toBeNull();
  });

  it('finds a method by a word inside its name or alias when none starts with what was typed, and says so, heard once the typing stops', async () => {
    const page = mount(bundled, <SearchContainer initialQuery="" />);
    await typed(page, 'hadamard');
    await settle(() => expect([...page.querySelectorAll('.combobox-name')].map((name) => name.textContent)).toEqual(['TAH-Quant (as Tile-wise Adaptive Hadamard Quantization)']));
    expect(page.querySelector('.combobox-by-word')!.textContent).toBe('No method or alias starts with “hadamard”; a word in each of these does.');
    expect(page.querySelector('.combobox-empty')!.textContent).toBe('');
    await settle(() => expect(page.querySelector('[role="status"]')!.textContent).toBe('No method or alias starts with “hadamard”; a word in each of these does.'));
    // Where a name starts with it, only those, and no note.
    await typed(page, 'tah');
    await settle(() => expect([...page.querySelectorAll('.combobox-name')].map((name) => name.textContent)).toEqual(['TAH-Quant']));
    expect(page.querySelector('.combobox-by-word')!.textContent).toBe('');
    expect(page.querySelector('[role="status"]')!.textContent).toBe('');
  });

  it('says no snapshot could be loaded, and why, rather than that no method starts with what was typed', async () => {
    const page = mount(await failedStore(), <SearchContainer initialQuery="" />);
    await typed(page, 'awq');
    await settle(() => expect(titles(page)).toEqual(['No snapshot could be loaded.']));
    expect(page.querySelector('.state-empty')!.textContent).toContain('answered with HTTP 503.');
    expect(page.querySelector('.combobox-empty')!.textContent).not.toContain('No method or alias starts with');
  });
});

describe('selection container (a sentence looked up from the context menu)', () => {
  const rows = (page: HTMLElement) =>
    [...page.querySelectorAll('.method-row')].map((row) => `${row.querySelector('a')!.textContent} → ${row.querySelector('a')!.getAttribute('href')} | ${row.querySelector('.method-row-facts > span')!.textContent}`);

  it('lists the methods the words name, most superseded first, each leading to its record', async () => {
    const route = { view: 'selection', mentions: [{ methodId: 'gptq', count: 3 }, { methodId: 'smoothquant', count: 2 }, { methodId: 'awq', count: 1 }] } as const;
    const page = mount(bundled, <RouteView route={{ ...route, mentions: [...route.mentions] }} />);
    await settle(() => expect(page.querySelectorAll('.method-row')).toHaveLength(3));
    expect(page.querySelector('h1')!.textContent).toBe('Your selection');
    expect(page.querySelector('.summary-line')!.textContent).toBe('3 methods: 1 heavily superseded');
    // AWQ has a status; GPTQ is beaten by 28 papers, SmoothQuant by 9.
    // Counted in the words looked up, not on the page.
    expect(rows(page)).toEqual([
      'AWQ → popup.html?method=awq | 1 mention in your selection',
      'GPTQ → popup.html?method=gptq | 3 mentions in your selection',
      'SmoothQuant → popup.html?method=smoothquant | 2 mentions in your selection',
    ]);
    expect(page.querySelector('ul.method-list')!.getAttribute('aria-label')).toBe('Methods in your selection');
    expect(page.querySelector('.note')).toBeNull();
    expect(document.title).toBe('Your selection — Method Lens');
  });

  it('says under which other names the words named a method, and only its own names and aliases', async () => {
    const route = {
      view: 'selection',
      mentions: [
        { methodId: 'grouped-lattice-vector-quantization', count: 2, names: ['GLVQ', 'Grouped Lattice Vector Quantization'] },
        { methodId: 'tah-quant', count: 1, names: ['Tile-wise Adaptive Hadamard Quantization'] },
        // An address typed by hand: no method goes by these.
        { methodId: 'awq', count: 1, names: ['AWQ', 'Click here to update'] },
        { methodId: 'gptq', count: 1, names: ['AWQ'] },
      ],
    } as const;
    const page = mount(bundled, <RouteView route={{ ...route, mentions: route.mentions.map((mention) => ({ ...mention, names: [...mention.names] })) }} />);
    await settle(() => expect(page.querySelectorAll('.method-row')).toHaveLength(4));
    const facts = Object.fromEntries(
      [...page.querySelectorAll('.method-row')].map((row) => [row.querySelector('a')!.textContent, row.querySelector('.method-row-facts span')!.textContent]),
    );
    expect(facts).toEqual({
      AWQ: '1 mention in your selection',
      GPTQ: '1 mention in your selection',
      'Grouped Lattice Vector Quantization': '2 mentions in your selection, also as “GLVQ”',
      'TAH-Quant': '1 mention in your selection, as “Tile-wise Adaptive Hadamard Quantization”',
    });
  });

  it('says how many it named are gone from the snapshot since, and plainly when all are', async () => {
    const page = mount(bundled, <RouteView route={{ view: 'selection', mentions: [{ methodId: 'awq', count: 2 }, { methodId: 'gone-since', count: 1 }, { methodId: 'also-gone', count: 1 }] }} />);
    await settle(() => expect(page.querySelectorAll('.method-row')).toHaveLength(1));
    expect(page.querySelector('.note')!.textContent).toBe('2 methods it named are no longer in the snapshot.');
    act(() => render(null, root!));
    const none = mount(bundled, <RouteView route={{ view: 'selection', mentions: [{ methodId: 'gone-since', count: 1 }] }} />);
    await settle(() => expect(titles(none)).toEqual(['None of the methods it named is in the snapshot now.']));
  });

  it('says the methods could not be read, and why', async () => {
    vi.mocked(getMethodsByIds).mockImplementation(closing);
    const page = mount(bundled, <RouteView route={{ view: 'selection', mentions: [{ methodId: 'awq', count: 1 }] }} />);
    expect(page.querySelector('[aria-busy="true"]')?.textContent).toBe('Loading the methods it names…');
    await settle(() => expect(page.querySelector('[role="alert"]')?.textContent).toBe('Could not read the methods it names.The database connection is closing.'));
  });
});

describe('snapshot container', () => {
  it('shows loading while the snapshot’s state is read', async () => {
    vi.mocked(getSnapshotInfo).mockImplementation(never);
    const page = mount(bundled, <SnapshotContainer />);
    await settle(() => expect(getSnapshotInfo).toHaveBeenCalled());
    expect(page.querySelector('[aria-busy="true"]')?.textContent).toBe('Loading the snapshot’s state…');
    expect(page.querySelector('button')).toBeNull();
  });

  it('says the snapshot’s state could not be read, and why', async () => {
    vi.mocked(getSnapshotInfo).mockImplementation(closing);
    const page = mount(bundled, <SnapshotContainer />);
    await settle(() =>
      expect(page.querySelector('[role="alert"]')?.textContent).toBe('The snapshot’s state could not be read.The database connection is closing.'),
    );
  });

  it('offers to read the snapshot’s state again after a failed read, and shows it once read, focus on the view', async () => {
    vi.mocked(getSnapshotInfo).mockImplementation(closing);
    const page = mount(bundled, <RouteView route={{ view: 'snapshot' }} />);
    await settle(() => expect(page.querySelector('[role="alert"]')).not.toBeNull());
    const tryAgain = [...page.querySelectorAll('button')].find((button) => button.textContent === 'Try again');
    expect(tryAgain).toBeDefined();
    // Said outside the alert: what is announced is the failure, not the control.
    expect(page.querySelector('[role="alert"]')!.contains(tryAgain!)).toBe(false);
    // The store reads again (a connection closed by an update, a moment's fault).
    vi.mocked(getSnapshotInfo).mockReset();
    tryAgain!.focus();
    act(() => tryAgain!.click());
    await settle(() => expect(page.querySelector('[role="status"]')?.textContent).toMatch(/^New snapshot loaded .* · 40 methods$/));
    expect(page.querySelector('[role="alert"]')).toBeNull();
    // The button pressed is gone with the failure: focus goes to the view that took its place, not to the page.
    expect(document.activeElement).toBe(page.querySelector('#view-title'));
  });

  it('keeps offering to read again while the read still fails, focus staying on Try again', async () => {
    vi.mocked(getSnapshotInfo).mockImplementation(closing);
    const page = mount(bundled, <RouteView route={{ view: 'snapshot' }} />);
    await settle(() => expect(page.querySelector('[role="alert"]')).not.toBeNull());
    const calls = vi.mocked(getSnapshotInfo).mock.calls.length;
    const first = [...page.querySelectorAll('button')].find((button) => button.textContent === 'Try again')!;
    first.focus();
    act(() => first.click());
    await settle(() => expect(vi.mocked(getSnapshotInfo).mock.calls.length).toBeGreaterThan(calls));
    await settle(() => expect(page.querySelector('[role="alert"]')?.textContent).toBe('The snapshot’s state could not be read.The database connection is closing.'));
    expect((document.activeElement as HTMLElement | null)?.textContent).toBe('Try again');
  });

  it('shows the snapshot and its last refresh once read', async () => {
    const page = mount(bundled, <SnapshotContainer />);
    await settle(() => expect(page.querySelector('[role="status"]')?.textContent).toMatch(/^New snapshot loaded .* · 40 methods$/));
    expect(page.querySelector('.facts-wide')!.textContent).toContain('40 methods, 12 critiques quoted, 24 head-to-head results');
  });
});
