/**
 * The reader's settings (see `setting.ts`: versioned, checked on every read). Everything lives in
 * `local:` so it stays on this machine. The snapshot source is not here: see `lib/store/source.ts`.
 */
import { z } from 'zod';
import { MethodId } from '@/lib/snapshot/schema';
import { DEFAULT_SITE_SWITCHES, MARKS_ENABLED_KEY, MUTED_METHODS_KEY, SITE_SWITCHES_KEY, siteSwitchesFrom } from './page-switches';
import { defineSetting } from './setting';

const DEFAULT_REFRESH_HOURS = 24;

/** Hours between automatic refreshes of a URL source; 0 turns automatic refresh off. */
export const refreshIntervalHours = defineSetting('local:refreshIntervalHours', z.number().int().min(0).max(24 * 365), DEFAULT_REFRESH_HOURS);

export interface SiteSwitches {
  arxiv: boolean;
  semanticScholar: boolean;
}

/**
 * Each site's switch. Stored in another shape (a hand edit, another version: a switch missing or not
 * a boolean, a site this version does not know), each switch stored as a boolean is kept, with a
 * warning, and only the rest read as on: a switch the reader turned off must not come back on. A
 * newer version's switch for a site this one does not know is not read, and stays stored through a
 * change made here (`otherSitesSwitches`).
 */
const SiteSwitchesSchema = z.record(z.string(), z.unknown()).transform((stored): SiteSwitches => {
  const switches = siteSwitchesFrom(stored);
  const defaulted = Object.keys(switches).filter((site) => typeof stored[site] !== 'boolean');
  const unknown = Object.keys(stored).filter((site) => !(site in switches));
  if (defaulted.length > 0 || unknown.length > 0) {
    const parts = [...defaulted.map((site) => `${site} read as on`), ...unknown.map((site) => `${site} not read`)];
    console.warn(`[Method Lens] The stored setting local:${SITE_SWITCHES_KEY} has an unexpected shape in part: ${parts.join(', ')}.`);
  }
  return switches;
});

export const siteSwitches = defineSetting(`local:${SITE_SWITCHES_KEY}`, SiteSwitchesSchema, DEFAULT_SITE_SWITCHES, { keptOnWrite: otherSitesSwitches });

/**
 * The switches stored for sites this version does not know (`openReview: false`, from a newer version
 * the extension was rolled back from): written back as they were, so that the reader's choice is there
 * again once updated.
 */
function otherSitesSwitches(stored: unknown): Record<string, boolean> {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {};
  return Object.fromEntries(Object.entries(stored).filter(([site, enabled]) => !Object.hasOwn(DEFAULT_SITE_SWITCHES, site) && typeof enabled === 'boolean'));
}

export const marksEnabled = defineSetting(`local:${MARKS_ENABLED_KEY}`, z.boolean(), true);

/**
 * Method ids the reader never wants marked. An id of another shape (a hand edit, another version) is
 * left out, with a warning, rather than the whole list: the next mute would otherwise lose the rest.
 */
const MutedMethodsSchema = z
  .array(z.unknown())
  .max(100_000)
  .transform((ids) => {
    const kept = ids.filter((id): id is string => MethodId.safeParse(id).success);
    if (kept.length < ids.length) console.warn(`[Method Lens] The stored setting local:${MUTED_METHODS_KEY} has an unexpected shape in part: ${ids.length - kept.length} ids left out.`);
    return kept;
  });
export const mutedMethods = defineSetting(`local:${MUTED_METHODS_KEY}`, MutedMethodsSchema, [] as string[]);
