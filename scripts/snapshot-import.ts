/**
 * Imports knowledge-base pages (the site's text export) into a snapshot folder:
 *
 *   npm run snapshot:import -- <page files…> --out <folder>
 *
 * Bad input is reported with its file and line, exits with code 1 and writes nothing.
 */
import { readFile } from 'node:fs/promises';
import { ImportError } from '../lib/importer/errors';
import { importPages, summarizeSnapshot } from '../lib/importer/import-pages';
import { decodePageBytes } from '../lib/importer/page-text';
import { replaceSnapshotFolder } from '../lib/importer/replace-folder';

const USAGE = 'usage: npm run snapshot:import -- <page files…> --out <folder>';

function parseArguments(args: readonly string[]): { files: string[]; out: string } {
  const files: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (arg === '--out') out = args[++i];
    else if (arg.startsWith('--out=')) out = arg.slice('--out='.length);
    else if (arg.startsWith('--')) throw new ImportError(`unknown option ${arg}\n${USAGE}`);
    else files.push(arg);
  }
  if (!out) throw new ImportError(`missing --out <folder>\n${USAGE}`);
  if (files.length === 0) throw new ImportError(`no page files given\n${USAGE}`);
  return { files, out };
}

async function readPageFile(file: string): Promise<string> {
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new ImportError(`cannot read the file (${error.code ?? error.message})`, file);
  });
  return decodePageBytes(bytes, file);
}

async function main(): Promise<void> {
  const { files, out } = parseArguments(process.argv.slice(2));
  const sources = await Promise.all(files.map(async (file) => ({ file, text: await readPageFile(file) })));
  const { snapshot, warnings } = importPages(sources);
  for (const warning of warnings) console.warn(`warning: ${warning}`);
  await replaceSnapshotFolder(snapshot, out);
  console.log(`snapshot:import: ${files.length} page${files.length === 1 ? '' : 's'} → ${out}: ${summarizeSnapshot(snapshot)}`);
}

main().catch((error: unknown) => {
  if (!(error instanceof ImportError)) throw error;
  console.error(`snapshot:import: ${error.message}`);
  process.exitCode = 1;
});
