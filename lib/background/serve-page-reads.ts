/**
 * The background's end of a page's reads made through it: one port per read, opened by one of the
 * extension's own pages, the read's answers sent as a live query gives them until the page closes the port.
 */
import { liveQuery } from 'dexie';
import type { Browser } from 'wxt/browser';
import type { MethodLensDb } from '@/lib/store/db';
import { parsePageRead, runPageRead, type PageReadName } from '@/lib/store/page-reads';
import type { Reply } from '@/lib/messaging/protocol';
import { errorText } from '@/lib/store/storage-error';

type Port = Browser.runtime.Port;

export interface PageReadServer {
  /** Whether the port was opened by one of the extension's own pages (not a content script, nor a web page). */
  fromOwnPage(port: Port): boolean;
  log?: (message: string) => void;
}

export function servePageReads(db: MethodLensDb, port: Port, server: PageReadServer): void {
  const log = server.log ?? ((text: string) => console.warn(`[Method Lens] ${text}`));
  let open = true;
  let subscription: { unsubscribe(): void } | null = null;
  const post = (reply: Reply<unknown>) => {
    if (!open) return;
    try {
      port.postMessage(reply);
    } catch {
      close(); // the page closed the port before its closing was heard here
    }
  };
  const close = () => {
    open = false;
    subscription?.unsubscribe();
  };
  port.onDisconnect.addListener(close);
  if (!server.fromOwnPage(port)) {
    log('refused a read: it did not come from one of Method Lens’s own pages');
    close();
    port.disconnect();
    return;
  }
  port.onMessage.addListener((message: unknown) => {
    if (subscription || !open) return; // one read a port
    const request = parsePageRead(message);
    if (typeof request === 'string') {
      log(`refused a read: ${request}`);
      post({ ok: false, error: `Refused: ${request}` });
      close();
      port.disconnect();
      return;
    }
    subscription = liveQuery(() => runPageRead(db, request.name as PageReadName, request.args as never)).subscribe({
      next: (value) => post({ ok: true, value }),
      error: (error) => post({ ok: false, error: errorText(error) }),
    });
  });
}
