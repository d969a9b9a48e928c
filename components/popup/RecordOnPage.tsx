/**
 * On a method's record, when the popup's tab mentions it: how often, under which names, and "Show on
 * page" to go to each mention, as in the page view's row.
 */
import type { PageSummaryMethod } from '@/lib/page-summary';
import type { ShowMention } from '@/lib/popup/show-mention-on';
import { plural } from '@/lib/format';
import { MentionedAs } from './MentionedAs';
import { ShowOnPage } from './ShowOnPage';

export function RecordOnPage({ mention, show }: { mention: PageSummaryMethod; show: ShowMention }) {
  return (
    <p class="record-on-page">
      <span>
        {plural(mention.count, 'mention', 'mentions')} on this page
        <MentionedAs method={mention} />
      </span>
      <ShowOnPage methodId={mention.methodId} name={mention.name} show={show} />
    </p>
  );
}
