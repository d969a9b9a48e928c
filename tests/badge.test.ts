/** The toolbar badge: the count of the page's superseded methods, short enough for the room the browser gives it. */
import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing';
import { showSupersededCount } from '@/lib/background/badge';

beforeEach(() => {
  fakeBrowser.reset();
});

/** `count` superseded methods, one of them heavily superseded, and one method with no status. */
const methods = (count: number) => [
  { status: 'heavily superseded' as const },
  ...Array.from({ length: count - 1 }, () => ({ status: 'superseded' as const })),
  { status: null },
];

describe('showSupersededCount', () => {
  it('shows a count of up to three digits as it is, and says it in the tooltip', async () => {
    await showSupersededCount(3, methods(999));
    expect(await browser.action.getBadgeText({ tabId: 3 })).toBe('999');
    expect(await browser.action.getTitle({ tabId: 3 })).toBe('Method Lens: 999 superseded methods on this page');
  });

  it('shortens a count of four digits or more to the thousands (Chromium cuts what is wider than "999"), the tooltip keeping it whole', async () => {
    await showSupersededCount(3, methods(1_000));
    expect(await browser.action.getBadgeText({ tabId: 3 })).toBe('1k+');
    await showSupersededCount(3, methods(9_999));
    expect(await browser.action.getBadgeText({ tabId: 3 })).toBe('9k+');
    await showSupersededCount(3, methods(20_000));
    expect(await browser.action.getBadgeText({ tabId: 3 })).toBe('9k+');
    expect(await browser.action.getTitle({ tabId: 3 })).toBe('Method Lens: 20,000 superseded methods on this page');
  });
});
