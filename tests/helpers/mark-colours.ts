/**
 * The marks' colours as the page computes them, for the browser suites (Playwright and Puppeteer alike):
 * proof that the stylesheet the manifest adds reaches the page, whatever the page's own policy.
 */
import { HIGHLIGHT_NAMES, type StatusKey } from '@/lib/snapshot/status';
import { STATUS_COLORS } from '@/lib/theme/status-colors';

export interface MarkColours {
  background: string;
  underline: string;
  line: string;
}

/** Runs in the page: each highlight's computed style (`getComputedStyle(…, '::highlight(name)')`). */
export function computedMarkColours(names: string[]): Record<string, MarkColours> {
  const colours: Record<string, MarkColours> = {};
  for (const name of names) {
    const style = getComputedStyle(document.documentElement, `::highlight(${name})`);
    colours[name] = { background: style.backgroundColor, underline: style.textDecorationColor, line: style.textDecorationLine };
  }
  return colours;
}

/** What the page must compute: each status's theme colour as a 20% wash, and solid as its underline. */
export function themeMarkColours(): Record<string, MarkColours> {
  const colours: Record<string, MarkColours> = {};
  for (const key of Object.keys(HIGHLIGHT_NAMES) as StatusKey[]) {
    const value = Number.parseInt(STATUS_COLORS[key].slice(1), 16);
    const rgb = `${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}`;
    colours[HIGHLIGHT_NAMES[key]] = { background: `rgba(${rgb}, 0.2)`, underline: `rgb(${rgb})`, line: 'underline' };
  }
  return colours;
}

export const MARK_HIGHLIGHT_NAMES: string[] = Object.values(HIGHLIGHT_NAMES);
