/** A site adapter for page-session tests: the whole body is read, `<nav>` is the site's chrome. */
import type { SiteAdapter } from '@/lib/sites/site';

export const testSite: SiteAdapter = {
  id: 'arxiv',
  label: 'test',
  matches: () => true,
  contentMatches: ['https://arxiv.org/*'],
  rootSelector: 'body',
  skipSelector: 'nav',
};
