/** Node-only: writes a snapshot's files into a folder (used by the import and synth scripts). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Snapshot } from './schema';
import { renderSnapshotFiles } from './files';

export async function writeSnapshotFolder(snapshot: Snapshot, folder: string, options: { pretty?: boolean } = {}) {
  const { index, files } = await renderSnapshotFiles(snapshot, options);
  await mkdir(folder, { recursive: true });
  for (const [file, body] of files) await writeFile(join(folder, file), body);
  return index;
}
