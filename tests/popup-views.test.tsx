// @vitest-environment happy-dom
/** The popup's views as components, fed data as props: every state of the page view, search and snapshot views. */
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { PageView, type PageViewState, type SupportedSite } from '@/components/popup/PageView';
import type { ShowMention } from '@/lib/popup/show-mention-on';
import { SearchView } from '@/components/popup/SearchView';
import { SnapshotView } from '@/components/popup/SnapshotView';
import { TopicList } from '@/components/popup/TopicList';
import { NavigationProvider } from '@/components/popup/navigation';
import { routeSearch } from '@/lib/popup/route';
import type { PageSummary, PageSummaryMethod } from '@/lib/page-summary';
import type { MethodMatch, SnapshotInfo } from '@/lib/store/read';
import { mount, text, rerender, unmount } from './helpers/mount';
import { formatDateTime } from '@/lib/popup/format-time';



const row = (methodId: string, name: string, status: PageSummaryMethod['status'], count: number, counts: [number | null, number | null] = [null, null]): PageSummaryMethod => ({
  methodId,
  name,
  status,
  count,
  critiquedBy: counts[0],
  beatenBy: counts[1],
  rank: null,
  topic: 'LLM quantization',
});

const summary = (change: Partial<PageSummary>): PageSummary => ({
  tabId: 3,
  url: 'https://arxiv.org/abs/2406.01234',
  scanned: true,
  paused: false,
  methods: [],
  ...change,
});

const ARXIV: SupportedSite = { label: 'arXiv', switchLabel: 'arXiv' };

const pageState = (change: Partial<PageSummary>, supportedSite: SupportedSite | null = ARXIV): PageViewState => ({
  kind: 'summary',
  tabUrl: 'https://arxiv.org/abs/2406.01234',
  summary: summary(change),
  supportedSite,
});

describe('page view', () => {
  it('lists the methods in the order given, with a summary line, mentions and counts', () => {
    const page = mount(
      <PageView
        state={pageState({
          methods: [row('awq', 'AWQ', 'heavily superseded', 5, [9, 15]), row('aqlm', 'AQLM', 'superseded', 3), row('gptq', 'GPTQ', null, 1)],
        })}
      />,
    );
    expect(text(page.querySelector('.summary-line'))).toBe('3 methods: 1 heavily superseded, 1 superseded');
    const rows = [...page.querySelectorAll('.method-row')];
    expect(rows.map((item) => text(item.querySelector('.method-name')))).toEqual(['AWQ', 'AQLM', 'GPTQ']);
    expect(text(rows[0]!)).toContain('5 mentions here');
    expect(text(rows[0]!)).toContain('9 papers critique it · 15 beat it on benchmarks');
    expect(text(rows[2]!)).toContain('no status in the KB');
    expect(rows[0]!.querySelector('a')!.getAttribute('href')).toBe('popup.html?method=awq');
    expect(text(page.querySelector('.page-url'))).toBe('arxiv.org/abs/2406.01234');
  });

  it('says what the list’s status labels mean in a key every reader reaches, not in tooltips', async () => {
    const page = mount(<PageView state={pageState({ methods: [row('awq', 'AWQ', 'heavily superseded', 5), row('gptq', 'GPTQ', null, 1), row('quip', 'QuIP', null, 1)] })} />);
    expect(page.querySelectorAll('.method-row .ml-badge[title]')).toHaveLength(0);
    const key = page.querySelector<HTMLDetailsElement>('details.status-key')!;
    // A disclosure: a button to keyboard, touch and screen readers alike, closed so that it clutters no row.
    expect(text(key.querySelector('summary'))).toBe('What the labels mean');
    expect(key.open).toBe(false);
    await act(async () => key.querySelector('summary')!.click());
    expect(key.open).toBe(true);
    // Only the labels the list shows, each once, in the order of the statuses.
    expect([...key.querySelectorAll('dt')].map(text)).toEqual(['heavily superseded', 'no status in the KB']);
    expect([...key.querySelectorAll('dd')].map(text)).toEqual([
      'a standard baseline that newer methods routinely beat',
      'the knowledge base (KB) knows the method but gives it no status',
    ]);
  });

  it('says under which other names the page mentions a method, each quoted', () => {
    const page = mount(
      <PageView
        state={pageState({
          methods: [
            { ...row('glvq', 'Grouped Lattice Vector Quantization', null, 1), names: ['GLVQ'] },
            { ...row('gptq', 'GPTQ', null, 3), names: ['GPTQ', 'OPTQ', 'GPTQ-R'] },
          ],
        })}
      />,
    );
    expect([...page.querySelectorAll('.method-row-facts > span:first-child')].map((facts) => facts.textContent)).toEqual([
      '1 mention here, as “GLVQ”',
      '3 mentions here, also as “OPTQ”, “GPTQ-R”',
    ]);
  });

  it('says a method’s rank in the words the card and the record use, naming whose ranking it is', () => {
    const page = mount(
      <PageView
        state={pageState({
          methods: [
            { ...row('awq', 'AWQ', 'heavily superseded', 5, [9, 15]), rank: 2 },
            { ...row('adam', 'Adam', 'heavily superseded', 1, [null, 1]), rank: 1, topic: 'Optimizers' },
          ],
        })}
      />,
    );
    expect([...page.querySelectorAll('.method-row-facts')].map(text)).toEqual([
      '5 mentions here#2 among the most-superseded baselines in LLM quantization9 papers critique it · 15 beat it on benchmarks',
      '1 mention here#1 among the most-superseded baselines in Optimizers1 paper beats it on benchmarks',
    ]);
  });

  it('shows loading and error states', () => {
    expect(text(mount(<PageView state={{ kind: 'loading' }} />))).toContain('Loading this page’s methods…');
    unmount();
    const failed = mount(<PageView state={{ kind: 'error', error: 'The store could not be opened.' }} />);
    expect(failed.querySelector('[role="alert"]')?.textContent).toContain('The store could not be opened.');
  });

  it('says the tab a record window was opened from is closed as a state, not a failure', () => {
    const page = mount(<PageView state={{ kind: 'tab closed' }} />);
    expect(text(page.querySelector('.state-title'))).toBe('The tab this window was opened from is closed.');
    expect(page.querySelector('[role="alert"]')).toBeNull();
    expect(page.querySelector('.page-url')).toBeNull();
  });

  it('says when a page mentions no known method', () => {
    const page = mount(<PageView state={pageState({ methods: [] })} />);
    expect(document.title).toBe('This page — Method Lens');
    expect(text(page.querySelector('.state-title'))).toBe('No known methods on this page.');
    expect(page.querySelector('.method-list')).toBeNull();
  });

  it('explains other sites and pages not read yet differently', () => {
    const other = mount(<PageView state={{ kind: 'summary', tabUrl: 'https://example.org/', summary: summary({ scanned: false }), supportedSite: null }} />);
    expect(text(other.querySelector('.state-title'))).toBe('Method Lens does not read this page.');
    unmount();
    const unread = mount(<PageView state={pageState({ scanned: false })} />);
    expect(text(unread.querySelector('.state-title'))).toBe('This arXiv page has not been read yet.');
    expect(text(unread.querySelector('.state-title + p'))).toBe('Reload the page to have it read.');
    unmount();
    const older = mount(<PageView state={pageState({ scanned: false }, { label: 'ar5iv', switchLabel: 'arXiv' })} />);
    expect(text(older.querySelector('.state-title'))).toBe('This ar5iv page has not been read yet.');
  });

  it('says marks are switched off, for every site or for this one, and switches them on in one press', async () => {
    const switchOn = vi.fn(() => Promise.resolve());
    const marksOff = mount(<PageView state={pageState({ scanned: false }, { ...ARXIV, switchedOff: { what: 'marks', switchOn } })} />);
    expect(text(marksOff.querySelector('.state-empty'))).toBe('Marks are switched off. Method Lens reads no page while they are off. Switch marks on');
    await act(async () => marksOff.querySelector('button')!.click());
    expect(switchOn).toHaveBeenCalledOnce();
    expect(document.activeElement).toBe(marksOff.querySelector('#view-title'));
    unmount();
    // ar5iv is switched with arXiv: the state names the switch there is.
    const siteOff = mount(<PageView state={pageState({ scanned: false }, { label: 'ar5iv', switchLabel: 'arXiv', switchedOff: { what: 'site', switchOn } })} />);
    expect(text(siteOff.querySelector('.state-empty'))).toBe('Marks are switched off for arXiv. Method Lens reads no arXiv page while it is off. Switch arXiv on');
    unmount();
    const refused = mount(
      <PageView state={pageState({ scanned: false }, { ...ARXIV, switchedOff: { what: 'marks', switchOn: () => Promise.reject(new Error('Storage is full.')) } })} />,
    );
    await act(async () => refused.querySelector('button')!.click());
    expect(refused.querySelector('[role="alert"]')?.textContent).toContain('Storage is full.');
  });

  it('tells a screen reader, politely and once, what the page holds when its methods are read', async () => {
    const methods = [row('awq', 'AWQ', 'heavily superseded', 5), row('gptq', 'GPTQ', null, 1)];
    const page = mount(<PageView state={{ kind: 'loading' }} />);
    // There, empty, while the page loads: a live region drawn with its words already in it is not announced.
    const region = page.querySelector('[role="status"]')!;
    expect(region.textContent).toBe('');
    const said: string[] = [];
    const changes = new MutationObserver(() => region.textContent && said.push(region.textContent));
    changes.observe(region, { childList: true, subtree: true, characterData: true });
    const heard = async () => {
      await act(async () => {});
      return said.splice(0);
    };
    rerender(<PageView state={pageState({ methods })} />);
    expect(await heard()).toEqual(['2 methods: 1 heavily superseded']);
    // Read again (a new report, a refresh), with more found or not: nothing is said again.
    rerender(<PageView state={pageState({ methods })} />);
    rerender(<PageView state={pageState({ methods: [...methods, row('aqlm', 'AQLM', 'superseded', 1)] })} />);
    expect(await heard()).toEqual([]);
    expect(page.querySelector('[role="status"]')).toBe(region);
    // Read anew (marks switched on, the page reloaded): said anew, as it is now.
    rerender(<PageView state={{ kind: 'loading' }} />);
    expect(await heard()).toEqual([]);
    rerender(<PageView state={pageState({ methods: methods.slice(1) })} />);
    expect(await heard()).toEqual(['1 method, none with a status in the KB']);
    // Another page in the tab, once it is read; a page naming none says so.
    rerender(<PageView state={{ kind: 'loading' }} />);
    rerender(<PageView state={pageState({ url: 'https://arxiv.org/abs/2306.00978', methods: [] })} />);
    expect(await heard()).toEqual(['No known methods on this page.']);
    changes.disconnect();
  });

  it('says so when the page was paused as runaway', () => {
    const page = mount(<PageView state={pageState({ paused: true, methods: [row('awq', 'AWQ', 'heavily superseded', 2)] })} />);
    expect(text(page.querySelector('.note-warning'))).toContain('stopped re-reading it');
    expect(page.querySelectorAll('.method-row')).toHaveLength(1);
  });

  it('offers to scan an arXiv PDF’s HTML version, then shows progress, an error, or the methods', () => {
    const onScan = vi.fn();
    const pdf = (scan: Extract<PageViewState, { kind: 'pdf' }>['scan']): PageViewState => ({
      kind: 'pdf',
      tabUrl: 'https://arxiv.org/pdf/2406.01234',
      arxivId: '2406.01234',
      scan,
      onScan,
    });
    const offer = mount(<PageView state={pdf(null)} />);
    expect(text(offer.querySelector('.pdf-offer p'))).toBe(
      'This is the PDF of arXiv paper 2406.01234; Method Lens cannot read PDFs in place. It can read the paper’s HTML version instead: arXiv’s, or for a paper arXiv has none of (most from before December 2023), ar5iv’s (arXiv Labs).',
    );
    const button = offer.querySelector('button')!;
    expect(button.textContent).toBe('Scan the HTML version');
    act(() => button.click());
    expect(onScan).toHaveBeenCalledOnce();
    unmount();

    // While it reads, the button stays focusable and says it is busy; pressing it asks nothing more.
    onScan.mockClear();
    const busy = mount(<PageView state={pdf({ state: 'loading' })} />);
    const busyButton = busy.querySelector('button')!;
    expect(busyButton.getAttribute('aria-disabled')).toBe('true');
    expect(busyButton.textContent).toBe('Reading the HTML version…');
    act(() => busyButton.click());
    expect(onScan).not.toHaveBeenCalled();
    unmount();

    const failed = mount(<PageView state={pdf({ state: 'error', error: 'arXiv has no HTML version of this paper.' })} />);
    expect(failed.querySelector('[role="alert"]')?.textContent).toContain('arXiv has no HTML version of this paper.');
    unmount();

    const done = mount(
      <PageView
        state={pdf({ state: 'ready', value: { url: 'https://arxiv.org/html/2406.01234v2', source: 'arxiv', methods: [row('awq', 'AWQ', 'heavily superseded', 18)] } })}
      />,
    );
    expect(done.querySelector('a[href="https://arxiv.org/html/2406.01234v2"]')).not.toBeNull();
    expect(text(done.querySelector('.note'))).toBe('Read from the paper’s HTML version.');
    expect(text(done.querySelector('.summary-line'))).toBe('1 method: 1 heavily superseded');
    // Mentions in the HTML version are not on the tab's page: nothing to show there.
    expect(done.querySelector('.show-on-page')).toBeNull();
    unmount();

    // An older paper, read from ar5iv: the note says whose HTML it is, and that its version may differ.
    const older = mount(
      <PageView
        state={pdf({ state: 'ready', value: { url: 'https://ar5iv.labs.arxiv.org/html/2210.17323', source: 'ar5iv', methods: [row('gptq', 'GPTQ', null, 40)] } })}
      />,
    );
    expect(older.querySelector('a[href="https://ar5iv.labs.arxiv.org/html/2210.17323"]')?.textContent).toBe('HTML version');
    expect(text(older.querySelector('.note'))).toBe(
      'arXiv has no HTML version of this paper: read from ar5iv’s HTML version (arXiv Labs), which is made from one version of each paper, not necessarily this one.',
    );
  });
});

describe('Show on page', () => {
  const methods = [row('awq', 'AWQ', 'heavily superseded', 2), row('gptq', 'GPTQ', null, 1)];
  const showing = (showMention: ShowMention): PageViewState => ({ ...(pageState({ methods }) as Extract<PageViewState, { kind: 'summary' }>), showMention });
  const rowOf = (page: HTMLElement, name: string) => [...page.querySelectorAll('.method-row')].find((item) => text(item.querySelector('.method-name')) === name)!;
  /** Presses the row's button and waits for what it says (a task later: the answer is a promise away). */
  const press = async (item: Element) => {
    await act(async () => {
      item.querySelector<HTMLButtonElement>('.show-on-page button')!.click();
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
  };

  it('shows each mention in turn, from the first again past the last, saying which of how many', async () => {
    const show = vi.fn(async (_methodId: string, index: number) => ({ index: index % 2, count: 2 }));
    const page = mount(<PageView state={showing(show)} />);
    const awq = rowOf(page, 'AWQ');
    const button = awq.querySelector('.show-on-page button')!;
    // Its name says which method, for a screen reader's list of buttons; its visible words are short.
    expect(text(button)).toBe('Show AWQ on page');
    expect(button.querySelector('.visually-hidden')?.textContent).toBe(' AWQ');
    const said = awq.querySelector('.show-on-page [aria-live="polite"]')!;
    expect(said.textContent).toBe('');
    await press(awq);
    expect(show).toHaveBeenLastCalledWith('awq', 0);
    expect(said.textContent).toBe('1 of 2');
    expect(text(button)).toBe('Next AWQ on page');
    await press(awq);
    expect(show).toHaveBeenLastCalledWith('awq', 1);
    expect(said.textContent).toBe('2 of 2');
    await press(awq);
    expect(show).toHaveBeenLastCalledWith('awq', 2);
    expect(said.textContent).toBe('1 of 2');
    // Each row keeps its own place.
    await press(rowOf(page, 'GPTQ'));
    expect(show).toHaveBeenLastCalledWith('gptq', 0);
  });

  it('says when none of its mentions shows on the page now, and starts from the first again', async () => {
    const show = vi.fn(async () => ({ index: 0, count: 0 }));
    const page = mount(<PageView state={showing(show)} />);
    const awq = rowOf(page, 'AWQ');
    await press(awq);
    expect(text(awq.querySelector('.show-on-page [aria-live="polite"]'))).toBe('None of its mentions shows on the page now.');
    await press(awq);
    expect(show).toHaveBeenLastCalledWith('awq', 0);
  });

  it('says in plain words when the page did not answer, and keeps the reader’s place', async () => {
    let answers = true;
    const show = vi.fn(async (_methodId: string, index: number) => {
      if (!answers) throw new Error('The page did not answer: reload it, then try again.');
      return { index, count: 3 };
    });
    const page = mount(<PageView state={showing(show)} />);
    const awq = rowOf(page, 'AWQ');
    await press(awq);
    answers = false;
    await press(awq);
    expect(show).toHaveBeenLastCalledWith('awq', 1);
    expect(text(awq.querySelector('.show-on-page-failure'))).toBe('The page did not answer: reload it, then try again.');
    answers = true;
    await press(awq);
    expect(show).toHaveBeenLastCalledWith('awq', 1);
    expect(text(awq.querySelector('.show-on-page [aria-live="polite"]'))).toBe('2 of 3');
  });

  it('asks once while an answer is on its way', async () => {
    let answer!: (shown: { index: number; count: number }) => void;
    const show = vi.fn(() => new Promise<{ index: number; count: number }>((resolve) => (answer = resolve)));
    const page = mount(<PageView state={showing(show)} />);
    const awq = rowOf(page, 'AWQ');
    await press(awq);
    await press(awq);
    expect(show).toHaveBeenCalledOnce();
    await act(async () => answer({ index: 0, count: 2 }));
    expect(text(awq.querySelector('.show-on-page [aria-live="polite"]'))).toBe('1 of 2');
  });

  it('is not offered without a tab to show them in', () => {
    const page = mount(<PageView state={pageState({ methods })} />);
    expect(page.querySelector('.show-on-page')).toBeNull();
  });
});

describe('a page naming thousands of methods', () => {
  // A page may report 20,000 methods (MAX_MARKS), a survey read with a large snapshot hundreds: drawn at once,
  // 2,000 rows kept the popup blank, and every row came before what follows the list.
  it('draws 50 rows at a time, most superseded first; Show more draws the next 50 and takes focus to the first of them', () => {
    const methods = Array.from({ length: 2_000 }, (_, i) => row(`method-${i + 1}`, `Method ${i + 1}`, i < 10 ? 'heavily superseded' : null, 1));
    const page = mount(<PageView state={pageState({ methods })} />);
    const names = () => [...page.querySelectorAll('.method-row')].map((item) => text(item.querySelector('.method-name')));
    expect(names()).toEqual(methods.slice(0, 50).map((method) => method.name));
    // The summary line still counts them all.
    expect(text(page.querySelector('.summary-line'))).toBe('2,000 methods: 10 heavily superseded');
    expect(text(page.querySelector('.show-more'))).toBe('50 of 2,000 methods shown. Show 50 more methods');
    act(() => page.querySelector<HTMLButtonElement>('.show-more button')!.click());
    expect(names()).toEqual(methods.slice(0, 100).map((method) => method.name));
    expect(document.activeElement).toBe(page.querySelectorAll('.method-row')[50]!.querySelector('a'));
  });

  it('starts at the first 50 again for another page in the tab, not for the same page read again', () => {
    const methods = Array.from({ length: 200 }, (_, i) => row(`method-${i + 1}`, `Method ${i + 1}`, null, 1));
    const results = 'https://www.semanticscholar.org/search?q=quantization';
    const page = mount(<PageView state={pageState({ url: results, methods })} />);
    const rows = () => page.querySelectorAll('.method-row').length;
    act(() => page.querySelector<HTMLButtonElement>('.show-more button')!.click());
    expect(rows()).toBe(100);
    // The same page reported again, one more method found, or at another fragment: the rows shown stay.
    rerender(<PageView state={pageState({ url: results, methods: [...methods, row('awq', 'AWQ', null, 1)] })} />);
    rerender(<PageView state={pageState({ url: `${results}#results`, methods: [...methods, row('awq', 'AWQ', null, 1)] })} />);
    expect(rows()).toBe(100);
    // The page went on to another address by itself (Semantic Scholar, a single-page app, from its search
    // results to a paper), its report replacing the last with no load between: its list starts at its top.
    rerender(<PageView state={pageState({ url: 'https://www.semanticscholar.org/paper/0123456789abcdef', methods })} />);
    expect(rows()).toBe(50);
    expect(text(page.querySelector('.show-more'))).toBe('50 of 200 methods shown. Show 50 more methods');
  });
});

describe('search view', () => {
  const matches: MethodMatch[] = [
    { id: 'awq', name: 'AWQ', aliases: [], topic: 'LLM quantization', status: 'heavily superseded', matched: 'AWQ' },
    { id: 'aq-sgd', name: 'AQ-SGD', aliases: [], topic: 'LLM quantization', status: null, matched: 'AQ-SGD' },
    { id: 'gptq', name: 'GPTQ', aliases: ['OPTQ'], topic: 'LLM quantization', status: null, matched: 'OPTQ' },
  ];

  function keydown(element: Element, key: string) {
    act(() => {
      element.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    });
  }

  it('follows the combobox pattern: arrows move, Enter opens, Escape clears', () => {
    const onOpen = vi.fn();
    const onQuery = vi.fn();
    const page = mount(<SearchView query="a" matches={matches} onQuery={onQuery} onOpen={onOpen} />);
    expect(document.title).toBe('Search — Method Lens');
    const input = page.querySelector<HTMLInputElement>('input[role="combobox"]')!;
    const listbox = page.querySelector('[role="listbox"]')!;
    expect(input.getAttribute('aria-expanded')).toBe('true');
    expect(input.getAttribute('aria-controls')).toBe(listbox.id);
    expect(page.querySelector(`label[for="${input.id}"]`)?.textContent).toBe('Method name or alias');
    expect(input.getAttribute('aria-activedescendant')).toBe('search-option-awq');
    keydown(input, 'ArrowDown');
    keydown(input, 'ArrowDown');
    expect(input.getAttribute('aria-activedescendant')).toBe('search-option-gptq');
    expect(page.querySelector('#search-option-gptq')!.getAttribute('aria-selected')).toBe('true');
    expect(text(page.querySelector('#search-option-gptq'))).toContain('GPTQ (as OPTQ)');
    keydown(input, 'ArrowDown');
    expect(input.getAttribute('aria-activedescendant')).toBe('search-option-awq');
    keydown(input, 'ArrowUp');
    keydown(input, 'Enter');
    expect(onOpen).toHaveBeenCalledWith(matches[2]);
    keydown(input, 'Escape');
    expect(onQuery).toHaveBeenCalledWith('');
  });

  it('scrolls the highlighted option into view as the arrows move it', () => {
    const scrolled: [string, unknown][] = [];
    const spy = vi.spyOn(Element.prototype, 'scrollIntoView').mockImplementation(function (this: Element, options) {
      scrolled.push([this.id, options]);
    });
    try {
      const page = mount(<SearchView query="a" matches={matches} onQuery={() => {}} onOpen={() => {}} />);
      const input = page.querySelector<HTMLInputElement>('input[role="combobox"]')!;
      scrolled.length = 0;
      keydown(input, 'ArrowUp'); // wraps to the last option, which may lie below the list's fold
      expect(scrolled).toEqual([['search-option-gptq', { block: 'nearest' }]]);
      keydown(input, 'ArrowDown');
      expect(scrolled.at(-1)).toEqual(['search-option-awq', { block: 'nearest' }]);
    } finally {
      spy.mockRestore();
    }
  });

  it('keeps the highlight when the same matches come again, and starts over for new ones', () => {
    const onOpen = vi.fn();
    const page = mount(<SearchView query="a" matches={matches} onQuery={() => {}} onOpen={onOpen} />);
    const input = page.querySelector<HTMLInputElement>('input[role="combobox"]')!;
    keydown(input, 'ArrowDown');
    // A parent re-render hands over an equal list in a new array.
    rerender(<SearchView query="a" matches={matches.map((match) => ({ ...match }))} onQuery={() => {}} onOpen={onOpen} />);
    expect(input.getAttribute('aria-activedescendant')).toBe('search-option-aq-sgd');
    keydown(input, 'Enter');
    expect(onOpen).toHaveBeenLastCalledWith(matches[1]);
    rerender(<SearchView query="aw" matches={[matches[0]!, matches[2]!]} onQuery={() => {}} onOpen={onOpen} />);
    expect(input.getAttribute('aria-activedescendant')).toBe('search-option-awq');
  });

  it('reports typing, and says when nothing matches', () => {
    const onQuery = vi.fn();
    const page = mount(<SearchView query="zz" matches={[]} onQuery={onQuery} onOpen={() => {}} />);
    const input = page.querySelector<HTMLInputElement>('input')!;
    expect(input.getAttribute('aria-expanded')).toBe('false');
    expect(text(page.querySelector('.combobox-empty'))).toBe('No method or alias starts with “zz”.');
    act(() => {
      input.value = 'zzz';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(onQuery).toHaveBeenCalledWith('zzz');
  });

  it('shows a hint before anything is typed', () => {
    const page = mount(<SearchView query="" matches={null} onQuery={() => {}} onOpen={() => {}} />);
    expect(text(page.querySelector('.hint'))).toContain('Enter to open');
    expect(page.querySelector<HTMLElement>('[role="listbox"]')!.hidden).toBe(true);
  });
});

describe('snapshot view', () => {
  const info = (change: Partial<SnapshotInfo> = {}): SnapshotInfo => ({
    source: 'chrome-extension://abc/snapshot/index.json',
    generatedAt: '2026-06-18T00:00:00.000Z',
    snapshotKey: 'k',
    topics: [{ name: 'LLM quantization', updated: '2026-06-18', methods: 40 }],
    totals: { methods: 40, critiques: 12, results: 24 },
    lastRefresh: { at: '2026-06-18T10:00:00.000Z', ok: true, outcome: 'updated', topicsChanged: 1, methods: 40 },
    lastError: null,
    progress: null,
    ...change,
  });
  const idle = { progress: null, running: false, requestError: null, start: vi.fn() };

  it('shows source, date, counts, topics and the last refresh; Refresh now starts one', () => {
    const start = vi.fn();
    const page = mount(<SnapshotView info={info()} refresh={{ ...idle, start }} />);
    const facts = [...page.querySelectorAll('.fact')].map((fact) => [text(fact.querySelector('dt')), text(fact.querySelector('dd'))]);
    expect(facts).toEqual([
      ['Source', 'bundled with the extension'],
      ['Published', 'Jun 18, 2026'],
      ['Holds', '40 methods, 12 critiques quoted, 24 head-to-head results'],
    ]);
    expect(text(page.querySelector('.topic-list-facts'))).toBe('40 methods · updated Jun 18, 2026');
    expect(text(page.querySelector('[role="status"]'))).toMatch(/^New snapshot loaded Jun 18, 2026, \d\d:\d\d · 40 methods$/);
    const button = [...page.querySelectorAll('button')].find((candidate) => candidate.textContent === 'Refresh now')!;
    act(() => button.click());
    expect(start).toHaveBeenCalledOnce();
  });

  const downloading = (kB: number, percent: number) => ({ step: 'Downloading LLM quantization', label: `Downloading LLM quantization · ${kB} kB`, percent });

  it('shows progress and disables the button while a refresh runs', () => {
    const page = mount(<SnapshotView info={info()} refresh={{ ...idle, running: true, progress: downloading(12, 34) }} />);
    const status = page.querySelector('[role="status"]')!;
    const shown = status.querySelector('[aria-hidden="true"]')!;
    expect(text(shown)).toBe('Refreshing: Downloading LLM quantization · 12 kB 34%');
    expect(text(status.querySelector('.visually-hidden'))).toBe('Refreshing: Downloading LLM quantization, 30%');
    const bar = page.querySelector<HTMLProgressElement>('progress')!;
    expect(bar.getAttribute('value')).toBe('34');
    expect(status.contains(bar)).toBe(false); // readable on demand, never announced
    expect(page.querySelector('button')!.getAttribute('aria-disabled')).toBe('true');
  });

  it('lets the live region change only on a new step or a new tenth, while the bar follows every tick', () => {
    const running = (tick: ReturnType<typeof downloading>) => (
      <SnapshotView info={info()} refresh={{ ...idle, running: true, progress: tick }} />
    );
    const page = mount(running(downloading(0, 0)));
    const status = page.querySelector('[role="status"]')!;
    // What a screen reader is told: a change in the live region outside its aria-hidden parts.
    const observer = new MutationObserver(() => undefined);
    observer.observe(status, { subtree: true, childList: true, characterData: true, attributes: true });
    const audible = (record: MutationRecord) => {
      const element = record.target instanceof Element ? record.target : record.target.parentElement;
      return !element?.closest('[aria-hidden="true"]');
    };
    const heard: string[] = [];
    for (let kB = 1; kB <= 45; kB++) {
      rerender(running(downloading(kB, kB)));
      if (observer.takeRecords().some(audible)) heard.push(text(status.querySelector('.visually-hidden')));
    }
    observer.disconnect();
    expect(page.querySelector('progress')!.getAttribute('value')).toBe('45');
    expect(text(status.querySelector('[aria-hidden="true"]'))).toBe('Refreshing: Downloading LLM quantization · 45 kB 45%');
    expect([...new Set(heard)]).toEqual([
      'Refreshing: Downloading LLM quantization, 10%',
      'Refreshing: Downloading LLM quantization, 20%',
      'Refreshing: Downloading LLM quantization, 30%',
      'Refreshing: Downloading LLM quantization, 40%',
    ]);
  });

  it('tells a screen reader each refresh’s outcome, also one said in the same words as the last (up to date again within the minute)', () => {
    // The bundled snapshot is checked in well under a second: the popup's live query may never see the
    // refresh run, and goes from one "Up to date (checked …, 14:05)" straight to the next. The region
    // must still change, or a reader who pressed Refresh now hears nothing at all.
    const checked = (at: string) => info({ lastRefresh: { at, ok: true, outcome: 'up to date', topicsChanged: 0, methods: 40 } });
    const failed = (at: string) => info({ lastError: { what: 'The snapshot at https://kb.example/index.json answered with HTTP 503.', url: 'https://kb.example/index.json', at } });
    const page = mount(<SnapshotView info={checked('2026-06-18T10:00:05.000Z')} refresh={idle} />);
    const status = page.querySelector('[role="status"]')!;
    const observer = new MutationObserver(() => undefined);
    observer.observe(status, { subtree: true, childList: true, characterData: true });
    /** Whether the region changed in a way a screen reader announces: text added or changed in it. */
    const announced = () => observer.takeRecords().some((record) => record.type === 'characterData' || [...record.addedNodes].some((node) => node.textContent));
    const said = text(status);
    rerender(<SnapshotView info={checked('2026-06-18T10:00:35.000Z')} refresh={idle} />);
    expect(text(status)).toBe(said); // the same words…
    expect(announced()).toBe(true); // …said again
    // A failure again, in the same words, within the minute: said again too.
    rerender(<SnapshotView info={failed('2026-06-18T10:00:40.000Z')} refresh={idle} />);
    expect(announced()).toBe(true);
    rerender(<SnapshotView info={failed('2026-06-18T10:00:50.000Z')} refresh={idle} />);
    expect(announced()).toBe(true);
    // The store read again with nothing new (a live query's answer to another write) is no news.
    rerender(<SnapshotView info={failed('2026-06-18T10:00:50.000Z')} refresh={idle} />);
    expect(announced()).toBe(false);
    observer.disconnect();
  });

  it('shows the last error in plain words beside the last successful refresh, and a URL source as it is', () => {
    const lastError = { what: 'The snapshot at https://kb.example/index.json answered with HTTP 500.', url: 'https://kb.example/index.json', at: '2026-06-18T11:00:00.000Z' };
    const page = mount(<SnapshotView info={info({ lastError, source: 'https://kb.example/index.json' })} refresh={idle} />);
    const status = text(page.querySelector('[role="status"]'));
    expect(status).toMatch(
      /^The last refresh failed \(Jun 18, 2026, \d\d:\d\d\): The snapshot at https:\/\/kb\.example\/index\.json answered with HTTP 500\. The snapshot was kept as it was\. Last successful refresh: new snapshot loaded Jun 18, 2026, \d\d:\d\d · 40 methods$/,
    );
    expect(text(page.querySelector('.source-url'))).toBe('https://kb.example/index.json');
  });

  it('says when the background tries again by itself, while that is still to come', () => {
    const inTenMinutes = new Date(Date.now() + 10 * 60_000);
    const pad = (value: number) => String(value).padStart(2, '0');
    const lastError = { what: 'The snapshot at https://kb.example/index.json answered with HTTP 503.', url: 'https://kb.example/index.json', at: new Date().toISOString(), nextTryAt: inTenMinutes.toISOString() };
    const page = mount(<SnapshotView info={info({ lastError, source: 'https://kb.example/index.json' })} refresh={idle} />);
    expect(text(page.querySelector('.refresh-error'))).toMatch(
      new RegExp(`HTTP 503\\. The snapshot was kept as it was\\. Method Lens tries again by itself at \\w+ \\d+, \\d{4}, ${pad(inTenMinutes.getHours())}:${pad(inTenMinutes.getMinutes())}\\.$`),
    );
    unmount();
    // A time already passed was overtaken (the browser was closed then): it is not shown.
    const passed = mount(<SnapshotView info={info({ lastError: { ...lastError, nextTryAt: '2026-06-18T11:05:00.000Z' } })} refresh={idle} />);
    expect(text(passed.querySelector('.refresh-error'))).toMatch(/HTTP 503\. The snapshot was kept as it was\.$/);
  });

  it('says when no refresh has succeeded at all, beside the error', () => {
    const lastError = { what: 'The bundled snapshot could not be read.', url: 'chrome-extension://abc/snapshot/index.json', at: '2026-06-18T11:00:00.000Z' };
    const page = mount(<SnapshotView info={info({ lastError, lastRefresh: null })} refresh={idle} />);
    expect(text(page.querySelector('[role="status"]'))).toMatch(/kept as it was\. No refresh has succeeded yet\.$/);
    unmount();
    // An empty store (its first filling failed) had no snapshot to keep.
    const empty = mount(<SnapshotView info={info({ lastError, lastRefresh: null, source: null, topics: [], totals: { methods: 0, critiques: 0, results: 0 } })} refresh={idle} />);
    expect(text(empty.querySelector('[role="status"]'))).toMatch(
      /^The last refresh failed \(Jun 18, 2026, \d\d:\d\d\): The bundled snapshot could not be read\. No refresh has succeeded yet\.$/,
    );
  });

  const actions = (page: HTMLElement) => [...page.querySelectorAll('.actions button')].map((button) => [text(button), button.classList.contains('button-primary')]);

  it('with the bundled snapshot chosen, says where a newer one would come from and offers that first, Refresh now after it', () => {
    const start = vi.fn();
    const openOptions = vi.fn();
    const page = mount(<SnapshotView info={info()} chosen={{ kind: 'bundled' }} refresh={{ ...idle, start }} onOpenOptions={openOptions} />);
    expect(actions(page)).toEqual([
      ['Set a snapshot URL…', true],
      ['Refresh now', false],
    ]);
    expect(text(page.querySelector('.snapshot-source-note'))).toBe(
      'The bundled snapshot only changes when the extension is updated. A newer one comes from a published snapshot’s address, set in the options.',
    );
    act(() => page.querySelector<HTMLButtonElement>('.button-primary')!.click());
    expect(openOptions).toHaveBeenCalledOnce();
    expect(start).not.toHaveBeenCalled();
    unmount();
    // A URL chosen: Refresh now asks it for news, and comes first.
    const url = mount(<SnapshotView info={info({ source: 'https://kb.example/index.json' })} chosen={{ kind: 'url', url: 'https://kb.example/index.json' }} refresh={idle} onOpenOptions={openOptions} />);
    expect(actions(url)).toEqual([
      ['Refresh now', true],
      ['Change source…', false],
    ]);
    expect(url.querySelector('.snapshot-source-note')).toBeNull();
    unmount();
    // The bundled snapshot failed to load, or is still to replace one from a URL: a refresh is what helps.
    const lastError = { what: 'The bundled snapshot could not be read.', url: 'chrome-extension://abc/snapshot/index.json', at: '2026-06-18T11:00:00.000Z' };
    for (const state of [info({ lastError }), info({ lastError, source: null }), info({ source: 'https://kb.example/index.json' })]) {
      const page = mount(<SnapshotView info={state} chosen={{ kind: 'bundled' }} refresh={idle} onOpenOptions={openOptions} />);
      expect(actions(page)).toEqual([
        ['Refresh now', true],
        ['Change source…', false],
      ]);
      unmount();
    }
  });

  it('names a chosen snapshot URL no snapshot was loaded from yet beside the source in use, as the options page does', () => {
    const chosen = { kind: 'url', url: 'https://kb.example/index.json' } as const;
    const page = mount(<SnapshotView info={info()} chosen={chosen} refresh={idle} onOpenOptions={vi.fn()} />);
    const facts = [...page.querySelectorAll('.fact')].map((fact) => [text(fact.querySelector('dt')), text(fact.querySelector('dd'))]);
    expect(facts.slice(0, 2)).toEqual([
      ['Source', 'bundled with the extension'],
      ['Chosen', 'https://kb.example/index.json, no snapshot loaded from it yet'],
    ]);
    unmount();
    // Loaded from it: one source, said once.
    const loaded = mount(<SnapshotView info={info({ source: chosen.url })} chosen={chosen} refresh={idle} onOpenOptions={vi.fn()} />);
    expect([...loaded.querySelectorAll('.fact dt')].map(text)).toEqual(['Source', 'Published', 'Holds']);
  });

  it('after a cancel, names the success before it as the last successful refresh, not as news', () => {
    const lastError = { what: 'The snapshot at https://kb.example/index.json answered with HTTP 503.', url: 'https://kb.example/index.json', at: '2026-06-18T11:00:00.000Z' };
    const page = mount(<SnapshotView info={info({ lastError })} refresh={{ ...idle, cancelled: true }} />);
    // The failure before the cancel is no longer the last refresh's outcome (see use-refresh.test.tsx).
    expect(text(page.querySelector('[role="status"]'))).toMatch(
      /^Refresh cancelled: the snapshot in use was kept as it was\. Last successful refresh: new snapshot loaded Jun 18, 2026, \d\d:\d\d · 40 methods$/,
    );
  });

  it('after a cancel, still says when the background tries again by itself, planned by the failure before it', () => {
    const nextTryAt = new Date(Date.now() + 3_600_000).toISOString();
    const lastError = { what: 'The snapshot at https://kb.example/index.json answered with HTTP 503.', url: 'https://kb.example/index.json', at: '2026-06-18T11:00:00.000Z', nextTryAt };
    const page = mount(<SnapshotView info={info({ lastError })} refresh={{ ...idle, cancelled: true }} />);
    expect(text(page.querySelector('.refresh-cancelled'))).toBe(
      `Refresh cancelled: the snapshot in use was kept as it was. Method Lens tries again by itself at ${formatDateTime(nextTryAt)}.`,
    );
    expect(page.querySelector('.refresh-error')).toBeNull();
  });

  it('says when the background could not be asked, and when nothing was refreshed yet', () => {
    const page = mount(<SnapshotView info={info({ lastRefresh: null })} refresh={{ ...idle, requestError: 'Method Lens’s background did not answer: try again; if it keeps failing, restart the browser.' }} />);
    expect(text(page.querySelector('[role="status"]'))).toBe('The refresh could not be started: Method Lens’s background did not answer: try again; if it keeps failing, restart the browser. Not refreshed yet.');
    unmount();
    const fresh = mount(<SnapshotView info={info({ lastRefresh: null })} refresh={idle} />);
    expect(text(fresh.querySelector('[role="status"]'))).toBe('Not refreshed yet.');
  });
});

describe('long topic lists', () => {
  const topics = Array.from({ length: 2_000 }, (_, i) => `Topic ${String(i + 1).padStart(4, '0')}`);
  const bigInfo: SnapshotInfo = {
    source: 'https://kb.example/index.json',
    generatedAt: '2026-06-18T00:00:00.000Z',
    snapshotKey: 'k',
    topics: topics.map((name) => ({ name, updated: '2026-06-18', methods: 10 })),
    totals: { methods: 20_000, critiques: 0, results: 0 },
    lastRefresh: null,
    lastError: null,
    progress: null,
  };
  const summaries = topics.map((name) => ({ name, updated: '2026-06-18', counts: { methods: 10, critiques: 0, results: 0, alternatives: 0 } }));
  const idle = { progress: null, running: false, requestError: null, start: vi.fn() };

  // 2,000 topics drawn at once kept the popup blank for 0.75 s (the snapshot view) to 2 s (the topic list),
  // and put 2,000 Tab stops before the snapshot view's Refresh now.
  it.each([
    ['the snapshot view', () => <SnapshotView info={bigInfo} refresh={idle} />, '.topic-list'],
    ['the topic list', () => <TopicList topics={summaries} />, '.topic-list'],
  ])('%s draws 50 topics at a time; Show more draws the next 50 and takes focus to the first of them', (_, view, list) => {
    const page = mount(view());
    const rows = () => [...page.querySelectorAll(`${list} > li`)].map((row) => text(row.querySelector('a')));
    expect(rows()).toEqual(topics.slice(0, 50));
    const more = page.querySelector<HTMLButtonElement>('.show-more button')!;
    expect(text(page.querySelector('.show-more'))).toBe('50 of 2,000 topics shown. Show 50 more topics');
    act(() => more.click());
    expect(rows()).toEqual(topics.slice(0, 100));
    expect(document.activeElement).toBe(page.querySelectorAll(`${list} > li a`)[50]);
    expect(text(page.querySelector('.show-more'))).toBe('100 of 2,000 topics shown. Show 50 more topics');
  });

  it('says nothing more when every topic is shown', () => {
    const page = mount(<TopicList topics={summaries.slice(0, 50)} />);
    expect(page.querySelectorAll('.topic-list > li')).toHaveLength(50);
    expect(page.querySelector('.show-more')).toBeNull();
  });

  it('the snapshot view’s last page shows what is left', () => {
    const page = mount(<SnapshotView info={{ ...bigInfo, topics: bigInfo.topics.slice(0, 70) }} refresh={idle} />);
    expect(text(page.querySelector('.show-more'))).toBe('50 of 70 topics shown. Show 20 more topics');
    act(() => page.querySelector<HTMLButtonElement>('.show-more button')!.click());
    expect(page.querySelectorAll('.topic-list > li')).toHaveLength(70);
    expect(page.querySelector('.show-more')).toBeNull();
  });
});

describe('navigation', () => {
  it('handles plain clicks on view links itself', () => {
    const navigate = vi.fn();
    const page = mount(
      <NavigationProvider value={{ navigate, replace: vi.fn(), search: (route) => routeSearch(route) }}>
        <TopicList topics={[{ name: 'Optimizers', updated: '2025-04-20', counts: { methods: 2, critiques: 1, results: 1, alternatives: 1 } }]} />
      </NavigationProvider>,
    );
    const link = page.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('popup.html?topic=Optimizers');
    act(() => link.click());
    expect(navigate).toHaveBeenCalledWith({ view: 'topic', name: 'Optimizers' });
  });
});
