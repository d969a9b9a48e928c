/** One of the popup's view tabs: a link, marked as the current page when its view is shown. */
import type { Route } from '@/lib/popup/route';
import { RouteLink } from './RouteLink';

export function ViewTab({ to, current, label }: { to: Route; current: boolean; label: string }) {
  return (
    <RouteLink to={to} class="tab" aria-current={current ? 'page' : undefined}>
      {label}
    </RouteLink>
  );
}
