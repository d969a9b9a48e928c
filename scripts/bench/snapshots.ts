/**
 * Snapshots for the benchmarks: synthetic ones written by `writeSynthSnapshot` into temp folders
 * (optionally with the bundled, real topic added), and the dictionaries they make.
 */
import { createHash } from 'node:crypto';
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeSynthSnapshot } from '../snapshot-synth';
import type { SnapshotIndex } from '../../lib/snapshot/schema';
import { REPO_ROOT, count, log, makeTempDir } from './common';

export const BUNDLED_DIR = join(REPO_ROOT, 'public/snapshot');

export interface SnapshotFolder {
  folder: string;
  methods: number;
  /** Records the import writes: methods, critiques, results, alternatives and one per topic. */
  records: number;
  topics: number;
  bytes: number;
  /** Whether the bundled (real) topic is part of it. */
  withBundled: boolean;
}

/**
 * Writes a synthetic snapshot of `methods` methods into a fresh temp folder. With `withBundled`, the
 * bundled topic (the real names: GPTQ, AWQ, QuIP#…) is added as one more topic of the same index;
 * the synthesiser never uses a real name, so no name or id is shared.
 */
export async function synthSnapshot(
  methods: number,
  options: { withBundled?: boolean; namesOnly?: boolean; methodsPerTopic?: number; seed?: number } = {},
): Promise<SnapshotFolder> {
  const folder = await makeTempDir(`synth-${methods}`);
  const started = performance.now();
  const summary = await writeSynthSnapshot({ methods, methodsPerTopic: options.methodsPerTopic, seed: options.seed }, folder);
  let bytes = summary.bytes;
  let total = summary.methods;
  let topics = summary.index.topics.length;
  let records = options.namesOnly
    ? summary.methods + topics
    : summary.methods + summary.critiques + summary.results + summary.alternatives + topics;
  if (options.namesOnly) bytes = await keepNamesOnly(folder);
  if (options.withBundled) {
    const bundledIndex = JSON.parse(await readFile(join(BUNDLED_DIR, 'index.json'), 'utf8')) as SnapshotIndex;
    const index = JSON.parse(await readFile(join(folder, 'index.json'), 'utf8')) as SnapshotIndex;
    for (const entry of bundledIndex.topics) {
      await copyFile(join(BUNDLED_DIR, entry.file), join(folder, entry.file));
      index.topics.push(entry);
      bytes += entry.bytes;
      const doc = JSON.parse(await readFile(join(BUNDLED_DIR, entry.file), 'utf8')) as Record<'methods' | 'critiques' | 'results' | 'alternatives', unknown[]>;
      total += doc.methods.length;
      topics += 1;
      records += doc.methods.length + doc.critiques.length + doc.results.length + doc.alternatives.length + 1;
    }
    await writeFile(join(folder, 'index.json'), JSON.stringify(index, null, 2) + '\n');
  }
  const notes = [options.namesOnly && 'names only', options.withBundled && 'bundled topic included'].filter(Boolean);
  log(
    `wrote a synthetic snapshot: ${count(total)} methods in ${count(topics)} topics${notes.length ? ` (${notes.join(', ')})` : ''}, ` +
      `${(bytes / 1e6).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return { folder, methods: total, records, topics, bytes, withBundled: options.withBundled ?? false };
}

/**
 * Empties every topic's critiques, results and alternatives (re-hashing the files in index.json): the
 * dictionary — names and aliases — stays exactly the same, and the import has ~30× fewer records.
 * Returns the folder's new size in bytes.
 */
async function keepNamesOnly(folder: string): Promise<number> {
  const indexFile = join(folder, 'index.json');
  const index = JSON.parse(await readFile(indexFile, 'utf8')) as SnapshotIndex;
  let bytes = 0;
  for (const entry of index.topics) {
    const doc = JSON.parse(await readFile(join(folder, entry.file), 'utf8')) as Record<string, unknown>;
    doc.critiques = [];
    doc.results = [];
    doc.alternatives = [];
    const body = Buffer.from(JSON.stringify(doc) + '\n');
    await writeFile(join(folder, entry.file), body);
    entry.bytes = body.byteLength;
    entry.sha256 = createHash('sha256').update(body).digest('hex');
    bytes += body.byteLength;
  }
  const indexBody = JSON.stringify(index, null, 2) + '\n';
  await writeFile(indexFile, indexBody);
  return bytes + indexBody.length;
}

interface TopicMethods {
  methods: { id: string; name: string; aliases: string[] }[];
}

/** The methods of a snapshot folder (every topic, or every `step`-th): id and names (name first, then aliases, each once). */
export async function readMethods(folder: string, step = 1): Promise<{ id: string; names: string[] }[]> {
  const index = JSON.parse(await readFile(join(folder, 'index.json'), 'utf8')) as SnapshotIndex;
  const methods: { id: string; names: string[] }[] = [];
  for (const entry of index.topics.filter((_, i) => i % step === 0)) {
    const doc = JSON.parse(await readFile(join(folder, entry.file), 'utf8')) as TopicMethods;
    for (const method of doc.methods) methods.push({ id: method.id, names: [...new Set([method.name, ...method.aliases])] });
  }
  return methods;
}
