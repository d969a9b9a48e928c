/**
 * Dated entries that name other methods (what a method is listed as a newer alternative to), reduced
 * to the methods they name: each once, in the KB's order, never the method itself. The KB may list a
 * method twice (two topics, two dates) or, by mistake, as an alternative to itself.
 */
import type { NamedEntry } from '@/lib/store/read';

export function distinctOtherMethods(entries: readonly NamedEntry[], selfId: string): (NamedEntry & { methodId: string })[] {
  const seen = new Set([selfId]);
  return entries.filter((entry): entry is NamedEntry & { methodId: string } => {
    if (entry.methodId === null || seen.has(entry.methodId)) return false;
    seen.add(entry.methodId);
    return true;
  });
}
