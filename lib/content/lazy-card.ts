/**
 * The hover card as the content script holds it. Its code (Preact, the card, WXT's shadow-root UI:
 * most of what the content script would otherwise carry) is a separate script, `card.js`, imported
 * the first time the pointer pauses on a mark (50 ms, before the card shows at 200 ms): a page read
 * without hovering never loads it.
 */
import { importScript, leftBy, type ExtensionScript } from './extension-scripts';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { CardContent } from '@/components/HoverCard';
import type { Box } from './card-position';

export interface CardActions {
  onOpenRecord: (methodId: string) => void;
  onClose: () => void;
}

/** What the hover logic asks of the card. */
export interface Card {
  /** The `<method-lens-card>` element, once mounted. */
  readonly host: HTMLElement | null;
  /** The method shown, or null when closed. */
  readonly shownId: string | null;
  /** Gets the card ready to show (its script loaded); false if it could not be. */
  prepare(): Promise<boolean>;
  /**
   * Shows the card for `model` (a method's record, or that it could not be read) next to the mark whose
   * boxes are `rects`, lined up with `pointer`, in the theme of the page at `at` (the mark's text node).
   * `again`: its record was asked again (a new snapshot); a card still showing that method keeps the
   * reader's place in it.
   */
  show(model: CardContent, rects: readonly Box[], pointer: Box, at: Node, again?: boolean): Promise<void>;
  hide(): void;
  /** Moves focus to the card's control (Tab from the page while the card is open). */
  focusControl(): boolean;
  remove(): void;
}

export type CardFactory = (ctx: ContentScriptContext, actions: CardActions) => Card;

/** The card's script, which leaves its factory. */
export const CARD_SCRIPT = '/card.js' as ExtensionScript<CardFactory>;

export class LazyCard implements Card {
  #card: Card | null = null;
  #loading: Promise<Card | null> | null = null;

  readonly #ctx: ContentScriptContext;
  readonly #actions: CardActions;
  /** Runs the card's script, which leaves its factory (`CARD_SCRIPT`). */
  readonly #runScript: () => Promise<unknown>;

  constructor(ctx: ContentScriptContext, actions: CardActions, runScript = () => importScript(CARD_SCRIPT)) {
    this.#ctx = ctx;
    this.#actions = actions;
    this.#runScript = runScript;
  }

  get host(): HTMLElement | null {
    return this.#card?.host ?? null;
  }

  get shownId(): string | null {
    return this.#card?.shownId ?? null;
  }

  async prepare(): Promise<boolean> {
    const card = await this.#load();
    return card !== null && (await card.prepare());
  }

  async show(model: CardContent, rects: readonly Box[], pointer: Box, at: Node, again?: boolean): Promise<void> {
    await (await this.#load())?.show(model, rects, pointer, at, again);
  }

  hide(): void {
    this.#card?.hide();
  }

  focusControl(): boolean {
    return this.#card?.focusControl() ?? false;
  }

  remove(): void {
    this.#card?.remove();
  }

  /** The card, its script imported once; null if that failed (the extension was updated under the page), tried again next time. */
  #load(): Promise<Card | null> {
    this.#loading ??= this.#runScript().then(
      () => {
        const make = leftBy(CARD_SCRIPT);
        return (this.#card = make ? make(this.#ctx, this.#actions) : null);
      },
      () => (this.#loading = null),
    );
    return this.#loading;
  }
}
