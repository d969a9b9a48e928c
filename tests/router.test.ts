import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { routeMessage, type RouterOptions } from '@/lib/messaging/router';

const EXTENSION_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${EXTENSION_ID}`;

function makeOptions() {
  const log = vi.fn();
  const options: RouterOptions = {
    extensionId: EXTENSION_ID,
    extensionOrigin: ORIGIN,
    contentHosts: ['arxiv.org', 'www.semanticscholar.org'],
    log,
    content: {
      getDictionary: vi.fn(async () => ({ snapshotKey: 'k', names: ['AWQ'], methodIndex: [0], methods: [{ id: 'awq', status: null }] }) as never),
      getCardModel: vi.fn(async () => null),
      reportMentions: vi.fn(async () => null),
      pageLeft: vi.fn(async () => null),
      openRecord: vi.fn(async () => null),
    },
    page: {
      getSnapshotInfo: vi.fn(async () => ({}) as never),
      getMethodRecord: vi.fn(async () => null),
      searchMethods: vi.fn(async () => [] as never),
      getPageSummary: vi.fn(async () => ({ tabId: 1, url: null, scanned: false, paused: false, methods: [] })),
      lookUpSelection: vi.fn(async () => null),
      startRefresh: vi.fn(async () => ({ ok: true }) as never),
      cancelRefresh: vi.fn(async () => null),
      wake: vi.fn(async () => null),
      setSnapshotSource: vi.fn(async () => null),
      scanArxivHtml: vi.fn(async () => ({ url: 'https://arxiv.org/html/2406.01234', source: 'arxiv' as const, methods: [] })),
      paperBeingRead: vi.fn(async () => false),
    },
  };
  return { options, log };
}

const contentSender = { id: EXTENSION_ID, url: 'https://arxiv.org/abs/2306.00978', tab: { id: 7 } as never };
const popupSender = { id: EXTENSION_ID, url: `${ORIGIN}/popup.html` };

describe('routeMessage', () => {
  it('dispatches a valid content request from a content script on a supported site', async () => {
    const { options } = makeOptions();
    const reply = await routeMessage({ direction: 'content→background', type: 'getDictionary', payload: {} }, contentSender, options);
    expect(reply).toMatchObject({ ok: true, value: { names: ['AWQ'] } });
  });

  it('dispatches a valid page request from the popup with the parsed payload', async () => {
    const { options } = makeOptions();
    const reply = await routeMessage({ direction: 'page→background', type: 'searchMethods', payload: { prefix: 'aw', limit: 5 } }, popupSender, options);
    expect(reply.ok).toBe(true);
    expect(options.page.searchMethods).toHaveBeenCalledWith({ prefix: 'aw', limit: 5 }, popupSender);
  });

  it.each([
    ['another extension', { id: 'other', url: 'https://arxiv.org/abs/1', tab: { id: 1 } as never }, { direction: 'content→background', type: 'getDictionary', payload: {} }, /another extension or a web page/],
    ['a web page (no id)', { url: 'https://evil.example/' }, { direction: 'page→background', type: 'startRefresh', payload: {} }, /another extension or a web page/],
    ['a content script asking for a page-only request', contentSender, { direction: 'page→background', type: 'startRefresh', payload: {} }, /own pages/],
    ['a content script on another site', { ...contentSender, url: 'https://evil.example/' }, { direction: 'content→background', type: 'getDictionary', payload: {} }, /supported site/],
    ['an unknown request', popupSender, { direction: 'page→background', type: 'deleteEverything', payload: {} }, /unknown request/],
    ['a prototype key as request', popupSender, { direction: 'page→background', type: 'constructor', payload: {} }, /unknown request/],
    ['a payload that breaks the schema', popupSender, { direction: 'page→background', type: 'getPageSummary', payload: { tabId: -1 } }, /invalid payload/],
    ['a content script choosing the snapshot source', contentSender, { direction: 'page→background', type: 'setSnapshotSource', payload: { source: { kind: 'bundled' } } }, /own pages/],
    ['a source of another kind', popupSender, { direction: 'page→background', type: 'setSnapshotSource', payload: { source: { kind: 'ftp', url: 'ftp://kb.example/' } } }, /invalid payload/],
    ['extra fields', contentSender, { direction: 'content→background', type: 'openRecord', payload: { methodId: 'awq', url: 'javascript:alert(1)' } }, /invalid payload/],
    ['a content script looking up words', contentSender, { direction: 'page→background', type: 'lookUpSelection', payload: { selection: 'AWQ' } }, /own pages/],
    ['an empty selection to look up', popupSender, { direction: 'page→background', type: 'lookUpSelection', payload: { selection: '' } }, /invalid payload/],
    ['a selection past what a look-up reads', popupSender, { direction: 'page→background', type: 'lookUpSelection', payload: { selection: 'x'.repeat(100_001) } }, /invalid payload/],
    ['not an envelope', popupSender, 'hello', /not a Method Lens message/],
  ])('refuses and logs %s', async (_what, sender, message, reason) => {
    const { options, log } = makeOptions();
    const reply = await routeMessage(message, sender as never, options);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error).toMatch(reason);
    expect(log).toHaveBeenCalledTimes(1);
    for (const handler of [...Object.values(options.content), ...Object.values(options.page)]) expect(handler).not.toHaveBeenCalled();
  });

  it('turns a failing handler into a plain error reply', async () => {
    const { options } = makeOptions();
    options.page.getMethodRecord = vi.fn(async () => {
      throw new Error('The store is not open yet.');
    });
    const reply = await routeMessage({ direction: 'page→background', type: 'getMethodRecord', payload: { idOrName: 'AWQ' } }, popupSender, options);
    expect(reply).toEqual({ ok: false, error: 'The store is not open yet.' });
  });

  it('says a failure of the browser’s storage in plain words, as the page that asked shows it', async () => {
    const { options } = makeOptions();
    options.page.setSnapshotSource = vi.fn(async () => {
      throw new Dexie.QuotaExceededError('QuotaExceededError: The quota has been exceeded.');
    });
    const reply = await routeMessage(
      { direction: 'page→background', type: 'setSnapshotSource', payload: { source: { kind: 'bundled' } } },
      popupSender,
      options,
    );
    expect(reply).toEqual({ ok: false, error: 'The browser has no room left for Method Lens’s data. Free some disk space, then try again.' });
  });
});
