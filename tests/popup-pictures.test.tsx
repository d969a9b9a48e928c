/** The README's pictures: every view `npm run screenshots` writes to docs/ is shown, and every picture shown exists. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

describe('README pictures', () => {
  it('shows every picture in docs/, light and dark, and only those', async () => {
    const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
    const shown = new Set([...readme.matchAll(/(?:src="|\]\()(docs\/[^")]+\.png)/g)].map((match) => match[1]!));
    const pictures = (await readdir(join(ROOT, 'docs'))).filter((name) => name.endsWith('.png')).map((name) => `docs/${name}`);
    expect([...shown].sort()).toEqual(pictures.sort());
    for (const picture of pictures.filter((name) => name.endsWith('-light.png'))) {
      expect(pictures).toContain(picture.replace(/-light\.png$/, '-dark.png'));
    }
  });
});
