/**
 * "Your selection": the methods a sentence looked up from the context menu names, most superseded first,
 * as the page view lists a page's, each leading to its record.
 */
import type { PageSummaryMethod } from '@/lib/page-summary';
import { pageSummaryLine } from '@/lib/popup/page-summary-line';
import { useDocumentTitle } from '@/lib/popup/use-document-title';
import { plural } from '@/lib/format';
import { EmptyState } from './EmptyState';
import { Loading } from './Loading';
import { MethodList } from './MethodList';
import { ReadFailure } from './ReadFailure';

export type SelectionViewState =
  | { kind: 'loading' }
  | { kind: 'error'; error: string }
  /** `named`: how many methods the selection named, some of which a refresh since may have taken out of the snapshot. */
  | { kind: 'ready'; methods: PageSummaryMethod[]; named: number };

export function SelectionView({ state }: { state: SelectionViewState }) {
  useDocumentTitle('Your selection');
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title" class="view-title" tabIndex={-1}>
        Your selection
      </h1>
      {state.kind === 'loading' && <Loading what="the methods it names" />}
      {state.kind === 'error' && <ReadFailure title="Could not read the methods it names." detail={state.error} />}
      {state.kind === 'ready' && state.methods.length === 0 && (
        <EmptyState title="None of the methods it named is in the snapshot now.">
          <p>Select the words again and look them up, or search for a method.</p>
        </EmptyState>
      )}
      {state.kind === 'ready' && state.methods.length > 0 && (
        <>
          <p class="summary-line">{pageSummaryLine(state.methods)}</p>
          {state.methods.length < state.named && (
            <p class="note">{plural(state.named - state.methods.length, 'method it named is', 'methods it named are')} no longer in the snapshot.</p>
          )}
          <MethodList methods={state.methods} label="Methods in your selection" countedIn="in your selection" />
        </>
      )}
    </section>
  );
}
