/** Reads the methods a looked-up selection names from the store, as a live query: a refresh shows without reopening. */
import { useLayoutEffect } from 'preact/hooks';
import type { SelectionMention } from '@/lib/popup/route';
import { useStoreRead } from '@/lib/popup/use-store-read';
import { markViewReady } from '@/lib/popup/view-ready';
import { sortBySupersession, summaryRows, withItsOwnNames } from '@/lib/page-summary';
import { SelectionView } from './SelectionView';

export function SelectionContainer({ mentions }: { mentions: readonly SelectionMention[] }) {
  const ids = mentions.map((mention) => mention.methodId);
  const methods = useStoreRead('methodsByIds', [ids], [ids.join(',')]);
  useLayoutEffect(() => {
    if (methods.state !== 'loading') markViewReady('selection');
  }, [methods.state]);
  return (
    <SelectionView
      state={
        methods.state === 'ready'
          ? { kind: 'ready', methods: sortBySupersession(summaryRows(withItsOwnNames(mentions, methods.value), methods.value)), named: mentions.length }
          : methods.state === 'error'
            ? { kind: 'error', error: methods.error }
            : { kind: 'loading' }
      }
    />
  );
}
