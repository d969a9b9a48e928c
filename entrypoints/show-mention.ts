/**
 * The popup's "Show on page" (`lib/content/reveal-mention.ts`), kept out of the content script: it imports
 * this script the first time the popup asks (`lib/content/show-mention.ts`), in its own isolated world,
 * and takes the function it leaves there.
 */
import { revealMention } from '@/lib/content/reveal-mention';
import { REVEAL_SCRIPT } from '@/lib/content/show-mention';
import { leave } from '@/lib/content/extension-scripts';

export default defineUnlistedScript(() => leave(REVEAL_SCRIPT, revealMention));
