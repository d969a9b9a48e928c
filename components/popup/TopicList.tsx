/** The topics to choose from, when the snapshot has more than one. */
import { formatDate, plural } from '@/lib/format';
import type { TopicSummary } from '@/lib/store/read';
import { RouteLink } from './RouteLink';
import { useDocumentTitle } from '@/lib/popup/use-document-title';
import { ShowMore, useShownPage } from './ShowMore';

/** Topics listed at a time. */
const TOPICS_PAGE = 50;

export function TopicList({ topics }: { topics: readonly TopicSummary[] }) {
  useDocumentTitle('Topics');
  const page = useShownPage<HTMLUListElement>(topics.length, TOPICS_PAGE);
  return (
    <section class="view" aria-labelledby="view-title">
      <h1 id="view-title" class="view-title" tabIndex={-1}>
        Topics
      </h1>
      <ul class="topic-list" ref={page.listRef}>
        {topics.slice(0, page.shown).map((topic) => (
          <li key={topic.name} class="topic-list-row">
            <RouteLink to={{ view: 'topic', name: topic.name }}>{topic.name}</RouteLink>
            <span class="topic-list-facts">
              {plural(topic.counts.methods, 'method', 'methods')}
              {topic.updated ? ` · updated ${formatDate(topic.updated)}` : ''}
            </span>
          </li>
        ))}
      </ul>
      <ShowMore page={page} total={topics.length} pageSize={TOPICS_PAGE} many="topics" />
    </section>
  );
}
