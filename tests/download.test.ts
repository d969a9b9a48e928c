import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { download } from '@/lib/sync/download';
import { failure, RefreshFailure, type RetryHint, type SnapshotFile } from '@/lib/sync/errors';
import { startSnapshotServer, type Route } from './helpers/snapshot-server';

/** A response whose body arrives in the given pieces, claiming `declared` bytes (or no length). */
function respond(pieces: Uint8Array[], declared: number | null): typeof fetch {
  return async () => {
    let next = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (next < pieces.length) controller.enqueue(pieces[next++]!);
        else controller.close();
      },
    });
    return new Response(body, { headers: declared === null ? {} : { 'Content-Length': String(declared) } });
  };
}

const TOPIC_URL = 'https://kb.example/snapshot/topic.json';

describe('download', () => {
  it('returns exactly the bytes sent, whatever the pieces and whatever length the answer declares', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 12 }),
        fc.option(fc.integer({ min: 0, max: 3000 })),
        async (pieces, declared) => {
          const sent = Uint8Array.from(pieces.flatMap((piece) => [...piece]));
          // A body that is compressed in transit is longer than its declared length; a lying header may say anything.
          const answer = await download(TOPIC_URL, { file: 'topic', fetchImpl: respond(pieces, declared), timeoutMs: 5_000, maxBytes: 4_000 });
          expect(answer.bytes).toEqual(sent);
          expect(answer.bytes.byteLength).toBe(sent.byteLength);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('stops at the limit even when the declared length is smaller than what keeps coming', async () => {
    const pieces = Array.from({ length: 50 }, () => new Uint8Array(100).fill(65));
    await expect(download(TOPIC_URL, { file: 'topic', fetchImpl: respond(pieces, 10), timeoutMs: 5_000, maxBytes: 1_000 })).rejects.toThrow(/is larger than the 1000 bytes expected/);
  });

  it('does not reserve what a header claims before the bytes arrive', async () => {
    const MiB = 1024 * 1024;
    let reservedWhileReading = -1;
    let pieces = 0;
    const before = process.memoryUsage().arrayBuffers;
    const fetchImpl: typeof fetch = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            // By the second piece the download has its buffer: what it holds is visible here.
            if (pieces === 1) reservedWhileReading = process.memoryUsage().arrayBuffers - before;
            if (pieces++ < 2) controller.enqueue(new Uint8Array(1_000).fill(66));
            else controller.close();
          },
        }),
        { headers: { 'Content-Length': String(300 * MiB) } },
      );
    const answer = await download(TOPIC_URL, { file: 'topic', fetchImpl, timeoutMs: 5_000, maxBytes: 512 * MiB });
    expect(answer.bytes).toEqual(new Uint8Array(2_000).fill(66));
    expect(reservedWhileReading).toBeGreaterThan(0);
    expect(reservedWhileReading).toBeLessThan(32 * MiB);
  });

  it('refuses a declared length over the limit before reading the body', async () => {
    let pulled = 0;
    const fetchImpl: typeof fetch = async () =>
      new Response(new ReadableStream({ pull: (controller) => void (pulled++, controller.enqueue(new Uint8Array(10))) }), {
        headers: { 'Content-Length': '5000' },
      });
    await expect(download(TOPIC_URL, { file: 'topic', fetchImpl, timeoutMs: 5_000, maxBytes: 1_000 })).rejects.toThrow(/is larger than the 1000 bytes expected/);
    expect(pulled).toBeLessThanOrEqual(1);
  });
});

describe('the timeout', () => {
  afterEach(() => vi.useRealTimers());

  /** Answers after `answerMs`, then sends `body` after `bodyMs` more (never, for `null`). */
  function slowServer(answerMs: number, bodyMs: number | null, body = '{"ok":true}'): typeof fetch {
    return async (_url, init) => {
      await new Promise((resolve) => setTimeout(resolve, answerMs));
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason));
          if (bodyMs === null) return;
          setTimeout(() => {
            if (init?.signal?.aborted) return;
            controller.enqueue(new TextEncoder().encode(body));
            controller.close();
          }, bodyMs);
        },
      });
      return new Response(stream);
    };
  }

  it('is the longest wait for the answer, and then again for the first piece of the body', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const answer = download(TOPIC_URL, { file: 'topic', fetchImpl: slowServer(600, 600), timeoutMs: 1_000, maxBytes: 1_000 });
    await vi.advanceTimersByTimeAsync(1_200);
    await expect(answer).resolves.toMatchObject({ notModified: false, bytes: new TextEncoder().encode('{"ok":true}') });
  });

  it('gives a body that never starts the whole timeout from the answer, and says it stalled', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const answer = download(TOPIC_URL, { file: 'topic', fetchImpl: slowServer(600, null), timeoutMs: 1_000, maxBytes: 1_000 });
    let settled = false;
    answer.then(() => {}, () => {}).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(1_599);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await expect(answer).rejects.toThrow(/stopped sending data for 1 s/);
  });
});

describe('a conditional request', () => {
  afterEach(() => vi.useRealTimers());

  const INDEX_URL = 'https://kb.example/snapshot/index.json';
  const VALIDATORS = { etag: '"1"', lastModified: null };

  /**
   * A host that answers a plain request after `plainMs`, and a conditional one "not modified" after
   * `conditionalMs`; `null`: never (a host that drops OPTIONS never answers the preflight a conditional
   * request's headers bring). Lists what it was asked, conditionally or not.
   */
  function host(conditionalMs: number | null, plainMs: number | null) {
    const asked: ('conditional' | 'plain')[] = [];
    const fetchImpl: typeof fetch = (_url, init) => {
      const conditional = Object.keys(init?.headers ?? {}).length > 0;
      asked.push(conditional ? 'conditional' : 'plain');
      const waitMs = conditional ? conditionalMs : plainMs;
      return new Promise((resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        const answer = () => (conditional ? new Response(null, { status: 304 }) : new Response('{"ok":true}', { headers: { ETag: '"2"' } }));
        if (waitMs !== null) setTimeout(() => resolve(answer()), waitMs);
      });
    };
    return { asked, fetchImpl };
  }

  it('is asked again plainly once a third of the timeout has gone by unanswered, and the plain request gets the whole timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { asked, fetchImpl } = host(null, 2_500);
    const answer = download(INDEX_URL, { file: 'index', fetchImpl, timeoutMs: 3_000, maxBytes: 1_000, validators: VALIDATORS });
    await vi.advanceTimersByTimeAsync(999);
    expect(asked).toEqual(['conditional']);
    await vi.advanceTimersByTimeAsync(1);
    expect(asked).toEqual(['conditional', 'plain']);
    await vi.advanceTimersByTimeAsync(2_500);
    await expect(answer).resolves.toMatchObject({ notModified: false, conditionalFailed: true, validators: { etag: '"2"' }, bytes: new TextEncoder().encode('{"ok":true}') });
  });

  it('takes an answer that comes within its share: not modified, asked once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { asked, fetchImpl } = host(990, 0);
    const answer = download(INDEX_URL, { file: 'index', fetchImpl, timeoutMs: 3_000, maxBytes: 1_000, validators: VALIDATORS });
    await vi.advanceTimersByTimeAsync(990);
    await expect(answer).resolves.toEqual({ notModified: true });
    expect(asked).toEqual(['conditional']);
  });

  it('times out a whole timeout after it is asked again plainly, at a host that answers neither', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { asked, fetchImpl } = host(null, null);
    const answer = download(INDEX_URL, { file: 'index', fetchImpl, timeoutMs: 3_000, maxBytes: 1_000, validators: VALIDATORS });
    let settled = false;
    answer.then(() => {}, () => {}).finally(() => (settled = true));
    await vi.advanceTimersByTimeAsync(3_999);
    expect(settled).toBe(false);
    expect(asked).toEqual(['conditional', 'plain']);
    await vi.advanceTimersByTimeAsync(1);
    await expect(answer).rejects.toThrow(failure.timeout(INDEX_URL, 3_000).message);
  });
});

describe('a request the browser fails without saying why', () => {
  /** Fails the download's request as a browser does ("Failed to fetch"); the second one, asked without following redirects, waits until aborted. */
  const failsThenWaits: typeof fetch = async (_url, init) => {
    if (init?.redirect !== 'manual') throw new TypeError('Failed to fetch');
    return new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
  };

  it('says it was cancelled when the reader cancels while the host is asked again, not that the host is out of reach', async () => {
    const cancel = new AbortController();
    const answer = download(TOPIC_URL, { file: 'topic', fetchImpl: failsThenWaits, timeoutMs: 10_000, maxBytes: 1_000, signal: cancel.signal });
    await new Promise((resolve) => setTimeout(resolve, 20));
    cancel.abort();
    await expect(answer).rejects.toThrow(failure.cancelled(TOPIC_URL).message);
  });

  it('says the computer is offline when the browser says so, not to check the address, the host or its CORS header', async () => {
    vi.stubGlobal('navigator', { ...globalThis.navigator, onLine: false });
    try {
      const offline = download(TOPIC_URL, { file: 'topic', fetchImpl: async () => Promise.reject(new TypeError('Failed to fetch')), timeoutMs: 1_000, maxBytes: 1_000 });
      await expect(offline).rejects.toThrow(
        `The snapshot at ${TOPIC_URL} could not be asked for: this computer is offline. Try again once it is connected.`,
      );
      expect(((await offline.catch((error: unknown) => error)) as RefreshFailure).retry).toEqual({ afterSeconds: null });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('says it timed out when the time runs out while the host is asked again', async () => {
    await expect(download(TOPIC_URL, { file: 'topic', fetchImpl: failsThenWaits, timeoutMs: 200, maxBytes: 1_000 })).rejects.toThrow(
      failure.timeout(TOPIC_URL, 200).message,
    );
  });
});

describe('which failures time may mend (the background retries those sooner)', () => {
  it('marks a host down, busy or cut off, and a topic not published yet, with the wait the host asked for; not a refusal or a wrong address', async () => {
    const server = await startSnapshotServer();
    try {
      const cases: [string, Route, SnapshotFile, RetryHint | null][] = [
        ['down, asking for 90 s', { status: 503, headers: { 'Retry-After': '90' } }, 'index', { afterSeconds: 90 }],
        ['busy, asking nothing', { status: 429 }, 'index', { afterSeconds: null }],
        ['failing', { status: 500 }, 'topic', { afterSeconds: null }],
        ['a topic not there yet', { status: 404 }, 'topic', { afterSeconds: null }],
        ['hanging up', { hangUp: true }, 'index', { afterSeconds: null }],
        ['cut off mid-body', { body: 'x'.repeat(100), truncateAt: 10 }, 'topic', { afterSeconds: null }],
        ['no index at the address', { status: 404 }, 'index', null],
        ['refusing access, though it names a wait', { status: 403, headers: { 'Retry-After': '90' } }, 'index', null],
      ];
      const hints: Record<string, RetryHint | null> = {};
      for (const [name, route, file] of cases) {
        server.routes.set('/file.json', route);
        const caught = await download(server.url('/file.json'), { file, fetchImpl: fetch, timeoutMs: 5_000, maxBytes: 1_000 }).catch((error: unknown) => error);
        expect(caught, name).toBeInstanceOf(RefreshFailure);
        hints[name] = (caught as RefreshFailure).retry;
      }
      expect(hints).toEqual(Object.fromEntries(cases.map(([name, , , hint]) => [name, hint])));
      const cancel = new AbortController();
      cancel.abort();
      const cancelled = await download(server.url('/file.json'), { file: 'index', fetchImpl: fetch, timeoutMs: 5_000, maxBytes: 1_000, signal: cancel.signal }).catch((error: unknown) => error);
      expect((cancelled as RefreshFailure).retry).toBeNull();
    } finally {
      await server.close();
    }
  });
});

describe('a file larger than expected', () => {
  it('is retried when it is a topic (a newer file published before its index, as a checksum or a size that differs is), not when it is the index', async () => {
    const piece = new Uint8Array(600).fill(120);
    // Its length declared, or found out as it arrives.
    for (const declared of [1_200, null]) {
      const hints: Partial<Record<SnapshotFile, RetryHint | null>> = {};
      for (const file of ['index', 'topic'] as const) {
        const caught = await download(TOPIC_URL, { file, fetchImpl: respond([piece, piece], declared), timeoutMs: 5_000, maxBytes: 1_000 }).catch((error: unknown) => error);
        expect((caught as RefreshFailure).what).toMatch(/larger than the 1000 bytes expected/);
        hints[file] = (caught as RefreshFailure).retry;
      }
      expect(hints, `declared: ${declared}`).toEqual({ index: null, topic: { afterSeconds: null } });
    }
  });
});

describe('sizes in failure messages', () => {
  it('are written in bytes, KiB or MiB, never as 1024 of a unit', () => {
    const limit = (bytes: number) => failure.tooLarge('https://kb.example/index.json', bytes).what.match(/the (.*) expected/)![1];
    expect([1_000, 1_024, 1_048_523, 1_048_575, 4 * 1_048_576].map(limit)).toEqual(['1000 bytes', '1.0 KiB', '1023.9 KiB', '1.0 MiB', '4.0 MiB']);
  });
});
