/** The toolbar popup (also opened as `popup.html?method=…` in a small window when no popup can be shown). */
import '@/lib/zod-jitless';
import { render } from 'preact';
import { PopupApp } from '@/components/popup/PopupApp';
import { startRoute } from '@/lib/popup/start-route';
import { tabOfSearch } from '@/lib/popup/route';
import { pageDb } from '@/lib/popup/page-db';
import { READS_THROUGH_BACKGROUND } from '@/lib/popup/store-reads';
import '@/components/hover-card.css';
import '@/components/extension-page.css';
import '@/components/popup.css';

// Opening the store overlaps the first render; a failure to open shows in the view that reads it. A
// Firefox private window's page has none to open: the background reads for it.
if (!READS_THROUGH_BACKGROUND)
  pageDb()
    .open()
    .catch(() => undefined);
void startRoute(location.search).then((route) =>
  render(<PopupApp initialRoute={route} openedForTab={tabOfSearch(location.search)} />, document.getElementById('app')!),
);
