/**
 * Semantic Scholar: a React single-page app. Paper pages (`/paper/…`) and search (`/search…`) render
 * after load, re-render and navigate with `history.pushState`, so the whole body is observed.
 */
import type { SiteAdapter } from './site';

const SITE_CHROME = ['header', 'footer', 'nav', '[role="search"]', '[role="navigation"]', '[role="banner"]'].join(',');

/**
 * What the app shows once it has rendered a paper (its title or abstract) or a search (the results, or its
 * word that there are none). A search's results by the class names the live site's results have long had
 * (`.result-page`, `.serp-papers__paper-row`: citation managers' scrapers read them; a paper's citations
 * are `.cl-paper-row` rows too, so not that); its word that there are none by our fixture's hook only (the
 * live site's is not known); markup that matches none is read once `CONTENT_WAIT_MS` is over.
 */
const PAPER_SHOWN = ['h1[data-test-id="paper-detail-title"]', '[data-test-id="abstract-text"]'].join(',');
const SEARCH_SHOWN = ['.result-page', '.serp-papers__paper-row', '[data-test-id="no-results"]'].join(',');

export const semanticScholar: SiteAdapter = {
  id: 'semanticScholar',
  label: 'Semantic Scholar',
  matches: (url) => url.hostname === 'www.semanticscholar.org' && /^\/(paper|search)(\/|$)/.test(url.pathname),
  // The app goes from its home, an author or a venue to a paper without a page load.
  contentMatches: ['https://www.semanticscholar.org/*'],
  rootSelector: 'body',
  skipSelector: SITE_CHROME,
  contentShown: (document) => document.querySelector(/^\/search(\/|$)/.test(document.location.pathname) ? SEARCH_SHOWN : PAPER_SHOWN) !== null,
};
