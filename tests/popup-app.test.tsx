// @vitest-environment happy-dom
/**
 * The popup's frame: in the small window a hover card's "Open full record" falls back to (no tab of its
 * own), "This page" still means the tab whose card asked for the record.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { PopupApp } from '@/components/popup/PopupApp';
import { parseRoute, tabOfSearch } from '@/lib/popup/route';
import { mount } from './helpers/mount';

const thisPageLink = (root: HTMLElement) =>
  Array.from(root.querySelectorAll<HTMLAnchorElement>('nav.tabs a')).find((link) => link.textContent === 'This page')!;

describe('the popup opened on a record', () => {
  it('in a window opened for a tab, links "This page" to that tab', () => {
    const search = '?method=awq&tab=7';
    const root = mount(<PopupApp initialRoute={parseRoute(search)!} openedForTab={tabOfSearch(search)} />);
    expect(thisPageLink(root).getAttribute('href')).toBe('popup.html?tab=7');
  });

  it('as the toolbar popup, links "This page" to the active tab', () => {
    const root = mount(<PopupApp initialRoute={parseRoute('?method=awq')!} />);
    expect(thisPageLink(root).getAttribute('href')).toBe('popup.html?view=page');
  });
});
