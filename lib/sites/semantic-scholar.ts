/**
 * Semantic Scholar: a React single-page app. Paper pages (`/paper/…`) and search (`/search…`) render
 * after load, re-render and navigate with `history.pushState`, so the whole body is observed.
 */
import type { SiteAdapter } from './site';

const SITE_CHROME = ['header', 'footer', 'nav', '[role="search"]', '[role="navigation"]', '[role="banner"]'].join(',');

export const semanticScholar: SiteAdapter = {
  id: 'semanticScholar',
  label: 'Semantic Scholar',
  matches: (url) => url.hostname === 'www.semanticscholar.org' && /^\/(paper|search)(\/|$)/.test(url.pathname),
  // The app goes from its home, an author or a venue to a paper without a page load.
  contentMatches: ['https://www.semanticscholar.org/*'],
  rootSelector: 'body',
  skipSelector: SITE_CHROME,
};
