/** Primary keys of the generation tables: each starts with `${gen}|` (see `generationRange`). */
import { recordKey } from './db';

export function pageKey(gen: string, page: number): string {
  return recordKey(gen, `p|${page.toString(36).padStart(5, '0')}`);
}

export function manifestKey(gen: string): string {
  return recordKey(gen, 'manifest');
}

export const catalogKey = {
  header: (gen: string) => recordKey(gen, 'header'),
  dictionary: (gen: string) => recordKey(gen, 'dictionary'),
  bucket: (gen: string, bucket: number) => recordKey(gen, `m|${bucket}`),
  run: (gen: string, run: number) => recordKey(gen, `n|${run}`),
  wordRun: (gen: string, run: number) => recordKey(gen, `w|${run}`),
  topic: (gen: string, topic: string) => recordKey(gen, `t|${topic}`),
};
