/**
 * What each tab's content script reported, kept in session storage so it survives the service worker
 * being stopped, and forgotten when the tab closes or loads another page.
 */
import { storage } from 'wxt/utils/storage';
import type { PageMention } from '@/lib/page-summary';

export interface TabMentions {
  url: string | null;
  mentions: PageMention[];
  paused: boolean;
}

const key = (tabId: number) => `session:tab-mentions-${tabId}` as const;

export function saveTabMentions(tabId: number, value: TabMentions): Promise<void> {
  return storage.setItem<TabMentions>(key(tabId), value);
}

export function readTabMentions(tabId: number): Promise<TabMentions | null> {
  return storage.getItem<TabMentions>(key(tabId));
}

export function forgetTab(tabId: number): Promise<void> {
  return storage.removeItem(key(tabId));
}
