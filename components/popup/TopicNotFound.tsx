/** A topic the store has none of, under the name asked for (see `NotInSnapshot`). */
import { EmptyState } from './EmptyState';
import { NotInSnapshot } from './NotInSnapshot';

export function TopicNotFound({ name }: { name: string }) {
  return (
    <NotInSnapshot name={name} loadingWhat="the topic">
      {/* The name isolated (<bdi>): a right-to-left override left open in it drew "”." backwards, before it. */}
      <EmptyState
        title={
          <>
            The snapshot has no topic “<bdi>{name}</bdi>”.
          </>
        }
      />
    </NotInSnapshot>
  );
}
