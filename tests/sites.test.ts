// @vitest-environment happy-dom
/**
 * The site adapters: which pages each one reads, and on arXiv's search results (the committed fixture)
 * which elements are roots and which text is read: the abstract as shown, not its hidden twin.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { siteFor } from '@/lib/sites';
import { arxiv } from '@/lib/sites/arxiv';
import { textCollector } from '@/lib/match/text-index';

describe('siteFor', () => {
  it.each([
    ['https://arxiv.org/abs/2306.00978', 'arxiv'],
    ['https://arxiv.org/abs/2306.00978v2', 'arxiv'],
    ['https://arxiv.org/html/2306.00978v2#S3', 'arxiv'],
    ['https://arxiv.org/list/cs.LG/recent', 'arxiv'],
    ['https://arxiv.org/catchup/cs.LG/2024-06-14?abs=True', 'arxiv'],
    ['https://arxiv.org/search/?query=GPTQ&searchtype=all&source=header', 'arxiv'],
    ['https://arxiv.org/search/cs?query=GPTQ&searchtype=all', 'arxiv'],
    ['https://arxiv.org/search/advanced?advanced=&terms-0-term=GPTQ&terms-0-field=title', 'arxiv'],
    ['https://www.semanticscholar.org/paper/AWQ/0123abcd', 'semanticScholar'],
    ['https://www.semanticscholar.org/search?q=quantization', 'semanticScholar'],
    // Pages that are not read: PDFs (the popup offers their HTML version), help, other hosts.
    ['https://arxiv.org/pdf/2306.00978', undefined],
    ['https://arxiv.org/help/api', undefined],
    ['https://arxiv.org/', undefined],
    ['https://export.arxiv.org/abs/2306.00978', undefined],
    ['https://www.semanticscholar.org/author/Ji-Lin/123', undefined],
    ['https://semanticscholar.org/paper/AWQ/0123abcd', undefined],
  ])('%s → %s', (url, id) => {
    expect(siteFor(url)?.id).toBe(id);
  });
});

describe('arXiv search results', () => {
  async function loadFixture(): Promise<void> {
    const html = await readFile(resolve(import.meta.dirname, 'fixtures/pages/arxiv-search.html'), 'utf8');
    // The body alone: the head's stylesheets are the site's, which a DOM without a browser does not load.
    document.body.innerHTML = html.slice(html.indexOf('<body>') + '<body>'.length, html.indexOf('</body>'));
  }

  function readText(): string {
    return arxiv
      .roots(document)
      .map((root) => {
        const collector = textCollector(root, { skipSelector: arxiv.skipSelector });
        collector.step(() => false);
        return collector.index.text;
      })
      .join('\n');
  }

  it('reads each result, not the header, the search form or the heading that repeat the query', async () => {
    await loadFixture();
    const roots = arxiv.roots(document);
    expect(roots).toHaveLength(6);
    expect(roots.every((root) => root.matches('li.arxiv-result'))).toBe(true);
    expect(readText()).not.toContain('Showing 1');
  });

  it('reads the abstract shown, preview or whole text, and not its hidden twin', async () => {
    await loadFixture();
    // The fourth result's preview stops before "LLM.int8()"; only its whole text, hidden, has it.
    expect(readText()).not.toContain('LLM.int8()');
    expect(readText().match(/We compare both families under one calibration/g)).toHaveLength(1);
    const full = document.getElementById('2407.19003v1-abstract-full')!;
    const short = document.getElementById('2407.19003v1-abstract-short')!;
    full.style.display = 'inline';
    short.style.display = 'none';
    expect(readText()).toContain('LLM.int8()');
    expect(readText()).not.toContain('SmoothQuant+ adds…');
  });
});
