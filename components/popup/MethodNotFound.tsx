/**
 * A method the store has no record of, under the name asked for: not in the snapshot, or, while the
 * store holds none yet (its first filling runs, or failed), why nothing can be found.
 */
import { useHasSnapshot } from '@/lib/popup/use-has-snapshot';
import { EmptyState } from './EmptyState';
import { Loading } from './Loading';
import { NoSnapshotYet } from './NoSnapshotYet';
import { RouteLink } from './RouteLink';

export function MethodNotFound({ idOrName }: { idOrName: string }) {
  const hasSnapshot = useHasSnapshot();
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title" class="view-title" tabIndex={-1}>
        {idOrName}
      </h1>
      {hasSnapshot === false ? (
        <NoSnapshotYet />
      ) : hasSnapshot === null ? (
        <Loading what="the record" />
      ) : (
        <EmptyState title="This method is not in the snapshot.">
          <p>
            It may have been renamed or removed in the last refresh. <RouteLink to={{ view: 'search', query: idOrName }}>Search for it</RouteLink>.
          </p>
        </EmptyState>
      )}
    </section>
  );
}
