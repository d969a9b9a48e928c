/**
 * The popup's "Show on page", as the content script answers it: the request checked, the method's marks
 * found, and the work (`lib/content/reveal-mention.ts`) imported from `show-mention.js` on the first one.
 */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { MentionShown } from '@/lib/messaging/protocol';
import type { revealMention } from './reveal-mention';
import { importScript, leftBy, type ExtensionScript } from './extension-scripts';

/** The script that does the work, which leaves `revealMention`. */
export const REVEAL_SCRIPT = '/show-mention.js' as ExtensionScript<typeof revealMention>;

/**
 * The request, checked by hand where `popupToContent.showMention`'s schema would be (this bundle carries no
 * zod): only the extension's own pages can send it (`tabs.sendMessage`). Looser than the schema where that
 * cannot harm: keys it does not know, and an id of any shape (it is only looked up among the page's methods).
 */
export function showMentionRequest(message: unknown): { methodId: string; index: number } | null {
  const { type, payload } = (message ?? {}) as { type?: unknown; payload?: { methodId?: unknown; index?: unknown } };
  if (type !== 'showMention') return null;
  const { methodId, index } = payload ?? {};
  return typeof methodId === 'string' && Number.isSafeInteger(index) && (index as number) >= 0 ? { methodId, index: index as number } : null;
}

/**
 * Answers the popup's requests while the script runs; `marksOf` gives a method's marks shown now. No
 * answer when `show-mention.js` cannot be imported (the extension updated under the page): the popup says
 * the page did not answer.
 */
export function answerShowMention(
  ctx: ContentScriptContext,
  marksOf: (methodId: string) => readonly StaticRange[],
  runScript = () => importScript(REVEAL_SCRIPT),
): void {
  const listener = (message: unknown, _sender: unknown, respond: (answer?: MentionShown) => void) => {
    const request = showMentionRequest(message);
    if (!request || ctx.isInvalid) return;
    runScript()
      .then(() => {
        const reveal = leftBy(REVEAL_SCRIPT);
        return reveal && !ctx.isInvalid ? reveal(ctx, marksOf(request.methodId), request.index) : undefined;
      })
      // Answered whatever happens: the popup waits for it.
      .then(respond, () => respond());
    return true; // answered once the script is in
  };
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
}
