/**
 * The one store connection of an extension page (popup or options): the same IndexedDB the service worker
 * writes. A Firefox private window's page opens none: the background reads for it (`store-reads.ts`).
 */
import { openDb, type MethodLensDb } from '@/lib/store/db';

let db: MethodLensDb | null = null;

export function pageDb(): MethodLensDb {
  db ??= openDb();
  return db;
}
