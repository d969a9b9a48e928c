// @vitest-environment happy-dom
/**
 * The options page as a whole: each section wired to its stored setting (WXT's fake browser storage)
 * and to a real store (fake-indexeddb holding the bundled snapshot): values shown as stored, changes
 * stored, the refresh state told apart while loading or failing, and muted methods named at once.
 */
import 'fake-indexeddb/auto';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { MethodLensDb } from '@/lib/store/db';
import { getMethodsByIds, getSnapshotInfo, searchMethods } from '@/lib/store/read';
import { bundledStore } from './helpers/bundled-store';

const store = vi.hoisted(() => ({ db: null as MethodLensDb | null }));
vi.mock('@/lib/popup/page-db', () => ({ pageDb: () => store.db! }));
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

beforeAll(async () => {
  store.db = await bundledStore();
});

let root: HTMLElement;
beforeEach(() => {
  fakeBrowser.reset();
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
  for (const reader of [getSnapshotInfo, getMethodsByIds, searchMethods]) vi.mocked(reader).mockReset();
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
    await fakeBrowser.storage.local.set({
      snapshotSource: { kind: 'url', url: 'https://kb.example/index.json' },
      refreshIntervalHours: 6,
      marksEnabled: false,
      siteSwitches: { arxiv: true, semanticScholar: false },
      mutedMethods: ['awq', 'retired-method'],
    });
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(mutedRows()).toEqual(['AWQ', 'retired-method (not in the current snapshot)']));
    expect(input('#source-url').value).toBe('https://kb.example/index.json');
    expect(root.querySelector('.current-source')!.textContent).toBe('In use: https://kb.example/index.json');
    expect(root.querySelector<HTMLSelectElement>('#refresh-interval')!.value).toBe('6');
    expect(checkbox('Mark method names on paper pages').checked).toBe(false);
    expect(checkbox('arXiv').checked).toBe(true);
    expect(checkbox('Semantic Scholar').checked).toBe(false);
    expect(root.querySelector('fieldset')!.disabled).toBe(true);
  });

  it('stores each change', async () => {
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('#refresh-interval')).not.toBeNull());
    act(() => {
      const select = root.querySelector<HTMLSelectElement>('#refresh-interval')!;
      select.value = '168';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    act(() => checkbox('Semantic Scholar').click());
    act(() => checkbox('Mark method names on paper pages').click());
    type(input('#source-url'), 'https://kb.example/snapshot/');
    act(() => [...root.querySelectorAll('button')].find((button) => button.textContent === 'Use this URL')!.click());
    await settle(async () => expect(await stored('snapshotSource')).toEqual({ kind: 'url', url: 'https://kb.example/snapshot/index.json' }));
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
    await settle(async () => expect(await stored('snapshotSource')).toEqual({ kind: 'url', url }));
    expect(root.querySelector('.save-error')).toBeNull();
  });

  it('says so when the browser refuses to store a change, and clears it once one is stored', async () => {
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('#refresh-interval')).not.toBeNull());
    vi.spyOn(fakeBrowser.storage.local, 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    act(() => checkbox('Semantic Scholar').click());
    await settle(() => expect(root.querySelector('.save-error[role="alert"]')?.textContent).toMatch(/could not be saved: QUOTA_BYTES quota exceeded/));
    expect(await stored('siteSwitches')).toBeUndefined();
    act(() => checkbox('arXiv').click());
    await settle(async () => expect(await stored('siteSwitches')).toEqual({ arxiv: false, semanticScholar: true }));
    await settle(() => expect(root.querySelector('.save-error')).toBeNull());
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
    expect(root.querySelector('[aria-live="polite"]')!.textContent).toBe('AQLM muted.');
  });

  it('keeps the highlighted match when the page re-renders, so Enter mutes the method chosen', async () => {
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('#mute-input')).not.toBeNull());
    const box = input('#mute-input');
    type(box, 'a');
    await settle(() => expect(root.querySelectorAll('[role="option"]').length).toBeGreaterThan(2));
    press(box, 'ArrowDown');
    press(box, 'ArrowDown');
    const chosen = root.querySelector('#mute-option-2')!.getAttribute('aria-label')!.replace(/^Mute /, '');
    // Any stored change re-renders the whole page, as a refresh's progress writes do.
    await act(async () => {
      await fakeBrowser.storage.local.set({ refreshIntervalHours: 12 });
    });
    await settle(() => expect(root.querySelector<HTMLSelectElement>('#refresh-interval')!.value).toBe('12'));
    expect(box.getAttribute('aria-activedescendant')).toBe('mute-option-2');
    press(box, 'Enter');
    await settle(() => expect(mutedRows()).toEqual([chosen]));
  });

  it('tells a snapshot state still loading, or failing to load, from one never refreshed', async () => {
    vi.mocked(getSnapshotInfo).mockImplementation(() => new Promise(() => {}));
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(statusText()).toBe('Reading the snapshot’s state…'));
    act(() => render(null, root));

    vi.mocked(getSnapshotInfo).mockImplementation(() => Promise.reject(new Error('The database connection is closing.')));
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(statusText()).toBe('The snapshot’s state could not be read: The database connection is closing.'));
    act(() => render(null, root));

    vi.mocked(getSnapshotInfo).mockReset();
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(statusText()).toMatch(/^Updated .* · 40 methods$/));
  });

  it('says the search failed when the store cannot be searched', async () => {
    vi.mocked(searchMethods).mockImplementation(() => Promise.reject(new Error('The database connection is closing.')));
    act(() => render(<OptionsApp />, root));
    await settle(() => expect(root.querySelector('#mute-input')).not.toBeNull());
    type(input('#mute-input'), 'aw');
    await settle(() => expect(root.querySelector('[role="alert"]')?.textContent).toContain('The search could not read the snapshot.'));
  });
});
