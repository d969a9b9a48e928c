/**
 * The toolbar popup: a top bar (back, the views, a refresh indicator) and the current view. The
 * route lives in the URL and in history entries, so Back walks through the views visited.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { parseRoute, routeSearch, routesEqual, type Route } from '@/lib/popup/route';
import { useHasSnapshot } from '@/lib/popup/use-has-snapshot';
import { useFillWhenEmpty } from '@/lib/popup/use-fill-when-empty';
import { NavigationProvider, type Navigation } from './navigation';
import { RefreshPill } from './RefreshPill';
import { PaperScanKeeper } from './PaperScanKeeper';
import { RouteView } from './RouteView';
import { ViewTab } from './ViewTab';

interface Place {
  route: Route;
  /** How many popup views lie behind this one in history. */
  depth: number;
}

/** `openedForTab`: the tab a popup window shows a record for (see `tabOfSearch`), when it opened on another view. */
export function PopupApp({ initialRoute, openedForTab = null }: { initialRoute: Route; openedForTab?: number | null }) {
  // A reload keeps its history entry and the entries behind it: Back still has somewhere to go.
  const [place, setPlace] = useState<Place>(() => ({ route: initialRoute, depth: depthOf(history.state) }));
  const main = useRef<HTMLElement>(null);
  const moved = useRef(false);
  // Where the reader was in each view behind or ahead in history, by depth: Back and Forward return there.
  const scrolls = useRef(new Map<number, Spot>());
  const shown = useRef(place);
  shown.current = place;
  const keepScroll = () => main.current && scrolls.current.set(shown.current.depth, spotIn(main.current));
  // "This page" keeps meaning the tab the popup was opened for.
  const pageTabId = initialRoute.view === 'page' ? initialRoute.tabId : openedForTab;
  const search = (route: Route) => routeSearch(route, pageTabId);
  useFillWhenEmpty(useHasSnapshot());

  useEffect(() => {
    history.replaceState({ depth: place.depth }, '', search(initialRoute));
    const onPopState = (event: PopStateEvent) => {
      moved.current = true;
      keepScroll();
      setPlace({ route: parseRoute(location.search) ?? { view: 'page', tabId: pageTabId }, depth: depthOf(event.state) });
    };
    addEventListener('popstate', onPopState);
    return () => removeEventListener('popstate', onPopState);
  }, []);

  useEffect(() => {
    if (!moved.current || !main.current) return;
    main.current.scrollTo(0, 0);
    const spot = scrolls.current.get(place.depth);
    const stops: (() => void)[] = [];
    // Reading starts over at the new view, named by its title (Back focuses the link followed instead);
    // the search view focuses its own field.
    if (place.route.view !== 'search') {
      main.current.focus({ preventScroll: true });
      if (!spot?.link) stops.push(focusTitleWhenShown(main.current));
    }
    if (spot && (spot.top > 0 || spot.link)) stops.push(restoreSpot(main.current, spot));
    return () => stops.forEach((stop) => stop());
  }, [place]);

  const navigation: Navigation = {
    navigate(route) {
      if (routesEqual(route, place.route)) return;
      moved.current = true;
      const depth = place.depth + 1;
      keepScroll();
      // The entries ahead are gone from history: a view opened at their depth starts at its top.
      for (const ahead of scrolls.current.keys()) if (ahead >= depth) scrolls.current.delete(ahead);
      history.pushState({ depth }, '', search(route));
      setPlace({ route, depth });
    },
    replace(route) {
      history.replaceState(history.state, '', search(route));
    },
    search,
  };
  const { route } = place;

  return (
    <NavigationProvider value={navigation}>
      <div class="popup">
        <header class="topbar">
          <button type="button" class="back" onClick={() => history.back()} disabled={place.depth === 0} aria-label="Back" title="Back">
            ←
          </button>
          <span class="brand">Method Lens</span>
          {route.view !== 'snapshot' && <RefreshPill />}
        </header>
        <nav class="tabs" aria-label="Views">
          <ViewTab to={{ view: 'page', tabId: pageTabId }} current={route.view === 'page'} label="This page" />
          <ViewTab to={{ view: 'search', query: '' }} current={route.view === 'search'} label="Search" />
          <ViewTab to={{ view: 'topic', name: null }} current={route.view === 'topic'} label="Topic" />
          <ViewTab to={{ view: 'snapshot' }} current={route.view === 'snapshot'} label="Snapshot" />
        </nav>
        <main class="content" ref={main} tabIndex={-1}>
          <PaperScanKeeper>
            <RouteView key={routeSearch(route)} route={route} pageTabId={pageTabId} />
          </PaperScanKeeper>
        </main>
      </div>
    </NavigationProvider>
  );
}

/** What the reader does to scroll: once they do, the view is theirs and no longer scrolled back for them. */
const READER_SCROLLS = ['wheel', 'keydown', 'pointerdown', 'touchstart'] as const;

/** Where the reader was in a view: how far scrolled, and the link in it they had focused (followed), by href and which of that href. */
interface Spot {
  top: number;
  link: { href: string; nth: number } | null;
}

function spotIn(main: HTMLElement): Spot {
  const focused = document.activeElement;
  const href = focused instanceof HTMLAnchorElement && main.contains(focused) ? focused.getAttribute('href') : null;
  return { top: main.scrollTop, link: href === null ? null : { href, nth: linksTo(main, href).indexOf(focused as HTMLAnchorElement) } };
}

function linksTo(main: HTMLElement, href: string): HTMLAnchorElement[] {
  return [...main.querySelectorAll('a')].filter((link) => link.getAttribute('href') === href);
}

/**
 * Scrolls `main` back to where the reader was, and focuses the link they followed, as its view comes in
 * (each view reads its data after it shows, so it is short at first), until both are done or the
 * reader scrolls; returns what stops it.
 */
function restoreSpot(main: HTMLElement, { top, link }: Spot): () => void {
  let focused = link === null;
  const observer = new MutationObserver(() => restore());
  const stop = () => {
    observer.disconnect();
    for (const type of READER_SCROLLS) main.removeEventListener(type, stop);
  };
  const restore = () => {
    main.scrollTop = top;
    const followed = link && linksTo(main, link.href)[link.nth];
    if (followed) {
      followed.focus({ preventScroll: true });
      focused = true;
    }
    if (focused && Math.abs(main.scrollTop - top) < 1) stop();
  };
  observer.observe(main, { childList: true, subtree: true, characterData: true });
  for (const type of READER_SCROLLS) main.addEventListener(type, stop, { passive: true });
  restore();
  return stop;
}

/**
 * Moves the focus from `main` (unnamed: a screen reader says just "main") to the view's title once the
 * view shows it (each view reads its data after it shows), unless the reader has gone on meanwhile;
 * returns what stops it. The title comes first in every view, so Tab goes on from the view's top.
 */
function focusTitleWhenShown(main: HTMLElement): () => void {
  const observer = new MutationObserver(() => focusTitle());
  const focusTitle = () => {
    if (document.activeElement !== main) return observer.disconnect();
    const title = main.querySelector<HTMLElement>('#view-title');
    if (!title) return;
    title.focus({ preventScroll: true });
    observer.disconnect();
  };
  observer.observe(main, { childList: true, subtree: true });
  focusTitle();
  return () => observer.disconnect();
}

/** How many popup views lie behind a history entry, as its state records it (none for a fresh one). */
function depthOf(state: unknown): number {
  const depth = (state as { depth?: unknown } | null)?.depth;
  return typeof depth === 'number' && Number.isInteger(depth) && depth > 0 ? depth : 0;
}
