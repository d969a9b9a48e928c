/**
 * Statuses and their meanings, apart from the zod schemas so the content script can use them
 * without bundling zod.
 */
export const STATUSES = ['heavily superseded', 'superseded', 'frontier'] as const;
export type Status = (typeof STATUSES)[number];

/** The knowledge base's own one-line meanings, kept with the data. */
export const STATUS_MEANINGS: Record<Status, string> = {
  'heavily superseded': 'a standard baseline that newer methods routinely beat',
  superseded: 'cited as a baseline and beaten by newer methods',
  frontier: 'recent methods not yet superseded in the knowledge base',
};

/** Highlight names registered in `CSS.highlights`, one per status plus one for methods without one. */
export const HIGHLIGHT_NAMES = {
  'heavily superseded': 'method-lens-heavily-superseded',
  superseded: 'method-lens-superseded',
  frontier: 'method-lens-frontier',
  none: 'method-lens-no-status',
} as const;

export type StatusKey = Status | 'none';
export const statusKey = (status: Status | null): StatusKey => status ?? 'none';
