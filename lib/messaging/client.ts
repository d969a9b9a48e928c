/** Typed senders for each direction of the message map. */
import { browser } from 'wxt/browser';
import type { z } from 'zod';
import type {
  ContentRequest,
  ContentToBackgroundResponses,
  Envelope,
  PageRequest,
  PageToBackgroundResponses,
  PopupToContentRequest,
  PopupToContentResponses,
  Reply,
  contentToBackground,
  pageToBackground,
  popupToContent,
} from './protocol';

/**
 * Said when the background gave no answer. The browser's own words ("Receiving end does not exist", "the
 * message channel closed…") tell the reader nothing. The content script shows no error text (its card
 * says a record could not be read), so its sender says it shortly: its bundle has a size limit.
 */
export const NO_ANSWER = {
  page: 'Method Lens’s background did not answer: try again; if it keeps failing, restart the browser.',
  content: 'No answer from the background.',
  /** A tab's page: its content script is not there (the page was open before an install or an update) or no longer answers. */
  tab: 'The page did not answer: reload it, then try again.',
};

async function send<T>(envelope: Envelope, noAnswer: string): Promise<T> {
  let reply: Reply<T> | undefined;
  try {
    reply = (await browser.runtime.sendMessage(envelope)) as Reply<T> | undefined;
  } catch {
    throw new Error(noAnswer);
  }
  if (!reply) throw new Error(noAnswer);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

export function sendFromContent<K extends ContentRequest>(
  type: K,
  payload: z.input<(typeof contentToBackground)[K]>,
): Promise<ContentToBackgroundResponses[K]> {
  return send({ direction: 'content→background', type, payload }, NO_ANSWER.content);
}

export function sendFromPage<K extends PageRequest>(
  type: K,
  payload: z.input<(typeof pageToBackground)[K]>,
): Promise<PageToBackgroundResponses[K]> {
  return send({ direction: 'page→background', type, payload }, NO_ANSWER.page);
}

/** Asks the content script of the page in `tabId` (the popup's "Show on page"). */
export async function sendToTab<K extends PopupToContentRequest>(
  tabId: number,
  type: K,
  payload: z.input<(typeof popupToContent)[K]>,
): Promise<PopupToContentResponses[K]> {
  let answer: PopupToContentResponses[K] | undefined;
  try {
    answer = (await browser.tabs.sendMessage(tabId, { direction: 'popup→content', type, payload })) as PopupToContentResponses[K] | undefined;
  } catch {
    throw new Error(NO_ANSWER.tab);
  }
  if (!answer) throw new Error(NO_ANSWER.tab);
  return answer;
}
