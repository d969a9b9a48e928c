/** A WXT storage item as component state, following changes made anywhere (another page, the background). */
import { useEffect, useState } from 'preact/hooks';
import type { WxtStorageItem } from 'wxt/utils/storage';

/** Null until the stored value has been read. */
export function useStorageItem<T>(item: WxtStorageItem<T, Record<string, unknown>>): [T | null, (value: T) => Promise<void>] {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    let current = true;
    void item.getValue().then((stored) => current && setValue(stored));
    const unwatch = item.watch((next) => setValue(next));
    return () => {
      current = false;
      unwatch();
    };
  }, [item]);
  return [value, (next) => item.setValue(next)];
}
