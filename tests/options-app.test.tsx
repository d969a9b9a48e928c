// @vitest-environment happy-dom
/**
 * The options page as a whole: each section wired to its stored setting (WXT's fake browser storage)
 * and to a real store (fake-indexeddb holding the bundled snapshot, where the snapshot source is kept):
 * values shown as stored, changes stored (the source through the background, stood in for here by
 * what its handler first does: saving it), the refresh state told apart while loading or failing, and
 * muted methods named at once.
 */
import 'fake-indexeddb/auto';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { openDb, type MethodLensDb } from '@/lib/store/db';
import { getMethodsByIds, getSnapshotInfo, searchMethods } from '@/lib/store/read';
import { BUNDLED_SOURCE, readSnapshotSource, saveSnapshotSource, type SnapshotSource } from '@/lib/store/source';
import { sendFromPage } from '@/lib/messaging/client';
import { refreshSnapshot } from '@/lib/sync/refresh';
import { bundledStore } from './helpers/bundled-store';

const store = vi.hoisted(() => ({ db: null as MethodLensDb | null }));
vi.mock('@/lib/popup/page-db', () => ({ pageDb: () => store.db! }));
vi.mock('@/lib/messaging/client', async (importOriginal) => ({ ...(await importOriginal<object>()), sendFromPage: vi.fn() }));
/** The background's `setSnapshotSource`, without the refresh it starts. */
async function background(type: string, payload: unknown): Promise<unknown> {
  if (type !== 'setSnapshotSource') throw new Error(`No stand-in for ${type}`);
  await saveSnapshotSource(store.db!, (payload as { source: SnapshotSource }).source);
  return null;
}
vi.mock('@/lib/store/read', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/lib/store/read')>();
  // The real readers, replaceable per test (mockReset brings the real one back).
  return {
    ...actual,
    getSnapshotInfo: vi.fn(actual.getSnapshotInfo),
    getMethodsByIds: vi.fn(actual.getMethodsByIds),
    searchMethods: vi.fn(actual.searchMethods),
  };
});

const { OptionsApp } = await import('@/components/options/OptionsApp');

/** Where the background reads the bundled snapshot from: the extension's own address. */
const BUNDLED_INDEX = fakeBrowser.runtime.getURL('/snapshot/index.json');

beforeAll(async () => {
  store.db = await bundledStore(BUNDLED_INDEX);
});

let root: HTMLElement;
beforeEach(async () => {
  fakeBrowser.reset();
  await saveSnapshotSource(store.db!, BUNDLED_SOURCE);
  vi.mocked(sendFromPage).mockImplementation(background as never);
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
  for (const reader of [getSnapshotInfo, getMethodsByIds, searchMethods]) vi.mocked(reader).mockReset();
  vi.mocked(sendFromPage).mockReset();
});

const settle = (check: () => void) => vi.waitFor(check, { timeout: 5_000 });
const stored = async (key: string) => (await fakeBrowser.storage.local.get(key))[key];
const input = (selector: string) => root.querySelector<HTMLInputElement>(selector)!;
const checkbox = (label: string) =>
  [...root.querySelectorAll('label.check')].find((candidate) => candidate.textContent?.trim() === label)!.querySelector('input')!;
const mutedRows = () => [...root.querySelectorAll('.muted-row span')].map((span) => span.textContent);
const statusText = () => root.querySelector('[role="status"]')?.textContent;

function type(element: HTMLInputElement, value: string) {
  act(() => {
    element.value = value;
    element.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
function press(element: Element, key: string) {
  act(() => {
    element.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

describe('options page', () => {
  it('shows every setting as stored', async () => {
    await saveSnapshotSource(store.db!, { kind: 'url', url: 'https://kb.example/index.json' });
    await fakeBrowser.storage.local.set({
      refreshIntervalHours: 6,
      marksEnabled: false,
      siteSwitches: { arxiv: true, semanticScholar: false },
      mutedMethods: ['awq', 'retired-method'],
    });
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(mutedRows()).toEqual(['AWQ', 'retired-method (not in the current snapshot)']));
    // Chosen, but the store still holds the bundled snapshot: nothing has come from the URL yet. Whether
    // it is in use is known once the snapshot's state is read, a read of its own ("Source:" until then).
    await settle(() => expect(root.querySelector('.current-source')?.textContent).toBe('Chosen: https://kb.example/index.json'));
    expect(input('#source-url').value).toBe('https://kb.example/index.json');
    expect(root.querySelector('.source-pending')!.textContent).toBe(
      'No snapshot has been loaded from it yet; the one in use is the snapshot bundled with the extension.',
    );
    expect(root.querySelector<HTMLSelectElement>('#refresh-interval')!.value).toBe('6');
    expect(checkbox('Mark method names on paper pages').checked).toBe(false);
    expect(checkbox('arXiv').checked).toBe(true);
    expect(checkbox('Semantic Scholar').checked).toBe(false);
    expect(root.querySelector('fieldset')!.disabled).toBe(true);
    // The arXiv switch says it covers ar5iv too; Semantic Scholar's needs no such note.
    const note = root.querySelector(`#${checkbox('arXiv').getAttribute('aria-describedby')}`);
    expect(note?.textContent).toContain('arXiv includes ar5iv');
    expect(checkbox('Semantic Scholar').hasAttribute('aria-describedby')).toBe(false);
  });

  it('stores each change', async () => {
    act(() => render(<OptionsApp />, root));
    // The settings come from storage, the source section from the store, a read of its own that may come later.
    await settle(() => {
      expect(root.querySelector('#refresh-interval')).not.toBeNull();
      expect(root.querySelector('#source-url')).not.toBeNull();
    });
    act(() => {
      const select = root.querySelector<HTMLSelectElement>('#refresh-interval')!;
      select.value = '168';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    act(() => checkbox('Semantic Scholar').click());
    act(() => checkbox('Mark method names on paper pages').click());
    type(input('#source-url'), 'https://kb.example/snapshot/');
    act(() => [...root.querySelectorAll('button')].find((button) => button.textContent === 'Use this URL')!.click());
    await settle(async () => expect(await readSnapshotSource(store.db!)).toEqual({ kind: 'url', url: 'https://kb.example/snapshot/index.json' }));
    expect(sendFromPage).toHaveBeenCalledWith('setSnapshotSource', { source: { kind: 'url', url: 'https://kb.example/snapshot/index.json' } });
    // The source, which may carry a token, is not kept where content scripts read.
    expect(await stored('snapshotSource')).toBeUndefined();
    expect(await stored('refreshIntervalHours')).toBe(168);
    expect(await stored('siteSwitches')).toEqual({ arxiv: true, semanticScholar: false });
    expect(await stored('marksEnabled')).toBe(false);
  });

  it('stores a presigned link of a few thousand characters', async () => {
    const url = `https://kb-bucket.s3.amazonaws.com/method-lens/index.json?X-Amz-Security-Token=${'A'.repeat(3_000)}&X-Amz-Signature=abc`;
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('#source-url')).not.toBeNull());
    type(input('#source-url'), url);
    act(() => [...root.querySelectorAll('button')].find((button) => button.textContent === 'Use this URL')!.click());
    await settle(async () => expect(await readSnapshotSource(store.db!)).toEqual({ kind: 'url', url }));
    await settle(() => expect(root.querySelector('.current-source')!.textContent).toBe(`Chosen: ${url}`));
    expect(root.querySelector('.save-error')).toBeNull();
  });

  it('says a URL is in use once the snapshot in the store came from it, and which one is in use until then', async () => {
    const url = 'https://kb.example/snapshot/index.json';
    const bundled = store.db!;
    store.db = await bundledStore(url);
    try {
      await saveSnapshotSource(store.db, { kind: 'url', url });
      act(() => render(<OptionsApp />, root));
      await settle(() => expect(root.querySelector('.current-source')?.textContent).toBe(`In use: ${url}`));
      expect(root.querySelector('.source-pending')).toBeNull();
      // Another URL chosen: until its refresh ends, the snapshot in use is the first URL's.
      await saveSnapshotSource(store.db, { kind: 'url', url: 'https://kb.example/next/index.json' });
      await settle(() => expect(root.querySelector('.current-source')?.textContent).toBe('Chosen: https://kb.example/next/index.json'));
      expect(root.querySelector('.source-pending')!.textContent).toBe(`No snapshot has been loaded from it yet; the one in use came from ${url}. Use it again`);
      // One press chooses the address in use again: the refresh from it finds the snapshot up to date.
      act(() => root.querySelector<HTMLButtonElement>('.source-pending button')!.click());
      await settle(async () => expect(await readSnapshotSource(store.db!)).toEqual({ kind: 'url', url }));
      expect(sendFromPage).toHaveBeenLastCalledWith('setSnapshotSource', { source: { kind: 'url', url } });
      await settle(() => expect(root.querySelector('.current-source')?.textContent).toBe(`In use: ${url}`));
      expect(root.querySelector('.source-pending')).toBeNull();
      await saveSnapshotSource(store.db, { kind: 'url', url: 'https://kb.example/next/index.json' });
      await settle(() => expect(root.querySelector('.current-source')?.textContent).toBe('Chosen: https://kb.example/next/index.json'));
      // Back to the bundled snapshot, which this store does not hold either.
      await saveSnapshotSource(store.db, BUNDLED_SOURCE);
      await settle(() => expect(root.querySelector('.current-source')?.textContent).toBe('Chosen: the snapshot bundled with the extension'));
    } finally {
      store.db = bundled;
    }
  });

  it('shows a source saved elsewhere (another options tab) at once', async () => {
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('.current-source')?.textContent).toBe('In use: the snapshot bundled with the extension'));
    await saveSnapshotSource(store.db!, { kind: 'url', url: 'https://kb.example/other/index.json' });
    await settle(() => expect(root.querySelector('.current-source')!.textContent).toBe('Chosen: https://kb.example/other/index.json'));
    expect(input('#source-url').value).toBe('https://kb.example/other/index.json');
  });

  it('shows the source the background saved though the store’s notice of the change never reached the page', async () => {
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('.current-source')?.textContent).toBe('In use: the snapshot bundled with the extension'));
    // Written below Dexie, as a notice lost on its way (Dexie's BroadcastChannel) leaves it: the page's live query hears nothing.
    vi.mocked(sendFromPage).mockImplementationOnce((async (_type: string, payload: { source: SnapshotSource }) => {
      await new Promise<void>((resolve, reject) => {
        const transaction = store.db!.backendDB().transaction('meta', 'readwrite');
        transaction.objectStore('meta').put({ key: 'source', value: payload.source });
        transaction.oncomplete = () => resolve();
        transaction.onerror = () => reject(transaction.error);
      });
      return null;
    }) as never);
    type(input('#source-url'), 'https://kb.example/index.json');
    act(() => [...root.querySelectorAll('button')].find((button) => button.textContent === 'Use this URL')!.click());
    await settle(() => expect(root.querySelector('.current-source')!.textContent).toBe('Chosen: https://kb.example/index.json'));
    expect(root.querySelector('.save-error')).toBeNull();
  });

  it('says so when the background cannot save the source, keeping the one in use and the address typed', async () => {
    act(() => render(<OptionsApp />, root));
    // The source in use, read with the snapshot's state (the field comes before it, with the source alone).
    await settle(() => expect(root.querySelector('.current-source')?.textContent).toBe('In use: the snapshot bundled with the extension'));
    vi.mocked(sendFromPage).mockRejectedValueOnce(new Error('The store is not open yet.'));
    type(input('#source-url'), 'https://kb.example/index.json');
    act(() => [...root.querySelectorAll('button')].find((button) => button.textContent === 'Use this URL')!.click());
    await settle(() => expect(root.querySelector('.save-error[role="alert"]')?.textContent).toBe('Your change could not be saved: The store is not open yet.'));
    expect(root.querySelector('.current-source')!.textContent).toBe('In use: the snapshot bundled with the extension');
    expect(input('#source-url').value).toBe('https://kb.example/index.json');
    expect(await readSnapshotSource(store.db!)).toEqual(BUNDLED_SOURCE);
    // Still typed, not chosen: "Refresh now" would not use it, and the field says so.
    expect(root.querySelector('#source-url-unsaved')?.textContent).toBe('Not used until you press “Use this URL”.');
    expect(input('#source-url').getAttribute('aria-describedby')).toBe('source-url-help source-url-unsaved');
  });

  it('does not say a source the background stored could not be saved when its answer is lost (the worker stopped after saving it)', async () => {
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('.current-source')?.textContent).toBe('In use: the snapshot bundled with the extension'));
    vi.mocked(sendFromPage).mockImplementationOnce((async (type: string, payload: unknown) => {
      await background(type, payload);
      throw new Error('Method Lens’s background did not answer: try again; if it keeps failing, restart the browser.');
    }) as never);
    type(input('#source-url'), 'https://kb.example/index.json');
    act(() => [...root.querySelectorAll('button')].find((button) => button.textContent === 'Use this URL')!.click());
    await settle(() => expect(root.querySelector('.current-source')!.textContent).toBe('Chosen: https://kb.example/index.json'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(root.querySelector('.save-error')).toBeNull();
  });

  it('says an address in the field is not used until it is chosen, and nothing once it is (or while the field is empty or wrong)', async () => {
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('#source-url')).not.toBeNull());
    expect(root.querySelector('#source-url-unsaved')).toBeNull();
    type(input('#source-url'), 'kb.example/index.json');
    expect(root.querySelector('#source-url-unsaved')).toBeNull();
    type(input('#source-url'), 'https://kb.example/kb/');
    expect(root.querySelector('#source-url-unsaved')?.textContent).toBe('Not used until you press “Use this URL”.');
    act(() => [...root.querySelectorAll('button')].find((button) => button.textContent === 'Use this URL')!.click());
    await settle(async () => expect(await readSnapshotSource(store.db!)).toEqual({ kind: 'url', url: 'https://kb.example/kb/index.json' }));
    await settle(() => expect(root.querySelector('#source-url-unsaved')).toBeNull());
    expect(input('#source-url').getAttribute('aria-describedby')).toBe('source-url-help');
  });

  it('says so when the source cannot be read', async () => {
    const meta = store.db!.meta;
    const get = meta.get.bind(meta);
    const failing = vi.spyOn(meta, 'get').mockImplementation(((key: string) => (key === 'source' ? Promise.reject(new Error('The store is not open yet.')) : get(key))) as never);
    try {
      act(() => render(<OptionsApp />, root));
      await settle(() => expect(root.querySelector('.save-error[role="alert"]')?.textContent).toBe('The snapshot source could not be read: The store is not open yet.'));
      expect(root.querySelector('#source-url')).toBeNull();
    } finally {
      failing.mockRestore();
    }
  });

  it('offers Try again when the source cannot be read, which reads it afresh, focus on the Snapshot URL field once shown', async () => {
    const meta = store.db!.meta;
    const get = meta.get.bind(meta);
    const failing = vi.spyOn(meta, 'get').mockImplementation(((key: string) => (key === 'source' ? Promise.reject(new Error('The store is not open yet.')) : get(key))) as never);
    onTestFinished(() => failing.mockRestore());
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('.save-error[role="alert"]')?.textContent).toBe('The snapshot source could not be read: The store is not open yet.'));
    const tryAgain = () => [...root.querySelectorAll('button')].find((candidate) => candidate.textContent === 'Try again');
    expect(tryAgain()).toBeDefined();
    // Outside the alert, which says only what failed.
    expect(root.querySelector('.save-error[role="alert"]')!.contains(tryAgain()!)).toBe(false);
    // Failing again: offered again, focus kept on it.
    const calls = failing.mock.calls.length;
    tryAgain()!.focus();
    act(() => tryAgain()!.click());
    await settle(() => expect(failing.mock.calls.length).toBeGreaterThan(calls));
    await settle(() => expect(root.querySelector('.save-error[role="alert"]')).not.toBeNull());
    expect(document.activeElement).toBe(tryAgain());
    failing.mockRestore();
    act(() => tryAgain()!.click());
    await settle(() => expect(root.querySelector('.current-source')?.textContent).toBe('In use: the snapshot bundled with the extension'));
    expect(root.querySelector('.save-error')).toBeNull();
    expect(tryAgain()).toBeUndefined();
    expect(document.activeElement).toBe(input('#source-url'));
  });

  it('keeps a Snapshot URL being typed through a brief failure to read the source', async () => {
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('.current-source')?.textContent).toBe('In use: the snapshot bundled with the extension'));
    type(input('#source-url'), 'https://kb.example/kb/ind');
    const meta = store.db!.meta;
    const get = meta.get.bind(meta);
    const failing = vi.spyOn(meta, 'get').mockImplementation(((key: string) => (key === 'source' ? Promise.reject(new Error('The store is not open yet.')) : get(key))) as never);
    onTestFinished(() => failing.mockRestore());
    // The source written again (unchanged) is read again, and that read fails.
    await saveSnapshotSource(store.db!, BUNDLED_SOURCE);
    await settle(() => expect(root.querySelector('.save-error[role="alert"]')?.textContent).toBe('The snapshot source could not be read: The store is not open yet.'));
    expect(input('#source-url').value).toBe('https://kb.example/kb/ind');
    failing.mockRestore();
    await saveSnapshotSource(store.db!, BUNDLED_SOURCE);
    await settle(() => expect(root.querySelector('.save-error')).toBeNull());
    expect(input('#source-url').value).toBe('https://kb.example/kb/ind');
  });

  it('says so when the browser refuses to store a change, and clears it once one is stored', async () => {
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('#refresh-interval')).not.toBeNull());
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    act(() => checkbox('Semantic Scholar').click());
    await settle(() => expect(root.querySelector('.save-error[role="alert"]')?.textContent).toBe('Your change could not be saved: The browser has no room left for Method Lens’s data. Free some disk space, then try again.'));
    expect(await stored('siteSwitches')).toBeUndefined();
    act(() => checkbox('arXiv').click());
    await settle(async () => expect(await stored('siteSwitches')).toEqual({ arxiv: false, semanticScholar: true }));
    await settle(() => expect(root.querySelector('.save-error')).toBeNull());
  });

  it('shows each setting as stored after a change the browser refuses, even when the one before was refused too', async () => {
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('#refresh-interval')).not.toBeNull());
    const refusing = vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValue(new Error('QUOTA_BYTES quota exceeded'));
    onTestFinished(() => refusing.mockRestore());
    act(() => checkbox('Semantic Scholar').click());
    await settle(() => expect(root.querySelector('.save-error[role="alert"]')).not.toBeNull());
    await settle(() => expect(checkbox('Semantic Scholar').checked).toBe(true));
    // The same refusal again: the alert does not change, but the switch must not show what was not stored.
    act(() => checkbox('arXiv').click());
    act(() => {
      const select = root.querySelector<HTMLSelectElement>('#refresh-interval')!;
      select.value = '6';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await settle(() => expect(checkbox('arXiv').checked).toBe(true));
    await settle(() => expect(root.querySelector<HTMLSelectElement>('#refresh-interval')!.value).toBe('24'));
    expect(await stored('siteSwitches')).toBeUndefined();
    expect(await stored('refreshIntervalHours')).toBeUndefined();
  });

  it('keeps the name typed to mute, and says nothing was muted, when the browser refuses to store it', async () => {
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('.none')?.textContent).toBe('No method is muted.'));
    const box = input('#mute-input');
    type(box, 'aq');
    await settle(() => expect(root.querySelector('[role="option"]')?.getAttribute('aria-label')).toBe('Mute AQLM'));
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    press(box, 'Enter');
    await settle(() => expect(root.querySelector('.save-error[role="alert"]')?.textContent).toContain('Your change could not be saved'));
    expect(await stored('mutedMethods')).toBeUndefined();
    expect(input('#mute-input').value).toBe('aq');
    expect(root.querySelector('[aria-labelledby="muted-title"] [aria-live="polite"]')!.textContent).not.toContain('muted');
  });

  it('lists a muted method once when the stored list names it twice (edited by hand), and one Unmute unmutes it', async () => {
    await fakeBrowser.storage.local.set({ mutedMethods: ['awq', 'gptq', 'awq', 'retired-method', 'retired-method'] });
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(mutedRows()).toEqual(['AWQ', 'GPTQ', 'retired-method (not in the current snapshot)']));
    expect(root.querySelectorAll('button[aria-label="Unmute AWQ"]')).toHaveLength(1);
    act(() => root.querySelector<HTMLButtonElement>('button[aria-label="Unmute AWQ"]')!.click());
    await settle(() => expect(mutedRows()).toEqual(['GPTQ', 'retired-method (not in the current snapshot)']));
    expect(await stored('mutedMethods')).toEqual(['gptq', 'retired-method', 'retired-method']);
  });

  it('does not say a method was unmuted when the browser refuses to store it', async () => {
    await fakeBrowser.storage.local.set({ mutedMethods: ['awq'] });
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(mutedRows()).toEqual(['AWQ']));
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    act(() => root.querySelector<HTMLButtonElement>('button[aria-label="Unmute AWQ"]')!.click());
    await settle(() => expect(root.querySelector('.save-error[role="alert"]')?.textContent).toContain('Your change could not be saved'));
    expect(mutedRows()).toEqual(['AWQ']);
    expect(root.querySelector('[aria-labelledby="muted-title"] [aria-live="polite"]')!.textContent).not.toContain('unmuted');
  });

  it('leaves keyboard focus on Unmute when the browser refuses to unmute, the row still there', async () => {
    await fakeBrowser.storage.local.set({ mutedMethods: ['awq', 'gptq'] });
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(mutedRows()).toEqual(['AWQ', 'GPTQ']));
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    const unmuteAwq = root.querySelector<HTMLButtonElement>('button[aria-label="Unmute AWQ"]')!;
    act(() => {
      unmuteAwq.focus();
      unmuteAwq.click();
    });
    await settle(() => expect(root.querySelector('.save-error[role="alert"]')?.textContent).toContain('Your change could not be saved'));
    // The render that says so came before the page heard of the refusal: focus went on to GPTQ's Unmute.
    expect(mutedRows()).toEqual(['AWQ', 'GPTQ']);
    expect(document.activeElement).toBe(unmuteAwq);
    // A later unmute stored still hands focus on to the next row.
    act(() => unmuteAwq.click());
    await settle(() => expect(mutedRows()).toEqual(['GPTQ']));
    expect(document.activeElement?.getAttribute('aria-label')).toBe('Unmute GPTQ');
  });

  // A fast keyboard user (and the keyboard e2e suite, in one CI run) can make the second change before
  // the first is stored and the page has re-rendered: each must apply to what is stored by then.
  it('keeps every change made before the one before it was stored', async () => {
    await fakeBrowser.storage.local.set({ mutedMethods: ['awq', 'gptq', 'quip'] });
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(mutedRows()).toEqual(['AWQ', 'GPTQ', 'QuIP']));
    const box = input('#mute-input');
    type(box, 'aq');
    await settle(() => expect(root.querySelector('[role="option"]')?.getAttribute('aria-label')).toBe('Mute AQLM'));
    const unmute = (name: string) => root.querySelector<HTMLButtonElement>(`button[aria-label="Unmute ${name}"]`)!;
    const [unmuteAwq, unmuteQuip] = [unmute('AWQ'), unmute('QuIP')];
    act(() => {
      press(box, 'Enter');
      unmuteAwq.click();
      unmuteQuip.click();
      checkbox('arXiv').click();
      checkbox('Semantic Scholar').click();
    });
    await settle(async () => expect(await stored('mutedMethods')).toEqual(['gptq', 'aqlm']));
    await settle(() => expect(mutedRows()).toEqual(['GPTQ', 'AQLM']));
    expect(await stored('siteSwitches')).toEqual({ arxiv: false, semanticScholar: false });
  });

  it('names a just-muted method at once, never as missing from the snapshot while its lookup runs', async () => {
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('.none')?.textContent).toBe('No method is muted.'));
    // Every text the muted list ever shows, from the moment of muting.
    const shown = new Set<string>();
    const observer = new MutationObserver(() => shown.add(mutedRows().join(' | ')));
    observer.observe(root, { subtree: true, childList: true, characterData: true });
    const box = input('#mute-input');
    type(box, 'aq');
    await settle(() => expect(root.querySelector('[role="option"]')?.getAttribute('aria-label')).toBe('Mute AQLM'));
    press(box, 'Enter');
    shown.add(mutedRows().join(' | '));
    await settle(async () => expect(await stored('mutedMethods')).toEqual(['aqlm']));
    await settle(() => expect(getMethodsByIds).toHaveBeenLastCalledWith(store.db, ['aqlm']));
    await settle(() => expect(mutedRows()).toEqual(['AQLM']));
    observer.disconnect();
    expect([...shown].filter((text) => text !== '')).toEqual(['AQLM']);
    expect(root.querySelector('[aria-labelledby="muted-title"] [aria-live="polite"]')!.textContent).toBe('AQLM muted.');
  });

  it('keeps the highlighted match when the page re-renders, so Enter mutes the method chosen', async () => {
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('#mute-input')).not.toBeNull());
    const box = input('#mute-input');
    type(box, 'a');
    await settle(() => expect(root.querySelectorAll('[role="option"]').length).toBeGreaterThan(2));
    press(box, 'ArrowDown');
    press(box, 'ArrowDown');
    const third = root.querySelectorAll('[role="option"]')[2]!;
    expect(box.getAttribute('aria-activedescendant')).toBe(third.id);
    const chosen = third.getAttribute('aria-label')!.replace(/^Mute /, '');
    // Any stored change re-renders the whole page, as a refresh's progress writes do.
    await act(async () => {
      await fakeBrowser.storage.local.set({ refreshIntervalHours: 12 });
    });
    await settle(() => expect(root.querySelector<HTMLSelectElement>('#refresh-interval')!.value).toBe('12'));
    expect(box.getAttribute('aria-activedescendant')).toBe(third.id);
    press(box, 'Enter');
    await settle(() => expect(mutedRows()).toEqual([chosen]));
  });

  it('tells a snapshot state still loading, or failing to load, from one never refreshed', async () => {
    vi.mocked(getSnapshotInfo).mockImplementation(() => new Promise(() => {}));
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('.refresh-status')?.textContent).toBe('Reading the snapshot’s state…'));
    // Whether the chosen source is in use is not known yet: the page claims neither.
    await settle(() => expect(root.querySelector('.current-source')?.textContent).toBe('Source: the snapshot bundled with the extension'));
    act(() => render(null, root));

    vi.mocked(getSnapshotInfo).mockImplementation(() => Promise.reject(new Error('The database connection is closing.')));
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(statusText()).toBe('The snapshot’s state could not be read: The database connection is closing.'));
    expect(root.querySelector('.current-source')?.textContent).toBe('Source: the snapshot bundled with the extension');
    act(() => render(null, root));

    vi.mocked(getSnapshotInfo).mockReset();
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(statusText()).toMatch(/^New snapshot loaded .* · 40 methods$/));
  });

  it('offers Try again where the snapshot’s state could not be read, which reads it afresh, focus on the state once read', async () => {
    vi.mocked(getSnapshotInfo).mockImplementation(() => Promise.reject(new Error('The database connection is closing.')));
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(statusText()).toBe('The snapshot’s state could not be read: The database connection is closing.'));
    const tryAgain = () => [...root.querySelectorAll('button')].find((candidate) => candidate.textContent === 'Try again');
    expect(tryAgain()).toBeDefined();
    // Outside the live region, which says only what failed.
    expect(root.querySelector('[role="status"]')!.contains(tryAgain()!)).toBe(false);
    // Failing again: offered again, focus on what the read said, which a screen reader reads out.
    const calls = vi.mocked(getSnapshotInfo).mock.calls.length;
    tryAgain()!.focus();
    act(() => tryAgain()!.click());
    await settle(() => expect(vi.mocked(getSnapshotInfo).mock.calls.length).toBeGreaterThan(calls));
    await settle(() => expect(statusText()).toBe('The snapshot’s state could not be read: The database connection is closing.'));
    expect(tryAgain()).toBeDefined();
    expect(document.activeElement).toBe(root.querySelector('.refresh-status'));
    vi.mocked(getSnapshotInfo).mockReset();
    tryAgain()!.focus();
    act(() => tryAgain()!.click());
    await settle(() => expect(statusText()).toMatch(/^New snapshot loaded .* · 40 methods$/));
    expect(tryAgain()).toBeUndefined();
    expect(document.activeElement).toBe(root.querySelector('.refresh-status'));
    expect(root.querySelector('.current-source')?.textContent).toBe('In use: the snapshot bundled with the extension');
  });

  it('announces nothing of its own first read: the refresh’s live region comes with the state read, not as a change from “Reading…”', async () => {
    const { getSnapshotInfo: read } = await vi.importActual<typeof import('@/lib/store/read')>('@/lib/store/read');
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    vi.mocked(getSnapshotInfo).mockImplementation(async (db) => {
      await held;
      return read(db);
    });
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('.refresh-status')?.textContent).toBe('Reading the snapshot’s state…'));
    // Said on screen, yet no live region holds it: its change to the state read would be announced at every opening.
    expect(root.querySelector('.refresh-status [role="status"]')).toBeNull();
    release();
    await settle(() => expect(root.querySelector('.refresh-status [role="status"]')?.textContent).toMatch(/^New snapshot loaded .* · 40 methods$/));
  });

  it('says nothing can be found to mute while no snapshot is loaded, not that no method starts so', async () => {
    const bundled = store.db;
    store.db = openDb({ name: `options-failed-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
    try {
      const failed = await refreshSnapshot({
        db: store.db,
        indexUrl: 'https://kb.test/snapshot/index.json',
        fetchImpl: (async () => new Response('gone', { status: 503 })) as typeof fetch,
      });
      expect(failed.ok).toBe(false);
      act(() => render(<OptionsApp />, root));
      await settle(() => expect(root.querySelector('#mute-input')).not.toBeNull());
      type(input('#mute-input'), 'awq');
      await settle(() => expect(root.querySelector('.combobox-empty')?.textContent).toBe('Nothing can be found until a snapshot is loaded: its state is shown above.'));
      // The snapshot's state is read on its own (a live query): on a busy machine it may come after the search's answer.
      await settle(() => expect(statusText()).toContain('answered with HTTP 503.'));
    } finally {
      act(() => render(null, root));
      store.db = bundled;
    }
  });

  it('says the search failed when the store cannot be searched', async () => {
    vi.mocked(searchMethods).mockImplementation(() => Promise.reject(new Error('The database connection is closing.')));
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('#mute-input')).not.toBeNull());
    type(input('#mute-input'), 'aw');
    await settle(() => expect(root.querySelector('[role="alert"]')?.textContent).toContain('The search could not read the snapshot.'));
  });
});
