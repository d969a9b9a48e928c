/**
 * The options page in Debian's Chromium with the built extension: the snapshot URL checked as it is
 * typed, a saved URL source refreshed from a local server, "Refresh now", back to the bundled
 * snapshot; the refresh interval, marks and site switches, muted methods (also while another page
 * changes the list under the setting's lock); every control restored after a reload, and a muted
 * method left unmarked on an arXiv page; axe-core finds nothing serious in the light or the dark theme.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { EXTENSION_DIR, REPO_ROOT, blockRealSites, launchWithExtension, routeFixture, storedSnapshotSource, type ExtensionBrowser } from '../helpers/browser';
import { startSnapshotServer, type SnapshotServer } from '../helpers/snapshot-server';
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import type { TopicDocument } from '@/lib/snapshot/schema';
import { readMarks, seriousViolations, waitForScans } from './page-helpers';


let browser: ExtensionBrowser;
let extensionCopy: string;
let server: SnapshotServer;
let page: Page;
let servedTopic: TopicDocument;

beforeAll(async () => {
  // A private copy: a rebuild into .output while the suite runs cannot change the extension under it.
  extensionCopy = await mkdtemp(join(tmpdir(), 'method-lens-options-e2e-'));
  await cp(EXTENSION_DIR, extensionCopy, { recursive: true });
  browser = await launchWithExtension(extensionCopy);
  await blockRealSites(browser.context);
  await routeFixture(browser.context, 'https://arxiv.org/abs/2406.01234*', 'arxiv-abs-quant.html');
  server = await startSnapshotServer();
  servedTopic = JSON.parse(await readFile(join(REPO_ROOT, 'public/snapshot/llm-quantization.json'), 'utf8')) as TopicDocument;
  // Differs from the bundled topic, so switching to the server downloads it ("Updated").
  servedTopic.methods.find((method) => method.id === 'awq')!.aliases.push('Served-From-127');
  const { files } = await renderSnapshotFiles({ generatedAt: '2026-07-01T00:00:00.000Z', topics: [servedTopic] });
  server.serveFiles(files);
  page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.getByLabel('Snapshot URL').waitFor();
  await page.waitForFunction(async () => {
    const reply = await chrome.runtime.sendMessage({ direction: 'page→background', type: 'getSnapshotInfo', payload: {} });
    return reply?.ok && reply.value.totals.methods > 0 && reply.value.progress === null;
  }, null, { timeout: 30_000, polling: 200 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (extensionCopy) await rm(extensionCopy, { recursive: true, force: true });
});

function stored<T>(key: string): Promise<T | undefined> {
  return page.evaluate(async (name) => (await chrome.storage.local.get(name))[name], key) as Promise<T | undefined>;
}

/**
 * The refresh's live region, in the Snapshot source section: the mute picker below has a live region
 * of its own (role="status" too), where a search that finds nothing is said.
 */
function refreshStatus() {
  return page.getByRole('region', { name: 'Snapshot source' }).getByRole('status');
}

async function sourceOfSnapshot(): Promise<string | null> {
  return page.evaluate(async () => {
    const reply = await chrome.runtime.sendMessage({ direction: 'page→background', type: 'getSnapshotInfo', payload: {} });
    return reply?.ok && reply.value.progress === null ? reply.value.source : null;
  });
}

// Steps of one story each: a describe's tests run in order (`shuffle: false`); describes do not depend on one another.
describe('options: snapshot source', { shuffle: false }, () => {
  it('checks the address as it is typed, after a pause, and refuses to save a bad one', async () => {
    const field = page.getByLabel('Snapshot URL');
    const save = page.getByRole('button', { name: 'Use this URL' });
    const before = await storedSnapshotSource(page);
    await field.fill('');
    await field.pressSequentially('ftp:');
    expect(await page.locator('#source-url-error').count()).toBe(0); // half-typed: not flagged yet
    await field.fill('ftp://example.org/index.json');
    await expect.poll(() => page.locator('#source-url-error').textContent()).toBe('Addresses starting with ftp: are not allowed; use https://.');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    await save.click();
    expect(await storedSnapshotSource(page)).toEqual(before); // never saved
    expect(await field.evaluate((input) => input === document.activeElement)).toBe(true);
    await field.fill('http://example.org/index.json');
    await expect.poll(() => page.locator('#source-url-error').textContent()).toContain('Use https://');
    await field.fill('not an address');
    await expect.poll(() => page.locator('#source-url-error').textContent()).toContain('That is not a web address');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('saves a 127.0.0.1 address, refreshes from it, and refreshes again on request', async () => {
    const url = server.url('/snapshot/index.json');
    await page.getByLabel('Snapshot URL').fill(url);
    expect(await page.locator('#source-url-error').count()).toBe(0);
    await page.getByRole('button', { name: 'Use this URL' }).click();
    await expect.poll(() => storedSnapshotSource(page)).toEqual({ kind: 'url', url });
    // Kept in the extension's own store: nothing of it where content scripts read, or are told of changes.
    expect(await page.evaluate(() => chrome.storage.local.get(null))).not.toHaveProperty('snapshotSource');
    await expect.poll(() => sourceOfSnapshot(), { timeout: 30_000 }).toBe(url);
    await expect.poll(() => refreshStatus().innerText(), { timeout: 30_000 }).toMatch(/^New snapshot loaded .* · 40 methods$/);
    expect(await page.locator('.current-source').innerText()).toBe(`In use: ${url}`);
    expect(await page.locator('.source-pending').count()).toBe(0);

    const indexRequests = server.requestCount('/snapshot/index.json');
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => server.requestCount('/snapshot/index.json')).toBe(indexRequests + 1);
    await expect.poll(() => refreshStatus().innerText(), { timeout: 30_000 }).toMatch(/^Up to date \(checked .*\) · 40 methods$/);
  });

  it('shows a failing refresh’s error in plain words, and when the background tries again by itself', async () => {
    server.routes.set('/snapshot/index.json', { status: 503, body: 'down for maintenance' });
    await page.getByRole('button', { name: 'Refresh now' }).click();
    await expect.poll(() => refreshStatus().innerText(), { timeout: 30_000 }).toMatch(/The last refresh failed .*answered with HTTP 503.* Method Lens tries again by itself at .*\d\d:\d\d\./);
    // A host down is tried again in 5 minutes, by an alarm beside the scheduled refresh.
    const alarms = await page.evaluate(async () => (await chrome.alarms.getAll()).map((alarm) => ({ name: alarm.name, minutes: Math.round((alarm.scheduledTime - Date.now()) / 60_000) })));
    expect(alarms.find((alarm) => alarm.name.startsWith('method-lens-refresh-retry'))).toEqual({ name: 'method-lens-refresh-retry:1', minutes: 5 });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('goes back to the bundled snapshot', async () => {
    await page.getByRole('button', { name: 'Use the bundled snapshot' }).click();
    await expect.poll(() => storedSnapshotSource(page)).toEqual({ kind: 'bundled' });
    await expect.poll(() => sourceOfSnapshot(), { timeout: 30_000 }).toMatch(/^chrome-extension:\/\/.*\/snapshot\/index\.json$/);
    await expect.poll(() => refreshStatus().innerText(), { timeout: 30_000 }).toMatch(/^New snapshot loaded .* · 40 methods$/);
    expect(await page.locator('.current-source').innerText()).toBe('In use: the snapshot bundled with the extension');
    expect(await page.getByRole('button', { name: 'Use the bundled snapshot' }).isDisabled()).toBe(true);
  });

  it('undoes going back to the bundled snapshot by keyboard, choosing the address used before again', async () => {
    const url = server.url('/snapshot/index.json');
    expect(await page.getByLabel('Snapshot URL').inputValue()).toBe('');
    // Tab goes on from the button pressed to Undo.
    await page.getByRole('button', { name: 'Use the bundled snapshot' }).focus();
    let focused = '';
    for (let presses = 0; presses < 5 && focused !== 'Undo'; presses++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.textContent ?? '');
    }
    expect(focused).toBe('Undo');
    expect(await page.getByRole('button', { name: 'Undo' }).getAttribute('aria-describedby')).toBe('source-undo-note');
    expect(await page.locator('#source-undo-note').innerText()).toBe(`The snapshot bundled with the extension is chosen instead of ${url}.`);
    await page.keyboard.press('Enter');
    await expect.poll(() => storedSnapshotSource(page)).toEqual({ kind: 'url', url });
    await expect.poll(() => page.getByLabel('Snapshot URL').inputValue()).toBe(url);
    expect(await page.getByLabel('Snapshot URL').evaluate((input) => input === document.activeElement)).toBe(true);
    expect(await page.getByRole('button', { name: 'Undo' }).count()).toBe(0);
    // Still failing (HTTP 503): back to the bundled snapshot, for the other stories.
    await expect.poll(() => refreshStatus().innerText(), { timeout: 30_000 }).toMatch(/The last refresh failed .*HTTP 503/);
    await page.getByRole('button', { name: 'Use the bundled snapshot' }).click();
    await expect.poll(() => page.locator('.current-source').innerText(), { timeout: 30_000 }).toBe('In use: the snapshot bundled with the extension');
  });
});

describe('options and popup: a chosen snapshot URL that fails', () => {
  it('is named in the popup’s Snapshot view beside the snapshot still in use, as the options page names it', async () => {
    server.routes.set('/nowhere/index.json', { status: 404, body: 'not here' });
    const url = server.url('/nowhere/index.json');
    await page.getByLabel('Snapshot URL').fill(url);
    await page.getByRole('button', { name: 'Use this URL' }).click();
    await expect.poll(() => refreshStatus().innerText(), { timeout: 30_000 }).toMatch(/The last refresh failed .*HTTP 404/);
    expect(await page.locator('.current-source').innerText()).toBe(`Chosen: ${url}`);
    const popup = await browser.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?view=snapshot`);
    const facts = popup.locator('.facts');
    await facts.waitFor();
    expect(await facts.innerText()).toContain(`Chosen\n${url}, no snapshot loaded from it yet`);
    expect(await seriousViolations(popup)).toEqual([]);
    await popup.close();
    // Back to the bundled snapshot, for the other stories.
    await page.getByRole('button', { name: 'Use the bundled snapshot' }).click();
    await expect.poll(() => page.locator('.current-source').innerText(), { timeout: 30_000 }).toBe('In use: the snapshot bundled with the extension');
  });
});

describe('options: marks and muted methods', () => {
  it('stores the refresh interval, the marks switch and the site switches', async () => {
    await page.getByLabel('Check a URL source for a new snapshot').selectOption('6');
    await expect.poll(() => stored('refreshIntervalHours')).toBe(6);
    await page.getByLabel('Semantic Scholar').uncheck();
    await expect.poll(() => stored('siteSwitches')).toEqual({ arxiv: true, semanticScholar: false });
    await page.getByLabel('Mark method names on paper pages').uncheck();
    await expect.poll(() => stored('marksEnabled')).toBe(false);
    expect(await page.getByLabel('arXiv').isDisabled()).toBe(true);
    await page.getByLabel('Mark method names on paper pages').check();
    await expect.poll(() => stored('marksEnabled')).toBe(true);
  });

  it('mutes a method found by searching, and unmutes it', async () => {
    const box = page.getByRole('combobox', { name: 'Find a method to mute' });
    await box.fill('aw');
    await page.getByRole('option', { name: 'Mute AWQ' }).waitFor();
    await box.press('Enter');
    await expect.poll(() => stored('mutedMethods')).toEqual(['awq']);
    const muted = page.getByRole('list', { name: 'Muted methods' });
    expect(await muted.innerText()).toContain('AWQ');
    // Cleared once the change is stored.
    await expect.poll(() => box.inputValue()).toBe('');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Unmute AWQ' }).click();
    await expect.poll(() => stored('mutedMethods')).toEqual([]);
    expect(await page.getByText('No method is muted.').count()).toBe(1);
  });

  it('mutes after a change another extension page is making to the muted list, keeping both', async () => {
    const box = page.getByRole('combobox', { name: 'Find a method to mute' });
    await box.fill('gptq');
    await page.getByRole('option', { name: 'Mute GPTQ' }).click();
    await expect.poll(() => stored('mutedMethods')).toEqual(['gptq']);
    // Another page of the extension (the popup, unmuting or muting) reads the list, and writes it back a
    // second later, holding the setting's Web Lock as every update does.
    await box.fill('aw');
    const muteAwq = page.getByRole('option', { name: 'Mute AWQ' });
    await muteAwq.waitFor();
    const other = await browser.context.newPage();
    try {
      await other.goto(`chrome-extension://${browser.extensionId}/popup.html?view=snapshot`);
      const otherChange = other.evaluate(() =>
        navigator.locks.request('method-lens:setting:local:mutedMethods', async () => {
          (window as { changing?: boolean }).changing = true;
          const { mutedMethods } = await chrome.storage.local.get('mutedMethods');
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          await chrome.storage.local.set({ mutedMethods: [...(mutedMethods as string[]), 'aqlm'] });
        }),
      );
      await other.waitForFunction(() => (window as { changing?: boolean }).changing === true);
      // Muted while the other page holds the list: this page's update waits, then adds to what it wrote.
      await muteAwq.click();
      await otherChange;
      await expect.poll(() => stored('mutedMethods')).toEqual(['gptq', 'aqlm', 'awq']);
      await expect.poll(() => page.getByRole('list', { name: 'Muted methods' }).getByRole('listitem').count()).toBe(3);
    } finally {
      await other.close();
      await page.evaluate(() => chrome.storage.local.set({ mutedMethods: [] }));
      await page.getByText('No method is muted.').waitFor();
    }
  });
});

describe('options: round trip', { shuffle: false }, () => {
  it('restores every control from storage after a reload', async () => {
    // A snapshot of its own under another address, so saving it is a change whatever ran before.
    const topic = structuredClone(servedTopic);
    topic.methods.find((method) => method.id === 'awq')!.aliases.push('Served-For-Round-Trip');
    const { files } = await renderSnapshotFiles({ generatedAt: '2026-07-01T00:00:00.000Z', topics: [topic] });
    server.serveFiles(files, '/round-trip/');
    const url = server.url('/round-trip/index.json');
    await page.getByLabel('Snapshot URL').fill(url);
    await page.getByRole('button', { name: 'Use this URL' }).click();
    await expect.poll(() => sourceOfSnapshot(), { timeout: 30_000 }).toBe(url);
    await page.getByLabel('Check a URL source for a new snapshot').selectOption('48');
    await page.getByLabel('Semantic Scholar').uncheck();
    await page.getByLabel('Mark method names on paper pages').uncheck();
    const box = page.getByRole('combobox', { name: 'Find a method to mute' });
    await box.fill('awq');
    await page.getByRole('option', { name: 'Mute AWQ' }).click();
    await expect.poll(() => stored('mutedMethods')).toEqual(['awq']);
    await expect.poll(() => stored('marksEnabled')).toBe(false);
    await expect.poll(() => stored('refreshIntervalHours')).toBe(48);

    await page.reload();
    await page.getByLabel('Snapshot URL').waitFor();
    await expect.poll(() => page.getByRole('list', { name: 'Muted methods' }).innerText()).toContain('AWQ');
    expect(await page.getByLabel('Snapshot URL').inputValue()).toBe(url);
    expect(await page.locator('.current-source').innerText()).toBe(`In use: ${url}`);
    expect(await page.getByLabel('Check a URL source for a new snapshot').inputValue()).toBe('48');
    expect(await page.getByLabel('Mark method names on paper pages').isChecked()).toBe(false);
    expect(await page.getByLabel('arXiv').isChecked()).toBe(true);
    expect(await page.getByLabel('arXiv').isDisabled()).toBe(true);
    expect(await page.getByLabel('Semantic Scholar').isChecked()).toBe(false);
    expect(await page.getByRole('button', { name: 'Unmute AWQ' }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Use this URL' }).isDisabled()).toBe(true); // the address in use
    await expect.poll(() => refreshStatus().innerText(), { timeout: 30_000 }).toMatch(/^New snapshot loaded .* · 40 methods$/);
  });

  it('leaves a muted method unmarked on an arXiv page opened afterwards, and marks it again once unmuted', async () => {
    await page.getByLabel('Mark method names on paper pages').check();
    await expect.poll(() => stored('marksEnabled')).toBe(true);
    expect(await stored('mutedMethods')).toEqual(['awq']);
    const marked = async () => {
      const paper = await browser.context.newPage();
      await paper.goto('https://arxiv.org/abs/2406.01234');
      await waitForScans(paper);
      const marks = Object.values((await readMarks(paper)).byHighlight).flat();
      await paper.close();
      return marks;
    };
    const whileMuted = await marked();
    expect(whileMuted).toContain('GPTQ');
    expect(whileMuted).not.toContain('AWQ');

    await page.getByRole('button', { name: 'Unmute AWQ' }).click();
    await expect.poll(() => stored('mutedMethods')).toEqual([]);
    expect(await marked()).toContain('AWQ');
  });
});
