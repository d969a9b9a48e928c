/** The importer's last gate: every topic document must fit the zod schema and pass the referential checks. */
import { TopicDocument, type Snapshot } from '../snapshot/schema';
import { findTopicProblems } from '../snapshot/validate';
import type { LocateInPages } from './build-snapshot';
import { ImportError, quoted } from './errors';
import { where } from './method-registry';

const MAX_LISTED_ISSUES = 5;

/** An error found in the finished snapshot is named by the place in the pages it came from, where known. */
export function assertValidSnapshot(snapshot: Snapshot, locate: LocateInPages): void {
  assertEachMethodInOneTopic(snapshot, locate);
  const idsByTopic = snapshot.topics.map((doc) => doc.methods.map((method) => method.id));
  snapshot.topics.forEach((doc, index) => {
    const topic = quoted(doc.topic.name);
    const parsed = TopicDocument.safeParse(doc);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, MAX_LISTED_ISSUES)
        .map((issue) => `${describePath(doc, issue.path)}: ${issue.message}`);
      // Named at its first issue: the one a publisher fixes first.
      const at = locate(index, parsed.error.issues[0]!.path);
      throw new ImportError(`the topic ${topic} does not fit the snapshot format: ${issues.join('; ')}`, at?.file, at?.line);
    }
    const otherTopicsIds = new Set(idsByTopic.filter((_, other) => other !== index).flat());
    const problems = findTopicProblems(doc, otherTopicsIds);
    if (problems.length > 0) throw new ImportError(`the topic ${topic} is inconsistent: ${problems.join('; ')}`);
  });
}

/** Method ids are global, so a name used under two topics cannot be imported; say so plainly. */
function assertEachMethodInOneTopic(snapshot: Snapshot, locate: LocateInPages): void {
  const topicOf = new Map<string, { topic: string; at: string }>();
  snapshot.topics.forEach((doc, topicIndex) => {
    doc.methods.forEach((method, index) => {
      const at = locate(topicIndex, ['methods', index]);
      const other = topicOf.get(method.id);
      if (other !== undefined) {
        throw new ImportError(
          `the method ${quoted(method.name)} is named under two topics, ${quoted(other.topic)}${other.at} and ${quoted(doc.topic.name)}; a method belongs to one topic`,
          at?.file,
          at?.line,
        );
      }
      topicOf.set(method.id, { topic: doc.topic.name, at: at ? ` (${where(at)})` : '' });
    });
  });
}

/** `methods.3.name` → `method “AWQ”.name`, so the user can find the method in the pages. */
function describePath(doc: Snapshot['topics'][number], path: readonly PropertyKey[]): string {
  const [list, index, ...rest] = path;
  const method = list === 'methods' && typeof index === 'number' ? doc.methods[index] : undefined;
  const parts = method ? [`method ${quoted(method.name)}`, ...rest] : path;
  return parts.map(String).join('.') || '(document)';
}
