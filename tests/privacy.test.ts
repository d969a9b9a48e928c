/**
 * PRIVACY.md, "What leaves your browser", item 2: the arXiv HTML scan asks arXiv for the paper's HTML
 * version and nothing else: one GET of `https://arxiv.org/html/<id>`, without cookies or other
 * credentials, with no body and no header of ours; and only when arXiv has none, one more such GET of
 * ar5iv's `https://ar5iv.labs.arxiv.org/html/<id without its version>`. (The snapshot download's requests are checked the
 * same way in tests/sync.test.ts, "sends a CORS request without credentials".)
 */
import { describe, expect, it } from 'vitest';
import { fetchArxivHtmlMentions } from '@/lib/arxiv-html-scan';
import type { MatchDictionary } from '@/lib/store/read';

const dictionary: MatchDictionary = { snapshotKey: 'k', names: ['AWQ'], methodIndex: [0], methods: [{ id: 'awq', status: 'heavily superseded' }] };

/** A fetch where arXiv has no HTML version of the paper and ar5iv has one; it records each request sent. */
function arxivWithoutHtml(): { sent: Request[]; fetchImpl: typeof fetch } {
  const sent: Request[] = [];
  const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push(request);
    return request.url.startsWith('https://arxiv.org/') ? new Response('', { status: 404 }) : new Response('<article class="ltx_document"><p>AWQ</p></article>');
  }) as typeof fetch;
  return { sent, fetchImpl };
}

describe('the arXiv HTML scan request', () => {
  it('is one GET of the paper’s HTML address, without cookies or credentials, carrying nothing else', async () => {
    const sent: Request[] = [];
    const fetchImpl = (async (input: RequestInfo | URL, init?: RequestInit) => {
      // A Request applies fetch's defaults to what the caller left out, as the browser would.
      sent.push(new Request(input, init));
      return new Response('<article class="ltx_document"><p>AWQ</p></article>');
    }) as typeof fetch;

    const result = await fetchArxivHtmlMentions('2406.01234v2', dictionary, fetchImpl);

    expect(result.mentions).toEqual([{ methodId: 'awq', count: 1, names: ['AWQ'] }]);
    expect(sent).toHaveLength(1);
    const [request] = sent as [Request];
    expect(request.url).toBe('https://arxiv.org/html/2406.01234v2');
    expect(request.method).toBe('GET');
    expect(request.credentials).toBe('omit');
    expect(request.body).toBeNull();
    expect([...request.headers]).toEqual([]);
  });

  it('leaves no copy of the paper in the browser’s HTTP cache: a PDF read in a private window is not kept on disk', async () => {
    // The background is the regular profile's, even for a private window's tab (Chromium's "spanning"
    // incognito mode, Firefox's background page): what it fetches, its disk cache would keep.
    const { sent, fetchImpl } = arxivWithoutHtml();

    await fetchArxivHtmlMentions('2306.00978v5', dictionary, fetchImpl);

    expect(sent.map((request) => request.cache)).toEqual(['no-store', 'no-store']);
  });

  it('asks ar5iv the same way, once, only when arXiv has no HTML version', async () => {
    const { sent, fetchImpl } = arxivWithoutHtml();

    const result = await fetchArxivHtmlMentions('2306.00978v5', dictionary, fetchImpl);

    expect(result.mentions).toEqual([{ methodId: 'awq', count: 1, names: ['AWQ'] }]);
    expect(sent.map((request) => request.url)).toEqual(['https://arxiv.org/html/2306.00978v5', 'https://ar5iv.labs.arxiv.org/html/2306.00978']);
    for (const request of sent) {
      expect(request.method).toBe('GET');
      expect(request.credentials).toBe('omit');
      expect(request.body).toBeNull();
      expect([...request.headers]).toEqual([]);
    }
  });
});
