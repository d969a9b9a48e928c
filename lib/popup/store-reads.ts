/**
 * An extension page's reads of the store, by name (`lib/store/page-reads.ts`): on the page's own
 * connection, or in a Firefox private window, where Firefox gives an add-on's pages no IndexedDB, by
 * the background over a port (`lib/background/serve-page-reads.ts`), live there as here.
 */
import { liveQuery } from 'dexie';
import { browser } from 'wxt/browser';
import { NO_ANSWER } from '@/lib/messaging/client';
import { PAGE_READ_PORT, backgroundToPage, type Reply } from '@/lib/messaging/protocol';
import { runPageRead, type PageReadArgs, type PageReadName, type PageReadResult } from '@/lib/store/page-reads';
import { pageDb } from './page-db';

export const READS_THROUGH_BACKGROUND: boolean = import.meta.env.FIREFOX && browser.extension.inIncognitoContext;

export interface ReadObserver<T> {
  next(value: T): void;
  error(error: unknown): void;
}

/** Reads once. */
export function readStore<N extends PageReadName>(name: N, args: PageReadArgs<N>): Promise<PageReadResult<N>> {
  if (!READS_THROUGH_BACKGROUND) return runPageRead(pageDb(), name, args);
  return new Promise((resolve, reject) => {
    const stop = watchThroughBackground(name, args, {
      next: (value) => {
        stop();
        resolve(value);
      },
      error: reject,
    });
  });
}

/** Reads now and again after each write that changes the answer, until the returned function is called; an error ends it. */
export function watchStore<N extends PageReadName>(name: N, args: PageReadArgs<N>, observer: ReadObserver<PageReadResult<N>>): () => void {
  if (READS_THROUGH_BACKGROUND) return watchThroughBackground(name, args, observer);
  const subscription = liveQuery(() => runPageRead(pageDb(), name, args)).subscribe(observer);
  return () => subscription.unsubscribe();
}

/**
 * One port a read. Firefox suspends an idle event page, closing its ports (an open port does not keep it
 * up): a read that had answered keeps its last answer and asks again once the background starts anew, for
 * whatever reason; one closed before any answer is a background that cannot answer.
 */
export function watchThroughBackground<N extends PageReadName>(name: N, args: PageReadArgs<N>, observer: ReadObserver<PageReadResult<N>>): () => void {
  let ended = false;
  let port: ReturnType<typeof browser.runtime.connect> | null = null;
  let stopWaiting = () => {};
  const end = () => {
    ended = true;
    stopWaiting();
    port?.disconnect();
  };
  const connect = () => {
    const current = browser.runtime.connect({ name: PAGE_READ_PORT });
    port = current;
    let answered = false;
    current.onMessage.addListener((reply: Reply<PageReadResult<N>>) => {
      if (ended) return;
      answered = true;
      if (reply.ok) return observer.next(reply.value);
      end(); // as a live query ends with its error
      observer.error(new Error(reply.error));
    });
    current.onDisconnect.addListener(() => {
      if (ended) return;
      if (answered) return void (stopWaiting = whenBackgroundStarts(connect));
      ended = true;
      observer.error(new Error(NO_ANSWER.page));
    });
    current.postMessage({ read: name, args });
  };
  connect();
  return end;
}

/** Reads waiting for the background to start again. */
const waiting = new Set<() => void>();

function whenBackgroundStarts(reconnect: () => void): () => void {
  if (waiting.size === 0) browser.runtime.onMessage.addListener(heardBackgroundStart);
  waiting.add(reconnect);
  return () => void waiting.delete(reconnect);
}

function heardBackgroundStart(message: unknown, sender: { id?: string }): undefined {
  if (sender.id !== browser.runtime.id || !backgroundToPage.started.safeParse(message).success) return;
  browser.runtime.onMessage.removeListener(heardBackgroundStart);
  const reconnects = [...waiting];
  waiting.clear();
  for (const reconnect of reconnects) reconnect();
}
