/** Every supported site, in one list. */
import { ar5iv, AR5IV_HOST } from './ar5iv';
import { arxiv } from './arxiv';
import { semanticScholar } from './semantic-scholar';
import type { SiteAdapter } from './site';

const SITES: readonly SiteAdapter[] = [arxiv, ar5iv, semanticScholar];

export function siteFor(url: string | URL): SiteAdapter | undefined {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  return SITES.find((site) => site.matches(parsed));
}

/** The hosts of the sites read, in order (the manifest lists their match patterns so). */
export const CONTENT_HOSTS = [AR5IV_HOST, 'arxiv.org', 'www.semanticscholar.org'];
/**
 * Match patterns of the whole hosts: the host permissions (the popup reads a tab's address there, an
 * arXiv PDF's among them, and its scan fetches arXiv's HTML papers) and where the card's script loads.
 */
export const HOST_MATCHES = CONTENT_HOSTS.map((host) => `https://${host}/*`);
/** Where the content script is injected: the pages each site's adapter reads (and may navigate to). */
export const CONTENT_SCRIPT_MATCHES = SITES.flatMap((site) => site.contentMatches);
