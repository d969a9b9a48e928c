// @vitest-environment happy-dom
/**
 * The popup's search over a store that fails: the reader is told the search failed, never "no matches";
 * and Enter pressed before the store answers what was typed opens that answer's first match.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MethodMatch } from '@/lib/store/read';

const search = vi.hoisted(() => ({ answer: (_query: string): Promise<MethodMatch[]> => Promise.resolve([]) }));
vi.mock('@/lib/store/read', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/store/read')>()),
  searchMethods: (_db: unknown, query: string) => search.answer(query),
}));
vi.mock('@/lib/popup/page-db', () => ({ pageDb: () => ({}) }));

const { SearchContainer } = await import('@/components/popup/SearchContainer');
const { NavigationProvider } = await import('@/components/popup/navigation');

const AWQ: MethodMatch = { id: 'awq', name: 'AWQ', aliases: [], topic: 'LLM quantization', status: 'heavily superseded', matched: 'AWQ' };

let root: HTMLElement;
beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
});

function type(value: string) {
  const input = root.querySelector<HTMLInputElement>('input[role="combobox"]')!;
  act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

describe('search against the store', () => {
  it('opens the first match of what was typed when Enter comes before its answer, not an option of the earlier list', async () => {
    const GLVQ: MethodMatch = { ...AWQ, id: 'glvq', name: 'GLVQ', matched: 'GLVQ', status: null };
    const GPTQ: MethodMatch = { ...AWQ, id: 'gptq', name: 'GPTQ', matched: 'GPTQ', status: null };
    let release: (matches: MethodMatch[]) => void = () => {};
    search.answer = (query) => (query === 'g' ? Promise.resolve([GLVQ]) : new Promise((resolve) => (release = resolve)));
    const navigate = vi.fn();
    act(() =>
      render(
        <NavigationProvider value={{ navigate, replace: () => {}, search: () => '' }}>
          <SearchContainer initialQuery="" />
        </NavigationProvider>,
        root,
      ),
    );
    type('g');
    await vi.waitFor(() => expect(root.querySelectorAll('[role="option"]')).toHaveLength(1));
    type('gptq');
    expect(root.querySelector('[role="listbox"]')!.getAttribute('aria-busy')).toBe('true');
    act(() => {
      root.querySelector('input')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    });
    expect(navigate).not.toHaveBeenCalled();
    await act(async () => release([GPTQ]));
    await vi.waitFor(() => expect(navigate).toHaveBeenCalledWith({ view: 'method', idOrName: 'gptq' }));
    expect(navigate).toHaveBeenCalledTimes(1);
  });

  it('says the search failed, in plain words, when the store cannot be read', async () => {
    search.answer = () => Promise.reject(new Error('The database connection is closing.'));
    act(() => render(<SearchContainer initialQuery="" />, root));
    type('awq');
    await vi.waitFor(() => expect(root.querySelector('[role="alert"]')).not.toBeNull());
    expect(root.querySelector('[role="alert"]')!.textContent).toBe(
      'The search could not read the snapshot. Edit the search to try again. (The database connection is closing.)',
    );
    expect(root.textContent).not.toContain('No method or alias starts with');
    expect(root.querySelector<HTMLElement>('[role="listbox"]')!.hidden).toBe(true);
    expect(root.querySelector('input')!.getAttribute('aria-expanded')).toBe('false');
  });

  it('clears the failure once a search succeeds', async () => {
    search.answer = () => Promise.reject(new Error('The database connection is closing.'));
    act(() => render(<SearchContainer initialQuery="" />, root));
    type('aw');
    await vi.waitFor(() => expect(root.querySelector('[role="alert"]')).not.toBeNull());
    search.answer = () => Promise.resolve([AWQ]);
    type('awq');
    await vi.waitFor(() => expect(root.querySelectorAll('[role="option"]')).toHaveLength(1));
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });

  it('closes the list in the very render that clears the query, not a frame later', async () => {
    search.answer = () => Promise.resolve([AWQ]);
    act(() => render(<SearchContainer initialQuery="" />, root));
    type('awq');
    await vi.waitFor(() => expect(root.querySelectorAll('[role="option"]')).toHaveLength(1));
    const input = root.querySelector<HTMLInputElement>('input[role="combobox"]')!;
    // Outside act(): Preact renders in a microtask and runs effects after the next paint, so what a
    // reader sees between the two is on the page here.
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true }));
    for (let hop = 0; hop < 10 && input.value !== ''; hop++) await Promise.resolve();
    expect(input.value).toBe('');
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(root.querySelector<HTMLElement>('[role="listbox"]')!.hidden).toBe(true);
    expect(root.querySelectorAll('[role="option"]')).toHaveLength(0);
  });

  it('never lets a slower answer to an earlier query replace the answer to the one typed since', async () => {
    const A: MethodMatch = { ...AWQ, id: 'aqlm', name: 'AQLM', matched: 'AQLM', status: 'superseded' };
    let releaseFirst: (matches: MethodMatch[]) => void = () => {};
    search.answer = (query) => (query === 'a' ? new Promise((resolve) => (releaseFirst = resolve)) : Promise.resolve([AWQ]));
    act(() => render(<SearchContainer initialQuery="" />, root));
    type('a');
    type('aw');
    await vi.waitFor(() => expect(root.querySelectorAll('[role="option"]')).toHaveLength(1));
    await act(async () => releaseFirst([A, AWQ]));
    const names = [...root.querySelectorAll('[role="option"] .combobox-name')].map((name) => name.textContent);
    expect(names).toEqual(['AWQ']);
    expect(root.querySelector('[role="listbox"]')!.getAttribute('aria-busy')).toBe('false');
  });

  it('says nothing matches only of the query that answer is for, not of the one typed since', async () => {
    let release: (matches: MethodMatch[]) => void = () => {};
    search.answer = (query) => (query === 'awqz' ? Promise.resolve([]) : new Promise((resolve) => (release = resolve)));
    act(() => render(<SearchContainer initialQuery="" />, root));
    type('awqz');
    const note = () => root.querySelector('.combobox-empty')!.textContent;
    await vi.waitFor(() => expect(note()).toBe('No method or alias starts with “awqz”.'));
    type('awq'); // its answer is on its way: "awq" must not be said to match nothing
    expect(root.querySelector('[role="listbox"]')!.getAttribute('aria-busy')).toBe('true');
    expect(note()).toBe('No method or alias starts with “awqz”.');
    await act(async () => release([AWQ]));
    await vi.waitFor(() => expect(root.querySelectorAll('[role="option"]')).toHaveLength(1));
    expect(note()).toBe('');
  });

  it('still says so when nothing matches', async () => {
    search.answer = () => Promise.resolve([]);
    act(() => render(<SearchContainer initialQuery="" />, root));
    type('zz');
    await vi.waitFor(() => expect(root.querySelector('.combobox-empty')?.textContent).toBe('No method or alias starts with “zz”.'));
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });
});
