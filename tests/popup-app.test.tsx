// @vitest-environment happy-dom
/**
 * The popup's frame: in the small window a hover card's "Open full record" falls back to (no tab of its
 * own), "This page" still means the tab whose card asked for the record.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { PopupApp } from '@/components/popup/PopupApp';
import { parseRoute, tabOfSearch } from '@/lib/popup/route';
import { act } from 'preact/test-utils';
import { mount, unmount } from './helpers/mount';

const thisPageLink = (root: HTMLElement) =>
  Array.from(root.querySelectorAll<HTMLAnchorElement>('nav.tabs a')).find((link) => link.textContent === 'This page')!;

describe('the popup opened on a record', () => {
  it('in a window opened for a tab, links "This page" to that tab', () => {
    const search = '?method=awq&tab=7';
    const root = mount(<PopupApp initialRoute={parseRoute(search)!} openedForTab={tabOfSearch(search)} />);
    expect(thisPageLink(root).getAttribute('href')).toBe('popup.html?tab=7');
  });

  it('in a window opened for a tab, keeps that tab in the URL of every view, so a reload still knows it', () => {
    history.replaceState(null, '', '/popup.html?method=awq&tab=7');
    const root = mount(<PopupApp initialRoute={parseRoute(location.search)!} openedForTab={tabOfSearch(location.search)} />);
    expect(location.search).toBe('?method=awq&tab=7');
    const searchLink = Array.from(root.querySelectorAll<HTMLAnchorElement>('nav.tabs a')).find((link) => link.textContent === 'Search')!;
    expect(searchLink.getAttribute('href')).toBe('popup.html?view=search&tab=7');
    act(() => searchLink.click());
    expect(location.search).toBe('?view=search&tab=7');
    const box = root.querySelector<HTMLInputElement>('input[role="combobox"]')!;
    act(() => {
      box.value = 'aw';
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(location.search).toBe('?view=search&q=aw&tab=7');
    unmount();

    // The reload: the same URL, read afresh.
    const reloaded = mount(<PopupApp initialRoute={parseRoute(location.search)!} openedForTab={tabOfSearch(location.search)} />);
    expect(reloaded.querySelector<HTMLInputElement>('input[role="combobox"]')!.value).toBe('aw');
    expect(thisPageLink(reloaded).getAttribute('href')).toBe('popup.html?tab=7');
  });

  it('after a reload, Back still goes to the views visited before it', () => {
    history.replaceState(null, '', '/popup.html?method=awq&tab=7');
    const root = mount(<PopupApp initialRoute={parseRoute(location.search)!} openedForTab={tabOfSearch(location.search)} />);
    const back = () => root.ownerDocument.querySelector<HTMLButtonElement>('button.back')!;
    expect(back().disabled).toBe(true);
    const searchLink = Array.from(root.querySelectorAll<HTMLAnchorElement>('nav.tabs a')).find((link) => link.textContent === 'Search')!;
    act(() => searchLink.click());
    expect(back().disabled).toBe(false);
    unmount();

    // The reload: the same history entry (its state kept by the browser), read afresh.
    const reloaded = mount(<PopupApp initialRoute={parseRoute(location.search)!} openedForTab={tabOfSearch(location.search)} />);
    expect(reloaded.querySelector<HTMLButtonElement>('button.back')!.disabled).toBe(false);
  });

  it('as the toolbar popup, links "This page" to the active tab', () => {
    const root = mount(<PopupApp initialRoute={parseRoute('?method=awq')!} />);
    expect(thisPageLink(root).getAttribute('href')).toBe('popup.html?view=page');
  });
});
