// @vitest-environment happy-dom
/**
 * A method's record, read as the popup reads it (the store, the tab's report in session storage), says
 * how often the popup's tab mentions the method and shows each mention there, as a "This page" row does.
 */
import 'fake-indexeddb/auto';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { MethodLensDb } from '@/lib/store/db';
import { forgetTab, saveTabMentions } from '@/lib/tab-mentions';
import { keepScan } from '@/lib/kept-scans';
import type { PageSummaryMethod } from '@/lib/page-summary';
import { bundledStore } from './helpers/bundled-store';
import { mount, text, unmount } from './helpers/mount';

const store = vi.hoisted(() => ({ db: null as MethodLensDb | null }));
vi.mock('@/lib/popup/page-db', () => ({ pageDb: () => store.db! }));
/** What each "Show on page" asked, of which tab; every answer says 1 of 3 past the index asked. */
const asked = vi.hoisted(() => [] as { tabId: number; type: string; payload: unknown }[]);
vi.mock('@/lib/messaging/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/messaging/client')>()),
  sendToTab: (tabId: number, type: string, payload: { index: number }) => {
    asked.push({ tabId, type, payload });
    return Promise.resolve({ index: payload.index % 3, count: 3 });
  },
}));
const { MethodRecordContainer } = await import('@/components/popup/MethodRecordContainer');
const { PopupApp } = await import('@/components/popup/PopupApp');

const GLVQ = 'grouped-lattice-vector-quantization';
const onPageLine = (page: HTMLElement) => page.querySelector('.record-on-page');
/** Presses "Show on page" and waits for what it says (a task later: the answer is a promise away). */
const press = (button: HTMLButtonElement) =>
  act(async () => {
    button.click();
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
const recordShown = (page: HTMLElement, name: string) => vi.waitFor(() => expect(text(page.querySelector('h1'))).toBe(name));

async function tabAt(url: string, mentions: { methodId: string; count: number; names?: string[] }[]) {
  const tab = await fakeBrowser.tabs.create({ url });
  await saveTabMentions(tab.id!, { url, mentions, paused: false });
  return tab.id!;
}

beforeEach(async () => {
  fakeBrowser.reset();
  asked.length = 0;
  store.db = await bundledStore();
  return () => {
    unmount();
    vi.restoreAllMocks();
  };
});

describe('a record of a method the popup’s tab mentions', () => {
  it('says how often and under which names, and shows each mention in the tab in turn', async () => {
    const tabId = await tabAt('https://arxiv.org/abs/2406.05555', [
      { methodId: 'awq', count: 2 },
      { methodId: GLVQ, count: 3, names: ['GLVQ'] },
    ]);
    const page = mount(<MethodRecordContainer idOrName="GLVQ" tabId={tabId} />);
    await recordShown(page, 'Grouped Lattice Vector Quantization');
    await vi.waitFor(() => expect(onPageLine(page)).not.toBeNull());
    const line = onPageLine(page)!;
    // Inside the record's head, after its facts.
    expect(line.closest('header.record-head')).not.toBeNull();
    expect(line.previousElementSibling?.matches('dl.facts')).toBe(true);
    expect(text(line.querySelector('span'))).toBe('3 mentions on this page, as “GLVQ”');
    const button = line.querySelector<HTMLButtonElement>('.show-on-page button')!;
    expect(text(button)).toBe('Show Grouped Lattice Vector Quantization on page');
    await press(button);
    expect(asked).toEqual([{ tabId, type: 'showMention', payload: { methodId: GLVQ, index: 0 } }]);
    expect(text(line.querySelector('.show-on-page [aria-live="polite"]'))).toBe('1 of 3');
    expect(text(button)).toBe('Next Grouped Lattice Vector Quantization on page');
    await press(button);
    expect(asked.at(-1)).toEqual({ tabId, type: 'showMention', payload: { methodId: GLVQ, index: 1 } });
    expect(text(line.querySelector('.show-on-page [aria-live="polite"]'))).toBe('2 of 3');
  });

  it('follows the tab’s reports: a new count, and nothing once the page is gone', async () => {
    const tabId = await tabAt('https://arxiv.org/abs/2406.05555', [{ methodId: 'awq', count: 2 }]);
    const page = mount(<MethodRecordContainer idOrName="awq" tabId={tabId} />);
    await vi.waitFor(() => expect(text(onPageLine(page)?.querySelector('span'))).toBe('2 mentions on this page'));
    await saveTabMentions(tabId, { url: 'https://arxiv.org/abs/2406.05555', mentions: [{ methodId: 'awq', count: 1, names: ['AWQ'] }], paused: false });
    await vi.waitFor(() => expect(text(onPageLine(page)?.querySelector('span'))).toBe('1 mention on this page'));
    await forgetTab(tabId);
    await vi.waitFor(() => expect(onPageLine(page)).toBeNull());
    expect(text(page.querySelector('h1'))).toBe('AWQ');
  });

  it.each([
    { what: 'of a method the tab does not mention', url: 'https://arxiv.org/abs/2406.05555', mentions: [{ methodId: 'gptq', count: 4 }] },
    // Its page is not read: a report kept from the page before it in the tab is not its.
    { what: 'for an arXiv PDF’s tab, even with a report kept from its page before', url: 'https://arxiv.org/pdf/2406.05555', mentions: [{ methodId: 'awq', count: 2 }] },
  ])('says nothing $what', async ({ url, mentions }) => {
    const tabId = await tabAt(url, mentions);
    const page = mount(<MethodRecordContainer idOrName="awq" tabId={tabId} />);
    await recordShown(page, 'AWQ');
    // The tab's report is read beside the record, from the start: give it a moment more to show.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(onPageLine(page)).toBeNull();
  });

  it('on an arXiv PDF’s tab, says how often the paper’s HTML version mentions it, once read, and offers nothing to show', async () => {
    const tabId = await tabAt('https://arxiv.org/pdf/2406.05555v2', []);
    const page = mount(<MethodRecordContainer idOrName="GLVQ" tabId={tabId} />);
    await recordShown(page, 'Grouped Lattice Vector Quantization');
    // Read while the record is open (in another popup, or answered after this one asked): it shows then.
    const found = (methodId: string, name: string, count: number, names: string[]): PageSummaryMethod => ({
      methodId,
      name,
      count,
      names,
      status: null,
      critiquedBy: null,
      beatenBy: null,
      rank: null,
      topic: 'LLM quantization',
    });
    await keepScan('2406.05555v2', { url: 'https://arxiv.org/html/2406.05555v2', source: 'arxiv', methods: [found(GLVQ, 'Grouped Lattice Vector Quantization', 14, ['GLVQ']), found('awq', 'AWQ', 2, ['AWQ'])] }, []);
    await vi.waitFor(() => expect(text(onPageLine(page)?.querySelector('span'))).toBe('14 mentions in this paper’s HTML version, as “GLVQ”'));
    expect(onPageLine(page)!.querySelector('button')).toBeNull();
    // Another paper’s scan says nothing of this one.
    unmount();
    const other = await tabAt('https://arxiv.org/pdf/2406.07777', []);
    const otherPage = mount(<MethodRecordContainer idOrName="GLVQ" tabId={other} />);
    await recordShown(otherPage, 'Grouped Lattice Vector Quantization');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(onPageLine(otherPage)).toBeNull();
  });

  it('in the popup, means the tab a record window was opened for, and the active tab in a toolbar popup', async () => {
    const cardTab = await tabAt('https://arxiv.org/abs/2406.05555', [{ methodId: 'awq', count: 2 }]);
    // The window opened from a card names its tab; the active tab is another, which mentions AWQ 7 times.
    const active = await tabAt('https://arxiv.org/abs/2406.07777', [{ methodId: 'awq', count: 7 }]);
    // WXT's fake browser has no current window (nor any tab active in it): the browser's answer, given here.
    const activeTab = await fakeBrowser.tabs.get(active);
    vi.spyOn(fakeBrowser.tabs, 'query').mockImplementation(async (query) => (query.active && query.currentWindow ? [activeTab] : []));
    const window = mount(<PopupApp initialRoute={{ view: 'method', idOrName: 'awq' }} openedForTab={cardTab} />);
    await vi.waitFor(() => expect(text(onPageLine(window)?.querySelector('span'))).toBe('2 mentions on this page'));
    unmount();
    const toolbar = mount(<PopupApp initialRoute={{ view: 'method', idOrName: 'awq' }} />);
    await vi.waitFor(() => expect(text(onPageLine(toolbar)?.querySelector('span'))).toBe('7 mentions on this page'));
    await press(toolbar.querySelector<HTMLButtonElement>('.record-on-page button')!);
    expect(asked).toEqual([{ tabId: active, type: 'showMention', payload: { methodId: 'awq', index: 0 } }]);
  });
});
