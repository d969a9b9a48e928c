/**
 * "Look up “…” in Method Lens" in the context menu of a selection on any page, a PDF's included, where
 * nothing is marked: it opens the record of the method the selection names (`AWQ’s`, `GPTQ-style`), found
 * by the pages' matcher, or the list of the methods a sentence names; else the search for the words
 * themselves (a muted method, which pages do not look for, is found there).
 */
import { browser } from 'wxt/browser';
import { countMentions } from '@/lib/arxiv-html-scan';
import type { PageDictionary } from '@/lib/page-dictionary';
import { lookUpWords, searchQueryOf } from '@/lib/pending-view';
import type { Route } from '@/lib/popup/route';

export const LOOK_UP_MENU = 'method-lens-look-up';

/**
 * Adds the menu item, in place of any an earlier version left. Called on install and update only:
 * Chromium and Firefox keep a worker's or event page's menu items across its restarts and the browser's.
 */
export async function createLookUpMenu(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: LOOK_UP_MENU, title: 'Look up “%s” in Method Lens', contexts: ['selection'] });
}

/** Where a looked-up selection opens the popup: a record, the methods it names, or the search. */
export type LookUpView = Extract<Route, { view: 'method' | 'selection' | 'search' }>;

/**
 * The record of the one method a selection names; the list of those it names, most named first (the first
 * named first on a tie), where it names several; else the search for its words (`lookUpWords`). Null for none.
 */
export function lookUpView(selection: string, dictionary: PageDictionary): LookUpView | null {
  const words = lookUpWords(selection);
  if (words === '') return null;
  const named = countMentions({ text: words, setApartAt: [], mathGoesOn: new Map() }, dictionary);
  if (named.length === 0) return { view: 'search', query: searchQueryOf(words) };
  if (named.length === 1) return { view: 'method', idOrName: named[0]!.methodId };
  return { view: 'selection', mentions: named.map(({ methodId, count, names }) => ({ methodId, count, names })) };
}
