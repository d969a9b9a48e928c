/** Automatic refreshes with `alarms`: daily by default, never for the bundled snapshot. */
import { browser } from 'wxt/browser';
import { refreshIntervalHours, snapshotSource } from '@/lib/settings/items';

export const REFRESH_ALARM = 'method-lens-refresh';

export async function scheduleRefresh(): Promise<void> {
  const [source, hours] = await Promise.all([snapshotSource.getValue(), refreshIntervalHours.getValue()]);
  await browser.alarms.clear(REFRESH_ALARM);
  if (source.kind === 'bundled' || !(hours > 0)) return;
  await browser.alarms.create(REFRESH_ALARM, { periodInMinutes: hours * 60, delayInMinutes: hours * 60 });
}
