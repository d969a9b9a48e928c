import { defineConfig, type WxtViteConfig } from 'wxt';
import { HOST_MATCHES } from './lib/sites';
import { HIGHLIGHT_STYLESHEET_MODULE, highlightCss, paintingFor, type HighlightPainting } from './lib/highlight/styles';

// JSX compiles to Preact through tsconfig's `jsxImportSource`; no framework module is needed.
const NO_DISPLAY = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

export default defineConfig({
  // Manifest V3 for every browser: Chromium runs the background as a service worker, Firefox as an
  // event page (`background.scripts`), both from the same `entrypoints/background.ts`.
  manifestVersion: 3,
  manifest: ({ browser }) => ({
    name: 'Method Lens',
    description:
      'Marks ML method names on arXiv (and ar5iv) and Semantic Scholar by their standing in a living systematic review.',
    // Least privilege: no `tabs`, `scripting`, `webRequest` or `<all_urls>`. Snapshot feeds are CORS
    // requests and need no host permission. `tests/manifest.test.ts` fails on anything beyond these.
    // `contextMenus`: "Look up “…” in Method Lens" on a selection (no warning at install; no page access).
    permissions: ['storage', 'alarms', 'contextMenus'],
    // The sites read, whole: the popup reads a tab's address there (an arXiv PDF's too), and its PDF scan
    // fetches arXiv's HTML papers. The content script runs on fewer pages (`CONTENT_SCRIPT_MATCHES`).
    // A copy: `npm run dev` pushes the content script's patterns (with paths) onto this list, which must
    // not reach the card's `matches` below (Chromium refuses a path there) nor `HOST_MATCHES` itself.
    host_permissions: [...HOST_MATCHES],
    // The hover card's script, which the content script imports on first hover: loadable on our sites
    // only, at an address that changes every session in Chromium (Firefox ignores `use_dynamic_url`: its
    // address is the install's own random one), so that no page can probe for it. A page we mark sees
    // the marks, the card's host and our scan measures anyway (SECURITY.md).
    // So is `show-mention.js`, the popup's "Show on page", imported on the popup's first request.
    web_accessible_resources: [{ resources: ['card.js', 'show-mention.js'], matches: [...HOST_MATCHES], use_dynamic_url: true }],
    // A keyboard way to what the page mentions: Alt+Shift+M opens the popup, on its page view (the reader
    // changes it at chrome://extensions/shortcuts or in Firefox's Manage Extension Shortcuts). The only
    // command: none acts on the page.
    commands: { _execute_action: { suggested_key: { default: 'Alt+Shift+M' } } },
    // No `content_security_policy` key: the browsers' default extension CSP (no remote code, no eval).
    // Chrome 116 is the first with `AbortSignal.any`, which a refresh needs (the Custom Highlight API came
    // in 105, `storage.session` in 102): an older Chrome is not offered the extension.
    ...(browser !== 'firefox' && { minimum_chrome_version: '116' }),
    ...(browser === 'firefox' && {
      browser_specific_settings: {
        gecko: {
          id: 'method-lens@method-lens',
          // Firefox 140 is the first release with the CSS Custom Highlight API (`CSS.highlights`).
          strict_min_version: '140.0',
          // Nothing is collected: no page content, no reading history, no telemetry.
          data_collection_permissions: { required: ['none'] },
        },
        // Firefox for Android reads `data_collection_permissions` from 142 on.
        gecko_android: { strict_min_version: '142.0' },
      },
    }),
  }),
  vite: (env) => ({ plugins: [highlightStylesheet(paintingFor(env.browser)), withoutWindowMessage(), withoutJsdomEscape()] }),
  hooks: {
    // The content script loads with every page we read, within 20 kB gzipped: terser, compressing twice,
    // makes it ~4 % smaller than esbuild's minifier (19,750 → 18,917 bytes, Node's zlib at level 9, as
    // `bench:scan` counts). Only there: the other bundles load in the extension's own pages.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.some((entrypoint) => entrypoint.type === 'content-script')) return;
      config.build = { ...config.build, minify: 'terser', terserOptions: { compress: { passes: 2 } } };
    },
  },
  // `npm run dev`'s browser. Chromium will not start as root without `--no-sandbox` (containers, CI
  // machines) and cannot open a window without a display: there it runs headless, so that the dev
  // build and its reloads still work.
  webExt: {
    chromiumArgs: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ...(NO_DISPLAY ? ['--headless=new'] : [])],
    // `npm run dev:firefox`: without a display Firefox cannot open a window either.
    firefoxArgs: NO_DISPLAY ? ['--headless'] : [],
  },
  zip: {
    // Firefox review gets the sources needed to rebuild the package (`npm ci && npm run build:firefox`),
    // not the test suites, page fixtures, screenshots or benchmark scripts.
    excludeSources: ['tests/**', 'scripts/**', 'docs/**', 'coverage/**', '*.zip'],
  },
});

/**
 * The marks' `::highlight()` rules as a stylesheet the content script imports, so that WXT has the
 * browser add it to our sites' pages (the manifest's `content_scripts[].css`; under `npm run dev`, the
 * script WXT registers): no element is added to the page, and no page policy applies. Firefox's content
 * scripts cannot adopt a constructed sheet: `document.adoptedStyleSheets` is out of reach of their Xrays.
 */
function highlightStylesheet(painting: HighlightPainting): NonNullable<WxtViteConfig['plugins']>[number] {
  const resolved = '/@method-lens/highlights.css';
  return {
    name: 'method-lens-highlights',
    resolveId: (source: string) => (source === HIGHLIGHT_STYLESHEET_MODULE ? resolved : null),
    load: (id: string) => (id === resolved ? highlightCss(painting) : null),
  };
}

/**
 * WXT's content script context says it has started twice: with a document event, which makes an older
 * copy of the script on the page (before an update) stand down, and with a window message, which WXT's
 * earlier versions listened for instead. The message reaches every script of the page, the site's
 * and its analytics' alike, naming the extension's id: their message handlers get one they never asked
 * for, and they learn which extension runs. No copy of this script listens for it: it is left out.
 */
function withoutWindowMessage(): NonNullable<WxtViteConfig['plugins']>[number] {
  return {
    name: 'method-lens-without-window-message',
    transform(code: string, id: string) {
      if (!id.includes('/wxt/dist/utils/content-script-context.')) return null;
      const without = code.replace(/\n\s*window\.postMessage\(\{[^}]*\}, "\*"\);/, '');
      // WXT changed: the message must be found again (or be gone), never shipped unnoticed.
      if (without === code) throw new Error('wxt.config.ts: WXT’s content script context no longer posts its start as expected; look at it again.');
      return without;
    },
  };
}

/**
 * fake-indexeddb (the store Firefox's event page holds in memory where Firefox refuses it IndexedDB,
 * `entrypoints/background.ts`) schedules its work with a `setImmediate` it takes, under jsdom only, from
 * jsdom's outer realm through the Function constructor. No browser runs that branch, and the extension's
 * policy would refuse it: it is left out, so that the shipped code holds no Function constructor at all.
 */
function withoutJsdomEscape(): NonNullable<WxtViteConfig['plugins']>[number] {
  return {
    name: 'method-lens-without-jsdom-escape',
    transform(code: string, id: string) {
      if (!id.includes('/fake-indexeddb/build/esm/lib/scheduling.')) return null;
      const without = code.replace('globalThis.setImmediate || getSetImmediateFromJsdom() ||', 'globalThis.setImmediate ||');
      // fake-indexeddb changed: its scheduling must be looked at again, never shipped unnoticed.
      if (without === code) throw new Error('wxt.config.ts: fake-indexeddb no longer schedules its work as expected; look at it again.');
      return without;
    },
  };
}
