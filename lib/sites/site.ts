/** What the content script needs to know about a site: one adapter per site, listed in `./index.ts`. */
import type { SiteSwitches } from '@/lib/settings/items';

export interface SiteAdapter {
  /** The per-site switch in the options page that turns it on or off. */
  id: keyof SiteSwitches;
  label: string;
  matches(url: URL): boolean;
  /**
   * Match patterns of the pages the content script is injected into: those `matches` reads, and on a
   * single-page app every page it may navigate from without a load. Nowhere else (arXiv's login,
   * submission or PDF pages), so the script neither runs nor reports there.
   */
  contentMatches: readonly string[];
  /**
   * The elements whose text is scanned, as one selector: the outermost elements matching it (`rootsToRead`).
   * A selector, so that the page session can tell whether a node the page adds or removes is or holds a
   * root by looking at that node alone.
   */
  rootSelector: string;
  /**
   * The pages whose roots are all they have to read (arXiv's search results): without any, nothing is read
   * rather than `<body>`.
   */
  rootsOnly?(url: URL): boolean;
  /** Site chrome never worth marking (menus, search boxes, footers), as a list of simple selectors, each found by a native query of its own on a large page (`lib/match/skipped-elements.ts`). */
  skipSelector: string;
  /**
   * Attributes `skipSelector` tests that the site's own scripts change, showing or hiding text without any
   * node changing (arXiv's search results swap an abstract's preview and its whole text by `style`): the
   * page session observes them, besides those of the elements always skipped (`SKIP_ATTRIBUTES`).
   */
  skipAttributes?: readonly SkipAttribute[];
  /**
   * Whether the page's own content has shown. A single-page app's first HTML is an empty shell its scripts
   * fill later (and an in-app navigation shows a skeleton first): until this says so, the page is reported
   * as being read, not as read with no methods on it (for `CONTENT_WAIT_MS` at most), and so again when the
   * content goes after a pass read it (the app rendering the same page anew). Absent: the content
   * comes with the page.
   */
  contentShown?(document: Document): boolean;
}

/**
 * The elements the content script reads on `document`: the site's roots, or for want of any `<body>`, its
 * chrome skipped (`fallback`), as on a page whose markup the adapter does not know; none on a page whose
 * roots are all it has to read (`rootsOnly`).
 */
export function rootsToRead(site: SiteAdapter, document: Document): { roots: Element[]; fallback: boolean } {
  const roots = outermost(document, site.rootSelector);
  if (roots.length || site.rootsOnly?.(new URL(document.URL))) return { roots, fallback: false };
  return { roots: document.body ? [document.body] : [], fallback: true };
}

/** Elements matching any of `selectors`, without those nested inside another match. */
export function outermost(document: Document, selectors: string): Element[] {
  const found = Array.from(document.querySelectorAll(selectors));
  return found.filter((element) => !found.some((other) => other !== element && other.contains(element)));
}

/**
 * An attribute a site's skip selector tests, and the elements it tests it on: a change of it elsewhere
 * shows or hides nothing (a script restyling what it animates), and reads nothing again.
 */
export interface SkipAttribute {
  name: string;
  /** A selector for the elements whose text the attribute may show or hide. */
  on: string;
}
