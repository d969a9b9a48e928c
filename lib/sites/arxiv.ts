/**
 * arXiv: abstract pages (`/abs/…`), LaTeXML HTML papers (`/html/…`) and listings (`/list/…`).
 * Full page loads, no client-side navigation.
 */
import { outermost, type SiteAdapter } from './site';

const SITE_CHROME = [
  'header',
  'footer',
  'nav',
  'form',
  '.extra-services',
  '.ltx_page_navbar',
  '.ltx_page_footer',
  '.ltx_page_logo',
  '.ltx_TOC',
  '#header',
  '.search-block',
].join(',');

export const arxiv: SiteAdapter = {
  id: 'arxiv',
  label: 'arXiv',
  matches: (url) => url.hostname === 'arxiv.org' && /^\/(abs|html|list)\//.test(url.pathname),
  roots: (document) => outermost(document, '#abs, article.ltx_document, #dlpage, #articles'),
  skipSelector: SITE_CHROME,
};
