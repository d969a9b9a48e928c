/**
 * One guarded HTTP GET: a CORS request without cookies, a timeout that also catches a body that
 * stops mid-way, and a byte limit enforced while reading (an oversized body is never held in full).
 */
import type { HttpValidators } from '../store/db';
import { failure, RefreshFailure, type SnapshotFile } from './errors';
import { retryAfterSeconds } from '../retry-after';

export interface DownloadOptions {
  fetchImpl: typeof fetch;
  /** Which file this is, for what a failure tells the reader to check. */
  file: SnapshotFile;
  /**
   * Longest wait for the answer (a conditional request's answer: a share of it, then the file is asked
   * for plainly), and then for each next piece of the body; past this long into the body, pieces must
   * also keep up MIN_BYTES_PER_SECOND on average.
   */
  timeoutMs: number;
  maxBytes: number;
  /** Sent as If-None-Match / If-Modified-Since; a 304 answer then means "not modified" (else it is an error). */
  validators?: HttpValidators;
  signal?: AbortSignal;
  onBytes?: (bytesSoFar: number) => void;
}

export interface Downloaded {
  notModified: false;
  bytes: Uint8Array;
  /** The answer's own validators, for the next conditional request. */
  validators: HttpValidators;
  /** The address that answered: the one asked for, or where redirects led. */
  answeredUrl: string;
  /** The length the host gave (Content-Length), if any: of the bytes as sent, before the browser unpacks them. */
  declaredBytes: number | null;
  /** Asked for plainly after the conditional request failed or went unanswered (its preflight, in a browser). */
  conditionalFailed: boolean;
}

export type Download = { notModified: true } | Downloaded;

/**
 * The share of the timeout a conditional request's answer gets before the file is asked for again
 * plainly (10 s of the usual 30). Its headers bring a CORS preflight, which a host that drops OPTIONS
 * never answers; a preflight and a GET from a host that does take well under a second. A slow host
 * cut off here is asked plainly for a while, which costs it a small index sent whole.
 */
const CONDITIONAL_ANSWER_SHARE = 1 / 3;

/** Without validators the request is unconditional, so the answer is always the file. */
export function download(url: string, options: DownloadOptions & { validators?: undefined }): Promise<Downloaded>;
export function download(url: string, options: DownloadOptions): Promise<Download>;
export async function download(url: string, options: DownloadOptions): Promise<Download> {
  const { fetchImpl, file, timeoutMs, maxBytes, validators, signal, onBytes } = options;
  if (signal?.aborted) throw failure.cancelled(url);
  const controller = new AbortController();
  const cancel = () => controller.abort();
  signal?.addEventListener('abort', cancel);
  let stage: 'answer' | 'body' = 'answer';
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const armTimer = (ms = timeoutMs) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, ms);
  };
  const headers = conditionalHeaders(validators);
  // Validators from an answer that had neither ETag nor Last-Modified ask nothing.
  const conditional = Object.keys(headers).length > 0;
  try {
    armTimer(conditional ? timeoutMs * CONDITIONAL_ANSWER_SHARE : timeoutMs);
    const response = await fetchImpl(url, { mode: 'cors', credentials: 'omit', cache: 'no-cache', headers, signal: controller.signal });
    if (response.redirected && !isAcceptedRedirect(url, response.url)) {
      await response.body?.cancel();
      throw failure.redirectedAway(url, response.url);
    }
    if (response.status === 304) {
      await response.body?.cancel();
      if (conditional) return { notModified: true };
      throw failure.notModifiedUnasked(url);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw failure.httpStatus(url, file, response.status, response.statusText, retryAfterSeconds(response.headers.get('retry-after')));
    }
    // A host's page for a file it does not have (a site's home page) may be larger than the file: said
    // as the page it is, as a smaller one is once read, not as a file that changed.
    const oversized = () => (isWebPage(response) ? failure.webPage(url, file) : failure.tooLarge(url, maxBytes, file));
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw oversized();
    }
    stage = 'body';
    // The wait for the answer is over: the body's first piece gets a whole timeout of its own.
    armTimer();
    const bodyStarted = Date.now();
    const onPiece = (bytesSoFar: number) => {
      armTimer();
      // A server trickling a byte just inside the timeout would keep the refresh running for ever.
      const elapsed = Date.now() - bodyStarted;
      if (elapsed > timeoutMs && (bytesSoFar * 1000) / elapsed < MIN_BYTES_PER_SECOND) throw failure.tooSlow(url, MIN_BYTES_PER_SECOND);
    };
    const bytes = await readLimited(response, maxBytes, oversized, onPiece, onBytes);
    return {
      notModified: false,
      bytes,
      validators: { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') },
      answeredUrl: response.redirected && response.url ? response.url : url,
      declaredBytes: Number.isSafeInteger(declared) && declared >= 0 ? declared : null,
      conditionalFailed: false,
    };
  } catch (error) {
    if (error instanceof RefreshFailure) throw error;
    // A host that drops OPTIONS never answers the preflight a conditional request's headers bring: the
    // request waits out its share of the timeout. It is asked again plainly, with the whole timeout (and
    // the refresh asks plainly for a while: `conditionalFailed`); a host that answers neither is out of time after that.
    if (timedOut && stage === 'answer' && conditional && !signal?.aborted) {
      clearTimeout(timer);
      return { ...(await download(url, { ...options, validators: undefined })), conditionalFailed: true };
    }
    if (timedOut) throw stage === 'answer' ? failure.timeout(url, timeoutMs) : failure.stalled(url, timeoutMs);
    if (signal?.aborted) throw failure.cancelled(url);
    if (stage === 'body') throw failure.brokeOff(url);
    // The browser knows it has no network: the address, the host and its CORS header are not to blame.
    if (globalThis.navigator?.onLine === false) throw failure.offline(url);
    if (conditional) {
      // A host that allows plain GETs from anywhere (`Access-Control-Allow-Origin: *`) need not answer
      // the preflight a conditional request's headers bring: ask again plainly, and fail as that fails.
      clearTimeout(timer);
      return { ...(await download(url, { ...options, validators: undefined })), conditionalFailed: true };
    }
    armTimer();
    const redirects = await answersWithRedirect(url, fetchImpl, controller.signal);
    // Cancelled, or out of time, while it asked: that is what happened, not a host out of reach.
    if (signal?.aborted) throw failure.cancelled(url);
    if (timedOut) throw failure.timeout(url, timeoutMs);
    throw redirects ? failure.redirectNotFollowed(url) : failure.unreachable(url);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
  }
}

/**
 * fetch follows redirects (a host may hand its files to a CDN under signed addresses, as GitHub does
 * for release assets) and shows only the address that finally answered: it must be https and not this
 * machine; a source on this machine may only be answered from its own origin.
 */
function isAcceptedRedirect(requested: string, answered: string): boolean {
  let from: URL;
  let to: URL;
  try {
    from = new URL(requested);
    to = new URL(answered);
  } catch {
    return false;
  }
  if (isThisMachine(from.hostname)) return to.origin === from.origin;
  return to.protocol === 'https:' && !isThisMachine(to.hostname);
}

/** localhost and its subdomains, any loopback address, and the unspecified one (0.0.0.0, which reaches this machine). */
function isThisMachine(hostname: string): boolean {
  const host = hostname.replace(/\.$/, '').toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === '0.0.0.0' ||
    host === '[::1]' ||
    host === '[::]' ||
    /^\[::ffff:(127\.|7f)/.test(host)
  );
}

/**
 * Reads the body into one buffer of at most `maxBytes`, stopping the moment it would overflow. Each
 * piece is copied in as it arrives, while the next one is on its way (joining them at the end was
 * 60 ms of an 8 MB topic's import, spent after the download). The buffer starts at the declared
 * length, up to PREALLOCATED_BYTES, and doubles with what is really sent, never beyond `maxBytes`:
 * memory follows what arrives (at most twice it, or PREALLOCATED_BYTES), not what an index or a
 * header claims.
 */
async function readLimited(
  response: Response,
  maxBytes: number,
  oversized: () => RefreshFailure,
  onPiece: (bytesSoFar: number) => void,
  onBytes?: (bytesSoFar: number) => void,
): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const declared = Number(response.headers.get('content-length'));
  let buffer: Uint8Array = new Uint8Array(Number.isSafeInteger(declared) && declared > 0 ? Math.min(declared, maxBytes, PREALLOCATED_BYTES) : INITIAL_BYTES);
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return length === buffer.byteLength ? buffer : buffer.slice(0, length);
    const needed = length + value.byteLength;
    try {
      onPiece(needed);
    } catch (refused) {
      await reader.cancel();
      throw refused;
    }
    if (needed > maxBytes) {
      await reader.cancel();
      throw oversized();
    }
    if (needed > buffer.byteLength) buffer = grown(buffer, length, Math.min(maxBytes, Math.max(needed, 2 * buffer.byteLength)));
    buffer.set(value, length);
    length = needed;
    onBytes?.(length);
  }
}

/** Whether the host says its answer is a web page (HTML). */
function isWebPage(response: Response): boolean {
  return /^\s*text\/html\s*(;|$)/i.test(response.headers.get('content-type') ?? '');
}

/**
 * The slowest average a body may arrive at, once it has been arriving for the timeout: 8 KiB/s
 * (64 kbit/s) still brings an 8 MB topic in 17 minutes, and a 4 MiB index in 9.
 */
export const MIN_BYTES_PER_SECOND = 8 * 1024;

/** Where a body of unknown length starts. */
const INITIAL_BYTES = 64 * 1024;
/**
 * The most a declared length reserves before bytes arrive: a header (or an index) may claim up to the
 * 512 MiB a topic may have, and a server that then sends little or nothing must not cost that much.
 * The benchmarks' synthetic topics of 1,000 methods (~8 MB) still fill a buffer reserved once.
 */
const PREALLOCATED_BYTES = 16 * 1024 * 1024;

function grown(buffer: Uint8Array, length: number, capacity: number): Uint8Array {
  const bigger = new Uint8Array(capacity);
  bigger.set(buffer.subarray(0, length));
  return bigger;
}

function conditionalHeaders(validators: HttpValidators | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (validators?.etag) headers['If-None-Match'] = validators.etag;
  if (validators?.lastModified) headers['If-Modified-Since'] = validators.lastModified;
  return headers;
}

/**
 * The browser fails a redirect it cannot follow (a loop, a scheme other than http(s), a host on the way
 * without the CORS header) as it fails a host that is down: "Failed to fetch". Asked once more without
 * following redirects, a host that answers with one is up, and what failed is its redirect or where it
 * leads (a mirror that is down fails the same way: the browser says neither where nor why).
 */
async function answersWithRedirect(url: string, fetchImpl: typeof fetch, signal: AbortSignal): Promise<boolean> {
  try {
    const response = await fetchImpl(url, { mode: 'cors', credentials: 'omit', cache: 'no-cache', redirect: 'manual', signal });
    await response.body?.cancel();
    // Browsers hide the redirect in an opaque answer; Node's fetch gives the 3xx itself.
    return response.type === 'opaqueredirect' || REDIRECT_STATUSES.has(response.status);
  } catch {
    return false;
  }
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
