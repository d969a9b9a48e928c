/**
 * Status colours shared by the page marks, the hover card and the popup. Marks use the colour as a
 * translucent wash plus an underline of the status's style (a stronger wash alone in Firefox, which
 * paints no decoration in `::highlight()`), readable on light and dark pages alike.
 */
import type { StatusKey } from '@/lib/snapshot/status';

export const STATUS_COLORS: Record<StatusKey, string> = {
  'heavily superseded': '#dc2626',
  superseded: '#ea8a0c',
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
