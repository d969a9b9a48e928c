/**
 * Status colours shared by the page marks, the hover card and the popup. Marks use the colour as a
 * translucent wash plus an underline of the status's style (a stronger wash alone in Firefox, which
 * paints no decoration in `::highlight()`), readable on light and dark pages alike.
 */
// Relative: wxt.config.ts loads this module (through the marks' stylesheet) where `@/` does not resolve.
import { STATUS_MEANINGS, type StatusKey } from '../snapshot/status';

export const STATUS_COLORS: Record<StatusKey, string> = {
  'heavily superseded': '#dc2626',
  // Dark enough for the underline to stand out 3:1 from the mark's own wash on a light page (Chromium
  // draws the line on the wash) and light enough to on arXiv's dark one: on Semantic Scholar's light grey,
  // #cc7008 stood 2.6:1 there, #10a37f 2.4:1 and #6d72e8 2.96:1 (tests/status-colors.test.ts).
  superseded: '#bd6300',
  frontier: '#008b69',
  none: '#6b6fe5',
};

/**
 * Each status's underline: a cue besides its colour (red and green look alike to many readers), from
 * the alarming to the neutral: wavy as a misspelling, dashed, solid, dotted.
 */
export const STATUS_UNDERLINES: Record<StatusKey, 'wavy' | 'dashed' | 'solid' | 'dotted'> = {
  'heavily superseded': 'wavy',
  superseded: 'dashed',
  frontier: 'solid',
  none: 'dotted',
};

export const STATUS_LABELS: Record<StatusKey, string> = {
  'heavily superseded': 'heavily superseded',
  superseded: 'superseded',
  frontier: 'frontier',
  none: 'no status in the KB',
};

/** What each label means: the KB's own words for a status; "KB" spelt out, for a reader who has not met it. */
export const STATUS_KEY_MEANINGS: Record<StatusKey, string> = {
  ...STATUS_MEANINGS,
  none: 'the knowledge base (KB) knows the method but gives it no status',
};
