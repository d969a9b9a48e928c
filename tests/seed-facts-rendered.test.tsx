// @vitest-environment happy-dom
/**
 * The seed pages' facts as the reader finally sees them: what the hover card and the popup render,
 * compared with the page text itself (read here with simple regexes, apart from the importer), for
 * every fact of the pages, in time zones on both sides of UTC, where a date read through the clock
 * would move by a day.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HoverCard } from '@/components/HoverCard';
import { MethodRecord } from '@/components/popup/MethodRecord';
import { TopicView } from '@/components/popup/TopicView';
import { toCardModel } from '@/lib/card-model';
import { importPages } from '@/lib/importer/import-pages';
import type { MethodLensDb } from '@/lib/store/db';
import { getMethodRecord, getTopicView, type MethodRecordView } from '@/lib/store/read';
import { bundledStore } from './helpers/bundled-store';
import { mount, text } from './helpers/mount';

const SEEDS = resolve(import.meta.dirname, 'fixtures/seeds');
const METHOD_PAGES = ['000_85ee5cffb96b79e3.txt', '002_5b18c036128ee2b3.txt'];
const OVERVIEW_PAGE = '001_620bda4cc9694942.txt';
const DATE = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \\d{1,2}, \\d{4}';

/** The lines after a heading and its one-line explanation, up to the next heading. */
function section(text: string, heading: string, next?: string): string[] {
  const start = text.indexOf(`\n${heading}\n`);
  expect(start, heading).toBeGreaterThan(0);
  const end = next ? text.indexOf(`\n${next}\n`) : text.length;
  return text.slice(start + 1, end).split('\n').slice(2).filter(Boolean);
}

/** A dated list entry as printed: `- <name and title glued><date>`, the glued part empty for a nameless one. */
function datedEntries(lines: readonly string[]) {
  return lines.map((line) => {
    const [, glued, date] = new RegExp(`^- (.*?)(${DATE})$`).exec(line)!;
    return { glued: glued!, date: date! };
  });
}

interface MethodPage {
  name: string;
  status: string;
  meaning: string;
  counts: string;
  quotes: { quote: string; source: string }[];
  results: { source: string; winner: string; metric: string; setting: string | null; winnerValue: string; loserValue: string }[];
  alternatives: { glued: string; date: string }[];
}

function readMethodPage(page: string): MethodPage {
  const [name] = page.split('\n');
  const [, status, meaning] = /^(heavily superseded|superseded|frontier) — (.+)$/m.exec(page)!;
  const [counts] = /^\d+ papers? critiques? it · \d+ beats? it on benchmarks$/m.exec(page)!;
  const said = section(page, 'What papers say', 'Beaten on benchmarks').join('\n');
  const quotes = [...said.matchAll(/“([^”]*)”/g)].map((match) => match[1]!);
  const sources = [...said.matchAll(/^— ([^“\n]+)/gm)].map((match) => match[1]!);
  expect(sources).toHaveLength(quotes.length);
  const results = [...section(page, 'Beaten on benchmarks', 'Newer alternatives').join('\n').matchAll(/^- (.+)\n(.+) beats \S+ · (.+?)(?: \[(.+)\])?\n(\S+) vs (\S+)$/gm)].map(
    ([, source, winner, metric, setting, winnerValue, loserValue]) => ({ source: source!, winner: winner!, metric: metric!, setting: setting ?? null, winnerValue: winnerValue!, loserValue: loserValue! }),
  );
  return {
    name: name!,
    status: status!,
    meaning: meaning!,
    counts: counts!,
    quotes: quotes.map((quote, i) => ({ quote, source: sources[i]! })),
    results,
    alternatives: datedEntries(section(page, 'Newer alternatives')),
  };
}

const pages: MethodPage[] = [];
let overview: string;
/** The overview's "updated" date as printed: the snapshot's own date. */
let updated: string;

beforeAll(async () => {
  for (const file of METHOD_PAGES) pages.push(readMethodPage(await readFile(resolve(SEEDS, file), 'utf8')));
  overview = await readFile(resolve(SEEDS, OVERVIEW_PAGE), 'utf8');
  updated = new RegExp(`· updated (${DATE})$`, 'm').exec(overview)![1]!;
});

const card = (record: MethodRecordView) => mount(<HoverCard model={toCardModel(record)} theme="light" onOpenRecord={() => {}} onClose={() => {}} />);

/** How a reader tells the better direction from the two values printed, winner's first. */
const direction = (winnerValue: string, loserValue: string) => (Number(winnerValue) < Number(loserValue) ? 'lower' : 'higher');

describe.each(['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati'])('in the time zone %s', (zone) => {
  const zoneBefore = process.env.TZ;
  let db: MethodLensDb;
  beforeAll(async () => {
    process.env.TZ = zone;
    db = await bundledStore();
  });
  afterAll(() => {
    process.env.TZ = zoneBefore;
  });

  async function record(name: string): Promise<MethodRecordView> {
    const found = await getMethodRecord(db, name);
    if (!found) throw new Error(`${name} is not in the bundled snapshot`);
    return found;
  }

  it('imports every date the seeds print as that same day', async () => {
    const texts = await Promise.all([...METHOD_PAGES, OVERVIEW_PAGE].map(async (file) => ({ file, text: await readFile(resolve(SEEDS, file), 'utf8') })));
    const [doc] = importPages(texts).snapshot.topics;
    const printed = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
    expect(printed(doc!.topic.updated!)).toBe(updated);
    expect(doc!.alternatives.map((entry) => printed(entry.date!))).toEqual(pages.flatMap((page) => page.alternatives.map((entry) => entry.date)));
    expect(doc!.frontier.map((entry) => printed(entry.date!))).toEqual(datedEntries(section(overview, 'The frontier')).map((entry) => entry.date));
  });

  it.each([0, 1])('the card of method page %i says what the page says: status, meaning, counts, first quote, first loss, alternatives, date', async (index) => {
    const page = pages[index]!;
    const shown = card(await record(page.name));
    expect(text(shown.querySelector('.ml-card-name'))).toBe(page.name);
    expect(text(shown.querySelector('.ml-badge'))).toBe(page.status);
    expect(text(shown.querySelector('.ml-meaning'))).toBe(page.meaning);
    expect(text(shown.querySelector('.ml-counts'))).toBe(page.counts);

    // The quote whole, or its start and an ellipsis that says it is cut: never words it does not have.
    const quoted = shown.querySelector('.ml-quote p bdi')!.textContent!;
    const [first] = page.quotes;
    if (quoted !== first!.quote) {
      expect(quoted.endsWith('…')).toBe(true);
      expect(first!.quote.startsWith(quoted.slice(0, -1))).toBe(true);
      expect(first!.quote[quoted.length - 1]).toBe(' ');
    }
    expect(text(shown.querySelector('.ml-quote cite'))).toBe(`— ${first!.source}`);

    const [loss] = page.results;
    expect(text(shown.querySelector('.ml-loss'))).toBe(
      `${loss!.winner} · ${loss!.metric}${loss!.setting ? ` [${loss!.setting}]` : ''}: ${loss!.winnerValue} vs ${page.name} ${loss!.loserValue}`,
    );
    expect(text(shown.querySelector('.ml-better'))).toBe(`· ${direction(loss!.winnerValue, loss!.loserValue)} is better`);
    const papers = new Set(page.results.map((result) => result.source)).size;
    const beatenBy = /· (\d+) beat it/.exec(page.counts)![1];
    expect(text(shown.querySelector('.ml-losses .ml-section'))).toBe(`${page.results.length} head-to-head losses listed, from ${papers} of the ${beatenBy} papers, e.g.`);

    // The first three the page names, each with the date printed beside it; the rest said to be in the record.
    const shownAlternatives = [...shown.querySelectorAll('.ml-alternatives li')].map(text);
    const named = page.alternatives.filter((entry) => entry.glued !== '');
    expect(shownAlternatives).toHaveLength(3);
    shownAlternatives.forEach((line, i) => {
      const [name, date] = line.split(' · ');
      expect(named[i]!.glued.startsWith(name!), line).toBe(true);
      expect(date).toBe(named[i]!.date);
    });
    const unnamed = page.alternatives.length - named.length;
    expect(text(shown.querySelector('.ml-more'))).toBe(`${named.length - 3} more, and ${unnamed} unnamed entries, in the full record`);
    expect(text(shown.querySelector('.ml-asof'))).toBe(`as of ${updated}`);
  });

  it.each([0, 1])('the record of method page %i gives every quote, loss and alternative as the page prints it', async (index) => {
    const page = pages[index]!;
    const shown = mount(<MethodRecord record={await record(page.name)} />);
    expect(text(shown.querySelector('.status-box'))).toMatch(new RegExp(`^${page.status}: ${page.meaning}\\. ${page.counts}( · |$)`));

    const critiques = [...shown.querySelectorAll('.critique-list > li')].map((item) => ({
      quote: item.querySelector('blockquote bdi')!.textContent!,
      source: item.querySelector('.quote-source cite')!.textContent!,
    }));
    expect(critiques).toEqual(page.quotes);

    const rows = [...shown.querySelectorAll('.loss-table tbody')].flatMap((group) => {
      const source = group.querySelector('.loss-source cite')!.textContent!;
      let winner = '';
      return [...group.querySelectorAll('tr:not(.loss-source)')].map((row) => {
        winner = text(row.querySelector('.loss-winner')) || winner;
        const [winnerValue, loserValue] = text(row.querySelector('.values')).split(' vs ');
        return {
          source,
          winner,
          metric: row.querySelector('.loss-metric > bdi')!.textContent!,
          setting: row.querySelector('.loss-setting bdi')?.textContent ?? null,
          winnerValue: winnerValue!,
          loserValue: loserValue!,
          better: /^(lower|higher) is better/.exec(row.querySelector('[role="img"]')!.getAttribute('aria-label')!)![1],
        };
      });
    });
    expect(rows).toEqual(page.results.map((result) => ({ ...result, better: direction(result.winnerValue, result.loserValue) })));

    const entries = [...shown.querySelectorAll('.dated-list > li')].map((item) => ({
      name: item.querySelector('.method-name')?.textContent ?? null,
      date: text(item.querySelector('time')),
    }));
    expect(entries).toHaveLength(page.alternatives.length);
    entries.forEach((entry, i) => {
      const printed = page.alternatives[i]!;
      expect(entry.date).toBe(printed.date);
      if (printed.glued === '') expect(entry.name).toBeNull();
      else expect(printed.glued.startsWith(entry.name!), printed.glued).toBe(true);
    });
    expect(text(shown.querySelector('.as-of'))).toBe(`Snapshot as of ${updated}`);
  });

  it('the topic view gives the overview’s counts, date, ranking, sub-problems and frontier as printed', async () => {
    const shown = mount(<TopicView topic={(await getTopicView(db, 'LLM quantization'))!} />);
    const [, topic, description] = /^Living systematic review\n(.+)\n(.+)$/m.exec(overview)!;
    expect(text(shown.querySelector('h1'))).toBe(topic);
    expect(text(shown.querySelector('.topic-description'))).toBe(description);
    const headline = /^(.+) · updated (.+)$/m.exec(overview)!;
    expect([...shown.querySelectorAll('.headline-item')].map(text)).toEqual(headline[1]!.split(' · '));
    expect(text(shown.querySelector('.as-of'))).toBe(`Updated ${headline[2]}`);

    const ranked = [...overview.matchAll(/^- (\d+)(.+?)· (.+)\n(.+)$/gm)].map(([, rank, name, glued, counts]) => ({ rank, name, glued, counts }));
    const rows = [...shown.querySelectorAll('.ranking-row')].map((row) => ({
      rank: text(row.querySelector('.ranking-rank')).replace('Rank ', ''),
      name: text(row.querySelector('.method-name')),
      glued: text(row.querySelector('.ranking-origin')).replace(/^Family: (.+?) · /, '$1'),
      counts: text(row.querySelector('.ranking-origin + .method-row-facts')),
    }));
    expect(rows).toEqual(ranked);

    const printedSubProblems = [...overview.matchAll(/^(.+) · (\d+) methods\n(.+)$/gm)].map(([, name, count, members]) => ({ name, count: Number(count), members: members!.split(' · ') }));
    const subProblems = [...shown.querySelectorAll('.subproblem')].map((item) => ({
      name: text(item.querySelector('h3')),
      count: text(item.querySelector('.subproblem-count')),
      members: [...item.querySelectorAll('.method-name')].map(text),
    }));
    expect(subProblems.map((item) => item.name)).toEqual(printedSubProblems.map((item) => item.name));
    subProblems.forEach((item, i) => {
      const printed = printedSubProblems[i]!;
      expect(item.count).toBe(printed.count > printed.members.length ? `${printed.members.length} of its ${printed.count} methods listed` : `${printed.count} methods`);
      // A member printed `Name (Alias)` is shown by its name.
      expect(item.members).toEqual(printed.members.map((member) => member.replace(/ \(.+\)$/, '')));
    });

    const frontier = [...shown.querySelectorAll('.dated-list > li')].map((item) => ({
      name: item.querySelector('.method-name')?.textContent ?? null,
      date: text(item.querySelector('time')),
    }));
    const printedFrontier = datedEntries(section(overview, 'The frontier'));
    expect(frontier.map((entry) => entry.date)).toEqual(printedFrontier.map((entry) => entry.date));
    frontier.forEach((entry, i) => {
      if (printedFrontier[i]!.glued === '') expect(entry.name).toBeNull();
      else expect(printedFrontier[i]!.glued.startsWith(entry.name!)).toBe(true);
    });
  });
});
