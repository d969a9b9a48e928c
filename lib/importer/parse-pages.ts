/**
 * Exported page texts → resolved pages. All pages are read first because splitting one page's glued
 * fields uses names, titles and topics printed on the others.
 */
import type { Page } from './page';
import { readPage } from './read-page';
import { resolvePage } from './resolve-page';
import { collectVocabulary } from './vocabulary';

export interface PageSource {
  /** Shown in error messages. */
  file: string;
  text: string;
}

export function parsePages(sources: readonly PageSource[], warn: (message: string) => void): Page[] {
  const rawPages = sources.map(({ text, file }) => readPage(text, file));
  const vocabulary = collectVocabulary(rawPages);
  return rawPages.map((page) => resolvePage(page, vocabulary, warn));
}
