/** What the content script never reads or marks, on any site. */
import { skippedSelector } from '@/lib/match/text-index';
import type { SiteAdapter } from '@/lib/sites/site';

export const CARD_HOST_TAG = 'method-lens-card';

export function isOwnUi(node: Node): boolean {
  return node.nodeType === Node.ELEMENT_NODE && (node as Element).localName === CARD_HOST_TAG;
}

/** Everything not read on this site: the elements always skipped (scripts, fields, editors, math…) and its chrome. */
export function siteSkipSelector(site: SiteAdapter): string {
  return skippedSelector({ skipSelector: site.skipSelector });
}
