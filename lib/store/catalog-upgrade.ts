/**
 * Store version 3 changed the catalog's records: a method's entry names the methods its family and
 * sub-problem labels name, and a name run says where each method's dossiers are (so a lookup by
 * name needs one round trip less). The active catalog is rebuilt from the active topics' manifests
 * inside the upgrade's transaction: the snapshot stays as it was and nothing is downloaded again.
 * The old catalog's records belong to no active generation any more, and `collectGarbage` drops them.
 */
import type { Transaction } from 'dexie';
import { buildCatalog, catalogRecords } from './catalog';
import { metaRow, newId, type ActiveSnapshot, type BytesRecord, type MetaRow } from './db';
import { manifestKey } from './keys';
import { decodeManifest } from './layout';

export async function rebuildActiveCatalog(transaction: Transaction): Promise<void> {
  const meta = transaction.table<MetaRow, string>('meta');
  const active = (await meta.get('active'))?.value as ActiveSnapshot | undefined;
  if (!active) return;
  const topics = Object.values(active.topics);
  const manifests = await transaction.table<BytesRecord, string>('manifests').bulkGet(topics.map((topic) => manifestKey(topic.gen)));
  if (manifests.some((record) => record === undefined)) {
    // Not a whole snapshot: the background imports the source afresh, as after any empty store.
    await meta.delete('active');
    return;
  }
  const content = buildCatalog(topics.map((topic, i) => ({ gen: topic.gen, manifest: decodeManifest(manifests[i]!.bytes) })));
  const gen = newId();
  await transaction.table<BytesRecord, string>('catalog').bulkAdd(catalogRecords(gen, content));
  // A new key: whoever cached the old catalog's dictionary asks again.
  await meta.put(metaRow('active', { ...active, snapshotKey: newId(), catalog: { gen, buckets: content.buckets.length } }));
}
