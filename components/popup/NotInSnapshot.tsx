/**
 * Something asked for by name that the store has none of, under that name: `children` say it is not in
 * the snapshot; while the store holds no snapshot yet (its first filling runs, or failed), the note
 * says why nothing can be found instead.
 */
import type { ComponentChildren } from 'preact';
import { useHasSnapshot } from '@/lib/popup/use-has-snapshot';
import { Loading } from './Loading';
import { NoSnapshotYet } from './NoSnapshotYet';

export function NotInSnapshot({ name, loadingWhat, children }: { name: string; loadingWhat: string; children: ComponentChildren }) {
  const hasSnapshot = useHasSnapshot();
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title" class="view-title" tabIndex={-1}>
        {name}
      </h1>
      {hasSnapshot === false ? <NoSnapshotYet /> : hasSnapshot === null ? <Loading what={loadingWhat} /> : children}
    </section>
  );
}
