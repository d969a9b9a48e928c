/**
 * The popup, the options page and the hover card by keyboard and for screen readers, in the built
 * extension in Chromium: focus is never dropped to the page when a control is pressed, nor out of the
 * page when the card closes, and what changes without focus moving (an error, a search that finds
 * nothing) is in a live region.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { REPO_ROOT, blockRealSites, chooseSnapshotSource, launchWithExtension, routeFixture, type ExtensionBrowser } from '../helpers/browser';
import { startSnapshotServer } from '../helpers/snapshot-server';
import { renderSnapshotFiles } from '@/lib/snapshot/files';
import type { TopicDocument } from '@/lib/snapshot/schema';
import { askBackground } from './extension-page';
import { cardIsOpen, hoverCard, waitForScans } from './page-helpers';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchWithExtension();
  await blockRealSites(browser.context);
  await routeFixture(browser.context, 'https://arxiv.org/abs/2406.01234*', 'arxiv-abs-quant.html');
  const page = await browser.context.newPage();
  await page.goto(url('popup.html?view=snapshot'));
  await page.waitForFunction(() => /\d+ methods/.test(document.querySelector('[role=status]')?.textContent ?? ''), null, { timeout: 60_000 });
  await page.close();
});

afterAll(async () => {
  await browser?.close();
});

function url(path: string): string {
  return `chrome-extension://${browser.extensionId}/${path}`;
}

/** What has keyboard focus, described for the failure message. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'BODY (focus lost)';
    return `${element.tagName.toLowerCase()} "${element.getAttribute('aria-label') ?? (element as HTMLElement).innerText ?? ''}"`;
  });
}

/** Runs in the page: the role (or aria-live value) of the live region holding `element`, or 'none'. */
function liveRegionOf(element: Element): string {
  for (let node: Element | null = element; node; node = node.parentElement) {
    const role = node.getAttribute('role');
    const live = node.getAttribute('aria-live');
    if (role === 'alert' || role === 'status') return role;
    if (live && live !== 'off') return `aria-live=${live}`;
  }
  return 'none';
}

/** The name and description Chromium gives each node of `role` in the page, as a screen reader gets them. */
async function accessibleNodes(page: Page, role: string): Promise<{ name: string; description: string }[]> {
  const devtools = await page.context().newCDPSession(page);
  const { nodes } = (await devtools.send('Accessibility.getFullAXTree')) as { nodes: { role?: { value: string }; name?: { value: string }; description?: { value: string } }[] };
  await devtools.detach();
  return nodes.filter((node) => node.role?.value === role).map((node) => ({ name: node.name?.value ?? '', description: node.description?.value ?? '' }));
}

async function openOptions(): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url('options.html'));
  await page.locator('#mute-input').waitFor();
  return page;
}

/** Types a snapshot URL into the options page's field, by keyboard, and submits it with Enter. */
async function enterSourceUrl(page: Page, address: string): Promise<void> {
  await page.getByLabel('Snapshot URL').focus();
  await page.keyboard.type(address);
  await page.keyboard.press('Enter');
}

describe('keyboard focus is never dropped', () => {
  it('Alt+Shift+M is the popup’s shortcut: Chromium gave it the suggested key, no browser shortcut took it', async () => {
    const page = await browser.context.newPage();
    await page.goto(url('options.html'));
    const commands = await page.evaluate(() => chrome.commands.getAll());
    expect(commands.map(({ name, shortcut }) => ({ name, shortcut }))).toEqual([{ name: '_execute_action', shortcut: 'Alt+Shift+M' }]);
    await page.close();
  });

  it('popup Snapshot: Enter on "Refresh now" keeps focus on the button once the refresh ends', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(url('popup.html?view=snapshot'));
    const button = page.getByRole('button', { name: 'Refresh now' });
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => button.isEnabled()).toBe(true); // the refresh has ended
    expect(await focused(page)).toBe('button "Refresh now"');
    await page.close();
  });

  it('options: Enter on "Unmute AWQ" leaves focus in the muted list, not on the page body', async () => {
    const page = await openOptions();
    for (const name of ['awq', 'gptq']) {
      await page.locator('#mute-input').focus();
      await page.keyboard.type(name);
      await expect.poll(() => page.locator('#mute-list [role=option]').count()).toBeGreaterThan(0);
      await page.keyboard.press('Enter');
      // Cleared once stored: typed sooner, the next name would join this one ("awqgptq"), which the field keeps.
      await expect.poll(() => page.locator('#mute-input').inputValue()).toBe('');
    }
    await page.getByRole('button', { name: 'Unmute AWQ' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('button', { name: 'Unmute AWQ' }).count()).toBe(0);
    expect(await focused(page)).not.toBe('BODY (focus lost)');
    await page.getByRole('button', { name: 'Unmute GPTQ' }).click(); // leave the settings as found
    await page.close();
  });

  it('options: Space on "Use the bundled snapshot" leaves focus on a control, not on the page body', async () => {
    const page = await openOptions();
    await enterSourceUrl(page, 'http://localhost:9/index.json');
    await expect.poll(() => page.locator('.current-source').innerText()).toContain('localhost:9');
    const useUrlFocus = await focused(page); // "Use this URL" is disabled once saved: was focus on it lost?
    const bundled = page.getByRole('button', { name: 'Use the bundled snapshot' });
    await bundled.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => bundled.isDisabled()).toBe(true);
    expect({ afterEnterInUrlField: useUrlFocus, afterBundled: await focused(page) }).toEqual({
      afterEnterInUrlField: expect.not.stringContaining('BODY'),
      afterBundled: expect.not.stringContaining('BODY'),
    });
    await page.close();
  });

  it('options: Enter on "Use it again" (the source in use, after another failed) leaves focus on a control, not on the page body', async () => {
    const server = await startSnapshotServer();
    const page = await openOptions();
    try {
      const topic = JSON.parse(await readFile(join(REPO_ROOT, 'public/snapshot/llm-quantization.json'), 'utf8')) as TopicDocument;
      server.serveFiles((await renderSnapshotFiles({ generatedAt: '2026-07-01T00:00:00.000Z', topics: [topic] })).files);
      const working = server.url('/snapshot/index.json');
      await enterSourceUrl(page, working);
      await expect.poll(() => page.locator('.current-source').innerText(), { timeout: 30_000 }).toBe(`In use: ${working}`);
      await page.getByLabel('Snapshot URL').fill('');
      await enterSourceUrl(page, 'http://localhost:9/index.json');
      const useAgain = page.getByRole('button', { name: 'Use it again' });
      await useAgain.focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator('.current-source').innerText()).toBe(`In use: ${working}`);
      expect(await focused(page)).not.toBe('BODY (focus lost)');
    } finally {
      await page.getByRole('button', { name: 'Use the bundled snapshot' }).click(); // leave the source as found
      await page.close();
      await server.close();
    }
  });
  it('popup: the "Refreshing N%" pill or its Cancel button, focused when the refresh ends, leaves focus on a control, not on the page body', { timeout: 120_000 }, async () => {
    const server = await startSnapshotServer();
    const page = await browser.context.newPage();
    const topic = JSON.parse(await readFile(join(REPO_ROOT, 'public/snapshot/llm-quantization.json'), 'utf8')) as TopicDocument;
    /** A new snapshot (its topic changed too) whose topic file the host holds back until `answer` is called. */
    const serveHeld = async (generatedAt: string) => {
      const changed = { ...topic, topic: { ...topic.topic, description: `As of ${generatedAt}.` } };
      server.serveFiles((await renderSnapshotFiles({ generatedAt, topics: [changed] })).files);
      const topicPath = [...server.routes.keys()].find((path) => !path.endsWith('/index.json'))!;
      let answer!: () => void;
      server.routes.get(topicPath)!.hold = new Promise<void>((resolve) => (answer = resolve));
      return answer;
    };
    const focusAfterRefreshEnds = async (control: ReturnType<Page['getByRole']>, answer: () => void) => {
      await control.focus({ timeout: 15_000 });
      answer();
      await expect.poll(() => control.count(), { timeout: 30_000 }).toBe(0);
      return focused(page);
    };
    try {
      await page.setViewportSize({ width: 400, height: 600 });
      await page.goto(url('popup.html?view=topic'));
      let answer = await serveHeld('2026-07-01T00:00:00.000Z');
      await chooseSnapshotSource(page, { kind: 'url', url: server.url('/snapshot/index.json') });
      const afterPill = await focusAfterRefreshEnds(page.getByRole('link', { name: /^Refreshing \d+%$/ }), answer);
      answer = await serveHeld('2026-07-02T00:00:00.000Z');
      const refreshed = askBackground(page, 'startRefresh', {}); // answered once the refresh ends
      const afterCancel = await focusAfterRefreshEnds(page.getByRole('button', { name: 'Cancel refresh' }), answer);
      expect((await refreshed).value).toMatchObject({ ok: true });
      // On to the control after them, as Tab would go: the first of the views.
      expect({ afterPill, afterCancel }).toEqual({ afterPill: 'a "This page"', afterCancel: 'a "This page"' });
    } finally {
      await chooseSnapshotSource(page, { kind: 'bundled' }); // leave the source as found
      await expect
        .poll(async () => (await askBackground<{ source: string; progress: unknown }>(page, 'getSnapshotInfo', {})).value, { timeout: 30_000 })
        .toMatchObject({ source: url('snapshot/index.json'), progress: null });
      await page.close();
      await server.close();
    }
  });
});

describe('the hover card by keyboard', () => {
  /** The abstract's AWQ rested on, its card Tabbed into with nothing focused on the page before, and closed by `key`. */
  async function tabbedIntoCardAndClosed(key: 'Escape' | 'Tab'): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    await hoverCard(page, 'AWQ');
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.querySelector('method-lens-card')?.shadowRoot?.activeElement?.textContent)).toBe('Open full record');
    await page.keyboard.press(key);
    await expect.poll(() => cardIsOpen(page)).toBe(false);
    return page;
  }

  /** Where the next Tab (or Shift+Tab) lands: an element of the page, or the browser's own toolbar. */
  async function afterNext(page: Page, key: 'Tab' | 'Shift+Tab'): Promise<string> {
    await page.keyboard.press(key);
    return page.evaluate(() => (document.hasFocus() ? `${document.activeElement!.tagName.toLowerCase()} "${document.activeElement!.textContent!.trim()}"` : 'out of the page'));
  }

  it.each(['Escape', 'Tab'] as const)('the card closed with %s, the next Tab goes on from its name, not out of the page to the browser’s toolbar', async (key) => {
    const page = await tabbedIntoCardAndClosed(key);
    // The abstract's next link is "Cite as"'s.
    expect(await afterNext(page, 'Tab')).toBe('a "arXiv:2406.01234"');
    await page.close();
  });

  it('Tabbed into, the card is heard with what it says of the method, not only its name and its control', async () => {
    const page = await browser.context.newPage();
    await page.goto('https://arxiv.org/abs/2406.01234');
    await waitForScans(page);
    await hoverCard(page, 'AWQ');
    await page.keyboard.press('Tab');
    // A screen reader speaks a dialog's name and description as focus enters it, then the control focused.
    expect(await accessibleNodes(page, 'dialog')).toEqual([
      { name: 'Method Lens: AWQ', description: 'heavily superseded a standard baseline that newer methods routinely beat 9 papers critique it · 15 beat it on benchmarks' },
    ]);
    await page.close();
  });

  it('the card closed with Escape, Shift+Tab goes back from its name, to the page’s link before the abstract', async () => {
    const page = await tabbedIntoCardAndClosed('Escape');
    expect(await afterNext(page, 'Shift+Tab')).toBe('a "HTML (experimental)"');
    await page.close();
  });
});

describe('screen readers hear what changes', () => {
  it('options: Enter with an invalid Snapshot URL announces the error (live region or alert)', async () => {
    const page = await openOptions();
    await enterSourceUrl(page, 'ftp://example.org/index.json');
    const error = page.locator('#source-url-error');
    await error.waitFor();
    // Focus stayed in the field (it was already there), so aria-describedby is not re-read: only a live region speaks.
    expect({ focus: await focused(page), liveRegion: await error.evaluate(liveRegionOf) }).toEqual({ focus: 'input ""', liveRegion: 'alert' });
    await page.close();
  });

  it('popup Search: typing a name with no match announces "No method or alias starts with …"', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(url('popup.html?view=search'));
    await page.getByRole('combobox').waitFor();
    // The live region is present before anything is typed, so that its first words are heard; the note seen takes no room then.
    expect(await page.locator('.combobox [role=status]').textContent()).toBe('');
    expect(await page.locator('.combobox-empty').evaluate((element) => getComputedStyle(element).display)).toBe('none');
    await page.keyboard.type('zzzq');
    const note = page.getByRole('status').filter({ hasText: 'No method or alias starts with' });
    await note.waitFor();
    // The field keeps focus and the list stays hidden: nothing else tells a screen reader the search found nothing.
    expect(await note.evaluate(liveRegionOf)).toBe('status');
    await page.close();
  });
  it('popup Search: typing on through a name with no match announces "No method or alias starts with …" once, when the typing stops', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(url('popup.html?view=search'));
    await page.getByRole('combobox').waitFor();
    // What a screen reader hears: each new text of a live region in the search, less what is aria-hidden.
    await page.evaluate(() => {
      const heard: string[] = [];
      (window as unknown as { heard: string[] }).heard = heard;
      const spoken = (node: Node): string =>
        node instanceof Element ? (node.getAttribute('aria-hidden') === 'true' ? '' : Array.from(node.childNodes, spoken).join('')) : (node.textContent ?? '');
      const last = new Map<Element, string>();
      const combobox = document.querySelector('.combobox')!;
      new MutationObserver(() => {
        for (const region of combobox.querySelectorAll('[role=status], [role=alert], [aria-live]:not([aria-live=off])')) {
          const text = spoken(region).trim();
          if (text && text !== last.get(region)) heard.push(text);
          last.set(region, text);
        }
      }).observe(combobox, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await page.keyboard.type('zzzq', { delay: 150 }); // a reader typing steadily
    await page.locator('.combobox-empty', { hasText: '“zzzq”' }).waitFor();
    await page.waitForTimeout(2_000);
    expect(await page.evaluate(() => (window as unknown as { heard: string[] }).heard)).toEqual(['No method or alias starts with “zzzq”.']);
    await page.close();
  });
  it('options: each option of the mute picker tells a screen reader what a sighted reader sees: the alias matched, the topic, the status', async () => {
    const page = await openOptions();
    const heardOptions = async () =>
      (await accessibleNodes(page, 'option')).filter(({ name }) => name.startsWith('Mute ')).map(({ name, description }) => `${name} | ${description}`);
    await page.locator('#mute-input').focus();
    await page.keyboard.type('glvq');
    await expect.poll(heardOptions).toEqual(['Mute Grouped Lattice Vector Quantization | (as GLVQ) LLM quantization no status in the KB']);
    await page.locator('#mute-input').fill('');
    await page.keyboard.type('awq');
    await expect.poll(heardOptions).toEqual(['Mute AWQ | LLM quantization heavily superseded']);
    await page.close();
  });
  it('popup record: each source paper heading the losses it reports is named by its title once, its links by what they search', async () => {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 400, height: 600 });
    await page.goto(url('popup.html?method=awq'));
    await page.locator('.loss-table').waitFor();
    const title = 'SEPTQ: A Simple and Effective Post-Training Quantization Paradigm for Large Language Models';
    // Each cell below is heard with its row header: the title, not the title and both links' labels.
    expect((await accessibleNodes(page, 'rowheader'))[0]?.name).toBe(title);
    const links = page.locator('.loss-source').first().getByRole('link');
    expect(await links.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label')))).toEqual([
      `Search arXiv for “${title}”`,
      `Search Semantic Scholar for “${title}”`,
    ]);
    await page.close();
  });
});
