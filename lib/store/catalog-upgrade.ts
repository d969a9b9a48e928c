/**
 * Store version 3 changed the catalog's records: a method's entry names the methods its family and
 * sub-problem labels name, and a name run says where each method's dossiers are (so a lookup by
 * name needs one round trip less). Version 4 adds the word runs (each label from its inner words on,
 * for search). At each, the active catalog is rebuilt from the active topics' manifests
 * inside the upgrade's transaction: the snapshot stays as it was and nothing is downloaded again.
 * The old catalog's records belong to no active generation any more, and `collectGarbage` drops them.
 *
 * The background does the same at each start for a catalog an earlier version wrote into this store
 * (the extension rolled back, then updated again): Dexie opens a store of a later version as it is,
 * and no upgrade runs again for a store version already reached. Read in this format, its lookups by
 * name failed ("Cannot read properties of undefined") until the topics next changed.
 */
import type { Transaction } from 'dexie';
import { buildCatalog, CATALOG_FORMAT, catalogRecords, type CatalogContent } from './catalog';
import { metaRow, newId, type ActiveSnapshot, type BytesRecord, type MetaRow, type MethodLensDb } from './db';
import { manifestKey } from './keys';
import { decodeManifest } from './layout';

/** Rebuilds the active catalog unless it is in this version's format; in `transaction`, over meta, manifests and catalog. */
export async function rebuildOutdatedCatalog(transaction: Transaction): Promise<void> {
  const meta = transaction.table<MetaRow, string>('meta');
  const active = (await meta.get('active'))?.value as ActiveSnapshot | undefined;
  if (!active || active.catalog.format === CATALOG_FORMAT) return;
  const topics = Object.values(active.topics);
  const manifests = await transaction.table<BytesRecord, string>('manifests').bulkGet(topics.map((topic) => manifestKey(topic.gen)));
  let content: CatalogContent;
  try {
    if (manifests.some((record) => record === undefined)) throw new Error('a manifest is missing');
    content = buildCatalog(topics.map((topic, i) => ({ gen: topic.gen, manifest: decodeManifest(manifests[i]!.bytes) })));
  } catch (error) {
    // Not a whole snapshot, or one that cannot be read: the background imports the source afresh, as
    // after any empty store. Thrown in the upgrade, the error aborted it, and every open after it.
    console.warn(`[Method Lens] The stored snapshot cannot be read (${String(error)}); it is loaded again.`);
    await meta.delete('active');
    return;
  }
  const gen = newId();
  await transaction.table<BytesRecord, string>('catalog').bulkAdd(catalogRecords(gen, content));
  // A new key: whoever cached the old catalog's dictionary asks again.
  await meta.put(metaRow('active', { ...active, snapshotKey: newId(), catalog: { gen, buckets: content.buckets.length, format: CATALOG_FORMAT } }));
}

/** At the background's start: see above. */
export function rebuildCatalogIfOutdated(db: MethodLensDb): Promise<void> {
  return db.transaction('rw', [db.meta, db.manifests, db.catalog], rebuildOutdatedCatalog);
}
