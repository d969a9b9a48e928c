/**
 * Opening the store: one that failed to open (the browser refused it for a moment, or the store was
 * deleted while it opened) is opened again by the next call, not left failing until the context restarts.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { metaRow, openDb, readMeta, type MethodLensDb } from '@/lib/store/db';

/**
 * Until the task that failed the open ends, calls still fail with its reason: those that waited for it
 * fail once each, rather than opening it again over and over while it fails.
 */
const nextTask = () => new Promise((resolve) => setTimeout(resolve));

const LAST_ERROR = { what: 'The refresh failed.', url: 'https://kb.example/index.json', at: '2026-12-01T00:00:00.000Z' };

/** A store over an IndexedDB whose opens are refused while `refusing` says so, counting the opens asked for. */
function storeWithFlakyOpen(refusing: () => boolean): { db: MethodLensDb; opens: () => number } {
  const indexedDB = new IDBFactory();
  let opens = 0;
  const flaky = new Proxy(indexedDB, {
    get(target, property) {
      if (property === 'open') {
        return (name: string, version?: number) => {
          opens++;
          if (refusing()) throw new DOMException('The connection could not be opened.', 'InvalidStateError');
          return target.open(name, version);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { db: openDb({ name: 'open-test', indexedDB: flaky, IDBKeyRange }), opens: () => opens };
}

describe('a store whose open failed', () => {
  it('is opened again by the next call, which reads and writes as usual', async () => {
    let refusing = true;
    const { db, opens } = storeWithFlakyOpen(() => refusing);
    await expect(readMeta(db, 'lastError')).rejects.toThrow(/could not be opened/);
    refusing = false;
    await nextTask();

    await db.meta.put(metaRow('lastError', LAST_ERROR));
    expect(await readMeta(db, 'lastError')).toEqual(LAST_ERROR);
    expect(opens()).toBe(2);
  });

  it('fails the calls that waited for it once, each with its reason, without trying again by itself', async () => {
    const { db, opens } = storeWithFlakyOpen(() => true);
    const waiting = [readMeta(db, 'active'), db.meta.get('progress'), db.transaction('r', db.meta, () => db.meta.count())];
    for (const call of waiting) await expect(call).rejects.toThrow(/could not be opened/);
    expect(opens()).toBe(1);

    await nextTask();
    // A later call asks the browser again (and is refused again): one open for each, not a loop.
    await expect(readMeta(db, 'active')).rejects.toThrow(/could not be opened/);
    expect(opens()).toBe(2);
  });
});
