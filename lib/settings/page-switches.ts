/**
 * The two switches the content script needs, read straight from `storage.local` under the same keys
 * as the WXT storage items in `./items.ts`. WXT's storage wrapper (with its migration machinery) would
 * add ~3 kB gzipped to a script that runs on every paper page.
 */
import { browser } from 'wxt/browser';
import type { SiteSwitches } from './items';

export const MARKS_ENABLED_KEY = 'marksEnabled';
export const SITE_SWITCHES_KEY = 'siteSwitches';
export const DEFAULT_SITE_SWITCHES: SiteSwitches = { arxiv: true, semanticScholar: true };

export interface PageSwitches {
  marksEnabled: boolean;
  sites: SiteSwitches;
}

export async function readPageSwitches(): Promise<PageSwitches> {
  const stored = await browser.storage.local.get([MARKS_ENABLED_KEY, SITE_SWITCHES_KEY]);
  const sites = stored[SITE_SWITCHES_KEY] as Partial<SiteSwitches> | undefined;
  return {
    marksEnabled: stored[MARKS_ENABLED_KEY] !== false,
    sites: { ...DEFAULT_SITE_SWITCHES, ...(sites && typeof sites === 'object' ? sites : {}) },
  };
}

/** Calls `onChange` when either switch changes; returns the function that stops watching. */
export function watchPageSwitches(onChange: () => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    if (area === 'local' && (MARKS_ENABLED_KEY in changes || SITE_SWITCHES_KEY in changes)) onChange();
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
