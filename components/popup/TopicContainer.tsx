/** A topic read live from the store; without a name, the only topic, or the list to choose from. */
import { useLayoutEffect } from 'preact/hooks';
import { getTopicView, listTopics } from '@/lib/store/read';
import { markViewReady } from '@/lib/popup/view-ready';
import { pageDb } from '@/lib/popup/page-db';
import { useLiveQuery } from '@/lib/popup/use-live-query';
import { TopicList, TopicView } from './TopicView';
import { EmptyState, ErrorNote, Loading } from './states';

export function TopicContainer({ name }: { name: string | null }) {
  return name === null ? <ChooseTopic /> : <OneTopic name={name} />;
}

function OneTopic({ name }: { name: string }) {
  const topic = useLiveQuery(() => getTopicView(pageDb(), name), [name]);
  useLayoutEffect(() => {
    if (topic.state !== 'loading') markViewReady('topic');
  }, [topic.state]);
  if (topic.state === 'loading') return <Loading what="the topic" />;
  if (topic.state === 'error') return <ErrorNote title="The topic could not be read." detail={topic.error} />;
  if (!topic.value) return <EmptyState title={`The snapshot has no topic “${name}”.`} />;
  return <TopicView topic={topic.value} />;
}

function ChooseTopic() {
  const topics = useLiveQuery(() => listTopics(pageDb()), []);
  useLayoutEffect(() => {
    // With one topic, OneTopic marks when that topic is shown.
    if (topics.state === 'error' || (topics.state === 'ready' && topics.value.length !== 1)) markViewReady('topics');
  }, [topics]);
  if (topics.state === 'loading') return <Loading what="the topics" />;
  if (topics.state === 'error') return <ErrorNote title="The topics could not be read." detail={topics.error} />;
  if (topics.value.length === 0) return <EmptyState title="The snapshot is still being loaded." />;
  if (topics.value.length === 1) return <OneTopic name={topics.value[0]!.name} />;
  return <TopicList topics={topics.value} />;
}
