/**
 * What each tab's content script reported, kept by the background in session storage (so it survives
 * the service worker being stopped; the popup reads it there too), and forgotten when the tab closes
 * or its page goes (the content script says so: `pageLeft`).
 */
import { z } from 'zod';
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';

/**
 * Checked on reading: a report kept by an earlier version of the extension (session storage may outlive
 * an update) reads as none. Among them, its "being read" report (`reading: true`), which has no time to
 * tell a page still being read from a script that died, so the popup shows that page as not read.
 */
const TabMentionsSchema = z.strictObject({
  url: z.string().nullable(),
  mentions: z.array(z.strictObject({ methodId: z.string(), count: z.number(), names: z.array(z.string()).optional() })),
  paused: z.boolean(),
  /**
   * The page is being read: no pass has reported it read since (`mentions` is empty). When it was last
   * said so, by the background's clock (ms since the epoch).
   */
  readingAt: z.number().optional(),
  /**
   * The reporting page's document (`pageLeft`): the report of the page after it in the tab is not its.
   * None in a report kept by an earlier version: forgotten when its tab closes or reports again.
   */
  document: z.string().optional(),
});
export type TabMentions = z.infer<typeof TabMentionsSchema>;

const KEY_PREFIX = 'tab-mentions-';
const key = (tabId: number) => `session:${KEY_PREFIX}${tabId}` as const;

/** Each tab's last piece of work on its report: the next waits for it, so reports land in the order sent. */
const tabQueues = new Map<number, Promise<unknown>>();

/**
 * Runs `work` on a tab's report after the work asked for before it (a report, forgetting the tab):
 * two reports racing could otherwise leave the badge of the first with the report of the second.
 */
export function inTabOrder<T>(tabId: number, work: () => Promise<T>): Promise<T> {
  const run = (tabQueues.get(tabId) ?? Promise.resolve()).then(work);
  const settled = run.catch(() => {});
  tabQueues.set(tabId, settled);
  void settled.then(() => {
    if (tabQueues.get(tabId) === settled) tabQueues.delete(tabId);
  });
  return run;
}

export function saveTabMentions(tabId: number, value: TabMentions): Promise<void> {
  return storage.setItem<TabMentions>(key(tabId), value);
}

export async function readTabMentions(tabId: number): Promise<TabMentions | null> {
  const parsed = TabMentionsSchema.safeParse(await storage.getItem(key(tabId)));
  return parsed.success ? parsed.data : null;
}

export function forgetTab(tabId: number): Promise<void> {
  return storage.removeItem(key(tabId));
}

/**
 * Forgets the reports of tabs that are no longer open, and returns their ids: run at each start of the
 * worker, since a tab closed while it was stopped or starting may have had its `onRemoved` missed, and
 * session storage would keep that report until the browser closes.
 */
export async function forgetClosedTabs(): Promise<number[]> {
  const [reports, tabs] = await Promise.all([storage.snapshot('session'), browser.tabs.query({})]);
  const open = new Set(tabs.map((tab) => tab.id));
  const closed = Object.keys(reports)
    .filter((name) => name.startsWith(KEY_PREFIX))
    .map((name) => Number(name.slice(KEY_PREFIX.length)))
    .filter((tabId) => Number.isInteger(tabId) && !open.has(tabId));
  await Promise.all(closed.map((tabId) => inTabOrder(tabId, () => forgetTab(tabId))));
  return closed;
}

/**
 * Forgets what the tab reported if its page's `document` reported it, and says whether it did: a page
 * going may say so after the page that follows it in the tab has reported (the same address reloaded).
 */
export async function forgetTabDocument(tabId: number, document: string): Promise<boolean> {
  const reported = await readTabMentions(tabId);
  if (reported?.document !== document) return false;
  await forgetTab(tabId);
  return true;
}
