/**
 * Status colours shared by the page marks, the hover card and the popup. Marks use the colour as a
 * translucent wash plus an underline of the status's style (a stronger wash alone in Firefox, which
 * paints no decoration in `::highlight()`), readable on light and dark pages alike.
 */
// Relative: wxt.config.ts loads this module (through the marks' stylesheet) where `@/` does not resolve.
import { STATUS_MEANINGS, type StatusKey } from '../snapshot/status';

export const STATUS_COLORS: Record<StatusKey, string> = {
  'heavily superseded': '#dc2626',
  // Dark enough for its dashed underline to stand out 3:1 on a white page (#ea8a0c, 2.6:1, was faint there).
  superseded: '#cc7008',
  frontier: '#10a37f',
  none: '#6d72e8',
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
