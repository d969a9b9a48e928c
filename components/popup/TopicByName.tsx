/** The topic of that name, read live from the store, or plainly why it cannot be shown. */
import { useLayoutEffect } from 'preact/hooks';
import { markViewReady } from '@/lib/popup/view-ready';
import { useStoreRead } from '@/lib/popup/use-store-read';
import { useDocumentTitle } from '@/lib/popup/use-document-title';
import { TopicView } from './TopicView';
import { TopicNotFound } from './TopicNotFound';
import { ViewReadFailure } from './ViewReadFailure';
import { Loading } from './Loading';

export function TopicByName({ name }: { name: string }) {
  const topic = useStoreRead('topicView', [name], [name]);
  useDocumentTitle(name);
  useLayoutEffect(() => {
    if (topic.state !== 'loading') markViewReady('topic');
  }, [topic.state]);
  if (topic.state === 'loading') return <Loading what="the topic" />;
  if (topic.state === 'error') return <ViewReadFailure viewTitle={name} title="The topic could not be read." detail={topic.error} />;
  if (!topic.value) return <TopicNotFound name={name} />;
  return <TopicView topic={topic.value} />;
}
