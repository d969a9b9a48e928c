/**
 * The README and docs link to each other's sections and to files in the repository (pictures, tests,
 * scripts): every such link must land. Headings are turned into anchors as GitHub does (github-slugger),
 * a repeated heading getting `-1`, `-2`…
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import GithubSlugger from 'github-slugger';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const DOCS = ['README.md', 'SECURITY.md', 'PRIVACY.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

/** A link's target: a path relative to the file it is in (empty: that file), and a heading's anchor. */
interface Link {
  path: string;
  anchor: string | null;
}

/** The Markdown outside fenced code blocks, where a link or a heading is only text. */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```/gm, '');
}

/** Relative links, `[text](target)` (a picture's too), outside code blocks. */
function relativeLinks(markdown: string): Link[] {
  return [...prose(markdown).matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target))
    .map((target) => {
      const at = target.indexOf('#');
      return at === -1 ? { path: target, anchor: null } : { path: target.slice(0, at), anchor: target.slice(at + 1) };
    });
}

/** The anchors GitHub gives a Markdown file's headings (outside code blocks). */
function headingAnchors(markdown: string): Set<string> {
  const slugger = new GithubSlugger();
  // A closing run of `#` counts only after a space: `### QuIP#` is the heading QuIP#.
  return new Set([...prose(markdown).matchAll(/^#{1,6} +(.+?)(?: +#+)? *$/gm)].map((match) => slugger.slug(match[1]!)));
}

describe('the functions the link check rests on', () => {
  it('takes relative links, pictures included, and leaves web addresses and code blocks', () => {
    const markdown = ['See [the speed](docs/speed.md#every-run), [a test](tests/x.test.ts) and ![a picture](docs/a.png).', '[out](https://example.com/#x) [mail](mailto:a@b.c) [here](#quick-start)', '```md', '[in code](nowhere.md)', '```'].join('\n');
    expect(relativeLinks(markdown)).toEqual([
      { path: 'docs/speed.md', anchor: 'every-run' },
      { path: 'tests/x.test.ts', anchor: null },
      { path: 'docs/a.png', anchor: null },
      { path: '', anchor: 'quick-start' },
    ]);
  });

  it('names headings as GitHub does, numbering repeats', () => {
    const markdown = ['# Method Lens', '## `bench:scan`, every run', '## Inside the slices of a first pass (stop 64)', '### Notes', '### Notes', '### QuIP#', '## Closed ##', '```sh', '# not a heading', '```'].join('\n');
    expect(headingAnchors(markdown)).toEqual(new Set(['method-lens', 'benchscan-every-run', 'inside-the-slices-of-a-first-pass-stop-64', 'notes', 'notes-1', 'quip', 'closed']));
  });
});

describe.each(DOCS)('links in %s', (file) => {
  const links = relativeLinks(readFileSync(join(ROOT, file), 'utf8'));

  it('land on files that exist, and on headings those files have', () => {
    const broken: string[] = [];
    for (const { path, anchor } of links) {
      const target = path ? normalize(join(dirname(file), decodeURIComponent(path))) : file;
      if (!existsSync(join(ROOT, target))) broken.push(`${path}${anchor === null ? '' : `#${anchor}`}: no file ${target}`);
      else if (anchor !== null && target.endsWith('.md') && !headingAnchors(readFileSync(join(ROOT, target), 'utf8')).has(anchor)) broken.push(`${path}#${anchor}: no such heading in ${target}`);
    }
    expect(broken).toEqual([]);
  });
});
