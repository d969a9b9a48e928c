// @vitest-environment happy-dom
/** The hover card's own words around the snapshot's facts: how its example loss is introduced and read. */
import { describe, expect, it } from 'vitest';
import { HoverCard, type CardModel } from '@/components/HoverCard';
import { mount, text } from './helpers/mount';
import { bundledStore } from './helpers/bundled-store';
import { toCardModel } from '@/lib/card-model';
import { getMethodRecord } from '@/lib/store/read';
import type { TopicDocument } from '@/lib/snapshot/schema';
import bundledJson from '../public/snapshot/llm-quantization.json';

const bundledDoc = bundledJson as TopicDocument;
const bundledDb = bundledStore();

const card = (change: Partial<CardModel>): CardModel => ({
  id: 'awq',
  name: 'AWQ',
  status: 'heavily superseded',
  critiquedBy: 9,
  beatenBy: 15,
  rank: 2,
  topic: 'LLM quantization',
  subProblem: null,
  critique: null,
  lossCount: 12,
  lossPapers: 5,
  loss: { winnerName: 'SEPTQ', metric: 'perplexity', setting: '2-bit', winnerValue: '68.62', loserValue: '251.84', sourceTitle: 'SEPTQ', better: 'lower' },
  alternatives: [],
  moreAlternatives: { named: 0, unnamed: 0 },
  alternativeTo: [],
  wins: { count: 0, over: [] },
  critiques: [],
  frontier: null,
  asOf: null,
  ...change,
});

function renderCard(model: CardModel) {
  const root = mount(<HoverCard model={model} theme="light" onOpenRecord={() => {}} onClose={() => {}} />);
  return { heading: text(root.querySelector('.ml-losses .ml-section')), row: text(root.querySelector('.ml-losses')).replace(/^.*?e\.g\. ?/, '') };
}

describe('the card’s example loss', () => {
  it.each([
    ['of more papers than it lists', {}, '12 head-to-head losses listed, from 5 of the 15 papers, e.g.'],
    ['with the KB’s count grouped in thousands', { beatenBy: 1_204 }, '12 head-to-head losses listed, from 5 of the 1,204 papers, e.g.'],
    ['of as many papers as the KB counts', { lossCount: 1, lossPapers: 1, beatenBy: 1 }, '1 head-to-head loss listed, from 1 paper, e.g.'],
    ['where the KB gives no count', { lossPapers: 2, beatenBy: null }, '12 head-to-head losses listed, from 2 papers, e.g.'],
  ] as const)('is introduced by how many results it stands for, and from how many papers: %s', (_, change, heading) => {
    expect(renderCard(card(change)).heading).toBe(heading);
  });

  it('says whose value is whose, and which way is better when the values tell', () => {
    expect(renderCard(card({})).row).toBe('SEPTQ · perplexity [2-bit]: 68.62 vs AWQ 251.84 · lower is better');
    const unread = card({});
    expect(renderCard({ ...unread, loss: { ...unread.loss!, better: null } }).row).toBe('SEPTQ · perplexity [2-bit]: 68.62 vs AWQ 251.84');
  });
});

describe('the card’s newer alternatives', () => {
  const alternatives = [
    { name: 'LFQ', date: '2026-05-28' },
    { name: 'ADMM-Q', date: '2026-05-11' },
  ];
  it.each([
    [{ named: 1, unnamed: 6 }, '1 more, and 6 unnamed entries, in the full record'],
    [{ named: 2, unnamed: 0 }, '2 more in the full record'],
    [{ named: 0, unnamed: 1 }, '1 unnamed entry in the full record'],
  ])('says what more the full record lists: %o', (moreAlternatives, line) => {
    const root = mount(<HoverCard model={card({ alternatives, moreAlternatives })} theme="light" onOpenRecord={() => {}} onClose={() => {}} />);
    expect([...root.querySelectorAll('.ml-alternatives li')].map(text)).toEqual(['LFQ · May 28, 2026', 'ADMM-Q · May 11, 2026']);
    expect(text(root.querySelector('.ml-more'))).toBe(line);
  });

  it('says the full record’s unnamed entries when the KB names none of them', () => {
    const root = mount(<HoverCard model={card({ alternatives: [], moreAlternatives: { named: 0, unnamed: 6 } })} theme="light" onOpenRecord={() => {}} onClose={() => {}} />);
    expect(text(root.querySelector('.ml-alternatives .ml-section'))).toBe('Newer alternatives');
    expect(root.querySelector('.ml-alternatives ul')).toBeNull();
    expect(text(root.querySelector('.ml-more'))).toBe('6 unnamed entries in the full record');
  });

  it('has no alternatives section for a method with none', () => {
    const root = mount(<HoverCard model={card({ alternatives: [], moreAlternatives: { named: 0, unnamed: 0 } })} theme="light" onOpenRecord={() => {}} onClose={() => {}} />);
    expect(root.querySelector('.ml-alternatives')).toBeNull();
  });

  it('says nothing more when it shows them all', () => {
    const root = mount(<HoverCard model={card({ alternatives, moreAlternatives: { named: 0, unnamed: 0 } })} theme="light" onOpenRecord={() => {}} onClose={() => {}} />);
    expect(root.querySelector('.ml-more')).toBeNull();
  });
});

describe('what the card knows besides a status', () => {
  const render = (model: CardModel) => mount(<HoverCard model={model} theme="light" onOpenRecord={() => {}} onClose={() => {}} />);

  it('names what the KB lists a method without a status as a newer alternative to, three at most', () => {
    const none = card({ status: null, rank: null, critiquedBy: null, beatenBy: null, lossCount: 0, loss: null });
    expect(text(render({ ...none, alternativeTo: ['AQLM', 'AWQ'] }).querySelector('.ml-meaning'))).toBe(
      'No status in the KB; newer alternative to AQLM and AWQ.',
    );
    expect(text(render({ ...none, alternativeTo: ['A', 'B', 'C', 'D', 'E'] }).querySelector('.ml-meaning'))).toBe(
      'No status in the KB; newer alternative to A, B, C and 2 more.',
    );
    expect(text(render({ ...none, alternativeTo: ['A', 'B', 'C', 'D'] }).querySelector('.ml-meaning'))).toBe(
      'No status in the KB; newer alternative to A, B, C and 1 more.',
    );
    expect(text(render({ ...none, alternativeTo: ['A', 'B', 'C'] }).querySelector('.ml-meaning'))).toBe(
      'No status in the KB; newer alternative to A, B and C.',
    );
  });

  it('says where a topic’s frontier lists a method, beside its status', () => {
    const frontier = card({ status: 'frontier', rank: null, alternativeTo: ['AWQ'], frontier: { topic: 'LLM quantization', date: '2026-05-28' } });
    expect(text(render(frontier).querySelector('.ml-known'))).toBe('listed in the frontier of LLM quantization (dated May 28, 2026) · newer alternative to AWQ');
  });
});

describe('the card’s rank', () => {
  // A KB of several topics ranks each one's baselines apart: "#1" says nothing without whose ranking it is.
  it('names the topic whose ranking it is, isolated from the card’s words', () => {
    const adam = card({ id: 'adam', name: 'Adam', status: null, rank: 1, topic: 'Optimizers', lossCount: 0, loss: null });
    const root = mount(<HoverCard model={adam} theme="light" onOpenRecord={() => {}} onClose={() => {}} />);
    expect(text(root.querySelector('.ml-meaning'))).toBe('No status in the KB; #1 among the most-superseded baselines in Optimizers.');
    expect(root.querySelector('.ml-meaning bdi')?.textContent).toBe('Optimizers');
  });

  it('beside a status, too', () => {
    const root = mount(<HoverCard model={card({})} theme="light" onOpenRecord={() => {}} onClose={() => {}} />);
    expect(text(root.querySelector('.ml-known'))).toBe('#2 among the most-superseded baselines in LLM quantization');
  });
});

describe('what a screen reader hears as focus enters the card', () => {
  /** The texts the dialog's description points to, in order. */
  const described = (model: CardModel) => {
    const root = mount(<HoverCard model={model} theme="light" onOpenRecord={() => {}} onClose={() => {}} />);
    const dialog = root.querySelector('[role="dialog"]')!;
    return dialog.getAttribute('aria-describedby')!.split(' ').map((id) => text(root.querySelector(`#${id}`)));
  };

  it('a status, what it means and the KB’s counts', () => {
    expect(described(card({}))).toEqual(['heavily superseded', 'a standard baseline that newer methods routinely beat', '9 papers critique it · 15 beat it on benchmarks']);
  });

  it('no status said once, with what the KB knows, and no counts the KB does not give', () => {
    const none = card({ status: null, rank: 4, critiquedBy: null, beatenBy: null, lossCount: 0, loss: null });
    expect(described(none)).toEqual(['No status in the KB; #4 among the most-superseded baselines in LLM quantization.']);
  });
});

describe('a record that could not be read', () => {
  it('says so in the reader’s words, as text, with no control to open a record', () => {
    const root = mount(<HoverCard model={{ id: 'awq', unreadable: true }} theme="dark" onOpenRecord={() => {}} onClose={() => {}} />);
    const shown = root.querySelector('.ml-card')!;
    expect(shown.getAttribute('data-theme')).toBe('dark');
    expect(shown.getAttribute('aria-label')).toBe('Method Lens: record not read');
    expect(text(shown)).toBe('Method Lens could not read this method’s record. Hover over or tap the name again to try again.');
    expect(root.querySelector('button')).toBeNull();
  });
});

describe('what the KB says a method did itself, on every card of the bundled snapshot', () => {
  /** "A", "A and B", "A, B and C": the card's way of listing names. */
  const names = (list: string[]) => (list.length === 1 ? list[0]! : `${list.slice(0, -1).join(', ')} and ${list.at(-1)}`);

  it.each(bundledDoc.methods.map((method) => [method.name, method] as const))('%s: the methods it beats and those its paper critiques', async (_, method) => {
    const db = await bundledDb;
    const nameOf = (id: string) => bundledDoc.methods.find((other) => other.id === id)!.name;
    const wins = bundledDoc.results.filter((result) => result.winnerId === method.id);
    const beaten = [...new Set(wins.map((result) => nameOf(result.loserId)))];
    const critiqued = [...new Set(bundledDoc.critiques.filter((critique) => critique.sourceTitle === method.paperTitle).map((critique) => nameOf(critique.methodId)))];
    const shown = text(mount(<HoverCard model={toCardModel((await getMethodRecord(db, method.id))!)} theme="light" onOpenRecord={() => {}} onClose={() => {}} />));
    const said = [
      ...(beaten.length > 0 ? [`beats ${names(beaten)} in ${wins.length} head-to-head ${wins.length === 1 ? 'result' : 'results'} listed`] : []),
      ...(critiqued.length > 0 ? [`its paper critiques ${names(critiqued)}`] : []),
    ];
    for (const fact of said) expect(shown).toContain(fact);
    if (said.length === 0) expect(shown).not.toMatch(/beats \S|its paper critiques/);
  });
});
