/** The toolbar badge: how many superseded methods the tab's page mentions. */
import { browser } from 'wxt/browser';
import { STATUS_COLORS } from '@/lib/theme/status-colors';

export async function showSupersededCount(tabId: number, count: number): Promise<void> {
  const { action } = browser;
  await action.setBadgeText({ tabId, text: count > 0 ? String(count) : '' });
  // Set for no count too: the tab's own colour tells that the badge was set for the document it shows.
  await action.setBadgeBackgroundColor({ tabId, color: STATUS_COLORS['heavily superseded'] });
  await action.setTitle({
    tabId,
    title: count > 0 ? `Method Lens: ${count} superseded ${count === 1 ? 'method' : 'methods'} on this page` : 'Method Lens',
  });
}

/**
 * Whether the tab still shows the document its badge was set for. The browser takes a tab's own badge
 * values away when the tab loads another document, at the same address too (a reload, one that failed
 * included), but not when the page changes its own address (`history.pushState`): the tab's events
 * tell neither apart.
 */
export async function badgeSetForShownDocument(tabId: number): Promise<boolean> {
  const { action } = browser;
  const [own, fallback] = await Promise.all([action.getBadgeBackgroundColor({ tabId }), action.getBadgeBackgroundColor({})]);
  return JSON.stringify(own) !== JSON.stringify(fallback);
}
