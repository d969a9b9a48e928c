/**
 * The extension's scripts a content script imports when first needed (`card.js` on the first hover,
 * `show-mention.js` on the popup's first "Show on page"): web-accessible on our sites only, at an address
 * that changes every session (`wxt.config.ts`). Each runs in the content script's isolated world and
 * leaves what it gives there under a symbol named for it, out of the page's reach.
 */
import { browser } from 'wxt/browser';

/** A script's path, typed with what it leaves. */
export type ExtensionScript<T> = ('/card.js' | '/show-mention.js') & { readonly left?: T };

const keyOf = (script: string) => Symbol.for(`method-lens${script}`);

/** Runs `script` in this isolated world (once: the browser keeps a module it has imported). */
export const importScript = (script: ExtensionScript<unknown>) => import(/* @vite-ignore */ browser.runtime.getURL(script));

/** What `script` left, once it has run; undefined before, or if it left nothing. */
export const leftBy = <T>(script: ExtensionScript<T>): T | undefined => (globalThis as Record<symbol, T | undefined>)[keyOf(script)];

/** Leaves `value` for the content script: what the script's entry point does when it runs. */
export function leave<T>(script: ExtensionScript<T>, value: T): void {
  (globalThis as Record<symbol, T | undefined>)[keyOf(script)] = value;
}
