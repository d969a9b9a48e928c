/** What the content script never reads or marks, on any site. */
import { SKIP_ATTRIBUTES, skippedSelector } from '@/lib/match/text-index';
import type { SiteAdapter } from '@/lib/sites/site';

export const CARD_HOST_TAG = 'method-lens-card';

/** Our card's host: `<method-lens-card>`, or `<method-lens-card-…>` where the page took that name for its own element. */
export function isOwnUi(node: Node): boolean {
  if (node.nodeType !== Node.ELEMENT_NODE) return false;
  const name = (node as Element).localName;
  return name === CARD_HOST_TAG || name.startsWith(`${CARD_HOST_TAG}-`);
}

/** Everything not read on this site: the elements always skipped (scripts, fields, editors, math…) and its chrome. */
export function siteSkipSelector(site: SiteAdapter): string {
  return skippedSelector({ skipSelector: site.skipSelector });
}

/** The attributes whose change shows or hides text on this site: those of the elements always skipped, and its own. */
export function siteSkipAttributes(site: SiteAdapter): string[] {
  return [...SKIP_ATTRIBUTES, ...(site.skipAttributes ?? []).map(({ name }) => name)];
}

/**
 * Whether a change of `attribute` on `element` may show or hide text on this site: one of those of the
 * elements always skipped, on any element; one of the site's own, on the elements it names.
 */
export function showsOrHidesText(site: SiteAdapter): (element: Element, attribute: string) => boolean {
  const on = new Map((site.skipAttributes ?? []).map(({ name, on }) => [name, on]));
  return (element, attribute) => {
    if (SKIP_ATTRIBUTES.includes(attribute)) return true;
    const selector = on.get(attribute);
    return selector !== undefined && element.matches(selector);
  };
}
