/** A topic read live from the store; without a name, the only topic, or the list to choose from. */
import { TopicByName } from './TopicByName';
import { TopicChooser } from './TopicChooser';

export function TopicContainer({ name }: { name: string | null }) {
  return name === null ? <TopicChooser /> : <TopicByName name={name} />;
}
