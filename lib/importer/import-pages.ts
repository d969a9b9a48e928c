/** The whole import: page texts → a validated Snapshot, plus warnings about facts that disagreed. */
import type { Snapshot } from '../snapshot/schema';
import { buildSnapshot } from './build-snapshot';
import { ImportError } from './errors';
import { parsePages, type PageSource } from './parse-pages';
import { assertValidSnapshot } from './validate-snapshot';

export interface ImportOutcome {
  snapshot: Snapshot;
  warnings: string[];
}

/** Throws ImportError on any input it cannot import faithfully; never returns a partial snapshot. */
export function importPages(sources: readonly PageSource[]): ImportOutcome {
  if (sources.length === 0) throw new ImportError('no page files to import');
  const warnings: string[] = [];
  const warn = (message: string) => warnings.push(message);
  const { snapshot, locate } = buildSnapshot(parsePages(sources, warn), warn);
  assertValidSnapshot(snapshot, locate);
  return { snapshot, warnings };
}

/** One line for the console: how much the snapshot holds. */
export function summarizeSnapshot(snapshot: Snapshot): string {
  const total = (count: (doc: Snapshot['topics'][number]) => number) => snapshot.topics.reduce((sum, doc) => sum + count(doc), 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [
    plural(snapshot.topics.length, 'topic'),
    plural(total((doc) => doc.methods.length), 'method'),
    plural(total((doc) => doc.critiques.length), 'critique'),
    plural(total((doc) => doc.results.length), 'result'),
  ].join(', ');
}
