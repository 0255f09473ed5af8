import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedEncodings, createBuiltStaticHandler } from './builtStatic';

describe('acceptedEncodings', () => {
  it('reads the encodings a browser lists, and skips those it refuses with q=0', () => {
    expect([...acceptedEncodings('gzip, deflate, br, zstd')].sort()).toEqual(['br', 'gzip']);
    expect([...acceptedEncodings('br;q=0, gzip;q=0.5')]).toEqual(['gzip']);
    expect([...acceptedEncodings('BR ; Q=1')]).toEqual(['br']);
    expect([...acceptedEncodings('*')].sort()).toEqual(['br', 'gzip']);
    expect([...acceptedEncodings('identity')]).toEqual([]);
    expect([...acceptedEncodings(undefined)]).toEqual([]);
  });
});

describe('the build’s static files', () => {
  const script = 'console.log("the canvas");'.repeat(200);
  let dir: string;
  let server: http.Server;
  let base: string;
  const fellThrough: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'built-static-'));
    const chunks = path.join(dir, '.next', 'static', 'chunks');
    fs.mkdirSync(chunks, { recursive: true });
    fs.writeFileSync(path.join(chunks, 'a.js'), script);
    fs.writeFileSync(path.join(chunks, 'a.js.br'), zlib.brotliCompressSync(script));
    fs.writeFileSync(path.join(chunks, 'a.js.gz'), zlib.gzipSync(script));
    fs.writeFileSync(path.join(chunks, 'plain.css'), 'body{}'); // no compressed copy
    fs.writeFileSync(path.join(chunks, 'font.woff2'), 'x');
    fs.writeFileSync(path.join(chunks, 'font.woff2.br'), 'x');
    const serve = createBuiltStaticHandler(dir);
    server = http.createServer((req, res) => {
      const pathname = new URL(req.url!, 'http://x').pathname;
      void serve(req, res, pathname).then((done) => {
        if (done) return;
        fellThrough.push(pathname);
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** One request with `accept-encoding` as given, its body as it came over the wire. */
  function get(p: string, acceptEncoding?: string, method = 'GET') {
    return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>(
      (resolve, reject) => {
        const req = http.request(`${base}${p}`, {
          method,
          headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
        });
        req.on('response', (res) => {
          const parts: Buffer[] = [];
          res.on('data', (c: Buffer) => parts.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }),
          );
        });
        req.on('error', reject);
        req.end();
      },
    );
  }

  it('sends the brotli copy to a browser that accepts it, cached for good', async () => {
    const res = await get('/_next/static/chunks/a.js', 'gzip, deflate, br, zstd');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['content-type']).toBe('application/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['vary']).toBe('accept-encoding');
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(zlib.brotliDecompressSync(res.body).toString()).toBe(script);
  });

  it('sends gzip, or the file as built, to a client that does not take brotli', async () => {
    const gz = await get('/_next/static/chunks/a.js', 'br;q=0, gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).toString()).toBe(script);
    const plain = await get('/_next/static/chunks/a.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('reads each copy once and sends that to everyone after', async () => {
    const first = await get('/_next/static/chunks/a.js', 'br');
    const file = path.join(dir, '.next', 'static', 'chunks', 'a.js.br');
    const onDisk = fs.readFileSync(file);
    fs.writeFileSync(file, 'not what was read');
    try {
      const again = await get('/_next/static/chunks/a.js', 'br');
      expect(again.body).toEqual(first.body);
      expect(zlib.brotliDecompressSync(again.body).toString()).toBe(script);
    } finally {
      fs.writeFileSync(file, onDisk);
    }
  });

  it('answers HEAD with the headers only', async () => {
    const res = await get('/_next/static/chunks/a.js', 'br', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.body.length).toBe(0);
  });

  it('leaves to Next.js what the build did not compress, and any path not found at start-up', async () => {
    fellThrough.length = 0;
    for (const p of [
      '/_next/static/chunks/plain.css',
      '/_next/static/chunks/font.woff2',
      '/_next/static/chunks/a.js.br',
      '/_next/static/chunks/missing.js',
      '/_next/static/../../package.json',
      '/_next/static/chunks/%2e%2e/%2e%2e/%2e%2e/package.json',
    ]) {
      expect((await get(p, 'br')).status).toBe(204);
    }
    expect(fellThrough).toHaveLength(6);
  });

  it('serves nothing for a project with no build', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'built-static-none-'));
    try {
      const serve = createBuiltStaticHandler(empty);
      const req = { method: 'GET', headers: {} } as http.IncomingMessage;
      expect(await serve(req, {} as http.ServerResponse, '/_next/static/chunks/a.js')).toBe(false);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});
