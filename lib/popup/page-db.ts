/** The one store connection of an extension page (popup or options): the same IndexedDB the service worker writes. */
import { openDb, type MethodLensDb } from '@/lib/store/db';

let db: MethodLensDb | null = null;

export function pageDb(): MethodLensDb {
  db ??= openDb();
  return db;
}
