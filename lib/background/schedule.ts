/** Automatic refreshes with `alarms`: daily by default, never for the bundled snapshot. */
import { browser } from 'wxt/browser';
import { refreshIntervalHours } from '@/lib/settings/items';
import type { MethodLensDb } from '@/lib/store/db';
import { readSnapshotSource } from '@/lib/store/source';

export const REFRESH_ALARM = 'method-lens-refresh';

/** Minutes between automatic refreshes, or null when there are none. */
async function wantedPeriod(db: MethodLensDb): Promise<number | null> {
  const [source, hours] = await Promise.all([readSnapshotSource(db), refreshIntervalHours.getValue()]);
  return source.kind === 'url' && hours > 0 ? hours * 60 : null;
}

/** After a settings change: the schedule starts over from now. */
export async function scheduleRefresh(db: MethodLensDb): Promise<void> {
  const period = await wantedPeriod(db);
  await browser.alarms.clear(REFRESH_ALARM);
  if (period !== null) await browser.alarms.create(REFRESH_ALARM, { periodInMinutes: period, delayInMinutes: period });
}

/**
 * At every start of the background: a browser may drop alarms when it restarts. A missing or
 * outdated alarm is set again, first due when the last successful refresh (`lastRefreshAt`) is one
 * period old (at once if it already is); an alarm in step with the settings is left running.
 */
export async function ensureRefreshScheduled(db: MethodLensDb, lastRefreshAt: string | null, now: Date = new Date()): Promise<void> {
  const [period, alarm] = await Promise.all([wantedPeriod(db), browser.alarms.get(REFRESH_ALARM)]);
  if (period === null) {
    if (alarm) await browser.alarms.clear(REFRESH_ALARM);
    return;
  }
  if (alarm?.periodInMinutes === period) return;
  const lastAt = lastRefreshAt === null ? Number.NaN : Date.parse(lastRefreshAt);
  // An unreadable time counts as long ago; one in the future (the clock was ahead) as just now: the
  // next refresh is never more than one period off.
  const sinceLast = Number.isNaN(lastAt) ? Infinity : Math.max(0, (now.getTime() - lastAt) / 60_000);
  // Chromium runs alarms no sooner than 30 s from now.
  await browser.alarms.create(REFRESH_ALARM, { periodInMinutes: period, delayInMinutes: Math.max(0.5, period - sinceLast) });
}
