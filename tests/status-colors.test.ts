/**
 * The status colours against the pages they are drawn on: a mark's underline (the cue besides its
 * colour), a badge's border and a row's edge must stand out 3:1 (WCAG's least for what is not text)
 * from a white paper and from a dark one (arXiv's dark mode, the popup's and the card's dark themes).
 * And the card's text in either theme, its status pills' included: 4.5:1, computed from its stylesheet.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markDeclarations } from '@/lib/highlight/styles';
import type { StatusKey } from '@/lib/snapshot/status';
import { STATUS_COLORS } from '@/lib/theme/status-colors';

/** The backgrounds the colours meet: white, arXiv's dark mode, the popup's and the card's dark backgrounds. */
const BACKGROUNDS = { white: '#ffffff', 'arXiv dark': '#0d1117', 'popup dark': '#161a22', 'card dark': '#1c2029' };

type Rgb = [number, number, number];

function rgbOf(hex: string): Rgb {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function luminance(colour: string | Rgb): number {
  const [r, g, b] = (typeof colour === 'string' ? rgbOf(colour) : colour).map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string | Rgb, b: string | Rgb): number {
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

  // Chromium paints a mark's wash over the text's whole box, and its underline inside it: in a heading
  // (arXiv's title, 28 px) the line lies wholly on the wash, in body text on its lower edge. What the
  // line must stand out from is the wash over the page, lighter or darker than the page by a fifth of
  // the line's own colour.
  it('mark underlines stand out at least 3:1 from their own wash, on light and dark pages', () => {
    /** Where marks are drawn: arXiv's white, Semantic Scholar's grey page and its blue-tinted TL;DR box, arXiv's dark mode. */
    const pages = { white: '#ffffff', 'Semantic Scholar page': '#f5f6f7', 'Semantic Scholar TL;DR': '#f0f6ff', 'arXiv dark': '#0d1117' };
    const tooFaint = (Object.keys(STATUS_COLORS) as StatusKey[]).flatMap((status) => {
      const declarations = markDeclarations(status, 'wash and underline');
      const wash = /background-color: rgb\((\d+) (\d+) (\d+) \/ ([\d.]+)\)/.exec(declarations)!;
      const line = /text-decoration: underline \w+ \S+ (#[0-9a-f]{6})/.exec(declarations)!;
      const [r, g, b, alpha] = wash.slice(1).map(Number) as [number, number, number, number];
      return Object.entries(pages).flatMap(([page, background]) => {
        const washed = rgbOf(background).map((channel, i) => alpha * [r, g, b][i]! + (1 - alpha) * channel) as Rgb;
        const ratio = Math.round(contrast(line[1]!, washed) * 100) / 100;
        return ratio < 3 ? [{ status, page, ratio }] : [];
      });
    });
    expect(tooFaint).toEqual([]);
  });
});

/** A colour mixed over `background` at `share` (0–1), as `color-mix(in srgb, …)` and a translucent wash paint it. */
function over(colour: string, share: number, background: string): Rgb {
  const [top, bottom] = [rgbOf(colour), rgbOf(background)];
  return top.map((channel, i) => share * channel + (1 - share) * bottom[i]!) as Rgb;
}

describe('the card’s colours, as its stylesheet gives them', () => {
  const css = readFileSync(resolve(import.meta.dirname, '../components/hover-card.css'), 'utf8');
  /** The `--ml-*` colours a rule (by its exact selector) declares. */
  function tokens(selector: string): Record<string, string> {
    const block = css.slice(css.indexOf(`${selector} {`)).split('}')[0]!;
    return Object.fromEntries([...block.matchAll(/--ml-([\w-]+): (#[0-9a-f]{6});/g)].map((match) => [match[1]!, match[2]!]));
  }
  const light = tokens('.ml-card');
  const themes = { light, dark: { ...light, ...tokens(".ml-card[data-theme='dark']") } };
  const share = (pattern: RegExp) => Number(pattern.exec(css)![1]) / 100;
  const badgeTint = share(/\.ml-badge \{[^}]*background: color-mix\(in srgb, var\(--ml-status\) (\d+)%, transparent\)/);
  const hoverTint = share(/\.ml-open:hover \{ background: color-mix\(in srgb, var\(--ml-accent\) (\d+)%, transparent\)/);

  // The focus ring is the button's colour (`--ml-accent`), on the card's background: 4.5:1 is more than the 3:1 it needs.
  it.each(Object.entries(themes))('%s: its text stands 4.5:1 from what it is on (WCAG AA), the status pills’ included', (_, theme) => {
    const ratios: Record<string, number> = {
      text: contrast(theme.fg!, theme.bg!),
      'muted text (meaning, dates, citations)': contrast(theme.muted!, theme.bg!),
      'Open full record': contrast(theme.accent!, theme.bg!),
      'Open full record, hovered': contrast(theme.accent!, over(theme.accent!, hoverTint, theme.bg!)),
      ...Object.fromEntries(
        (Object.keys(STATUS_COLORS) as StatusKey[]).map((status) => [`the ${status} pill`, contrast(theme.fg!, over(STATUS_COLORS[status], badgeTint, theme.bg!))]),
      ),
    };
    expect(Object.entries(ratios).filter(([, ratio]) => ratio < 4.5)).toEqual([]);
  });
});
