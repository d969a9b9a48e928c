/**
 * A plain static file server on 127.0.0.1 for synthetic snapshots: folders mounted under path
 * prefixes, files streamed from disk with Content-Length (a 50k-method snapshot is ~400 MB, never held
 * in memory), and `Access-Control-Allow-Origin: *` because the extension fetches with CORS.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { Transform } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import { onCleanup } from './common';

export interface StaticServer {
  origin: string;
  /** Serves `folder` at `/<prefix>/…`; returns the URL of `<prefix>/index.json`. */
  mount(prefix: string, folder: string): string;
  close(): Promise<void>;
}

export interface StaticServerOptions {
  /** Sends each file at most this fast, as a remote server would (default: as fast as the machine can). */
  bytesPerSecond?: number;
}

export async function startStaticServer(options: StaticServerOptions = {}): Promise<StaticServer> {
  const { bytesPerSecond } = options;
  const mounts = new Map<string, string>();
  const server = createServer((request, response) => {
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Access-Control-Expose-Headers', 'ETag, Last-Modified');
    if (request.method === 'OPTIONS') {
      response
        .writeHead(204, {
          'Access-Control-Allow-Methods': 'GET',
          'Access-Control-Allow-Headers': request.headers['access-control-request-headers'] ?? '',
          'Access-Control-Max-Age': '600',
        })
        .end();
      return;
    }
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const [, prefix = '', ...rest] = path.split('/');
    const folder = mounts.get(prefix);
    const file = folder ? normalize(join(folder, ...rest)) : null;
    if (!folder || !file || !file.startsWith(folder + sep)) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    stat(file).then(
      (info) => {
        if (!info.isFile()) throw new Error('not a file');
        response.writeHead(200, {
          'Content-Type': 'application/json',
          'Content-Length': String(info.size),
          'Cache-Control': 'no-store',
        });
        if (request.method === 'HEAD') return void response.end();
        const read = createReadStream(file, { highWaterMark: bytesPerSecond ? 64 * 1024 : 1 << 20 }).on('error', () => response.destroy());
        (bytesPerSecond ? read.pipe(paced(bytesPerSecond)) : read).pipe(response);
      },
      () => void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  onCleanup(close);
  return {
    origin,
    mount(prefix, folder) {
      mounts.set(prefix, normalize(folder));
      return `${origin}/${prefix}/index.json`;
    },
    close,
  };
}

/** Passes chunks on no faster than `bytesPerSecond`, measured from the first one. */
function paced(bytesPerSecond: number): Transform {
  let started: number | undefined;
  let sent = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      started ??= performance.now();
      sent += chunk.byteLength;
      const due = started + (1000 * sent) / bytesPerSecond;
      setTimeout(() => done(null, chunk), Math.max(0, due - performance.now()));
    },
  });
}
