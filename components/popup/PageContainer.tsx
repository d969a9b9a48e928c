/** Loads the page view's data (tab, summary, the optional HTML scan of a PDF) and hands it to PageView. */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { sendFromPage } from '@/lib/messaging/client';
import { showMentionOn } from '@/lib/popup/show-mention-on';
import { arxivIdOfPdfUrl, type ArxivHtmlScan } from '@/lib/arxiv-html-scan';
import { READING_AT_MOST_MS } from '@/lib/page-summary';
import { browser } from 'wxt/browser';
import { HOST_MATCHES, siteFor } from '@/lib/sites';
import { SITE_SWITCH_LABELS } from '@/lib/settings/site-switch-labels';
import { marksEnabled, mutedMethods, siteSwitches, type SiteSwitches } from '@/lib/settings/items';
import { useStoreRead } from '@/lib/popup/use-store-read';
import { readStore } from '@/lib/popup/store-reads';
import { useStorageItem } from '@/lib/popup/use-storage-item';
import { type Loadable } from '@/lib/popup/loadable';
import { errorText } from '@/lib/store/storage-error';
import { usePageSummary, type PageData } from '@/lib/popup/use-page-summary';
import { markViewReady } from '@/lib/popup/view-ready';
import { watchKeptScans } from '@/lib/kept-scans';
import { isArxivPdfTab } from '@/lib/popup/tab';
import { PageView, type MutedMethod, type PageViewState, type SupportedSite } from './PageView';
import { usePaperScan, type PaperScan } from './PaperScanKeeper';

export function PageContainer({ tabId }: { tabId: number | null }) {
  const data = usePageSummary(tabId, isArxivPdfTab);
  const [marksOn] = useStorageItem(marksEnabled);
  const [sites] = useStorageItem(siteSwitches);
  const [mutedIds] = useStorageItem(mutedMethods);
  const mutedList = useStoreRead('methodsByIds', [mutedIds ?? []], [(mutedIds ?? []).join('\n')]);
  // While a changed list's names are read, the last list read stands: the note does not blink out.
  const lastMuted = useRef<readonly MutedMethod[]>([]);
  if (mutedList.state === 'ready') lastMuted.current = mutedList.value.map((method) => ({ id: method.id, name: method.name }));
  const muted = lastMuted.current;
  const { scan, setScan, requests } = usePaperScan();
  /** Reads the paper's HTML version, or joins the background's read of it: the latest render's, with its muted list. */
  const startScan = useRef<(arxivId: string) => void>(() => undefined);
  // Switched on from here, the page is being read: it shows as loading until its report comes (or a
  // few seconds pass), not as a page to reload.
  const [switchedOnAt, setSwitchedOnAt] = useState<number | null>(null);
  useEffect(() => {
    if (switchedOnAt === null) return;
    const timer = setTimeout(() => setSwitchedOnAt(null), READ_AFTER_SWITCH_MS);
    return () => clearTimeout(timer);
  }, [switchedOnAt]);
  const page = data.state === 'ready' ? data.value : null;
  // A PDF whose HTML version was read before, in a popup since closed: its methods, not the offer again;
  // also when the answer comes while this popup is open (asked for in one closed before it came).
  const pdfId = arxivIdOfPdfUrl(page?.tab?.url);
  const [keptReadFor, setKeptReadFor] = useState<string | null>(null);
  useEffect(() => {
    if (!pdfId) return;
    let current = true;
    /** The first reading is done: the offer is shown, and a scan kept later replaces it, focus and all. */
    let offerShown = false;
    const readKept = () =>
      readStore('keptScan', [pdfId])
        .then(async (kept) => {
          if (!current) return;
          // Asked for in a popup closed before the answer came, and still being read: joined, not offered again.
          if (!kept && !offerShown && (await sendFromPage('paperBeingRead', { arxivId: pdfId }))) {
            if (current) startScan.current(pdfId);
            return;
          }
          if (!kept) return;
          const request = ++requests.current;
          const replacesOffer = offerShown;
          // A scan asked for here meanwhile is the newer.
          setScan((now) =>
            now?.arxivId === pdfId ? now : { arxivId: pdfId, request, result: { state: 'ready', value: kept.scan }, muted: kept.muted, kept: !replacesOffer },
          );
        })
        .catch(() => undefined)
        .finally(() => {
          offerShown = true;
          if (current) setKeptReadFor(pdfId);
        });
    void readKept();
    const unwatch = watchKeptScans(() => void readKept());
    return () => {
      current = false;
      unwatch();
    };
  }, [pdfId]);
  // A page its content script said it is reading, with no report since for too long: the script died or
  // hangs (its renderer crashed, the page froze), and a reload is what the page needs.
  const readingAt = page?.summary?.readingAt ?? null;
  const readingTooLong = useTimePassed(readingAt, READING_AT_MOST_MS);
  // A tab still loading, with no report yet, is being read: its content script starts once the page's
  // document is in. Not for ever: a page with a resource that never ends stays "loading" with no report
  // when no content script is there (the tab was open before an install or an update) or it could not read.
  const tabLoading = page?.tab?.loading === true && !page.summary?.scanned && readingAt === null;
  const [loadingTooLong, setLoadingTooLong] = useState(false);
  useEffect(() => {
    setLoadingTooLong(false);
    if (!tabLoading) return;
    const timer = setTimeout(() => setLoadingTooLong(true), READ_AFTER_SWITCH_MS);
    return () => clearTimeout(timer);
  }, [tabLoading, page?.tab?.url]);
  const switches: Switches = {
    marksOn,
    sites,
    muted,
    reading: switchedOnAt !== null,
    reportedReading: readingAt !== null && !readingTooLong,
    tabLoading: tabLoading && !loadingTooLong,
    // Before the write: the settings' change can show before the write is confirmed.
    switchingOn: () => setSwitchedOnAt(Date.now()),
    switchFailed: () => setSwitchedOnAt(null),
  };
  const incognito = page?.tab?.incognito === true;
  const accessWithheld = useSiteAccessWithheld();
  startScan.current = (arxivId) => {
    const request = ++requests.current;
    const mutedThen = muted;
    setScan({ arxivId, request, result: { state: 'loading' }, muted: mutedThen });
    const settle = (result: Loadable<ArxivHtmlScan>) =>
      setScan((current) => (current?.request === request ? { arxivId, request, result, muted: mutedThen } : current));
    // Kept by the background, which has the answer even when this popup has closed meanwhile. Session
    // storage is shared with private windows: a paper read in one is not kept for the others to see.
    sendFromPage('scanArxivHtml', { arxivId, keep: !incognito }).then(
      (value) => settle({ state: 'ready', value }),
      (error) => settle({ state: 'error', error: errorText(error) }),
    );
  };
  const state = viewState(data, switches, scan, keptReadFor, accessWithheld, (arxivId) => startScan.current(arxivId));
  useLayoutEffect(() => {
    if (state.kind !== 'loading') markViewReady('page');
  }, [state.kind]);
  return <PageView state={state} />;
}

/**
 * Whether the reader withheld the extension's access to any of its sites (Chromium's "Site access: On
 * click", Firefox's per-site permissions): the browser then hides such a tab's address, which cannot be
 * told from a site Method Lens does not read.
 */
function useSiteAccessWithheld(): boolean {
  const [withheld, setWithheld] = useState(false);
  useEffect(() => {
    let current = true;
    // In a `then`: where the API throws rather than rejects, access is taken as granted too.
    Promise.resolve()
      .then(() => browser.permissions.contains({ origins: [...HOST_MATCHES] }))
      .then((granted) => current && setWithheld(!granted))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, []);
  return withheld;
}

/** How long a page switched on from the popup, or a tab loading, shows as being read, waiting for its report. */
const READ_AFTER_SWITCH_MS = 5_000;

/** Whether `ms` have passed since `since` (ms since the epoch; never when null), rendering again when they have. */
function useTimePassed(since: number | null, ms: number): boolean {
  const [passedSince, setPassedSince] = useState<number | null>(null);
  useEffect(() => {
    if (since === null) return;
    const timer = setTimeout(() => setPassedSince(since), since + ms - Date.now());
    return () => clearTimeout(timer);
  }, [since, ms]);
  // Already passed when the popup opens on an old report: so from the first render, not a moment later.
  return since !== null && (passedSince === since || Date.now() - since >= ms);
}

/** The settings that decide whether a page is read (null until read), and the methods muted, by name. */
interface Switches {
  marksOn: boolean | null;
  sites: SiteSwitches | null;
  muted: readonly MutedMethod[];
  /** The reader switched marks on here a moment ago: the page is being read. */
  reading: boolean;
  /** The page's content script said it is reading the page, not so long ago that it must have died. */
  reportedReading: boolean;
  /** The tab is loading a page no report has come from yet (for a few seconds at most). */
  tabLoading: boolean;
  switchingOn: () => void;
  switchFailed: () => void;
}

function viewState(
  data: Loadable<PageData>,
  switches: Switches,
  scan: PaperScan | null,
  keptReadFor: string | null,
  accessWithheld: boolean,
  startScan: (arxivId: string) => void,
): PageViewState {
  if (data.state === 'loading') return { kind: 'loading' };
  if (data.state === 'error') return { kind: 'error', error: data.error };
  if (data.value.tabClosed) return { kind: 'tab closed' };
  const { tab, summary } = data.value;
  const tabUrl = tab?.url ?? null;
  const arxivId = arxivIdOfPdfUrl(tabUrl);
  if (tabUrl && arxivId) {
    const own = scan?.arxivId === arxivId ? scan : null;
    if (!own && keptReadFor !== arxivId) return { kind: 'loading' };
    return { kind: 'pdf', tabUrl, arxivId, scan: own?.result ?? null, onScan: () => startScan(arxivId), muted: own?.muted ?? [], kept: own?.kept };
  }
  const supportedSite = supportedSiteOf(tabUrl, switches);
  // A page not read on a site Method Lens reads: why is not known until the switches are (nor while
  // it is being read: loading, its content script reading it, or after a switch).
  const unread = !summary?.scanned;
  const beingRead = switches.reading || switches.reportedReading || switches.tabLoading;
  if (supportedSite && !supportedSite.switchedOff && unread && (switches.marksOn === null || switches.sites === null || beingRead)) {
    return { kind: 'loading' };
  }
  const tabId = tab?.id;
  return {
    kind: 'summary',
    tabUrl,
    summary: summary ?? { tabId: tabId ?? -1, url: null, scanned: false, paused: false, methods: [] },
    supportedSite,
    muted: switches.muted,
    siteAccessWithheld: tabUrl === null && accessWithheld,
    ...(tabId !== undefined && { showMention: showMentionOn(tabId) }),
  };
}

function supportedSiteOf(address: string | null, { marksOn, sites, switchingOn, switchFailed }: Switches): SupportedSite | null {
  if (!address) return null;
  let site: ReturnType<typeof siteFor>;
  try {
    site = siteFor(address);
  } catch {
    return null;
  }
  if (!site) return null;
  const id = site.id;
  const switching = (write: () => Promise<void>) => () => {
    switchingOn();
    return write().catch((error: unknown) => {
      switchFailed();
      throw error;
    });
  };
  const switchedOff =
    marksOn === false
      ? { what: 'marks' as const, switchOn: switching(() => marksEnabled.setValue(true)) }
      : sites?.[id] === false
        ? { what: 'site' as const, switchOn: switching(() => siteSwitches.update((current) => ({ ...current, [id]: true }))) }
        : null;
  return { label: site.label, switchLabel: SITE_SWITCH_LABELS[id], switchedOff };
}
