/** What the content script never reads or marks, on any site. */
import type { SiteAdapter } from '@/lib/sites/site';

export const CARD_HOST_TAG = 'method-lens-card';

export function isOwnUi(node: Node): boolean {
  return node.nodeType === Node.ELEMENT_NODE && (node as Element).localName === CARD_HOST_TAG;
}

export function skipElement(element: Element, site: SiteAdapter): boolean {
  return site.skip(element);
}
