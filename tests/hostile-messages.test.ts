/**
 * Messages that don't match the schema, or that come from a web page or another extension, against
 * the background's router: each is refused with "Refused: …", logged, and never reaches a handler.
 * Random messages and senders (fast-check) never make the router throw, and a handler runs only for
 * a well-formed request from the right kind of sender.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { contentToBackground, pageToBackground } from '@/lib/messaging/protocol';
import { routeMessage, type RouterOptions } from '@/lib/messaging/router';
import { PWN } from './fixtures/hostile/snapshots';
import { MAX_MARKS } from '@/lib/page-summary';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXTENSION_ID}`;

function makeOptions() {
  const log = vi.fn();
  const called = vi.fn();
  const handler = (name: string) => async (payload: unknown) => {
    called(name, payload);
    return null as never;
  };
  const options: RouterOptions = {
    extensionId: EXTENSION_ID,
    extensionOrigin: ORIGIN,
    contentHosts: ['arxiv.org', 'www.semanticscholar.org'],
    log,
    content: Object.fromEntries(Object.keys(contentToBackground).map((type) => [type, handler(`content:${type}`)])) as unknown as RouterOptions['content'],
    page: Object.fromEntries(Object.keys(pageToBackground).map((type) => [type, handler(`page:${type}`)])) as unknown as RouterOptions['page'],
  };
  return { options, log, called };
}

const contentSender = { id: EXTENSION_ID, url: 'https://arxiv.org/abs/2306.00978', tab: { id: 7 } as never };
const popupSender = { id: EXTENSION_ID, url: `${ORIGIN}/popup.html` };

describe('senders that are not Method Lens', () => {
  it.each([
    ['a web page (runtime.sendMessage from a page has no extension id)', { url: 'https://arxiv.org/abs/1', tab: { id: 1 } as never }],
    ['a web page that names our id as its own url', { url: `${ORIGIN}/popup.html`, origin: 'https://evil.example' }],
    ['another extension', { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'chrome-extension://zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz/bg.html' }],
    ['another extension’s content script on arXiv', { id: 'zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz', url: 'https://arxiv.org/abs/1', tab: { id: 1 } as never }],
    ['a native or external connection (no sender at all)', {}],
  ])('refuses %s, for every request of both directions', async (_who, sender) => {
    const { options, log, called } = makeOptions();
    const requests = [
      ...Object.keys(contentToBackground).map((type) => ({ direction: 'content→background', type })),
      ...Object.keys(pageToBackground).map((type) => ({ direction: 'page→background', type })),
    ];
    for (const request of requests) {
      const reply = await routeMessage({ ...request, payload: {} }, sender as never, options);
      expect(reply).toEqual({ ok: false, error: 'Refused: it came from another extension or a web page' });
    }
    expect(called).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledTimes(requests.length);
  });
});

describe('content scripts: only on our sites, only content requests', () => {
  it.each([
    ['a page-only request (startRefresh) from a content script', contentSender, { direction: 'page→background', type: 'startRefresh', payload: {} }],
    ['a page-only request (scanArxivHtml: a fetch) from a content script', contentSender, { direction: 'page→background', type: 'scanArxivHtml', payload: { arxivId: '2406.01234', keep: true } }],
    ['a content request from arXiv over plain http:', { ...contentSender, url: 'http://arxiv.org/abs/1' }, { direction: 'content→background', type: 'getDictionary', payload: {} }],
    ['a content request from a tab on arXiv over plain http: (no frame url)', { id: EXTENSION_ID, tab: { id: 7, url: 'http://arxiv.org/abs/1' } as never }, { direction: 'content→background', type: 'getDictionary', payload: {} }],
    ['a content request from a look-alike host of arXiv', { ...contentSender, url: 'https://arxiv.org.evil.example/abs/1' }, { direction: 'content→background', type: 'getDictionary', payload: {} }],
    ['a content request from a subdomain we do not run on', { ...contentSender, url: 'https://export.arxiv.org/abs/1' }, { direction: 'content→background', type: 'getDictionary', payload: {} }],
    ['a content request without a tab (an extension page pretending)', { id: EXTENSION_ID, url: 'https://arxiv.org/abs/1' }, { direction: 'content→background', type: 'reportMentions', payload: { document: 'd1', url: 'https://arxiv.org/abs/1', mentions: [], paused: false, read: true } }],
    ['a content request from our own popup', popupSender, { direction: 'content→background', type: 'openRecord', payload: { methodId: 'awq' } }],
  ])('refuses %s', async (_what, sender, message) => {
    const { options, log, called } = makeOptions();
    const reply = await routeMessage(message, sender as never, options);
    expect(reply.ok).toBe(false);
    expect((reply as { error: string }).error).toMatch(/^Refused: /);
    expect(called).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledOnce();
  });
});

describe('payloads that break the schema', () => {
  // No page has more marks than MAX_MARKS: a report naming more methods, or one more often, comes from no content script.
  const tooMany = Array.from({ length: MAX_MARKS + 1 }, (_, i) => ({ methodId: `m${i}`, count: 1 }));
  it.each([
    ['a method id with markup', { direction: 'content→background', type: 'getCardModel', payload: { methodId: PWN.img } }],
    ['a method id that is a URL', { direction: 'content→background', type: 'openRecord', payload: { methodId: PWN.javascriptUrl } }],
    ['an extra field', { direction: 'content→background', type: 'openRecord', payload: { methodId: 'awq', url: PWN.dataUrl } }],
    ['a __proto__ field', { direction: 'content→background', type: 'getDictionary', payload: JSON.parse('{"__proto__":{"admin":true}}') }],
    ['more methods than a page has marks', { direction: 'content→background', type: 'reportMentions', payload: { document: 'd1', url: 'https://arxiv.org/abs/1', mentions: tooMany, paused: false, read: true } }],
    ['a method mentioned more often than a page has marks', { direction: 'content→background', type: 'reportMentions', payload: { document: 'd1', url: 'https://arxiv.org/abs/1', mentions: [{ methodId: 'awq', count: MAX_MARKS + 1 }], paused: false, read: true } }],
    ['a method reported twice', { direction: 'content→background', type: 'reportMentions', payload: { document: 'd1', url: 'https://arxiv.org/abs/1', mentions: [{ methodId: 'awq', count: 1 }, { methodId: 'awq', count: 2 }], paused: false, read: true } }],
    ['a negative count', { direction: 'content→background', type: 'reportMentions', payload: { document: 'd1', url: 'https://arxiv.org/abs/1', mentions: [{ methodId: 'awq', count: -1 }], paused: false, read: true } }],
    ['a count that is not a number', { direction: 'content→background', type: 'reportMentions', payload: { document: 'd1', url: 'https://arxiv.org/abs/1', mentions: [{ methodId: 'awq', count: '1' }], paused: false, read: true } }],
    ['paused as a string', { direction: 'content→background', type: 'reportMentions', payload: { document: 'd1', url: 'https://arxiv.org/abs/1', mentions: [], paused: 'yes', read: true } }],
    ['a report without saying whether the page was read', { direction: 'content→background', type: 'reportMentions', payload: { document: 'd1', url: 'https://arxiv.org/abs/1', mentions: [], paused: false } }],
    ['a report without the page’s address', { direction: 'content→background', type: 'reportMentions', payload: { document: 'd1', mentions: [], paused: false, read: true } }],
    ['a page address that is no address', { direction: 'content→background', type: 'reportMentions', payload: { document: 'd1', url: 'here', mentions: [], paused: false, read: true } }],
    ['a report without its page’s document', { direction: 'content→background', type: 'reportMentions', payload: { url: 'https://arxiv.org/abs/1', mentions: [], paused: false, read: true } }],
    ['a page document of 65 characters', { direction: 'content→background', type: 'pageLeft', payload: { document: 'd'.repeat(65) } }],
    ['a page leaving without naming its document', { direction: 'content→background', type: 'pageLeft', payload: {} }],
    ['an arXiv id that is a path', { direction: 'page→background', type: 'scanArxivHtml', payload: { arxivId: '../../evil', keep: true } }],
    ['a search of 301 characters', { direction: 'page→background', type: 'searchMethods', payload: { prefix: 'x'.repeat(301) } }],
    ['a search limit of a million', { direction: 'page→background', type: 'searchMethods', payload: { prefix: 'a', limit: 1_000_000 } }],
    ['a tab id that is a string', { direction: 'page→background', type: 'getPageSummary', payload: { tabId: '7' } }],
  ])('refuses %s', async (_what, message) => {
    const { options, log, called } = makeOptions();
    const sender = message.direction === 'page→background' ? popupSender : contentSender;
    const reply = await routeMessage(message, sender as never, options);
    expect(reply.ok).toBe(false);
    expect((reply as { error: string }).error).toMatch(/^Refused: .*invalid payload/);
    expect(called).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledOnce();
  });

  it('accepts the largest report a page can make: as many methods as marks, or one method marked that often', async () => {
    for (const mentions of [tooMany.slice(1), [{ methodId: 'awq', count: MAX_MARKS }]]) {
      const { options, called } = makeOptions();
      const reply = await routeMessage({ direction: 'content→background', type: 'reportMentions', payload: { document: 'd1', url: 'https://arxiv.org/abs/1', mentions, paused: false, read: true } }, contentSender as never, options);
      expect(reply.ok).toBe(true);
      expect(called).toHaveBeenCalledOnce();
    }
  });

  it.each([
    ['a string', 'getDictionary'],
    ['null', null],
    ['an array', ['content→background', 'getDictionary', {}]],
    ['a number', 42],
    ['an unknown direction', { direction: 'page→content', type: 'getDictionary', payload: {} }],
    ['a type of 65 characters', { direction: 'content→background', type: 'x'.repeat(65), payload: {} }],
    ['missing its payload', { direction: 'content→background', type: 'getCardModel' }],
    ['an extra envelope field', { direction: 'content→background', type: 'getDictionary', payload: {}, reply: PWN.javascriptUrl }],
  ])('refuses an envelope that is %s', async (_what, message) => {
    const { options, log, called } = makeOptions();
    const reply = await routeMessage(message, contentSender, options);
    expect(reply).toEqual({ ok: false, error: 'Refused: it is not a Method Lens message' });
    expect(called).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledExactlyOnceWith('refused a message: it is not a Method Lens message');
  });

  it.each(['constructor', '__proto__', 'hasOwnProperty', 'toString', 'valueOf'])('refuses the inherited name "%s" as a request type', async (type) => {
    const { options, log, called } = makeOptions();
    for (const [direction, sender] of [['content→background', contentSender], ['page→background', popupSender]] as const) {
      const reply = await routeMessage({ direction, type, payload: {} }, sender, options);
      expect((reply as { error: string }).error).toMatch(/^Refused: unknown request/);
      expect(log).toHaveBeenLastCalledWith(`refused a message: unknown request "${type}" for ${direction}`);
    }
    expect(log).toHaveBeenCalledTimes(2);
    expect(called).not.toHaveBeenCalled();
  });
});

describe('fuzzed messages and senders (fast-check)', () => {
  const types = [...Object.keys(contentToBackground), ...Object.keys(pageToBackground), 'constructor', '__proto__', 'deleteEverything'];
  const sender = fc.record(
    {
      id: fc.oneof(fc.constant(EXTENSION_ID), fc.string({ maxLength: 40 }), fc.constant(undefined)),
      url: fc.oneof(
        fc.constantFrom('https://arxiv.org/abs/1', 'http://arxiv.org/abs/1', 'https://www.semanticscholar.org/paper/x', `${ORIGIN}/popup.html`, 'https://evil.example/', 'chrome-extension://other/x.html', PWN.javascriptUrl, 'not a url'),
        fc.webUrl(),
        fc.constant(undefined),
      ),
      tab: fc.option(fc.record({ id: fc.integer(), url: fc.option(fc.webUrl(), { nil: undefined }) }), { nil: undefined }),
    },
    { requiredKeys: [] },
  );
  const envelope = fc.oneof(
    fc.anything(),
    fc.record({
      direction: fc.oneof(fc.constantFrom('content→background', 'page→background'), fc.string()),
      type: fc.oneof(fc.constantFrom(...types), fc.string({ maxLength: 70 })),
      payload: fc.oneof(
        fc.anything(),
        fc.record({ methodId: fc.oneof(fc.constantFrom('awq', 'gptq', PWN.img), fc.string()) }),
        fc.record({ mentions: fc.array(fc.record({ methodId: fc.constantFrom('awq', 'x y'), count: fc.oneof(fc.integer(), fc.double()) }), { maxLength: 5 }), paused: fc.oneof(fc.boolean(), fc.anything()) }),
        fc.record({ tabId: fc.oneof(fc.integer(), fc.string()) }),
        fc.constant({}),
      ),
    }),
  );

  it('never throws, and a handler runs only for a valid request from the right sender', async () => {
    await fc.assert(
      fc.asyncProperty(envelope, sender, async (message, from) => {
        const { options, log, called } = makeOptions();
        const reply = await routeMessage(message, from as never, options);
        expect(typeof reply.ok).toBe('boolean');
        if (!reply.ok) {
          expect(reply.error).toMatch(/^Refused: /);
          expect(log).toHaveBeenCalledOnce();
          expect(called).not.toHaveBeenCalled();
          return;
        }
        // Accepted: it must be exactly what a legitimate sender may send.
        expect(from.id).toBe(EXTENSION_ID);
        const { direction, type, payload } = message as { direction: string; type: string; payload: unknown };
        if (direction === 'content→background') {
          expect(from.tab).toBeDefined();
          const address = new URL(from.url ?? from.tab!.url!);
          expect(address.protocol).toBe('https:');
          expect(['arxiv.org', 'www.semanticscholar.org']).toContain(address.hostname);
          expect(contentToBackground[type as keyof typeof contentToBackground].safeParse(payload).success).toBe(true);
        } else {
          expect(from.url?.startsWith(`${ORIGIN}/`)).toBe(true);
          expect(pageToBackground[type as keyof typeof pageToBackground].safeParse(payload).success).toBe(true);
        }
        expect(called).toHaveBeenCalledOnce();
      }),
      { numRuns: 2_000 },
    );
  });
});
