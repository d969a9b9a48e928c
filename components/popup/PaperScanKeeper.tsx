/**
 * Where the page view keeps a PDF's HTML scan: with the popup, which outlives the view, so that Back
 * from a method's record (or a return from another view) finds the methods found, not the offer to scan
 * again; an answer that comes while the reader is on another view is kept too.
 */
import { createContext, type ComponentChildren, type RefObject } from 'preact';
import { useContext, useRef, useState, type Dispatch, type StateUpdater } from 'preact/hooks';
import type { ArxivHtmlScan } from '@/lib/arxiv-html-scan';
import type { Loadable } from '@/lib/popup/loadable';
import type { MutedMethod } from './PageView';

/**
 * A scan belongs to the paper it read: the tab this view follows may go on to another paper's PDF
 * while the popup stays open (or the record's window, opened for the tab).
 */
export interface PaperScan {
  arxivId: string;
  /** Which request it is: an answer is kept only while no other scan has started since. */
  request: number;
  result: Loadable<ArxivHtmlScan>;
  /** The methods muted when it was asked for: the scan left those out. */
  muted: readonly MutedMethod[];
  /** Kept before this popup showed its offer (`kept-scans.ts`): no button of this one had the focus. */
  kept?: boolean;
}

export interface KeptScan {
  scan: PaperScan | null;
  setScan: Dispatch<StateUpdater<PaperScan | null>>;
  /** How many scans were asked for: numbers each request. */
  requests: RefObject<number>;
}

const KeptScanContext = createContext<KeptScan | null>(null);

function useScanState(): KeptScan {
  const [scan, setScan] = useState<PaperScan | null>(null);
  const requests = useRef(0);
  return { scan, setScan, requests };
}

export function PaperScanKeeper({ children }: { children: ComponentChildren }) {
  return <KeptScanContext.Provider value={useScanState()}>{children}</KeptScanContext.Provider>;
}

/** The popup's scan; outside a popup (a component test of the view alone), the view's own. */
export function usePaperScan(): KeptScan {
  const own = useScanState();
  return useContext(KeptScanContext) ?? own;
}
