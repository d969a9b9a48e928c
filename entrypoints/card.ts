/**
 * The hover card's code, kept out of the content script: the content script imports this script
 * (`lib/content/lazy-card.ts`) the first time the reader pauses the pointer on a mark, in its own
 * isolated world, and takes the factory it leaves there.
 */
import { CardUi } from '@/lib/content/card-ui';
import { CARD_SCRIPT } from '@/lib/content/lazy-card';
import { leave } from '@/lib/content/extension-scripts';

export default defineUnlistedScript(() => {
  leave(CARD_SCRIPT, (ctx, actions) => new CardUi(ctx, actions));
});
