/**
 * Fuzzing (fast-check) the two gates a snapshot passes:
 *
 * - the extension's validator (`parseIndex` / `parseTopic` / `checkAcrossTopics`, what every refresh
 *   runs on downloaded bytes): random bytes, random JSON, and valid documents mutated at random places
 *   (deleted keys, swapped types, hostile strings, duplicated entries, unknown references, extra keys)
 *   give either a document that really is valid, or a RefreshFailure with a plain sentence; nothing
 *   else is ever thrown;
 * - the importer (`importPages`, what publishers run): random text and seed pages mutated with hostile
 *   fragments give either a snapshot the extension's own validator accepts, or an ImportError.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ImportError } from '@/lib/importer/errors';
import { importPages } from '@/lib/importer/import-pages';
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import { sha256Hex } from '@/lib/snapshot/hash';
import { SnapshotIndex, TopicDocument, type IndexEntry } from '@/lib/snapshot/schema';
import { findTopicProblems } from '@/lib/snapshot/validate';
import { RefreshFailure } from '@/lib/sync/errors';
import { checkAcrossTopics, parseIndex, parseTopic, type TopicReferences } from '@/lib/sync/verify';
import { sampleSnapshot } from './helpers/sample-snapshot';
import { HOSTILE_TOPIC, hostileTopic, PWN, UNICODE } from './fixtures/hostile/snapshots';

const URL_ = 'https://kb.example/topic.json';
const encoder = new TextEncoder();

/** Strings a hostile publisher would try. */
const hostileString = fc.oneof(
  fc.constantFrom(...Object.values(PWN), ...Object.values(UNICODE), '', ' ', '\u0000', '__proto__', 'constructor', 'toString', '-1', 'NaN', '1e400', 'null', 'x'.repeat(301)),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);
/** Any JSON value, hostile strings included. */
const jsonValue = fc.oneof(
  { depthSize: 'small' },
  fc.jsonValue({ maxDepth: 3 }),
  hostileString,
  fc.constantFrom(0, -1, 1.5, 2 ** 53, -0, 1e308, null, true, [], {}),
);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

/** Every path into a JSON tree, the root included. */
function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, i) => pathsOf(item, [...prefix, i], out));
  else if (value !== null && typeof value === 'object') for (const key of Object.keys(value)) pathsOf(value[key]!, [...prefix, key], out);
  return out;
}

type Mutation =
  | { op: 'set'; at: number; value: Json }
  | { op: 'delete'; at: number }
  | { op: 'duplicate'; at: number }
  | { op: 'addKey'; at: number; key: string; value: Json }
  | { op: 'copyFrom'; at: number; from: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: jsonValue as fc.Arbitrary<Json> }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('addKey' as const), at: fc.nat(), key: fc.oneof(hostileString, fc.constantFrom('__proto__', 'onload', 'html')), value: jsonValue as fc.Arbitrary<Json> }),
  fc.record({ op: fc.constant('copyFrom' as const), at: fc.nat(), from: fc.nat() }),
);

function parentOf(root: Json, path: Path): Json {
  let node = root;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, Json>)[key]!;
  return node;
}

function getAt(root: Json, path: Path): Json {
  let node = root;
  for (const key of path) node = (node as Record<string | number, Json>)[key]!;
  return node;
}

/** Applies mutations to a deep copy; paths are picked among the tree's paths at each step. */
function mutate(original: Json, mutations: readonly Mutation[]): Json {
  let root: Json = structuredClone(original);
  for (const change of mutations) {
    const paths = pathsOf(root);
    const path = paths[change.at % paths.length]!;
    if (path.length === 0) {
      if (change.op === 'set') root = change.value;
      continue;
    }
    const parent = parentOf(root, path) as Record<string | number, Json> & Json[];
    const key = path[path.length - 1]!;
    switch (change.op) {
      case 'set':
        parent[key] = structuredClone(change.value);
        break;
      case 'delete':
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete parent[key];
        break;
      case 'duplicate':
        if (Array.isArray(parent)) parent.splice(key as number, 0, structuredClone(parent[key as number]!));
        break;
      case 'addKey': {
        const target = getAt(root, path);
        if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
          Object.defineProperty(target, change.key, { value: structuredClone(change.value), enumerable: true, writable: true, configurable: true });
        }
        break;
      }
      case 'copyFrom':
        parent[key] = structuredClone(getAt(root, paths[change.from % paths.length]!));
        break;
    }
  }
  return root;
}

async function entryFor(bytes: Uint8Array, topic = 'LLM quantization'): Promise<IndexEntry> {
  return { topic, file: 'topic.json', bytes: bytes.byteLength, sha256: await sha256Hex(bytes), updated: null };
}

/** The validator's verdict, checked: a truly valid document, or a RefreshFailure worded for people. */
async function verdictOn(bytes: Uint8Array, topic?: string): Promise<'accepted' | 'refused'> {
  let parsed: Awaited<ReturnType<typeof parseTopic>>;
  try {
    parsed = await parseTopic(bytes, await entryFor(bytes, topic), URL_);
  } catch (error) {
    expect(error).toBeInstanceOf(RefreshFailure);
    const message = (error as RefreshFailure).message;
    expect(message).toMatch(/^The snapshot at https:\/\/kb\.example\/topic\.json /);
    expect(message.length).toBeLessThan(5_000);
    return 'refused';
  }
  const { doc, references } = parsed;
  expect(TopicDocument.safeParse(doc).success).toBe(true);
  expect(findTopicProblems(doc, references.externalIds)).toEqual([]);
  // The document is exactly the bytes' JSON: nothing dropped, added or coerced on the way in.
  expect(doc).toEqual(JSON.parse(new TextDecoder().decode(bytes)));
  return 'accepted';
}

const sampleTopic = () => sampleSnapshot().topics[0]! as unknown as Json;
const NUM_RUNS = 300;

describe('the snapshot validator, fuzzed', () => {
  it('random bytes: refused with a plain error, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (bytes) => {
        expect(await verdictOn(bytes)).toBe('refused');
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('random JSON, with and without a snapshot header: refused with a plain error', async () => {
    const header = fc.record({ format: fc.constantFrom('method-lens-snapshot', 'other'), formatVersion: fc.constantFrom(1, 2, '1') }, { requiredKeys: [] });
    await fc.assert(
      fc.asyncProperty(jsonValue, header, async (value, head) => {
        const body = value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...head, ...value } : value;
        expect(await verdictOn(encoder.encode(JSON.stringify(body) ?? 'undefined'))).toBe('refused');
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('valid documents mutated at random: a valid document or a plain error, nothing else', async () => {
    const verdicts = { accepted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        const mutated = mutate(sampleTopic(), mutations);
        verdicts[await verdictOn(encoder.encode(JSON.stringify(mutated)))]++;
      }),
      { numRuns: NUM_RUNS },
    );
    console.log(`[fuzz] mutated sample documents: ${verdicts.accepted} accepted, ${verdicts.refused} refused`);
    expect(verdicts.refused).toBeGreaterThan(0);
    expect(verdicts.accepted).toBeGreaterThan(0);
  });

  it('the hostile (valid) document mutated at random: same', async () => {
    const hostile = hostileTopic() as unknown as Json;
    // A smaller copy: the 1 MB quote would make every run slow without testing anything more.
    (hostile as any).critiques[0].quote = (hostile as any).critiques[0].quote.slice(0, 5_000);
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
        await verdictOn(encoder.encode(JSON.stringify(mutate(hostile, mutations))), HOSTILE_TOPIC);
      }),
      { numRuns: 150 },
    );
  });

  it('indexes mutated at random: a valid index or a plain error', async () => {
    const { index } = await renderSnapshotFiles(sampleSnapshot());
    await fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const bytes = encoder.encode(JSON.stringify(mutate(index as unknown as Json, mutations)));
        try {
          const parsed = parseIndex(bytes, 'https://kb.example/index.json');
          expect(SnapshotIndex.safeParse(parsed).success).toBe(true);
          for (const entry of parsed.topics) expect(entry.file).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*\.json$/);
        } catch (error) {
          expect(error).toBeInstanceOf(RefreshFailure);
          expect((error as Error).message).toMatch(/^The snapshot at https:\/\/kb\.example\/index\.json /);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

// ---- the importer ------------------------------------------------------------------------------

const seedsFolder = resolve(import.meta.dirname, 'fixtures/seeds');
const seeds = ['000_85ee5cffb96b79e3.txt', '001_620bda4cc9694942.txt', '002_5b18c036128ee2b3.txt'].map((file) => ({
  file,
  text: readFileSync(resolve(seedsFolder, file), 'utf8'),
}));

/** Inserts hostile fragments into lines of a page: inside names, titles, quotes, numbers. */
const pageMutation = fc.record({ line: fc.nat(), column: fc.nat(), text: hostileString, replace: fc.boolean() });

function mutatePage(text: string, changes: readonly { line: number; column: number; text: string; replace: boolean }[]): string {
  const lines = text.split('\n');
  for (const change of changes) {
    const at = change.line % lines.length;
    const line = lines[at]!;
    const column = change.column % (line.length + 1);
    lines[at] = line.slice(0, column) + change.text + line.slice(change.replace ? column + change.text.length : column);
  }
  return lines.join('\n');
}

/** What the importer produced, checked the way the extension checks a download. */
async function importerVerdict(sources: { file: string; text: string }[]): Promise<'imported' | 'refused'> {
  let snapshot;
  try {
    snapshot = importPages(sources).snapshot;
  } catch (error) {
    expect(error).toBeInstanceOf(ImportError);
    expect((error as Error).message.length).toBeGreaterThan(10);
    return 'refused';
  }
  const { files, index } = await renderSnapshotFiles(snapshot);
  const indexUrl = 'https://kb.example/index.json';
  expect(parseIndex(encoder.encode(files.get('index.json')!), indexUrl).topics).toHaveLength(snapshot.topics.length);
  const references: TopicReferences[] = [];
  for (const entry of index.topics) {
    const parsed = await parseTopic(encoder.encode(files.get(entry.file)!), entry, `https://kb.example/${entry.file}`);
    references.push(parsed.references);
  }
  checkAcrossTopics(references, { ids: new Map(), labels: new Map(), external: [] }, indexUrl);
  return 'imported';
}

describe('the importer, fuzzed', () => {
  it('random text: an ImportError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(hostileString, fc.string({ maxLength: 500 })), async (text) => {
        expect(await importerVerdict([{ file: 'random.txt', text }])).toBe('refused');
      }),
      { numRuns: 100 },
    );
  });

  it('seed pages with hostile fragments inserted anywhere: a snapshot the extension accepts, or an ImportError', async () => {
    const verdicts = { imported: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: 2 }), fc.array(pageMutation, { minLength: 1, maxLength: 3 }), async (victim, changes) => {
        const sources = seeds.map((seed, i) => (i === victim ? { ...seed, text: mutatePage(seed.text, changes) } : seed));
        verdicts[await importerVerdict(sources)]++;
      }),
      { numRuns: 150 },
    );
    console.log(`[fuzz] hostile seed pages: ${verdicts.imported} imported, ${verdicts.refused} refused`);
    expect(verdicts.imported).toBeGreaterThan(0);
  });
});
