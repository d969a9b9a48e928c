/** Every supported site, in one list. */
import { arxiv } from './arxiv';
import { semanticScholar } from './semantic-scholar';
import type { SiteAdapter } from './site';

const SITES: readonly SiteAdapter[] = [arxiv, semanticScholar];

export function siteFor(url: string | URL): SiteAdapter | undefined {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  return SITES.find((site) => site.matches(parsed));
}

/** Match patterns for the content script and host permissions. */
export const CONTENT_MATCHES = ['https://arxiv.org/*', 'https://www.semanticscholar.org/*'];
export const CONTENT_HOSTS = ['arxiv.org', 'www.semanticscholar.org'];
