/** A read of the store by name (`lib/store/page-reads.ts`) as a live query, wherever the page's reads are made. */
import type { PageReadArgs, PageReadName, PageReadResult } from '@/lib/store/page-reads';
import type { Loadable } from './loadable';
import { READS_THROUGH_BACKGROUND, readStore, watchThroughBackground } from './store-reads';
import { useLiveQuery } from './use-live-query';

/** `deps` name what the arguments are made from (a list's contents, not the list) and any count of reads asked again. */
export function useStoreRead<N extends PageReadName>(
  name: N,
  args: PageReadArgs<N>,
  deps: readonly unknown[],
  readAgainAt?: (value: PageReadResult<N>) => number | null,
): Loadable<PageReadResult<N>> {
  return useLiveQuery(
    () => readStore(name, args),
    deps,
    readAgainAt,
    READS_THROUGH_BACKGROUND ? (observer) => watchThroughBackground(name, args, observer) : undefined,
  );
}
