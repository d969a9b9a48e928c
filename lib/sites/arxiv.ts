/**
 * arXiv: abstract pages (`/abs/…`), LaTeXML HTML papers (`/html/…`), listings (`/list/…`, and
 * `/catchup/…`, a listing of a past day), authors' pages (`/a/…`, an author's papers in a listing's
 * markup), and search results (`/search/…`). Full page loads, no client-side navigation.
 */
import { isPaperFile, LATEXML_DOCUMENT, LATEXML_SKIPPED } from './latexml';
import type { SiteAdapter } from './site';

/**
 * Besides the chrome, the author lists (abstract and search: `.authors`; listing: `.list-authors`): names, not
 * mentions. So are an author page's heading and notes (`#dlpage`'s own `h1` and paragraphs), which name its owner
 * ("Lena Okafor's articles on arXiv", "… the arXiv author id for Lena Okafor is …"); a listing's name its category.
 */
const SITE_CHROME = ['header', 'footer', 'nav', 'form', '.extra-services', '#header', '.search-block', '.authors', '.list-authors', '#dlpage > h1', '#dlpage > p'];

/**
 * A search result holds its abstract twice: a preview, shown, and the whole text, hidden until "More"
 * swaps them by their inline style (and "Less" back). Only the one shown is read.
 */
const ABSTRACT_PARTS = ['.abstract-short', '.abstract-full'];
const HIDDEN_ABSTRACT = ABSTRACT_PARTS.map((part) => `${part}[style*="display: none"]`);

/**
 * An author's page, by arXiv author id or ORCID iD (`/a/okafor_l_1`, `/a/okafor_l_1.html`); not the
 * same list as a feed (`.atom`, `.atom2`, `.json`). An id has no dot, so that any other ending is none.
 */
const AUTHOR_PAGE = /^\/a\/[^/.]+(\.html)?$/;

export const arxiv: SiteAdapter = {
  id: 'arxiv',
  label: 'arXiv',
  // An HTML paper's figure, opened in a tab, is no page to read (nor to report as one without methods).
  matches: (url) =>
    url.hostname === 'arxiv.org' &&
    (AUTHOR_PAGE.test(url.pathname) || (/^\/(abs|html|list|catchup|search)\//.test(url.pathname) && !(url.pathname.startsWith('/html/') && isPaperFile(url.pathname)))),
  contentMatches: ['abs', 'html', 'list', 'catchup', 'search', 'a'].map((path) => `https://arxiv.org/${path}/*`),
  // A listing, a catchup and an author's page all hold their list of papers in `#dlpage`.
  rootSelector: `#abs, ${LATEXML_DOCUMENT}, #dlpage, #articles, li.arxiv-result`,
  skipSelector: [...SITE_CHROME, ...LATEXML_SKIPPED, ...HIDDEN_ABSTRACT].join(','),
  skipAttributes: [{ name: 'style', on: ABSTRACT_PARTS.join() }],
  // A search's results are all it has to read: one that found nothing echoes the reader's query (a
  // title search for "AWQ versus GPTQ" is no paper's mention of either), beside the search tips.
  rootsOnly: (url) => url.pathname.startsWith('/search/'),
};
