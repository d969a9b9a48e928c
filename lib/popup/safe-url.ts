/**
 * Links built from snapshot text: always through `URL`, and only when the result is http(s), so no
 * string from a snapshot can become a `javascript:` or other link.
 */

/** `base` with `params` set, or null unless it is an http(s) URL. */
export function httpUrl(base: string, params: Record<string, string> = {}): string | null {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

/** arXiv's title search for a paper. */
export function arxivTitleSearch(title: string): string | null {
  return httpUrl('https://arxiv.org/search/', { query: title, searchtype: 'title' });
}

/** Semantic Scholar's search for a paper. */
export function semanticScholarSearch(title: string): string | null {
  return httpUrl('https://www.semanticscholar.org/search', { q: title });
}
