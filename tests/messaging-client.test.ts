/**
 * The extension pages' and content scripts' end of the message map: what a page is told when the
 * background cannot be asked, or does not answer, is in the reader's words, never the browser's.
 */
import { afterEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { sendFromContent, sendFromPage } from '@/lib/messaging/client';

afterEach(() => {
  vi.restoreAllMocks();
});

/** What Chromium says when a message finds no listener, or its worker is stopped before it answers. */
const BROWSER_WORDS = [
  'Could not establish connection. Receiving end does not exist.',
  'A listener indicated an asynchronous response by returning true, but the message channel closed before a response was received',
];

it.each(BROWSER_WORDS)('says the background did not answer, and what to do, when the browser says “%s”', async (said) => {
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error(said));
  const failed = await sendFromPage('scanArxivHtml', { arxivId: '2406.01234', keep: true }).catch((error: Error) => error);
  expect(failed).toBeInstanceOf(Error);
  expect((failed as Error).message).toBe('Method Lens’s background did not answer: try again; if it keeps failing, restart the browser.');
});

it('says the same when the background answers nothing at all', async () => {
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
  await expect(sendFromPage('startRefresh', {})).rejects.toThrow(/^Method Lens’s background did not answer: try again; if it keeps failing, restart the browser\.$/);
});

it('passes on the background’s own words for a request that failed there', async () => {
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: false, error: 'Neither arXiv nor ar5iv has an HTML version of this paper.' });
  await expect(sendFromPage('scanArxivHtml', { arxivId: '2406.01234', keep: true })).rejects.toThrow(/^Neither arXiv nor ar5iv has an HTML version of this paper\.$/);
});

it('tells the content script plainly that the background did not answer: its card, not the text, says so to the reader', async () => {
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error(BROWSER_WORDS[0]));
  await expect(sendFromContent('getDictionary', {})).rejects.toThrow(/^No answer from the background\.$/);
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: false, error: 'The store failed.' });
  await expect(sendFromContent('getDictionary', {})).rejects.toThrow(/^The store failed\.$/);
});
