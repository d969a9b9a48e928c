/** A fake-indexeddb store holding the bundled snapshot, loaded through the real refresh from `public/snapshot`. */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { openDb, type MethodLensDb } from '@/lib/store/db';
import { refreshSnapshot } from '@/lib/sync/refresh';

const SNAPSHOT_DIR = resolve(import.meta.dirname, '../../public/snapshot');
const BASE = 'https://bundled.test/snapshot/';

/** Serves `public/snapshot/<file>` for `<any origin>/snapshot/<file>` or `<any origin>/<file>`. */
const fetchFromDisk: typeof fetch = async (input) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  const body = await readFile(join(SNAPSHOT_DIR, url.pathname.replace('/snapshot/', '')));
  return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
};

/** `indexUrl`: the address the snapshot is read from, as the store records it (its files are served from disk whatever the host). */
export async function bundledStore(indexUrl = `${BASE}index.json`): Promise<MethodLensDb> {
  const db = openDb({ name: `bundled-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
  const outcome = await refreshSnapshot({ db, indexUrl, fetchImpl: fetchFromDisk });
  if (!outcome.ok) throw new Error(outcome.error.what);
  return db;
}
