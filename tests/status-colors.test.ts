/**
 * The status colours against the pages they are drawn on: a mark's underline (the cue besides its
 * colour), a badge's border and a row's edge must stand out 3:1 (WCAG's least for what is not text)
 * from a white paper and from a dark one (arXiv's dark mode, the popup's and the card's dark themes).
 */
import { describe, expect, it } from 'vitest';
import { STATUS_COLORS } from '@/lib/theme/status-colors';

/** The backgrounds the colours meet: white, arXiv's dark mode, the popup's and the card's dark backgrounds. */
const BACKGROUNDS = { white: '#ffffff', 'arXiv dark': '#0d1117', 'popup dark': '#161a22', 'card dark': '#1c2029' };

function luminance(hex: string): number {
  const value = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(value >> 16) & 255, (value >> 8) & 255, value & 255].map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('status colours', () => {
  it('stand out at least 3:1 from a white page and from a dark one', () => {
    const tooFaint = Object.entries(STATUS_COLORS).flatMap(([status, colour]) =>
      Object.entries(BACKGROUNDS)
        .map(([page, background]) => ({ status, page, ratio: Math.round(contrast(colour, background) * 100) / 100 }))
        .filter(({ ratio }) => ratio < 3),
    );
    expect(tooFaint).toEqual([]);
  });
});
