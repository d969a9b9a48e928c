/**
 * A topic the store has none of, under the name asked for: not in the snapshot, or, while the store
 * holds none yet (its first filling runs, or failed), why nothing can be found.
 */
import { useHasSnapshot } from '@/lib/popup/use-has-snapshot';
import { EmptyState } from './EmptyState';
import { Loading } from './Loading';
import { NoSnapshotYet } from './NoSnapshotYet';

export function TopicNotFound({ name }: { name: string }) {
  const hasSnapshot = useHasSnapshot();
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title" class="view-title" tabIndex={-1}>
        {name}
      </h1>
      {hasSnapshot === false ? (
        <NoSnapshotYet />
      ) : hasSnapshot === null ? (
        <Loading what="the topic" />
      ) : (
        <EmptyState title={`The snapshot has no topic “${name}”.`} />
      )}
    </section>
  );
}
