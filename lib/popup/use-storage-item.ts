/** A setting as component state, following changes made anywhere (another page, the background). */
import { useEffect, useState } from 'preact/hooks';
import type { Setting } from '@/lib/settings/setting';

/** Null until the stored value has been read (its default when it cannot be). */
export function useStorageItem<T>(item: Setting<T>): [T | null, (value: T) => Promise<void>] {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    let current = true;
    // Storage that cannot be read (a browser shutting down, a quota error) reads as the default.
    item.getValue().then(
      (stored) => current && setValue(stored),
      () => current && setValue(item.fallback),
    );
    const unwatch = item.watch((next) => setValue(next));
    return () => {
      current = false;
      unwatch();
    };
  }, [item]);
  return [value, (next) => item.setValue(next)];
}
