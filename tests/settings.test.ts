/**
 * Settings read what was stored when it has the right shape, and their default otherwise (a value
 * written by hand or by another version must not break the background); setting a wrong shape is
 * refused; watchers see checked values.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing';
import { z } from 'zod';
import { marksEnabled, mutedMethods, refreshIntervalHours, siteSwitches } from '@/lib/settings/items';
import { defineSetting } from '@/lib/settings/setting';
import { marksSite, readPageSwitches, watchMutedMethods, watchPageSwitches, type PageSwitches } from '@/lib/settings/page-switches';

beforeEach(() => {
  fakeBrowser.reset();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
});

describe('settings', () => {
  it('read their defaults when nothing is stored', async () => {
    expect(await refreshIntervalHours.getValue()).toBe(24);
    expect(await siteSwitches.getValue()).toEqual({ arxiv: true, semanticScholar: true });
    expect(await marksEnabled.getValue()).toBe(true);
    expect(await mutedMethods.getValue()).toEqual([]);
  });

  it('read back what was set', async () => {
    await refreshIntervalHours.setValue(6);
    await mutedMethods.setValue(['awq']);
    expect(await refreshIntervalHours.getValue()).toBe(6);
    expect(await mutedMethods.getValue()).toEqual(['awq']);
  });

  it.each([
    ['refreshIntervalHours', 'daily', () => refreshIntervalHours.getValue(), 24],
    ['refreshIntervalHours', -3, () => refreshIntervalHours.getValue(), 24],
    ['siteSwitches', { arxiv: 'yes' }, () => siteSwitches.getValue(), { arxiv: true, semanticScholar: true }],
    ['marksEnabled', 'false', () => marksEnabled.getValue(), true],
    ['mutedMethods', 'awq', () => mutedMethods.getValue(), []],
    ['mutedMethods', ['<img src=x>'], () => mutedMethods.getValue(), []],
  ])('read %s stored as %j as its default, and say so', async (key, stored, read, fallback) => {
    await browser.storage.local.set({ [key]: stored });
    expect(await read()).toEqual(fallback);
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining(`local:${key} has an unexpected shape`));
  });

  it.each([
    ['both switches', { arxiv: false, semanticScholar: true }],
    ['one switch missing', { arxiv: false }],
    ['a third site (a newer version)', { arxiv: false, semanticScholar: true, openReview: true }],
    ['a switch that is not a boolean', { arxiv: 'no', semanticScholar: false }],
    ['no object at all', 'arxiv'],
  ])('read the site switches in the content script as the options page does, with %s stored', async (_, stored) => {
    await browser.storage.local.set({ siteSwitches: stored });
    expect((await readPageSwitches()).sites).toEqual(await siteSwitches.getValue());
  });

  it.each([
    ['one switch missing', { arxiv: false }, { arxiv: false, semanticScholar: true }, {}],
    ['a third site (a newer version)', { arxiv: true, semanticScholar: false, openReview: true }, { arxiv: true, semanticScholar: false }, { openReview: true }],
    ['a switch that is not a boolean', { arxiv: 'no', semanticScholar: false }, { arxiv: true, semanticScholar: false }, {}],
  ])('read the site switches with %s keeping each switch stored as a boolean, and say so', async (_, stored, read, otherSites) => {
    await browser.storage.local.set({ siteSwitches: stored });
    expect(await siteSwitches.getValue()).toEqual(read);
    expect((await readPageSwitches()).sites).toEqual(read);
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('local:siteSwitches has an unexpected shape in part'));
    // The next switch turned keeps the one the reader turned off, and a newer version's switch for another site.
    await siteSwitches.update((switches) => ({ ...switches, semanticScholar: !switches.semanticScholar }));
    expect((await browser.storage.local.get('siteSwitches')).siteSwitches).toEqual({ ...otherSites, ...read, semanticScholar: !read.semanticScholar });
  });

  it('keep the switch a newer version stored for a site this version does not know, through a change of another switch', async () => {
    // Rolled back to this version, the reader turns arXiv off; updated again, their OpenReview switch must still be off.
    await browser.storage.local.set({ siteSwitches: { arxiv: true, semanticScholar: true, openReview: false } });
    await siteSwitches.update((switches) => ({ ...switches, arxiv: false }));
    expect((await browser.storage.local.get('siteSwitches')).siteSwitches).toEqual({ arxiv: false, semanticScholar: true, openReview: false });
    expect(await siteSwitches.getValue()).toEqual({ arxiv: false, semanticScholar: true });
    await siteSwitches.setValue({ arxiv: true, semanticScholar: false });
    expect((await browser.storage.local.get('siteSwitches')).siteSwitches).toEqual({ arxiv: true, semanticScholar: false, openReview: false });
  });

  it('read a muted list with ids of another shape without them, keeping the rest, and say so', async () => {
    await browser.storage.local.set({ mutedMethods: ['awq', '<img src=x>', 7, 'gptq'] });
    expect(await mutedMethods.getValue()).toEqual(['awq', 'gptq']);
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('local:mutedMethods has an unexpected shape in part: 2 ids left out'));
    // The next mute keeps what was there.
    await mutedMethods.setValue([...(await mutedMethods.getValue()), 'aqlm']);
    expect((await browser.storage.local.get('mutedMethods')).mutedMethods).toEqual(['awq', 'gptq', 'aqlm']);
  });

  it('refuse to overwrite a value a newer version stored in a shape of its own, saying why, and lose none of it', async () => {
    // Rolled back from a version that stores mutes otherwise: the list reads as empty here, and a mute
    // made here must not replace everything the reader had muted.
    const newer = { mutedMethods: { ids: ['awq', 'gptq'], muted: { awq: '2026-11-01' } }, mutedMethods$: { v: 2 } };
    await browser.storage.local.set(newer);
    expect(await mutedMethods.getValue()).toEqual([]);
    await expect(mutedMethods.update((ids) => [...ids, 'aqlm'])).rejects.toThrow(
      /local:mutedMethods was stored by a newer version of Method Lens \(shape 2\); update the extension to change it/,
    );
    await expect(mutedMethods.setValue(['aqlm'])).rejects.toThrow(/newer version/);
    expect(await browser.storage.local.get(['mutedMethods', 'mutedMethods$'])).toEqual(newer);
  });

  it('refuse to store a value of the wrong shape', async () => {
    await expect(refreshIntervalHours.setValue(Number.NaN)).rejects.toThrow(/local:refreshIntervalHours cannot be set to null/);
    await expect(mutedMethods.setValue('awq' as never)).rejects.toThrow(/local:mutedMethods cannot be set/);
    expect(await refreshIntervalHours.getValue()).toBe(24);
  });

  it('apply each update to the value stored by then, one after another', async () => {
    await mutedMethods.setValue(['awq']);
    const adding = (id: string) => (ids: string[]) => [...ids, id];
    await Promise.all([mutedMethods.update(adding('gptq')), mutedMethods.update(adding('aqlm')), mutedMethods.update((ids) => ids.filter((id) => id !== 'awq'))]);
    expect(await mutedMethods.getValue()).toEqual(['gptq', 'aqlm']);
  });

  it('lose no change made at the same moment in another context (the popup and the options page), which holds the same Web Lock', async () => {
    /** The Web Locks of one origin, as the extension's pages share them: each name's holders one after another. */
    const held = new Map<string, Promise<unknown>>();
    const request = (name: string, work: () => Promise<unknown>) => {
      const run = (held.get(name) ?? Promise.resolve()).then(work);
      held.set(name, run.catch(() => {}));
      return run;
    };
    vi.stubGlobal('navigator', { locks: { request } });
    try {
      // The same setting as each context defines it, with its own queue of updates.
      const inPopup = defineSetting('local:sharedList', z.array(z.string()), [] as string[]);
      const inOptions = defineSetting('local:sharedList', z.array(z.string()), [] as string[]);
      await Promise.all([inPopup.update((ids) => [...ids, 'gptq']), inOptions.update((ids) => [...ids, 'aqlm']), inPopup.update((ids) => [...ids, 'awq'])]);
      expect((await inOptions.getValue()).sort()).toEqual(['aqlm', 'awq', 'gptq']);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('refuse an update to a wrong shape, and go on with the next', async () => {
    const refused = refreshIntervalHours.update(() => -1);
    const next = refreshIntervalHours.update((hours) => hours / 2);
    await expect(refused).rejects.toThrow(/local:refreshIntervalHours cannot be set to -1/);
    await next;
    expect(await refreshIntervalHours.getValue()).toBe(12);
  });

  it('give watchers checked values', async () => {
    const seen: unknown[] = [];
    const unwatch = refreshIntervalHours.watch((value) => seen.push(value));
    await refreshIntervalHours.setValue(12);
    await browser.storage.local.set({ refreshIntervalHours: 'often' });
    await vi.waitFor(() => expect(seen).toEqual([12, 24]));
    unwatch();
  });

  it('tell the content script the switches as they are after each change of either', async () => {
    const seen: PageSwitches[] = [];
    const unwatch = watchPageSwitches((switches) => seen.push(switches));
    await browser.storage.local.set({ siteSwitches: { arxiv: true, semanticScholar: false } });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    await browser.storage.local.set({ marksEnabled: false });
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    await browser.storage.local.set({ mutedMethods: ['awq'] }); // not a switch
    unwatch();
    await browser.storage.local.set({ marksEnabled: true });
    expect(seen).toEqual([
      { marksEnabled: true, sites: { arxiv: true, semanticScholar: false } },
      { marksEnabled: false, sites: { arxiv: true, semanticScholar: false } },
    ]);
  });

  it('tell the content script the methods muted after each change, as stored (text ids only)', async () => {
    const seen: (readonly string[])[] = [];
    const unwatch = watchMutedMethods((muted) => seen.push(muted));
    await mutedMethods.setValue(['gptq']);
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    await browser.storage.local.set({ mutedMethods: ['gptq', 7, 'awq'] }); // a hand edit
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    await browser.storage.local.set({ mutedMethods: 'gptq' });
    await vi.waitFor(() => expect(seen).toHaveLength(3));
    await browser.storage.local.remove('mutedMethods');
    await vi.waitFor(() => expect(seen).toHaveLength(4));
    await browser.storage.local.set({ marksEnabled: false }); // not a mute
    unwatch();
    await mutedMethods.setValue(['awq']);
    expect(seen).toEqual([['gptq'], ['gptq', 'awq'], [], []]);
  });

  it.each([
    ['marks on, its site’s switch on, the other’s off', true, { marksEnabled: true, sites: { arxiv: true, semanticScholar: false } }, 'arxiv'],
    ['marks on, its site’s switch off, the other’s on', false, { marksEnabled: true, sites: { arxiv: false, semanticScholar: true } }, 'arxiv'],
    ['marks off, both switches on', false, { marksEnabled: false, sites: { arxiv: true, semanticScholar: true } }, 'semanticScholar'],
    ['marks on, on a page no site adapter reads', false, { marksEnabled: true, sites: { arxiv: true, semanticScholar: true } }, undefined],
  ] as const)('mark a page with %s: %s', (_, marked, switches, site) => {
    expect(marksSite(switches, site)).toBe(marked);
  });
});
