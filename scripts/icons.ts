/**
 * Renders the extension's icon (scripts/icon.svg) to public/icon/<size>.png, where WXT finds it for
 * the manifest's `icons`. Drawn by Debian's Chromium, the browser the tests use, so the SVG's
 * small-size variant (a media query on its own width) applies exactly as designed.
 * Run: npm run icons
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readCommandLine } from './command-line';

readCommandLine('icons', 'usage: npm run icons', {});

// The browser driver, once the command line is read: `--help` does not load it.
const { chromium } = await import('playwright-core');
const { REPO_ROOT, chromiumPath } = await import('../tests/helpers/browser');

/** What the stores and browsers ask for: toolbar (16, 32), extensions page (48), store listing (128). */
const ICON_SIZES = [16, 32, 48, 128] as const;

async function main() {
  const svg = await readFile(join(REPO_ROOT, 'scripts/icon.svg'));
  const outDir = join(REPO_ROOT, 'public/icon');
  await mkdir(outDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  try {
    for (const size of ICON_SIZES) {
      const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
      // As an <img>, so the SVG's media queries see the icon's own size.
      await page.setContent(
        `<style>html, body { margin: 0; background: transparent } img { display: block }</style>` +
          `<img width="${size}" height="${size}" src="data:image/svg+xml;base64,${svg.toString('base64')}">`,
      );
      await page.waitForFunction(() => document.querySelector('img')?.complete === true);
      await page.screenshot({ path: join(outDir, `${size}.png`), omitBackground: true });
      await page.close();
      console.log(`wrote public/icon/${size}.png`);
    }
  } finally {
    await browser.close();
  }
}

await main();
