/**
 * Replacing snapshot data without ever showing readers a half state: a topic's new records are
 * written under a fresh generation in small transactions (readers keep going in between), then one
 * small transaction on `meta` makes the new generations active. Old generations are deleted
 * afterwards (`dropGenerations`), or by `collectGarbage` if the worker stops first.
 */
import type { Table } from 'dexie';
import type { TopicDocument } from '../snapshot/schema';
import { dropGenerations } from './garbage';
import {
  DEFAULT_CHUNK_SIZE,
  metaRow,
  newId,
  pendingKey,
  readMeta,
  recordKey,
  titleKey,
  type ActiveSnapshot,
  type ActiveTopic,
  type MethodLensDb,
  type PendingGeneration,
  type TopicCounts,
} from './db';

export interface WriteProgress {
  recordsWritten: number;
  recordsTotal: number;
}

export interface WriteOptions {
  chunkSize?: number;
  /** Awaited after every chunk. */
  onChunk?: (progress: WriteProgress) => void | Promise<void>;
  now?: () => Date;
}

export interface WrittenGeneration {
  gen: string;
  counts: TopicCounts;
}

/** Writes one topic under a new, not yet active generation; on failure removes what it wrote. */
export async function writeTopicGeneration(
  db: MethodLensDb,
  doc: TopicDocument,
  options: WriteOptions = {},
): Promise<WrittenGeneration> {
  const { chunkSize = DEFAULT_CHUNK_SIZE, onChunk, now = () => new Date() } = options;
  const gen = newId();
  const startedAt = now().toISOString();
  await db.meta.put(metaRow(pendingKey(gen), { startedAt, updatedAt: startedAt }));

  const counts: TopicCounts = {
    methods: doc.methods.length,
    critiques: doc.critiques.length,
    results: doc.results.length,
    alternatives: doc.alternatives.length,
  };
  const progress: WriteProgress = {
    recordsWritten: 0,
    recordsTotal: counts.methods + counts.critiques + counts.results + counts.alternatives + 1,
  };
  const afterChunk = async (written: number) => {
    progress.recordsWritten += written;
    await keepAlive(db, gen, now);
    await onChunk?.({ ...progress });
  };
  const add = <T>(table: Table<T, string>, items: readonly unknown[], toRecord: (index: number) => T) =>
    addInChunks(db, table, items.length, toRecord, chunkSize, afterChunk);

  try {
    await add(db.methods, doc.methods, (i) => {
      const method = doc.methods[i]!;
      const names = unique([method.name, ...method.aliases]);
      return { ...method, key: recordKey(gen, method.id), gen, names, lowerNames: unique(names.map(lowerCase)) };
    });
    await add(db.critiques, doc.critiques, (i) => {
      const critique = doc.critiques[i]!;
      return { ...critique, key: recordKey(gen, sequenceKey(i)), gen, sourceKey: titleKey(critique.sourceTitle) };
    });
    await add(db.results, doc.results, (i) => ({ ...doc.results[i]!, key: recordKey(gen, sequenceKey(i)), gen }));
    await add(db.alternatives, doc.alternatives, (i) => ({
      ...doc.alternatives[i]!,
      key: recordKey(gen, sequenceKey(i)),
      gen,
    }));
    await add(db.topics, [doc.topic], () => ({
      key: recordKey(gen, doc.topic.name),
      gen,
      info: doc.topic,
      subProblems: doc.subProblems,
      frontier: doc.frontier,
    }));
  } catch (error) {
    // Best effort: whatever stays behind is removed by `collectGarbage`.
    await dropGenerations(db, [gen], { chunkSize }).catch(() => undefined);
    throw error;
  }
  return { gen, counts };
}

export interface NextSnapshot {
  source: string;
  generatedAt: string;
  indexValidators: ActiveSnapshot['indexValidators'];
  /** Every topic of the new snapshot: freshly written generations and generations kept from the active one. */
  topics: ActiveTopic[];
}

/**
 * The flip: one small transaction makes `next` the active snapshot. Refuses unless each topic's
 * generation is either the active one or one still being written (not collected as abandoned).
 * Returns the generations that are no longer active, for `dropGenerations`.
 */
export async function activateSnapshot(db: MethodLensDb, next: NextSnapshot): Promise<string[]> {
  return db.transaction('rw', db.meta, async () => {
    const current = await readMeta(db, 'active');
    const currentGens = new Set(Object.values(current?.topics ?? {}).map((topic) => topic.gen));
    for (const topic of next.topics) {
      const kept = current?.topics[topic.topic]?.gen === topic.gen;
      if (!kept && !(await db.meta.get(pendingKey(topic.gen)))) throw new Error(CHANGED_MEANWHILE);
    }
    const nextGens = new Set(next.topics.map((topic) => topic.gen));
    const sameGens = current !== undefined && nextGens.size === currentGens.size && [...nextGens].every((gen) => currentGens.has(gen));
    const active: ActiveSnapshot = {
      snapshotKey: sameGens ? current.snapshotKey : newId(),
      source: next.source,
      generatedAt: next.generatedAt,
      indexValidators: next.indexValidators,
      topics: Object.fromEntries(next.topics.map((topic) => [topic.topic, topic])),
    };
    await db.meta.put(metaRow('active', active));
    await db.meta.bulkDelete([...nextGens].filter((gen) => !currentGens.has(gen)).map(pendingKey));
    return [...currentGens].filter((gen) => !nextGens.has(gen));
  });
}

const CHANGED_MEANWHILE = 'the stored snapshot was changed by another refresh or a clean-up at the same time';

async function addInChunks<T>(
  db: MethodLensDb,
  table: Table<T, string>,
  count: number,
  toRecord: (index: number) => T,
  chunkSize: number,
  afterChunk: (written: number) => Promise<void>,
): Promise<void> {
  for (let start = 0; start < count; start += chunkSize) {
    const records: T[] = [];
    for (let i = start; i < Math.min(count, start + chunkSize); i++) records.push(toRecord(i));
    await db.transaction('rw', table, () => table.bulkAdd(records));
    await afterChunk(records.length);
  }
}

/** Renews the generation's heartbeat; fails if `collectGarbage` has given it up for dead. */
async function keepAlive(db: MethodLensDb, gen: string, now: () => Date): Promise<void> {
  const updatedAt = now().toISOString();
  const renewed = await db.meta.update(pendingKey(gen), (row) => {
    (row.value as PendingGeneration).updatedAt = updatedAt;
  });
  if (!renewed) throw new Error('the data being written was discarded as abandoned (the refresh stalled for minutes)');
}

/** Keeps records in document order under their primary key. */
function sequenceKey(index: number): string {
  return index.toString(36).padStart(6, '0');
}

function lowerCase(text: string): string {
  return text.toLowerCase();
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
