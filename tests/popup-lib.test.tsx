/** The popup's pure pieces: routes, links, benchmark gaps, coverage wording, the summary line, skipped ranks, refresh progress. */
import { describe, expect, it } from 'vitest';
import { parseRoute, routeSearch, tabOfSearch, type Route } from '@/lib/popup/route';
import { arxivTitleSearch, httpUrl, semanticScholarSearch } from '@/lib/popup/safe-url';
import { benchmarkGap, describeGap, printedDecimals } from '@/lib/popup/benchmark-gap';
import { critiqueCoverage, lossCoverage } from '@/lib/popup/record-coverage';
import { pageSummaryLine } from '@/lib/popup/page-summary-line';
import { missingRanksNote } from '@/lib/popup/rank-gaps';
import { describeProgress, formatBytes, progressAnnouncement } from '@/lib/popup/refresh-progress';
import type { RefreshProgress } from '@/lib/store/db';

describe('popup routes', () => {
  it('reads the test contract’s URLs', () => {
    expect(parseRoute('?tab=42')).toEqual({ view: 'page', tabId: 42 });
    expect(parseRoute('?method=awq')).toEqual({ view: 'method', idOrName: 'awq' });
    expect(parseRoute('?method=QuIP%23')).toEqual({ view: 'method', idOrName: 'QuIP#' });
    expect(parseRoute('?topic=LLM%20quantization')).toEqual({ view: 'topic', name: 'LLM quantization' });
    expect(parseRoute('')).toBeNull();
    expect(parseRoute('?tab=abc')).toBeNull();
  });

  it('reads the methods a selection names, each as a method id and a count, leaving out an entry of any other shape', () => {
    expect(routeSearch({ view: 'selection', mentions: [{ methodId: 'gptq', count: 3 }, { methodId: 'awq', count: 1 }] })).toBe('?view=selection&m=gptq%3A3%2Cawq%3A1');
    expect(parseRoute('?view=selection&m=gptq:3,awq:1')).toEqual({ view: 'selection', mentions: [{ methodId: 'gptq', count: 3 }, { methodId: 'awq', count: 1 }] });
    expect(parseRoute('?view=selection&m=GPTQ:3,awq:0,awq:-1,awq:1.5,awq,:2,a:b:2,<b>:1,awq:01,smoothquant:1234567890,quip-sharp:2')).toEqual({
      view: 'selection',
      mentions: [{ methodId: 'quip-sharp', count: 2 }],
    });
    expect(parseRoute('?view=selection')).toEqual({ view: 'selection', mentions: [] });
  });

  it('carries the names a selection used, whatever they hold, and leaves out a name that cannot be read', () => {
    const route: Route = {
      view: 'selection',
      mentions: [
        { methodId: 'grouped-lattice-vector-quantization', count: 2, names: ['GLVQ', 'Grouped Lattice Vector Quantization'] },
        { methodId: 'odd', count: 1, names: ['a:b,c', '100% 😀', 'x=y&z'] },
      ],
    };
    const search = routeSearch(route);
    expect(new URLSearchParams(search).get('m')).toBe('grouped-lattice-vector-quantization:2:GLVQ:Grouped%20Lattice%20Vector%20Quantization,odd:1:a%3Ab%2Cc:100%25%20%F0%9F%98%80:x%3Dy%26z');
    expect(parseRoute(search)).toEqual(route);
    // A name that is no URI encoding (a lone %), and an empty one, are left out; the entry stays.
    expect(parseRoute('?view=selection&m=awq:1:%25E0%25A4%25A:AWQ::,gptq:2:')).toEqual({
      view: 'selection',
      mentions: [
        { methodId: 'awq', count: 1, names: ['AWQ'] },
        { methodId: 'gptq', count: 2 },
      ],
    });
    // No more than 16 names a method: a name and a few aliases.
    const many = Array.from({ length: 40 }, (_, i) => `N${i}`).join(':');
    expect((parseRoute(`?view=selection&m=awq:1:${many}`) as Extract<Route, { view: 'selection' }>).mentions[0]!.names).toHaveLength(16);
  });

  it('reads the tab a record window was opened for beside its record', () => {
    expect(parseRoute('?method=awq&tab=7')).toEqual({ view: 'method', idOrName: 'awq' });
    expect(tabOfSearch('?method=awq&tab=7')).toBe(7);
    expect(tabOfSearch('?method=awq')).toBeNull();
    expect(tabOfSearch('?method=awq&tab=7x')).toBeNull();
  });

  /** Every view but a tab's page. */
  const otherViews: Route[] = [
    { view: 'search', query: 'a w' },
    { view: 'search', query: '' },
    { view: 'method', idOrName: 'SQ+' },
    { view: 'topic', name: 'LLM quantization' },
    { view: 'topic', name: null },
    { view: 'snapshot' },
    { view: 'selection', mentions: [{ methodId: 'gptq', count: 3 }, { methodId: 'quip-sharp', count: 1 }] },
    { view: 'selection', mentions: [{ methodId: 'gptq', count: 3, names: ['GPTQ', 'OPTQ'] }] },
    { view: 'selection', mentions: [] },
  ];

  it('writes every route so that it reads back the same', () => {
    const routes: Route[] = [{ view: 'page', tabId: 7 }, { view: 'page', tabId: null }, ...otherViews];
    for (const route of routes) expect(parseRoute(routeSearch(route))).toEqual(route);
  });

  it('keeps the tab a window was opened for beside every view, and reads both back', () => {
    for (const route of otherViews) {
      const search = routeSearch(route, 7);
      expect(parseRoute(search)).toEqual(route);
      expect(tabOfSearch(search)).toBe(7);
    }
    // The page view names its tab once; `?tab=N` alone stays that tab's page (the test contract).
    expect(routeSearch({ view: 'page', tabId: 7 }, 7)).toBe('?tab=7');
    expect(parseRoute('?view=page&tab=7')).toEqual({ view: 'page', tabId: 7 });
  });
});

describe('links from snapshot text', () => {
  it('builds search links with URL, so a title cannot break out of its parameter', () => {
    const title = 'AWQ & friends: "quoted" #1 ?x=1';
    const arxiv = new URL(arxivTitleSearch(title)!);
    expect(arxiv.origin + arxiv.pathname).toBe('https://arxiv.org/search/');
    expect(arxiv.searchParams.get('query')).toBe(title);
    expect(arxiv.searchParams.get('searchtype')).toBe('title');
    expect(new URL(semanticScholarSearch(title)!).searchParams.get('q')).toBe(title);
  });

  it('refuses anything but http(s)', () => {
    expect(httpUrl('javascript:alert(1)')).toBeNull();
    expect(httpUrl('data:text/html,hi')).toBeNull();
    expect(httpUrl('not a url')).toBeNull();
    expect(httpUrl('https://arxiv.org/html/2406.01234')).toBe('https://arxiv.org/html/2406.01234');
  });
});

describe('benchmark gaps', () => {
  it('reads the better direction from the values: the winner’s number is the better one', () => {
    expect(benchmarkGap(68.62, 251.84)?.direction).toBe('lower');
    expect(benchmarkGap(58.71, 58.23)?.direction).toBe('higher');
  });

  it('scales both bars to the larger value and describes the gap', () => {
    const gap = benchmarkGap(68.62, 251.84)!;
    expect(gap.loserShare).toBe(1);
    expect(gap.winnerShare).toBeCloseTo(68.62 / 251.84);
    expect(describeGap(gap, 'AWQ', 2)).toBe('183.22 (73% of AWQ’s)');
    expect(describeGap(benchmarkGap(58.71, 58.23)!, 'AWQ', 2)).toBe('0.48 (0.8% of AWQ’s)');
    // To as many decimals as the values are printed with: 5.12 vs 5.32 is a gap of 0.20, 63.59 vs 54.89 one of 8.70.
    expect(describeGap(benchmarkGap(5.12, 5.32)!, 'AWQ', printedDecimals('5.12', '5.32'))).toBe('0.20 (3.8% of AWQ’s)');
    expect(describeGap(benchmarkGap(63.59, 54.89)!, 'AWQ', printedDecimals('63.59', '54.89'))).toBe('8.70 (16% of AWQ’s)');
    expect(describeGap(benchmarkGap(50.9, 50)!, 'AQLM', printedDecimals('50.9', '50.0'))).toBe('0.9 (1.8% of AQLM’s)');
    expect(describeGap(benchmarkGap(58, 57)!, 'X', printedDecimals('58', '57'))).toBe('1 (1.8% of X’s)');
    expect(printedDecimals('29.00', '32.28')).toBe(2);
    expect(printedDecimals('58.7%', '57')).toBe(1);
  });

  it('never reads two different values as a gap of 0 or 0%', () => {
    // Accuracy as a fraction: a gap of 0.0021, 0.28% of the loser's value.
    expect(describeGap(benchmarkGap(0.7532, 0.7511)!, 'X', 4)).toBe('0.0021 (0.3% of X’s)');
    expect(describeGap(benchmarkGap(1000.1, 1000)!, 'X', 1)).toBe('0.1 (0.01% of X’s)');
    // Values printed with fewer decimals than they differ by (never from the KB's tables): two significant digits.
    expect(describeGap(benchmarkGap(0.7532, 0.7511)!, 'X', 2)).toBe('0.0021 (0.3% of X’s)');
    expect(describeGap(benchmarkGap(1, 0)!, 'X', 0)).toBe('1');
  });

  it('draws nothing without two different numbers', () => {
    expect(benchmarkGap(null, 3)).toBeNull();
    expect(benchmarkGap(3, null)).toBeNull();
    expect(benchmarkGap(3, 3)).toBeNull();
    expect(benchmarkGap(2, 0)?.relative).toBeNull();
  });
});

describe('coverage wording', () => {
  it('says how many of the papers the KB counts are listed, only when fewer are', () => {
    expect(lossCoverage(12, 5, 15)).toBe('12 head-to-head losses listed, from 5 of the 15 papers the KB counts as beating it.');
    expect(lossCoverage(3, 3, 3)).toBe('3 head-to-head losses listed, from 3 papers.');
    expect(lossCoverage(1, 1, null)).toBe('1 head-to-head loss listed, from 1 paper.');
    expect(lossCoverage(0, 0, 28)).toBe('The KB counts 28 papers beating it but lists no head-to-head losses.');
    expect(lossCoverage(0, 0, null)).toBe('');
    expect(critiqueCoverage(9, 8, 9)).toBe('9 quotes listed, from 8 of the 9 papers the KB counts as critiquing it.');
    expect(critiqueCoverage(2, 2, 1)).toBe('2 quotes listed, from 2 papers.');
    expect(critiqueCoverage(0, 0, 13)).toBe('The KB counts 13 papers critiquing it but lists no quotes.');
  });
});

describe('ranks a ranking skips', () => {
  it.each([
    [[1, 2, 3, 4, 5, 9, 10, 11, 12], 'Ranks 6–8 are not in this snapshot.'],
    [[1, 2, 4], 'Rank 3 is not in this snapshot.'],
    [[3, 4], 'Ranks 1–2 are not in this snapshot.'],
    [[1, 3, 5, 9], 'Ranks 2, 4 and 6–8 are not in this snapshot.'],
    [[2, 1, 2, 3], null],
    [[], null],
  ] as const)('%j: %s', (ranks, note) => {
    expect(missingRanksNote(ranks)).toBe(note);
  });
});

describe('page summary line', () => {
  const methods = (...statuses: (string | null)[]) => statuses.map((status) => ({ status })) as { status: null }[];

  it('counts each status present, in order of supersession', () => {
    expect(pageSummaryLine(methods('frontier', 'heavily superseded', null, 'superseded', 'heavily superseded', null))).toBe(
      '6 methods: 2 heavily superseded, 1 superseded, 1 frontier',
    );
    expect(pageSummaryLine(methods(null))).toBe('1 method, none with a status in the KB');
    expect(pageSummaryLine([])).toBe('No known methods');
  });
});

describe('refresh progress', () => {
  const progress = (change: Partial<RefreshProgress>): RefreshProgress => ({
    runId: 'r',
    url: 'https://kb.example/snapshot/index.json',
    startedAt: '2026-06-18T00:00:00Z',
    updatedAt: '2026-06-18T00:00:00Z',
    phase: 'checking',
    topic: null,
    topicsDone: 0,
    topicsTotal: 0,
    bytes: 0,
    records: 0,
    ...change,
  });
  const estimate = { bytes: 1_000_000, counts: { methods: 100, critiques: 100, results: 700, alternatives: 100 } };

  it('writes sizes in B, kB or MB, never as 1000 of a unit', () => {
    expect([999, 1_000, 999_499, 999_500, 999_999, 1_000_000, 12_345_678].map(formatBytes)).toEqual([
      '999 B',
      '1 kB',
      '999 kB',
      '1.0 MB',
      '1.0 MB',
      '1.0 MB',
      '12.3 MB',
    ]);
  });

  it('names the phase, the topic and the amounts', () => {
    expect(describeProgress(progress({}), null)).toEqual({ step: 'Checking kb.example for a new snapshot', label: 'Checking kb.example for a new snapshot…', percent: 0 });
    const downloading = describeProgress(progress({ phase: 'downloading', topic: 'LLM quantization', topicsTotal: 2, bytes: 500_000 }), estimate);
    expect(downloading.label).toBe('Downloading LLM quantization (1 of 2) · 500 kB');
    // The same words, the topic's name apart, for it to be isolated where it is drawn.
    expect(downloading.labelParts).toEqual(['Downloading ', 'LLM quantization', ' (1 of 2) · 500 kB']);
    expect(downloading.percent).toBe(12);
    const saving = describeProgress(progress({ phase: 'saving', topic: 'LLM quantization', topicsDone: 1, topicsTotal: 2, records: 500 }), estimate);
    expect(saving.label).toBe('Saving LLM quantization (2 of 2) · 500 records');
    expect(saving.labelParts).toEqual(['Saving ', 'LLM quantization', ' (2 of 2) · 500 records']);
    expect(saving.percent).toBe(82);
    expect(describeProgress(progress({ phase: 'activating' }), null).percent).toBe(96);
    expect(describeProgress(progress({ url: 'chrome-extension://abc/snapshot/index.json' }), null).label).toBe(
      'Reading the bundled snapshot…',
    );
  });

  it('gives screen readers the step and every tenth percent, not every tick', () => {
    const ticks = Array.from({ length: 200 }, (_, i) =>
      describeProgress(progress({ phase: i < 100 ? 'downloading' : 'saving', topic: 'LLM quantization', topicsTotal: 1, bytes: i * 10_000, records: (i - 100) * 10 }), estimate),
    );
    expect(new Set(ticks.map((tick) => tick.label)).size).toBe(200);
    expect([...new Set(ticks.map(progressAnnouncement))]).toEqual([
      'Refreshing: Downloading LLM quantization, 0%',
      'Refreshing: Downloading LLM quantization, 10%',
      'Refreshing: Downloading LLM quantization, 20%',
      'Refreshing: Downloading LLM quantization, 30%',
      'Refreshing: Downloading LLM quantization, 40%',
      'Refreshing: Saving LLM quantization, 40%',
      'Refreshing: Saving LLM quantization, 50%',
      'Refreshing: Saving LLM quantization, 60%',
      'Refreshing: Saving LLM quantization, 70%',
      'Refreshing: Saving LLM quantization, 80%',
      'Refreshing: Saving LLM quantization, 90%',
    ]);
  });

  it('counts a topic it cannot estimate as half done once saving', () => {
    expect(describeProgress(progress({ phase: 'downloading', topic: 'New', topicsTotal: 1, bytes: 10 }), null).percent).toBe(0);
    expect(describeProgress(progress({ phase: 'saving', topic: 'New', topicsTotal: 1, records: 10 }), null).percent).toBe(47);
  });
});
