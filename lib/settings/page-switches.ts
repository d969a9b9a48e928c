/**
 * The settings the content script follows, read straight from `storage.local` under the same keys as
 * the WXT storage items in `./items.ts`: the two switches, and the muted methods (which the background
 * leaves out of the dictionary); and the active snapshot's key, which the background writes when a
 * refresh brings a new snapshot in. WXT's storage wrapper (with its migration machinery) would add ~3 kB
 * gzipped to a script that runs on every paper page.
 */
import { browser } from 'wxt/browser';
import type { SiteSwitches } from './items';

export const MARKS_ENABLED_KEY = 'marksEnabled';
export const SITE_SWITCHES_KEY = 'siteSwitches';
export const MUTED_METHODS_KEY = 'mutedMethods';
export const ACTIVE_SNAPSHOT_KEY = 'activeSnapshot';
export const DEFAULT_SITE_SWITCHES: SiteSwitches = { arxiv: true, semanticScholar: true };

export interface PageSwitches {
  marksEnabled: boolean;
  sites: SiteSwitches;
}

/** Read as the options page reads them (`items.ts`): a switch stored in another shape means its default. */
export async function readPageSwitches(): Promise<PageSwitches> {
  const stored = await browser.storage.local.get([MARKS_ENABLED_KEY, SITE_SWITCHES_KEY]);
  return {
    marksEnabled: stored[MARKS_ENABLED_KEY] !== false,
    sites: siteSwitchesFrom(stored[SITE_SWITCHES_KEY]),
  };
}

/**
 * The switches as `items.ts` reads them: each one stored as a boolean, the rest (missing, of another
 * type) at its default, other keys left out.
 */
export function siteSwitchesFrom(value: unknown): SiteSwitches {
  const stored = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  const read = (site: keyof SiteSwitches) => {
    const enabled = stored[site];
    return typeof enabled === 'boolean' ? enabled : DEFAULT_SITE_SWITCHES[site];
  };
  return { arxiv: read('arxiv'), semanticScholar: read('semanticScholar') };
}

/** Whether the switches have a page of `site` marked: marks on, and that site's own switch (the other's is no matter). */
export function marksSite(switches: PageSwitches, site: keyof SiteSwitches | undefined): boolean {
  return site !== undefined && switches.marksEnabled && switches.sites[site];
}

/**
 * Calls `onChange` with both switches as they are after either changes (one that cannot be read is no
 * news); returns the function that stops watching.
 */
export function watchPageSwitches(onChange: (switches: PageSwitches) => void): () => void {
  return watchLocalKeys([MARKS_ENABLED_KEY, SITE_SWITCHES_KEY], () => void readPageSwitches().then(onChange, () => {}));
}

/**
 * Calls `onChange` with the muted methods' ids when they change (the list's strings: nothing else is
 * any method's id); returns the function that stops watching.
 */
export function watchMutedMethods(onChange: (muted: readonly string[]) => void): () => void {
  return watchLocalKeys([MUTED_METHODS_KEY], (changes) => {
    const stored = (changes[MUTED_METHODS_KEY] as { newValue?: unknown }).newValue;
    onChange(Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : []);
  });
}

/**
 * Calls `onChange` with the new snapshot's key when a refresh brings one in; returns the function that
 * stops watching.
 */
export function watchActiveSnapshot(onChange: (key: unknown) => void): () => void {
  return watchLocalKeys([ACTIVE_SNAPSHOT_KEY], (changes) => onChange((changes[ACTIVE_SNAPSHOT_KEY] as { newValue?: unknown }).newValue));
}

function watchLocalKeys(keys: readonly string[], onChange: (changes: Record<string, unknown>) => void): () => void {
  const listener = (changes: Record<string, unknown>, area: string) => {
    // A value written again unchanged is no change (Firefox reports it).
    if (area === 'local' && keys.some((key) => key in changes && !sameValue(changes[key]))) onChange(changes);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}

function sameValue(change: unknown): boolean {
  const { oldValue, newValue } = (change ?? {}) as { oldValue?: unknown; newValue?: unknown };
  return oldValue !== undefined && JSON.stringify(oldValue) === JSON.stringify(newValue);
}
