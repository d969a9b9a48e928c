// @vitest-environment happy-dom
/**
 * Text from the snapshot, isolated from the popup's and the options page's own words. A snapshot string
 * may leave a right-to-left override (U+202E) open, valid text to the schema; next to words of ours and
 * not isolated, the override runs on and reverses them ("cites GPTQ as a baseline" drawn with "as a
 * baseline" backwards, after the name). Each view is fed a snapshot whose every string starts with one:
 * each text node holding such a string must hold it alone, inside an isolating box (`<bdi>`, `dir`,
 * `unicode-bidi: isolate`, or a box of its own: a block, an inline-block, a flex or grid item) below the
 * nearest element that holds other text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import type { VNode } from 'preact';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { MethodRecord } from '@/components/popup/MethodRecord';
import { PageView } from '@/components/popup/PageView';
import { SearchView } from '@/components/popup/SearchView';
import { SnapshotView } from '@/components/popup/SnapshotView';
import { TopicList } from '@/components/popup/TopicList';
import { TopicNotFound } from '@/components/popup/TopicNotFound';
import { TopicView } from '@/components/popup/TopicView';
import { MutedSection } from '@/components/options/MutedSection';
import { withPaperTitles } from '@/lib/store/entry-papers';
import { describeProgress } from '@/lib/popup/refresh-progress';
import type { PageSummaryMethod } from '@/lib/page-summary';
import type { Snapshot } from '@/lib/snapshot/schema';
import { openDb, type MethodLensDb } from '@/lib/store/db';
import { getMethodRecord, getSnapshotInfo, getTopicView, listTopics, searchMethods } from '@/lib/store/read';
import { importDocuments } from './helpers/import-documents';
import { mount } from './helpers/mount';
import { sampleSnapshot } from './helpers/sample-snapshot';

// The store holds a snapshot: a name not found is said as such.
vi.mock('@/lib/popup/use-has-snapshot', () => ({ useHasSnapshot: () => true }));

/** RIGHT-TO-LEFT OVERRIDE, never closed. */
const RLO = '\u202e';

/** Fields that are ids, dates, formats or statuses: checked by the schema, never shown as they are. */
const NOT_TEXT = new Set(['id', 'methodId', 'ofMethodId', 'winnerId', 'loserId', 'methodIds', 'format', 'firstSeen', 'updated', 'date', 'generatedAt', 'status']);

/** `value` with an override opening every string of text in it. */
function overridden<T>(value: T, key = ''): T {
  if (typeof value === 'string') return (NOT_TEXT.has(key) ? value : `${RLO}${value}`) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => overridden(item, key)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([field, item]) => [field, overridden(item, field)])) as T;
  return value;
}

/** Every string of text in `value` (each starts with the override). */
function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return value.startsWith(RLO) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(textsOf);
  return [];
}

const snapshot: Snapshot = (() => {
  const sample = sampleSnapshot();
  // A method without a status too: its record says what the KB does record (its sub-problem).
  sample.topics[0]!.methods.find((method) => method.id === 'smoothquant')!.status = null;
  return overridden(sample);
})();
const snapshotTexts = new Set(textsOf(snapshot));
const nameOf = (id: string) => snapshot.topics.flatMap((topic) => topic.methods).find((method) => method.id === id)!.name;

let db: MethodLensDb;
beforeAll(async () => {
  db = openDb({ name: 'bidi-isolation', indexedDB: new IDBFactory(), IDBKeyRange });
  await importDocuments(db, snapshot, { source: 'chrome-extension://test/snapshot/index.json' });
});

/** The stylesheets each page loads (see entrypoints/popup/main.tsx and entrypoints/options/main.tsx). */
const POPUP_CSS = ['hover-card.css', 'extension-page.css', 'popup.css'];
const OPTIONS_CSS = ['hover-card.css', 'extension-page.css', 'options.css'];

function applyStylesheets(files: readonly string[]) {
  document.head.querySelectorAll('style').forEach((style) => style.remove());
  const style = document.createElement('style');
  style.textContent = files.map((file) => readFileSync(join(import.meta.dirname, '../components', file), 'utf8')).join('\n');
  document.head.append(style);
}

/** Whether `element`'s box keeps the bidi text inside it from the text around it. */
function isolates(element: Element): boolean {
  const style = getComputedStyle(element);
  if (element.localName === 'bdi' || element.hasAttribute('dir') || ['isolate', 'isolate-override', 'plaintext'].includes(style.unicodeBidi)) return true;
  // A block (a paragraph of its own) or an inline-block (a neutral character to the line around it).
  if (!['', 'inline', 'contents'].includes(style.display)) return true;
  // A flex or grid item is a block, whatever its own display.
  const parentDisplay = element.parentElement ? getComputedStyle(element.parentElement).display : '';
  return /(^|-)(flex|grid)$/.test(parentDisplay);
}

/** Whether `element` holds text (other than white space) besides `node`. */
function holdsOtherText(element: Element, node: Text): boolean {
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let other = walker.nextNode(); other; other = walker.nextNode()) if (other !== node && /\S/.test(other.textContent ?? '')) return true;
  return false;
}

const shown = (text: string) => text.replaceAll(RLO, '‹RLO›').replace(/\s+/g, ' ').trim();

/**
 * Each text node under `root` holding an override that is not a snapshot string alone, isolated, said as
 * the string and the text it runs into. Text never drawn (`.visually-hidden`, for screen readers, which
 * read it in its order) is left out.
 */
function unisolated(root: Element): { isolated: number; failures: string[] } {
  const failures: string[] = [];
  let isolated = 0;
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    if (!node.data.includes(RLO) || node.parentElement!.closest('.visually-hidden')) continue;
    if (!snapshotTexts.has(node.data)) {
      failures.push(`in one text with our words: "${shown(node.data)}"`);
      continue;
    }
    for (let element: Element | null = node.parentElement; element; element = element.parentElement) {
      if (holdsOtherText(element, node)) {
        failures.push(`"${shown(node.data)}" runs into <${element.localName}${element.className ? `.${element.className.replace(/ /g, '.')}` : ''}>: "${shown(element.textContent ?? '')}"`);
        break;
      }
      if (isolates(element)) {
        isolated++;
        break;
      }
    }
  }
  return { isolated, failures };
}

const record = async (id: string, muted = false) => {
  const found = (await getMethodRecord(db, id))!;
  const view = { ...found, newerAlternatives: await withPaperTitles(db, found.newerAlternatives) };
  return <MethodRecord record={view} muted={muted ? { unmute: async () => {} } : null} />;
};

const topic = async (index: number) => {
  const found = (await getTopicView(db, snapshot.topics[index]!.topic.name))!;
  return <TopicView topic={{ ...found, frontier: await withPaperTitles(db, found.frontier) }} />;
};

const aliasOf = (id: string) => snapshot.topics.flatMap((topic) => topic.methods).find((method) => method.id === id)!.aliases[0]!;
const topicOf = (id: string) => snapshot.topics.flatMap((topic) => topic.methods).find((method) => method.id === id)!.topic;
/** Ranked: the row names the topic whose ranking it is. */
const pageRow = (id: string, names: string[]): PageSummaryMethod => ({ methodId: id, name: nameOf(id), names, status: null, count: 2, critiquedBy: null, beatenBy: null, rank: 2, topic: topicOf(id) });
/** A page naming AWQ by its name and its alias, GPTQ by its alias only. */
const pageSummary = {
  tabId: 1,
  url: 'https://arxiv.org/abs/2406.01234',
  scanned: true,
  paused: false,
  methods: [pageRow('awq', [nameOf('awq'), aliasOf('awq')]), pageRow('gptq', [aliasOf('gptq')])],
};
const muted = [
  { id: 'smoothquant', name: nameOf('smoothquant') },
  { id: 'adam', name: nameOf('adam') },
];

const idle = { progress: null, running: false, requestError: null, start: () => {} };
/** A refresh downloading the first of the snapshot's two topics. */
const downloading = describeProgress(
  {
    runId: 'r',
    url: 'https://kb.example/snapshot/index.json',
    startedAt: '2026-06-18T00:00:00Z',
    updatedAt: '2026-06-18T00:00:00Z',
    phase: 'downloading',
    topic: snapshot.topics[0]!.topic.name,
    topicsDone: 0,
    topicsTotal: 2,
    bytes: 500_000,
    records: 0,
  },
  null,
);
const noop = () => {};
const stored = async () => true;

/** Each view, as its container shows it, with the stylesheets of its page. */
const views: [string, readonly string[], () => Promise<VNode>][] = [
  ['record: GPTQ (aliases, paper, family, critiques, losses, newer alternatives)', POPUP_CSS, () => record('gptq')],
  ['record: AWQ (its wins, what its paper says of others)', POPUP_CSS, () => record('awq')],
  ['record: QuIP# (a win under a label, the frontier it is listed in)', POPUP_CSS, () => record('quip-sharp')],
  ['record: SmoothQuant (no status, no critique, no loss)', POPUP_CSS, () => record('smoothquant')],
  ['record: Adam, muted', POPUP_CSS, () => record('adam', true)],
  ['topic: LLM quantization', POPUP_CSS, () => topic(0)],
  ['topic: Optimizers', POPUP_CSS, () => topic(1)],
  ['topic not found (named by a link from an earlier snapshot)', POPUP_CSS, async () => <TopicNotFound name={snapshot.topics[1]!.topic.name} />],
  ['topic list', POPUP_CSS, async () => <TopicList topics={await listTopics(db)} />],
  ['snapshot view', POPUP_CSS, async () => <SnapshotView info={await getSnapshotInfo(db)} refresh={idle} />],
  ['snapshot view, downloading a topic', POPUP_CSS, async () => <SnapshotView info={await getSnapshotInfo(db)} refresh={{ ...idle, running: true, progress: downloading }} />],
  ['page view, with muted methods', POPUP_CSS, async () => <PageView state={{ kind: 'summary', tabUrl: pageSummary.url, summary: pageSummary, supportedSite: { label: 'arXiv', switchLabel: 'arXiv' }, muted }} />],
  [
    'page view, an arXiv PDF read',
    POPUP_CSS,
    async () => (
      <PageView
        state={{ kind: 'pdf', tabUrl: 'https://arxiv.org/pdf/2406.01234', arxivId: '2406.01234', scan: { state: 'ready', value: { url: 'https://arxiv.org/html/2406.01234', source: 'arxiv', methods: pageSummary.methods } }, onScan: noop, muted, kept: true }}
      />
    ),
  ],
  ['search, names matched', POPUP_CSS, async () => <SearchView query={RLO} matches={await searchMethods(db, RLO)} onQuery={noop} onOpen={noop} />],
  ['search, an alias matched', POPUP_CSS, async () => <SearchView query={`${RLO}O`} matches={await searchMethods(db, `${RLO}O`)} onQuery={noop} onOpen={noop} />],
  [
    'options: muted methods, and a search matching an alias',
    OPTIONS_CSS,
    async () => <MutedSection muted={muted} query={`${RLO}O`} matches={await searchMethods(db, `${RLO}O`)} onQuery={noop} onMute={stored} onUnmute={stored} />,
  ],
  [
    'options: a search whose one match is muted already',
    OPTIONS_CSS,
    async () => <MutedSection muted={muted} query={nameOf('smoothquant')} matches={await searchMethods(db, nameOf('smoothquant'))} onQuery={noop} onMute={stored} onUnmute={stored} />,
  ],
];

describe('text from the snapshot beside our own words', () => {
  it('is told isolated only in a box of its own', () => {
    applyStylesheets(POPUP_CSS);
    const name = nameOf('gptq');
    const page = mount(
      <div>
        <p>
          cites <bdi>{name}</bdi> as a baseline
        </p>
        <p>
          cites {name} as a baseline
        </p>
        <p>{`cites ${name} as a baseline`}</p>
        <p>
          beaten by <a class="method-name">{name}</a>
        </p>
        <p>
          beaten by <span>{name}</span>
        </p>
      </div>,
    );
    expect(unisolated(page)).toEqual({
      isolated: 2,
      failures: [
        `"‹RLO›GPTQ" runs into <p>: "cites ‹RLO›GPTQ as a baseline"`,
        `in one text with our words: "cites ‹RLO›GPTQ as a baseline"`,
        `"‹RLO›GPTQ" runs into <p>: "beaten by ‹RLO›GPTQ"`,
      ],
    });
  });

  it.each(views)('%s: every snapshot string is isolated', async (_, stylesheets, view) => {
    applyStylesheets(stylesheets);
    const page = mount(await view());
    const { isolated, failures } = unisolated(page);
    expect(failures).toEqual([]);
    expect(isolated).toBeGreaterThan(0);
  });
});
