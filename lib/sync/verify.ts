/**
 * Turns downloaded bytes into trusted documents: size and checksum against the index, JSON, the
 * format version, the zod schema, and the knowledge base's own consistency rules.
 */
import type { z } from 'zod';
import { sha256Hex } from '../snapshot/hash';
import { decodeUtf8, firstInvalidUtf8 } from '../snapshot/utf8';
import {
  FORMAT_VERSION,
  SNAPSHOT_FORMAT,
  SnapshotIndex,
  TopicDocument,
  type IndexEntry,
} from '../snapshot/schema';
import { findTopicProblems } from '../snapshot/validate';
import { cutShort, describeSchemaIssue, failure, type RefreshFailure, type SnapshotFile } from './errors';

export function parseIndex(bytes: Uint8Array, url: string): SnapshotIndex {
  const value = parseSnapshotJson(bytes, url, 'index');
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
  // Before the size and checksum, which an empty file or a page would fail too: said so, it points at
  // the cause (an empty answer that held to its end is no download cut off).
  if (textStart(bytes) === bytes.byteLength) throw failure.empty(url, 'topic');
  if (startsWithMarkup(bytes)) throw failure.webPage(url, 'topic');
  // Smaller than listed, it would be said to be cut off, and tried again in vain.
  if (isGzip(bytes)) throw failure.compressed(url);
  if (isZip(bytes)) throw failure.zipArchive(url, 'topic');
  if (bytes.byteLength !== entry.bytes) throw hostsOwnMessage(bytes, url) ?? failure.sizeMismatch(url, bytes.byteLength, entry.bytes);
  if ((await sha256Hex(bytes)) !== entry.sha256) throw failure.checksum(url);
  const doc = checkShape(TopicDocument, parseSnapshotJson(bytes, url, 'topic'), url);
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

function parseSnapshotJson(bytes: Uint8Array, url: string, file: SnapshotFile): unknown {
  if (isGzip(bytes)) throw failure.compressed(url);
  if (isZip(bytes)) throw failure.zipArchive(url, file);
  let text: string;
  try {
    text = decodeUtf8(bytes);
  } catch {
    throw failure.notText(url, firstInvalidUtf8(bytes));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw notJson(text, url, file, error);
  }
  // Recognise the file and its version before the schema, so a newer format gets a clear message.
  const header = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  if (header.format !== SNAPSHOT_FORMAT) throw failure.notSnapshot(url, file);
  if (header.formatVersion !== FORMAT_VERSION) throw failure.unknownVersion(url, header.formatVersion);
  return value;
}

/** What a file JSON.parse refused is, as far as its text tells. */
function notJson(text: string, url: string, file: SnapshotFile, error: unknown): RefreshFailure {
  // First: UTF-16's zero bytes would be quoted as "plain text" (big-endian) or found as a JSON mistake.
  if (text.includes('\0')) return failure.savedAsUtf16(url);
  const start = text.trimStart();
  if (start === '') return failure.empty(url, file);
  // A host's error or login page, a portal's, or the address of a web page.
  if (start.startsWith('<')) return failure.webPage(url, file);
  if (!start.startsWith('{') && !start.startsWith('[')) return failure.plainText(url, file, firstWords(start));
  if (endsPartWay(text)) return failure.cutOff(url);
  return failure.invalidJson(url, mistakeLocation(error, text));
}

/**
 * A topic's body shorter than listed that is plain text, or whole JSON but no snapshot file: the host's
 * own message, said as such rather than as a file cut off. Null when it may be the file, cut off.
 */
function hostsOwnMessage(bytes: Uint8Array, url: string): RefreshFailure | null {
  let text: string;
  try {
    text = decodeUtf8(bytes);
  } catch {
    return null;
  }
  const start = text.trimStart();
  if (start === '') return null;
  if (!start.startsWith('{') && !start.startsWith('[')) return failure.hostsOwnMessage(url, false, firstWords(start));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const isSnapshotFile = typeof value === 'object' && value !== null && (value as Record<string, unknown>).format === SNAPSHOT_FORMAT;
  return isSnapshotFile ? null : failure.hostsOwnMessage(url, true, firstWords(start));
}

/** The first words of a text, to about 60 characters, for a message to quote. */
function firstWords(text: string): string {
  const words = text.slice(0, 200).replace(/\s+/g, ' ').trim();
  if (words.length <= 60) return words;
  const lastSpace = words.lastIndexOf(' ', 60);
  return `${words.slice(0, lastSpace > 0 ? lastSpace : 60)}…`;
}

/** Where the text begins, past a byte-order mark and white space: the length for a file with no text at all. */
function textStart(bytes: Uint8Array): number {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (at < bytes.length && (bytes[at] === 0x20 || bytes[at] === 0x09 || bytes[at] === 0x0a || bytes[at] === 0x0d)) at++;
  return at;
}

/** Whether the first character, past white space and a byte-order mark, is "<": markup, where JSON was expected. */
function startsWithMarkup(bytes: Uint8Array): boolean {
  return bytes[textStart(bytes)] === 0x3c;
}

/** Whether the bytes begin as gzip's do (0x1f 0x8b), which no JSON text can. */
function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Whether the bytes begin as a zip archive's do: "PK" and a record's signature, a file's (3, 4), that of an
 * empty archive (5, 6) or of one split in parts (7, 8). No JSON text begins with "P".
 */
function isZip(bytes: Uint8Array): boolean {
  const [p, k, first, second] = bytes;
  return p === 0x50 && k === 0x4b && ((first === 3 && second === 4) || (first === 5 && second === 6) || (first === 7 && second === 8));
}

/** Whether the text ends inside a string, an object or a list: JSON cut off. */
function endsPartWay(text: string): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
  }
  return inString || depth > 0;
}

/** Where the parser stopped, when its message says: "at position 35" (V8), "line 3 column 3" (newer V8, Firefox). */
function mistakeLocation(error: unknown, text: string): { line: number; column: number } | null {
  const message = error instanceof Error ? error.message : '';
  const lineAndColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineAndColumn) return { line: Number(lineAndColumn[1]), column: Number(lineAndColumn[2]) };
  const position = /at position (\d+)/.exec(message);
  if (!position) return null;
  const offset = Number(position[1]);
  let line = 1;
  let lineStart = 0;
  for (let newline = text.indexOf('\n'); newline !== -1 && newline < offset; newline = text.indexOf('\n', newline + 1)) {
    line++;
    lineStart = newline + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function checkShape<T>(schema: z.ZodType<T>, value: unknown, url: string): T {
  const parsed = schema.safeParse(value, { error: describeSchemaIssue });
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
