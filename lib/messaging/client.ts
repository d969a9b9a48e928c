/** Typed senders for each direction of the message map. */
import { browser } from 'wxt/browser';
import type { z } from 'zod';
import type {
  ContentRequest,
  ContentToBackgroundResponses,
  Envelope,
  PageRequest,
  PageToBackgroundResponses,
  Reply,
  contentToBackground,
  pageToBackground,
} from './protocol';

/** The browser's own words ("Receiving end does not exist", "the message channel closed…") tell the reader nothing. */
const NO_ANSWER = 'Method Lens’s background did not answer: try again; if it keeps failing, restart the browser.';

async function send<T>(envelope: Envelope): Promise<T> {
  let reply: Reply<T> | undefined;
  try {
    reply = (await browser.runtime.sendMessage(envelope)) as Reply<T> | undefined;
  } catch {
    throw new Error(NO_ANSWER);
  }
  if (!reply) throw new Error(NO_ANSWER);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

export function sendFromContent<K extends ContentRequest>(
  type: K,
  payload: z.input<(typeof contentToBackground)[K]>,
): Promise<ContentToBackgroundResponses[K]> {
  return send({ direction: 'content→background', type, payload });
}

export function sendFromPage<K extends PageRequest>(
  type: K,
  payload: z.input<(typeof pageToBackground)[K]>,
): Promise<PageToBackgroundResponses[K]> {
  return send({ direction: 'page→background', type, payload });
}
