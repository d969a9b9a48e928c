/**
 * Turns an in-memory snapshot into the files a publisher hosts: `index.json` plus one document per
 * topic, each listed in the index with its size and sha-256. Works in Node and in the browser.
 */
import { FORMAT_VERSION, SNAPSHOT_FORMAT, type Snapshot, type SnapshotIndex } from './schema';
import { slugify } from './ids';
import { sha256Hex } from './hash';
import { stringifyAscii } from './ascii-json';

export interface SnapshotFiles {
  index: SnapshotIndex;
  /** File name → contents, `index.json` included. */
  files: Map<string, string>;
}

export async function renderSnapshotFiles(snapshot: Snapshot, options: { pretty?: boolean } = {}): Promise<SnapshotFiles> {
  // `index.json` is taken from the start: a topic named "Index" written there would be lost under the index.
  const files = new Map<string, string>([['index.json', '']]);
  const entries: SnapshotIndex['topics'] = [];
  const encoder = new TextEncoder();
  for (const doc of snapshot.topics) {
    let file = `${slugify(doc.topic.name)}.json`;
    for (let n = 2; files.has(file); n++) file = `${slugify(doc.topic.name)}-${n}.json`;
    const body = stringifyAscii(doc, options.pretty ? 2 : undefined) + '\n';
    const bytes = encoder.encode(body);
    files.set(file, body);
    entries.push({ topic: doc.topic.name, file, bytes: bytes.byteLength, sha256: await sha256Hex(bytes), updated: doc.topic.updated });
  }
  const index: SnapshotIndex = {
    format: SNAPSHOT_FORMAT,
    formatVersion: FORMAT_VERSION,
    generatedAt: snapshot.generatedAt,
    topics: entries,
  };
  files.set('index.json', stringifyAscii(index, 2) + '\n');
  return { index, files };
}
