/**
 * The snapshot source lives in the store, never in `storage.local` (which content scripts read, and
 * whose changes reach every page they run in): read as stored when it has the right shape, the bundled
 * snapshot otherwise; a wrong shape refused when saved; a source an earlier version kept in
 * `storage.local` read until it is moved, and moved once, the store's own value winning.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing';
import { metaRow, openDb, type MethodLensDb } from '@/lib/store/db';
import { BUNDLED_SOURCE, LEGACY_SOURCE_KEY, moveStoredSource, readSnapshotSource, saveSnapshotSource } from '@/lib/store/source';

let db: MethodLensDb;
beforeEach(() => {
  fakeBrowser.reset();
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  db = openDb({ name: `source-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
});

const legacy = async () => (await browser.storage.local.get(LEGACY_SOURCE_KEY))[LEGACY_SOURCE_KEY];

describe('the snapshot source', () => {
  it('is the bundled snapshot when nothing is stored', async () => {
    expect(await readSnapshotSource(db)).toEqual(BUNDLED_SOURCE);
  });

  it('reads back what was saved, in the store and nowhere content scripts can read', async () => {
    await saveSnapshotSource(db, { kind: 'url', url: 'https://kb.example/index.json?token=secret' });
    expect(await readSnapshotSource(db)).toEqual({ kind: 'url', url: 'https://kb.example/index.json?token=secret' });
    expect(await browser.storage.local.get(null)).toEqual({});
    await saveSnapshotSource(db, BUNDLED_SOURCE);
    expect(await readSnapshotSource(db)).toEqual(BUNDLED_SOURCE);
  });

  it('reads a stored URL as stored, however long: whether it can be used is said at the refresh', async () => {
    // Older versions kept any checked URL; refused here, it would read as the bundled source.
    const url = `https://kb.example/index.json?sig=${'a'.repeat(9_000)}`;
    await db.meta.put(metaRow('source', { kind: 'url', url }));
    expect(await readSnapshotSource(db)).toEqual({ kind: 'url', url });
  });

  it.each([
    ['a URL that is no string', { kind: 'url', url: 5 }],
    ['another kind', { kind: 'ftp' }],
    ['no object', 'https://kb.example/index.json'],
  ])('reads %s as the bundled snapshot, and says so', async (_, stored) => {
    await db.meta.put(metaRow('source', stored as never));
    expect(await readSnapshotSource(db)).toEqual(BUNDLED_SOURCE);
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('snapshot source has an unexpected shape'));
  });

  it('refuses to save a value of the wrong shape, keeping the one stored', async () => {
    await saveSnapshotSource(db, { kind: 'url', url: 'https://kb.example/index.json' });
    await expect(saveSnapshotSource(db, { kind: 'url' } as never)).rejects.toThrow(/snapshot source cannot be set to \{"kind":"url"\}/);
    expect(await readSnapshotSource(db)).toEqual({ kind: 'url', url: 'https://kb.example/index.json' });
  });
});

describe('a source an earlier version kept in storage.local', () => {
  const url = 'https://kb.example/index.json?X-Amz-Signature=abc';

  it('is read until it is moved, then moved into the store and out of storage.local', async () => {
    await browser.storage.local.set({ [LEGACY_SOURCE_KEY]: { kind: 'url', url }, marksEnabled: false });
    expect(await readSnapshotSource(db)).toEqual({ kind: 'url', url });
    await moveStoredSource(db);
    expect(await legacy()).toBeUndefined();
    expect(await browser.storage.local.get(null)).toEqual({ marksEnabled: false });
    expect((await db.meta.get('source'))?.value).toEqual({ kind: 'url', url });
    expect(await readSnapshotSource(db)).toEqual({ kind: 'url', url });
  });

  it('gives way to a source already in the store (a move stopped half-way, then a new choice)', async () => {
    await saveSnapshotSource(db, BUNDLED_SOURCE);
    await browser.storage.local.set({ [LEGACY_SOURCE_KEY]: { kind: 'url', url } });
    expect(await readSnapshotSource(db)).toEqual(BUNDLED_SOURCE);
    await moveStoredSource(db);
    expect(await legacy()).toBeUndefined();
    expect(await readSnapshotSource(db)).toEqual(BUNDLED_SOURCE);
  });

  it('is moved as it was when of another shape, and still read as the bundled snapshot: nothing is lost', async () => {
    await browser.storage.local.set({ [LEGACY_SOURCE_KEY]: { kind: 'url', url: 42 } });
    await moveStoredSource(db);
    expect((await db.meta.get('source'))?.value).toEqual({ kind: 'url', url: 42 });
    expect(await readSnapshotSource(db)).toEqual(BUNDLED_SOURCE);
  });

  it('leaves the store as it is when there is nothing to move', async () => {
    await moveStoredSource(db);
    expect(await db.meta.get('source')).toBeUndefined();
  });
});
