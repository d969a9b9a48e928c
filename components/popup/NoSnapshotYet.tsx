/**
 * No snapshot in the store: its first filling still runs, or it failed, which is said with its reason and
 * links to the views that can try again or choose another source; or the snapshot's state could not be
 * read, which is said so, with why.
 */
import { useStoreRead } from '@/lib/popup/use-store-read';
import { EmptyState } from './EmptyState';
import { Loading } from './Loading';
import { ReadFailure } from './ReadFailure';
import { RouteLink } from './RouteLink';
import { OptionsLink } from './OptionsLink';

export function NoSnapshotYet() {
  const info = useStoreRead('snapshotInfo', [], []);
  // Not "still being loaded" before the state is read: it may say the filling failed.
  if (info.state === 'loading') return <Loading what="the snapshot’s state" />;
  if (info.state === 'error') return <ReadFailure title="The snapshot’s state could not be read." detail={info.error} />;
  const failure = info.value.progress === null ? info.value.lastError : null;
  if (!failure) return <EmptyState title="The snapshot is still being loaded." />;
  return (
    <EmptyState title="No snapshot could be loaded.">
      <p>{failure.what}</p>
      <p>
        <RouteLink to={{ view: 'snapshot' }}>The Snapshot tab</RouteLink> can try again; <OptionsLink>Options</OptionsLink> can choose another
        source.
      </p>
    </EmptyState>
  );
}
