/**
 * Turns downloaded bytes into trusted documents: size and checksum against the index, JSON, the
 * format version, the zod schema, and the knowledge base's own consistency rules.
 */
import type { z } from 'zod';
import { sha256Hex } from '../snapshot/hash';
import { decodeUtf8 } from '../snapshot/utf8';
import {
  FORMAT_VERSION,
  SNAPSHOT_FORMAT,
  SnapshotIndex,
  TopicDocument,
  type IndexEntry,
} from '../snapshot/schema';
import { findTopicProblems } from '../snapshot/validate';
import { cutShort, failure } from './errors';

export function parseIndex(bytes: Uint8Array, url: string): SnapshotIndex {
  const value = parseSnapshotJson(bytes, url);
  // A topic's file given as the source: said so, not as the index schema's complaints.
  if (!('topics' in (value as object)) && 'topic' in (value as object) && 'methods' in (value as object)) throw failure.topicNotIndex(url);
  return checkShape(SnapshotIndex, value, url);
}

/** What a topic needs from the rest of the snapshot, checked once every topic is in. */
export interface TopicReferences {
  topic: string;
  url: string;
  ownIds: string[];
  /** Names and aliases of the methods it defines → method id. */
  ownLabels: Map<string, string>;
  /** Method ids the topic mentions but does not define. */
  externalIds: Set<string>;
}

/** What the topics kept as they are contribute to the checks: their methods' ids and names, and what they point at. */
export interface StayingMethods {
  /** Method id → topic. */
  ids: ReadonlyMap<string, string>;
  /** Name or alias → method id. */
  labels: ReadonlyMap<string, string>;
  /** Each kept topic's ids of methods other topics define: those topics may have changed or gone. */
  external: readonly { topic: string; ids: ReadonlySet<string> }[];
}

export async function parseTopic(
  bytes: Uint8Array,
  entry: IndexEntry,
  url: string,
): Promise<{ doc: TopicDocument; references: TopicReferences }> {
  if (bytes.byteLength !== entry.bytes) throw failure.sizeMismatch(url, bytes.byteLength, entry.bytes);
  if ((await sha256Hex(bytes)) !== entry.sha256) throw failure.checksum(url);
  const doc = checkShape(TopicDocument, parseSnapshotJson(bytes, url), url);
  if (doc.topic.name !== entry.topic) throw failure.wrongTopic(url, doc.topic.name, entry.topic);
  const ownIds = doc.methods.map((method) => method.id);
  const externalIds = mentionedIds(doc);
  for (const id of ownIds) externalIds.delete(id);
  // Ids from other topics count as known here; `checkAcrossTopics` verifies them.
  const problems = findTopicProblems(doc, externalIds);
  if (problems.length > 0) throw failure.inconsistent(url, problems);
  const ownLabels = new Map(doc.methods.flatMap((method) => [method.name, ...method.aliases].map((label) => [label, method.id] as const)));
  return { doc, references: { topic: entry.topic, url, ownIds, ownLabels, externalIds } };
}

/**
 * Across the new snapshot (downloaded topics plus the methods of the topics kept as they are): each
 * method id belongs to one topic, each name or alias to one method, and every mentioned method exists.
 */
export function checkAcrossTopics(downloaded: readonly TopicReferences[], staying: StayingMethods, indexUrl: string): void {
  const owner = new Map(staying.ids);
  const labelOwner = new Map(staying.labels);
  for (const topic of downloaded) {
    for (const id of topic.ownIds) {
      const other = owner.get(id);
      if (other !== undefined) throw failure.inconsistent(topic.url, [`method id "${id}" also belongs to topic "${other}"`]);
      owner.set(id, topic.topic);
    }
    for (const [label, id] of topic.ownLabels) {
      const other = labelOwner.get(label);
      if (other !== undefined && other !== id) {
        throw failure.inconsistent(topic.url, [`name "${label}" belongs to both "${other}" (topic "${owner.get(other)}") and "${id}"`]);
      }
      labelOwner.set(label, id);
    }
  }
  for (const topic of downloaded) {
    const unknown = [...topic.externalIds].filter((id) => !owner.has(id));
    if (unknown.length > 0) {
      throw failure.inconsistent(topic.url, unknown.slice(0, 5).map((id) => `it points at unknown method "${id}"`));
    }
  }
  // A topic kept as it is still names methods of topics the new index changed or dropped.
  for (const topic of staying.external) {
    const unknown = [...topic.ids].filter((id) => !owner.has(id));
    if (unknown.length > 0) {
      throw failure.inconsistent(indexUrl, unknown.slice(0, 5).map((id) => `topic "${topic.topic}", unchanged, points at unknown method "${id}"`));
    }
  }
}

function parseSnapshotJson(bytes: Uint8Array, url: string): unknown {
  let text: string;
  try {
    text = decodeUtf8(bytes);
  } catch {
    throw failure.notText(url);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // A host's error or login page, or the address of a web page: said so, not as a parser's message.
    if (/^\s*</.test(text)) throw failure.webPage(url);
    throw failure.invalidJson(url, error instanceof Error ? error.message : String(error));
  }
  // Recognise the file and its version before the schema, so a newer format gets a clear message.
  const header = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (header.format !== SNAPSHOT_FORMAT) throw failure.notSnapshot(url);
  if (header.formatVersion !== FORMAT_VERSION) throw failure.unknownVersion(url, header.formatVersion);
  return value;
}

function checkShape<T>(schema: z.ZodType<T>, value: unknown, url: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw failure.schema(url, describeIssues(parsed.error));
  return parsed.data;
}

function describeIssues(error: z.ZodError, shown = 3): string {
  // Paths and messages may quote the file (an unknown key): each is cut short.
  const described = error.issues.slice(0, shown).map((issue) => cutShort(`${describePath(issue.path)}: ${issue.message}`, 200));
  const more = error.issues.length - shown;
  return described.join('; ') + (more > 0 ? `; and ${more} more` : '');
}

function describePath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'the file';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function mentionedIds(doc: TopicDocument): Set<string> {
  const ids = new Set<string>();
  const add = (id: string | null) => {
    if (id !== null) ids.add(id);
  };
  for (const critique of doc.critiques) add(critique.methodId);
  for (const result of doc.results) {
    add(result.winnerId);
    add(result.loserId);
  }
  for (const alternative of doc.alternatives) {
    add(alternative.ofMethodId);
    add(alternative.methodId);
  }
  for (const subProblem of doc.subProblems) subProblem.methodIds.forEach(add);
  for (const entry of doc.frontier) add(entry.methodId);
  return ids;
}
