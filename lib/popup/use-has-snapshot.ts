/**
 * Whether the store holds a snapshot yet, read live; null until known. In an empty store no name is
 * found, which says nothing about the name: the views say why instead. A store that cannot be read
 * counts as holding one (the view's own read says what failed).
 */
import { useStoreRead } from './use-store-read';

export function useHasSnapshot(): boolean | null {
  const active = useStoreRead('activeSnapshotKey', [], []);
  return active.state === 'loading' ? null : active.state === 'error' || active.value !== null;
}
