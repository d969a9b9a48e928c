/**
 * A malicious or compromised snapshot publisher, against the real refresh path (HTTP from a local
 * server, streaming size and hash checks, zod, reference checks, IndexedDB via fake-indexeddb):
 *
 * - a snapshot that is valid but carries markup, script, `javascript:`/`data:` URLs, unicode edge
 *   cases, a 1,000,000-character quote and 2,000-character titles is stored verbatim, as text;
 * - every invalid variant (too long, duplicate ids, unknown methods, extra keys, bad bytes, hostile
 *   index entries, 200k-name documents past the ceilings…) is refused with a clear, specific error
 *   and the snapshot already there stays exactly as it was;
 * - a 200k-name document within the format is checked quickly and matched quickly.
 */
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { compileMatcher } from '@/lib/match/matcher';
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import { sha256Hex } from '@/lib/snapshot/hash';
import { TopicDocument, type Snapshot } from '@/lib/snapshot/schema';
import { checkSourceUrl } from '@/lib/snapshot/source-url';
import { findTopicProblems } from '@/lib/snapshot/validate';
import { openDb, type MethodLensDb } from '@/lib/store/db';
import { getMatchDictionary, getMethodRecord, getSnapshotInfo, searchMethods } from '@/lib/store/read';
import { refreshSnapshot, type RefreshOutcome } from '@/lib/sync/refresh';
import { startSnapshotServer, type SnapshotServer } from './helpers/snapshot-server';
import { sampleSnapshot } from './helpers/sample-snapshot';
import { hostileSnapshot, hostileTopic, invalidVariants, MAX_QUOTE, PWN, UNICODE } from './fixtures/hostile/snapshots';

const INDEX = '/kb/index.json';
let server: SnapshotServer;
let db: MethodLensDb;

beforeAll(async () => {
  server = await startSnapshotServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.routes.clear();
  db = openDb({ name: `hostile-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
});

function refresh(): Promise<RefreshOutcome> {
  return refreshSnapshot({ db, indexUrl: server.url(INDEX), timeoutMs: 5_000 });
}

async function publish(snapshot: Snapshot): Promise<void> {
  server.serveFiles((await renderSnapshotFiles(snapshot)).files, '/kb/');
}

/** Publishes the hostile snapshot with its topic file replaced by `body`, listed with its true size and hash. */
async function publishTopicBytes(body: Uint8Array | string, indexEdit?: (index: Record<string, any>) => void): Promise<void> {
  const { files, index } = await renderSnapshotFiles(hostileSnapshot());
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const entry = index.topics[0]!;
  Object.assign(entry, { bytes: bytes.byteLength, sha256: await sha256Hex(bytes) });
  indexEdit?.(index as unknown as Record<string, any>);
  server.routes.clear();
  server.routes.set(`/kb/${entry.file}`, { body: bytes, headers: { 'Content-Type': 'application/json' } });
  server.routes.set(INDEX, { body: JSON.stringify(index), headers: { 'Content-Type': 'application/json' } });
  void files;
}

/** Everything a reader can see, to compare before and after a refused refresh. */
async function everything() {
  const info = await getSnapshotInfo(db);
  const dictionary = await getMatchDictionary(db);
  const records = await Promise.all(dictionary.methods.map((method) => getMethodRecord(db, method.id)));
  return { topics: info.topics, totals: info.totals, dictionary, records };
}

describe('a valid snapshot full of markup, script, URLs and unicode edge cases', () => {
  it('is accepted and stored verbatim, as plain strings', async () => {
    await publish(hostileSnapshot());
    const outcome = await refresh();
    expect(outcome.ok).toBe(true);

    const evil = (await getMethodRecord(db, 'evil-html'))!;
    expect(evil.method.name).toBe(PWN.img);
    expect(evil.method.aliases).toContain(PWN.script);
    expect(evil.method.aliases).toContain(PWN.javascriptUrl);
    expect(evil.method.paperTitle).toBe(`${PWN.script}: ${PWN.javascriptUrl}`);

    const long = (await getMethodRecord(db, 'long-quote'))!;
    expect(long.critiques[0]!.quote).toHaveLength(MAX_QUOTE);
    expect(long.losses[0]!.metric).toContain(PWN.img);

    // Unicode survives the trip through JSON, UTF-8, zod and IndexedDB unchanged, lone surrogates included.
    const rtl = (await getMethodRecord(db, 'unicode-rtl'))!;
    expect(rtl.method.name).toBe(UNICODE.rtlOverride);
    expect(rtl.method.aliases).toEqual([UNICODE.arabic, UNICODE.loneSurrogates, UNICODE.controls]);
    expect((await getMethodRecord(db, 'unicode-emoji'))!.method.aliases).toEqual([UNICODE.zeroWidth, UNICODE.combining]);

    // Looked up by any of its names, markup included, and found by search.
    expect((await getMethodRecord(db, PWN.script))?.method.id).toBe('evil-html');
    expect((await searchMethods(db, '<img', 5)).map((match) => match.id)).toEqual(['evil-html']);
    const dictionary = await getMatchDictionary(db);
    expect(dictionary.names).toEqual(expect.arrayContaining([PWN.img, UNICODE.emoji, UNICODE.loneSurrogates, 'W'.repeat(300)]));
  });

  it('gives the matcher names it handles without throwing, lone surrogates and controls included', async () => {
    const names = hostileTopic().methods.flatMap((method) => [method.name, ...method.aliases]);
    const matcher = compileMatcher(names);
    const text = `See ${PWN.img} and ${UNICODE.emoji}, then ${UNICODE.loneSurrogates} and ${UNICODE.rtlOverride}. ${UNICODE.controls}`;
    const found = matcher.find(text).map((span) => text.slice(span.start, span.end));
    expect(found).toEqual([PWN.img, UNICODE.emoji, UNICODE.loneSurrogates, UNICODE.rtlOverride, UNICODE.controls]);
  });
});

describe('invalid snapshots are refused with a clear error, and the snapshot already there stays', () => {
  async function expectRefused(outcome: RefreshOutcome, why: RegExp, before: Awaited<ReturnType<typeof everything>>) {
    expect(outcome.ok).toBe(false);
    const error = (outcome as { error: { what: string } }).error.what;
    expect(error).toMatch(/^The (snapshot|index|download)/);
    expect(error).toMatch(why);
    expect(await everything()).toEqual(before);
    expect((await getSnapshotInfo(db)).lastError?.what).toBe(error);
  }

  it.each(invalidVariants())('$what', async ({ edit, why }) => {
    await publish(sampleSnapshot());
    expect((await refresh()).ok).toBe(true);
    const before = await everything();

    const doc = hostileTopic();
    const raw = edit(doc);
    await publishTopicBytes(typeof raw === 'string' ? raw : JSON.stringify(doc));
    await expectRefused(await refresh(), why, before);
  });

  it.each([
    ['bytes that are not UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), /is not UTF-8 text/],
    ['HTML instead of JSON', `<!doctype html><script>window.__pwned=1</script>`, /is not valid JSON/],
    ['JSON nested 100,000 deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, /is not a Method Lens snapshot file|is not valid JSON/],
    ['a newer format version', JSON.stringify({ ...hostileTopic(), formatVersion: 2 }), /unknown snapshot format version 2/],
    ['null', 'null', /is not a Method Lens snapshot file/],
  ])('%s', async (_what, body, why) => {
    await publish(sampleSnapshot());
    expect((await refresh()).ok).toBe(true);
    const before = await everything();
    await publishTopicBytes(body);
    await expectRefused(await refresh(), why, before);
  });

  it.each([
    ['a topic file in another folder', (index: any) => (index.topics[0].file = '../evil.json'), /expected a plain \.json file name/],
    ['a topic file on another site', (index: any) => (index.topics[0].file = 'https://evil.example/x.json'), /expected a plain \.json file name/],
    ['a javascript: topic file', (index: any) => (index.topics[0].file = `${PWN.javascriptUrl}.json`), /expected a plain \.json file name/],
    ['a topic listed twice', (index: any) => index.topics.push({ ...index.topics[0], file: 'other.json' }), /is listed twice/],
    ['a topic listed at 10 GB', (index: any) => (index.topics[0].bytes = 10 * 1024 ** 3), /over this extension's limit/],
    ['a checksum that does not match', (index: any) => (index.topics[0].sha256 = '0'.repeat(64)), /does not match the checksum/],
  ])('an index with %s', async (_what, indexEdit, why) => {
    await publish(sampleSnapshot());
    expect((await refresh()).ok).toBe(true);
    const before = await everything();
    await publishTopicBytes(JSON.stringify(hostileTopic()), indexEdit);
    await expectRefused(await refresh(), why, before);
  });

  it('(a byte-order mark before the JSON is harmless: UTF-8 decoding drops it)', async () => {
    await publishTopicBytes(`\ufeff${JSON.stringify(hostileTopic())}`);
    expect((await refresh()).ok).toBe(true);
  });

  it('an index of 2 MB is cut off while it downloads', async () => {
    await publish(sampleSnapshot());
    expect((await refresh()).ok).toBe(true);
    const before = await everything();
    server.routes.set(INDEX, { body: JSON.stringify({ format: 'method-lens-snapshot', padding: 'x'.repeat(2 * 1024 * 1024) }) });
    await expectRefused(await refresh(), /larger than the 1\.0 MiB expected/, before);
  });
});

describe('200k names', () => {
  function bigTopic(methods: number): TopicDocument {
    const doc = hostileTopic();
    doc.critiques = [];
    doc.results = [];
    doc.alternatives = [];
    doc.subProblems = [];
    doc.frontier = [];
    doc.methods = Array.from({ length: methods }, (_, i) => ({
      ...doc.methods[0]!,
      id: `m-${i}`,
      name: `M${i}·${UNICODE.emoji}`,
      aliases: [],
    }));
    return doc;
  }

  it('a 200k-method document is validated in seconds and its names match a page quickly', () => {
    const doc = bigTopic(200_000);
    let started = performance.now();
    expect(TopicDocument.safeParse(doc).success).toBe(true);
    expect(findTopicProblems(doc)).toEqual([]);
    const validateMs = performance.now() - started;

    started = performance.now();
    const matcher = compileMatcher(doc.methods.map((method) => method.name));
    const text = `We compare M199999·${UNICODE.emoji} with M7·${UNICODE.emoji} and M70000. `.repeat(2_000);
    const spans = matcher.find(text);
    const matchMs = performance.now() - started;
    console.log(`[hostile] 200k names: validate ${Math.round(validateMs)} ms, compile + match ${text.length} chars ${Math.round(matchMs)} ms`);
    expect(spans).toHaveLength(4_000);
    expect(validateMs).toBeLessThan(20_000);
    expect(matchMs).toBeLessThan(10_000);
  });

  it('200k duplicate names are reported as a short list of problems, not 200k of them', () => {
    const doc = bigTopic(200_000);
    for (const method of doc.methods) method.name = 'Same';
    const problems = findTopicProblems(doc);
    expect(problems.length).toBeLessThanOrEqual(20);
    expect(problems[0]).toMatch(/name "Same" belongs to both/);
  });
});

describe('snapshot sources', () => {
  it.each([
    [PWN.javascriptUrl, /javascript: are not allowed/],
    [PWN.dataUrl, /data: are not allowed/],
    ['file:///etc/passwd', /file: are not allowed/],
    ['chrome-extension://abc/index.json', /chrome-extension: are not allowed/],
    ['http://evil.example/index.json', /Use https:\/\//],
    ['https://user:pass@evil.example/index.json', /user name and password/],
    [`${PWN.img}`, /not a web address/],
  ])('refuses %s', (input, why) => {
    const checked = checkSourceUrl(input);
    expect(checked.ok).toBe(false);
    expect((checked as { error: string }).error).toMatch(why);
  });
});
