/** Writes a snapshot's topics straight into a store (no HTTP, no checks) and activates them, as a refresh would. */
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import type { Snapshot } from '@/lib/snapshot/schema';
import type { ActiveTopic, MethodLensDb } from '@/lib/store/db';
import type { CatalogInput } from '@/lib/store/catalog';
import { activateSnapshot, writeCatalog, writeTopicGeneration, type WriteOptions } from '@/lib/store/write';

export const NO_VALIDATORS = { etag: null, lastModified: null };

/** Returns the generations the flip replaced (not yet dropped). */
export async function importDocuments(
  db: MethodLensDb,
  snapshot: Snapshot,
  options: { source?: string; write?: WriteOptions } = {},
): Promise<string[]> {
  const { index } = await renderSnapshotFiles(snapshot);
  const topics: ActiveTopic[] = [];
  const inputs: CatalogInput[] = [];
  for (const doc of snapshot.topics) {
    const entry = index.topics.find((candidate) => candidate.topic === doc.topic.name)!;
    const { gen, counts, manifest } = await writeTopicGeneration(db, doc, options.write);
    topics.push({ ...entry, gen, counts });
    inputs.push({ gen, manifest });
  }
  const catalog = await writeCatalog(db, inputs);
  return activateSnapshot(db, {
    source: options.source ?? 'https://kb.example/snapshot/index.json',
    generatedAt: snapshot.generatedAt,
    indexValidators: NO_VALIDATORS,
    topics,
    catalog,
  });
}
