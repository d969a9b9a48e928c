/** The toolbar badge: how many superseded methods the tab's page mentions. */
import { browser } from 'wxt/browser';
import { STATUS_COLORS } from '@/lib/theme/status-colors';
import { countSuperseded } from '@/lib/page-summary';
import { formatCount } from '@/lib/format';
import type { Status } from '@/lib/snapshot/status';

/** The count of the page's superseded `methods`, in the colour of the most superseded status among them (none: no count). */
export async function showSupersededCount(tabId: number, methods: readonly { status: Status | null }[] = []): Promise<void> {
  try {
    await setBadge(tabId, methods);
  } catch (error) {
    // The tab was closed while its report or navigation was being handled: no badge to show, and
    // nothing wrong (the browser refuses a closed tab's badge).
    if (await browser.tabs.get(tabId).then(() => true, () => false)) throw error;
  }
}

async function setBadge(tabId: number, methods: readonly { status: Status | null }[]): Promise<void> {
  const { action } = browser;
  const count = countSuperseded(methods);
  const worst = methods.some((method) => method.status === 'heavily superseded') ? 'heavily superseded' : 'superseded';
  await action.setBadgeText({ tabId, text: count > 0 ? badgeText(count) : '' });
  if (count > 0) {
    await action.setBadgeBackgroundColor({ tabId, color: STATUS_COLORS[worst] });
    // The number in the colour that stands out most from its ground: 4.9:1 black on superseded's orange (white, 4.2:1).
    await action.setBadgeTextColor({ tabId, color: worst === 'superseded' ? '#000000' : '#ffffff' });
  }
  await action.setTitle({
    tabId,
    title: count > 0 ? `Method Lens: ${formatCount(count)} superseded ${count === 1 ? 'method' : 'methods'} on this page` : 'Method Lens',
  });
}

/**
 * The count as the badge has room for it. Chromium draws at most 23 px of the badge's text and cuts the
 * rest: "999" fills it in bold DejaVu Sans (Linux), "1234" would show as "123". Past three digits the
 * count is said in thousands, as wide as three digits ("1k+" for 1,234), and "9k+" stays the most it says
 * (20,000 as "20k+" would be cut again); the tooltip has the whole count.
 */
function badgeText(count: number): string {
  return count < 1_000 ? String(count) : `${Math.min(9, Math.floor(count / 1_000))}k+`;
}
