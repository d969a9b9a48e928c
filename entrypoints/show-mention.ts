/**
 * The popup's "Show on page" (`lib/content/reveal-mention.ts`), kept out of the content script: it imports
 * this script the first time the popup asks (`lib/content/show-mention.ts`), in its own isolated world,
 * and takes the function it leaves there.
 */
import { revealMention } from '@/lib/content/reveal-mention';
import { MENTION_REVEALER } from '@/lib/content/show-mention';

export default defineUnlistedScript(() => {
  (globalThis as { [MENTION_REVEALER]?: typeof revealMention })[MENTION_REVEALER] = revealMention;
});
