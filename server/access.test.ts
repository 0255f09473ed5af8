import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, notesDocId } from '../lib/protocol';
import { readBoardStatus } from '../lib/board/schema';
import { geoShape, putRecords, shapeIds } from '../lib/board/fixtures';
import { loadDocument } from './documents';
import {
  TEST_SECRET,
  connectProvider,
  createBoard,
  rawSocket,
  signIn,
  startTestServer,
  synced,
  tempDir,
  waitFor,
} from './testing/harness';
import { DATABASE_FILE } from './storage/sqlite';
import { setQuietLogs } from './log';

async function call(url: string, init: RequestInit & { cookie?: string } = {}) {
  const headers = new Headers(init.headers);
  if (init.cookie) headers.set('cookie', init.cookie);
  if (typeof init.body === 'string') headers.set('content-type', 'application/json');
  const res = await fetch(url, { ...init, headers });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers };
}

function closedWith(provider: {
  on: (e: 'closed', f: (ev: { code: number; reason: string }) => void) => void;
}) {
  return new Promise<{ code: number; reason: string }>((resolve) => provider.on('closed', resolve));
}

describe('interviewer sessions', () => {
  it('signs in with the secret (HttpOnly, SameSite=Lax cookie), refuses a wrong one, and signs out', async () => {
    const server = await startTestServer();
    expect(
      (await call(`${server.url}/api/session`, { method: 'POST', body: JSON.stringify({ secret: 'nope' }) }))
        .status,
    ).toBe(401);
    const ok = await call(`${server.url}/api/session`, {
      method: 'POST',
      body: JSON.stringify({ secret: TEST_SECRET }),
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get('set-cookie')).toMatch(
      /^br_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+$/,
    );
    const cookie = ok.headers.get('set-cookie')!.split(';')[0]!;
    expect((await call(`${server.url}/api/boards`, { cookie })).status).toBe(200);
    expect((await call(`${server.url}/api/session`, { method: 'DELETE', cookie })).status).toBe(204);
    expect((await call(`${server.url}/api/boards`, { cookie })).status).toBe(401);
    expect((await call(`${server.url}/api/session`, { method: 'POST', body: '{"secret":1}' })).status).toBe(
      400,
    );
  });

  it('rate-limits wrong sign-in attempts (right ones do not count)', async () => {
    const server = await startTestServer({ signInPerMinute: 3 });
    const attempt = async (secret: string) =>
      (await call(`${server.url}/api/session`, { method: 'POST', body: JSON.stringify({ secret }) })).status;
    const tries = [];
    for (let i = 0; i < 5; i++) tries.push(await attempt(TEST_SECRET));
    for (let i = 0; i < 4; i++) tries.push(await attempt('x'));
    tries.push(await attempt(TEST_SECRET));
    expect(tries).toEqual([204, 204, 204, 204, 204, 401, 401, 401, 429, 429]);
  });

  it('rate-limits board creation', async () => {
    const server = await startTestServer({ createBoardPerMinute: 2 });
    const cookie = await signIn(server.url);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await call(`${server.url}/api/boards`, { method: 'POST', body: '{"title":"t"}', cookie })).status,
      );
    }
    expect(statuses).toEqual([201, 201, 429]);
  });

  it('only lets signed-in interviewers create and list boards', async () => {
    const server = await startTestServer();
    expect(
      (await call(`${server.url}/api/boards`, { method: 'POST', body: JSON.stringify({ title: 'x' }) }))
        .status,
    ).toBe(401);
    expect((await call(`${server.url}/api/boards`)).status).toBe(401);
    const board = await createBoard(server.url);
    const list = await call(`${server.url}/api/boards`, { cookie: board.interviewer });
    expect(JSON.parse(list.text).boards.map((b: { id: string }) => b.id)).toEqual([board.id]);
    // a candidate link does not open the dashboard
    expect((await call(`${server.url}/api/boards?token=${board.candidateToken}`)).status).toBe(401);
  });

  it('refuses state-changing requests from another origin', async () => {
    const server = await startTestServer();
    const res = await call(`${server.url}/api/session`, {
      method: 'POST',
      body: JSON.stringify({ secret: TEST_SECRET }),
      headers: { origin: 'http://evil.example' },
    });
    expect(res.status).toBe(403);
  });

  it('generates a workspace secret on first start when none is configured, and keeps it', async () => {
    const dataDir = tempDir();
    const first = await startTestServer({ dataDir, secret: null });
    expect(first.secretSource).toBe('generated');
    const secret = fs.readFileSync(path.join(dataDir, 'workspace-secret'), 'utf8').trim();
    expect((fs.statSync(path.join(dataDir, 'workspace-secret')).mode & 0o777).toString(8)).toBe('600');
    expect(await signIn(first.url, secret)).toMatch(/^br_session=/);
    const code = first.auth.codes.issue();
    const redeemed = await first.auth.signInWithCode(code);
    expect(redeemed).toMatch(/^br_session=/);
    expect(await first.auth.signInWithCode(code)).toBeNull(); // one-time
    await first.close();
    const second = await startTestServer({ dataDir, secret: null });
    expect(second.secretSource).toBe('file');
    expect(await signIn(second.url, secret)).toMatch(/^br_session=/);
  });
});

describe('board links over HTTP', () => {
  it('answers with the role the link grants, 401 without or with a bad one, 404 for unknown boards', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url, 'Secret project');
    const meta = `${server.url}/api/boards/${board.id}`;
    const none = await call(meta);
    expect(none.status).toBe(401);
    expect(none.text).not.toContain('Secret project');
    expect((await call(`${meta}?token=${board.candidateToken}`)).status).toBe(200);
    expect((await call(`${meta}?token=${board.reviewToken}`)).status).toBe(200);
    expect((await call(`${meta}?token=${board.candidateToken}x`)).status).toBe(401);
    expect(
      (await call(`${server.url}/api/boards/AAAAAAAAAAAAAAAAAAAAAA?token=${board.candidateToken}`)).status,
    ).toBe(404);
  });

  it('lets only the interviewer end the board', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const end = `${server.url}/api/boards/${board.id}/end`;
    expect((await call(end, { method: 'POST' })).status).toBe(401);
    expect((await call(`${end}?token=${board.candidateToken}`, { method: 'POST' })).status).toBe(403);
    expect((await call(`${end}?token=${board.reviewToken}`, { method: 'POST' })).status).toBe(403);
    const ended = await call(end, { method: 'POST', cookie: board.interviewer });
    expect(ended.status).toBe(200);
    expect(JSON.parse(ended.text)).toMatchObject({ status: 'ended' });
  });

  it('regenerating or revoking a link makes the old token fail with "revoked"', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const links = `${server.url}/api/boards/${board.id}/links`;
    expect((await call(`${links}/candidate?token=${board.candidateToken}`, { method: 'POST' })).status).toBe(
      403,
    );
    const fresh = await call(`${links}/candidate`, { method: 'POST', cookie: board.interviewer });
    expect(fresh.status).toBe(200);
    const newToken = new URL(JSON.parse(fresh.text).url).searchParams.get('token');
    const meta = `${server.url}/api/boards/${board.id}`;
    const old = await call(`${meta}?token=${board.candidateToken}`);
    expect(old.status).toBe(401);
    expect(JSON.parse(old.text).error).toBe('this link was revoked');
    expect((await call(`${meta}?token=${newToken}`)).status).toBe(200);
    expect((await call(`${links}/reviewer`, { method: 'DELETE', cookie: board.interviewer })).status).toBe(
      204,
    );
    expect(JSON.parse((await call(`${meta}?token=${board.reviewToken}`)).text).error).toBe(
      'this link was revoked',
    );
    expect((await call(`${links}/admin`, { method: 'DELETE', cookie: board.interviewer })).status).toBe(404);
  });

  it('stores tokens only as hashes', async () => {
    const dataDir = tempDir();
    const server = await startTestServer({ dataDir });
    const board = await createBoard(server.url);
    await server.close();
    const files = fs.readdirSync(dataDir).filter((f) => f.startsWith(DATABASE_FILE));
    const bytes = Buffer.concat(files.map((f) => fs.readFileSync(path.join(dataDir, f))));
    for (const token of [board.candidateToken, board.reviewToken, board.interviewer.split('=')[1]!]) {
      expect(bytes.includes(Buffer.from(token))).toBe(false);
    }
  });
});

describe('board access over WebSocket', () => {
  it('closes without credentials (4401), with a bad token (4401), from another origin (4403), sending no byte', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const cases = [
      { creds: null, code: CloseCode.Unauthorized },
      { creds: { token: 'not-a-token' }, code: CloseCode.Unauthorized },
      {
        creds: { token: board.candidateToken },
        headers: { origin: 'http://evil.example' },
        code: CloseCode.Forbidden,
      },
    ];
    for (const c of cases) {
      const s = rawSocket(server.url, board.id, c.creds, c.headers);
      expect((await s.closed).code).toBe(c.code);
      expect(s.messages).toHaveLength(0);
    }
  });

  it('refuses the notes document to a candidate (4403) and to a reviewer; the interviewer opens it', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const interviewer = connectProvider(server.url, notesDocId(board.id), { cookie: board.interviewer });
    await synced(interviewer);
    interviewer.doc.getMap('notes').set('overall', 'Strong on caching, weak on failure modes');
    await waitFor(
      async () => (await server.store.loadDoc(notesDocId(board.id))).updates.length > 0,
      5_000,
      'stored',
    );

    for (const token of [board.candidateToken, board.reviewToken]) {
      const doc = new Y.Doc();
      const intruder = connectProvider(server.url, notesDocId(board.id), { token }, doc);
      const closed = await closedWith(intruder);
      expect(closed.code).toBe(CloseCode.Forbidden);
      expect(doc.getMap('notes').size).toBe(0); // not one byte of the notes arrived
      const raw = rawSocket(server.url, notesDocId(board.id), { token });
      expect((await raw.closed).code).toBe(CloseCode.Forbidden);
      expect(raw.messages).toHaveLength(0);
    }
  });

  it('drops updates from a review link: they reach neither storage nor other clients', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const candidate = connectProvider(server.url, board.id, { token: board.candidateToken });
    const reviewer = connectProvider(server.url, board.id, { token: board.reviewToken });
    await Promise.all([synced(candidate), synced(reviewer)]);
    putRecords(reviewer.doc, [geoShape({ id: 'shape:vandal', text: 'defaced' })]);
    reviewer.awareness.setLocalStateField('user', { id: 'user:rita', name: 'Rita', color: '#2f9e44' });
    await waitFor(
      () => candidate.awareness.getStates().has(reviewer.doc.clientID),
      5_000,
      'reviewer presence',
    );
    // A write after the reviewer's, to know the relay has caught up.
    putRecords(candidate.doc, [geoShape({ id: 'shape:ok' })]);
    const storedShapes = async () => shapeIds(await loadDocument(server.store, board.id));
    await waitFor(async () => (await storedShapes()).includes('shape:ok'), 5_000, 'stored');
    expect(shapeIds(candidate.doc)).toEqual(['shape:ok']);
    expect(await storedShapes()).toEqual(['shape:ok']);
  });

  it('revoking the candidate link disconnects the candidate at once (4401 "link revoked")', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const candidate = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(candidate);
    const closed = closedWith(candidate);
    await call(`${server.url}/api/boards/${board.id}/links/candidate`, {
      method: 'DELETE',
      cookie: board.interviewer,
    });
    expect(await closed).toEqual({ code: CloseCode.Unauthorized, reason: 'link revoked' });
    const again = rawSocket(server.url, board.id, { token: board.candidateToken });
    expect(await again.closed).toEqual({ code: CloseCode.Unauthorized, reason: 'link revoked' });
  });

  it('after the interview ends, the candidate reads but can no longer write; everyone is told', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const candidate = connectProvider(server.url, board.id, { token: board.candidateToken });
    const interviewer = connectProvider(server.url, board.id, { cookie: board.interviewer });
    await Promise.all([synced(candidate), synced(interviewer)]);
    await call(`${server.url}/api/boards/${board.id}/end`, { method: 'POST', cookie: board.interviewer });
    await waitFor(() => readBoardStatus(candidate.doc).status === 'ended', 5_000, 'status copy');
    putRecords(candidate.doc, [geoShape({ id: 'shape:late' })]);
    putRecords(interviewer.doc, [geoShape({ id: 'shape:after' })]);
    await waitFor(() => shapeIds(candidate.doc).includes('shape:after'), 5_000, 'interviewer still writes');
    expect(shapeIds(interviewer.doc)).toEqual(['shape:after']);
    // a fresh candidate connection is read-only too
    const fresh = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(fresh);
    expect(readBoardStatus(fresh.doc).status).toBe('ended');
    expect(shapeIds(fresh.doc)).toEqual(['shape:after']);
  });

  it('never writes tokens to the logs', async () => {
    const lines: string[] = [];
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    const capture = (chunk: unknown) => (lines.push(String(chunk)), true);
    const server = await startTestServer();
    setQuietLogs(false);
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    try {
      const board = await createBoard(server.url);
      await call(`${server.url}/api/boards/${board.id}/links/candidate`, {
        method: 'POST',
        cookie: board.interviewer,
      });
      const bad = rawSocket(server.url, board.id, { token: board.candidateToken });
      await bad.closed;
      await call(`${server.url}/api/session`, { method: 'POST', body: JSON.stringify({ secret: 'wrong' }) });
      const all = lines.join('');
      expect(all).toContain('board link regenerated');
      for (const secret of [
        board.candidateToken,
        board.reviewToken,
        TEST_SECRET,
        board.interviewer.split('=')[1]!,
      ]) {
        expect(all).not.toContain(secret);
      }
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
      setQuietLogs(true);
    }
  });
});
