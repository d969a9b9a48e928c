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

/**
 * A topic file's name before `.json` is its name's slug cut to this length: a topic's name may run to
 * 300 characters, where the index allows file names of 200 and file systems of 255 bytes.
 */
const FILE_STEM_MAX = 80;

function fileStem(topicName: string): string {
  return slugify(topicName).slice(0, FILE_STEM_MAX).replace(/-+$/, '');
}

export async function renderSnapshotFiles(snapshot: Snapshot, options: { pretty?: boolean } = {}): Promise<SnapshotFiles> {
  // `index.json` is taken from the start: a topic named "Index" written there would be lost under the index.
  const files = new Map<string, string>([['index.json', '']]);
  const entries: SnapshotIndex['topics'] = [];
  const encoder = new TextEncoder();
  for (const doc of snapshot.topics) {
    const stem = fileStem(doc.topic.name);
    let file = `${stem}.json`;
    for (let n = 2; files.has(file); n++) file = `${stem}-${n}.json`;
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
