/** Merges resolved pages into a Snapshot: one TopicDocument per topic, in order of first appearance. */
import { IdAllocator } from '../snapshot/ids';
import type { Snapshot, TopicDocument } from '../snapshot/schema';
import type { PageLocation } from './method-registry';
import type { Page } from './page';
import { TopicAssembly } from './topic-assembly';

/** Where the pages printed the part at `path` of the topic document at `topicIndex`, when that is known. */
export type LocateInPages = (topicIndex: number, path: readonly PropertyKey[]) => PageLocation | undefined;

export function buildSnapshot(pages: readonly Page[], warn: (message: string) => void): { snapshot: Snapshot; locate: LocateInPages } {
  const topics = new Map<string, TopicAssembly>();
  const topic = (name: string) => {
    let assembly = topics.get(name);
    if (!assembly) topics.set(name, (assembly = new TopicAssembly(name, warn)));
    return assembly;
  };
  for (const page of pages) {
    if (page.kind === 'method') topic(page.topic).addMethodPage(page);
    else topic(page.topic.name).addOverviewPage(page);
  }
  // One allocator for all topics' names, so ids never depend on which topic a name was seen in.
  const ids = new IdAllocator([...topics.values()].flatMap((assembly) => assembly.methodNames()));
  const assemblies = [...topics.values()];
  const documents = assemblies.map((assembly) => assembly.toDocument(ids));
  return {
    snapshot: { generatedAt: stampOf(documents), topics: documents },
    locate: (topicIndex, path) => assemblies[topicIndex]?.locate(path),
  };
}

/**
 * The snapshot is stamped with the data's own date rather than the clock, so re-importing the same
 * pages gives byte-identical output: the latest topic `updated`, else the latest date printed at all.
 */
function stampOf(documents: readonly TopicDocument[]): string {
  const updated = documents.map((doc) => doc.topic.updated);
  const printed = documents.flatMap((doc) => [
    ...doc.methods.map((method) => method.firstSeen),
    ...doc.alternatives.map((entry) => entry.date),
    ...doc.frontier.map((entry) => entry.date),
  ]);
  const latest = (dates: (string | null)[]) => dates.filter((date) => date !== null).sort().at(-1);
  // A page set without any date gets the epoch: still deterministic, and obviously not a real date.
  return `${latest(updated) ?? latest(printed) ?? '1970-01-01'}T00:00:00.000Z`;
}
