/**
 * The store's pure parts: the page codec (what goes in comes out, whatever the strings), the topic
 * layout (every fact in exactly one dossier, pages near their size), and the catalog (buckets, name
 * runs, references across topics).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Alternative, Critique, HeadToHead, TopicDocument } from '@/lib/snapshot/schema';
import { synthesizeSnapshot } from '@/lib/snapshot/synth';
import { bucketOf, buildCatalog, own, runsForLabel, runsForPrefix, type CatalogEntry } from '@/lib/store/catalog';
import { titleKey } from '@/lib/store/db';
import { PageBuilder, decodeMethodDossier, decodePage, decodeSourceDossier, type MethodDossier } from '@/lib/store/dossier';
import { decodeManifest, encodeManifest, layoutTopic } from '@/lib/store/layout';
import { sampleSnapshot } from './helpers/sample-snapshot';

/** Any string, lone surrogates, markup and JSON look-alikes included. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('\ud800', 'a\udc00b', '"]}{[,', '<img src=x onerror=alert(1)>', '0', '12', 'null', '__proto__', 'x'.repeat(9)),
);
const slug = fc.stringMatching(/^[a-z0-9]{1,6}(-[a-z0-9]{1,4})?$/);
/** Finite numbers; -0 is written as 0, as JSON does, so it is left out. */
const finite = fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n)), { nil: null });

function result(other: string, id: string, won: boolean) {
  return fc.record({
    winnerLabel: fc.option(anyText, { nil: null }),
    sourceTitle: anyText,
    metric: anyText,
    setting: fc.option(anyText, { nil: null }),
    winnerValue: anyText,
    loserValue: anyText,
    winnerNumber: finite,
    loserNumber: finite,
  }).map((fields): HeadToHead => ({ ...fields, winnerId: won ? id : other, loserId: won ? other : id }));
}

const methodDossier = (id: string): fc.Arbitrary<MethodDossier> =>
  fc.record({
    critiques: fc.array(fc.record({ quote: anyText, sourceTitle: anyText }).map((fields): Critique => ({ ...fields, methodId: id })), { maxLength: 4 }),
    losses: fc.array(slug.chain((other) => result(other, id, false)), { maxLength: 4 }),
    wins: fc.array(slug.chain((other) => result(other, id, true)), { maxLength: 4 }),
    alternatives: fc.array(
      fc.record({ methodId: fc.option(slug, { nil: null }), date: fc.option(anyText, { nil: null }) }).map((fields) => ({ ...fields, ofMethodId: id })),
      { maxLength: 3 },
    ),
    alternativeTo: fc.array(
      fc.record({ ofMethodId: slug, date: fc.option(anyText, { nil: null }) }).map((fields) => ({ ...fields, methodId: id })),
      { maxLength: 3 },
    ),
    frontier: fc.array(fc.record({ topic: anyText, date: fc.option(anyText, { nil: null }) }), { maxLength: 2 }),
  });

describe('pages', () => {
  it('give back every dossier exactly as it was added, whatever its strings and numbers', () => {
    fc.assert(
      fc.property(fc.array(slug.chain((id) => methodDossier(id).map((dossier) => ({ id, dossier }))), { minLength: 1, maxLength: 6 }), (entries) => {
        const builder = new PageBuilder();
        const slots = entries.map(({ dossier }) => builder.addMethodDossier(dossier));
        const page = decodePage(builder.toBytes());
        entries.forEach(({ id, dossier }, i) => {
          expect(slots[i]).toBe(i);
          expect(decodeMethodDossier(id, page.dossiers[i]!, page.strings)).toEqual(dossier);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("give back a source paper's critiques, and store a repeated long string once", () => {
    const title = 'QuIP#: Even Better LLM Quantization with Hadamard Incoherence and Lattice Codebooks';
    const made: Critique[] = [
      { methodId: 'awq', quote: 'AWQ falls apart at 2 bits.', sourceTitle: title },
      { methodId: 'gptq', quote: 'GPTQ collapses at 2 bits.', sourceTitle: title },
    ];
    const builder = new PageBuilder();
    builder.addSourceDossier({ made });
    const bytes = builder.toBytes();
    const page = decodePage(bytes);
    expect(decodeSourceDossier(page.dossiers[0]!, page.strings)).toEqual({ made });
    expect(new TextDecoder().decode(bytes).split(title)).toHaveLength(2);
  });
});

describe('topic layout', () => {
  /** Every fact of the document, as the dossiers give them back. */
  function readBack(doc: TopicDocument, pageBytes: number) {
    const layout = layoutTopic(doc, pageBytes);
    const pages = layout.pages.map((page) => decodePage(page.bytes));
    const critiques: Critique[] = [];
    const losses: HeadToHead[] = [];
    const wins: HeadToHead[] = [];
    const made: Critique[] = [];
    let alternatives = 0;
    const alternativeTo: Alternative[] = [];
    const frontier: { methodId: string | null; date: string | null; topic: string }[] = [];
    for (const dossier of layout.manifest.dossiers) {
      const page = pages[dossier.page]!;
      const encoded = page.dossiers[dossier.slot]!;
      if (dossier.kind === 'source') {
        const source = decodeSourceDossier(encoded, page.strings);
        expect(source.made.every((critique) => titleKey(critique.sourceTitle) === dossier.key)).toBe(true);
        made.push(...source.made);
        continue;
      }
      const decoded = decodeMethodDossier(dossier.key, encoded, page.strings);
      critiques.push(...decoded.critiques);
      losses.push(...decoded.losses);
      wins.push(...decoded.wins);
      alternatives += decoded.alternatives.length;
      alternativeTo.push(...decoded.alternativeTo);
      frontier.push(...decoded.frontier.map((listing) => ({ methodId: dossier.key, date: listing.date, topic: listing.topic })));
    }
    return { layout, critiques, losses, wins, made, alternatives, alternativeTo, frontier };
  }

  it('puts every critique, result and alternative in its dossiers, once per side', () => {
    const doc = synthesizeSnapshot({ methods: 120, methodsPerTopic: 120 }).topics[0]!;
    const { layout, critiques, losses, wins, made, alternatives, alternativeTo, frontier } = readBack(doc, 4096);
    const byJson = <T,>(items: T[]) => items.map((item) => JSON.stringify(item)).sort();
    expect(byJson(critiques)).toEqual(byJson(doc.critiques));
    expect(byJson(made)).toEqual(byJson(doc.critiques));
    expect(byJson(losses)).toEqual(byJson(doc.results));
    expect(byJson(wins)).toEqual(byJson(doc.results));
    expect(alternatives).toBe(doc.alternatives.length);
    // Each named alternative also in the dossier of the method it names; each named frontier entry in its method's.
    expect(byJson(alternativeTo)).toEqual(byJson(doc.alternatives.filter((alternative) => alternative.methodId !== null)));
    expect(alternativeTo.length).toBeGreaterThan(0);
    expect(byJson(frontier)).toEqual(byJson(doc.frontier.filter((entry) => entry.methodId !== null).map((entry) => ({ ...entry, topic: doc.topic.name }))));
    expect(frontier.length).toBeGreaterThan(0);
    expect(layout.pages.reduce((sum, page) => sum + page.records, 0)).toBe(
      doc.methods.length + doc.critiques.length + doc.results.length + doc.alternatives.length,
    );
    expect(layout.pages.length).toBeGreaterThan(10);
    // A page closes once it has reached its size: never much past it but for one dossier.
    const largestDossier = Math.max(...layout.pages.map((page) => page.bytes.length / decodePage(page.bytes).dossiers.length));
    for (const page of layout.pages) expect(page.bytes.length).toBeLessThan(4096 * 1.1 + 2 * largestDossier);
  });

  it("keeps a method's dossier and its paper's critiques on one page, and ranks in order", () => {
    const doc = sampleSnapshot().topics[0]!;
    const { manifest, ranking } = layoutTopic(doc);
    const quip = manifest.dossiers.find((dossier) => dossier.kind === 'method' && dossier.key === 'quip-sharp')!;
    const quipPaper = manifest.dossiers.find((dossier) => dossier.kind === 'source' && dossier.key === titleKey(doc.methods[3]!.paperTitle!))!;
    expect(quipPaper.page).toBe(quip.page);
    expect(quipPaper.slot).toBe(quip.slot + 1);
    expect(ranking.map((method) => method.id)).toEqual(['gptq', 'awq', 'smoothquant']);
    expect(decodeManifest(encodeManifest(manifest))).toEqual(manifest);
  });
});

describe('catalog', () => {
  it('spreads ids over buckets stably', () => {
    const ids = Array.from({ length: 3200 }, (_, i) => `method-${i}`);
    const sizes = new Array(100).fill(0);
    for (const id of ids) sizes[bucketOf(id, 100)]++;
    expect(Math.max(...sizes)).toBeLessThan(64);
    expect(bucketOf('gptq', 7)).toBe(bucketOf('gptq', 7));
  });

  it('finds the runs that hold a prefix, like a scan of every label would', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'ab', ' '), minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 6 }),
        fc.string({ unit: fc.constantFrom('a', 'b', 'c'), minLength: 1, maxLength: 3 }),
        (labels, perRun, prefix) => {
          const sorted = [...labels].sort();
          const runs = Array.from({ length: Math.ceil(sorted.length / perRun) }, (_, i) => sorted.slice(i * perRun, (i + 1) * perRun));
          const { first, end } = runsForPrefix(runs.map((run) => run[0]!), prefix);
          const found = runs.slice(first, end).flat().filter((label) => label.startsWith(prefix));
          expect(found).toEqual(sorted.filter((label) => label.startsWith(prefix)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('finds the runs that hold a label, like a scan of every label would, when many methods share it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: fc.constantFrom('a', 'b', 'ab'), minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 6 }),
        fc.string({ unit: fc.constantFrom('a', 'b'), minLength: 1, maxLength: 3 }),
        (labels, perRun, label) => {
          const sorted = [...labels].sort();
          const runs = Array.from({ length: Math.ceil(sorted.length / perRun) }, (_, i) => sorted.slice(i * perRun, (i + 1) * perRun));
          const { first, end } = runsForLabel(runs.map((run) => run[0]!), label);
          expect(runs.slice(first, end).flat().filter((other) => other === label)).toEqual(sorted.filter((other) => other === label));
          // Only runs that can hold it: the one before the first run starting with it, and those starting with it.
          expect(runs.slice(first + 1, end).every((run) => run[0] === label)).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('files each label again from each word inside it in the word runs, in order, unless a whole label of its method has that key', () => {
    const label = fc.string({ unit: fc.constantFrom('A', 'b', '7', 'é', '-', ' ', '.', '(', ')', '#', '\u0301'), minLength: 1, maxLength: 8 });
    fc.assert(
      fc.property(fc.array(fc.uniqueArray(label, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 8 }), (labelsOf) => {
        const doc = sampleSnapshot().topics[0]!;
        const template = doc.methods[0]!;
        doc.methods = labelsOf.map(([name, ...aliases], i) => ({ ...template, id: `m${i}`, name: name!, aliases, family: null, subProblem: null }));
        doc.critiques = [];
        doc.results = [];
        doc.alternatives = [];
        doc.subProblems = [];
        doc.frontier = [];
        const { wordRuns, header } = buildCatalog([{ gen: 'g', manifest: layoutTopic(doc).manifest }]);
        const entries = wordRuns.flatMap((run) => run.entries);
        // Brute force: after a character that is no letter, digit or mark, a letter or digit starts a word.
        const expected = new Map<string, [string, string, string]>();
        labelsOf.forEach((labels, i) => {
          const whole = new Set(labels.map((one) => one.toLowerCase()));
          for (const one of labels) {
            const lower = one.toLowerCase();
            for (let at = 1; at < lower.length; at++) {
              const key = lower.slice(at);
              const starts = /^[\p{L}\p{N}]/u.test(key) && !/[\p{L}\p{N}\p{M}]$/u.test(lower.slice(0, at));
              if (starts && !whole.has(key) && !expected.has(`m${i}\n${key}`)) expected.set(`m${i}\n${key}`, [key, one, `m${i}`]);
            }
          }
        });
        expect(new Set(entries.map((entry) => JSON.stringify(entry)))).toEqual(new Set([...expected.values()].map((entry) => JSON.stringify(entry))));
        expect(entries.map(([key]) => key)).toEqual(entries.map(([key]) => key).sort());
        expect(header.wordRuns).toEqual(wordRuns.map((run) => run.entries[0]![0]));
      }),
      { numRuns: 300 },
    );
  });

  it('links each method to its dossiers in every topic and to the critiques its paper makes elsewhere', () => {
    const [quantization, optimizers] = sampleSnapshot().topics;
    optimizers!.critiques.push({ methodId: 'adam', quote: 'Adam overfits.', sourceTitle: quantization!.methods[3]!.paperTitle! });
    optimizers!.results.push({ ...optimizers!.results[0]!, winnerId: 'quip-sharp', loserId: 'adam' });
    const catalog = buildCatalog([
      { gen: 'g1', manifest: layoutTopic(quantization!).manifest },
      { gen: 'g2', manifest: layoutTopic(optimizers!).manifest },
    ]);
    const entry = (id: string): CatalogEntry => own(catalog.buckets[bucketOf(id, catalog.buckets.length)]!, id)!;
    expect(entry('quip-sharp').refs.map(([gen, , , kind]) => [gen, kind])).toEqual([
      ['g1', 0],
      ['g2', 0],
      ['g1', 1],
      ['g2', 1],
    ]);
    // Names of other topics' methods come from the catalog; a page names its own topic's.
    expect(entry('quip-sharp').names).toEqual({});
    expect(entry('adam').names).toEqual({ 'quip-sharp': 'QuIP#' });
    expect(catalog.topicNames.get('Optimizers')).toEqual({ 'quip-sharp': 'QuIP#' });
    expect(catalog.dictionary.names).toHaveLength(10);
    // An id that names a property of every object is still only data.
    expect(own(catalog.buckets[0]!, 'constructor')).toBeUndefined();
  });
});
