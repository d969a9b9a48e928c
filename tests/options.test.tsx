// @vitest-environment happy-dom
/** The options page's sections as components: the source field checked as typed, switches, muted methods, colours. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { SourceSection } from '@/components/options/SourceSection';
import { ERROR_AFTER_PAUSE_MS } from '@/lib/popup/use-error-timing';
import { RefreshIntervalSection } from '@/components/options/RefreshIntervalSection';
import { MarksSection } from '@/components/options/MarksSection';
import { MutedSection } from '@/components/options/MutedSection';
import { StatusColors } from '@/components/options/StatusColors';
import type { MethodMatch, SnapshotInfo } from '@/lib/store/read';
import type { Loadable } from '@/lib/popup/loadable';
import { mount, rerender, unmount } from './helpers/mount';
import { SEARCH_LIMIT } from '@/lib/popup/use-method-search';


function type(input: HTMLInputElement, value: string) {
  act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

const button = (page: HTMLElement, name: string) => [...page.querySelectorAll('button')].find((candidate) => candidate.textContent === name)!;
const idle = { progress: null, running: false, requestError: null, start: vi.fn() };
const info: SnapshotInfo = {
  source: 'chrome-extension://abc/snapshot/index.json',
  generatedAt: '2026-06-18T00:00:00.000Z',
  snapshotKey: 'k',
  topics: [],
  totals: { methods: 40, critiques: 12, results: 24 },
  lastRefresh: null,
  lastError: null,
  progress: null,
};
const ready: Loadable<SnapshotInfo> = { state: 'ready', value: info };
/** A section's change, stored at once. */
const stored = async () => true;

describe('snapshot source', () => {
  it('has a field labelled "Snapshot URL" checked as it is typed, without flagging a half-typed address', () => {
    vi.useFakeTimers();
    try {
      const onSave = vi.fn();
      const page = mount(<SourceSection source={{ kind: 'bundled' }} info={ready} refresh={idle} onSave={onSave} />);
      const input = page.querySelector<HTMLInputElement>('#source-url')!;
      expect(page.querySelector(`label[for="source-url"]`)?.textContent).toBe('Snapshot URL');
      expect(page.querySelector('#source-url-error')).toBeNull(); // nothing typed yet: no error
      type(input, 'h');
      type(input, 'ht');
      expect(page.querySelector('#source-url-error')).toBeNull(); // still typing
      expect(input.getAttribute('aria-invalid')).toBe('false');
      type(input, 'ftp://kb.example/index.json');
      act(() => {
        vi.advanceTimersByTime(ERROR_AFTER_PAUSE_MS - 1);
      });
      expect(page.querySelector('#source-url-error')).toBeNull();
      act(() => {
        vi.advanceTimersByTime(1); // a pause: the address is judged
      });
      expect(page.querySelector('#source-url-error')?.textContent).toBe('Addresses starting with ftp: are not allowed; use https://.');
      expect(input.getAttribute('aria-invalid')).toBe('true');
      expect(input.getAttribute('aria-describedby')).toContain('source-url-error');
      type(input, 'ftp://kb.example/index.jso'); // once shown, the error follows every keystroke
      expect(page.querySelector('#source-url-error')?.textContent).toBe('Addresses starting with ftp: are not allowed; use https://.');
      type(input, 'https://kb.example/snapshot/');
      expect(page.querySelector('#source-url-error')).toBeNull(); // fixed: the error goes at once
      act(() => button(page, 'Use this URL').click());
      expect(onSave).toHaveBeenCalledWith({ kind: 'url', url: 'https://kb.example/snapshot/index.json' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('judges the address on leaving the field, and always before saving', () => {
    vi.useFakeTimers();
    try {
      const onSave = vi.fn();
      const page = mount(<SourceSection source={{ kind: 'bundled' }} info={ready} refresh={idle} onSave={onSave} />);
      const input = page.querySelector<HTMLInputElement>('#source-url')!;
      type(input, 'http://kb.example/index.json');
      act(() => {
        input.dispatchEvent(new FocusEvent('blur'));
      });
      expect(page.querySelector('#source-url-error')?.textContent).toBe('Use https:// (plain http:// is only allowed for localhost and 127.0.0.1).');
      type(input, 'https://kb.example/index.json');
      type(input, 'kb.example');
      expect(page.querySelector('#source-url-error')).toBeNull(); // valid in between: the next slip waits for a pause again
      act(() => button(page, 'Use this URL').click()); // saving does not wait
      expect(onSave).not.toHaveBeenCalled();
      expect(page.querySelector('#source-url-error')?.textContent).toBe('That is not a web address (it should start with https://).');
      expect(document.activeElement).toBe(input);
      type(input, '');
      act(() => button(page, 'Use this URL').click());
      expect(page.querySelector('#source-url-error')?.textContent).toBe('Enter the address of a snapshot’s index.json.');
      expect(onSave).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits for a pause before flagging a slip made after leaving the field holding a good address', () => {
    const saved = { kind: 'url', url: 'https://kb.example/index.json' } as const;
    const page = mount(<SourceSection source={saved} info={ready} refresh={idle} onSave={vi.fn()} />);
    const input = page.querySelector<HTMLInputElement>('#source-url')!;
    // The reader passed through the field (Tab, a click) without changing the saved address…
    act(() => {
      input.focus();
      input.dispatchEvent(new FocusEvent('blur'));
    });
    // …and came back to type another one: its first keystroke is half an address, no slip.
    type(input, 'h');
    expect(page.querySelector('#source-url-error')).toBeNull();
    expect(input.getAttribute('aria-invalid')).toBe('false');
  });

  it('flags nothing in the field the page emptied when the reader went back to the bundled snapshot', () => {
    const onSave = vi.fn();
    const saved = { kind: 'url', url: 'https://kb.example/index.json' } as const;
    const page = mount(<SourceSection source={saved} info={ready} refresh={idle} onSave={onSave} />);
    const input = page.querySelector<HTMLInputElement>('#source-url')!;
    // The reader was in the field, then pressed the button: the field lost focus holding a good address.
    act(() => {
      input.focus();
      input.dispatchEvent(new FocusEvent('blur'));
    });
    act(() => button(page, 'Use the bundled snapshot').click());
    expect(onSave).toHaveBeenCalledWith({ kind: 'bundled' });
    rerender(<SourceSection source={{ kind: 'bundled' }} info={ready} refresh={idle} onSave={onSave} />);
    expect(input.value).toBe('');
    expect(page.querySelector('#source-url-error')).toBeNull();
    expect(input.getAttribute('aria-invalid')).toBe('false');
  });

  it('keeps an address the reader is typing when another source is saved elsewhere (another options tab), and shows one saved from here as saved', () => {
    const onSave = vi.fn();
    const page = mount(<SourceSection source={{ kind: 'url', url: 'https://kb.example/index.json' }} info={ready} refresh={idle} onSave={onSave} />);
    const input = page.querySelector<HTMLInputElement>('#source-url')!;
    const presigned = 'https://kb-bucket.example/method-lens/index.json?X-Amz-Signature=0123456789abcdef';
    type(input, presigned);
    // Another options tab chose the bundled snapshot, then another address: what is typed here stays, not used.
    rerender(<SourceSection source={{ kind: 'bundled' }} info={ready} refresh={idle} onSave={onSave} />);
    expect(input.value).toBe(presigned);
    rerender(<SourceSection source={{ kind: 'url', url: 'https://mirror.example/index.json' }} info={ready} refresh={idle} onSave={onSave} />);
    expect(input.value).toBe(presigned);
    expect(page.querySelector('#source-url-unsaved')?.textContent).toBe('Not used until you press “Use this URL”.');
    // Saved (here or there), the field shows the address as saved, folder completed.
    type(input, 'https://kb.example/snapshot/');
    act(() => button(page, 'Use this URL').click());
    rerender(<SourceSection source={{ kind: 'url', url: 'https://kb.example/snapshot/index.json' }} info={ready} refresh={idle} onSave={onSave} />);
    expect(input.value).toBe('https://kb.example/snapshot/index.json');
    // A field left as it was follows the source saved elsewhere.
    rerender(<SourceSection source={{ kind: 'url', url: 'https://mirror.example/index.json' }} info={ready} refresh={idle} onSave={onSave} />);
    expect(input.value).toBe('https://mirror.example/index.json');
  });

  // The options page renders the section when the store's answer comes, outside any event: what is
  // typed before the next frame must not be put back to the saved address by the section's first effect.
  it('keeps an address typed as soon as the field appears', () => {
    const onSave = vi.fn();
    const page = document.createElement('div');
    document.body.append(page);
    try {
      render(<SourceSection source={{ kind: 'bundled' }} info={{ state: 'loading' }} refresh={idle} onSave={onSave} />, page);
      const input = page.querySelector<HTMLInputElement>('#source-url')!;
      type(input, 'https://kb.example/kb/');
      expect(input.value).toBe('https://kb.example/kb/');
      act(() => button(page, 'Use this URL').click());
      expect(onSave).toHaveBeenCalledWith({ kind: 'url', url: 'https://kb.example/kb/index.json' });
    } finally {
      act(() => render(null, page));
      page.remove();
    }
  });

  it('returns to the bundled snapshot and refreshes on request', () => {
    const onSave = vi.fn();
    const start = vi.fn();
    const page = mount(<SourceSection source={{ kind: 'url', url: 'https://kb.example/index.json' }} info={ready} refresh={{ ...idle, start }} onSave={onSave} />);
    expect(page.querySelector<HTMLInputElement>('#source-url')!.value).toBe('https://kb.example/index.json');
    expect(button(page, 'Use this URL').getAttribute('aria-disabled')).toBe('true'); // already in use
    act(() => button(page, 'Use the bundled snapshot').click());
    expect(onSave).toHaveBeenCalledWith({ kind: 'bundled' });
    act(() => button(page, 'Refresh now').click());
    expect(start).toHaveBeenCalledOnce();
  });

  it('offers to undo going back to the bundled snapshot, which chooses the address used before again', () => {
    const onSave = vi.fn();
    const presigned = { kind: 'url', url: 'https://kb-bucket.example/method-lens/index.json?X-Amz-Signature=0123456789abcdef' } as const;
    const page = mount(<SourceSection source={presigned} info={ready} refresh={idle} onSave={onSave} />);
    const undo = () => [...page.querySelectorAll('button')].find((candidate) => candidate.textContent === 'Undo');
    expect(undo()).toBeUndefined();
    const bundled = button(page, 'Use the bundled snapshot');
    act(() => {
      bundled.focus();
      bundled.click();
    });
    expect(onSave).toHaveBeenLastCalledWith({ kind: 'bundled' });
    // Offered once the bundled snapshot is the source, the address it replaced named beside it.
    expect(undo()).toBeUndefined();
    rerender(<SourceSection source={{ kind: 'bundled' }} info={ready} refresh={idle} onSave={onSave} />);
    expect(page.querySelector<HTMLInputElement>('#source-url')!.value).toBe('');
    const note = document.getElementById(undo()!.getAttribute('aria-describedby')!)!;
    expect(note.textContent).toBe(`The snapshot bundled with the extension is chosen instead of ${presigned.url}.`);
    // A button like any other: Tab reaches it, Enter or Space presses it.
    expect(undo()!.type).toBe('button');
    expect(undo()!.tabIndex).toBe(0);
    act(() => {
      undo()!.focus();
      undo()!.click();
    });
    expect(onSave).toHaveBeenLastCalledWith(presigned);
    rerender(<SourceSection source={presigned} info={ready} refresh={idle} onSave={onSave} />);
    expect(undo()).toBeUndefined();
    // The field holds the address again, and has keyboard focus: the button pressed is gone.
    expect(page.querySelector<HTMLInputElement>('#source-url')!.value).toBe(presigned.url);
    expect(document.activeElement).toBe(page.querySelector('#source-url'));
  });

  it('says the undo offer as it appears, and offers one way back while the store still holds the address’s snapshot', () => {
    const onSave = vi.fn();
    const used = { kind: 'url', url: 'https://kb.example/index.json' } as const;
    // The bundled snapshot is chosen but not loaded yet: the store's snapshot still came from the address.
    const fromUsed: Loadable<SnapshotInfo> = { state: 'ready', value: { ...info, source: used.url } };
    const page = mount(<SourceSection source={used} info={fromUsed} refresh={idle} onSave={onSave} />);
    const live = page.querySelector('.source-undo[aria-live="polite"]');
    expect(live?.textContent).toBe('');
    act(() => button(page, 'Use the bundled snapshot').click());
    rerender(<SourceSection source={{ kind: 'bundled' }} info={fromUsed} refresh={idle} onSave={onSave} />);
    // The region was there, empty, before its words came: a screen reader says them.
    expect(page.querySelector('.source-undo[aria-live="polite"]')).toBe(live);
    expect(live!.textContent).toBe(`The snapshot bundled with the extension is chosen instead of ${used.url}. Undo`);
    const backButtons = [...page.querySelectorAll('button')].filter((candidate) => candidate.textContent === 'Undo' || candidate.textContent === 'Use it again');
    expect(backButtons.map((candidate) => candidate.textContent)).toEqual(['Undo']);
  });

  it('offers no undo for the bundled snapshot chosen elsewhere, nor one that would bring back an address replaced since', () => {
    const onSave = vi.fn();
    const first = { kind: 'url', url: 'https://kb.example/index.json' } as const;
    const page = mount(<SourceSection source={first} info={ready} refresh={idle} onSave={onSave} />);
    const undo = () => [...page.querySelectorAll('button')].find((candidate) => candidate.textContent === 'Undo');
    // Chosen in another options tab: nothing was done here to undo.
    rerender(<SourceSection source={{ kind: 'bundled' }} info={ready} refresh={idle} onSave={onSave} />);
    expect(undo()).toBeUndefined();
    rerender(<SourceSection source={first} info={ready} refresh={idle} onSave={onSave} />);
    act(() => button(page, 'Use the bundled snapshot').click());
    rerender(<SourceSection source={{ kind: 'bundled' }} info={ready} refresh={idle} onSave={onSave} />);
    expect(undo()).toBeDefined();
    // Another address chosen elsewhere, then the bundled snapshot again: the first address is no longer the one to go back to.
    rerender(<SourceSection source={{ kind: 'url', url: 'https://mirror.example/index.json' }} info={ready} refresh={idle} onSave={onSave} />);
    rerender(<SourceSection source={{ kind: 'bundled' }} info={ready} refresh={idle} onSave={onSave} />);
    expect(undo()).toBeUndefined();
  });

  it('shows the refresh’s state in a status region, and disables Refresh now while one runs', () => {
    const page = mount(
      <SourceSection source={{ kind: 'bundled' }} info={ready} refresh={{ ...idle, running: true, progress: { step: 'Reading the bundled snapshot', label: 'Reading the bundled snapshot…', percent: 0 } }} onSave={() => {}} />,
    );
    expect(page.querySelector('[role="status"]')?.textContent).toContain('Reading the bundled snapshot…');
    // Unavailable, said so, and still focusable (a disabled button drops keyboard focus).
    expect(button(page, 'Refresh now').getAttribute('aria-disabled')).toBe('true');
    expect(button(page, 'Refresh now').disabled).toBe(false);
  });
});

describe('refresh state on the options page', () => {
  it('tells loading, a failed read and a snapshot never refreshed apart', () => {
    const status = (state: Loadable<SnapshotInfo>) => {
      const page = mount(<SourceSection source={{ kind: 'bundled' }} info={state} refresh={idle} onSave={() => {}} />);
      const status = page.querySelector('.refresh-status')!;
      // Whether it is said in the live region: the page's own first read is not announced.
      const result = { text: status.textContent, state: status.getAttribute('data-state'), live: status.querySelector('[role="status"]') !== null };
      unmount();
      return result;
    };
    expect(status({ state: 'loading' })).toEqual({ text: 'Reading the snapshot’s state…', state: 'loading', live: false });
    expect(status({ state: 'error', error: 'The database connection is closing.' })).toEqual({
      text: 'The snapshot’s state could not be read: The database connection is closing.',
      state: 'error',
      live: true,
    });
    expect(status({ state: 'ready', value: info })).toEqual({ text: 'Not refreshed yet.', state: 'idle', live: true });
  });
});

describe('other settings', () => {
  it('offers refresh intervals, keeping an unusual stored one', () => {
    const onChange = vi.fn();
    const page = mount(<RefreshIntervalSection hours={3} onChange={onChange} />);
    const select = page.querySelector('select')!;
    expect([...select.options].map((option) => option.textContent)).toEqual([
      'Never (only when I press Refresh now)',
      'Every 3 hours',
      'Every 6 hours',
      'Every 12 hours',
      'Once a day',
      'Every 48 hours',
      'Once a week',
    ]);
    act(() => {
      select.value = '168';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(onChange).toHaveBeenCalledWith(168);
  });

  it('says a failed check is tried again sooner only while there are automatic checks (with Never, nothing is retried)', () => {
    const hint = (hours: number) => {
      const text = mount(<RefreshIntervalSection hours={hours} onChange={() => undefined} />).querySelector('.hint')!.textContent;
      unmount();
      return text;
    };
    expect(hint(24)).toMatch(/is tried again sooner: after 5 minutes/);
    expect(hint(0)).not.toMatch(/tried again/);
    expect(hint(0)).toMatch(/The bundled snapshot only changes when the extension is updated\./);
  });

  it('switches marks and sites, and greys the sites out while marks are off', () => {
    const onSite = vi.fn();
    const onMarksEnabled = vi.fn();
    const page = mount(<MarksSection marksEnabled={false} sites={{ arxiv: true, semanticScholar: true }} onMarksEnabled={onMarksEnabled} onSite={onSite} />);
    expect(page.querySelector('fieldset')!.disabled).toBe(true);
    act(() => page.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click());
    expect(onMarksEnabled).toHaveBeenCalledWith(true);
    unmount();
    const enabled = mount(<MarksSection marksEnabled sites={{ arxiv: true, semanticScholar: true }} onMarksEnabled={onMarksEnabled} onSite={onSite} />);
    act(() => enabled.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')[1]!.click());
    expect(onSite).toHaveBeenCalledWith('arxiv', false);
  });

  it('mutes a method picked from the search, and unmutes one', async () => {
    const onMute = vi.fn(stored);
    const onUnmute = vi.fn(stored);
    const onQuery = vi.fn();
    const page = mount(
      <MutedSection
        muted={[{ id: 'gptq', name: 'GPTQ' }, { id: 'gone', name: null }]}
        query="a"
        matches={[
          { id: 'awq', name: 'AWQ', aliases: [], topic: 'LLM quantization', status: 'heavily superseded', matched: 'AWQ' },
          { id: 'gptq', name: 'GPTQ', aliases: [], topic: 'LLM quantization', status: null, matched: 'GPTQ' },
        ]}
        onQuery={onQuery}
        onMute={onMute}
        onUnmute={onUnmute}
      />,
    );
    const options = [...page.querySelectorAll('[role="option"]')];
    expect(options.map((option) => option.getAttribute('aria-label'))).toEqual(['Mute AWQ']); // GPTQ is muted already
    act(() => (options[0] as HTMLElement).click());
    expect(onMute).toHaveBeenCalledWith(expect.objectContaining({ id: 'awq', name: 'AWQ' }));
    // Said, and the field cleared, once the change is stored.
    await act(async () => {});
    expect(onQuery).toHaveBeenCalledWith('');
    expect(page.querySelector('[aria-live="polite"]')?.textContent).toBe('AWQ muted.');
    expect([...page.querySelectorAll('.muted-row span')].map((span) => span.textContent)).toEqual(['GPTQ', 'gone (not in the current snapshot)']);
    act(() => page.querySelector<HTMLButtonElement>('button[aria-label="Unmute GPTQ"]')!.click());
    expect(onUnmute).toHaveBeenCalledWith('gptq');
  });

  it('announces the same words again when they are said twice in a row (AWQ muted, unmuted elsewhere, muted again)', async () => {
    const awq: MethodMatch = { id: 'awq', name: 'AWQ', aliases: [], topic: 'LLM quantization', status: 'heavily superseded', matched: 'AWQ' };
    const section = (muted: { id: string; name: string }[]) => (
      <MutedSection muted={muted} query="awq" matches={[awq]} onQuery={() => {}} onMute={stored} onUnmute={stored} />
    );
    const page = mount(section([]));
    const region = page.querySelector('[aria-live="polite"]')!;
    // A screen reader says what is added to a live region: text left as it was is not said again.
    let records: MutationRecord[] = [];
    const changes = new MutationObserver((delivered) => records.push(...delivered));
    changes.observe(region, { childList: true, subtree: true, characterData: true });
    const added = () => {
      const seen = [...records, ...changes.takeRecords()];
      records = [];
      return seen.flatMap((record) => (record.type === 'characterData' ? [record.target.textContent] : [...record.addedNodes].map((node) => node.textContent)));
    };
    const muteAwq = async () => {
      act(() => page.querySelector<HTMLElement>('[role="option"]')!.click());
      await act(async () => {});
    };
    await muteAwq();
    expect(added()).toEqual(['AWQ muted.']);
    // Unmuted elsewhere (the popup's record, another options tab): nothing is said here.
    rerender(section([{ id: 'awq', name: 'AWQ' }]));
    rerender(section([]));
    expect(added()).toEqual([]);
    await muteAwq();
    expect(added()).toEqual(['AWQ muted.']);
    expect(region.textContent).toBe('AWQ muted.');
    changes.disconnect();
  });

  it('keeps the highlighted match through a re-render of the page, so Enter mutes the method chosen', () => {
    const onMute = vi.fn(stored);
    const matches: MethodMatch[] = [
      { id: 'awq', name: 'AWQ', aliases: [], topic: 'LLM quantization', status: 'heavily superseded', matched: 'AWQ' },
      { id: 'aqlm', name: 'AQLM', aliases: [], topic: 'LLM quantization', status: 'superseded', matched: 'AQLM' },
      { id: 'gptq', name: 'GPTQ', aliases: [], topic: 'LLM quantization', status: null, matched: 'GPTQ' },
    ];
    // As OptionsApp renders it: a new muted list on each render (a refresh's progress re-renders the page).
    const section = () => (
      <MutedSection muted={[{ id: 'gptq', name: 'GPTQ' }]} query="a" matches={matches} onQuery={() => {}} onMute={onMute} onUnmute={stored} />
    );
    const page = mount(section());
    const input = page.querySelector<HTMLInputElement>('input[role="combobox"]')!;
    act(() => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, cancelable: true }));
    });
    expect(input.getAttribute('aria-activedescendant')).toBe('mute-option-aqlm');
    rerender(section());
    rerender(section());
    expect(input.getAttribute('aria-activedescendant')).toBe('mute-option-aqlm');
    act(() => {
      input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    });
    expect(onMute).toHaveBeenCalledExactlyOnceWith(matches[1]);
  });

  it('says the query’s matches are muted already, not that no method starts with it', () => {
    const awq: MethodMatch = { id: 'awq', name: 'AWQ', aliases: [], topic: 'LLM quantization', status: 'heavily superseded', matched: 'AWQ' };
    const aqlm: MethodMatch = { id: 'aqlm', name: 'AQLM', aliases: [], topic: 'LLM quantization', status: 'superseded', matched: 'AQLM' };
    const section = (query: string, matches: MethodMatch[]) => (
      <MutedSection muted={[{ id: 'awq', name: 'AWQ' }, { id: 'aqlm', name: 'AQLM' }]} query={query} matches={matches} onQuery={() => {}} onMute={stored} onUnmute={stored} />
    );
    const page = mount(section('awq', [awq]));
    expect(page.querySelectorAll('[role="option"]')).toHaveLength(0);
    expect(page.querySelector('.combobox-empty')?.textContent).toBe('AWQ is already muted.');
    rerender(section('a', [aqlm, awq]));
    expect(page.querySelector('.combobox-empty')?.textContent).toBe('Every method or alias starting with “a” is already muted.');
    rerender(section('zz', []));
    expect(page.querySelector('.combobox-empty')?.textContent).toBe('No method or alias starts with “zz”.');
    // A full page of muted matches: more may start so, unmuted.
    const many = Array.from({ length: SEARCH_LIMIT }, (_, i): MethodMatch => ({ ...awq, id: `a${i}`, name: `A${i}`, matched: `A${i}` }));
    rerender(
      <MutedSection muted={many.map(({ id, name }) => ({ id, name }))} query="a" matches={many} onQuery={() => {}} onMute={stored} onUnmute={stored} />,
    );
    expect(page.querySelector('.combobox-empty')?.textContent).toBe(`The first ${SEARCH_LIMIT} methods starting with “a” are all muted already: type more of the name.`);
  });

  it('says when nothing is muted', () => {
    const page = mount(<MutedSection muted={[]} query="" matches={null} onQuery={() => {}} onMute={stored} onUnmute={stored} />);
    expect(page.querySelector('.none')?.textContent).toBe('No method is muted.');
  });

  it('previews each status colour as the marks draw it, with its meaning', () => {
    const page = mount(<StatusColors />);
    const rows = [...page.querySelectorAll('.colour-row')];
    expect(rows.map((row) => row.querySelector('strong')!.textContent)).toEqual(['heavily superseded', 'superseded', 'frontier', 'no status in the KB']);
    const sample = rows[0]!.querySelector<HTMLElement>('.colour-sample')!;
    expect(sample.style.backgroundColor.replace(/\s/g, '')).toMatch(/rgb\(220,?38,?38\/?,?0\.2\)|rgba\(220,38,38,0\.2\)/);
    // The same line as the page's marks, one style per status.
    const lines = rows.map((row) => row.querySelector<HTMLElement>('.colour-sample')!.getAttribute('style'));
    expect(lines.map((style) => /underline (\w+) 2px/.exec(style ?? '')?.[1])).toEqual(['wavy', 'dashed', 'solid', 'dotted']);
    expect(rows[0]!.textContent).toContain('a standard baseline that newer methods routinely beat');
  });
});
