/**
 * The service worker: owns the IndexedDB store, answers the message map, keeps the snapshot fresh
 * (bundled on install and update, a URL source on a schedule) and the toolbar badge current, and looks
 * up a selection from the context menu.
 */
import '@/lib/zod-jitless';
import { browser } from 'wxt/browser';
import { IDBKeyRange as MemoryKeyRange, indexedDB as memoryIndexedDB } from 'fake-indexeddb';
import { openDb, readMeta } from '@/lib/store/db';
import { isOwnPage, routeMessage } from '@/lib/messaging/router';
import { CONTENT_HOSTS } from '@/lib/sites';
import { refreshIntervalHours } from '@/lib/settings/items';
import { createHandlers } from '@/lib/background/handlers';
import { servePageReads } from '@/lib/background/serve-page-reads';
import { LOOK_UP_MENU, createLookUpMenu } from '@/lib/background/look-up';
import { BACKGROUND_STARTED, PAGE_READ_PORT } from '@/lib/messaging/protocol';
import { REFRESH_ALARM, ensureRefreshScheduled, retryNumber, scheduleRefresh } from '@/lib/background/schedule';

export default defineBackground(() => {
  // Firefox set to never remember history runs every page private, this event page too, and refuses it
  // IndexedDB ("A mutation operation was attempted on a database that did not allow mutations"): no
  // page would be marked. There the store is held in memory, and filled at each start of the event page as
  // a new profile's is: from the bundled snapshot (a source chosen is kept in the store, and goes with it).
  const db = openDb(import.meta.env.FIREFOX && browser.extension.inIncognitoContext ? { indexedDB: memoryIndexedDB, IDBKeyRange: MemoryKeyRange } : {});
  const handlers = createHandlers(db);
  const extensionOrigin = new URL(browser.runtime.getURL('/')).href.replace(/\/$/, '');

  // A refresh cut off by the worker being stopped leaves orphan generations (cleared once their
  // heartbeat is old) and its progress record: that one says so, and the refresh runs again.
  void handlers.started(new Date());
  handlers.fillWhenDeleted();
  void readMeta(db, 'lastRefresh').then((last) => ensureRefreshScheduled(db, last?.at ?? null));

  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    void routeMessage(message, sender, {
      extensionId: browser.runtime.id,
      extensionOrigin,
      contentHosts: CONTENT_HOSTS,
      content: handlers.content,
      page: handlers.page,
    }).then(sendResponse);
    return true;
  });

  // A Firefox private window's popup and options page have no IndexedDB: they read the store through here,
  // and ask again once this event page, suspended meanwhile, has started anew.
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== PAGE_READ_PORT) return;
    servePageReads(db, port, { fromOwnPage: ({ sender }) => isOwnPage(sender, browser.runtime.id, extensionOrigin) });
  });
  if (import.meta.env.FIREFOX) browser.runtime.sendMessage(BACKGROUND_STARTED).catch(() => undefined); // no page open: nobody to tell

  browser.runtime.onInstalled.addListener(() => {
    void handlers.installed();
    if (browser.contextMenus) void createLookUpMenu(); // none in Firefox for Android
  });
  browser.contextMenus?.onClicked.addListener((info, tab) => {
    if (info.menuItemId === LOOK_UP_MENU && info.selectionText) void handlers.lookUp(info.selectionText, tab);
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    const retry = retryNumber(alarm.name);
    if (alarm.name === REFRESH_ALARM || retry !== null) void handlers.refresh(retry ?? 0);
  });

  refreshIntervalHours.watch(() => void scheduleRefresh(db));

  browser.tabs.onRemoved.addListener((tabId) => void handlers.tabClosed(tabId));
  browser.tabs.onReplaced.addListener((addedTabId, removedTabId) => void handlers.tabReplaced(addedTabId, removedTabId));
  // No `tabs.onUpdated`: a listener there has the browser start this worker at every page load in every
  // tab, on any site. A page read here says when it goes (`pageLeft`), and the browser takes its tab's
  // badge away with it.
});
