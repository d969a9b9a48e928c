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

/** The hosts the content script runs on, in order (the manifest lists their match patterns so). */
export const CONTENT_HOSTS = [AR5IV_HOST, 'arxiv.org', 'www.semanticscholar.org'];
/** Match patterns for the content script and host permissions. */
export const CONTENT_MATCHES = CONTENT_HOSTS.map((host) => `https://${host}/*`);
