/**
 * Semantic Scholar: a React single-page app. Paper pages (`/paper/…`) and search (`/search…`) render
 * after load, re-render and navigate with `history.pushState`, so the whole body is observed. A paper is
 * read whole; a search, its results alone (`RESULTS`) once they show: elsewhere the page echoes the
 * reader's query ("… results for "AWQ""), which mentions nothing. A search whose markup has none of them
 * (the site changed it, a search that found nothing) is read whole rather than not at all, but for
 * the app's word that the search found nothing, which echoes the query too.
 */
import type { SiteAdapter } from './site';

const SITE_CHROME = ['header', 'footer', 'nav', '[role="search"]', '[role="navigation"]', '[role="banner"]'];
/**
 * Author lists, as on arXiv: names, not mentions (an author or a team named like a method, "The SmoothQuant
 * Team"). The paper's and each result's by the hook the live site's lists have long had (citation managers'
 * scrapers read them), a search result's and a citing paper's also by their row's class.
 */
const AUTHOR_LISTS = ['[data-test-id="author-list"]', '.cl-paper-authors'];
/** A search's word that it found nothing echoes the reader's query ('No results for "AWQ"'): no mention of it. */
const NO_RESULTS = '[data-test-id="no-results"]';

/**
 * What the app shows once it has rendered a paper (its title or abstract) or a search (the results, or its
 * word that there are none). A search's results by the class names the live site's results have long had
 * (`.result-page`, `.serp-papers__paper-row`: citation managers' scrapers read them; a paper's citations
 * are `.cl-paper-row` rows too, so not that); its word that there are none by our fixture's hook only (the
 * live site's is not known); markup that matches none is read once `CONTENT_WAIT_MS` is over.
 */
const PAPER_SHOWN = ['h1[data-test-id="paper-detail-title"]', '[data-test-id="abstract-text"]'].join(',');
const RESULTS = '.result-page, .serp-papers__paper-row';
const SEARCH_SHOWN = `${RESULTS}, ${NO_RESULTS}`;
const isSearch = (pathname: string) => /^\/search(\/|$)/.test(pathname);

export const semanticScholar: SiteAdapter = {
  id: 'semanticScholar',
  label: 'Semantic Scholar',
  matches: (url) => url.hostname === 'www.semanticscholar.org' && /^\/(paper|search)(\/|$)/.test(url.pathname),
  // The app goes from its home, an author or a venue to a paper without a page load.
  contentMatches: ['https://www.semanticscholar.org/*'],
  // A paper has none: it is read whole, its chrome skipped.
  rootSelector: RESULTS,
  skipSelector: [...SITE_CHROME, ...AUTHOR_LISTS, NO_RESULTS].join(','),
  contentShown: (document) => document.querySelector(isSearch(document.location.pathname) ? SEARCH_SHOWN : PAPER_SHOWN) !== null,
};
