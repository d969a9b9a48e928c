/** "Show on page": the popup asks a tab's content script to show one of a method's mentions. */
import { sendToTab } from '@/lib/messaging/client';
import type { MentionShown } from '@/lib/messaging/protocol';

/** Asks the tab's page to show the method's mention at `index` (in the page's order). */
export type ShowMention = (methodId: string, index: number) => Promise<MentionShown>;

export const showMentionOn =
  (tabId: number): ShowMention =>
  (methodId, index) =>
    sendToTab(tabId, 'showMention', { methodId, index });
