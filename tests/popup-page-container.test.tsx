// @vitest-environment happy-dom
/**
 * The page view with its data loaded as the popup loads it (the tab's report, the settings, the store).
 * On an arXiv PDF tab: a scan belongs to the paper it read, and a keyboard reader keeps their place and
 * hears what it found. On a page read: the methods the reader muted are named as not looked for.
 */
import 'fake-indexeddb/auto';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import type { MethodLensDb } from '@/lib/store/db';
import type { ArxivHtmlScan } from '@/lib/arxiv-html-scan';
import { forgetTab, saveTabMentions } from '@/lib/tab-mentions';
import { keepScan } from '@/lib/kept-scans';
import { marksEnabled } from '@/lib/settings/items';
import { READING_AT_MOST_MS } from '@/lib/page-summary';
import { bundledStore } from './helpers/bundled-store';
import { mount, text, unmount } from './helpers/mount';

const store = vi.hoisted(() => ({ db: null as MethodLensDb | null }));
vi.mock('@/lib/popup/page-db', () => ({ pageDb: () => store.db! }));

/** Each scan the view asks for waits until the test answers it. */
const scans = vi.hoisted(() => ({
  pending: [] as { arxivId: string; keep: boolean; answer: (methods: string[]) => void; fail: (message: string) => void }[],
  /** Papers the background says it is reading (for a popup since closed). */
  beingRead: new Set<string>(),
}));
vi.mock('@/lib/messaging/client', () => ({
  sendFromPage: (type: string, payload: { arxivId: string; keep: boolean }) => {
    if (type === 'paperBeingRead') return Promise.resolve(scans.beingRead.has(payload.arxivId));
    if (type !== 'scanArxivHtml') return Promise.reject(new Error(`unexpected message ${type}`));
    return new Promise<ArxivHtmlScan>((resolve, reject) => {
      scans.pending.push({
        arxivId: payload.arxivId,
        keep: payload.keep,
        answer: (names) =>
          resolve({
            url: `https://arxiv.org/html/${payload.arxivId}`,
            source: 'arxiv',
            methods: names.map((name) => ({ methodId: name.toLowerCase(), name, count: 1, status: null, critiquedBy: null, beatenBy: null, rank: null, topic: 'LLM quantization' })),
          }),
        fail: (message) => reject(new Error(message)),
      });
    });
  },
}));
const { PageContainer } = await import('@/components/popup/PageContainer');
const { PopupApp } = await import('@/components/popup/PopupApp');

const scanButton = (page: HTMLElement) => page.querySelector<HTMLButtonElement>('.pdf-offer button');
const viewTab = (popup: HTMLElement, label: string) => [...popup.querySelectorAll<HTMLAnchorElement>('nav.tabs a')].find((link) => link.textContent === label)!;
const methodsListed = (page: HTMLElement) => [...page.querySelectorAll('.method-list li a')].map((link) => link.textContent);

async function openOnPdf(arxivId: string) {
  const tab = await fakeBrowser.tabs.create({ url: `https://arxiv.org/pdf/${arxivId}` });
  const page = mount(<PageContainer tabId={tab.id!} />);
  await vi.waitFor(() => expect(scanButton(page)?.textContent).toBe('Scan the HTML version'));
  return { page, tabId: tab.id! };
}

/** The tab goes on to another paper's abstract (its content script reports), then to that paper's PDF (the report is forgotten). */
async function tabGoesTo(tabId: number, page: HTMLElement, arxivId: string) {
  const abs = `https://arxiv.org/abs/${arxivId}`;
  await fakeBrowser.tabs.update(tabId, { url: abs });
  await saveTabMentions(tabId, { url: abs, mentions: [{ methodId: 'gptq', count: 1 }], paused: false });
  await vi.waitFor(() => expect(text(page)).toContain(`arxiv.org/abs/${arxivId}`));
  await fakeBrowser.tabs.update(tabId, { url: `https://arxiv.org/pdf/${arxivId}` });
  await forgetTab(tabId);
  await vi.waitFor(() => expect(text(page)).toContain(`arxiv.org/pdf/${arxivId}`));
}

beforeEach(async () => {
  fakeBrowser.reset();
  scans.pending = [];
  scans.beingRead.clear();
  store.db = await bundledStore();
  return () => unmount();
});

describe('a PDF’s HTML scan', () => {
  it('is shown only on the paper it read: another paper’s PDF is offered a scan of its own', async () => {
    const { page, tabId } = await openOnPdf('2401.00001');
    act(() => scanButton(page)!.click());
    await act(async () => scans.pending[0]!.answer(['AWQ']));
    await vi.waitFor(() => expect(methodsListed(page)).toEqual(['AWQ']));

    await tabGoesTo(tabId, page, '2402.00002');
    expect(page.querySelector('.method-list')).toBeNull();
    expect(page.querySelector('a[href="https://arxiv.org/html/2401.00001"]')).toBeNull();
    expect(scanButton(page)?.textContent).toBe('Scan the HTML version');

    // Back on the first paper, its scan is still there.
    await tabGoesTo(tabId, page, '2401.00001');
    expect(methodsListed(page)).toEqual(['AWQ']);
    expect(scans.pending.map((scan) => scan.arxivId)).toEqual(['2401.00001']);
  });

  it('that answers after the tab moved on is not shown on the next paper, nor over that paper’s own scan', async () => {
    const { page, tabId } = await openOnPdf('2401.00001');
    act(() => scanButton(page)!.click());
    await tabGoesTo(tabId, page, '2402.00002');
    expect(scanButton(page)?.textContent).toBe('Scan the HTML version');

    act(() => scanButton(page)!.click());
    await act(async () => scans.pending[0]!.answer(['AWQ'])); // the first paper's late answer
    expect(page.querySelector('.method-list')).toBeNull();
    expect(scanButton(page)?.textContent).toBe('Reading the HTML version…');
    await act(async () => scans.pending[1]!.answer(['GPTQ']));
    await vi.waitFor(() => expect(methodsListed(page)).toEqual(['GPTQ']));
    expect(page.querySelector('a[href="https://arxiv.org/html/2402.00002"]')).not.toBeNull();
  });

  it('of a paper read again is not replaced by that paper’s earlier scan answering late', async () => {
    const { page, tabId } = await openOnPdf('2401.00001');
    act(() => scanButton(page)!.click()); // the first scan of paper A hangs
    await tabGoesTo(tabId, page, '2402.00002');
    act(() => scanButton(page)!.click()); // paper B's, too
    await tabGoesTo(tabId, page, '2401.00001');
    act(() => scanButton(page)!.click()); // paper A scanned again
    expect(scans.pending.map((scan) => scan.arxivId)).toEqual(['2401.00001', '2402.00002', '2401.00001']);
    await act(async () => scans.pending[2]!.answer(['GPTQ']));
    await vi.waitFor(() => expect(methodsListed(page)).toEqual(['GPTQ']));
    await act(async () => scans.pending[0]!.fail('arXiv did not answer in time.'));
    expect(methodsListed(page)).toEqual(['GPTQ']);
    expect(page.querySelector('[role="alert"]')).toBeNull();
  });

  it('is still there when the reader comes back from another view, even one left while it read: not offered again', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://arxiv.org/pdf/2401.00001' });
    const popup = mount(<PopupApp initialRoute={{ view: 'page', tabId: tab.id! }} />);
    await vi.waitFor(() => expect(scanButton(popup)?.textContent).toBe('Scan the HTML version'));
    act(() => scanButton(popup)!.click());
    await act(async () => scans.pending[0]!.answer(['AWQ']));
    await vi.waitFor(() => expect(methodsListed(popup)).toEqual(['AWQ']));

    // To another view (as to a method's record) and back: the list, not the offer.
    act(() => viewTab(popup, 'Search').click());
    act(() => viewTab(popup, 'This page').click());
    await vi.waitFor(() => expect(methodsListed(popup)).toEqual(['AWQ']));
    expect(scanButton(popup)).toBeNull();

    // Left while a scan reads, the view shows its answer on the reader's return.
    const other = await fakeBrowser.tabs.create({ url: 'https://arxiv.org/pdf/2402.00002' });
    const second = mount(<PopupApp initialRoute={{ view: 'page', tabId: other.id! }} />);
    await vi.waitFor(() => expect(scanButton(second)?.textContent).toBe('Scan the HTML version'));
    act(() => scanButton(second)!.click());
    act(() => viewTab(second, 'Search').click());
    await act(async () => scans.pending[1]!.answer(['GPTQ']));
    act(() => viewTab(second, 'This page').click());
    await vi.waitFor(() => expect(methodsListed(second)).toEqual(['GPTQ']));
    expect(scans.pending).toHaveLength(2);
  });

  it('is kept for the next popup, but not one read in a private window: session storage is shared with every window', async () => {
    // The background keeps it (tests/handlers.test.ts), as the popup asks: the popup may be closed before the answer comes.
    const scanIn = async (arxivId: string, incognito: boolean) => {
      const tab = await fakeBrowser.tabs.create({ url: `https://arxiv.org/pdf/${arxivId}` });
      if (incognito) await fakeBrowser.tabs.update(tab.id!, { incognito: true } as never);
      const page = mount(<PageContainer tabId={tab.id!} />);
      await vi.waitFor(() => expect(scanButton(page)?.textContent).toBe('Scan the HTML version'));
      act(() => scanButton(page)!.click());
      await act(async () => scans.pending.at(-1)!.answer(['AWQ']));
      await vi.waitFor(() => expect(methodsListed(page)).toEqual(['AWQ']));
      unmount();
    };
    await scanIn('2401.00001', false);
    await scanIn('2402.00002', true);
    await scanIn('2403.00003', false);
    expect(scans.pending.map(({ arxivId, keep }) => [arxivId, keep])).toEqual([
      ['2401.00001', true],
      ['2402.00002', false],
      ['2403.00003', true],
    ]);
  });

  it('asked for in a popup since closed, shows in the popup opened again before the answer came, once the background keeps it', async () => {
    // The reader clicked into the PDF while arXiv was answering, then opened the popup again: the offer, until the answer is in.
    const { page } = await openOnPdf('2401.00001');
    await keepScan('2402.00002', { url: 'https://arxiv.org/html/2402.00002', source: 'arxiv', methods: [] }, []); // another paper's
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(scanButton(page)?.textContent).toBe('Scan the HTML version');
    const awq = { methodId: 'awq', name: 'AWQ', count: 3, status: null, critiquedBy: null, beatenBy: null, rank: null, topic: 'LLM quantization' };
    await keepScan('2401.00001', { url: 'https://arxiv.org/html/2401.00001v2', source: 'arxiv', methods: [awq] }, []);
    await vi.waitFor(() => expect(methodsListed(page)).toEqual(['AWQ']));
    expect(page.querySelector('a[href="https://arxiv.org/html/2401.00001v2"]')).not.toBeNull();
    expect(scans.pending).toEqual([]);
  });

  it('kept by the background while this popup offers it, takes keyboard focus from the offer it replaces, and says so', async () => {
    const { page } = await openOnPdf('2401.00001');
    scanButton(page)!.focus();
    const awq = { methodId: 'awq', name: 'AWQ', count: 3, status: null, critiquedBy: null, beatenBy: null, rank: null, topic: 'LLM quantization' };
    await keepScan('2401.00001', { url: 'https://arxiv.org/html/2401.00001', source: 'arxiv', methods: [awq] }, []);
    await vi.waitFor(() => expect(methodsListed(page)).toEqual(['AWQ']));
    expect(document.activeElement).toBe(page.querySelector('.note'));
    expect(page.querySelector('[role="status"]')?.textContent).toMatch(/^HTML version read\. 1 method: 1 heavily superseded/);
  });

  it('asked for in a popup since closed and still being read, shows as being read in the popup opened again, not offered again', async () => {
    scans.beingRead.add('2401.00001');
    const tab = await fakeBrowser.tabs.create({ url: 'https://arxiv.org/pdf/2401.00001' });
    const page = mount(<PageContainer tabId={tab.id!} />);
    // It joins the background's read: the answer comes to this popup too.
    await vi.waitFor(() => expect(scans.pending.map((scan) => scan.arxivId)).toEqual(['2401.00001']));
    expect(page.querySelector('[role="status"]')?.textContent).toBe('Reading the HTML version…');
    expect(scanButton(page)?.getAttribute('aria-disabled')).toBe('true');
    await act(async () => scans.pending[0]!.answer(['AWQ']));
    await vi.waitFor(() => expect(methodsListed(page)).toEqual(['AWQ']));
  });

  it('not being read, is offered, and asked for only on the reader’s click', async () => {
    const { page } = await openOnPdf('2401.00001');
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(scans.pending).toEqual([]);
    act(() => scanButton(page)!.click());
    expect(scans.pending.map((scan) => scan.arxivId)).toEqual(['2401.00001']);
  });

  it('keeps keyboard focus on its button while it reads, moves it to what it found, and says so', async () => {
    const { page } = await openOnPdf('2401.00001');
    const status = page.querySelector('[role="status"]')!;
    expect(status.textContent).toBe('');
    const button = scanButton(page)!;
    button.focus();
    act(() => button.click());
    expect(document.activeElement).toBe(button);
    expect(button.getAttribute('aria-disabled')).toBe('true');
    expect(status.textContent).toBe('Reading the HTML version…');
    act(() => button.click()); // pressed again while it reads: nothing more is asked
    expect(scans.pending).toHaveLength(1);

    await act(async () => scans.pending[0]!.answer(['AWQ', 'GPTQ']));
    await vi.waitFor(() => expect(methodsListed(page)).toEqual(['AWQ', 'GPTQ']));
    expect(document.activeElement).toBe(page.querySelector('.note'));
    expect(page.querySelector('[role="status"]')).toBe(status); // the same region, so the change is announced
    expect(status.textContent).toBe('HTML version read. 2 methods, none with a status in the KB');
  });

  it('leaves focus where the reader took it meanwhile, and keeps the button focused on a failure', async () => {
    const { page } = await openOnPdf('2401.00001');
    const button = scanButton(page)!;
    button.focus();
    act(() => button.click());
    await act(async () => scans.pending[0]!.fail('arXiv answered with HTTP 503.'));
    await vi.waitFor(() => expect(page.querySelector('[role="alert"]')?.textContent).toContain('arXiv answered with HTTP 503.'));
    expect(document.activeElement).toBe(button);
    expect(button.getAttribute('aria-disabled')).toBe('false');
    expect(page.querySelector('[role="status"]')!.textContent).toBe('');

    act(() => button.click());
    const elsewhere = page.querySelector<HTMLElement>('.view-title')!;
    elsewhere.focus();
    await act(async () => scans.pending[1]!.answer([]));
    await vi.waitFor(() => expect(text(page)).toContain('No known methods in this paper.'));
    expect(document.activeElement).toBe(elsewhere);
    expect(page.querySelector('[role="status"]')!.textContent).toBe('HTML version read. No known methods in this paper.');
  });
});

describe('a page read while methods are muted', () => {
  it('names the muted methods as not looked for, each a link to its record, and says nothing once none is', async () => {
    await fakeBrowser.storage.local.set({ mutedMethods: ['awq', 'aqlm'] });
    const tab = await fakeBrowser.tabs.create({ url: 'https://arxiv.org/abs/2406.01234' });
    await saveTabMentions(tab.id!, { url: 'https://arxiv.org/abs/2406.01234', mentions: [{ methodId: 'gptq', count: 2 }], paused: false });
    const page = mount(<PageContainer tabId={tab.id!} />);
    await vi.waitFor(() => expect(text(page.querySelector('.muted-summary'))).toBe('Not looked for, as you muted them: AWQ, AQLM.'));
    expect([...page.querySelectorAll('.muted-summary a')].map((link) => link.getAttribute('href'))).toEqual(['popup.html?method=awq', 'popup.html?method=aqlm']);
    expect(methodsListed(page)).toEqual(['GPTQ']);
    await fakeBrowser.storage.local.set({ mutedMethods: ['aqlm'] });
    await vi.waitFor(() => expect(text(page.querySelector('.muted-summary'))).toBe('Not looked for, as you muted it: AQLM.'));
    await fakeBrowser.storage.local.set({ mutedMethods: [] });
    await vi.waitFor(() => expect(page.querySelector('.muted-summary')).toBeNull());
  });

  it('keeps the note while a changed list’s names are read: it does not blink out', async () => {
    await fakeBrowser.storage.local.set({ mutedMethods: ['awq'] });
    const tab = await fakeBrowser.tabs.create({ url: 'https://arxiv.org/abs/2406.01234' });
    await saveTabMentions(tab.id!, { url: 'https://arxiv.org/abs/2406.01234', mentions: [{ methodId: 'gptq', count: 2 }], paused: false });
    const page = mount(<PageContainer tabId={tab.id!} />);
    await vi.waitFor(() => expect(text(page.querySelector('.muted-summary'))).toBe('Not looked for, as you muted it: AWQ.'));
    const notesSeen: (string | null)[] = [];
    const watcher = new MutationObserver(() => notesSeen.push(page.querySelector('.muted-summary') && text(page.querySelector('.muted-summary'))));
    watcher.observe(page, { childList: true, subtree: true, characterData: true });
    await fakeBrowser.storage.local.set({ mutedMethods: ['awq', 'aqlm'] });
    await vi.waitFor(() => expect(text(page.querySelector('.muted-summary'))).toBe('Not looked for, as you muted them: AWQ, AQLM.'));
    watcher.disconnect();
    expect(notesSeen.length).toBeGreaterThan(0);
    expect(notesSeen.filter((note) => note === null)).toEqual([]);
  });

  it('does not say no method of the snapshot is named, on a page that names only muted ones', async () => {
    await fakeBrowser.storage.local.set({ mutedMethods: ['awq'] });
    const tab = await fakeBrowser.tabs.create({ url: 'https://arxiv.org/abs/2406.01234' });
    await saveTabMentions(tab.id!, { url: 'https://arxiv.org/abs/2406.01234', mentions: [], paused: false });
    const page = mount(<PageContainer tabId={tab.id!} />);
    await vi.waitFor(() => expect(text(page.querySelector('.muted-summary'))).toBe('Not looked for, as you muted it: AWQ.'));
    expect(text(page.querySelector('.state-empty p:not(.state-title)'))).toBe('None of the methods looked for is named here.');
  });

  it('names them under a PDF’s scan too, which leaves them out as well: those muted when it was asked for', async () => {
    await fakeBrowser.storage.local.set({ mutedMethods: ['awq'] });
    const { page } = await openOnPdf('2401.00001');
    await vi.waitFor(() => expect(page.querySelector('.muted-summary')).toBeNull()); // nothing scanned, nothing left out yet
    await act(() => new Promise((resolve) => setTimeout(resolve, 100))); // the muted list's names are read
    act(() => scanButton(page)!.click());
    await act(async () => scans.pending[0]!.answer(['GPTQ']));
    await vi.waitFor(() => expect(methodsListed(page)).toEqual(['GPTQ']));
    expect(text(page.querySelector('.muted-summary'))).toBe('Not looked for, as you muted it: AWQ.');
    // Muted after the scan: the scan looked for it, so the note does not say otherwise.
    await fakeBrowser.storage.local.set({ mutedMethods: ['awq', 'gptq'] });
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(text(page.querySelector('.muted-summary'))).toBe('Not looked for, as you muted it: AWQ.');
  });
});

describe('a page not read because of a switch', () => {
  it('shows as loading until the switches are read, never first as a page to reload', async () => {
    await fakeBrowser.storage.local.set({ marksEnabled: false });
    let answer: (on: boolean) => void = () => {};
    const read = vi.spyOn(marksEnabled, 'getValue').mockReturnValueOnce(new Promise((resolve) => (answer = resolve)));
    const tab = await fakeBrowser.tabs.create({ url: 'https://arxiv.org/abs/2406.01234' });
    const page = mount(<PageContainer tabId={tab.id!} />);
    await vi.waitFor(() => expect(read).toHaveBeenCalled());
    await act(() => new Promise((resolve) => setTimeout(resolve, 200))); // the tab and its (missing) report are read meanwhile
    expect(page.querySelector('.state-loading')).not.toBeNull();
    expect(text(page)).not.toContain('has not been read yet');
    await act(async () => answer(false));
    await vi.waitFor(() => expect(text(page.querySelector('.state-title'))).toBe('Marks are switched off.'));
    read.mockRestore();
  });

  it('names the arXiv switch on an ar5iv page, switches it on keeping the other, and shows the page as being read', async () => {
    await fakeBrowser.storage.local.set({ siteSwitches: { arxiv: false, semanticScholar: false } });
    const tab = await fakeBrowser.tabs.create({ url: 'https://ar5iv.labs.arxiv.org/html/2210.17323' });
    const page = mount(<PageContainer tabId={tab.id!} />);
    await vi.waitFor(() => expect(text(page.querySelector('.state-title'))).toBe('Marks are switched off for arXiv.'));
    await act(async () => page.querySelector<HTMLButtonElement>('.state-empty button')!.click());
    await vi.waitFor(async () => expect(await fakeBrowser.storage.local.get('siteSwitches')).toEqual({ siteSwitches: { arxiv: true, semanticScholar: false } }));
    // Read now: loading, not "reload the page", until its report comes.
    await vi.waitFor(() => expect(page.querySelector('.state-loading')).not.toBeNull());
    await saveTabMentions(tab.id!, { url: 'https://ar5iv.labs.arxiv.org/html/2210.17323', mentions: [{ methodId: 'gptq', count: 9 }], paused: false });
    await vi.waitFor(() => expect(methodsListed(page)).toEqual(['GPTQ']));
  });

  it('switches marks off before a site’s switch: all marks off is what the reader must undo first', async () => {
    await fakeBrowser.storage.local.set({ marksEnabled: false, siteSwitches: { arxiv: false, semanticScholar: true } });
    const tab = await fakeBrowser.tabs.create({ url: 'https://arxiv.org/abs/2406.01234' });
    const page = mount(<PageContainer tabId={tab.id!} />);
    await vi.waitFor(() => expect(text(page.querySelector('.state-title'))).toBe('Marks are switched off.'));
    await act(async () => page.querySelector<HTMLButtonElement>('.state-empty button')!.click());
    await vi.waitFor(() => expect(text(page.querySelector('.state-title'))).toBe('Marks are switched off for arXiv.'));
    // and stays so: the page is not being read while arXiv's switch is off.
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(text(page.querySelector('.state-title'))).toBe('Marks are switched off for arXiv.');
    expect(page.querySelector('.state-loading')).toBeNull();
  });

  it('never says "reload" on the way from switched off to being read', async () => {
    await fakeBrowser.storage.local.set({ marksEnabled: false });
    const tab = await fakeBrowser.tabs.create({ url: 'https://arxiv.org/abs/2406.01234' });
    const page = mount(<PageContainer tabId={tab.id!} />);
    await vi.waitFor(() => expect(text(page.querySelector('.state-title'))).toBe('Marks are switched off.'));
    const seen: string[] = [];
    const watcher = new MutationObserver(() => seen.push(text(page)));
    watcher.observe(page, { childList: true, subtree: true, characterData: true });
    await act(async () => page.querySelector<HTMLButtonElement>('.state-empty button')!.click());
    await vi.waitFor(() => expect(page.querySelector('.state-loading')).not.toBeNull());
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    watcher.disconnect();
    expect(seen.filter((shown) => shown.includes('Reload the page'))).toEqual([]);
  });

  it('shows a page its content script is reading as being read, not as a page to reload, until its report comes', async () => {
    const url = 'https://arxiv.org/abs/2406.01234';
    const tab = await fakeBrowser.tabs.create({ url });
    await saveTabMentions(tab.id!, { url, mentions: [], paused: false, readingAt: Date.now() });
    const page = mount(<PageContainer tabId={tab.id!} />);
    await vi.waitFor(() => expect(page.querySelector('.state-loading')).not.toBeNull());
    // and stays so: neither a page to reload nor one without methods.
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(page.querySelector('.state-loading')).not.toBeNull();
    expect(page.querySelector('.state-title')).toBeNull();
    await saveTabMentions(tab.id!, { url, mentions: [{ methodId: 'gptq', count: 3 }], paused: false });
    await vi.waitFor(() => expect(methodsListed(page)).toEqual(['GPTQ']));
  });

  it('shows a page said to be being read as a page to reload once no report has come for too long: its content script died or hangs', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const url = 'https://arxiv.org/abs/2406.01234';
      const tab = await fakeBrowser.tabs.create({ url });
      await saveTabMentions(tab.id!, { url, mentions: [], paused: false, readingAt: Date.now() });
      const page = mount(<PageContainer tabId={tab.id!} />);
      await vi.waitFor(() => expect(page.querySelector('.state-loading')).not.toBeNull());
      await act(async () => {
        await vi.advanceTimersByTimeAsync(READING_AT_MOST_MS - 1_000);
      });
      expect(page.querySelector('.state-loading')).not.toBeNull();
      // Said again (a page still waiting for its site's content): being read for as long again.
      await saveTabMentions(tab.id!, { url, mentions: [], paused: false, readingAt: Date.now() });
      await act(async () => {
        await vi.advanceTimersByTimeAsync(READING_AT_MOST_MS - 1_000);
      });
      expect(page.querySelector('.state-loading')).not.toBeNull();
      await act(async () => {
        await vi.advanceTimersByTimeAsync(1_000);
      });
      expect(text(page.querySelector('.state-title'))).toBe('This arXiv page has not been read yet.');
    } finally {
      vi.useRealTimers();
    }
  });

  it('shows a page said to be being read too long ago as a page to reload, as the popup opens', async () => {
    const url = 'https://arxiv.org/abs/2406.01234';
    const tab = await fakeBrowser.tabs.create({ url });
    await saveTabMentions(tab.id!, { url, mentions: [], paused: false, readingAt: Date.now() - READING_AT_MOST_MS });
    const page = mount(<PageContainer tabId={tab.id!} />);
    await vi.waitFor(() => expect(text(page.querySelector('.state-title'))).toBe('This arXiv page has not been read yet.'));
  });

  it('shows a page still loading as being read, and one loaded with no report as a page to reload', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://arxiv.org/abs/2406.01234' });
    const tabs = vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation(async (tabId) => ({ ...tab, id: tabId, status: 'loading' }));
    const page = mount(<PageContainer tabId={tab.id!} />);
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(page.querySelector('.state-loading')).not.toBeNull();
    expect(page.querySelector('.state-title')).toBeNull();
    tabs.mockRestore();
    await fakeBrowser.tabs.onUpdated.trigger(tab.id!, { status: 'complete' }, { ...tab, status: 'complete' });
    await vi.waitFor(() => expect(text(page.querySelector('.state-title'))).toBe('This arXiv page has not been read yet.'));
  });

  it('does not show a tab that keeps loading, with no report coming, as being read for ever', async () => {
    // A page with a resource that never ends keeps its tab "loading"; no report comes when no content
    // script is there (the tab was open before the extension was installed or updated) or it could not
    // read the page: "Loading" for as long as the tab loads hides that a reload is what it needs.
    const tab = await fakeBrowser.tabs.create({ url: 'https://arxiv.org/abs/2406.01234' });
    vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation(async (tabId) => ({ ...tab, id: tabId, status: 'loading' }));
    const page = mount(<PageContainer tabId={tab.id!} />);
    await vi.waitFor(() => expect(page.querySelector('.state-loading')).not.toBeNull());
    await vi.waitFor(() => expect(text(page.querySelector('.state-title'))).toBe('This arXiv page has not been read yet.'), { timeout: 8_000 });
    vi.restoreAllMocks();
  }, 15_000);

  it('reads a setting that cannot be read as its default, rather than loading for ever', async () => {
    const read = vi.spyOn(marksEnabled, 'getValue').mockRejectedValueOnce(new Error('The browser is shutting down.'));
    const tab = await fakeBrowser.tabs.create({ url: 'https://arxiv.org/abs/2406.01234' });
    const page = mount(<PageContainer tabId={tab.id!} />);
    await vi.waitFor(() => expect(text(page.querySelector('.state-title'))).toBe('This arXiv page has not been read yet.'));
    read.mockRestore();
  });
});

describe('a record window whose tab closes', () => {
  it('says the tab is closed, calmly, once it closes, and for a tab already closed when it opens', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://arxiv.org/abs/2406.01234' });
    await saveTabMentions(tab.id!, { url: 'https://arxiv.org/abs/2406.01234', mentions: [{ methodId: 'gptq', count: 2 }], paused: false });
    const page = mount(<PageContainer tabId={tab.id!} />);
    await vi.waitFor(() => expect(methodsListed(page)).toEqual(['GPTQ']));

    // The tab closes (the browser answers as Chrome does), and the background forgets its report: the
    // view reads again, and finds the tab gone.
    const closed = vi.spyOn(fakeBrowser.tabs, 'get').mockRejectedValue(new Error(`No tab with id: ${tab.id}.`));
    await forgetTab(tab.id!);
    await vi.waitFor(() => expect(text(page.querySelector('.state-title'))).toBe('The tab this window was opened from is closed.'));
    expect(page.querySelector('[role="alert"]')).toBeNull();
    expect(text(page)).not.toContain(String(tab.id));
    unmount();

    const later = mount(<PageContainer tabId={tab.id!} />);
    await vi.waitFor(() => expect(text(later.querySelector('.state-title'))).toBe('The tab this window was opened from is closed.'));
    closed.mockRestore();
  });
});
