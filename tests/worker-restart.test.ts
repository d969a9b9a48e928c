/**
 * What a worker stopped mid-refresh leaves behind, after its next start: the store holds only the
 * active snapshot once the start is done, and a dead refresh never shows as running, whatever its
 * worker's clock said.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { createHandlers } from '@/lib/background/handlers';
import { snapshotSource } from '@/lib/settings/items';
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import { activeGenerations, metaRow, openDb, readMeta, type MethodLensDb } from '@/lib/store/db';
import { writeTopicGeneration } from '@/lib/store/write';
import { refreshSnapshot } from '@/lib/sync/refresh';
import { getSnapshotInfo } from '@/lib/store/read';
import { sampleSnapshot } from './helpers/sample-snapshot';
import { startSnapshotServer, type SnapshotServer } from './helpers/snapshot-server';

let server: SnapshotServer;
let db: MethodLensDb;
beforeAll(async () => {
  server = await startSnapshotServer();
});
afterAll(() => server.close());
beforeEach(() => {
  fakeBrowser.reset();
  server.routes.clear();
  db = openDb({ name: `restart-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
});

async function storedGenerations(): Promise<Set<string>> {
  const keys = (await Promise.all(db.generationTables.map((table) => table.toCollection().primaryKeys()))).flat();
  return new Set(keys.map((key) => key.slice(0, key.indexOf('|'))));
}

describe('a worker stopped mid-refresh, started again a minute later', () => {
  it('leaves no half-written generation of the dead refresh in the store once the next start is done', async () => {
    const url = server.url('/kb/index.json');
    const first = sampleSnapshot();
    server.serveFiles((await renderSnapshotFiles(first)).files, '/kb/');
    await snapshotSource.setValue({ kind: 'url', url });
    expect((await refreshSnapshot({ db, indexUrl: url })).ok).toBe(true);

    // A new snapshot is published; the worker's refresh writes its first topic, then the browser stops the worker.
    const next = sampleSnapshot();
    next.topics[0]!.topic.description = 'changed';
    next.topics[1]!.topic.description = 'changed too';
    server.serveFiles((await renderSnapshotFiles(next)).files, '/kb/');
    const minuteAgo = new Date(Date.now() - 60_000);
    const dead = await writeTopicGeneration(db, next.topics[0]!, { now: () => minuteAgo });
    const at = minuteAgo.toISOString();
    await db.meta.put(metaRow('progress', { runId: 'dead', url, startedAt: at, updatedAt: at, phase: 'saving', topic: null, topicsDone: 0, topicsTotal: 2, bytes: 0, records: 0 }));

    // The next start of the worker: the cut-off refresh is claimed and run again, the garbage collected.
    await createHandlers(db).started(new Date());
    const active = (await readMeta(db, 'active'))!;
    expect(active.topics['LLM quantization']!.gen).not.toBe(dead.gen);
    const left = [...(await storedGenerations())].filter((gen) => !activeGenerations(active).includes(gen));
    const pending = await db.meta.where(':id').startsWith('pending:').primaryKeys();
    expect(left).toEqual([]);
    expect(pending).toEqual([]);
  });

  it('does not keep showing a dead refresh as running when it was cut off while the clock was ahead', async () => {
    const url = server.url('/kb/index.json');
    server.serveFiles((await renderSnapshotFiles(sampleSnapshot())).files, '/kb/');
    await snapshotSource.setValue({ kind: 'url', url });
    // Cut off while the system clock was a day ahead; the clock has since been corrected.
    const ahead = new Date(Date.now() + 24 * 3_600_000).toISOString();
    await db.meta.put(metaRow('progress', { runId: 'dead', url, startedAt: ahead, updatedAt: ahead, phase: 'saving', topic: null, topicsDone: 0, topicsTotal: 2, bytes: 0, records: 0 }));
    await createHandlers(db).started(new Date());
    const info = await getSnapshotInfo(db);
    expect(info.progress).toBeNull();
    // Claimed as cut off, and run again: the snapshot it was fetching is in.
    expect(info.lastRefresh).toMatchObject({ ok: true });
  });
});
