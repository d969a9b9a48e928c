/** The toolbar badge: how many superseded methods the tab's page mentions. */
import { browser } from 'wxt/browser';
import { STATUS_COLORS } from '@/lib/theme/status-colors';

export async function showSupersededCount(tabId: number, count: number): Promise<void> {
  const { action } = browser;
  await action.setBadgeText({ tabId, text: count > 0 ? String(count) : '' });
  if (count > 0) await action.setBadgeBackgroundColor({ tabId, color: STATUS_COLORS['heavily superseded'] });
  await action.setTitle({
    tabId,
    title: count > 0 ? `Method Lens: ${count} superseded ${count === 1 ? 'method' : 'methods'} on this page` : 'Method Lens',
  });
}
