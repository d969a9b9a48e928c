/**
 * A real HTTP server on 127.0.0.1 that publishes snapshot files the way a static host would (CORS,
 * ETag, 304), and can misbehave on demand: error statuses, stalls, trickles, cut-off bodies, hang-ups. Counts requests
 * per path. Used by the sync tests and the browser end-to-end tests.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Route {
  /** Default 200. */
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
  /** Answers 304 to a matching If-None-Match. */
  etag?: string;
  /** Answers 304 to an If-Modified-Since at or after it (when no If-None-Match is sent). */
  lastModified?: string;
  /** Never answer at all, send the headers and no byte of the body, or half the body, then go silent. */
  stall?: 'before-answer' | 'after-headers' | 'mid-body';
  /** Send the body a byte at a time, one every this many milliseconds: a host that trickles. */
  trickleEveryMs?: number;
  /** Announce the full length, send only this many bytes, then cut the connection. */
  truncateAt?: number;
  /** Announce this length rather than the body's, and send the whole body (and close the connection after it): a host whose length is wrong. */
  contentLength?: number;
  /** Close the connection without answering at all. */
  hangUp?: boolean;
  /** A slow host: answers only once this settles. */
  hold?: Promise<unknown>;
  /** A host that wants a token: answers 401 unless the query string is exactly this (`?token=…`). */
  query?: string;
  /**
   * Never answer a conditional request (If-None-Match, If-Modified-Since), and answer a plain one: what a
   * browser's fetch meets at a host that never answers the preflight such a request needs (Node's fetch
   * sends none).
   */
  conditionalStalls?: boolean;
}

export interface ServedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export interface SnapshotServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  url(path: string): string;
  /** Path (e.g. `/kb/index.json`) → what to answer; edit freely between requests. */
  routes: Map<string, Route>;
  requests: ServedRequest[];
  requestCount(path: string): number;
  /**
   * Whether CORS preflights are answered (default true). False: a static host that allows plain GETs
   * from anywhere but answers OPTIONS with 405, so requests with headers of their own
   * (a conditional GET's If-None-Match) fail in a browser. 'never': one that drops OPTIONS (a firewall
   * rule), so such a request waits until it is given up.
   */
  answersPreflight: boolean | 'never';
  /** Serves each file under `folder` with a content ETag, replacing earlier routes there. */
  serveFiles(files: ReadonlyMap<string, string>, folder?: string): void;
  close(): Promise<void>;
}

export async function startSnapshotServer(): Promise<SnapshotServer> {
  const routes = new Map<string, Route>();
  const requests: ServedRequest[] = [];

  const server = createServer((request, response) => {
    const { pathname: path, search } = new URL(request.url ?? '/', 'http://localhost');
    requests.push({ method: request.method ?? 'GET', path, headers: request.headers });
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Access-Control-Expose-Headers', 'ETag, Last-Modified');
    if (request.method === 'OPTIONS') {
      if (served.answersPreflight === 'never') return;
      if (!served.answersPreflight) return void response.writeHead(405, { 'Content-Type': 'text/plain' }).end('method not allowed');
      return answerPreflight(request.headers, response);
    }
    const route = routes.get(path);
    if (!route) return void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    if (route.query !== undefined && search !== route.query) return void response.writeHead(401, { 'Content-Type': 'text/plain' }).end('token needed');
    if (route.conditionalStalls && (request.headers['if-none-match'] !== undefined || request.headers['if-modified-since'] !== undefined)) return;
    if (route.hold) void route.hold.finally(() => answer(route, request.headers, response));
    else answer(route, request.headers, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const served: SnapshotServer = {
    origin,
    answersPreflight: true,
    url: (path) => new URL(path, origin).href,
    routes,
    requests,
    requestCount: (path) => requests.filter((request) => request.path === path && request.method === 'GET').length,
    serveFiles(files, folder = '/snapshot/') {
      for (const path of [...routes.keys()]) if (path.startsWith(folder)) routes.delete(path);
      for (const [name, body] of files) {
        routes.set(`${folder}${name}`, {
          body,
          etag: `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`,
          headers: { 'Content-Type': 'application/json' },
        });
      }
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections(); // stalled answers would otherwise keep the server open
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return served;
}

function answer(route: Route, requestHeaders: IncomingHttpHeaders, response: ServerResponse): void {
  if (route.stall === 'before-answer') return;
  if (route.hangUp) return void response.destroy();
  const body = typeof route.body === 'string' ? Buffer.from(route.body) : Buffer.from(route.body ?? '');
  const headers: Record<string, string> = { ...route.headers };
  if (route.etag) headers.ETag = route.etag;
  if (route.lastModified) headers['Last-Modified'] = route.lastModified;
  if (isNotModified(route, requestHeaders)) return void response.writeHead(304, headers).end();

  const lengthLies = route.contentLength !== undefined && route.contentLength !== body.byteLength;
  response.writeHead(route.status ?? 200, {
    ...headers,
    'Content-Length': String(route.contentLength ?? body.byteLength),
    // What follows the length announced must not be read as the start of the next answer.
    ...(lengthLies && { Connection: 'close' }),
  });
  if (lengthLies) return void response.end(body);
  if (route.stall === 'after-headers') return void response.flushHeaders();
  if (route.stall === 'mid-body') return void response.write(body.subarray(0, Math.floor(body.byteLength / 2)));
  if (route.trickleEveryMs !== undefined) {
    let sent = 0;
    const timer = setInterval(() => {
      if (sent < body.byteLength) response.write(body.subarray(sent, ++sent));
      if (sent === body.byteLength) response.end();
    }, route.trickleEveryMs);
    response.on('close', () => clearInterval(timer));
    return;
  }
  if (route.truncateAt !== undefined) {
    response.write(body.subarray(0, route.truncateAt), () => response.destroy());
    return;
  }
  response.end(body);
}

function isNotModified(route: Route, requestHeaders: IncomingHttpHeaders): boolean {
  const ifNoneMatch = requestHeaders['if-none-match'];
  if (ifNoneMatch !== undefined) return route.etag !== undefined && ifNoneMatch === route.etag;
  const ifModifiedSince = requestHeaders['if-modified-since'];
  return (
    ifModifiedSince !== undefined &&
    route.lastModified !== undefined &&
    Date.parse(ifModifiedSince) >= Date.parse(route.lastModified)
  );
}

/** Conditional requests carry non-safelisted headers, so browsers ask first. */
function answerPreflight(requestHeaders: IncomingHttpHeaders, response: ServerResponse): void {
  response
    .writeHead(204, {
      'Access-Control-Allow-Methods': 'GET',
      'Access-Control-Allow-Headers': requestHeaders['access-control-request-headers'] ?? '',
      'Access-Control-Max-Age': '600',
    })
    .end();
}

/**
 * The file at `path` sent compressed (Content-Encoding: gzip), its data garbled past the gzip header: what a
 * file damaged in storage, or packed twice over, sends. The browser cannot unpack it.
 */
export function sendGarbledGzip(server: SnapshotServer, path: string): void {
  const packed = gzipSync(String(server.routes.get(path)!.body));
  for (let i = 12; i < packed.byteLength - 8; i++) packed[i] = packed[i]! ^ 0x5a;
  server.routes.set(path, { body: packed, headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } });
}
