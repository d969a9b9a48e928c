/**
 * The reader's settings (see `setting.ts`: versioned, checked on every read). Everything lives in
 * `local:` so it stays on this machine. The snapshot source is not here: see `lib/store/source.ts`.
 */
import { z } from 'zod';
import { MethodId } from '@/lib/snapshot/schema';
import { DEFAULT_SITE_SWITCHES, MARKS_ENABLED_KEY, MUTED_METHODS_KEY, SITE_SWITCHES_KEY } from './page-switches';
import { defineSetting } from './setting';

const DEFAULT_REFRESH_HOURS = 24;

/** Hours between automatic refreshes of a URL source; 0 turns automatic refresh off. */
export const refreshIntervalHours = defineSetting('local:refreshIntervalHours', z.number().int().min(0).max(24 * 365), DEFAULT_REFRESH_HOURS);

const SiteSwitchesSchema = z.strictObject({ arxiv: z.boolean(), semanticScholar: z.boolean() });
export type SiteSwitches = z.infer<typeof SiteSwitchesSchema>;

export const siteSwitches = defineSetting(`local:${SITE_SWITCHES_KEY}`, SiteSwitchesSchema, DEFAULT_SITE_SWITCHES);

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
