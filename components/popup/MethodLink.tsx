/** A method named by the snapshot: a link to its record, or plain text when the KB gives no id. */
import { RouteLink } from './RouteLink';

export function MethodLink({ id, name }: { id: string | null; name: string | null }) {
  const label = name ?? id ?? 'unnamed method';
  if (!id) return <span class="method-name">{label}</span>;
  return (
    <RouteLink to={{ view: 'method', idOrName: id }} class="method-name">
      {label}
    </RouteLink>
  );
}
