/**
 * Dated entries (newer alternatives, a topic's frontier) with the paper of each method they name, as
 * the KB lists them: a recent method's name alone rarely says what it is. Read for the popup's views only
 * (`page-reads.ts`), from the catalog (the records' pages name the methods, not their papers).
 */
import { getMethodsByIds, type NamedEntry } from '@/lib/store/read';
import type { MethodLensDb } from '@/lib/store/db';

export interface EntryWithPaper extends NamedEntry {
  /** The named method's paper title; absent where it was not read. */
  paperTitle?: string | null;
}

export async function withPaperTitles(db: MethodLensDb, entries: readonly NamedEntry[]): Promise<EntryWithPaper[]> {
  const ids = entries.flatMap((entry) => (entry.methodId === null ? [] : [entry.methodId]));
  if (ids.length === 0) return [...entries];
  const titles = new Map((await getMethodsByIds(db, ids)).map((method) => [method.id, method.paperTitle]));
  return entries.map((entry) => ({ ...entry, paperTitle: entry.methodId === null ? null : (titles.get(entry.methodId) ?? null) }));
}
