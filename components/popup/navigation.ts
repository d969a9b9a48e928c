/**
 * Moving between popup views. Links are real links (`popup.html?method=…`, so they can be opened in
 * a tab, copied, and read as links) whose plain clicks the popup handles itself (RouteLink).
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { routeSearch, type Route } from '@/lib/popup/route';

export interface Navigation {
  /** Opens `route` as a new history entry. */
  navigate(route: Route): void;
  /** Shows `route` in the current history entry (the search view's query as it is typed). */
  replace(route: Route): void;
  /** The query string of `route` in this popup (a window opened for a tab keeps naming it). */
  search(route: Route): string;
}

/** Outside the popup (component tests, the options page) links just carry their href. */
const NavigationContext = createContext<Navigation>({
  navigate: () => {},
  replace: (route) => history.replaceState(history.state, '', routeSearch(route)),
  search: (route) => routeSearch(route),
});

export const NavigationProvider = NavigationContext.Provider;

export function useNavigation(): Navigation {
  return useContext(NavigationContext);
}
