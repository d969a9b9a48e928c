/**
 * Deleting generations nobody reads: those a flip replaced, those a failed refresh wrote, and those
 * a stopped service worker left half-written. Deletion goes a chunk per transaction so readers never
 * wait long, and each chunk re-checks that its generation is still unprotected.
 */
import type { Table } from 'dexie';
import {
  activeGenerations,
  DEFAULT_CHUNK_SIZE,
  generationOf,
  generationRange,
  begunHere,
  pendingKey,
  readMeta,
  isStale,
  type MethodLensDb,
  type MetaRow,
} from './db';

type GenerationTable = Table<{ key: string; gen: string }, string>;

export interface GarbageOptions {
  /** Records per delete transaction. */
  chunkSize?: number;
  now?: () => Date;
  /**
   * When the worker collecting started (only the background writes generations): a generation begun
   * before is a dead worker's, however recent its heartbeat, and so is one dated after now that this
   * worker did not begin (a dead worker's clock was ahead).
   */
  bootedAt?: Date;
}

/** Deletes the given inactive generations (e.g. the ones `activateSnapshot` replaced). */
export async function dropGenerations(db: MethodLensDb, gens: Iterable<string>, options: GarbageOptions = {}): Promise<void> {
  const { chunkSize = DEFAULT_CHUNK_SIZE } = options;
  const list = [...gens];
  // A generation still registered as being written is protected; whoever drops it gives that up.
  await db.meta.bulkDelete(list.map(pendingKey));
  for (const table of db.generationTables) await deleteGenerations(db, table, list, chunkSize);
}

/**
 * Deletes every generation that is neither active nor being written by a live refresh. Safe at any
 * time; meant for service-worker start. Returns the generations it deleted.
 */
export async function collectGarbage(db: MethodLensDb, options: GarbageOptions = {}): Promise<string[]> {
  const { chunkSize = DEFAULT_CHUNK_SIZE, now = () => new Date(), bootedAt } = options;
  const protectedGens = await claimAbandonedWork(db, now(), bootedAt);
  const dropped = new Set<string>();
  for (const table of db.generationTables) {
    for (let gen = await firstGenerationFrom(table, ''); gen !== undefined; gen = await firstGenerationFrom(table, generationRange(gen)[1])) {
      if (protectedGens.has(gen)) continue;
      await deleteGeneration(db, table, gen, chunkSize);
      dropped.add(gen);
    }
  }
  return [...dropped];
}

/** Forgets pending generations and progress whose heartbeat stopped (or whose worker did); returns what stays protected. */
async function claimAbandonedWork(db: MethodLensDb, now: Date, bootedAt: Date | undefined): Promise<Set<string>> {
  const deadWorkers = (gen: string, startedAt: string) => {
    if (!bootedAt) return false;
    const started = Date.parse(startedAt);
    return started < bootedAt.getTime() || (started > now.getTime() && !begunHere.has(gen));
  };
  return db.transaction('rw', db.meta, async () => {
    const active = await readMeta(db, 'active');
    const protectedGens = new Set(active ? activeGenerations(active) : []);
    const pending = (await db.meta.where(':id').startsWith(pendingKey('')).toArray()) as MetaRow<`pending:${string}`>[];
    for (const row of pending) {
      const gen = row.key.slice(pendingKey('').length);
      if (isStale(row.value.updatedAt, now) || deadWorkers(gen, row.value.startedAt)) await db.meta.delete(row.key);
      else protectedGens.add(gen);
    }
    const progress = await readMeta(db, 'progress');
    if (progress && isStale(progress.updatedAt, now)) await db.meta.delete('progress');
    return protectedGens;
  });
}

async function firstGenerationFrom(table: GenerationTable, fromKey: string): Promise<string | undefined> {
  const [key] = await table.where(':id').aboveOrEqual(fromKey).limit(1).primaryKeys();
  return key === undefined ? undefined : generationOf(key);
}

/** Deletes a generation's records from one table, a chunk per transaction, unless it is protected again. */
function deleteGeneration(db: MethodLensDb, table: GenerationTable, gen: string, chunkSize: number): Promise<void> {
  return deleteGenerations(db, table, [gen], chunkSize);
}

/**
 * Deletes generations' records from one table, up to `chunkSize` records per transaction, several
 * generations to a transaction when they are small: a transaction per generation and table made
 * dropping 2,000 topics of 10 methods cost 8,000 transactions, each reading the active snapshot
 * to check it. A generation protected again meanwhile is left alone.
 */
async function deleteGenerations(db: MethodLensDb, table: GenerationTable, gens: readonly string[], chunkSize: number): Promise<void> {
  let next = 0;
  while (next < gens.length) {
    next = await db.transaction('rw', db.meta, table, async () => {
      const protectedGens = await protectedAmong(db, gens.slice(next));
      let room = chunkSize;
      let at = next;
      for (; at < gens.length && room > 0; at++) {
        const gen = gens[at]!;
        if (protectedGens.has(gen)) continue;
        const [lower, upper] = generationRange(gen);
        const keys = await table.where(':id').between(lower, upper, true, false).limit(room).primaryKeys();
        const last = keys.at(-1);
        if (last !== undefined) await table.where(':id').between(lower, last, true, true).delete();
        room -= keys.length;
        // Out of room, this generation may have more records: the next transaction goes on with it.
        if (room === 0) return at;
      }
      return at;
    });
  }
}

/** Which of `gens` are active or registered as being written. */
async function protectedAmong(db: MethodLensDb, gens: readonly string[]): Promise<Set<string>> {
  const active = await readMeta(db, 'active');
  const activeGens = new Set(active ? activeGenerations(active) : []);
  const pending = await db.meta.bulkGet(gens.map(pendingKey));
  return new Set(gens.filter((gen, i) => activeGens.has(gen) || pending[i] !== undefined));
}

