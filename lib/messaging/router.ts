/**
 * The background's receiving end: checks who is speaking (this extension's own pages, or its content
 * scripts on the sites it runs on), validates every request with zod, and dispatches it. Anything
 * else is refused and logged; a web page or another extension gets nothing done.
 */
import type { Browser } from 'wxt/browser';
import type { z } from 'zod';
import {
  Envelope,
  contentToBackground,
  pageToBackground,
  type ContentRequest,
  type ContentToBackgroundResponses,
  type PageRequest,
  type PageToBackgroundResponses,
  type Reply,
} from './protocol';
import { errorText } from '@/lib/store/storage-error';

type Sender = Browser.runtime.MessageSender;

type Handlers<Schemas extends Record<string, z.ZodType>, Responses extends Record<keyof Schemas, unknown>> = {
  -readonly [K in keyof Schemas]: (payload: z.output<Schemas[K]>, sender: Sender) => Promise<Responses[K]>;
};

export type ContentHandlers = Handlers<typeof contentToBackground, ContentToBackgroundResponses>;
export type PageHandlers = Handlers<typeof pageToBackground, PageToBackgroundResponses>;

export interface RouterOptions {
  extensionId: string;
  /** Origin of the extension's own pages, e.g. `chrome-extension://<id>`. */
  extensionOrigin: string;
  /** Hosts our content scripts run on. */
  contentHosts: readonly string[];
  content: ContentHandlers;
  page: PageHandlers;
  log?: (message: string) => void;
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    // `URL.origin` is "null" for chrome-extension: and moz-extension: URLs, so build it ourselves.
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/** Whether the sender is one of this extension's own pages (popup, options), not a content script or a web page. */
export function isOwnPage(sender: Sender | undefined, extensionId: string, extensionOrigin: string): boolean {
  return sender?.id === extensionId && originOf(sender.url) === extensionOrigin;
}

/** The host of an `https:` address; null for any other scheme (our sites are served over https only). */
function httpsHostOf(url: string | undefined): string | null {
  try {
    const parsed = url ? new URL(url) : null;
    return parsed?.protocol === 'https:' ? parsed.hostname : null;
  } catch {
    return null;
  }
}

/** Returns the reply for one incoming message; never throws. */
export async function routeMessage(message: unknown, sender: Sender, options: RouterOptions): Promise<Reply<unknown>> {
  const log = options.log ?? ((text: string) => console.warn(`[Method Lens] ${text}`));
  const refuse = (why: string): Reply<unknown> => {
    log(`refused a message: ${why}`);
    return { ok: false, error: `Refused: ${why}` };
  };
  if (sender.id !== options.extensionId) return refuse('it came from another extension or a web page');
  const envelope = Envelope.safeParse(message);
  if (!envelope.success) return refuse('it is not a Method Lens message');
  const { direction, type, payload } = envelope.data;

  let schema: z.ZodType | undefined;
  let handler: ((payload: never, sender: Sender) => Promise<unknown>) | undefined;
  if (direction === 'content→background') {
    // A content script speaks from a tab on one of our sites (https only, like its match patterns),
    // never from an extension page.
    const host = httpsHostOf(sender.url ?? sender.tab?.url);
    if (!sender.tab || !host || !options.contentHosts.includes(host)) return refuse(`"${type}" did not come from a content script on a supported site`);
    if (Object.hasOwn(contentToBackground, type)) {
      schema = contentToBackground[type as ContentRequest];
      handler = options.content[type as ContentRequest] as typeof handler;
    }
  } else {
    if (!isOwnPage(sender, options.extensionId, options.extensionOrigin)) return refuse(`"${type}" did not come from one of Method Lens’s own pages`);
    if (Object.hasOwn(pageToBackground, type)) {
      schema = pageToBackground[type as PageRequest];
      handler = options.page[type as PageRequest] as typeof handler;
    }
  }
  if (!schema || !handler) return refuse(`unknown request "${type}" for ${direction}`);
  const parsed = schema.safeParse(payload);
  if (!parsed.success) return refuse(`"${type}" had an invalid payload (${parsed.error.issues[0]?.message ?? 'invalid'})`);
  try {
    return { ok: true, value: await handler(parsed.data as never, sender) };
  } catch (error) {
    const text = errorText(error);
    log(`"${type}" failed: ${text}`);
    return { ok: false, error: text };
  }
}
