/**
 * The page's theme under a mark, which the hover card takes: computed colours and background images as
 * browsers write them, the first mostly opaque background deciding, and the canvas behind a page without one.
 */
import { describe, expect, it } from 'vitest';
import { backgroundLightness, colorLightness, isCanvasDark, themeOf } from '@/lib/content/page-theme';

describe('colorLightness', () => {
  it.each([
    // Chromium's and Firefox's computed values.
    ['rgb(255, 255, 255)', 1, 1],
    ['rgb(0, 0, 0)', 0, 1],
    ['rgba(0, 0, 0, 0)', 0, 0],
    ['rgba(13, 17, 23, 0.5)', 0.054, 0.5],
    ['rgb(119, 119, 119)', 0.5, 1],
    // arXiv's dark HTML theme, and the modern syntaxes a page may write (kept as written in computed style).
    ['rgb(13, 17, 23)', 0.054, 1],
    ['rgb(13 17 23 / 40%)', 0.054, 0.4],
    ['rgb(100% 100% 100%)', 1, 1],
    ['oklch(0.1763 0.018 257)', 0.1763, 1],
    ['oklch(0.98 none 0 / 0.2)', 0.98, 0.2],
    ['oklab(0.5 0.1 -0.1)', 0.5, 1],
    ['lab(90 0 0)', 0.9, 1],
    ['lch(20% 30 250)', 0.2, 1],
    ['lab(35 10 -20 / 0.75)', 0.35, 0.75],
    ['color(srgb 1 1 1)', 1, 1],
    ['color(display-p3 0.05 0.07 0.09 / 0.9)', 0.054, 0.9],
    ['color(xyz-d65 0.2 0.184 0.2)', 0.5, 1],
    // A page's `color-mix(in srgb-linear, white 30%, black)`, as computed: linear light, a light grey (#959595).
    ['color(srgb-linear 0.3 0.3 0.3)', 0.617, 1],
  ])('%s → lightness %f, opacity %f', (value, lightness, alpha) => {
    const color = colorLightness(value)!;
    expect(color.lightness).toBeCloseTo(lightness, 1);
    expect(color.alpha).toBeCloseTo(alpha, 5);
  });

  it('knows no keyword or unknown function', () => {
    for (const value of ['transparent', 'canvas', 'currentcolor', '', 'hsl(0 0% 0%)', 'url(x)']) expect(colorLightness(value)).toBeNull();
  });
});

describe('backgroundLightness', () => {
  it.each([
    // Chromium's computed `background-image` for what a page writes (in the comment).
    // linear-gradient(#111, #222): its stops' mean luminance, a near black.
    ['linear-gradient(rgb(17, 17, 17), rgb(34, 34, 34))', 0.097, 1],
    // Black to white is light: the mean of their luminances (0.5), not of their lightnesses, is the grey seen from afar.
    ['linear-gradient(rgb(0, 0, 0), rgb(255, 255, 255))', 0.76, 1],
    // radial-gradient(circle at top, #000 0%, #333 50%, transparent 100%): a transparent stop counts for nothing but the opacity.
    ['radial-gradient(circle at 50% 0%, rgb(0, 0, 0) 0%, rgb(51, 51, 51) 50%, rgba(0, 0, 0, 0) 100%)', 0.136, 0.667],
    // repeating-linear-gradient(45deg, #0d1117 0 10px, #161b22 10px 20px): GitHub's dark stripes, each stop written twice.
    ['repeating-linear-gradient(45deg, rgb(13, 17, 23) 0px, rgb(13, 17, 23) 10px, rgb(22, 27, 34) 10px, rgb(22, 27, 34) 20px)', 0.072, 1],
    ['conic-gradient(from 90deg, rgb(255, 0, 0), rgb(0, 0, 255))', 0.446, 1],
    // linear-gradient(in oklab to right, oklch(0.2 0.02 250), oklch(0.3 0.02 250)).
    ['linear-gradient(to right, oklch(0.2 0.02 250), oklch(0.3 0.02 250))', 0.257, 1],
    ['linear-gradient(lab(10 0 0), color(display-p3 0 0 0))', 0.05, 1],
    // A photo darkened by a gradient over it: the gradient's stops only, never colours written in the image's address.
    [`linear-gradient(rgba(0, 0, 0, 0.6), rgba(0, 0, 0, 0.6)), url("data:image/svg+xml,<svg fill='rgb(255,255,255)'/>")`, 0, 0.6],
    // A colour alone reads as `colorLightness` reads it.
    ['rgb(13, 17, 23)', 0.054, 1],
    ['rgba(0, 0, 0, 0)', 0, 0],
  ])('%s → lightness %f, opacity %f', (value, lightness, alpha) => {
    const background = backgroundLightness(value)!;
    expect(background.lightness).toBeCloseTo(lightness, 2);
    expect(background.alpha).toBeCloseTo(alpha, 2);
  });

  it('finds no colour in no image, nor in an image of its own', () => {
    for (const value of ['none', 'url("x.png")', 'image-set(url("a.png") 1dppx, url("b.png") 2dppx)', `url("data:image/svg+xml,<svg fill='rgb(0,0,0)'/>")`]) {
      expect(backgroundLightness(value)).toBeNull();
    }
  });
});

describe('themeOf', () => {
  const white = 'rgb(255, 255, 255)';
  const dark = 'rgb(13, 17, 23)';
  const clear = 'rgba(0, 0, 0, 0)';

  it.each([
    ['the first opaque background from the mark outwards decides', [clear, dark, white], false, 'dark'],
    ['a light box on a dark page is light', [clear, white, dark], true, 'light'],
    ['a faint tint lets what is behind it decide', ['rgba(0, 0, 0, 0.3)', white], false, 'light'],
    ['a mostly opaque one decides itself', ['rgba(0, 0, 0, 0.6)', white], false, 'dark'],
    ['no background at all: the canvas', [clear, clear, clear], true, 'dark'],
    ['no background, a light canvas', [clear, clear], false, 'light'],
    ['a value not understood is passed', ['canvas', dark], false, 'dark'],
    // Each element's `background-image`, then its `background-color`, which the image is drawn over.
    ['a dark gradient on a page of no background colour is dark', ['none', clear, 'linear-gradient(rgb(17, 17, 17), rgb(34, 34, 34))', clear], false, 'dark'],
    ['a gradient is drawn over its own element’s colour', ['linear-gradient(rgb(17, 17, 17), rgb(34, 34, 34))', white], false, 'dark'],
    ['a faint gradient lets the colour under it decide', ['linear-gradient(rgba(0, 0, 0, 0.2), rgba(0, 0, 0, 0.2))', white], true, 'light'],
    ['a light gradient in a dark page is light', ['radial-gradient(rgb(250, 250, 250), rgb(230, 230, 230))', dark], true, 'light'],
  ] as const)('%s', (_, backgrounds, canvasDark, theme) => {
    expect(themeOf(backgrounds, canvasDark)).toBe(theme);
  });

  it.each([
    // An image has no colour to read: the text drawn over it, readable there, says whether it is dark.
    ['light text over a photo: dark', ['none', clear, 'url("night.jpg")', clear], 'rgb(238, 238, 238)', 'dark'],
    ['dark text over a photo: light', ['url("paper.png")', clear], 'rgb(17, 17, 17)', 'light'],
    ['an image set, as Chromium computes it', ['image-set(url("a.png") 1dppx, url("b.png") 2dppx)', clear], 'oklch(0.95 0 0)', 'dark'],
    ['a faint gradient over a photo leaves the photo to the text', ['linear-gradient(rgba(0, 0, 0, 0.2), rgba(0, 0, 0, 0.2)), url("night.jpg")', clear], 'rgb(255, 255, 255)', 'dark'],
    ['a dark gradient over a photo decides, whatever the text', ['linear-gradient(rgba(0, 0, 0, 0.7), rgba(0, 0, 0, 0.7)), url("night.jpg")', white], 'rgb(0, 0, 0)', 'dark'],
    ['a colour nearer the mark decides before the image', [white, 'url("night.jpg")'], 'rgb(238, 238, 238)', 'light'],
    ['a text colour not understood passes the image', ['url("night.jpg")', dark], 'canvastext', 'dark'],
  ] as const)('%s', (_, backgrounds, textColor, theme) => {
    expect(themeOf(backgrounds, false, textColor)).toBe(theme);
  });

  it('reads the backgrounds only as far as the one that decides (each is a computed style)', () => {
    const read: string[] = [];
    function* backgrounds() {
      for (const value of ['rgba(0, 0, 0, 0)', 'rgb(13, 17, 23)', 'rgb(255, 255, 255)']) {
        read.push(value);
        yield value;
      }
    }
    expect(themeOf(backgrounds(), false)).toBe('dark');
    expect(read).toHaveLength(2);
  });
});

describe('isCanvasDark', () => {
  it.each([
    ['normal', true, false],
    ['', true, false],
    ['light', true, false],
    ['only light', true, false],
    ['dark', false, true],
    ['only dark', false, true],
    ['light dark', false, false],
    ['light dark', true, true],
    ['dark light', true, true],
  ])('color-scheme "%s", system prefers dark: %s → %s', (scheme, prefersDark, dark) => {
    expect(isCanvasDark(scheme, prefersDark)).toBe(dark);
  });
});
