import { beforeAll, describe, expect, it } from 'vitest';
import { toCardModel } from '@/lib/card-model';
import { getMethodRecord } from '@/lib/store/read';
import type { MethodLensDb } from '@/lib/store/db';
import { bundledStore } from './helpers/bundled-store';

let db: MethodLensDb;
beforeAll(async () => {
  db = await bundledStore();
});

async function cardFor(idOrName: string) {
  const record = await getMethodRecord(db, idOrName);
  if (!record) throw new Error(`${idOrName} is not in the bundled snapshot`);
  return toCardModel(record);
}

describe('the hover card model, from the bundled snapshot', () => {
  it('summarises AWQ: status, counts, first critique, losses with an example, three dated alternatives', async () => {
    const card = await cardFor('AWQ');
    expect(card).toMatchObject({
      name: 'AWQ',
      status: 'heavily superseded',
      critiquedBy: 9,
      beatenBy: 15,
      rank: 2,
      lossCount: 12,
      lossPapers: 5,
      asOf: '2026-06-18T00:00:00.000Z',
    });
    expect(card.critique?.quote).toMatch(/^However, if the scaling factor is too large/);
    expect(card.critique?.sourceTitle).toBe('SEPTQ: A Simple and Effective Post-Training Quantization Paradigm for Large Language Models');
    expect(card.loss).toEqual({
      winnerName: 'SEPTQ',
      metric: 'perplexity',
      setting: '2-bit',
      winnerValue: '68.62',
      loserValue: '251.84',
      sourceTitle: 'SEPTQ: A Simple and Effective Post-Training Quantization Paradigm for Large Language Models',
      better: 'lower',
    });
    // The KB's list starts with a nameless "May 29, 2026" entry: the card shows named ones only.
    expect(card.alternatives).toEqual([
      { name: 'LFQ', date: '2026-05-28' },
      { name: 'ADMM-Q', date: '2026-05-11' },
      { name: 'Grouped Lattice Vector Quantization', date: '2025-10-23' },
    ]);
    // The other 7 of the KB's 10 (Bi-VLM and six unnamed) are there in the full record, and the card says so.
    expect((await getMethodRecord(db, 'AWQ'))!.newerAlternatives).toHaveLength(10);
    expect(card.moreAlternatives).toEqual({ named: 1, unnamed: 6 });
  });

  it('says which way the example loss’s metric is better, and nothing when its values are not both numbers', async () => {
    const record = (await getMethodRecord(db, 'AWQ'))!;
    const [first, ...rest] = record.losses;
    expect(toCardModel({ ...record, losses: [{ ...first!, winnerNumber: 70.1, loserNumber: 65.2 }, ...rest] }).loss?.better).toBe('higher');
    expect(toCardModel({ ...record, losses: [{ ...first!, loserNumber: null }, ...rest] }).loss?.better).toBeNull();
    expect(toCardModel({ ...record, losses: [{ ...first!, winnerNumber: 3, loserNumber: 3 }, ...rest] }).loss?.better).toBeNull();
  });

  it('dates the card with the snapshot, not with its topic’s last update', async () => {
    const record = (await getMethodRecord(db, 'AWQ'))!;
    const card = toCardModel({ ...record, snapshotDate: '2026-07-02T09:00:00.000Z', topicUpdated: '2026-06-18' });
    expect(card.asOf).toBe('2026-07-02T09:00:00.000Z');
  });

  it('keeps a winner printed with its variant', async () => {
    const record = (await getMethodRecord(db, 'AWQ'))!;
    const qmc = record.losses.find((loss) => loss.winnerId === 'qmc')!;
    expect(qmc.winnerLabel).toBe('QMC (no noise)');
  });

  it('shows a method without a status with what is known: rank and counts', async () => {
    const card = await cardFor('GPTQ');
    expect(card).toMatchObject({ status: null, rank: 1, topic: 'LLM quantization', critiquedBy: 13, beatenBy: 28, lossCount: 0, lossPapers: 0, loss: null, critique: null });
  });

  it('shows a frontier method with no counts as such, and where the frontier lists it', async () => {
    const card = await cardFor('FAIR-Calib');
    expect(card).toMatchObject({ status: 'frontier', critiquedBy: null, beatenBy: null, lossCount: 0, alternatives: [], alternativeTo: [] });
    expect(card.frontier).toEqual({ topic: 'LLM quantization', date: '2026-06-04' });
  });

  it('names the methods the KB lists one as a newer alternative to: GLVQ, which has no status', async () => {
    const card = await cardFor('GLVQ');
    expect(card).toMatchObject({ status: null, frontier: null });
    expect([...card.alternativeTo].sort()).toEqual(['AQLM', 'AWQ']);
  });

  it('names each other method once and never the method itself; its own topic’s frontier first', async () => {
    const record = (await getMethodRecord(db, 'GLVQ'))!;
    const self = { methodId: record.method.id, name: record.method.name, date: null };
    const card = toCardModel({
      ...record,
      alternativeTo: [...record.alternativeTo, ...record.alternativeTo, self],
      frontier: [{ topic: 'Optimizers', date: '2024-01-01' }, { topic: record.method.topic, date: '2025-10-23' }],
    });
    expect([...card.alternativeTo].sort()).toEqual(['AQLM', 'AWQ']);
    expect(card.frontier).toEqual({ topic: 'LLM quantization', date: '2025-10-23' });
  });
});
