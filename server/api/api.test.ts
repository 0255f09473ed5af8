import { describe, expect, it } from 'vitest';
import { createBoard, signIn, startTestServer } from '../testing/harness';
import { MAX_ASSET_BYTES, MAX_JSON_BODY_BYTES } from '../../lib/limits';
import { BoardMeta } from '../../lib/api';

async function post(
  url: string,
  body: string | Uint8Array<ArrayBuffer>,
  contentType = 'application/json',
  cookie = '',
) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType, cookie }, body });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('HTTP API', () => {
  it('answers /healthz', async () => {
    const server = await startTestServer();
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, storage: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, draining: false, storage: 'ok' });
  });

  it('creates a board with a random 128-bit id and returns its metadata', async () => {
    const server = await startTestServer();
    const cookie = await signIn(server.url);
    const body = JSON.stringify({ title: '  Design Twitter ', prompt: 'Timeline' });
    const created = await post(`${server.url}/api/boards`, body, 'application/json', cookie);
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(created.body.url).toBe(`${server.url}/b/${id}`);
    expect(created.body.candidateUrl).toMatch(
      new RegExp(`^${server.url}/b/${id}\\?token=[A-Za-z0-9_-]{43}$`),
    );
    expect(created.body.reviewUrl).toMatch(new RegExp(`^${server.url}/r/${id}\\?token=[A-Za-z0-9_-]{43}$`));
    const meta = await fetch(`${server.url}/api/boards/${id}`, { headers: { cookie } });
    expect(meta.status).toBe(200);
    const parsed = BoardMeta.parse(await meta.json());
    expect(parsed).toMatchObject({ id, title: 'Design Twitter', prompt: 'Timeline', status: 'live' });
    const other = await post(
      `${server.url}/api/boards`,
      JSON.stringify({ title: 'x' }),
      'application/json',
      cookie,
    );
    expect(other.body.id).not.toBe(id);
  });

  it('rejects bad bodies with 400/413/415 JSON errors', async () => {
    const server = await startTestServer();
    const cookie = await signIn(server.url);
    const url = `${server.url}/api/boards`;
    const cases: Array<[string, string, number]> = [
      ['{not json', 'application/json', 400],
      ['{}', 'application/json', 400],
      [JSON.stringify({ title: '' }), 'application/json', 400],
      [JSON.stringify({ title: '   ' }), 'application/json', 400],
      [JSON.stringify({ title: 42 }), 'application/json', 400],
      [JSON.stringify({ title: 'ok', extra: true }), 'application/json', 400],
      [JSON.stringify({ title: 'x'.repeat(201) }), 'application/json', 400],
      ['[]', 'application/json', 400],
      [JSON.stringify({ title: 'ok' }), 'text/plain', 415],
      [JSON.stringify({ title: 'x'.repeat(MAX_JSON_BODY_BYTES) }), 'application/json', 413],
    ];
    for (const [body, type, status] of cases) {
      const res = await post(url, body, type, cookie);
      expect(res.status, `${type} ${body.slice(0, 40)}`).toBe(status);
      expect(typeof res.body.error).toBe('string');
    }
  });

  it('answers unknown boards, routes and methods with JSON 404/405', async () => {
    const server = await startTestServer();
    for (const [path, status, error] of [
      ['/api/boards/AAAAAAAAAAAAAAAAAAAAAA', 404, 'board not found'],
      ['/api/boards/..%2f..', 404, 'board not found'],
      ['/api/boards/%E0%A4%A', 400, 'malformed URL'],
      ['/api/nope', 404, 'no API route GET /api/nope'],
    ] as const) {
      const res = await fetch(server.url + path);
      expect({ status: res.status, body: await res.json() }, path).toEqual({ status, body: { error } });
    }
    const wrongMethod = await fetch(`${server.url}/api/boards`, { method: 'PUT' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
  });

  it('stores uploaded images and serves them back; refuses bad uploads', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const id = board.id;
    const cookie = board.interviewer;
    const png = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10, 1, 2, 3]);
    const up = await post(`${server.url}/api/assets?board=${id}`, png, 'image/png', cookie);
    expect(up.status).toBe(201);
    const src = up.body.src as string;
    expect(src).toMatch(new RegExp(`^/api/assets/${id}/[A-Za-z0-9_-]{22}$`));
    const got = await fetch(server.url + src, { headers: { cookie } });
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('content-security-policy')).toContain('sandbox');
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(png);

    const assets = `${server.url}/api/assets?board=${id}`;
    const unknown = `${server.url}/api/assets?board=AAAAAAAAAAAAAAAAAAAAAA`;
    expect((await post(unknown, png, 'image/png', cookie)).status).toBe(404);
    expect((await post(assets, png, 'text/html', cookie)).status).toBe(415);
    expect((await post(assets, new Uint8Array(0), 'image/png', cookie)).status).toBe(400);
    expect((await post(assets, new Uint8Array(MAX_ASSET_BYTES + 1), 'image/png', cookie)).status).toBe(413);
    expect(
      (await fetch(`${server.url}/api/assets/${id}/${'z'.repeat(22)}`, { headers: { cookie } })).status,
    ).toBe(404);
    // same access as the board: the candidate may upload while live, the reviewer may not, strangers get 401
    expect((await post(`${assets}&token=${board.candidateToken}`, png, 'image/png')).status).toBe(201);
    expect((await post(`${assets}&token=${board.reviewToken}`, png, 'image/png')).status).toBe(403);
    expect((await post(assets, png, 'image/png')).status).toBe(401);
    expect((await fetch(server.url + src)).status).toBe(401);
  });

  it('serves tldraw assets from our origin and nothing outside their folders', async () => {
    const server = await startTestServer();
    const font = await fetch(`${server.url}/tldraw-assets/5.4.2/fonts/IBMPlexSans-Medium.woff2`);
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff2');
    const translation = await fetch(`${server.url}/tldraw-assets/5.4.2/translations/en.json`);
    expect(translation.status).toBe(200);
    for (const bad of [
      '/tldraw-assets/5.4.2/package.json',
      '/tldraw-assets/5.4.2/fonts/..%2F..%2Fpackage.json',
      '/tldraw-assets/5.4.2/fonts/nope.woff2',
    ]) {
      expect((await fetch(server.url + bad)).status, bad).toBe(404);
    }
  });
});
