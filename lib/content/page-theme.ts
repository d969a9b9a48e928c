/**
 * Whether the page is light or dark where a mark is, so that the hover card matches what the reader
 * reads rather than the system's setting: arXiv's and ar5iv's HTML papers have a theme switch of their
 * own (`data-theme` on the root), and a page without one is light in a dark system. The colour and
 * gradient parsing and the decision are pure; `pageThemeAt` reads the page's computed styles.
 */
export type Theme = 'light' | 'dark';

/** Below this lightness (0 black … 1 white, perceptual: CIE L* / 100, or OKLab's L) a background is dark. */
const DARK_BELOW = 0.5;
/** A background less opaque than this lets what is behind it decide. */
const OPAQUE_FROM = 0.5;

/** The perceptual lightness and opacity of a computed CSS colour; null for a value not understood. */
export function colorLightness(value: string): { lightness: number; alpha: number } | null {
  const match = /^\s*(rgba?|oklch|oklab|lch|lab|color)\((.*)\)\s*$/i.exec(value);
  if (!match) return null;
  const kind = match[1]!.toLowerCase();
  let body = match[2]!;
  let space = 'srgb';
  if (kind === 'color') {
    const [first, ...rest] = body.trim().split(/\s+/);
    space = (first ?? '').toLowerCase();
    body = rest.join(' ');
  }
  const [channels = '', alphaPart] = body.includes('/') ? body.split('/') : [body];
  const texts = channels.split(/[\s,]+/).filter(Boolean);
  /** Channel `i` as a fraction of `full`. */
  const channel = (i: number, full: number) => component(texts[i] ?? '0', full);
  // The comma syntax (`rgba(0, 0, 0, 0)`) gives the opacity as a fourth channel.
  const alpha = alphaPart !== undefined ? component(alphaPart.trim(), 1) : texts[3] !== undefined ? channel(3, 1) : 1;
  switch (kind) {
    case 'rgb':
    case 'rgba':
      return { lightness: lightnessOfLuminance(luminance(channel(0, 255), channel(1, 255), channel(2, 255))), alpha };
    case 'oklch':
    case 'oklab':
      return { lightness: channel(0, 1), alpha };
    case 'lch':
    case 'lab':
      return { lightness: channel(0, 100), alpha };
    default: {
      // color(xyz… X Y Z): Y is the luminance. color(srgb-linear …) (a page's `color-mix(in srgb-linear, …)`)
      // holds light as it is, not as sRGB encodes it; every other RGB space is near enough sRGB to tell dark from light.
      const y = space.startsWith('xyz') ? channel(1, 1) : luminance(channel(0, 1), channel(1, 1), channel(2, 1), space === 'srgb-linear');
      return { lightness: lightnessOfLuminance(y), alpha };
    }
  }
}

/** A channel as a fraction of `full`: a number (of which `full` is all), a percentage, or `none` (0). */
function component(text: string, full: number): number {
  const value = Number.parseFloat(text);
  if (Number.isNaN(value)) return 0;
  return text.endsWith('%') ? value / 100 : value / full;
}

/** Relative luminance of sRGB channels in 0–1, encoded as sRGB does unless `linear`. */
function luminance(r: number, g: number, b: number, linear = false): number {
  const light = (channel: number) => (linear ? channel : channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4);
  return 0.2126 * light(r) + 0.7152 * light(g) + 0.0722 * light(b);
}

/** CIE L* of a luminance, divided by 100. */
function lightnessOfLuminance(y: number): number {
  return (y > 216 / 24389 ? 116 * Math.cbrt(y) - 16 : (24389 / 27) * y) / 100;
}

/** The luminance of a CIE L* divided by 100: `lightnessOfLuminance` undone. */
function luminanceOfLightness(lightness: number): number {
  const l = lightness * 100;
  return l > 8 ? ((l + 16) / 116) ** 3 : (l * 27) / 24389;
}

/**
 * The lightness and opacity of a computed `background-color` or `background-image`: a gradient (linear,
 * radial, conic, repeating) by its colour stops, the mean of their luminances weighted by their opacity
 * (`linear-gradient(black, white)` is a light grey from afar; a transparent stop adds only transparency),
 * its opacity the stops' mean. Null for `none` and for an image alone, which has no colour to read.
 */
export function backgroundLightness(value: string): { lightness: number; alpha: number } | null {
  // An image's address may hold colours of its own (an SVG's `fill='rgb(…)'`); computed values quote it.
  const outsideImages = value.replace(/url\("(?:[^"\\]|\\.)*"\)/g, '');
  const stops = (outsideImages.match(/(?:rgba?|oklch|oklab|lch|lab|color)\([^()]*\)/gi) ?? []).flatMap((stop) => colorLightness(stop) ?? []);
  if (stops.length === 0) return null;
  let opacity = 0;
  let light = 0;
  for (const { lightness, alpha } of stops) {
    opacity += alpha;
    light += alpha * luminanceOfLightness(lightness);
  }
  return { lightness: opacity > 0 ? lightnessOfLuminance(light / opacity) : 0, alpha: opacity / stops.length };
}

/**
 * The theme under a mark: the first background (colour or gradient) from the mark's element outwards
 * that is mostly opaque decides; when every one is transparent, the page's canvas does (`canvasDark`).
 * An image on the way (a photo behind a hero's title) decides by the text's colour (`textColor`, the
 * mark's), which the page made readable over it: light text, a dark image.
 */
export function themeOf(backgrounds: Iterable<string>, canvasDark: boolean, textColor = ''): Theme {
  const text = colorLightness(textColor);
  for (const background of backgrounds) {
    const color = backgroundLightness(background);
    if (color && color.alpha >= OPAQUE_FROM) return color.lightness < DARK_BELOW ? 'dark' : 'light';
    if (text && /\burl\(/.test(background)) return text.lightness < DARK_BELOW ? 'light' : 'dark';
  }
  return canvasDark ? 'dark' : 'light';
}

/**
 * Whether the canvas behind a page without a background is dark: only where the page says it supports
 * a dark scheme (`color-scheme` on its root, or `<meta name="color-scheme">`), and, if it supports a
 * light one too, the system prefers dark. Every other page is drawn on white.
 */
export function isCanvasDark(colorScheme: string, prefersDark: boolean): boolean {
  const schemes = colorScheme.toLowerCase().split(/\s+/);
  if (!schemes.includes('dark')) return false;
  return !schemes.includes('light') || prefersDark;
}

/** The theme of the page where `node` is, from its computed backgrounds and text colour. */
export function pageThemeAt(node: Node): Theme {
  const document = node.ownerDocument ?? (node as Document);
  const view = document.defaultView;
  if (!view) return 'light';
  const start = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  function* backgrounds(): Generator<string> {
    for (let element = start; element; element = element.parentElement) {
      // The image is drawn over the colour.
      const style = view!.getComputedStyle(element);
      yield style.backgroundImage;
      yield style.backgroundColor;
    }
  }
  const root = document.documentElement;
  const declared = root ? view.getComputedStyle(root).colorScheme : '';
  const scheme = declared && declared !== 'normal' ? declared : (document.querySelector<HTMLMetaElement>('meta[name="color-scheme" i]')?.content ?? '');
  const textColor = start ? view.getComputedStyle(start).color : '';
  return themeOf(backgrounds(), isCanvasDark(scheme, view.matchMedia('(prefers-color-scheme: dark)').matches), textColor);
}
