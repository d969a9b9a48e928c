/**
 * A link to the options page: a real link (it can be opened in a tab, copied), whose plain click opens
 * the options as the browser does (its tab already open, if there is one).
 */
import type { ComponentChildren } from 'preact';
import { browser } from 'wxt/browser';

export function OptionsLink({ children }: { children: ComponentChildren }) {
  return (
    <a
      href={browser.runtime.getURL('/options.html')}
      onClick={(event) => {
        // Modified clicks keep the browser's meaning (new tab, new window).
        if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        void browser.runtime.openOptionsPage();
      }}
    >
      {children}
    </a>
  );
}
