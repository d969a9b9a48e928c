/**
 * The popup's views and their URLs. The URL is the popup's whole state, so a view can be opened
 * directly (`popup.html?method=awq`, the test contract) and Back is the browser's own history.
 */
import { METHOD_ID_PATTERN } from '@/lib/snapshot/schema';

export type Route =
  /** A tab's methods; without `tabId`, the active tab of the current window. */
  | { view: 'page'; tabId: number | null }
  | { view: 'search'; query: string }
  | { view: 'method'; idOrName: string }
  /** A topic; `name` null lists the topics to choose from. */
  | { view: 'topic'; name: string | null }
  | { view: 'snapshot' }
  /** The methods a looked-up selection names (the context menu's "Look up"), how often each, most named first. */
  | { view: 'selection'; mentions: SelectionMention[] };

/** A method a selection names, how many times, and under which of its names (`PageMention`). */
export interface SelectionMention {
  methodId: string;
  count: number;
  names?: string[];
}

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
    case 'selection':
      return { view: 'selection', mentions: parseSelectionMentions(params.get('m') ?? '') };
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
    case 'selection':
      params.set('view', 'selection');
      params.set('m', route.mentions.map(({ methodId, count, names = [] }) => [methodId, count, ...names.map(encodeURIComponent)].join(':')).join(','));
      break;
  }
  if (forTab !== null && route.view !== 'page') params.set('tab', String(forTab));
  return `?${params.toString()}`;
}

export function routesEqual(a: Route, b: Route): boolean {
  return routeSearch(a) === routeSearch(b);
}

/**
 * `m=gptq:3:GPTQ:OPTQ,awq:2:AWQ`: each a method's id, a count, and the names it was found under (each
 * URI-encoded, so a `:` or `,` in one stays inside it); an entry of another shape (an address typed by
 * hand) is left out, and so is a name that cannot be decoded. Which names are the method's own is for
 * the store to say (`withItsOwnNames`).
 */
function parseSelectionMentions(text: string): SelectionMention[] {
  return text.split(',').flatMap((entry) => {
    const [methodId = '', count = '', ...encodedNames] = entry.split(':');
    if (!METHOD_ID_PATTERN.test(methodId) || !/^[1-9]\d{0,8}$/.test(count)) return [];
    const names = encodedNames.slice(0, NAMES_PER_MENTION_AT_MOST).flatMap((encoded) => {
      try {
        const name = decodeURIComponent(encoded);
        return name === '' ? [] : [name];
      } catch {
        return [];
      }
    });
    return [{ methodId, count: Number(count), ...(names.length > 0 && { names }) }];
  });
}

/** A method goes by a name and a few aliases: an address naming more was not made by a look-up. */
const NAMES_PER_MENTION_AT_MOST = 16;
