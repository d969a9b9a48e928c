/**
 * The reader's settings (see `setting.ts`: versioned, checked on every read). Everything lives in
 * `local:` so it stays on this machine.
 */
import { z } from 'zod';
import { MethodId } from '@/lib/snapshot/schema';
import { DEFAULT_SITE_SWITCHES, MARKS_ENABLED_KEY, MUTED_METHODS_KEY, SITE_SWITCHES_KEY } from './page-switches';
import { defineSetting } from './setting';

const SnapshotSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('bundled') }),
  // Any string: what a URL must be is `checkSourceUrl`'s to say, before every refresh, as a recorded
  // failure. Refused here, a stored URL would read as the bundled source, whose refresh at the next
  // update would silently replace the reader's snapshot.
  z.strictObject({ kind: z.literal('url'), url: z.string() }),
]);
export type SnapshotSource = z.infer<typeof SnapshotSourceSchema>;

export const BUNDLED_SOURCE: SnapshotSource = { kind: 'bundled' };
const DEFAULT_REFRESH_HOURS = 24;

/** Where snapshots come from; a URL is checked again (`checkSourceUrl`) before every refresh. */
export const snapshotSource = defineSetting('local:snapshotSource', SnapshotSourceSchema, BUNDLED_SOURCE);

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
