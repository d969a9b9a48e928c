/**
 * Moving between popup views. Links are real links (`popup.html?method=…`, so they can be opened in
 * a tab, copied, and read as links) whose plain clicks the popup handles itself (RouteLink).
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Route } from '@/lib/popup/route';

export interface Navigation {
  navigate(route: Route): void;
}

/** Outside the popup (component tests, the options page) links just carry their href. */
const NavigationContext = createContext<Navigation>({ navigate: () => {} });

export const NavigationProvider = NavigationContext.Provider;

export function useNavigation(): Navigation {
  return useContext(NavigationContext);
}
