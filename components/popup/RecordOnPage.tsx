/**
 * On a method's record, when what the popup's tab shows mentions it: how often, under which names, and on
 * a page, "Show on page" to go to each mention, as in the page view's row; for an arXiv PDF, in the HTML
 * version the popup read of it.
 */
import type { PageSummaryMethod } from '@/lib/page-summary';
import type { ShowMention } from '@/lib/popup/show-mention-on';
import { plural } from '@/lib/format';
import { MentionedAs } from './MentionedAs';
import { ShowOnPage } from './ShowOnPage';

export type RecordMentions = { where: 'page'; mention: PageSummaryMethod; show: ShowMention } | { where: 'paper'; mention: PageSummaryMethod };

export function RecordOnPage({ mentions }: { mentions: RecordMentions }) {
  const { mention } = mentions;
  return (
    <p class="record-on-page">
      <span>
        {plural(mention.count, 'mention', 'mentions')} {mentions.where === 'page' ? 'on this page' : 'in this paper’s HTML version'}
        <MentionedAs method={mention} />
      </span>
      {mentions.where === 'page' && <ShowOnPage methodId={mention.methodId} name={mention.name} show={mentions.show} />}
    </p>
  );
}
