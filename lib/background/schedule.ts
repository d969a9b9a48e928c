/**
 * Automatic refreshes with `alarms`: daily by default, never for the bundled snapshot; and retries of a
 * failed one, sooner than that, when trying again may mend it.
 */
import { browser } from 'wxt/browser';
import { refreshIntervalHours } from '@/lib/settings/items';
import { readSnapshotSource } from '@/lib/store/source';
import { readMeta, type MethodLensDb, type RefreshError } from '@/lib/store/db';
import { replaceNextTry, type NextTry } from '@/lib/store/status';

export const REFRESH_ALARM = 'method-lens-refresh';
/** A retry of a failed refresh, named by its number (`method-lens-refresh-retry:2`): one at a time. */
const RETRY_ALARM_PREFIX = 'method-lens-refresh-retry:';
/** Minutes before each retry: the waits grow, and the last repeats until the next scheduled refresh. */
const RETRY_MINUTES = [5, 15, 60, 240];
const DAY_MINUTES = 24 * 60;
/** Chromium runs alarms no sooner than 30 s from now. */
const SOONEST_MINUTES = 0.5;

/** Minutes between automatic refreshes, or null when there are none. */
async function wantedPeriod(db: MethodLensDb): Promise<number | null> {
  const [source, hours] = await Promise.all([readSnapshotSource(db), refreshIntervalHours.getValue()]);
  return source.kind === 'url' && hours > 0 ? hours * 60 : null;
}

/**
 * After a settings change: the schedule starts over from now, or, when the last successful refresh is
 * already a period old (automatic refresh turned on after "Never"), is due soon, as at a start. A
 * retry planned stays (what time may mend is still tried again sooner), unless no schedule is left or
 * the source changed (`newSource`: a refresh from it follows, and plans its own). The failure shown
 * says when the next try now is.
 */
export async function scheduleRefresh(db: MethodLensDb, { newSource = false }: { newSource?: boolean } = {}): Promise<void> {
  const period = await wantedPeriod(db);
  await Promise.all([browser.alarms.clear(REFRESH_ALARM), period === null || newSource ? clearRetries() : undefined]);
  if (period !== null) {
    const now = Date.now();
    // Never sooner than a host that failed asked: the schedule starts over, its wait does not. A new
    // source's host asked nothing, and its snapshot is not stale (the refresh from it follows, and
    // records its own outcome). With no refresh recorded, the start's check and the first filling see to it.
    const hostAsked = newSource ? 0 : await minutesHostAsked(db, period, now);
    const lastRefresh = newSource ? undefined : await readMeta(db, 'lastRefresh');
    const stale = lastRefresh !== undefined && minutesSince(lastRefresh.at, now) >= period;
    await browser.alarms.create(REFRESH_ALARM, { periodInMinutes: period, delayInMinutes: Math.max(stale ? SOONEST_MINUTES : period, hostAsked) });
  }
  await replaceNextTry(db, await nextTry());
}

/**
 * The failure shown says the next try the alarms hold: a refresh the reader cancelled may have been
 * the try it named (a retry, the scheduled refresh), whose time is now gone by.
 */
export async function sayNextTry(db: MethodLensDb): Promise<void> {
  await replaceNextTry(db, await nextTry());
}

/** The next try the alarms hold: the earliest of the scheduled refresh and a retry. */
async function nextTry(): Promise<NextTry | null> {
  let next: NextTry | null = null;
  for (const alarm of await browser.alarms.getAll()) {
    const retry = retryNumber(alarm.name);
    if (alarm.name !== REFRESH_ALARM && retry === null) continue;
    if (next === null || alarm.scheduledTime < next.at) next = { at: alarm.scheduledTime, retry };
  }
  return next;
}

/**
 * At every start of the background: a browser may drop alarms when it restarts. A missing or
 * outdated alarm is set again, first due when the last successful refresh (`lastRefreshAt`) is one
 * period old (at once if it already is); an alarm in step with the settings is left running.
 */
export async function ensureRefreshScheduled(db: MethodLensDb, lastRefreshAt: string | null, now: Date = new Date()): Promise<void> {
  const [period, alarm] = await Promise.all([wantedPeriod(db), browser.alarms.get(REFRESH_ALARM)]);
  if (period === null) {
    // No schedule (its settings changed while the background was not running to hear it): nothing is
    // tried again by itself, and the failure shown no longer says it will be.
    await Promise.all([alarm && browser.alarms.clear(REFRESH_ALARM), clearRetries()]);
    await replaceNextTry(db, null);
    return;
  }
  const reset = alarm?.periodInMinutes !== period;
  if (reset) {
    const sinceLast = minutesSince(lastRefreshAt, now.getTime());
    const delayInMinutes = Math.max(SOONEST_MINUTES, period - sinceLast, await minutesHostAsked(db, period, now.getTime()));
    await browser.alarms.create(REFRESH_ALARM, { periodInMinutes: period, delayInMinutes });
  }
  const replanned = await ensureRetryPlanned(db, now.getTime());
  // The failure shown says when the next try now is: the scheduled refresh, set again, may come first.
  if (reset || replanned) await replaceNextTry(db, await nextTry());
}

/**
 * Minutes from the last successful refresh (`lastRefreshAt`) to `now`. None, or an unreadable time,
 * counts as long ago; one in the future (the clock was ahead) as just now: the next refresh is never
 * more than one period off.
 */
function minutesSince(lastRefreshAt: string | null, now: number): number {
  const lastAt = lastRefreshAt === null ? Number.NaN : Date.parse(lastRefreshAt);
  return Number.isNaN(lastAt) ? Infinity : Math.max(0, (now - lastAt) / 60_000);
}

/**
 * The wait a host asked for with `Retry-After` at a failure, in minutes: up to a day, or one period
 * where that is longer, so that a broken header cannot stop refreshes for good.
 */
function hostWaitMinutes(error: RefreshError, period: number): number {
  return Math.min(Math.max(period, DAY_MINUTES), (error.retry?.afterSeconds ?? 0) / 60);
}

/** Minutes from `now` until the wait the host asked for at the last failure ends; 0 when it has, or none was asked. */
async function minutesHostAsked(db: MethodLensDb, period: number, now: number): Promise<number> {
  const error = await readMeta(db, 'lastError');
  if (!error) return 0;
  const minutes = (Date.parse(error.at) - now) / 60_000 + hostWaitMinutes(error, period);
  return Number.isFinite(minutes) ? Math.min(Math.max(0, minutes), hostWaitMinutes(error, period)) : 0;
}

/**
 * A retry the last failure says is planned, whose alarm the browser dropped (Firefox keeps no alarm
 * across a restart, Chrome none across an update), is planned again. One whose time has passed (or
 * all but) is not: its alarm fired (its refresh may be running now), or the browser was closed then.
 */
async function ensureRetryPlanned(db: MethodLensDb, now: number): Promise<boolean> {
  const [error, alarms] = await Promise.all([readMeta(db, 'lastError'), browser.alarms.getAll()]);
  if (error?.nextRetry === undefined || error.nextTryAt === undefined) return false;
  const at = Date.parse(error.nextTryAt);
  // Half a minute of margin: a timer may fire a little early, before the time it was set for.
  if (!(at > now + SOONEST_MINUTES * 60_000) || alarms.some((alarm) => retryNumber(alarm.name) !== null)) return false;
  await browser.alarms.create(`${RETRY_ALARM_PREFIX}${error.nextRetry}`, { when: at });
  return true;
}

/** The number of the retry an alarm is for; null for any other alarm. */
export function retryNumber(alarmName: string): number | null {
  if (!alarmName.startsWith(RETRY_ALARM_PREFIX)) return null;
  const number = Number(alarmName.slice(RETRY_ALARM_PREFIX.length));
  return Number.isInteger(number) && number > 0 ? number : null;
}

/** Minutes to wait before retry number `number` (from 1). */
export function retryWaitMinutes(number: number): number {
  return RETRY_MINUTES[Math.min(number, RETRY_MINUTES.length) - 1]!;
}

/** Takes back any retry planned: a refresh succeeded, or the schedule starts over. */
export async function clearRetries(): Promise<void> {
  const alarms = await browser.alarms.getAll();
  await Promise.all(alarms.filter((alarm) => retryNumber(alarm.name) !== null).map((alarm) => browser.alarms.clear(alarm.name)));
}

/**
 * After a failed refresh of the chosen source, which would be retry number `number`: plans when the
 * background tries again, and returns that time (null: it will not, with no schedule).
 * - A failure time may mend (`error.retry`) is tried again before the next scheduled refresh, after
 *   5 min, 15 min, 1 h, then every 4 h; never sooner than the host asked (`Retry-After`).
 * - Other failures wait for the next scheduled refresh: trying again sooner would fail the same way.
 * - A host asking to wait past the next scheduled refresh puts that one off too: by up to a day, or
 *   one period where that is longer (a broken header must not stop refreshes for good).
 */
export async function planRetry(db: MethodLensDb, error: RefreshError, number: number, now: number = Date.now()): Promise<NextTry | null> {
  const [period, scheduled] = await Promise.all([wantedPeriod(db), browser.alarms.get(REFRESH_ALARM), clearRetries()]);
  if (period === null) return null;
  let next = scheduled?.scheduledTime ?? null;
  const askedMinutes = hostWaitMinutes(error, period);
  const asked = now + askedMinutes * 60_000;
  if (askedMinutes > 0 && (next === null || next < asked)) {
    await browser.alarms.create(REFRESH_ALARM, { periodInMinutes: period, when: asked });
    next = asked;
  }
  const scheduledNext = next === null ? null : { at: next, retry: null };
  if (!error.retry) return scheduledNext;
  const retryAt = now + Math.max(SOONEST_MINUTES, retryWaitMinutes(number), askedMinutes) * 60_000;
  if (next !== null && next <= retryAt) return scheduledNext;
  await browser.alarms.create(`${RETRY_ALARM_PREFIX}${number}`, { when: retryAt });
  return { at: retryAt, retry: number };
}
