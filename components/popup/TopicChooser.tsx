/** The Topic tab without a name: the only topic at once, else the list to choose from. */
import { useLayoutEffect } from 'preact/hooks';
import { markViewReady } from '@/lib/popup/view-ready';
import { useStoreRead } from '@/lib/popup/use-store-read';
import { useDocumentTitle } from '@/lib/popup/use-document-title';
import { TopicByName } from './TopicByName';
import { TopicList } from './TopicList';
import { NoSnapshotYet } from './NoSnapshotYet';
import { ViewReadFailure } from './ViewReadFailure';
import { Loading } from './Loading';

export function TopicChooser() {
  const topics = useStoreRead('topics', [], []);
  useDocumentTitle('Topics');
  useLayoutEffect(() => {
    // With one topic, TopicByName marks when that topic is shown.
    if (topics.state === 'error' || (topics.state === 'ready' && topics.value.length !== 1)) markViewReady('topics');
  }, [topics]);
  if (topics.state === 'loading') return <Loading what="the topics" />;
  if (topics.state === 'error') return <ViewReadFailure viewTitle="Topics" title="The topics could not be read." detail={topics.error} />;
  if (topics.value.length === 0) {
    // Titled as the list would be: a screen reader names the view, and Try again has a title to focus.
    return (
      <section class="view" aria-labelledby="view-title">
        <h1 id="view-title" class="view-title" tabIndex={-1}>
          Topics
        </h1>
        <NoSnapshotYet />
      </section>
    );
  }
  if (topics.value.length === 1) return <TopicByName name={topics.value[0]!.name} />;
  return <TopicList topics={topics.value} />;
}
