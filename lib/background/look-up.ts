/**
 * "Look up “…” in Method Lens" in the context menu of a selection on any page, a PDF's included, where
 * nothing is marked: it opens the record of the method the selection names (`AWQ’s`, `GPTQ-style`, a
 * sentence naming several: the one it names most, the first on a tie), found by the pages' matcher; else
 * the search for the words themselves (a muted method, which pages do not look for, is found there).
 */
import { browser } from 'wxt/browser';
import { countMentions } from '@/lib/arxiv-html-scan';
import type { PageDictionary } from '@/lib/page-dictionary';
import { lookUpWords, searchQueryOf } from '@/lib/pending-view';

export const LOOK_UP_MENU = 'method-lens-look-up';

/**
 * Adds the menu item, in place of any an earlier version left. Called on install and update only:
 * Chromium and Firefox keep a worker's or event page's menu items across its restarts and the browser's.
 */
export async function createLookUpMenu(): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: LOOK_UP_MENU, title: 'Look up “%s” in Method Lens', contexts: ['selection'] });
}

/** Where a looked-up selection opens the popup: a record, or the search. */
export type LookUpView = { view: 'method'; idOrName: string } | { view: 'search'; query: string };

/** The record of the method a selection names, else the search for its words (`lookUpWords`); null for none. */
export function lookUpView(selection: string, dictionary: PageDictionary): LookUpView | null {
  const words = lookUpWords(selection);
  if (words === '') return null;
  const [named] = countMentions({ text: words, setApartAt: [], mathGoesOn: new Map() }, dictionary);
  return named ? { view: 'method', idOrName: named.methodId } : { view: 'search', query: searchQueryOf(words) };
}
