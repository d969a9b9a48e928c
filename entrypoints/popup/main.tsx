/** The toolbar popup (also opened as `popup.html?method=…` in a small window when no popup can be shown). */
import '@/lib/zod-jitless';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { PopupApp } from '@/components/popup/PopupApp';
import { PrivateWindowNote } from '@/components/popup/PrivateWindowNote';
import { startRoute } from '@/lib/popup/start-route';
import { tabOfSearch } from '@/lib/popup/route';
import { pageDb } from '@/lib/popup/page-db';
import '@/components/hover-card.css';
import '@/components/extension-page.css';
import '@/components/popup.css';

const app = document.getElementById('app')!;
// Firefox's private windows give this page no store at all: no view could say more than that.
if (import.meta.env.FIREFOX && browser.extension.inIncognitoContext) render(<PrivateWindowNote />, app);
else {
  // Opening the store overlaps the first render; a failure to open shows in the view that reads it.
  pageDb()
    .open()
    .catch(() => undefined);
  void startRoute(location.search).then((route) => render(<PopupApp initialRoute={route} openedForTab={tabOfSearch(location.search)} />, app));
}
