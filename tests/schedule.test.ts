/**
 * Automatic refreshes: none for the bundled snapshot, daily by default for a URL, the reader's
 * interval when set, and an alarm the browser dropped is set again at the next start — due when the
 * last refresh is one period old, not a whole period later.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { browser } from 'wxt/browser';
import { REFRESH_ALARM, ensureRefreshScheduled, retryNumber, retryWaitMinutes, scheduleRefresh } from '@/lib/background/schedule';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { refreshIntervalHours } from '@/lib/settings/items';
import { openDb, type MethodLensDb } from '@/lib/store/db';
import { saveSnapshotSource } from '@/lib/store/source';
import { recordSuccess } from '@/lib/store/status';

const URL_SOURCE = { kind: 'url' as const, url: 'https://kb.example/index.json' };
const NOW = new Date('2026-06-01T12:00:00Z');

let db: MethodLensDb;
beforeEach(() => {
  fakeBrowser.reset();
  db = openDb({ name: `schedule-${Math.random()}`, indexedDB: new IDBFactory(), IDBKeyRange });
});

const alarm = () => browser.alarms.get(REFRESH_ALARM);

describe('scheduleRefresh', () => {
  it('sets no alarm for the bundled snapshot, and clears one that was set', async () => {
    await browser.alarms.create(REFRESH_ALARM, { periodInMinutes: 60 });
    await scheduleRefresh(db);
    expect(await alarm()).toBeUndefined();
  });

  it('refreshes a URL source daily by default, or at the interval the reader chose; 0 turns it off', async () => {
    await saveSnapshotSource(db, URL_SOURCE);
    await scheduleRefresh(db);
    expect((await alarm())?.periodInMinutes).toBe(24 * 60);
    await refreshIntervalHours.setValue(6);
    await scheduleRefresh(db);
    expect((await alarm())?.periodInMinutes).toBe(6 * 60);
    await refreshIntervalHours.setValue(0);
    await scheduleRefresh(db);
    expect(await alarm()).toBeUndefined();
  });
  it('checks soon (in 30 s), as a start would, when turned on with a snapshot older than the new period; a period away otherwise', async () => {
    await saveSnapshotSource(db, URL_SOURCE);
    await refreshIntervalHours.setValue(0);
    await scheduleRefresh(db);
    // Refreshed three days ago, before the reader chose Never; now daily again.
    await recordSuccess(db, { at: new Date(Date.now() - 3 * 24 * 3_600_000).toISOString(), ok: true, outcome: 'updated', topicsChanged: 1, methods: 6 });
    await refreshIntervalHours.setValue(24);
    await scheduleRefresh(db);
    expect(Math.round(((await alarm())!.scheduledTime - Date.now()) / 1000)).toBe(30);
    expect((await alarm())?.periodInMinutes).toBe(24 * 60);
    // A snapshot younger than the period: the schedule starts over from now.
    await recordSuccess(db, { at: new Date(Date.now() - 3_600_000).toISOString(), ok: true, outcome: 'up to date', topicsChanged: 0, methods: 6 });
    await refreshIntervalHours.setValue(6);
    await scheduleRefresh(db);
    expect(Math.round(((await alarm())!.scheduledTime - Date.now()) / 60_000)).toBe(6 * 60);
  });
});

describe('ensureRefreshScheduled, at each start of the background', () => {
  it('leaves an alarm in step with the settings running', async () => {
    await saveSnapshotSource(db, URL_SOURCE);
    await browser.alarms.create(REFRESH_ALARM, { periodInMinutes: 24 * 60, when: NOW.getTime() + 5 * 60_000 });
    await ensureRefreshScheduled(db, '2026-06-01T00:00:00Z', NOW);
    expect((await alarm())?.scheduledTime).toBe(NOW.getTime() + 5 * 60_000);
  });

  it('sets a dropped alarm again, due one period after the last refresh', async () => {
    await saveSnapshotSource(db, URL_SOURCE);
    await ensureRefreshScheduled(db, '2026-06-01T02:00:00Z', NOW);
    const due = (await alarm())!;
    expect(due.periodInMinutes).toBe(24 * 60);
    // Ten hours after the last refresh: due in fourteen.
    expect(Math.round((due.scheduledTime - Date.now()) / 60_000)).toBe(14 * 60);
  });

  it('runs at once (in 30 s) when the last refresh is older than a period, or there was none', async () => {
    await saveSnapshotSource(db, URL_SOURCE);
    await ensureRefreshScheduled(db, '2026-05-20T00:00:00Z', NOW);
    expect(Math.round(((await alarm())!.scheduledTime - Date.now()) / 1000)).toBe(30);
    fakeBrowser.reset();
    await saveSnapshotSource(db, URL_SOURCE);
    await ensureRefreshScheduled(db, null, NOW);
    expect(Math.round(((await alarm())!.scheduledTime - Date.now()) / 1000)).toBe(30);
  });

  it('replaces an alarm of another period, and clears one the bundled source does not need', async () => {
    await saveSnapshotSource(db, URL_SOURCE);
    await refreshIntervalHours.setValue(12);
    await browser.alarms.create(REFRESH_ALARM, { periodInMinutes: 24 * 60 });
    await ensureRefreshScheduled(db, NOW.toISOString(), NOW);
    expect((await alarm())?.periodInMinutes).toBe(12 * 60);
    await saveSnapshotSource(db, { kind: 'bundled' });
    await ensureRefreshScheduled(db, NOW.toISOString(), NOW);
    expect(await alarm()).toBeUndefined();
  });

  it('never puts the next refresh more than one period off: a last refresh dated in the future counts as just now', async () => {
    await saveSnapshotSource(db, URL_SOURCE);
    // The last refresh ran while the system clock was a month ahead; the clock was then corrected.
    await ensureRefreshScheduled(db, new Date(NOW.getTime() + 30 * 24 * 3_600_000).toISOString(), NOW);
    expect(Math.round(((await alarm())!.scheduledTime - Date.now()) / 60_000)).toBe(24 * 60);
  });

  it('sets the next refresh due at once when the stored last refresh time cannot be read', async () => {
    await saveSnapshotSource(db, URL_SOURCE);
    await ensureRefreshScheduled(db, 'not a date', NOW);
    expect(Math.round(((await alarm())!.scheduledTime - Date.now()) / 1000)).toBe(30);
  });
});

describe('retry alarms', () => {
  it('are told by their name and number; any other alarm, or a malformed number, is none', () => {
    expect(['method-lens-refresh-retry:1', 'method-lens-refresh-retry:12'].map(retryNumber)).toEqual([1, 12]);
    expect([REFRESH_ALARM, 'method-lens-refresh-retry:', 'method-lens-refresh-retry:0', 'method-lens-refresh-retry:1.5', 'method-lens-refresh-retry:x', 'other'].map(retryNumber)).toEqual([
      null, null, null, null, null, null,
    ]);
  });

  it('wait longer each time, the last wait repeating', () => {
    expect([1, 2, 3, 4, 5, 50].map(retryWaitMinutes)).toEqual([5, 15, 60, 240, 240, 240]);
  });
});
