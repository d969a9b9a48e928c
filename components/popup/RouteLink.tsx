/** A link to a popup view: a real `popup.html?…` link whose plain clicks the popup handles itself. */
import type { ComponentChildren } from 'preact';
import type { Route } from '@/lib/popup/route';
import { useNavigation } from './navigation';

interface RouteLinkProps {
  to: Route;
  children: ComponentChildren;
  class?: string;
  'aria-current'?: 'page';
}

export function RouteLink({ to, children, ...rest }: RouteLinkProps) {
  const { navigate, search } = useNavigation();
  return (
    <a
      {...rest}
      href={`popup.html${search(to)}`}
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
