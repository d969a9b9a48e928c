// @vitest-environment happy-dom
/**
 * The refresh state on an open popup or options page: the snapshot view over the bundled store, with
 * the progress record a refresh leaves, whether its worker still runs or not.
 */
import 'fake-indexeddb/auto';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { PROGRESS_STALE_AFTER_MS, openDb, type MethodLensDb, type RefreshProgress } from '@/lib/store/db';
import { getSnapshotInfo } from '@/lib/store/read';
import { clearProgress, recordSuccess, saveProgress, settleCutOff } from '@/lib/store/status';
import { bundledStore } from './helpers/bundled-store';

const store = vi.hoisted(() => ({ db: null as MethodLensDb | null }));
vi.mock('@/lib/popup/page-db', () => ({ pageDb: () => store.db! }));
const sent = vi.hoisted(() => [] as string[]);
/** The background's answer to each kind of request (null when none is set). */
const answers = vi.hoisted(() => new Map<string, () => Promise<unknown>>());
vi.mock('@/lib/messaging/client', () => ({
  sendFromPage: async (type: string) => {
    sent.push(type);
    return (await answers.get(type)?.()) ?? null;
  },
}));
const { SnapshotContainer } = await import('@/components/popup/SnapshotContainer');
const { RunningRefresh } = await import('@/components/popup/RunningRefresh');

let root: HTMLElement | null = null;
beforeEach(async () => {
  store.db = await bundledStore();
  sent.length = 0;
  answers.clear();
});
afterEach(() => {
  if (root) act(() => render(null, root!));
  root?.remove();
  root = null;
});

function showSnapshot(): HTMLElement {
  root = document.createElement('div');
  document.body.append(root);
  act(() => render(<SnapshotContainer />, root!));
  return root;
}

const progress = (change: Partial<RefreshProgress>): RefreshProgress => ({
  runId: 'run',
  url: 'https://kb.test/snapshot/index.json',
  startedAt: new Date().toISOString(),
  updatedAt: new Date().toISOString(),
  phase: 'downloading',
  topic: 'LLM quantization',
  topicsDone: 0,
  topicsTotal: 1,
  bytes: 10_000,
  records: 0,
  ...change,
});

const refreshNow = (page: HTMLElement) => [...page.querySelectorAll('button')].find((button) => button.textContent === 'Refresh now');

it('stops showing a refresh as running once its heartbeat is a minute old, offers Refresh now again, and wakes the worker', async () => {
  // The worker's last heartbeat, 3 s short of a minute ago (room for a loaded machine to render the
  // view before it goes stale); the worker was stopped right after it.
  const beat = new Date(Date.now() - PROGRESS_STALE_AFTER_MS + 3_000).toISOString();
  await saveProgress(store.db!, progress({ runId: 'stopped', startedAt: beat, updatedAt: beat }));
  const page = showSnapshot();
  await vi.waitFor(() => expect(refreshNow(page)?.getAttribute('aria-disabled')).toBe('true'), { timeout: 3_000 });
  expect(page.querySelector('[role="status"]')?.textContent).toContain('Downloading LLM quantization');
  expect(sent).toEqual([]);
  await vi.waitFor(() => expect(refreshNow(page)?.getAttribute('aria-disabled')).toBe('false'), { timeout: 8_000 });
  expect((await getSnapshotInfo(store.db!)).progress).toBeNull();
  expect(page.querySelector('[role="status"]')?.textContent).not.toContain('Downloading');
  // Only a message starts a stopped worker, whose start claims the refresh it left (see handlers.test.ts).
  await vi.waitFor(() => expect(sent).toEqual(['wake']));
});

it('does not wake the worker for a refresh whose heartbeat is fresh', async () => {
  await saveProgress(store.db!, progress({ runId: 'running' }));
  const page = showSnapshot();
  await vi.waitFor(() => expect(page.querySelector('[role="status"]')?.textContent).toContain('Downloading LLM quantization'));
  await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
  expect(sent).toEqual([]);
});

it('shows the progress of a refresh saving a new topic named like an Object.prototype key', async () => {
  await saveProgress(store.db!, progress({ phase: 'saving', topic: 'constructor', topicsTotal: 2, records: 120 }));
  const page = showSnapshot();
  await vi.waitFor(() => expect(page.querySelector('.state-loading')).toBeNull(), { timeout: 5_000 });
  expect(page.querySelector('.state-error')).toBeNull();
  expect(page.querySelector('[role="status"]')?.textContent).toContain('Saving constructor (1 of 2) · 120 records');
});

const button = (page: HTMLElement, label: string) => [...page.querySelectorAll('button')].find((found) => found.textContent === label);

it('cancels a running refresh: Cancel refresh beside it, then "Refresh cancelled" over the outcome before it, and focus back on Refresh now', async () => {
  await saveProgress(store.db!, progress({ runId: 'running' }));
  // The background answers once the refresh has stopped and let go of the store.
  answers.set('cancelRefresh', async () => {
    await clearProgress(store.db!, 'running');
    return { ok: false, cancelled: true, error: { what: 'The refresh from https://kb.test/snapshot/index.json was cancelled.', url: 'https://kb.test/snapshot/index.json', at: new Date().toISOString() } };
  });
  const page = showSnapshot();
  await vi.waitFor(() => expect(button(page, 'Cancel refresh')).toBeDefined(), { timeout: 5_000 });
  expect(page.querySelector('[role="status"]')?.textContent).not.toContain('cancelled');
  act(() => {
    button(page, 'Cancel refresh')!.focus();
    button(page, 'Cancel refresh')!.click();
  });
  expect(sent).toEqual(['cancelRefresh']);
  await vi.waitFor(() => expect(page.querySelector('[role="status"]')?.textContent).toContain('Refresh cancelled: the snapshot in use was kept as it was.'));
  // The success before it stands, named as the last successful one (not as news beside the cancel).
  expect(page.querySelector('[role="status"]')?.textContent).toContain('Last successful refresh: new snapshot loaded');
  expect(button(page, 'Cancel refresh')).toBeUndefined();
  expect(refreshNow(page)?.getAttribute('aria-disabled')).toBe('false');
  await vi.waitFor(() => expect(document.activeElement).toBe(refreshNow(page)));
  // The next refresh, from anywhere, is news: the cancel is no longer said.
  await saveProgress(store.db!, progress({ runId: 'next' }));
  await vi.waitFor(() => expect(page.querySelector('[role="status"]')?.textContent).toContain('Downloading LLM quantization'));
  await clearProgress(store.db!, 'next');
  await vi.waitFor(() => expect(refreshNow(page)?.getAttribute('aria-disabled')).toBe('false'));
  expect(page.querySelector('[role="status"]')?.textContent).not.toContain('cancelled');
});

it('says nothing was cancelled when the refresh was past its switch to the new snapshot', async () => {
  await saveProgress(store.db!, progress({ runId: 'running', phase: 'cleaning up' }));
  answers.set('cancelRefresh', async () => {
    await clearProgress(store.db!, 'running');
    return { at: new Date().toISOString(), ok: true, outcome: 'updated', topicsChanged: 1, methods: 44 };
  });
  const page = showSnapshot();
  await vi.waitFor(() => expect(button(page, 'Cancel refresh')).toBeDefined(), { timeout: 5_000 });
  act(() => button(page, 'Cancel refresh')!.click());
  await vi.waitFor(() => expect(refreshNow(page)?.getAttribute('aria-disabled')).toBe('false'));
  await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
  expect(page.querySelector('[role="status"]')?.textContent).not.toContain('cancelled');
});

it('the pill on the other views has its Cancel too, says "Refresh cancelled" after, and keeps the focus it had', async () => {
  const { RunningRefresh } = await import('@/components/popup/RunningRefresh');
  await saveProgress(store.db!, progress({ runId: 'running' }));
  answers.set('cancelRefresh', async () => {
    await clearProgress(store.db!, 'running');
    return { ok: false, cancelled: true, error: { what: 'cancelled', url: 'https://kb.test/snapshot/index.json', at: new Date().toISOString() } };
  });
  root = document.createElement('div');
  document.body.append(root);
  act(() => render(<RunningRefresh />, root!));
  const page = root;
  await vi.waitFor(() => expect(page.textContent).toContain('Refreshing'), { timeout: 5_000 });
  const cancel = page.querySelector<HTMLButtonElement>('button[aria-label="Cancel refresh"]')!;
  expect(cancel.textContent).toBe('Cancel');
  act(() => {
    cancel.focus();
    cancel.click();
  });
  await vi.waitFor(() => expect(page.querySelector('[role="status"]')?.textContent).toBe('Refresh cancelled'));
  expect(page.querySelector('button')).toBeNull();
  await vi.waitFor(() => expect(document.activeElement).toBe(page.querySelector('[role="status"]')));
});

it('keeps the pill and its Cancel, saying Cancelling, until the cancel is answered, though the progress is cleared first; focus then on "Refresh cancelled"', async () => {
  await saveProgress(store.db!, progress({ runId: 'running' }));
  // The refresh lets go of the store (its progress cleared) before the background's answer arrives.
  let answer!: (outcome: unknown) => void;
  answers.set('cancelRefresh', () => new Promise((resolve) => (answer = resolve)));
  root = document.createElement('div');
  document.body.append(root);
  // A control after the pill, as the popup's view tabs are.
  act(() =>
    render(
      <>
        <RunningRefresh />
        <button type="button">This page</button>
      </>,
      root!,
    ),
  );
  const page = root;
  await vi.waitFor(() => expect(page.textContent).toContain('Refreshing'), { timeout: 5_000 });
  act(() => {
    page.querySelector<HTMLButtonElement>('button[aria-label="Cancel refresh"]')!.focus();
    page.querySelector<HTMLButtonElement>('button[aria-label="Cancel refresh"]')!.click();
  });
  await clearProgress(store.db!, 'running');
  await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
  expect(page.textContent).toContain('Refreshing');
  const cancelling = page.querySelector<HTMLButtonElement>('button[aria-label="Cancelling the refresh…"]');
  expect(cancelling?.textContent).toBe('Cancelling…');
  expect(document.activeElement).toBe(cancelling);
  await act(async () => answer({ ok: false, cancelled: true, error: { what: 'cancelled', url: 'https://kb.test/snapshot/index.json', at: new Date().toISOString() } }));
  await vi.waitFor(() => expect(page.querySelector('[role="status"]')?.textContent).toBe('Refresh cancelled'));
  await vi.waitFor(() => expect(document.activeElement).toBe(page.querySelector('[role="status"]')));
});

/** Chrome's words when the worker that was to answer a message is stopped first. */
const CHANNEL_CLOSED = 'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received';

it('says nothing of a refresh that could not be started when the browser stopped the worker running it (the store says how it ends)', async () => {
  answers.set('startRefresh', async () => {
    await saveProgress(store.db!, progress({ runId: 'cut-off', phase: 'checking', topic: null }));
    throw new Error(CHANNEL_CLOSED);
  });
  const page = showSnapshot();
  await vi.waitFor(() => expect(refreshNow(page)).toBeDefined(), { timeout: 5_000 });
  act(() => refreshNow(page)!.click());
  await vi.waitFor(() => expect(sent).toContain('startRefresh'));
  await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
  await act(() => store.db!.meta.delete('progress'));
  await vi.waitFor(() => expect(page.querySelector('[role="status"]')?.textContent).not.toContain('Checking'));
  await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
  expect(page.querySelector('[role="status"]')?.textContent).not.toMatch(/could not be started|message channel/);
});

it('says a refresh could not be started when the background did not take it up', async () => {
  // The client's words for a message the browser could not deliver (see messaging-client.test.ts).
  answers.set('startRefresh', async () => {
    throw new Error('Method Lens’s background did not answer: try again; if it keeps failing, restart the browser.');
  });
  const page = showSnapshot();
  await vi.waitFor(() => expect(refreshNow(page)).toBeDefined(), { timeout: 5_000 });
  act(() => refreshNow(page)!.click());
  await vi.waitFor(() =>
    expect(page.querySelector('[role="status"]')?.textContent).toContain(
      'The refresh could not be started: Method Lens’s background did not answer: try again; if it keeps failing, restart the browser.',
    ),
  );
});

it('no longer says a refresh could not be started once a later one has run and ended (the schedule, another page)', async () => {
  answers.set('startRefresh', async () => {
    throw new Error('Method Lens’s background did not answer: try again; if it keeps failing, restart the browser.');
  });
  const page = showSnapshot();
  await vi.waitFor(() => expect(refreshNow(page)).toBeDefined(), { timeout: 5_000 });
  act(() => refreshNow(page)!.click());
  await vi.waitFor(() => expect(page.querySelector('[role="status"]')?.textContent).toContain('The refresh could not be started'));
  // The background, back, runs a refresh of its own, which ends well after the failed request.
  await saveProgress(store.db!, progress({ runId: 'scheduled' }));
  await vi.waitFor(() => expect(page.querySelector('[role="status"]')?.textContent).toContain('Downloading LLM quantization'));
  await recordSuccess(store.db!, { at: new Date(Date.now() + 1_000).toISOString(), ok: true, outcome: 'up to date', topicsChanged: 0, methods: 40 });
  await clearProgress(store.db!, 'scheduled');
  await vi.waitFor(() => expect(page.querySelector('[role="status"]')?.textContent).toMatch(/^Up to date \(checked/));
  expect(page.querySelector('[role="status"]')?.textContent).not.toContain('could not be started');
});

it('says a cancel that could not be asked for only beside the refresh it was for, not beside the next one', async () => {
  await saveProgress(store.db!, progress({ runId: 'first' }));
  answers.set('cancelRefresh', async () => {
    throw new Error('Method Lens’s background did not answer: try again; if it keeps failing, restart the browser.');
  });
  const page = showSnapshot();
  await vi.waitFor(() => expect(button(page, 'Cancel refresh')).toBeDefined(), { timeout: 5_000 });
  act(() => button(page, 'Cancel refresh')!.click());
  await vi.waitFor(() => expect(page.querySelector('[role="status"]')?.textContent).toContain('The refresh could not be cancelled'));
  await clearProgress(store.db!, 'first');
  await vi.waitFor(() => expect(refreshNow(page)?.getAttribute('aria-disabled')).toBe('false'));
  // The next refresh, from anywhere.
  await saveProgress(store.db!, progress({ runId: 'second' }));
  await vi.waitFor(() => expect(page.querySelector('[role="status"]')?.textContent).toContain('Downloading LLM quantization'));
  expect(page.querySelector('[role="status"]')?.textContent).not.toContain('could not be cancelled');
});

it('offers no Cancel for the first filling of an empty store: there is no snapshot in use to keep', async () => {
  store.db = openDb({ name: `empty-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
  await saveProgress(store.db, progress({ runId: 'first' }));
  root = document.createElement('div');
  document.body.append(root);
  act(() => render(<RunningRefresh />, root!));
  await vi.waitFor(() => expect(root!.textContent).toContain('Refreshing'), { timeout: 5_000 });
  expect(root.querySelector('button')).toBeNull();
  // With a snapshot in use, the same refresh has its Cancel.
  act(() => render(null, root!));
  store.db = await bundledStore();
  await saveProgress(store.db, progress({ runId: 'next' }));
  act(() => render(<RunningRefresh />, root!));
  await vi.waitFor(() => expect(root!.querySelector('button')?.textContent).toBe('Cancel'), { timeout: 5_000 });
});

describe('a refresh cut off by a stopped worker and cancelled by the reader: only the later of the two outcomes is said', () => {
  const cancelledAnswer = (at: Date) => ({ ok: false, cancelled: true, error: { what: 'cancelled', url: 'https://kb.test/snapshot/index.json', at: at.toISOString() } });
  const status = (page: HTMLElement) => page.querySelector('.refresh-status [role="status"]')?.textContent ?? '';

  it('the cut-off recorded first, then the refresh run again cancelled: "Refresh cancelled" alone', async () => {
    // The worker's start recorded the cut-off and ran the refresh again; the reader cancels that run.
    await settleCutOff(store.db!, progress({ runId: 'stopped' }), false, new Date(Date.now() - 2_000));
    await saveProgress(store.db!, progress({ runId: 'again' }));
    answers.set('cancelRefresh', async () => {
      await clearProgress(store.db!, 'again');
      return cancelledAnswer(new Date());
    });
    const page = showSnapshot();
    await vi.waitFor(() => expect(button(page, 'Cancel refresh')).toBeDefined(), { timeout: 5_000 });
    act(() => button(page, 'Cancel refresh')!.click());
    await vi.waitFor(() => expect(status(page)).toContain('Refresh cancelled: the snapshot in use was kept as it was.'));
    expect(status(page)).not.toMatch(/stopped the extension|failed/);
    expect(page.querySelector('.refresh-status')?.getAttribute('data-state')).toBe('idle');
  });

  it('the cancel answered first, then the cut-off recorded: the failure alone', async () => {
    await saveProgress(store.db!, progress({ runId: 'running' }));
    answers.set('cancelRefresh', async () => cancelledAnswer(new Date()));
    const page = showSnapshot();
    await vi.waitFor(() => expect(button(page, 'Cancel refresh')).toBeDefined(), { timeout: 5_000 });
    act(() => button(page, 'Cancel refresh')!.click());
    // The next start claims the same refresh and records it as cut off, after the cancel's answer.
    await act(() => settleCutOff(store.db!, progress({ runId: 'running' }), false, new Date(Date.now() + 1_000)));
    await vi.waitFor(() => expect(status(page)).toContain('The browser stopped the extension’s background before the refresh could finish.'));
    expect(status(page)).not.toContain('cancelled');
  });

  it('the pill says "Refresh cancelled" only until a later outcome is recorded', async () => {
    await saveProgress(store.db!, progress({ runId: 'running' }));
    answers.set('cancelRefresh', async () => {
      await clearProgress(store.db!, 'running');
      return cancelledAnswer(new Date());
    });
    root = document.createElement('div');
    document.body.append(root);
    act(() => render(<RunningRefresh />, root!));
    const page = root;
    await vi.waitFor(() => expect(page.querySelector('button[aria-label="Cancel refresh"]')).not.toBeNull(), { timeout: 5_000 });
    act(() => page.querySelector<HTMLButtonElement>('button[aria-label="Cancel refresh"]')!.click());
    await vi.waitFor(() => expect(page.textContent).toBe('Refresh cancelled'));
    await act(() => settleCutOff(store.db!, progress({ runId: 'running' }), false, new Date(Date.now() + 1_000)));
    await vi.waitFor(() => expect(page.textContent).toBe(''));
  });
});
