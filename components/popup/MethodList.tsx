/** Methods found on a page (or in a paper's HTML version), most superseded first, with what the KB counts. */
import type { PageSummaryMethod } from '@/lib/page-summary';
import { countsLine, plural } from '@/lib/format';
import { RankWords } from '@/components/RankWords';
import { StatusBadge } from '@/components/StatusBadge';
import { statusStyle } from '@/lib/popup/status-style';
import { MethodLink } from './MethodLink';
import { ShowMore, useShownPage } from './ShowMore';
import { StatusKey } from './StatusKey';
import { ShowOnPage } from './ShowOnPage';
import { MentionedAs } from './MentionedAs';
import type { ShowMention } from '@/lib/popup/show-mention-on';

/** Rows drawn at a time: a page may name 20,000 methods, and the most superseded come first. */
const METHODS_PAGE = 50;

/**
 * `showMention`: the list is the tab's own page's, whose mentions can be shown there ("Show on page").
 * `countedIn`: where the mentions were counted, after their count ("3 mentions here").
 */
export function MethodList({
  methods,
  label,
  countedIn = 'here',
  showMention,
}: {
  methods: readonly PageSummaryMethod[];
  label: string;
  countedIn?: string;
  showMention?: ShowMention;
}) {
  const page = useShownPage<HTMLUListElement>(methods.length, METHODS_PAGE);
  const shown = methods.slice(0, page.shown);
  return (
    <>
      <StatusKey statuses={shown.map((method) => method.status)} />
      <ul class="method-list" aria-label={label} ref={page.listRef}>
        {shown.map((method) => {
          const counts = countsLine(method.critiquedBy, method.beatenBy);
          return (
            <li key={method.methodId} class="method-row" style={statusStyle(method.status)}>
              <div class="method-row-head">
                <MethodLink id={method.methodId} name={method.name} />
                <StatusBadge status={method.status} />
              </div>
              <p class="method-row-facts">
                <span>
                  {plural(method.count, 'mention', 'mentions')} {countedIn}
                  <MentionedAs method={method} />
                </span>
                {showMention && <ShowOnPage methodId={method.methodId} name={method.name} show={showMention} />}
                {method.rank !== null && (
                  <span>
                    <RankWords rank={method.rank} topic={method.topic} />
                  </span>
                )}
                {counts && <span>{counts}</span>}
              </p>
            </li>
          );
        })}
      </ul>
      <ShowMore page={page} total={methods.length} pageSize={METHODS_PAGE} many="methods" />
    </>
  );
}
