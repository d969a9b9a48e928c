/**
 * Moving between popup views. Links are real links (`popup.html?method=…`, so they can be opened in
 * a tab, copied, and read as links) whose plain clicks the popup handles itself.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import { routeSearch, type Route } from '@/lib/popup/route';

export interface Navigation {
  navigate(route: Route): void;
}

/** Outside the popup (component tests, the options page) links just carry their href. */
const NavigationContext = createContext<Navigation>({ navigate: () => {} });

export const NavigationProvider = NavigationContext.Provider;

export function useNavigation(): Navigation {
  return useContext(NavigationContext);
}

function hrefFor(route: Route): string {
  return `popup.html${routeSearch(route)}`;
}

interface RouteLinkProps {
  to: Route;
  children: ComponentChildren;
  class?: string;
  'aria-current'?: 'page';
}

export function RouteLink({ to, children, ...rest }: RouteLinkProps) {
  const { navigate } = useNavigation();
  return (
    <a
      {...rest}
      href={hrefFor(to)}
      onClick={(event) => {
        // Modified clicks keep the browser's meaning (new tab, new window).
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

/** A method named by the snapshot: a link to its record, or plain text when the KB gives no id. */
export function MethodLink({ id, name }: { id: string | null; name: string | null }) {
  const label = name ?? id ?? 'unnamed method';
  if (!id) return <span class="method-name">{label}</span>;
  return (
    <RouteLink to={{ view: 'method', idOrName: id }} class="method-name">
      {label}
    </RouteLink>
  );
}
