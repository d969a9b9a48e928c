/** The scans of arXiv PDFs kept for the popup opened again: the background keeps each as its answer comes. */
import { beforeEach, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { keepScan } from '@/lib/kept-scans';

const keptIds = async () => (((await fakeBrowser.storage.session.get('pdfScans')).pdfScans ?? []) as { arxivId: string }[]).map((kept) => kept.arxivId);
const scanOf = (arxivId: string) => ({ url: `https://arxiv.org/html/${arxivId}`, source: 'arxiv' as const, methods: [] });

beforeEach(() => {
  fakeBrowser.reset();
});

it('keeps both of two scans whose answers come together (two windows’ popups asked): neither write loses the other', async () => {
  await Promise.all([keepScan('2401.00001', scanOf('2401.00001'), []), keepScan('2402.00002', scanOf('2402.00002'), [])]);
  expect(await keptIds()).toEqual(['2402.00002', '2401.00001']);
});

it('keeps the next scan after one that could not be kept', async () => {
  await fakeBrowser.storage.session.set({ pdfScans: [] });
  const setItem = fakeBrowser.storage.session.set;
  fakeBrowser.storage.session.set = async () => {
    throw new Error('QUOTA_BYTES quota exceeded');
  };
  await expect(keepScan('2401.00001', scanOf('2401.00001'), [])).rejects.toThrow('quota');
  fakeBrowser.storage.session.set = setItem;
  await keepScan('2402.00002', scanOf('2402.00002'), []);
  expect(await keptIds()).toEqual(['2402.00002']);
});
