/**
 * The content script on arXiv and Semantic Scholar: asks the background for the match dictionary
 * once per page, marks method names (CSS Custom Highlight API, no DOM changes), keeps marks in step
 * with the page, and shows the hover card. Follows the reader's switches live.
 */
import { CONTENT_MATCHES, siteFor } from '@/lib/sites';
import { readPageSwitches, watchPageSwitches } from '@/lib/settings/page-switches';
import { sendFromContent } from '@/lib/messaging/client';
import { compileMatcher } from '@/lib/match/matcher';
import { highlightCss } from '@/lib/highlight/styles';
import { PageSession } from '@/lib/content/page-session';
import { CardUi } from '@/lib/content/card-ui';
import { watchHover } from '@/lib/content/hover';
import { toCardModel } from '@/lib/content/card-model';
import type { CardModel } from '@/components/HoverCard';

export default defineContentScript({
  matches: CONTENT_MATCHES,
  runAt: 'document_end',
  cssInjectionMode: 'ui',

  async main(ctx) {
    const dictionary = await sendFromContent('getDictionary', {});
    if (ctx.isInvalid || dictionary.names.length === 0) return;
    const matcher = compileMatcher(dictionary.names);
    adoptHighlightStyles();

    let session: PageSession | null = null;
    const cards = new Map<string, Promise<CardModel | null>>();
    const card = new CardUi(ctx, {
      onOpenRecord: (methodId) => void sendFromContent('openRecord', { methodId }),
      onClose: () => card.hide(),
    });

    /** The page address marks were last set up for, without its fragment. */
    let syncedPage = '';
    const withoutFragment = (url: string) => url.split('#', 1)[0]!;
    let syncs = 0;

    async function sync(url = location.href) {
      const ticket = ++syncs;
      syncedPage = withoutFragment(url);
      const switches = await readPageSwitches();
      if (ticket !== syncs) return; // a newer sync (another navigation) took over meanwhile
      const site = siteFor(location.href);
      session?.dispose();
      session = null;
      card.hide();
      if (!site || !switches.marksEnabled || !switches.sites[site.id] || ctx.isInvalid) {
        void sendFromContent('reportMentions', { mentions: [], paused: false });
        return;
      }
      session = new PageSession({
        ctx,
        site,
        matcher,
        dictionary,
        onMentions: (mentions, paused) => void sendFromContent('reportMentions', { mentions, paused }).catch(() => {}),
      });
      session.start();
    }

    watchHover({
      ctx,
      card,
      marks: () => session?.marks ?? null,
      methodIdOf: (mark) => session?.methodIdOf(mark),
      loadCard: (methodId) => {
        let model = cards.get(methodId);
        if (!model) {
          model = sendFromContent('getMethodRecord', { methodId }).then((record) => (record ? toCardModel(record) : null));
          cards.set(methodId, model);
        }
        return model;
      },
    });

    // Listening before the first pass starts, which may take several slices: a navigation meanwhile
    // must stop it. Only a real change of page counts: a fragment change (a table of contents link)
    // or a forged `wxt:locationchange` event from the page itself must not restart marking.
    // WXT's event carries the new address (with the Navigation API it fires before `location` changes);
    // a forged event has none visible to this world.
    ctx.addEventListener(window, 'wxt:locationchange', (event: Event) => {
      const url = (event as Partial<{ newUrl: URL }>).newUrl?.href ?? location.href;
      if (withoutFragment(url) !== syncedPage) void sync(url);
    });
    await sync();
    const unwatch = watchPageSwitches(() => void sync());
    ctx.onInvalidated(() => {
      unwatch();
      session?.dispose();
    });
  },
});

/** Our `::highlight()` rules, as a constructed sheet: no element is added to the page. */
function adoptHighlightStyles() {
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(highlightCss());
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
}
