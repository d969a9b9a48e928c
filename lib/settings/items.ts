/**
 * The reader's settings, as versioned WXT storage items (bump `version` and add a migration when a
 * shape changes). Everything lives in `local:` so it stays on this machine.
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SITE_SWITCHES, MARKS_ENABLED_KEY, MUTED_METHODS_KEY, SITE_SWITCHES_KEY } from './page-switches';

export type SnapshotSource = { kind: 'bundled' } | { kind: 'url'; url: string };

export const BUNDLED_SOURCE: SnapshotSource = { kind: 'bundled' };
export const DEFAULT_REFRESH_HOURS = 24;

export const snapshotSource = storage.defineItem<SnapshotSource>('local:snapshotSource', {
  fallback: BUNDLED_SOURCE,
  version: 1,
});

/** Hours between automatic refreshes of a URL source; 0 turns automatic refresh off. */
export const refreshIntervalHours = storage.defineItem<number>('local:refreshIntervalHours', {
  fallback: DEFAULT_REFRESH_HOURS,
  version: 1,
});

export interface SiteSwitches {
  arxiv: boolean;
  semanticScholar: boolean;
}

export const siteSwitches = storage.defineItem<SiteSwitches>(`local:${SITE_SWITCHES_KEY}`, {
  fallback: DEFAULT_SITE_SWITCHES,
  version: 1,
});

export const marksEnabled = storage.defineItem<boolean>(`local:${MARKS_ENABLED_KEY}`, { fallback: true, version: 1 });

/** Method ids the reader never wants marked. */
export const mutedMethods = storage.defineItem<string[]>(`local:${MUTED_METHODS_KEY}`, { fallback: [], version: 1 });
