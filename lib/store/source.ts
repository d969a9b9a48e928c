/**
 * Where snapshots come from: the bundled copy or a published index.json, whose address may carry a
 * token (a presigned link). It is kept in the extension's own IndexedDB, not in `storage.local`: that
 * area is readable by content scripts, and each change to it is sent to every page they run in.
 * Only the background writes it (`setSnapshotSource`); the options page reads it live.
 */
import { z } from 'zod';
import { browser } from 'wxt/browser';
import { metaRow, type MethodLensDb } from './db';

export const SnapshotSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('bundled') }),
  // Any string: what a URL must be is `checkSourceUrl`'s to say, before every refresh, as a recorded
  // failure. Refused here, a stored URL would read as the bundled source, whose refresh at the next
  // update would silently replace the reader's snapshot.
  z.strictObject({ kind: z.literal('url'), url: z.string() }),
]);
export type SnapshotSource = z.infer<typeof SnapshotSourceSchema>;

export const BUNDLED_SOURCE: SnapshotSource = { kind: 'bundled' };

/** Whether a snapshot was read from the copy bundled with the extension: its index has an extension URL. */
export function isBundledIndexUrl(url: string): boolean {
  return /^(chrome|moz)-extension:/.test(url);
}

/** Whether the snapshot in the store (read from `loadedFrom`; null: none yet) came from `source`. */
export function isLoadedFrom(source: SnapshotSource, loadedFrom: string | null): boolean {
  if (loadedFrom === null) return false;
  return source.kind === 'bundled' ? isBundledIndexUrl(loadedFrom) : loadedFrom === source.url;
}

/** Where earlier versions kept the source: `storage.local`, which `moveStoredSource` empties. */
export const LEGACY_SOURCE_KEY = 'snapshotSource';

/**
 * The chosen source. Until the background has moved a source an older version kept in `storage.local`,
 * that one is read; a value of another shape (a hand edit) reads as the bundled source, with a warning.
 */
export async function readSnapshotSource(db: MethodLensDb): Promise<SnapshotSource> {
  const row = await db.meta.get('source');
  const stored = row ? row.value : (await browser.storage.local.get(LEGACY_SOURCE_KEY))[LEGACY_SOURCE_KEY];
  if (stored === undefined) return BUNDLED_SOURCE;
  const parsed = SnapshotSourceSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  console.warn('[Method Lens] The stored snapshot source has an unexpected shape; using the bundled snapshot.');
  return BUNDLED_SOURCE;
}

/** Stores the chosen source; a value of the wrong shape (a programming error) is refused with a clear message. */
export async function saveSnapshotSource(db: MethodLensDb, source: SnapshotSource): Promise<void> {
  const parsed = SnapshotSourceSchema.safeParse(source);
  if (!parsed.success) throw new TypeError(`The snapshot source cannot be set to ${JSON.stringify(source)}: ${parsed.error.issues[0]?.message ?? 'wrong shape'}`);
  await db.meta.put(metaRow('source', parsed.data));
}

/**
 * At each start of the background: a source an older version kept in `storage.local` moves into the
 * store (unless one is stored there already, which is newer), then leaves `storage.local`. Stopped in
 * between, the next start finishes the move; the value is moved as it was, its shape checked on reading.
 */
export async function moveStoredSource(db: MethodLensDb): Promise<void> {
  const legacy = (await browser.storage.local.get(LEGACY_SOURCE_KEY))[LEGACY_SOURCE_KEY];
  if (legacy === undefined) return;
  await db.transaction('rw', db.meta, async () => {
    if (!(await db.meta.get('source'))) await db.meta.put(metaRow('source', legacy as SnapshotSource));
  });
  await browser.storage.local.remove(LEGACY_SOURCE_KEY);
}
