// @vitest-environment happy-dom
/**
 * The site adapters: which pages each one reads, and on arXiv's search results and an ar5iv paper (the
 * committed fixtures) which elements are roots and which text is read: the abstract as shown, not its
 * hidden twin; the paper, not ar5iv's footer. On Semantic Scholar's (the fixtures' app, running), what
 * is read, and when the app has rendered its content.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MatchPattern } from '@webext-core/match-patterns';
import { Window } from 'happy-dom';
import { CONTENT_SCRIPT_MATCHES, HOST_MATCHES, siteFor } from '@/lib/sites';
import { ar5iv } from '@/lib/sites/ar5iv';
import { arxiv } from '@/lib/sites/arxiv';
import { semanticScholar } from '@/lib/sites/semantic-scholar';
import { rootsToRead, type SiteAdapter } from '@/lib/sites/site';
import { textCollector } from '@/lib/match/text-index';
import { showsOrHidesText } from '@/lib/content/skip';

/** Addresses of every kind, with the site that reads them (undefined: none does). */
const ADDRESSES: [string, string | undefined][] = [
  ['https://arxiv.org/abs/2306.00978', 'arxiv'],
  ['https://arxiv.org/abs/2306.00978v2', 'arxiv'],
  ['https://arxiv.org/html/2306.00978v2#S3', 'arxiv'],
  // An HTML paper as arXiv links it, its folder (figures and the page's `<base>` live there), or the folder's page.
  ['https://arxiv.org/html/2306.00978', 'arxiv'],
  ['https://arxiv.org/html/2306.00978v2/', 'arxiv'],
  ['https://arxiv.org/html/2306.00978v2/index.html', 'arxiv'],
  ['https://arxiv.org/html/2306.00978v2/index.htm', 'arxiv'],
  ['https://arxiv.org/list/cs.LG/recent', 'arxiv'],
  ['https://arxiv.org/catchup/cs.LG/2024-06-14?abs=True', 'arxiv'],
  ['https://arxiv.org/search/?query=GPTQ&searchtype=all&source=header', 'arxiv'],
  ['https://arxiv.org/search/cs?query=GPTQ&searchtype=all', 'arxiv'],
  ['https://arxiv.org/search/advanced?advanced=&terms-0-term=GPTQ&terms-0-field=title', 'arxiv'],
  // An author's page, by arXiv author id or ORCID iD, with or without `.html`.
  ['https://arxiv.org/a/okafor_l_1', 'arxiv'],
  ['https://arxiv.org/a/okafor_l_1.html', 'arxiv'],
  ['https://arxiv.org/a/0000-0002-1825-0097.html', 'arxiv'],
  // ar5iv (arXiv Labs' HTML of older papers), under the arXiv switch; old-style ids have a field.
  ['https://ar5iv.labs.arxiv.org/html/2210.17323', 'arxiv'],
  ['https://ar5iv.labs.arxiv.org/html/2210.17323#S3.T1', 'arxiv'],
  ['https://ar5iv.labs.arxiv.org/html/hep-th/9901001', 'arxiv'],
  ['https://www.semanticscholar.org/paper/AWQ/0123abcd', 'semanticScholar'],
  ['https://www.semanticscholar.org/search?q=quantization', 'semanticScholar'],
  // Pages that are not read: PDFs (the popup offers their HTML version), help, other hosts.
  ['https://arxiv.org/pdf/2306.00978', undefined],
  // ar5iv's home, its conversion reports, and the old address, which sends readers on to the labs host.
  ['https://ar5iv.labs.arxiv.org/', undefined],
  ['https://ar5iv.labs.arxiv.org/log/2210.17323', undefined],
  ['https://ar5iv.org/html/2210.17323', undefined],
  ['https://arxiv.org/help/api', undefined],
  ['https://arxiv.org/', undefined],
  ['https://export.arxiv.org/abs/2306.00978', undefined],
  ['https://www.semanticscholar.org/author/Ji-Lin/123', undefined],
  ['https://semanticscholar.org/paper/AWQ/0123abcd', undefined],
];

/**
 * The files of an HTML paper, each of which a reader may open in a tab of its own (a figure): under the
 * paper's `/html/` address, where the content script is injected (a match pattern cannot tell them from
 * the paper), but no page to read.
 */
const PAPER_FILES = [
  'https://arxiv.org/html/2306.00978v2/x1.png',
  'https://arxiv.org/html/2306.00978v2/x2.svg',
  'https://arxiv.org/html/2306.00978v2/extracted/5852395/F2.jpg',
  'https://arxiv.org/html/2306.00978v2/Figures/overview.PDF',
  'https://arxiv.org/html/2306.00978v2/x1.png?raw#top',
  'https://arxiv.org/html/2306.00978v2/ltx-article.css',
  'https://arxiv.org/html/2306.00978v2/script.js',
  'https://ar5iv.labs.arxiv.org/html/2210.17323/assets/x1.png',
  'https://ar5iv.labs.arxiv.org/html/hep-th/9901001/assets/fig1.gif',
];

/**
 * Addresses under `/a/`, where the content script is injected (a match pattern cannot tell them from an
 * author's page), but no page to read: an author's feeds, and `/a/` with no author named.
 */
const NOT_AUTHOR_PAGES = [
  'https://arxiv.org/a/okafor_l_1.atom',
  'https://arxiv.org/a/okafor_l_1.atom2',
  'https://arxiv.org/a/okafor_l_1.json',
  'https://arxiv.org/a/',
];

describe('siteFor', () => {
  it.each(ADDRESSES)('%s → %s', (url, id) => {
    expect(siteFor(url)?.id).toBe(id);
  });

  it.each(PAPER_FILES)('%s, a file of an HTML paper, → none', (url) => {
    expect(siteFor(url)).toBeUndefined();
  });

  it.each(NOT_AUTHOR_PAGES)('%s, under an author\'s page but not one, → none', (url) => {
    expect(siteFor(url)).toBeUndefined();
  });
});

describe('where the content script is injected', () => {
  const patterns = CONTENT_SCRIPT_MATCHES.map((pattern) => new MatchPattern(pattern));
  const injected = (url: string) => patterns.some((pattern) => pattern.includes(url));

  it('on every page a site reads', () => {
    for (const [url, id] of ADDRESSES) if (id) expect(injected(url), url).toBe(true);
  });

  it('nowhere else on arXiv or ar5iv: not on PDFs, help, the home page or the login and submission pages', () => {
    for (const [url, id] of ADDRESSES) if (!id && !url.includes('semanticscholar.org')) expect(injected(url), url).toBe(false);
    for (const url of ['https://arxiv.org/login', 'https://arxiv.org/user/', 'https://arxiv.org/submit/5551234/addfiles', 'https://arxiv.org/pdf/2306.00978v2']) {
      expect(injected(url), url).toBe(false);
    }
  });

  it('on an HTML paper\'s files too, which a match pattern cannot tell from the paper: no adapter reads them (above)', () => {
    for (const url of PAPER_FILES) expect(injected(url), url).toBe(true);
  });

  it('under an author\'s page too (feeds), which a match pattern cannot tell from the page: no adapter reads them (above)', () => {
    for (const url of NOT_AUTHOR_PAGES) expect(injected(url), url).toBe(true);
  });

  it('on every Semantic Scholar page, which the app leaves for a paper without a page load', () => {
    expect(injected('https://www.semanticscholar.org/')).toBe(true);
    expect(injected('https://www.semanticscholar.org/author/Ji-Lin/123')).toBe(true);
  });

  it('only where the host permissions reach', () => {
    const hosts = HOST_MATCHES.map((pattern) => new MatchPattern(pattern));
    for (const pattern of CONTENT_SCRIPT_MATCHES) {
      const example = pattern.replace(/\*$/, 'x');
      expect(hosts.some((host) => host.includes(example)), pattern).toBe(true);
    }
  });
});

async function loadFixture(name: string): Promise<void> {
  const html = await readFile(resolve(import.meta.dirname, 'fixtures/pages', name), 'utf8');
  // The body alone: the head's stylesheets are the site's, which a DOM without a browser does not load.
  document.body.innerHTML = html.slice(html.indexOf('<body>') + '<body>'.length, html.indexOf('</body>'));
}

/** The text the site's adapter has the content script read on the page loaded. */
function readText(site: SiteAdapter): string {
  return rootsToRead(site, document)
    .roots.map((root) => {
      const collector = textCollector(root, { skipSelector: site.skipSelector });
      collector.step(() => false);
      return collector.index.text;
    })
    .join('\n');
}

/** Runs `check` with the document at `url` (happy-dom's own call: the address changes, the page stays). */
function atAddress(url: string, check: () => void): void {
  const { happyDOM } = window as unknown as { happyDOM: { setURL(url: string): void } };
  const was = document.URL;
  happyDOM.setURL(url);
  try {
    check();
  } finally {
    happyDOM.setURL(was);
  }
}

describe('arXiv search results', () => {
  const loadSearch = () => loadFixture('arxiv-search.html');

  it('reads each result, not the header, the search form or the heading that repeat the query', async () => {
    await loadSearch();
    const { roots } = rootsToRead(arxiv, document);
    expect(roots).toHaveLength(6);
    expect(roots.every((root) => root.matches('li.arxiv-result'))).toBe(true);
    expect(readText(arxiv)).not.toContain('Showing 1');
  });

  it('reads the abstract shown, preview or whole text, and not its hidden twin', async () => {
    await loadSearch();
    // The fourth result's preview stops before "LLM.int8()"; only its whole text, hidden, has it.
    expect(readText(arxiv)).not.toContain('LLM.int8()');
    expect(readText(arxiv).match(/We compare both families under one calibration/g)).toHaveLength(1);
    const full = document.getElementById('2407.19003v1-abstract-full')!;
    const short = document.getElementById('2407.19003v1-abstract-short')!;
    full.style.display = 'inline';
    short.style.display = 'none';
    expect(readText(arxiv)).toContain('LLM.int8()');
    expect(readText(arxiv)).not.toContain('SmoothQuant+ adds…');
  });

  it('has a style change show or hide text only on an abstract’s preview or whole text; `hidden` and editors anywhere', async () => {
    await loadSearch();
    const showsOrHides = showsOrHidesText(arxiv);
    const full = document.getElementById('2407.19003v1-abstract-full')!;
    const short = document.getElementById('2407.19003v1-abstract-short')!;
    const result = full.closest('li.arxiv-result')!;
    const title = result.querySelector('.title')!;
    const table: [Element, string, boolean][] = [
      [full, 'style', true],
      [short, 'style', true],
      [result, 'style', false],
      [title, 'style', false],
      [full.parentElement!, 'style', false],
      [title, 'hidden', true],
      [result, 'contenteditable', true],
      [full, 'class', false],
    ];
    expect(table.map(([element, attribute]) => showsOrHides(element, attribute))).toEqual(table.map(([, , expected]) => expected));
    // A site without attributes of its own: those of the elements always skipped alone.
    expect(showsOrHidesText(ar5iv)(title, 'style')).toBe(false);
    expect(showsOrHidesText(ar5iv)(title, 'hidden')).toBe(true);
  });
});

describe('an arXiv author page', () => {
  it('reads its list of papers as a listing\'s: titles, comments and journal refs, not the author lists or the header', async () => {
    await loadFixture('arxiv-author.html');
    const { roots } = rootsToRead(arxiv, document);
    expect(roots.map((root) => root.id)).toEqual(['dlpage']);
    const text = readText(arxiv);
    expect(text).toContain('Expert-Wise GPTQ: Second-Order Quantization of Mixture-of-Experts Models Below Three Bits');
    expect(text).toContain('Compares against AWQ and QuIP# at equal bit width');
    expect(text).toContain('Proceedings of MLSys 2025');
    expect(document.body.textContent).toContain('Mira Kovacs');
    expect(text).not.toContain('Mira Kovacs');
    expect(text).not.toContain('Search arXiv');
  });
});

describe('an arXiv author page, its owner', () => {
  it('is not read: the heading and the words on the page\'s address and feeds name the author, as an author list does', async () => {
    await loadFixture('arxiv-author.html');
    expect(document.querySelector('#dlpage > h1')!.textContent).toBe('Lena Okafor\'s articles on arXiv');
    expect(document.querySelector('#dlpage > p')!.textContent).toContain('Lena Okafor\'s arXiv author id');
    const text = readText(arxiv);
    expect(text).not.toContain('Lena Okafor');
    expect(text).not.toContain('author identifier help');
    // The list of papers is read as before, up to its last entry.
    expect(text).toContain('Expert-Wise GPTQ');
    expect(text).toContain(document.querySelectorAll('#articles .list-title').item(6).textContent!.replace('Title:', '').trim());
  });
});

describe('an arXiv search that found nothing', () => {
  it('reads nothing: not the query it echoes, which is the reader\'s, nor the search tips', async () => {
    await loadFixture('arxiv-search-empty.html');
    expect(document.body.textContent).toContain('Sorry, your query for title: AWQ versus GPTQ on microcontrollers produced no results.');
    atAddress('https://arxiv.org/search/?query=AWQ+versus+GPTQ+on+microcontrollers&searchtype=title', () => {
      expect(rootsToRead(arxiv, document)).toEqual({ roots: [], fallback: false });
      expect(readText(arxiv)).toBe('');
    });
  });
});

describe('an ar5iv paper', () => {
  it('reads the paper LaTeXML wrote, not ar5iv\'s footer or LaTeXML\'s', async () => {
    await loadFixture('ar5iv-paper.html');
    const { roots } = rootsToRead(ar5iv, document);
    expect(roots).toHaveLength(1);
    expect(roots[0]!.matches('article.ltx_document')).toBe(true);
    const text = readText(ar5iv);
    expect(text).toContain('Outliers, Scales and Second-Order Updates');
    expect(text).toMatch(/LLM\.int8\(\)\s\[1\]\sshowed that a few outlier feature dimensions/);
    expect(text).not.toContain('Conversion');
    expect(text).not.toContain('View\u00a0original');
    expect(text).not.toContain('Generated');
  });

  it('skips ar5iv\'s footer where the page has no paper and the whole body is read', async () => {
    await loadFixture('ar5iv-paper.html');
    document.querySelector('article')!.remove();
    expect(rootsToRead(ar5iv, document)).toEqual({ roots: [document.body], fallback: true });
    const collector = textCollector(document.body, { skipSelector: ar5iv.skipSelector });
    collector.step(() => false);
    expect(collector.index.text).not.toMatch(/Conversion|lucky|original|Generated/);
    expect(document.body.textContent).toMatch(/Conversion/);
  });
});

describe('Semantic Scholar: what is read', () => {
  /** The fixture's app at `url`, rendered, its body put in this test's document (read as the content script reads it). */
  async function rendered(name: string, url: string): Promise<void> {
    const app = new Window({ url, settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true } });
    app.document.write(await readFile(resolve(import.meta.dirname, 'fixtures/pages', name), 'utf8'));
    await (app as unknown as { __s2: { whenRendered(): Promise<unknown> } }).__s2.whenRendered();
    document.body.innerHTML = app.document.body.innerHTML;
    await app.happyDOM.close();
  }

  it('a paper: its title, TLDR, abstract and citing papers, not its authors nor theirs: names, not mentions', async () => {
    await rendered('s2-paper.html', 'https://www.semanticscholar.org/paper/quip-sharp/c4f1e9a2b7d3f5e8a1c6b9d2e7f4a3c8b5d1e6f2?__s2delay=0');
    const text = readText(semanticScholar);
    expect(text).toContain('QuIP#: Even Better LLM Quantization with Hadamard Incoherence and Lattice Codebooks');
    expect(text).toContain('QuIP# combines randomized Hadamard incoherence processing');
    expect(document.querySelector('[data-test-id="abstract-text"]')!.textContent!.length).toBeGreaterThan(0);
    expect(text).toContain(document.querySelector('[data-test-id="abstract-text"]')!.textContent!);
    expect(text).toContain(document.querySelector('[data-test-id="paper-row"] a[data-test-id="title-link"]')!.textContent!);
    for (const authors of document.querySelectorAll('[data-test-id="author-list"], .cl-paper-authors')) {
      expect(authors.textContent!.trim()).not.toBe('');
      expect(text).not.toContain(authors.textContent!.trim());
    }
    expect(document.querySelectorAll('.cl-paper-authors').length).toBe(8);
  });

  it('a search: each result\'s title and TLDR, not its authors', async () => {
    await rendered('s2-search.html', 'https://www.semanticscholar.org/search?q=quantization&__s2delay=0');
    const text = readText(semanticScholar);
    const rows = document.querySelectorAll('.serp-papers__paper-row');
    expect(rows.length).toBe(10);
    for (const row of rows) {
      expect(text).toContain(row.querySelector('.cl-paper-title')!.textContent!);
      expect(text).toContain(row.querySelector('.cl-paper-abstract')!.textContent!);
      const authors = row.querySelector('[data-test-id="author-list"]')!.textContent!;
      expect(authors).not.toBe('');
      expect(text).not.toContain(authors);
    }
  });
});

describe('Semantic Scholar: whether the app has rendered its content', () => {
  const PAPER = 'https://www.semanticscholar.org/paper/quip-sharp/c4f1e9a2b7d3f5e8a1c6b9d2e7f4a3c8b5d1e6f2';
  const SEARCH = 'https://www.semanticscholar.org/search?q=quantization';

  /** The fixture's app at `url`, its scripts running (`?__s2delay=never`: it stays an empty shell until told to render). */
  async function runApp(name: string, url: string) {
    const window = new Window({ url, settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true } });
    window.document.write(await readFile(resolve(import.meta.dirname, 'fixtures/pages', name), 'utf8'));
    const app = window as unknown as { __s2: { renderNow(): void; navigate(path: undefined, delay: 'never'): Promise<string>; whenRendered(): Promise<unknown>; errors: string[] } };
    return { app: app.__s2, shown: () => semanticScholar.contentShown!(window.document as unknown as Document), close: () => window.happyDOM.close() };
  }

  it('a paper: not its empty shell, then its title and abstract; not the skeleton of the next paper, then that paper', async () => {
    const { app, shown, close } = await runApp('s2-paper.html', `${PAPER}?__s2delay=never`);
    expect(shown()).toBe(false);
    app.renderNow();
    expect(shown()).toBe(true);
    await app.navigate(undefined, 'never');
    expect(shown()).toBe(false);
    app.renderNow();
    expect(shown()).toBe(true);
    expect(app.errors).toEqual([]);
    await close();
  });

  it('a search: not its empty shell, then its results, or its word that there are none', async () => {
    for (const url of [SEARCH, `${SEARCH}&__s2noresults`]) {
      const { app, shown, close } = await runApp('s2-search.html', `${url}&__s2delay=0`);
      expect(shown(), url).toBe(false);
      await app.whenRendered();
      expect(shown(), url).toBe(true);
      expect(app.errors).toEqual([]);
      await close();
    }
  });

  it('a search rendered with the live site\'s class names for its results is shown too', () => {
    for (const rows of ['<div class="result-page"></div>', '<div class="cl-paper-row serp-papers__paper-row paper-row-normal"><a href="/paper/x/1">AWQ</a></div>']) {
      const window = new Window({ url: SEARCH });
      window.document.body.innerHTML = `<header>Semantic Scholar</header><main>${rows}</main>`;
      expect(semanticScholar.contentShown!(window.document as unknown as Document), rows).toBe(true);
      // A paper's citations are rows of the same kind, not a search's results.
      window.document.body.innerHTML = '<main><div class="cl-paper-row citation-list__paper-row"><a href="/paper/x/1">AWQ</a></div></main>';
      expect(semanticScholar.contentShown!(window.document as unknown as Document)).toBe(false);
    }
  });

  it('on a paper, the results of the search it was opened from are not its content; on a search, a paper is not', async () => {
    const paper = await runApp('s2-paper.html', `${SEARCH}&__s2delay=never`);
    paper.app.renderNow();
    expect(paper.shown()).toBe(false);
    await paper.close();
    const search = await runApp('s2-search.html', `${PAPER}?__s2delay=0`);
    await search.app.whenRendered();
    expect(search.shown()).toBe(false);
    await search.close();
  });
});
