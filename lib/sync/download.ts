/**
 * One guarded HTTP GET: a CORS request without cookies, a timeout that also catches a body that
 * stops mid-way, and a byte limit enforced while reading (an oversized body is never held in full).
 */
import type { HttpValidators } from '../store/db';
import { failure, RefreshFailure } from './errors';

export interface DownloadOptions {
  fetchImpl: typeof fetch;
  /** Longest wait for the answer, and then for each next piece of the body. */
  timeoutMs: number;
  maxBytes: number;
  /** Sent as If-None-Match / If-Modified-Since; a 304 answer then means "not modified". */
  validators?: HttpValidators;
  signal?: AbortSignal;
  onBytes?: (bytesSoFar: number) => void;
}

export interface Downloaded {
  notModified: false;
  bytes: Uint8Array;
  /** The answer's own validators, for the next conditional request. */
  validators: HttpValidators;
}

export type Download = { notModified: true } | Downloaded;

/** Without validators the request is unconditional, so the answer is always the file. */
export function download(url: string, options: DownloadOptions & { validators?: undefined }): Promise<Downloaded>;
export function download(url: string, options: DownloadOptions): Promise<Download>;
export async function download(url: string, options: DownloadOptions): Promise<Download> {
  const { fetchImpl, timeoutMs, maxBytes, validators, signal, onBytes } = options;
  if (signal?.aborted) throw failure.cancelled(url);
  const controller = new AbortController();
  const cancel = () => controller.abort();
  signal?.addEventListener('abort', cancel);
  let stage: 'answer' | 'body' = 'answer';
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const armTimer = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
  };
  try {
    armTimer();
    const response = await fetchImpl(url, {
      mode: 'cors',
      credentials: 'omit',
      cache: 'no-cache',
      headers: conditionalHeaders(validators),
      signal: controller.signal,
    });
    if (response.status === 304 && validators) {
      await response.body?.cancel();
      return { notModified: true };
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw failure.httpStatus(url, response.status, response.statusText);
    }
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw failure.tooLarge(url, maxBytes);
    }
    stage = 'body';
    const bytes = await readLimited(response, url, maxBytes, armTimer, onBytes);
    return {
      notModified: false,
      bytes,
      validators: { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') },
    };
  } catch (error) {
    if (error instanceof RefreshFailure) throw error;
    if (timedOut) throw stage === 'answer' ? failure.timeout(url, timeoutMs) : failure.stalled(url, timeoutMs);
    if (signal?.aborted) throw failure.cancelled(url);
    const reason = describeNetworkError(error);
    throw stage === 'answer' ? failure.unreachable(url, reason) : failure.brokeOff(url, reason);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', cancel);
  }
}

/**
 * Reads the body into one buffer of at most `maxBytes`, stopping the moment it would overflow. The
 * pieces are kept as they arrive and joined at the end: memory follows what was really sent, not the
 * size an index claims.
 */
async function readLimited(
  response: Response,
  url: string,
  maxBytes: number,
  onPiece: () => void,
  onBytes?: (bytesSoFar: number) => void,
): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const pieces: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return join(pieces, length);
    onPiece();
    if (length + value.byteLength > maxBytes) {
      await reader.cancel();
      throw failure.tooLarge(url, maxBytes);
    }
    pieces.push(value);
    length += value.byteLength;
    onBytes?.(length);
  }
}

function join(pieces: readonly Uint8Array[], length: number): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const piece of pieces) {
    bytes.set(piece, offset);
    offset += piece.byteLength;
  }
  return bytes;
}

function conditionalHeaders(validators: HttpValidators | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (validators?.etag) headers['If-None-Match'] = validators.etag;
  if (validators?.lastModified) headers['If-Modified-Since'] = validators.lastModified;
  return headers;
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Node's fetch puts the useful part ("connect ECONNREFUSED …") in `cause`.
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
