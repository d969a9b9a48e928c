/**
 * The marks' colours as the page computes them, for the browser suites (Playwright and Puppeteer alike):
 * proof that the stylesheet the manifest adds reaches the page, whatever the page's own policy.
 */
import { HIGHLIGHT_NAMES, type StatusKey } from '@/lib/snapshot/status';
import { PNG } from 'pngjs';
import type { HighlightPainting } from '@/lib/highlight/styles';
import { STATUS_COLORS, STATUS_UNDERLINES } from '@/lib/theme/status-colors';

export interface MarkColours {
  background: string;
  underline: string;
  line: string;
  /** The underline's style: each status its own (wavy, dashed, solid, dotted). */
  lineStyle: string;
}

/** Runs in the page: each highlight's computed style (`getComputedStyle(…, '::highlight(name)')`). */
export function computedMarkColours(names: string[]): Record<string, MarkColours> {
  const colours: Record<string, MarkColours> = {};
  for (const name of names) {
    const style = getComputedStyle(document.documentElement, `::highlight(${name})`);
    colours[name] = { background: style.backgroundColor, underline: style.textDecorationColor, line: style.textDecorationLine, lineStyle: style.textDecorationStyle };
  }
  return colours;
}

/**
 * What the page must compute: each status's theme colour as a 20% wash, and solid as its underline,
 * of the status's style; in Firefox, which paints no decoration in a highlight, a 38% wash and no line.
 */
export function themeMarkColours(painting: HighlightPainting = 'wash and underline'): Record<string, Partial<MarkColours>> {
  const colours: Record<string, Partial<MarkColours>> = {};
  for (const key of Object.keys(HIGHLIGHT_NAMES) as StatusKey[]) {
    const rgb = rgbOf(STATUS_COLORS[key]).join(', ');
    colours[HIGHLIGHT_NAMES[key]] =
      painting === 'wash only'
        ? { background: `rgba(${rgb}, 0.38)`, line: 'none' }
        : { background: `rgba(${rgb}, 0.2)`, underline: `rgb(${rgb})`, line: 'underline', lineStyle: STATUS_UNDERLINES[key] };
  }
  return colours;
}

function rgbOf(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

/** The colour a status's wash at `alpha` shows over a white page. */
export function washOverWhite(key: StatusKey, alpha: number): [number, number, number] {
  return rgbOf(STATUS_COLORS[key]).map((channel) => Math.round(alpha * channel + (1 - alpha) * 255)) as [number, number, number];
}

/** The solid status colour, as an underline paints it. */
export function solidColour(key: StatusKey): [number, number, number] {
  return rgbOf(STATUS_COLORS[key]);
}

/** How many pixels of a PNG screenshot lie within `tolerance` of `rgb` on every channel. */
export function pixelsNear(png: Uint8Array, rgb: [number, number, number], tolerance: number): number {
  const { data } = PNG.sync.read(Buffer.from(png));
  let count = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i]! - rgb[0]) <= tolerance && Math.abs(data[i + 1]! - rgb[1]) <= tolerance && Math.abs(data[i + 2]! - rgb[2]) <= tolerance) count++;
  }
  return count;
}

/**
 * Runs in the page (Playwright and Puppeteer alike): the first mark reading `text` (inside the element
 * `within` selects, if given), scrolled into view (unless `scroll` is false), as its first box in the
 * viewport and the page's scroll offsets; null when no mark reads so.
 */
export function firstMarkBox(
  query: string | { text: string; scroll: boolean; within?: string },
): { left: number; top: number; width: number; height: number; scrollX: number; scrollY: number } | null {
  const { text, scroll, within } = typeof query === 'string' ? { text: query, scroll: true, within: undefined } : query;
  const container = within === undefined ? null : document.querySelector(within);
  for (const [name, highlight] of CSS.highlights) {
    if (!name.startsWith('method-lens')) continue;
    for (const range of highlight as Highlight) {
      const r = range as AbstractRange;
      if (within !== undefined && !container?.contains(r.startContainer)) continue;
      const live = document.createRange();
      live.setStart(r.startContainer, r.startOffset);
      live.setEnd(r.endContainer, r.endOffset);
      if (live.toString() !== text) continue;
      if (scroll) r.startContainer.parentElement?.scrollIntoView({ block: 'center' });
      const rect = live.getClientRects()[0];
      if (rect) return { left: rect.left, top: rect.top, width: rect.width, height: rect.height, scrollX, scrollY };
    }
  }
  return null;
}

/** The centre of a mark's box, in the viewport. */
export function centreOf(box: { left: number; top: number; width: number; height: number }): { x: number; y: number } {
  return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
}

/** A mark's box in the document, a few pixels below it included (where an underline is drawn), for a screenshot's clip. */
export function clipOf(box: NonNullable<ReturnType<typeof firstMarkBox>>): { x: number; y: number; width: number; height: number } {
  return { x: Math.floor(box.left + box.scrollX), y: Math.floor(box.top + box.scrollY), width: Math.ceil(box.width), height: Math.ceil(box.height) + 6 };
}

export const MARK_HIGHLIGHT_NAMES: string[] = Object.values(HIGHLIGHT_NAMES);
