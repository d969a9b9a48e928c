/**
 * A setting: a versioned WXT storage item whose stored value is checked with zod on every read.
 * Storage outlives versions of the extension and can be written by hand (devtools, a sync of an old
 * profile): a value of the wrong shape reads as the fallback, with a warning, instead of breaking
 * the background or a page that reads it. To change a shape, bump `version` and add a migration.
 */
import type { z } from 'zod';
import { storage, type StorageItemKey } from 'wxt/utils/storage';

export interface Setting<T> {
  readonly key: StorageItemKey;
  readonly fallback: T;
  getValue(): Promise<T>;
  /** Refuses a value of the wrong shape (a programming error) with a clear message. */
  setValue(value: T): Promise<void>;
  /**
   * Stores `change` applied to the value stored now, not to one read earlier: two changes made in
   * quick succession (mute one method, unmute another) both stay, whatever a page has re-rendered,
   * and so do two made at the same moment in the popup and the options page.
   */
  update(change: (current: T) => T): Promise<void>;
  /** Called with each new value (the fallback when it is removed or of the wrong shape). */
  watch(callback: (value: T) => void): () => void;
}

export interface SettingOptions {
  /**
   * The parts of the stored value a write keeps beside the value written (an object's keys): what a
   * newer version stored that this one does not read, which a change made here must not wipe.
   */
  keptOnWrite?: (stored: unknown) => Record<string, unknown>;
}

/** The shape of every setting this version stores (WXT keeps it beside the value as `v`). */
const SETTINGS_VERSION = 1;

export function defineSetting<T>(key: StorageItemKey, schema: z.ZodType<T>, fallback: T, { keptOnWrite }: SettingOptions = {}): Setting<T> {
  const item = storage.defineItem<T>(key, { fallback, version: SETTINGS_VERSION });
  const checked = (value: unknown): T => {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    console.warn(`[Method Lens] The stored setting ${key} has an unexpected shape; using its default.`);
    return fallback;
  };
  const getValue = async () => checked(await item.getValue());
  async function setValue(value: T): Promise<void> {
    const parsed = schema.safeParse(value);
    if (!parsed.success) throw new TypeError(`${key} cannot be set to ${JSON.stringify(value)}: ${parsed.error.issues[0]?.message ?? 'wrong shape'}`);
    // What a newer version stored reads as the fallback here: written over, it would be lost on its return.
    const storedShape = ((await item.getMeta()) as { v?: unknown }).v;
    if (typeof storedShape === 'number' && storedShape > SETTINGS_VERSION) {
      throw new Error(`${key} was stored by a newer version of Method Lens (shape ${storedShape}); update the extension to change it`);
    }
    await item.setValue(keptOnWrite ? ({ ...keptOnWrite(await item.getValue()), ...parsed.data } as T) : parsed.data);
  }
  // Updates made here run one after another, so that none reads a value another is about to replace;
  // those of other contexts wait for the setting's lock.
  let updates: Promise<unknown> = Promise.resolve();
  return {
    key,
    fallback,
    getValue,
    setValue,
    update(change) {
      const done = updates.then(() => holdingLock(key, async () => setValue(change(await getValue()))));
      updates = done.catch(() => {});
      return done;
    },
    watch: (callback) => item.watch((value) => callback(checked(value))),
  };
}

/**
 * Runs `work` holding the setting's Web Lock: the popup, the options page and the background share the
 * extension's origin, hence its locks, so a change read and written in one waits for one under way in
 * another. Where there are no Web Locks (Node, in tests), as it is.
 */
function holdingLock<T>(key: StorageItemKey, work: () => Promise<T>): Promise<T> {
  const locks = globalThis.navigator?.locks;
  return locks ? locks.request(`method-lens:setting:${key}`, work) : work();
}
