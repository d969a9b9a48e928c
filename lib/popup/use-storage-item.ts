/** A setting as component state, following changes made anywhere (another page, the background). */
import { useEffect, useState } from 'preact/hooks';
import type { Setting } from '@/lib/settings/setting';

/** Null until the stored value has been read. */
export function useStorageItem<T>(item: Setting<T>): [T | null, (value: T) => Promise<void>] {
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
