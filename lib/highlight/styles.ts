/** The `::highlight()` rules for our marks: a pure generator, applied by the content script. */
import { HIGHLIGHT_NAMES, type StatusKey } from '@/lib/snapshot/status';
import { STATUS_COLORS } from '@/lib/theme/status-colors';

/** `#rrggbb` at the given opacity, as `rgb(r g b / a)`. */
export function withAlpha(hex: string, alpha: number): string {
  const value = Number.parseInt(hex.slice(1), 16);
  return `rgb(${(value >> 16) & 255} ${(value >> 8) & 255} ${value & 255} / ${alpha})`;
}

export function highlightCss(): string {
  return (Object.keys(HIGHLIGHT_NAMES) as StatusKey[])
    .map((key) => {
      const color = STATUS_COLORS[key];
      return `::highlight(${HIGHLIGHT_NAMES[key]}) { background-color: ${withAlpha(color, 0.2)}; text-decoration: underline 2px ${color}; text-underline-offset: 2px; }`;
    })
    .join('\n');
}
