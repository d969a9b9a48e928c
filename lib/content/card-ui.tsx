/**
 * The one hover card instance: a `<method-lens-card>` host with an open shadow root (WXT's
 * createShadowRootUi), mounted on first use, repositioned for each mark, and mounted again if the
 * page removes it. Part of `card.js`, which the content script loads on first hover (`lazy-card.ts`).
 */
import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi, type ShadowRootContentScriptUi } from 'wxt/utils/content-script-ui/shadow-root';
import { HoverCard, type CardContent } from '@/components/HoverCard';
import { CARD_MARGIN, placeCard, type Box } from './card-position';
import { pageThemeAt } from './page-theme';
import { CARD_HOST_TAG } from './skip';
import { TabFromMark } from './tab-from-mark';
import cardCss from '@/components/hover-card.css?inline';
import type { Card, CardActions } from './lazy-card';

export class CardUi implements Card {
  #ui: ShadowRootContentScriptUi<HTMLElement> | null = null;
  #creating: Promise<ShadowRootContentScriptUi<HTMLElement>> | null = null;
  #hostTag = CARD_HOST_TAG;
  /** Where focus was before Tab moved it into the card: it goes back there when the card closes. */
  #focusBefore: Element | null = null;
  #shownId: string | null = null;
  /** The text node of the mark the card is shown for. */
  #shownAt: Node | null = null;
  /** Stops watching the page's layer the card is shown in (see `#raiseFor`). */
  #layerWatch: AbortController | null = null;

  readonly #ctx: ContentScriptContext;
  readonly #actions: CardActions;
  readonly #tabFromMark: TabFromMark;

  constructor(ctx: ContentScriptContext, actions: CardActions) {
    this.#ctx = ctx;
    this.#actions = actions;
    this.#tabFromMark = new TabFromMark(ctx);
    // A selection dragged from the page over the card cannot end in the card's shadow tree: Chromium
    // ends it at the host's place instead, the end of the page, and the reader's selection stretched to
    // there. Pressed outside the card, its text is out of the selection's reach, and the selection stays
    // as it was until the pointer is back on the page; pressed in the card, it is the card's to select.
    ctx.addEventListener(
      document,
      'pointerdown',
      (event: PointerEvent) => {
        if (event.isTrusted && this.#ui) this.#ui.uiContainer.classList.toggle('ml-pressed-outside', !event.composedPath().includes(this.#ui.shadowHost));
      },
      { capture: true, passive: true },
    );
  }

  get host(): HTMLElement | null {
    return this.#ui?.shadowHost ?? null;
  }

  /**
   * The method shown; none once the page removed our host, which took the card with it: the same mark
   * rested on again shows it anew, and Tab is not kept for a control no longer on the page.
   */
  get shownId(): string | null {
    return this.#ui?.shadowHost.isConnected ? this.#shownId : null;
  }

  /** Loaded with its script; mounted by `show`, so that a page that removes the host gets no second one within a hover. */
  async prepare(): Promise<boolean> {
    return true;
  }

  async show(model: CardContent, rects: readonly Box[], pointer: Box, at: Node, again = false): Promise<void> {
    const ui = await this.#ensureMounted();
    this.#raiseFor(ui, at);
    const container = ui.mounted!;
    // A card shown anew opens at its top, its name and status in sight (one shown in place of another
    // keeps its element, and with it how far the reader scrolled that one). Its method's record refreshed
    // under the reader (a new snapshot), it stays scrolled where they left it, and so does the focus in
    // it: Preact keeps its elements.
    const scrolled = again && this.shownId === model.id ? (container.querySelector<HTMLElement>('.ml-card')?.scrollTop ?? 0) : 0;
    render(
      <HoverCard
        model={model}
        theme={pageThemeAt(at)}
        // The card's shadow root is open, so the page can reach the button: only a click the reader
        // made (`isTrusted`, also true for Enter/Space on the button) may open the record.
        onOpenRecord={(event?: Event) => {
          if (event?.isTrusted) this.#actions.onOpenRecord(model.id);
        }}
        onClose={this.#actions.onClose}
      />,
      container,
    );
    // The card itself is positioned (fixed, inside the shadow root): WXT resets the host with
    // `all: initial !important`, and page CSS can reach the host but not the card.
    const element = container.querySelector<HTMLElement>('.ml-card');
    if (!element) return;
    element.style.visibility = 'hidden';
    element.style.maxHeight = '';
    const viewport = visibleViewport();
    // Boxes are read in the window's pixels; lengths written are multiplied by any zoom of the page's
    // root (CSS `zoom` on <html>), so they are written divided by it.
    const zoom = (element as { currentCSSZoom?: number }).currentCSSZoom || 1;
    // The stylesheet's `100vw` counts a scrollbar as room; the window less its scrollbars is the room.
    element.style.maxWidth = `${Math.max(0, viewport.width - 2 * CARD_MARGIN) / zoom}px`;
    const size = element.getBoundingClientRect();
    // Placed within what the reader sees: a pinch-zoomed page shows only part of the window.
    const shift = (box: Box): Box => ({ ...box, left: box.left - viewport.left, top: box.top - viewport.top });
    const { left, top, maxHeight } = placeCard(rects.map(shift), shift(pointer), size, viewport);
    if (maxHeight < size.height) element.style.maxHeight = `${Math.floor(maxHeight) / zoom}px`;
    const x = Math.round(left + viewport.left);
    const y = Math.round(top + viewport.top);
    element.style.left = `${x / zoom}px`;
    element.style.top = `${y / zoom}px`;
    // A root with a transform, `contain` or `will-change` holds fixed elements itself: the card's offsets
    // are then from the root's box (scrolled away with the page), not the window's. Moved by that much.
    const placed = element.getBoundingClientRect();
    if (Math.abs(placed.left - x) >= 1 || Math.abs(placed.top - y) >= 1) {
      element.style.left = `${(2 * x - placed.left) / zoom}px`;
      element.style.top = `${(2 * y - placed.top) / zoom}px`;
    }
    // Once its height is capped again: measured uncapped, the card's scroll was clamped to a shorter range.
    element.scrollTop = scrolled;
    element.style.visibility = 'visible';
    this.#shownId = model.id;
    this.#shownAt = at;
  }

  hide(): void {
    if (!this.#ui || this.#shownId === null) return;
    this.#shownId = null;
    // Focus inside the card would be lost with it: give it back to where it was, or let it go to the page,
    // the next Tab going on from the card's name. Not scrolled to: the reader stays where they read (the
    // field typed in may be far above the mark).
    const focused = this.#ui.shadow.activeElement as HTMLElement | null;
    const before = this.#focusBefore as HTMLElement | null;
    const at = this.#shownAt;
    this.#focusBefore = this.#shownAt = null;
    if (focused) {
      if (before?.isConnected && before !== document.body && typeof before.focus === 'function') before.focus({ preventScroll: true });
      else {
        focused.blur();
        if (at) this.#tabFromMark.goOnFrom(at);
      }
    }
    render(null, this.#ui.mounted!);
    this.#lower(this.#ui);
  }

  focusControl(): boolean {
    const button = this.#ui?.shadow.querySelector<HTMLButtonElement>('.ml-open');
    if (!button) return false;
    if (!this.#ui!.shadow.activeElement) this.#focusBefore = document.activeElement;
    button.focus();
    return true;
  }

  remove(): void {
    this.#layerWatch?.abort();
    this.#ui?.remove();
    this.#ui = null;
    this.#shownId = null;
  }

  /**
   * A mark in the page's top layer (a modal <dialog>, an open popover) is above the rest of the page, and
   * so must its card be: the host goes inside that layer, so that the dialog does not make the card inert
   * nor a click on the card light-dismiss the popover, and shows as a manual popover, into the top layer
   * above it and its backdrop (neither clipped nor moved by the layer's box). Elsewhere it stays at the end
   * of <html>, out of the top layer.
   */
  #raiseFor(ui: ShadowRootContentScriptUi<HTMLElement>, at: Node): void {
    const layer = at.parentElement?.closest(':modal, :popover-open');
    const host = ui.shadowHost;
    // Shown in that layer already (another name in it): left there, and with it the focus in the card.
    if (layer && host.parentElement === layer && host.matches(':popover-open')) return;
    this.#lower(ui);
    if (!layer) return;
    layer.append(host);
    host.popover = 'manual';
    host.showPopover();
    // The page closes its layer: the card, hidden with it, closes too, rather than keep Escape and Tab.
    const watch = (this.#layerWatch = new AbortController());
    const closed = () => layer.matches(':modal, :popover-open') || this.#actions.onClose();
    for (const type of ['close', 'toggle']) layer.addEventListener(type, closed, { signal: watch.signal });
  }

  /** Back out of the top layer, at the end of <html>: a closed card leaves nothing in the page's dialog. */
  #lower(ui: ShadowRootContentScriptUi<HTMLElement>): void {
    this.#layerWatch?.abort();
    this.#layerWatch = null;
    const host = ui.shadowHost;
    if (host.matches(':popover-open')) host.hidePopover();
    host.removeAttribute('popover');
    if (host.isConnected && host.parentElement !== document.documentElement) ui.mount();
  }

  async #ensureMounted(): Promise<ShadowRootContentScriptUi<HTMLElement>> {
    if (this.#ui && this.#ui.shadowHost.isConnected) return this.#ui;
    // The page removed our host: the same one goes back. A fresh one each time would leave every host
    // removed alive, held by the context until the extension goes away (WXT ties each UI's removal to it).
    if (this.#ui) {
      this.#ui.mount();
      return this.#ui;
    }
    // One creation shared by every caller waiting, its retry included: a single host comes of it.
    this.#creating ??= this.#create(this.#hostTag).catch(() => {
      // The page defined our tag as its own element, one that takes the shadow root for itself: the
      // host gets a name the page cannot know, for as long as this page lives.
      this.#hostTag = `${CARD_HOST_TAG}-${crypto.randomUUID().slice(0, 8)}`;
      return this.#create(this.#hostTag);
    });
    const creating = this.#creating;
    try {
      const ui = await creating;
      if (this.#ui !== ui) {
        ui.mount();
        this.#ui = ui;
      }
      return ui;
    } finally {
      if (this.#creating === creating) this.#creating = null;
    }
  }

  #create(name: string): Promise<ShadowRootContentScriptUi<HTMLElement>> {
    return createShadowRootUi(this.#ctx, {
      name,
      position: 'inline',
      // On <html>, after <body>: a `transform`, `filter`, `contain` or `zoom` the page gives its body
      // would make the fixed card move with the body, or scale it.
      anchor: () => document.documentElement,
      append: 'last',
      mode: 'open',
      // Its own stylesheet, inline: the content script's (the marks' colours) stays outside the shadow root.
      css: cardCss,
      onMount: (container) => container,
      onRemove: (container) => {
        if (container) render(null, container);
      },
    });
  }
}

/**
 * The part of the window the card may use, in the window's coordinates: `innerWidth` and `innerHeight`
 * count the scrollbars, so a card kept 8 px from the window's edge went under a classic scrollbar. In
 * quirks mode the root's client size is the document's, and the window's is the closest known. A page
 * pinch-zoomed shows only the visual viewport, at its offset.
 */
function visibleViewport(): { left: number; top: number; width: number; height: number } {
  const root = document.documentElement;
  const layout = document.compatMode === 'CSS1Compat' && root ? { width: root.clientWidth, height: root.clientHeight } : { width: window.innerWidth, height: window.innerHeight };
  const visual = window.visualViewport;
  if (!visual || visual.scale <= 1) return { left: 0, top: 0, ...layout };
  return {
    left: visual.offsetLeft,
    top: visual.offsetTop,
    width: Math.min(visual.width, layout.width - visual.offsetLeft),
    height: Math.min(visual.height, layout.height - visual.offsetTop),
  };
}
