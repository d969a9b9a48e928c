/** Reading an arXiv paper's HTML version without a DOM: text extraction, entities, ids, counts. */
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ARXIV_ID, arxivIdOfPdfUrl, countMentions, decodeEntities, fetchArxivHtmlMentions, htmlToText } from '@/lib/arxiv-html-scan';
import { BOUNDARY } from '@/lib/match/text-index';
import { planDictionary } from '@/lib/page-dictionary';
import { bundledDictionary } from './helpers/bundled-dictionary';

const FIXTURES = join(import.meta.dirname, 'fixtures/pages');

describe('arXiv PDF addresses', () => {
  it.each([
    ['https://arxiv.org/pdf/2406.01234', '2406.01234'],
    ['https://arxiv.org/pdf/2406.01234v2', '2406.01234v2'],
    ['https://arxiv.org/pdf/2406.01234v2.pdf', '2406.01234v2'],
    ['https://arxiv.org/pdf/hep-th/9901001v1', 'hep-th/9901001v1'],
    ['https://arxiv.org/pdf/math.AG/0101001', 'math.AG/0101001'],
    ['https://arxiv.org/abs/2406.01234', null],
    ['https://example.org/pdf/2406.01234', null],
    ['https://arxiv.org/pdf/../../etc', null],
    [null, null],
  ])('%s → %s', (url, id) => expect(arxivIdOfPdfUrl(url)).toBe(id));

  it('accepts only arXiv ids as request payloads', () => {
    expect(ARXIV_ID.test('2406.01234v3')).toBe(true);
    expect(ARXIV_ID.test('2406.01234/../x')).toBe(false);
    expect(ARXIV_ID.test('https://evil.example')).toBe(false);
  });
});

describe('HTML to text', () => {
  it('keeps prose, drops scripts, styles, math, SVG, navigation and attribute values', () => {
    const html = `<html><head><title>AWQ title</title><style>.AWQ{}</style></head><body>
      <nav>GPTQ menu</nav><article class="ltx_document"><p title="AWQ attr">Text with <em>AWQ</em>’s scales.</p>
      <script>var x = "<p>GPTQ</p>";</script><math alttext="\\mathrm{GPTQ}"><mi>GPTQ</mi></math>
      <svg><text>QuIP</text></svg><img alt="a > GPTQ"> after <!-- GPTQ --> end</article><footer>AQLM</footer></body></html>`;
    const { text } = htmlToText(html);
    expect(text).toContain('Text with AWQ’s scales.');
    expect(text).toContain(' after ');
    expect(text).toContain(' end');
    for (const absent of ['GPTQ', 'AQLM', 'QuIP', 'title', 'attr', '.AWQ']) expect(text).not.toContain(absent);
  });

  it('separates blocks so no name runs across two cells', () => {
    expect(htmlToText('<table><tr><td>AW</td><td>Q</td></tr></table>').text).toBe(`${BOUNDARY}${BOUNDARY}${BOUNDARY}AW${BOUNDARY}${BOUNDARY}Q${BOUNDARY}${BOUNDARY}${BOUNDARY}`);
    expect(htmlToText('<p>Qu<b>IP</b>#</p>').text).toBe(`${BOUNDARY}QuIP#${BOUNDARY}`);
  });

  it('reads a paper by the content script’s rules: a footnote mark bounds a name, hidden text is not read, a script is no gap', async () => {
    const count = async (html: string) => Object.fromEntries(countMentions(htmlToText(html), await bundledDictionary()).map((m) => [m.methodId, m.count]));
    // LaTeXML's rendering of `We use AWQ\footnote{GPTQ code.}`: raised, the mark is set apart, as on the page.
    const footnote =
      '<p class="ltx_p">We use AWQ<span class="ltx_note ltx_role_footnote"><sup class="ltx_note_mark">1</sup>' +
      '<span class="ltx_note_outer"><span class="ltx_note_content"><sup class="ltx_note_mark">1</sup>GPTQ code.</span></span></span> here.</p>';
    expect(await count(footnote)).toEqual({ awq: 1, gptq: 1 });
    expect(await count('<p>AWQ <span hidden>GPTQ</span> and <div hidden="">QuIP</div> <span title="not hidden">AQLM</span></p>')).toEqual({ awq: 1, aqlm: 1 });
    // Never rendered, a script or a hidden span is no gap: `Auto…AWQ` reads AutoAWQ, no AWQ.
    expect(await count('<p>Auto<script>x()</script>AWQ, Auto<span hidden>x</span>AWQ and GPTQ</p>')).toEqual({ gptq: 1 });
  });

  it('counts QuIP# and SQ+ where LaTeXML typesets their # and + as math glued to the name (`QuIP$\\#$`, `SQ$+$`), under those names', async () => {
    // LaTeXML's output for `QuIP$\#$ beats QuIP and SQ$+$, not QuIP$\#_{2}$.`, as arXiv's HTML papers have it.
    const math = (id: string, tex: string, shown: string, content: string) =>
      `<math id="${id}" class="ltx_Math" alttext="${tex}" display="inline"><semantics id="${id}a">${shown}` +
      `<annotation-xml encoding="MathML-Content" id="${id}b">${content}</annotation-xml><annotation encoding="application/x-tex" id="${id}c">${tex}</annotation></semantics></math>`;
    const html =
      '<article class="ltx_document"><div class="ltx_para"><p class="ltx_p">' +
      `QuIP${math('S1.p1.m1', '\\#', '<mi mathvariant="normal">#</mi>', '<ci>#</ci>')} beats QuIP and SQ${math('S1.p1.m2', '+', '<mo>+</mo>', '<plus></plus>')}, ` +
      `not QuIP${math('S1.p1.m3', '\\#_{2}', '<msub><mi mathvariant="normal">#</mi><mn>2</mn></msub>', '<apply><csymbol cd="ambiguous">subscript</csymbol><ci>#</ci><cn type="integer">2</cn></apply>')}.` +
      '</p></div></article>';
    const paper = htmlToText(html);
    expect([...paper.mathGoesOn]).toEqual([
      [paper.text.indexOf('QuIP') + 4, '#'],
      [paper.text.indexOf('SQ') + 2, '+'],
      [paper.text.lastIndexOf('QuIP') + 4, '\\#_{2}'],
    ]);
    expect(countMentions(paper, planDictionary(await bundledDictionary()))).toEqual([
      { methodId: 'quip-sharp', count: 1, names: ['QuIP#'] },
      { methodId: 'quip', count: 1, names: ['QuIP'] },
      { methodId: 'sq-plus', count: 1, names: ['SQ+'] },
    ]);
  });

  it('reads what math without LaTeXML’s source shows whole: its `#` alone ends a name, more goes on with it', () => {
    const { text, mathGoesOn } = htmlToText('<p>A<math><mi>#</mi></math> B<math><mi>#</mi><mn>2</mn></math> C<math><mi>x</mi></math></p>');
    expect([...mathGoesOn]).toEqual([
      [text.indexOf('A') + 1, '#'],
      [text.indexOf('B') + 1, '#2'],
    ]);
  });

  it('decodes character references and leaves unknown ones as written', () => {
    expect(decodeEntities('QuIP&#35; &amp; SQ&#x2B; &rsquo;s &nbsp;&bogus; &#0;')).toBe('QuIP# & SQ+ ’s \u00a0&bogus; \ufffd');
  });

  it('finds what the fixture’s README counts in the short HTML paper, and nothing inside math', async () => {
    const html = await readFile(join(FIXTURES, 'arxiv-html-short.html'), 'utf8');
    const mentions = new Map(countMentions(htmlToText(html), await bundledDictionary()).map((m) => [m.methodId, m.count]));
    expect(mentions.get('gptq')).toBe(18);
    expect(mentions.get('awq')).toBe(18);
    expect(mentions.get('aqlm')).toBe(14);
    expect(mentions.get('quip-sharp')).toBe(17);
    expect(mentions.get('quip')).toBe(7);
    expect(mentions.get('smoothquant')).toBe(4);
    expect(mentions.get('sq-plus')).toBe(2);
  });
});

describe('names whose # or + LaTeXML typesets as math', () => {
  it('counts what the fixture’s README counts in arxiv-html-math-names.html, under the methods’ own names', async () => {
    const html = await readFile(join(FIXTURES, 'arxiv-html-math-names.html'), 'utf8');
    expect(countMentions(htmlToText(html), planDictionary(await bundledDictionary()))).toEqual([
      { methodId: 'quip-sharp', count: 7, names: ['QuIP#'] },
      { methodId: 'sq-plus', count: 4, names: ['SQ+'] },
      { methodId: 'quip', count: 3, names: ['QuIP'] },
      { methodId: 'smoothquant', count: 2, names: ['SmoothQuant'] },
    ]);
  });
});

describe('fetching the HTML version', () => {
  /** Answers each address by its host and path; an address not listed was never to be asked. */
  const site = (answers: Record<string, () => Response | Promise<Response>>, asked: string[] = []) =>
    (async (url: string) => {
      asked.push(url);
      const answerFor = answers[url];
      if (!answerFor) throw new Error(`unexpected request: ${url}`);
      return answerFor();
    }) as unknown as typeof fetch;
  const paper = (text: string) => () => new Response(`<article class="ltx_document"><p>${text}</p></article>`);
  /** A response as fetch gives it after following redirects to `final`. */
  const landingOn = (final: string, body = '<article class="ltx_document"><p>AWQ</p></article>') => () =>
    Object.defineProperty(new Response(body), 'url', { value: final });

  it('reads https://arxiv.org/html/<id> and counts mentions, asking nothing else', async () => {
    const asked: string[] = [];
    const fetchImpl = site({ 'https://arxiv.org/html/2406.01234': paper('AWQ beats GPTQ; AWQ again.') }, asked);
    const result = await fetchArxivHtmlMentions('2406.01234', await bundledDictionary(), fetchImpl);
    expect(asked).toEqual(['https://arxiv.org/html/2406.01234']);
    expect(result.source).toBe('arxiv');
    expect(result.mentions).toEqual([
      { methodId: 'awq', count: 2, names: ['AWQ'] },
      { methodId: 'gptq', count: 1, names: ['GPTQ'] },
    ]);
  });

  it('scans what arXiv sends on to within arXiv, and refuses what it sends elsewhere', async () => {
    const dictionary = await bundledDictionary();
    const versioned = await fetchArxivHtmlMentions('2406.01234', dictionary, site({ 'https://arxiv.org/html/2406.01234': landingOn('https://arxiv.org/html/2406.01234v2') }));
    expect(versioned).toEqual({ url: 'https://arxiv.org/html/2406.01234v2', source: 'arxiv', mentions: [{ methodId: 'awq', count: 1, names: ['AWQ'] }] });
    await expect(
      fetchArxivHtmlMentions('2406.01234', dictionary, site({ 'https://arxiv.org/html/2406.01234': landingOn('https://mirror.example/html/2406.01234') })),
    ).rejects.toThrow('arXiv sent the HTML version elsewhere (mirror.example); it was not scanned.');
  });

  it('reads ar5iv\'s HTML version of a paper arXiv has none of, at its address without a version', async () => {
    const fixture = await readFile(join(FIXTURES, 'ar5iv-paper.html'), 'utf8');
    const asked: string[] = [];
    const fetchImpl = site(
      {
        'https://arxiv.org/html/2307.01234v2': () => new Response('', { status: 404 }),
        'https://ar5iv.labs.arxiv.org/html/2307.01234': () => new Response(fixture, { headers: { 'Content-Type': 'text/html; charset=utf-8' } }),
      },
      asked,
    );
    const result = await fetchArxivHtmlMentions('2307.01234v2', await bundledDictionary(), fetchImpl);
    expect(asked).toEqual(['https://arxiv.org/html/2307.01234v2', 'https://ar5iv.labs.arxiv.org/html/2307.01234']);
    expect(result.url).toBe('https://ar5iv.labs.arxiv.org/html/2307.01234');
    expect(result.source).toBe('ar5iv');
    // The README's counts for ar5iv-paper.html: the paper, not ar5iv's footer.
    expect(Object.fromEntries(result.mentions.map((mention) => [mention.methodId, mention.count]))).toEqual({
      gptq: 9,
      awq: 8,
      smoothquant: 6,
      'llm-int8': 5,
      zeroquant: 5,
      quip: 3,
    });
  });

  it('asks ar5iv too when arXiv answers 200 with a page that is no LaTeXML paper (its notice that there is no HTML)', async () => {
    const notice =
      '<!doctype html><html><head><title>No HTML for 2406.01234</title></head><body><main><h1>No HTML for 2406.01234</h1>' +
      '<p>HTML is not available for the source.</p></main></body></html>';
    const fetchImpl = site({
      'https://arxiv.org/html/2406.01234': () => new Response(notice, { status: 200, headers: { 'Content-Type': 'text/html' } }),
      'https://ar5iv.labs.arxiv.org/html/2406.01234': paper('GPTQ'),
    });
    const result = await fetchArxivHtmlMentions('2406.01234', await bundledDictionary(), fetchImpl);
    expect(result).toEqual({ url: 'https://ar5iv.labs.arxiv.org/html/2406.01234', source: 'ar5iv', mentions: [{ methodId: 'gptq', count: 1, names: ['GPTQ'] }] });
  });

  it('says neither has one when ar5iv sends the reader on to arXiv\'s abstract page, or answers 404', async () => {
    const dictionary = await bundledDictionary();
    const missing = () => new Response('', { status: 404 });
    const sentOn = site({
      'https://arxiv.org/html/2406.01234': missing,
      'https://ar5iv.labs.arxiv.org/html/2406.01234': landingOn('https://arxiv.org/abs/2406.01234', '<html><body><div id="abs">GPTQ</div></body></html>'),
    });
    await expect(fetchArxivHtmlMentions('2406.01234', dictionary, sentOn)).rejects.toThrow('Neither arXiv nor ar5iv has an HTML version of this paper.');
    const notFound = site({ 'https://arxiv.org/html/2406.01234': missing, 'https://ar5iv.labs.arxiv.org/html/2406.01234': missing });
    await expect(fetchArxivHtmlMentions('2406.01234', dictionary, notFound)).rejects.toThrow('Neither arXiv nor ar5iv has an HTML version of this paper.');
  });

  it('words failures for the reader, and asks ar5iv only when arXiv has said it has no HTML version', async () => {
    const dictionary = await bundledDictionary();
    const asked: string[] = [];
    await expect(fetchArxivHtmlMentions('2406.01234', dictionary, site({ 'https://arxiv.org/html/2406.01234': () => new Response('', { status: 503 }) }, asked))).rejects.toThrow(
      'arXiv answered with HTTP 503 for the HTML version. It failed or is busy: try again later.',
    );
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(fetchArxivHtmlMentions('2406.01234', dictionary, offline)).rejects.toThrow('arXiv could not be reached: check the connection, or try again later.');
    expect(asked).toEqual(['https://arxiv.org/html/2406.01234']);

    const missing = () => new Response('', { status: 404 });
    const ar5ivDown = site({ 'https://arxiv.org/html/2406.01234': missing, 'https://ar5iv.labs.arxiv.org/html/2406.01234': () => new Response('', { status: 502 }) });
    await expect(fetchArxivHtmlMentions('2406.01234', dictionary, ar5ivDown)).rejects.toThrow(
      'arXiv has no HTML version of this paper, and ar5iv answered with HTTP 502 for the HTML version. It failed or is busy: try again later.',
    );
    const ar5ivOffline = site({
      'https://arxiv.org/html/2406.01234': missing,
      'https://ar5iv.labs.arxiv.org/html/2406.01234': () => Promise.reject(new TypeError('Failed to fetch')),
    });
    await expect(fetchArxivHtmlMentions('2406.01234', dictionary, ar5ivOffline)).rejects.toThrow(
      'arXiv has no HTML version of this paper, and ar5iv could not be reached: check the connection, or try again later.',
    );
    const ar5ivElsewhere = site({ 'https://arxiv.org/html/2406.01234': missing, 'https://ar5iv.labs.arxiv.org/html/2406.01234': landingOn('https://mirror.example/x') });
    await expect(fetchArxivHtmlMentions('2406.01234', dictionary, ar5ivElsewhere)).rejects.toThrow(
      'arXiv has no HTML version of this paper, and ar5iv sent the HTML version elsewhere (mirror.example); it was not scanned.',
    );
  });
});

describe('what the reader can do when a site will not give the paper', () => {
  const site = (answers: Record<string, () => Response>) =>
    (async (url: string) => {
      const answerFor = answers[url];
      if (!answerFor) throw new Error(`unexpected request: ${url}`);
      return answerFor();
    }) as unknown as typeof fetch;
  const page = (html: string, final?: string) => () => {
    const response = new Response(html, { status: 200, headers: { 'Content-Type': 'text/html' } });
    return final ? Object.defineProperty(response, 'url', { value: final }) : response;
  };
  const missing = () => new Response('', { status: 404 });

  it('says a 401 or 403 is a refusal of a request made without the reader’s sign-in, and to open the HTML version in a tab', async () => {
    const dictionary = await bundledDictionary();
    for (const status of [401, 403]) {
      await expect(fetchArxivHtmlMentions('2406.01234', dictionary, site({ 'https://arxiv.org/html/2406.01234': () => new Response('', { status }) }))).rejects.toThrow(
        `arXiv refused Method Lens the HTML version (HTTP ${status}): it asks without your cookies or sign-in. Open https://arxiv.org/html/2406.01234 in a tab to see what arXiv says: if it shows the paper there, Method Lens marks it.`,
      );
    }
    const ar5ivRefuses = site({ 'https://arxiv.org/html/2406.01234': missing, 'https://ar5iv.labs.arxiv.org/html/2406.01234': () => new Response('', { status: 403 }) });
    await expect(fetchArxivHtmlMentions('2406.01234', dictionary, ar5ivRefuses)).rejects.toThrow(
      'arXiv has no HTML version of this paper, and ar5iv refused Method Lens the HTML version (HTTP 403): it asks without your cookies or sign-in. Open https://ar5iv.labs.arxiv.org/html/2406.01234 in a tab',
    );
  });

  it('does not take a sign-in or error page on arxiv.org for a paper with no HTML version', async () => {
    const dictionary = await bundledDictionary();
    const login = page('<!doctype html><html><head><title>Login | arXiv</title></head><body><form><input name="username"></form></body></html>', 'https://arxiv.org/login?next=/html/2406.01234');
    await expect(fetchArxivHtmlMentions('2406.01234', dictionary, site({ 'https://arxiv.org/html/2406.01234': login, 'https://ar5iv.labs.arxiv.org/html/2406.01234': missing }))).rejects.toThrow(
      'arXiv answered with a page that is not the paper’s HTML version (a sign-in or error page, perhaps), and ar5iv has none. Open https://arxiv.org/html/2406.01234 in a tab to see what arXiv says: if it shows the paper there, Method Lens marks it.',
    );
    await expect(fetchArxivHtmlMentions('2406.01234', dictionary, site({ 'https://arxiv.org/html/2406.01234': login, 'https://ar5iv.labs.arxiv.org/html/2406.01234': () => new Response('', { status: 502 }) }))).rejects.toThrow(
      /^arXiv answered with a page that is not the paper’s HTML version, and ar5iv answered with HTTP 502/,
    );
    const error = page('<!doctype html><html><body><h1>Something went wrong</h1><p>Please try again.</p></body></html>');
    await expect(fetchArxivHtmlMentions('2406.01234', dictionary, site({ 'https://arxiv.org/html/2406.01234': error, 'https://ar5iv.labs.arxiv.org/html/2406.01234': missing }))).rejects.toThrow(
      /^arXiv answered with a page that is not the paper’s HTML version .* Open https:\/\/arxiv\.org\/html\/2406\.01234 in a tab/,
    );
    // ar5iv's own error page, arXiv having none.
    await expect(fetchArxivHtmlMentions('2406.01234', dictionary, site({ 'https://arxiv.org/html/2406.01234': missing, 'https://ar5iv.labs.arxiv.org/html/2406.01234': error }))).rejects.toThrow(
      'arXiv has no HTML version of this paper, and ar5iv answered with a page that is not one (an error page, perhaps). Open https://ar5iv.labs.arxiv.org/html/2406.01234 in a tab',
    );
    // arXiv's notice that there is none, or its abstract page it sends the reader to, still means none.
    const notice = page('<html><head><title>No HTML for 2406.01234</title></head><body><h1>No HTML for 2406.01234</h1></body></html>');
    const abstract = page('<html><body><div id="abs">GPTQ</div></body></html>', 'https://arxiv.org/abs/2406.01234');
    for (const answer of [notice, abstract]) {
      await expect(fetchArxivHtmlMentions('2406.01234', dictionary, site({ 'https://arxiv.org/html/2406.01234': answer, 'https://ar5iv.labs.arxiv.org/html/2406.01234': missing }))).rejects.toThrow(
        /^Neither arXiv nor ar5iv has an HTML version of this paper\.$/,
      );
    }
  });
});

describe('the size cap and failures, against a real HTTP server', () => {
  const MB = 1024 * 1024;
  /** A LaTeXML paper's article, then the prose: the scan reads only an arXiv paper. */
  const ARTICLE = '<article class="ltx_document">';
  const CHUNK = `<p>${'AWQ beats GPTQ. '.repeat(4096)}</p>`; // 64 kB of prose per chunk
  const CHUNKS = 128;
  const BODY_BYTES = CHUNKS * CHUNK.length; // 8 MB of ASCII
  /** 64 MB: far more than loopback socket buffers hold, so a reader that stops early shows however loaded the machine. */
  const HUGE_BODY_BYTES = 8 * BODY_BYTES;
  let server: Server;
  let origin: string;
  /** Bytes the server had written when the client went away, per request path. */
  const sentWhenClosed = new Map<string, number>();
  const headersSent = new Map<string, Record<string, unknown>>();

  beforeAll(async () => {
    server = createServer((request, response) => {
      const path = request.url!;
      if (path === '/silent') return; // never answers
      if (path === '/busy') return void response.writeHead(429, { 'Retry-After': '120' }).end();
      if (path === '/garbled') {
        // Said to be gzip, but damaged on the way or in storage: no browser can unpack it.
        const packed = gzipSync(ARTICLE + CHUNK);
        for (let i = 12; i < packed.byteLength - 8; i++) packed[i] = packed[i]! ^ 0x5a;
        return void response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Encoding': 'gzip' }).end(packed);
      }
      if (path === '/broken' || path === '/stalled') {
        response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        response.write(ARTICLE + CHUNK);
        // The connection lost part-way through the body, or the host going quiet.
        if (path === '/broken') setTimeout(() => response.socket?.destroy(), 50);
        return;
      }
      const declared = path.includes('declared');
      const total = path.includes('huge') ? HUGE_BODY_BYTES : BODY_BYTES;
      // No Content-Length: node sends the body chunked, so only reading it can tell its size.
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', ...(declared ? { 'Content-Length': String(ARTICLE.length + BODY_BYTES) } : {}) });
      headersSent.set(path, response.getHeaders());
      response.write(ARTICLE);
      let sent = 0;
      response.on('close', () => sentWhenClosed.set(path, sent));
      const pump = () => {
        while (sent < total && !response.destroyed) {
          sent += CHUNK.length;
          if (!response.write(CHUNK)) return void response.once('drain', pump);
        }
        if (!response.destroyed) response.end();
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Sends the scan's request for arxiv.org/html/<id> to the local server instead, answering as arxiv.org would. */
  const toLocal = (path: string) =>
    (async (url: string, init?: RequestInit) => Object.defineProperty(await fetch(`${origin}${path}`, init), 'url', { value: url })) as typeof fetch;

  it('stops reading a chunked body as soon as it passes the cap', async () => {
    const dictionary = await bundledDictionary();
    await expect(fetchArxivHtmlMentions('2406.01234', dictionary, toLocal('/chunked-huge'), { maxBytes: 1 * MB })).rejects.toThrow(
      'arXiv’s HTML version is too large to scan (over 1 MB).',
    );
    expect(headersSent.get('/chunked-huge')!['content-length']).toBeUndefined();
    await vi.waitFor(() => expect(sentWhenClosed.has('/chunked-huge')).toBe(true));
    expect(sentWhenClosed.get('/chunked-huge')!).toBeLessThan(HUGE_BODY_BYTES / 4);
  });

  it('reads a chunked body under the cap whole', async () => {
    const result = await fetchArxivHtmlMentions('2406.01234', await bundledDictionary(), toLocal('/chunked-small'), { maxBytes: 16 * MB });
    expect(result.mentions).toEqual([
      { methodId: 'awq', count: CHUNKS * 4096, names: ['AWQ'] },
      { methodId: 'gptq', count: CHUNKS * 4096, names: ['GPTQ'] },
    ]);
  });

  it('says what failed in words of its own, never the fetch engine’s: no answer, an answer cut off, a body that stops, a busy host, a host not there', async () => {
    const dictionary = await bundledDictionary();
    const scan = (fetchImpl: typeof fetch) => fetchArxivHtmlMentions('2406.01234', dictionary, fetchImpl, { timeoutMs: 500 });
    await expect(scan(toLocal('/silent'))).rejects.toThrow(/^arXiv did not answer within 0\.5 s: try again later\.$/);
    const brokeOff = (what: string) =>
      `${what} broke off while downloading: the connection was lost, or it came compressed (the header Content-Encoding) in a form that cannot be unpacked; the browser does not say which. Try again later.`;
    await expect(scan(toLocal('/broken'))).rejects.toHaveProperty('message', brokeOff('arXiv’s HTML version'));
    // A fetch fails a body it cannot unpack as it fails a connection cut part-way: the message names both.
    await expect(scan(toLocal('/garbled'))).rejects.toHaveProperty('message', brokeOff('arXiv’s HTML version'));
    await expect(scan(toLocal('/stalled'))).rejects.toThrow(/^arXiv’s HTML version took longer than 0\.5 s to download: try again later\.$/);
    // Same-origin here, so the Retry-After can be read (a browser shows it to the extension, which has host access).
    await expect(scan(toLocal('/busy'))).rejects.toThrow(/^arXiv answered with HTTP 429 for the HTML version\. It failed or is busy: try again in 2 minutes, as it asks\.$/);
    // A port nothing listens on.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedOrigin = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const nobody = (async (_url: string, init?: RequestInit) => fetch(`${closedOrigin}/html/2406.01234`, init)) as typeof fetch;
    await expect(scan(nobody)).rejects.toThrow(/^arXiv could not be reached: check the connection, or try again later\.$/);
    // ar5iv's, asked for a paper arXiv has no HTML version of, says whose it was.
    const ar5ivBroken = (async (url: string, init?: RequestInit) =>
      url.startsWith('https://arxiv.org/') ? new Response('', { status: 404 }) : toLocal('/broken')(url, init)) as typeof fetch;
    await expect(scan(ar5ivBroken)).rejects.toHaveProperty('message', `arXiv has no HTML version of this paper, and ${brokeOff('ar5iv’s HTML version')}`);
    // A browser that names the timeout's abort an AbortError, not a TimeoutError: still a timeout.
    const abortNamed = (async (_url: string, init?: RequestInit) =>
      new Promise((_, reject) => init!.signal!.addEventListener('abort', () => reject(new DOMException('The operation was aborted.', 'AbortError'))))) as typeof fetch;
    await expect(scan(abortNamed)).rejects.toThrow(/^arXiv did not answer within 0\.5 s: try again later\.$/);
  });

  it('refuses a declared oversized body before reading it', async () => {
    await expect(fetchArxivHtmlMentions('2406.01234', await bundledDictionary(), toLocal('/declared'), { maxBytes: 1 * MB })).rejects.toThrow(
      'arXiv’s HTML version is too large to scan (over 1 MB).',
    );
  });
});
