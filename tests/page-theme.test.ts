/**
 * The page's theme under a mark, which the hover card takes: computed colours as browsers write them,
 * the first mostly opaque background deciding, and the canvas behind a page without one.
 */
import { describe, expect, it } from 'vitest';
import { colorLightness, isCanvasDark, themeOf } from '@/lib/content/page-theme';

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
  ] as const)('%s', (_, backgrounds, canvasDark, theme) => {
    expect(themeOf(backgrounds, canvasDark)).toBe(theme);
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
