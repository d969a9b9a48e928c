/**
 * The popup's views and their URLs. The URL is the popup's whole state, so a view can be opened
 * directly (`popup.html?method=awq`, the test contract) and Back is the browser's own history.
 */
export type Route =
  /** A tab's methods; without `tabId`, the active tab of the current window. */
  | { view: 'page'; tabId: number | null }
  | { view: 'search'; query: string }
  | { view: 'method'; idOrName: string }
  /** A topic; `name` null lists the topics to choose from. */
  | { view: 'topic'; name: string | null }
  | { view: 'snapshot' };

/** The route a query string names, or null when it names none (the popup then decides). */
export function parseRoute(search: string): Route | null {
  const params = new URLSearchParams(search);
  const method = params.get('method');
  if (method) return { view: 'method', idOrName: method };
  const topic = params.get('topic');
  if (topic !== null) return { view: 'topic', name: topic || null };
  const tabId = tabOfSearch(search);
  switch (params.get('view')) {
    case 'page':
      return { view: 'page', tabId };
    case 'search':
      return { view: 'search', query: params.get('q') ?? '' };
    case 'topic':
      return { view: 'topic', name: null };
    case 'snapshot':
      return { view: 'snapshot' };
    default:
      return tabId === null ? null : { view: 'page', tabId };
  }
}

/**
 * The tab a popup window was opened for, where its view is not that tab's page (`popup.html?method=awq&tab=7`:
 * the window a hover card's "Open full record" falls back to, which has no tab of its own). Every view
 * of that window keeps it in its URL, so a reload still knows which tab "This page" means.
 */
export function tabOfSearch(search: string): number | null {
  const tab = new URLSearchParams(search).get('tab');
  return tab !== null && /^\d+$/.test(tab) ? Number(tab) : null;
}

/**
 * The query string (with `?`) that `parseRoute` reads back as `route`, and `tabOfSearch` as `forTab`:
 * the tab a popup window was opened for, kept beside every other view.
 */
export function routeSearch(route: Route, forTab: number | null = null): string {
  const params = new URLSearchParams();
  switch (route.view) {
    case 'page':
      if (route.tabId === null) params.set('view', 'page');
      else params.set('tab', String(route.tabId));
      break;
    case 'search':
      params.set('view', 'search');
      if (route.query) params.set('q', route.query);
      break;
    case 'method':
      params.set('method', route.idOrName);
      break;
    case 'topic':
      params.set('topic', route.name ?? '');
      break;
    case 'snapshot':
      params.set('view', 'snapshot');
      break;
  }
  if (forTab !== null && route.view !== 'page') params.set('tab', String(forTab));
  return `?${params.toString()}`;
}

export function routesEqual(a: Route, b: Route): boolean {
  return routeSearch(a) === routeSearch(b);
}
