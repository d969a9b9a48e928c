/** A method the store has no record of, under the name asked for (see `NotInSnapshot`). */
import { EmptyState } from './EmptyState';
import { NotInSnapshot } from './NotInSnapshot';
import { RouteLink } from './RouteLink';

export function MethodNotFound({ idOrName }: { idOrName: string }) {
  return (
    <NotInSnapshot name={idOrName} loadingWhat="the record">
      <EmptyState title="This method is not in the snapshot.">
        <p>
          It may have been renamed or removed in the last refresh. <RouteLink to={{ view: 'search', query: idOrName }}>Search for it</RouteLink>.
        </p>
      </EmptyState>
    </NotInSnapshot>
  );
}
