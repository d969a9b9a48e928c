// @vitest-environment happy-dom
/**
 * The method record and topic views, fed what the store's readers return for the bundled snapshot
 * (imported into fake-indexeddb) and for the small handmade one: every section, the "no status"
 * case, honest coverage lines, links, and text that stays text.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { act } from 'preact/test-utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { GapChart } from '@/components/popup/GapChart';
import { MethodRecord } from '@/components/popup/MethodRecord';
import { TopicView } from '@/components/popup/TopicView';
import type { Snapshot, TopicDocument } from '@/lib/snapshot/schema';
import { openDb, type MethodLensDb } from '@/lib/store/db';
import { getMethodRecord, getTopicView, type MethodRecordView } from '@/lib/store/read';
import { importDocuments } from './helpers/import-documents';
import { sampleSnapshot } from './helpers/sample-snapshot';
import { mount, text } from './helpers/mount';
import { toCardModel } from '@/lib/card-model';
import { HoverCard } from '@/components/HoverCard';

let bundled: TopicDocument;
let bundledDb: MethodLensDb;
let sampleDb: MethodLensDb;

async function storeWith(name: string, snapshot: Snapshot): Promise<MethodLensDb> {
  const db = openDb({ name, indexedDB: new IDBFactory(), IDBKeyRange });
  await importDocuments(db, snapshot, { source: 'chrome-extension://test/snapshot/index.json' });
  return db;
}

beforeAll(async () => {
  bundled = JSON.parse(await readFile(join(import.meta.dirname, '../public/snapshot/llm-quantization.json'), 'utf8')) as TopicDocument;
  bundledDb = await storeWith('popup-record-bundled', { generatedAt: '2026-06-18T00:00:00.000Z', topics: [bundled] });
  sampleDb = await storeWith('popup-record-sample', sampleSnapshot());
});


const section = (page: HTMLElement, title: string) =>
  [...page.querySelectorAll('section.record-section')].find((candidate) => text(candidate.querySelector('h2')).startsWith(title));

async function record(db: MethodLensDb, idOrName: string): Promise<MethodRecordView> {
  const view = await getMethodRecord(db, idOrName);
  if (!view) throw new Error(`no record for ${idOrName}`);
  return view;
}

describe('method record (bundled snapshot)', () => {
  it('shows AWQ: name, paper, topic, first seen, status with its meaning', async () => {
    const page = mount(<MethodRecord record={await record(bundledDb, 'awq')} />);
    expect(text(page.querySelector('h1'))).toBe('AWQ');
    expect(text(page.querySelector('.ml-badge'))).toBe('heavily superseded');
    expect(text(page.querySelector('.record-paper cite'))).toBe('AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration');
    const facts = [...page.querySelectorAll('.fact')].map((fact) => `${text(fact.querySelector('dt'))}=${text(fact.querySelector('dd'))}`);
    expect(facts).toEqual(['Topic=LLM quantization', 'First seen=Jun 1, 2023', 'Family=GPTQ']);
    expect(page.querySelector('.fact a')!.getAttribute('href')).toBe('popup.html?topic=LLM+quantization');
    expect(text(page.querySelector('.status-box'))).toBe(
      'heavily superseded: a standard baseline that newer methods routinely beat. 9 papers critique it · 15 beat it on benchmarks · #2 among the most-superseded baselines in LLM quantization',
    );
    expect(text(page.querySelector('.as-of'))).toBe('Snapshot as of Jun 18, 2026');
  });

  it('is dated by the snapshot, as the hover card is, and tells the topic’s own update when it is another day', async () => {
    const later = await storeWith('popup-record-later', { generatedAt: '2026-07-02T09:30:00.000Z', topics: [bundled] });
    const awq = await record(later, 'awq');
    expect([awq.snapshotDate, awq.topicUpdated]).toEqual(['2026-07-02T09:30:00.000Z', '2026-06-18']);
    const page = mount(<MethodRecord record={awq} />);
    expect(text(page.querySelector('.as-of'))).toBe('Snapshot as of Jul 2, 2026 · topic updated Jun 18, 2026');
    expect(toCardModel(awq).asOf).toBe(awq.snapshotDate);
  });

  it('counts the losses it lists in the card’s words: head-to-head losses listed, from some of the papers the KB counts', async () => {
    const awq = await record(bundledDb, 'awq');
    const card = mount(<HoverCard model={toCardModel(awq)} theme="light" onOpenRecord={() => {}} onClose={() => {}} />);
    expect(text(card.querySelector('.ml-losses .ml-section'))).toBe('12 head-to-head losses listed, from 5 of the 15 papers, e.g.');
    const page = mount(<MethodRecord record={awq} />);
    expect(text(section(page, 'Beaten on benchmarks')?.querySelector('.coverage'))).toBe('12 head-to-head losses listed, from 5 of the 15 papers the KB counts as beating it.');
    // Quotes alike: what is listed first, then from how many of the papers the KB counts.
    expect(text(section(page, 'What papers say')?.querySelector('.coverage'))).toBe('9 quotes listed, from 9 papers.');
  });

  it('says “no status in the KB” in the card’s words too', async () => {
    const gptq = await record(bundledDb, 'GPTQ');
    const card = mount(<HoverCard model={toCardModel(gptq)} theme="light" onOpenRecord={() => {}} onClose={() => {}} />);
    expect(text(card.querySelector('.ml-meaning'))).toBe('No status in the KB; #1 among the most-superseded baselines in LLM quantization.');
    const page = mount(<MethodRecord record={gptq} />);
    expect(text(page.querySelector('.status-box strong'))).toBe('No status in the KB.');
  });

  it('says whose ranking a rank is, in a snapshot of two topics: the card and the record alike', async () => {
    const adam = await record(sampleDb, 'adam');
    const card = mount(<HoverCard model={toCardModel(adam)} theme="light" onOpenRecord={() => {}} onClose={() => {}} />);
    expect(text(card.querySelector('.ml-known'))).toBe('#1 among the most-superseded baselines in Optimizers');
    const page = mount(<MethodRecord record={adam} />);
    expect(text(page.querySelector('.status-facts'))).toBe('1 paper beats it on benchmarks · #1 among the most-superseded baselines in Optimizers');
  });

  it('quotes every critique verbatim with its source paper and search links', async () => {
    const page = mount(<MethodRecord record={await record(bundledDb, 'awq')} />);
    const critiques = bundled.critiques.filter((critique) => critique.methodId === 'awq');
    const items = [...page.querySelectorAll('.critique-list > li')];
    expect(items).toHaveLength(critiques.length);
    items.forEach((item, i) => {
      expect(item.querySelector('blockquote')!.textContent).toBe(`“${critiques[i]!.quote}”`);
      expect(item.querySelector('cite')!.textContent).toBe(critiques[i]!.sourceTitle);
      const links = [...item.querySelectorAll('a')].map((link) => new URL(link.getAttribute('href')!));
      expect(links.map((link) => link.host)).toEqual(['arxiv.org', 'www.semanticscholar.org']);
      expect(links[0]!.searchParams.get('query')).toBe(critiques[i]!.sourceTitle);
      expect(links[1]!.searchParams.get('q')).toBe(critiques[i]!.sourceTitle);
    });
    // The bundled AWQ: 9 quotes, each from a different paper, and the KB counts 9 papers critiquing it.
    expect(text(section(page, 'What papers say')?.querySelector('.coverage'))).toBe('9 quotes listed, from 9 papers.');
    // The window it may open in is named for it.
    expect(document.title).toBe('AWQ — Method Lens');
    // Each section's count is heard as part of its title, set apart from it.
    expect(section(page, 'What papers say')!.querySelector('h2')!.getAttribute('aria-label')).toBe('What papers say (9 listed)');
    expect(text(section(page, 'What papers say')!.querySelector('h2'))).toBe('What papers say 9');
    expect(section(page, 'What papers say')!.getAttribute('aria-labelledby')).toBe(section(page, 'What papers say')!.querySelector('h2')!.id);
  });

  it('tables every loss by source paper, both values, the gap and its direction', async () => {
    const page = mount(<MethodRecord record={await record(bundledDb, 'awq')} />);
    const losses = bundled.results.filter((result) => result.loserId === 'awq');
    const rows = [...page.querySelectorAll('.loss-table tbody tr:not(.loss-source)')];
    expect(rows).toHaveLength(12);
    rows.forEach((row, i) => {
      const loss = losses[i]!;
      expect(text(row.querySelector('.values'))).toBe(`${loss.winnerValue} vs ${loss.loserValue}`);
      expect(text(row.querySelector('.loss-metric'))).toBe(`${loss.metric}${loss.setting ? ` ${loss.setting}` : ''}`.trim());
      const chart = row.querySelector('[role="img"]')!;
      expect(chart.getAttribute('aria-label')).toMatch(loss.winnerNumber! > loss.loserNumber! ? /^higher is better/ : /^lower is better/);
    });
    const sources = [...page.querySelectorAll('.loss-source cite')].map((cite) => cite.textContent);
    expect(sources).toEqual([...new Set(losses.map((loss) => loss.sourceTitle))]);
    // Each paper heads the rows of its own group, which holds exactly that paper's results.
    for (const group of page.querySelectorAll('.loss-table tbody')) {
      const header = group.querySelector('tr.loss-source > th')!;
      expect(header.getAttribute('scope')).toBe('rowgroup');
      const title = header.querySelector('cite')!.textContent;
      expect(group.querySelectorAll('tr:not(.loss-source)')).toHaveLength(losses.filter((loss) => loss.sourceTitle === title).length);
    }
    // Values are said as the KB prints them, "29.00" not 29; the gap's share says whose value it is of.
    expect(rows[2]!.querySelector('[role="img"]')!.getAttribute('aria-label')).toBe('lower is better: SEPTQ 29.00, AWQ 32.28; gap 3.28 (10% of AWQ’s)');
    expect(text(rows[2]!.querySelector('.gap-caption'))).toBe('↓ lower is better · gap 3.28 (10% of AWQ’s)');
    // The caption wraps between its pieces: the direction, "· gap 3.28", the share.
    expect([...rows[2]!.querySelectorAll('.gap-caption > span')].map(text)).toEqual(['↓ lower is better', '· gap 3.28', '(10% of AWQ’s)']);
    // The gap to the decimals the values have: 5.12 vs 5.32 is 0.20.
    expect(text(rows[11]!.querySelector('.gap-caption'))).toBe('↓ lower is better · gap 0.20 (3.8% of AWQ’s)');
    // A winner of several rows in a run is one cell spanning them, one link: one Tab stop, not one per row.
    expect([...page.querySelectorAll<HTMLTableCellElement>('.loss-table .loss-winner')].map((cell) => `${text(cell)} ×${cell.rowSpan}`)).toEqual([
      'SEPTQ ×3',
      'SQ+ ×2',
      'QMC (no noise) ×1',
      'STaR-Quant ×3',
      'ApiQ ×3',
    ]);
    expect(page.querySelectorAll('.loss-table .loss-winner a')).toHaveLength(5);
    expect(text(rows[5]!.querySelector('.loss-winner'))).toBe('QMC (no noise)');
    expect(rows[5]!.querySelector('.loss-winner a')!.getAttribute('href')).toBe('popup.html?method=qmc');
    expect(text(section(page, 'Beaten on benchmarks')?.querySelector('.coverage'))).toBe(
      '12 head-to-head losses listed, from 5 of the 15 papers the KB counts as beating it.',
    );
    // The KB's own framing of its sections, its caveat on copied values included.
    expect(text(section(page, 'Beaten on benchmarks')?.querySelector('.section-lead'))).toBe(
      'Head-to-head results where a newer method reports beating AWQ. Values are copied from the source paper’s tables: verify against the cited paper.',
    );
    expect(text(section(page, 'What papers say')?.querySelector('.section-lead'))).toBe('Verbatim critique sentences, each from a paper that cites AWQ as a baseline.');
    expect(text(section(page, 'Newer alternatives')?.querySelector('.section-lead'))).toBe('Recent methods in the same sub-problem, not yet superseded in the knowledge base.');
  });

  it('gives a gap to the decimals of the finer of its two printed values', () => {
    const mixed = mount(<GapChart winnerName="A" loserName="B" winnerValue="29" loserValue="32.28" winnerNumber={29} loserNumber={32.28} />);
    expect(mixed.querySelector('.gap-chart')!.getAttribute('aria-label')).toBe('lower is better: A 29, B 32.28; gap 3.28 (10% of B’s)');
  });

  it('draws the gap of values printed with more decimals than a number is written with (over 100), rather than fail the record', () => {
    // Valid to the schema and read as numbers by the importer; toFixed takes at most 100 digits.
    const [winnerValue, loserValue] = [`0.${'0'.repeat(100)}1`, `0.${'0'.repeat(100)}2`];
    const chart = mount(<GapChart winnerName="A" loserName="B" winnerValue={winnerValue} loserValue={loserValue} winnerNumber={1e-101} loserNumber={2e-101} />);
    expect(chart.querySelector('.gap-chart')!.getAttribute('aria-label')).toBe(`lower is better: A ${winnerValue}, B ${loserValue}; gap ${winnerValue} (50% of B’s)`);
  });

  it('draws no bars for a value below zero: a bar from zero for -0.52 would be shorter than the lower -1.30’s, under “higher is better”', () => {
    const negative = mount(<GapChart winnerName="A" loserName="B" winnerValue="-0.52" loserValue="-1.30" winnerNumber={-0.52} loserNumber={-1.3} />);
    expect(negative.querySelectorAll('.gap-bar')).toHaveLength(0);
    // What the values say is still said, to the eye and to a screen reader.
    expect(text(negative.querySelector('.gap-caption'))).toBe('↑ higher is better · gap 0.78 (60% of B’s)');
    expect(negative.querySelector('[role="img"]')!.getAttribute('aria-label')).toBe('higher is better: A -0.52, B -1.30; gap 0.78 (60% of B’s)');
    const mixed = mount(<GapChart winnerName="A" loserName="B" winnerValue="0.3" loserValue="-0.2" winnerNumber={0.3} loserNumber={-0.2} />);
    expect(mixed.querySelectorAll('.gap-bar')).toHaveLength(0);
    // From zero up, bars read as the values do.
    const positive = mount(<GapChart winnerName="A" loserName="B" winnerValue="0" loserValue="1.5" winnerNumber={0} loserNumber={1.5} />);
    expect(positive.querySelectorAll('.gap-bar')).toHaveLength(2);
  });

  it('lists newer alternatives with dates, unnamed entries as dated entries', async () => {
    const page = mount(<MethodRecord record={await record(bundledDb, 'awq')} />);
    const entries = [...page.querySelectorAll('.dated-list li')].map(text);
    expect(entries[0]).toBe('unnamed in the KB May 29, 2026');
    expect(entries[1]).toBe('LFQ May 28, 2026');
    expect(entries).toContain('Grouped Lattice Vector Quantization Oct 23, 2025');
    expect(entries).toHaveLength(bundled.alternatives.filter((alternative) => alternative.ofMethodId === 'awq').length);
  });

  it('shows what is known for a method without a status, and empty sections plainly', async () => {
    const page = mount(<MethodRecord record={await record(bundledDb, 'GPTQ')} />);
    expect(text(page.querySelector('.ml-badge'))).toBe('no status in the KB');
    expect(text(page.querySelector('.status-box'))).toBe(
      'No status in the KB. What it does record: 13 papers critique it · 28 beat it on benchmarks · #1 among the most-superseded baselines in LLM quantization',
    );
    expect(text(section(page, 'What papers say')?.querySelector('.coverage'))).toBe('The KB counts 13 papers critiquing it but lists no quotes.');
    expect(text(section(page, 'Newer alternatives'))).toContain('The KB lists no newer alternative.');
    expect(page.querySelector('.loss-table')).toBeNull();
  });

  it('links a family or sub-problem that names another method to its record, and leaves the method’s own name plain', async () => {
    const awq = mount(<MethodRecord record={await record(bundledDb, 'awq')} />);
    const family = awq.querySelector('.fact:nth-child(3) dd a');
    expect(text(family)).toBe('GPTQ');
    expect(family!.getAttribute('href')).toBe('popup.html?method=gptq');

    // SpinQuant: no status, no counts; its sub-problem is SmoothQuant's.
    const spinQuant = mount(<MethodRecord record={await record(bundledDb, 'spinquant')} />);
    const facts = [...spinQuant.querySelectorAll('.fact')].map((fact) => `${text(fact.querySelector('dt'))}=${text(fact.querySelector('dd'))}`);
    expect(facts).toContain('Sub-problem=SmoothQuant');
    expect([...spinQuant.querySelectorAll('.facts a, .status-box a')].map((link) => link.getAttribute('href'))).toEqual([
      'popup.html?topic=LLM+quantization',
      'popup.html?method=smoothquant',
      'popup.html?method=smoothquant',
    ]);
    expect(text(spinQuant.querySelector('.status-box'))).toBe('No status in the KB. What it does record: sub-problem: SmoothQuant');

    // SmoothQuant's family and sub-problem are SmoothQuant itself: text, not a link to the page already open.
    const smoothQuant = mount(<MethodRecord record={await record(bundledDb, 'smoothquant')} />);
    expect([...smoothQuant.querySelectorAll('.facts a')].map((link) => text(link))).toEqual(['LLM quantization']);
    expect(text(smoothQuant.querySelector('.facts'))).toContain('SmoothQuant');
  });

  it('says what the KB lists a method as a newer alternative to, linked, with the date the lists give it: GLVQ, which has no status', async () => {
    const view = await record(bundledDb, 'Grouped Lattice Vector Quantization');
    const listings = bundled.alternatives.filter((alternative) => alternative.methodId === view.method.id);
    expect(listings.map((alternative) => alternative.ofMethodId).sort()).toEqual(['aqlm', 'awq']);
    expect(new Set(listings.map((alternative) => alternative.date))).toEqual(new Set(['2025-10-23']));
    const page = mount(<MethodRecord record={view} />);
    // The date is GLVQ's, in the lists of AQLM's and AWQ's alternatives: said once, of GLVQ, never beside AQLM or AWQ.
    expect(text(page.querySelector('.status-box'))).toBe('No status in the KB. Listed as a newer alternative to AQLM and AWQ (dated Oct 23, 2025).');
    expect([...page.querySelectorAll('.alternative-listing a')].map((link) => link.getAttribute('href')).sort()).toEqual(['popup.html?method=aqlm', 'popup.html?method=awq']);
    expect(page.querySelector('.dated-list[aria-label^="Methods"]')).toBeNull();
  });

  it('names each other method once, never the method itself, each date once, and a repeated frontier listing once', async () => {
    const view = await record(bundledDb, 'Grouped Lattice Vector Quantization');
    const [aqlm, awq] = [...view.alternativeTo].sort((a, b) => a.name!.localeCompare(b.name!));
    const self = { methodId: view.method.id, name: view.method.name, date: null };
    const listing = { topic: 'LLM quantization', date: '2025-10-23' };
    const page = mount(
      <MethodRecord record={{ ...view, alternativeTo: [aqlm!, { ...aqlm!, date: '2025-11-01' }, self, awq!], frontier: [listing, { ...listing }] }} />,
    );
    expect(text(page.querySelector('.alternative-listing'))).toBe('Listed as a newer alternative to AQLM and AWQ (dated Oct 23, 2025).');
    expect(text(page.querySelector('.frontier-listing'))).toBe('Listed in the frontier of LLM quantization (dated Oct 23, 2025).');
    // An undated listing says no date.
    const undated = mount(<MethodRecord record={{ ...view, alternativeTo: [{ ...aqlm!, date: null }], frontier: [{ topic: 'LLM quantization', date: null }] }} />);
    expect(text(undated.querySelector('.frontier-listing'))).toBe('Listed in the frontier of LLM quantization.');
    expect(text(undated.querySelector('.alternative-listing'))).toBe('Listed as a newer alternative to AQLM.');
    const three = { ...aqlm!, methodId: 'quip-sharp', name: 'QuIP#' };
    const listed = mount(<MethodRecord record={{ ...view, alternativeTo: [aqlm!, awq!, three, { ...awq!, date: '2025-11-01' }], frontier: [] }} />);
    expect(text(listed.querySelector('.alternative-listing'))).toBe('Listed as a newer alternative to AQLM, AWQ and QuIP# (dated Oct 23, 2025).');
  });

  it('says where the topic’s frontier lists a method, with the date it gives: FAIR-Calib, with its status', async () => {
    const page = mount(<MethodRecord record={await record(bundledDb, 'FAIR-Calib')} />);
    expect(text(page.querySelector('.status-box'))).toBe(
      'frontier: recent methods not yet superseded in the knowledge base. Listed in the frontier of LLM quantization (dated Jun 4, 2026).',
    );
    expect(page.querySelector('.alternative-listing')).toBeNull();
    // A method no frontier lists says nothing of one.
    expect(mount(<MethodRecord record={await record(bundledDb, 'awq')} />).querySelector('.frontier-listing')).toBeNull();
  });

  it('says so when the KB records nothing at all about a method', async () => {
    const page = mount(<MethodRecord record={await record(bundledDb, 'lieq')} />);
    expect(text(page.querySelector('.status-box'))).toBe('No status in the KB. It records no counts, rank or sub-problem for this method either.');
    expect(text(section(page, 'What papers say')?.querySelector('.coverage'))).toBe('The KB quotes no critique of LieQ.');
  });
});

describe('method record (wins and critiques made)', () => {
  it('lists the methods it beats and the ones its paper critiques, each a link', async () => {
    const page = mount(<MethodRecord record={await record(sampleDb, 'awq')} />);
    const wins = section(page, 'AWQ beats')!;
    expect(text(wins.querySelector('.ml-loss'))).toBe('over GPTQ · WikiText-2 perplexity [Llama-2-7B, 3-bit]: 6.24 vs GPTQ 6.29');
    expect(wins.querySelector('a.method-name')!.getAttribute('href')).toBe('popup.html?method=gptq');
    expect(text(wins.querySelector('.section-lead'))).toBe('Values are copied from the source paper’s tables: verify against the cited paper.');
    const made = section(page, 'What AWQ’s paper says of others')!;
    expect(text(made)).toContain('On GPTQ: “GPTQ overfits its calibration set.”');
  });

  it('names a win by the winner the KB printed: QMC (no noise) over AWQ', async () => {
    expect(bundled.results.find((result) => result.winnerId === 'qmc')?.winnerLabel).toBe('QMC (no noise)');
    const page = mount(<MethodRecord record={await record(bundledDb, 'qmc')} />);
    const wins = section(page, 'QMC beats')!;
    expect(text(wins.querySelector('.ml-loss'))).toBe('QMC (no noise) over AWQ · PPL [LLaMA-3.2B]: 10.43 vs AWQ 12.67');
    // Isolated for bidi, as every string from the snapshot that our words follow.
    expect([...wins.querySelectorAll('.ml-loss bdi')].map((bdi) => bdi.textContent)).toEqual(['QMC (no noise)', 'PPL', 'LLaMA-3.2B', '10.43', 'AWQ', '12.67']);
  });

  it('renders snapshot text as text, never as markup', async () => {
    const view = await record(sampleDb, 'gptq');
    const hostile = '<img src=x onerror="window.hacked=1">';
    view.critiques[0] = { ...view.critiques[0]!, quote: hostile, sourceTitle: `javascript:alert(1) ${hostile}` };
    const page = mount(<MethodRecord record={view} />);
    expect(page.querySelector('img')).toBeNull();
    expect(page.querySelector('blockquote')!.textContent).toBe(`“${hostile}”`);
    for (const link of page.querySelectorAll('a')) expect(link.getAttribute('href')).toMatch(/^(https:|popup\.html\?)/);
  });
});

describe('topic view', () => {
  it('says what the ranking’s status labels mean in a key beside it, not in tooltips', async () => {
    const topic = (await getTopicView(bundledDb, 'LLM quantization'))!;
    const page = mount(<TopicView topic={topic} />);
    expect(page.querySelectorAll('.ranking .ml-badge[title]')).toHaveLength(0);
    const key = page.querySelector('#ranking-title ~ details.status-key')!;
    expect(text(key.querySelector('summary'))).toBe('What the labels mean');
    // The labels the ranking shows (AWQ's status, the others' none), each once.
    expect(new Set([...page.querySelectorAll('.ranking .ml-badge')].map(text))).toEqual(new Set(['heavily superseded', 'no status in the KB']));
    expect([...key.querySelectorAll('dt')].map(text)).toEqual(['heavily superseded', 'no status in the KB']);
  });

  it('shows headline counts, the ranking, sub-problems with their methods, and the frontier', async () => {
    const topic = (await getTopicView(bundledDb, 'LLM quantization'))!;
    const page = mount(<TopicView topic={topic} />);
    expect(text(page.querySelector('h1'))).toBe('LLM quantization');
    // The KB's own counts in its own words, told apart from what the snapshot holds: the KB counts no
    // methods, and the 40 are only those the snapshot's three pages name.
    expect(page.querySelector('.headline')!.getAttribute('aria-label')).toBe('In the knowledge base');
    expect([...page.querySelectorAll('.headline-item')].map(text)).toEqual(['97 papers', '151 critique receipts', '1,451 benchmark results']);
    expect(text(page.querySelector('.headline-note'))).toBe('Counted by the KB. This snapshot holds 40 methods, 12 critiques quoted, 24 head-to-head results.');
    const ranked = bundled.methods.filter((method) => method.rank !== null).sort((a, b) => a.rank! - b.rank!);
    expect([...page.querySelectorAll('.ranking .method-name')].map(text)).toEqual(ranked.map((method) => method.name));
    // Each row has what the KB's ranking prints: family and paper title besides the counts.
    const awqRow = [...page.querySelectorAll('.ranking-row')].find((row) => text(row.querySelector('.method-name')) === 'AWQ')!;
    expect(text(awqRow.querySelector('.ranking-origin'))).toBe('Family: GPTQ · AWQ: Activation-aware Weight Quantization for LLM Compression and Acceleration');
    expect(page.querySelectorAll('.ranking-origin')).toHaveLength(ranked.filter((method) => method.family || method.paperTitle).length);
    const subProblems = [...page.querySelectorAll('.subproblem')];
    expect(subProblems.map((item) => text(item.querySelector('h3')))).toEqual(['SmoothQuant', 'FlexRound', 'AQ-SGD', 'QServe']);
    expect(text(subProblems[0]!.querySelector('.subproblem-count'))).toBe('6 of its 33 methods listed');
    expect(text(subProblems[2]!.querySelector('.subproblem-count'))).toBe('3 methods');
    // Each list opens with the KB's own framing of it.
    expect([...page.querySelectorAll('.section-lead')].map(text)).toEqual([
      'Ranked by how many distinct papers critique or beat each method. These are the standard baselines newer work routinely measures against.',
      'Methods that compete on the same benchmarks cluster into distinct sub-problems.',
      'Recent methods not yet superseded in the knowledge base.',
    ]);
    expect(page.querySelectorAll('.dated-list li')).toHaveLength(bundled.frontier.length);
    expect(text(page.querySelector('.as-of'))).toBe('Updated Jun 18, 2026');
  });

  it('shows a ranked row’s family or paper title alone when the KB gives only one', async () => {
    const topic = (await getTopicView(bundledDb, 'LLM quantization'))!;
    const [first, second] = topic.ranking;
    const page = mount(<TopicView topic={{ ...topic, ranking: [{ ...first!, paperTitle: null }, { ...second!, family: null, paperTitle: 'A Paper' }] }} />);
    const rows = [...page.querySelectorAll('.ranking-row')];
    expect(text(rows[0]!.querySelector('.ranking-origin'))).toBe(`Family: ${first!.family}`);
    expect(text(rows[1]!.querySelector('.ranking-origin'))).toBe('A Paper');
    expect(rows[1]!.querySelector('.ranking-origin cite')?.textContent).toBe('A Paper');
  });

  it('tells assistive technology each method’s rank in the KB, not its place in the list', async () => {
    const topic = (await getTopicView(bundledDb, 'LLM quantization'))!;
    expect(topic.ranking.some((method, index) => method.rank !== index + 1)).toBe(true);
    const page = mount(<TopicView topic={topic} />);
    const heard = [...page.querySelectorAll('.ranking > li')].map((row) => {
      const copy = row.cloneNode(true) as Element;
      for (const hidden of copy.querySelectorAll('[aria-hidden="true"]')) hidden.remove();
      return text(copy);
    });
    expect(heard.map((line) => /^Rank (\d+) /.exec(line)?.[1])).toEqual(topic.ranking.map((method) => String(method.rank)));
    // The export leaves out the KB's ranks 6 to 8: said so under the list, not left to look like a mistake.
    expect(topic.ranking.map((method) => method.rank)).toEqual([1, 2, 3, 4, 5, 9, 10, 11, 12]);
    expect(text(page.querySelector('.ranking-gaps'))).toBe('Ranks 6–8 are not in this snapshot.');
  });

  it('names counts the KB does not give as what the snapshot holds', async () => {
    const topic = (await getTopicView(bundledDb, 'LLM quantization'))!;
    const page = mount(<TopicView topic={{ ...topic, topic: { ...topic.topic, papers: null, critiqueReceipts: null, benchmarkResults: null } }} />);
    expect(page.querySelector('.headline')!.getAttribute('aria-label')).toBe('In this snapshot');
    expect([...page.querySelectorAll('.headline-item')].map(text)).toEqual(['40 methods', '12 critiques quoted', '24 results listed']);
    expect(page.querySelector('.headline-note')).toBeNull();
    // A KB that gives one count has only that one shown as its own.
    const papersOnly = mount(<TopicView topic={{ ...topic, topic: { ...topic.topic, critiqueReceipts: null, benchmarkResults: null } }} />);
    expect([...papersOnly.querySelectorAll('.headline-item')].map(text)).toEqual(['97 papers']);
    expect(text(papersOnly.querySelector('.headline-note'))).toBe('Counted by the KB. This snapshot holds 40 methods, 12 critiques quoted, 24 head-to-head results.');
  });

  it('never gives the number of a sub-problem’s methods listed as the KB’s count of them', async () => {
    const topic = (await getTopicView(bundledDb, 'LLM quantization'))!;
    const qServe = topic.subProblems.find((subProblem) => subProblem.name === 'QServe')!;
    expect(qServe).toMatchObject({ methodCount: 3, methods: [{ name: 'QServe' }, { name: 'APEX4' }, { name: 'LiquidGEMM' }] });
    const countOf = (methodCount: number | null) => {
      const page = mount(<TopicView topic={{ ...topic, subProblems: [{ ...qServe, methodCount }] }} />);
      return text(page.querySelector('.subproblem-count'));
    };
    // As the KB prints it ("QServe · 3 methods"), where it lists them all.
    expect(countOf(3)).toBe('3 methods');
    expect(countOf(5)).toBe('3 of its 5 methods listed');
    // A KB counting fewer than it lists still has its count said, not replaced by ours.
    expect(countOf(2)).toBe('3 methods listed; the KB counts 2');
    // One that gives no count has none made up for it.
    expect(countOf(null)).toBe('3 methods listed');
  });

  it('counts one of each in the singular', async () => {
    const topic = (await getTopicView(bundledDb, 'LLM quantization'))!;
    const one = { ...topic.topic, papers: 1, critiqueReceipts: 1, benchmarkResults: 1 };
    const page = mount(<TopicView topic={{ ...topic, topic: one, counts: { ...topic.counts, methods: 1, critiques: 1, results: 1 } }} />);
    expect([...page.querySelectorAll('.headline-item')].map(text)).toEqual(['1 paper', '1 critique receipt', '1 benchmark result']);
    expect(text(page.querySelector('.headline-note'))).toBe('Counted by the KB. This snapshot holds 1 method, 1 critique quoted, 1 head-to-head result.');
    const quoted = mount(
      <TopicView topic={{ ...topic, topic: { ...one, papers: null, critiqueReceipts: null, benchmarkResults: null }, counts: { ...topic.counts, methods: 1, critiques: 1, results: 1 } }} />,
    );
    expect([...quoted.querySelectorAll('.headline-item')].map(text)).toEqual(['1 method', '1 critique quoted', '1 result listed']);
  });

  // A 20,000-method topic has some 667 sub-problems (npm run snapshot:synth -- --per-topic 20000): drawn all
  // at once, 8,000 links, the view took 0.6–0.7 s to show and put them all before the frontier.
  it('draws 20 sub-problems at a time; Show more draws the next 20 and takes focus to the first of them', async () => {
    const topic = (await getTopicView(bundledDb, 'LLM quantization'))!;
    const many = Array.from({ length: 667 }, (_, i) => ({ name: `Sub-problem ${i + 1}`, methodCount: 30, methods: [{ id: `method-${i + 1}`, name: `Method ${i + 1}` }] }));
    const page = mount(<TopicView topic={{ ...topic, subProblems: many }} />);
    const titles = () => [...page.querySelectorAll('.subproblems > li h3')].map(text);
    expect(titles()).toEqual(many.slice(0, 20).map((subProblem) => subProblem.name));
    expect(text(page.querySelector('.show-more'))).toBe('20 of 667 sub-problems shown. Show 20 more sub-problems');
    act(() => page.querySelector<HTMLButtonElement>('.show-more button')!.click());
    expect(titles()).toEqual(many.slice(0, 40).map((subProblem) => subProblem.name));
    expect(document.activeElement).toBe(page.querySelectorAll('.subproblems > li')[20]!.querySelector('a'));
    // The frontier is still there, after the sub-problems shown.
    expect(page.querySelectorAll('.dated-list li')).toHaveLength(bundled.frontier.length);
  });

  it('says plainly what a topic lacks', async () => {
    const topic = (await getTopicView(sampleDb, 'Optimizers'))!;
    const page = mount(<TopicView topic={topic} />);
    expect(text(page)).toContain('The KB names no sub-problems in this topic.');
    expect(text(page.querySelector('.dated-list'))).toBe('QuIP# Feb 6, 2024');
  });
});
