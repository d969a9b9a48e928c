/**
 * The `::highlight()` rules for our marks: a pure generator, made at build time into the stylesheet the
 * content script imports (`wxt.config.ts`), which the browser adds to our sites' pages.
 */
// Relative paths: `wxt.config.ts` loads this file too, where the `@/` alias is not set up.
import { HIGHLIGHT_NAMES, type StatusKey } from '../snapshot/status';
import { STATUS_COLORS, STATUS_UNDERLINES } from '../theme/status-colors';

/** `#rrggbb` at the given opacity, as `rgb(r g b / a)`. */
function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(value >> 16) & 255} ${(value >> 8) & 255} ${value & 255} / ${alpha})`;
}

/** The highlight a mention the popup's "Show on page" scrolled to is drawn in a moment, over its status's. */
export const SHOWN_HIGHLIGHT = 'method-lens-shown';
/** The orange of the browsers' own find in page: the reader asked where the name is, as with a find. */
const SHOWN_COLOR = '#ff9632';

/** The module the content script imports the rules as: the build makes it from `highlightCss()`. */
export const HIGHLIGHT_STYLESHEET_MODULE = 'virtual:method-lens-highlights.css';

/**
 * How a browser paints a mark. Chromium: a light wash and an underline in the status colour, of the
 * status's own style (`STATUS_UNDERLINES`).
 * Firefox (140) paints only `background-color` in `::highlight()` (no decoration, not even `color`):
 * there the wash alone must carry the status, so it is stronger.
 */
export type HighlightPainting = 'wash and underline' | 'wash only';

export function paintingFor(browser: string): HighlightPainting {
  return browser === 'firefox' ? 'wash only' : 'wash and underline';
}

/** The declarations a mark of `key` is painted with: on the page (`highlightCss`) and in the options page's legend. */
export function markDeclarations(key: StatusKey, painting: HighlightPainting): string {
  const color = STATUS_COLORS[key];
  return painting === 'wash only'
    ? `background-color: ${withAlpha(color, 0.38)};`
    : `background-color: ${withAlpha(color, 0.2)}; text-decoration: underline ${STATUS_UNDERLINES[key]} 2px ${color}; text-underline-offset: 2px;`;
}

/**
 * The marks' rules, then the one of a mention the popup's "Show on page" lights, and none in print: a paper printed or saved as PDF is the paper, without colours
 * whose meaning (and card) the page cannot give there.
 * With forced colours (a contrast theme), Chromium paints a mark in the system's highlight colours by
 * itself; Firefox keeps the wash's opacity but gives it the theme's background colour, so the mark
 * vanished: it is given those system colours there (on screen only: printed, a mark keeps neither).
 */
export function highlightCss(painting: HighlightPainting = 'wash and underline'): string {
  const keys = Object.keys(HIGHLIGHT_NAMES) as StatusKey[];
  const rules = keys.map((key) => `::highlight(${HIGHLIGHT_NAMES[key]}) { ${markDeclarations(key, painting)} }`);
  const all = keys.map((key) => `::highlight(${HIGHLIGHT_NAMES[key]})`).join(', ');
  // A mention the popup's "Show on page" scrolled to: a moment in the colour of the browser's own find.
  rules.push(`::highlight(${SHOWN_HIGHLIGHT}) { background-color: ${SHOWN_COLOR}; color: #000; }`);
  // The mention shown keeps the look of a find there too: the system's own colours for it (Mark).
  if (painting === 'wash only') rules.push(`@media screen and (forced-colors: active) { ${all} { background-color: Highlight; color: HighlightText; } ::highlight(${SHOWN_HIGHLIGHT}) { background-color: Mark; color: MarkText; } }`);
  rules.push(`@media print { ${all} { background-color: transparent; text-decoration: none; } }`);
  return rules.join('\n');
}
