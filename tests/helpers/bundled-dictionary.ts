/** The match dictionary of the bundled snapshot, built as the store's catalog lists it: each method's name, then its aliases. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TopicDocument } from '@/lib/snapshot/schema';
import type { MatchDictionary } from '@/lib/store/read';

export async function bundledDictionary(): Promise<MatchDictionary> {
  const doc = JSON.parse(await readFile(join(import.meta.dirname, '../../public/snapshot/llm-quantization.json'), 'utf8')) as TopicDocument;
  const dictionary: MatchDictionary = { snapshotKey: 'k', names: [], methodIndex: [], methods: [] };
  doc.methods.forEach((method, index) => {
    dictionary.methods.push({ id: method.id, status: method.status });
    for (const name of [method.name, ...method.aliases]) {
      dictionary.names.push(name);
      dictionary.methodIndex.push(index);
    }
  });
  return dictionary;
}
