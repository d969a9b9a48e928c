/**
 * Writes a synthetic snapshot folder for benchmarks and scale tests:
 *
 *   npm run snapshot:synth -- --methods 50000 --out /tmp/synth [--seed 7] [--per-topic 1000]
 *
 * Topics are generated, written and hashed one at a time, so memory stays flat at any size. Topic files are
 * compact JSON; index.json has the same shape as the one `renderSnapshotFiles` makes.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringifyAscii } from '../lib/snapshot/ascii-json';
import { sha256Hex } from '../lib/snapshot/hash';
import { slugify } from '../lib/snapshot/ids';
import { FORMAT_VERSION, SNAPSHOT_FORMAT, type SnapshotIndex } from '../lib/snapshot/schema';
import { SYNTH_GENERATED_AT, synthesizeTopics, type SynthOptions } from '../lib/snapshot/synth';
import { ImportError } from '../lib/importer/errors';
import { plural } from '../lib/format';
import { replaceFolderWith } from '../lib/importer/replace-folder';
import { readCommandLine } from './command-line';

const USAGE = 'usage: npm run snapshot:synth -- --methods <1..200000> --out <folder> [--seed <n>] [--per-topic <n>]';

export interface SynthWriteSummary {
  index: SnapshotIndex;
  methods: number;
  critiques: number;
  results: number;
  alternatives: number;
  /** All files written, index.json included. */
  bytes: number;
}

export async function writeSynthSnapshot(options: SynthOptions, folder: string): Promise<SynthWriteSummary> {
  const topics = synthesizeTopics(options); // checks the options before anything touches the disk
  let summary!: SynthWriteSummary;
  // Swapped in whole, as an import is: no topic file of an earlier snapshot stays behind.
  await replaceFolderWith(folder, async (staging) => {
    summary = await writeTopics(topics, staging);
  });
  return summary;
}

async function writeTopics(topics: ReturnType<typeof synthesizeTopics>, folder: string): Promise<SynthWriteSummary> {
  const summary: SynthWriteSummary = {
    index: { format: SNAPSHOT_FORMAT, formatVersion: FORMAT_VERSION, generatedAt: SYNTH_GENERATED_AT, topics: [] },
    methods: 0,
    critiques: 0,
    results: 0,
    alternatives: 0,
    bytes: 0,
  };
  for (const doc of topics) {
    const file = `${slugify(doc.topic.name)}.json`; // synthetic topic names are unique, so are their slugs
    const bytes = Buffer.from(stringifyAscii(doc) + '\n');
    await writeFile(join(folder, file), bytes);
    summary.index.topics.push({
      topic: doc.topic.name,
      file,
      bytes: bytes.byteLength,
      sha256: await sha256Hex(bytes),
      updated: doc.topic.updated,
    });
    summary.methods += doc.methods.length;
    summary.critiques += doc.critiques.length;
    summary.results += doc.results.length;
    summary.alternatives += doc.alternatives.length;
    summary.bytes += bytes.byteLength;
  }
  const index = Buffer.from(JSON.stringify(summary.index, null, 2) + '\n');
  await writeFile(join(folder, 'index.json'), index);
  summary.bytes += index.byteLength;
  return summary;
}

/** A mistake in the command line: reported with the usage line, without a stack trace. */
class UsageError extends Error {}

function parseCommandLine(): { options: SynthOptions; folder: string } {
  const values = readCommandLine('snapshot:synth', USAGE, {
    methods: { type: 'string' },
    out: { type: 'string' },
    seed: { type: 'string' },
    'per-topic': { type: 'string' },
  });
  if (values.methods === undefined) throw new UsageError('--methods is required');
  if (!values.out) throw new UsageError('--out is required');
  return {
    options: {
      methods: wholeNumber('--methods', values.methods),
      seed: values.seed === undefined ? undefined : wholeNumber('--seed', values.seed),
      methodsPerTopic: values['per-topic'] === undefined ? undefined : wholeNumber('--per-topic', values['per-topic']),
    },
    folder: values.out,
  };
}

/** Strict, because `Number('1e3')` or `parseInt('12abc')` would quietly accept typos. */
function wholeNumber(flag: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a whole number (got "${value}")`);
  return Number(value);
}

async function main() {
  const started = performance.now();
  try {
    const { options, folder } = parseCommandLine();
    const summary = await writeSynthSnapshot(options, folder);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Wrote ${plural(summary.methods, 'method', 'methods')} in ${plural(summary.index.topics.length, 'topic', 'topics')} ` +
        `(${plural(summary.critiques, 'critique', 'critiques')}, ${plural(summary.results, 'result', 'results')}, ` +
        `${plural(summary.alternatives, 'alternative', 'alternatives')}) to ${folder}: ${plural(summary.bytes, 'byte', 'bytes')} in ${seconds} s`,
    );
  } catch (error) {
    // Out-of-range numbers surface as the synthesiser's RangeError, thrown before anything is written.
    // A folder that is neither missing, empty nor a snapshot folder is refused as an import refuses it.
    if (!(error instanceof UsageError || error instanceof RangeError || error instanceof ImportError)) throw error;
    console.error(`snapshot:synth: ${error.message}\n${USAGE}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
