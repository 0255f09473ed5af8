/**
 * Issue 11, the low findings: sign-out closes the session's sockets, connections per link are
 * capped, a foreign Host header gets no links and no WebSocket, a lone \r cannot inject Markdown
 * into summary.md, a bad % escape is a client error, every API and static response says
 * nosniff, and a connection's dropped frames cost one log line, not one each.
 */
import http from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { CloseCode, notesDocId } from '../../lib/protocol';
import { TLDRAW_ASSETS_PATH } from '../../lib/assets';
import { addScopeItem } from '../../lib/board/scope';
import { createBoard, rawSocket, signIn, startTestServer, waitFor } from '../testing/harness';
import { appendStored, putRecords, geoShape } from '../testing/content';
import { encodeSyncUpdate } from '../../lib/wire';
import { setQuietLogs } from '../log';
import { closedWithin, joined, type CloseOutcome } from '../testing/probes';

/** An HTTP request with any Host header (fetch does not let a test set one). */
function request(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('issue 11: low findings', () => {
  it("signing out closes that session's open sync sockets with 4401, and only those", async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const otherSession = await signIn(server.url);
    const boardSocket = rawSocket(server.url, board.id, { cookie: board.interviewer });
    const notesSocket = rawSocket(server.url, notesDocId(board.id), { cookie: board.interviewer });
    const otherSocket = rawSocket(server.url, notesDocId(board.id), { cookie: otherSession });
    await Promise.all([joined(boardSocket), joined(notesSocket), joined(otherSocket)]);

    const out = await fetch(`${server.url}/api/session`, {
      method: 'DELETE',
      headers: { cookie: board.interviewer },
    });
    expect(out.status).toBe(204);
    const [boardClosed, notesClosed] = await Promise.all([
      closedWithin(boardSocket, 3_000),
      closedWithin(notesSocket, 3_000),
    ]);

    expect({
      signedOutBoardSocket: boardClosed,
      signedOutNotesSocket: notesClosed,
      otherSessionNotesSocketOpen: otherSocket.ws.readyState === otherSocket.ws.OPEN,
    }).toEqual({
      signedOutBoardSocket: { code: CloseCode.Unauthorized, reason: expect.any(String) },
      signedOutNotesSocket: { code: CloseCode.Unauthorized, reason: expect.any(String) },
      otherSessionNotesSocketOpen: true,
    });
  });

  it('closes sync sockets beyond 16 per document and link token with 1013 "too many connections"', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const sockets = [];
    const ended: Array<CloseOutcome | 'open'> = [];
    for (let i = 0; i < 20; i++) {
      const s = rawSocket(server.url, board.id, { token: board.candidateToken });
      const index = sockets.push(s) - 1;
      ended[index] = 'open';
      void s.closed.then((c) => (ended[index] = c));
      // Joined (the server's step 1 arrived) or refused: either way the server decided.
      await waitFor(() => s.messages.length > 0 || ended[index] !== 'open', 5_000, `socket ${i + 1} decided`);
    }
    // The 17th to 20th may have joined before being counted out: give the server a moment to close them.
    await waitFor(() => ended.slice(16).every((e) => e !== 'open'), 3_000, 'extra sockets closed').catch(
      () => undefined,
    );

    expect({ first16: ended.slice(0, 16), extra4: ended.slice(16) }).toEqual({
      first16: Array(16).fill('open'),
      extra4: Array(4).fill({ code: CloseCode.TryAgainLater, reason: 'too many connections' }),
    });
  });

  it('with PUBLIC_URL unset, a foreign Host header gets no board links (421) and no WebSocket (4403)', async () => {
    const server = await startTestServer({ publicUrl: null });
    const board = await createBoard(server.url);
    const create = await request(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { host: 'evil.example', cookie: board.interviewer, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Phishing' }),
    });
    const ws = rawSocket(
      server.url,
      board.id,
      { token: board.candidateToken },
      { Host: 'evil.example', Origin: 'http://evil.example' },
    );
    const wsOutcome = await closedWithin(ws, 3_000);

    expect({
      createBoard: { status: create.status, linksToEvilExample: create.body.includes('evil.example') },
      webSocket: wsOutcome,
    }).toEqual({
      createBoard: { status: 421, linksToEvilExample: false },
      webSocket: { code: CloseCode.Forbidden, reason: expect.any(String) },
    });
  });

  it('a lone \\r in a scope item stays inside its list item in summary.md (no heading, no new item)', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    // Written to storage directly: this is about rendering whatever the document holds.
    await appendStored(server.store, board.id, (doc) =>
      addScopeItem(doc, {
        kind: 'assumption',
        text: 'ok\r# Pwned',
        step: 0,
        by: { id: 'cai', name: 'Cai' },
        at: Date.now(),
      }),
    );
    const res = await fetch(`${server.url}/api/boards/${board.id}/summary.md`, {
      headers: { cookie: board.interviewer },
    });
    const text = await res.text();
    // CommonMark ends a line at \n, \r\n and a lone \r alike.
    const line = text.split(/\r\n|\r|\n/).find((l) => l.includes('Pwned'));

    // Multi-line text stays multi-line (issue 12): the rest is the item's indented continuation,
    // its Markdown escaped.
    expect({ status: res.status, lineWithPwned: line }).toEqual({
      status: 200,
      lineWithPwned: expect.stringMatching(/^ {2,}\\# Pwned/),
    });
    expect(text).toMatch(/^- ok\b/m);
  });

  it('answers a bad % escape under /tldraw-assets with 400 or 404, not 500', async () => {
    const server = await startTestServer();
    const statuses: Record<string, number> = {};
    for (const path of [
      '/tldraw-assets/%E0%A4%A',
      `${TLDRAW_ASSETS_PATH}/%E0%A4%A`,
      `${TLDRAW_ASSETS_PATH}/fonts/%E0%A4%A.woff2`,
    ]) {
      statuses[path] = (await fetch(server.url + path)).status;
    }
    for (const [path, status] of Object.entries(statuses)) {
      expect([400, 404], `${path} answered ${status}`).toContain(status);
    }
  });

  it('sends x-content-type-options: nosniff with every /api/* JSON response and every /tldraw-assets/* response', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const cookie = board.interviewer;
    const responses: Array<[string, Promise<Response>]> = [
      ['GET /api/time', fetch(`${server.url}/api/time`)],
      ['GET /api/boards without a session', fetch(`${server.url}/api/boards`)],
      ['GET /api/boards', fetch(`${server.url}/api/boards`, { headers: { cookie } })],
      ['GET /api/boards/<id>', fetch(`${server.url}/api/boards/${board.id}`, { headers: { cookie } })],
      ['GET /api/nope', fetch(`${server.url}/api/nope`)],
      [
        'POST /api/session with a wrong secret',
        fetch(`${server.url}/api/session`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ secret: 'wrong-secret-0123456789' }),
        }),
      ],
      ['GET a tldraw font', fetch(`${server.url}${TLDRAW_ASSETS_PATH}/fonts/IBMPlexSans-Medium.woff2`)],
      ['GET a tldraw translation', fetch(`${server.url}${TLDRAW_ASSETS_PATH}/translations/en.json`)],
      ['GET a missing tldraw asset', fetch(`${server.url}${TLDRAW_ASSETS_PATH}/fonts/nope.woff2`)],
    ];
    const missing: string[] = [];
    for (const [what, pending] of responses) {
      const res = await pending;
      await res.arrayBuffer();
      if (res.headers.get('x-content-type-options') !== 'nosniff') missing.push(`${what} (${res.status})`);
    }
    expect(missing, 'responses without x-content-type-options: nosniff').toEqual([]);
  });

  it('logs one line, not one per frame, for a reviewer who keeps sending updates it may not write', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const reviewer = rawSocket(server.url, board.id, { token: board.reviewToken });
    await reviewer.opened;
    await waitFor(() => reviewer.messages.length > 0, 5_000, 'the server greets the reviewer');
    const lines: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    setQuietLogs(false); // the test server is quiet by default
    try {
      const doc = new Y.Doc();
      for (let i = 0; i < 500; i++) {
        const before = Y.encodeStateVector(doc);
        putRecords(doc, [geoShape({ id: `shape:r${i}`, x: i })]);
        reviewer.ws.send(encodeSyncUpdate(Y.encodeStateAsUpdate(doc, before)));
      }
      // Frames are read in order: once a malformed one closes the socket, all 500 were handled.
      reviewer.ws.send(new Uint8Array([0xff]));
      expect((await reviewer.closed).code).toBe(CloseCode.Malformed);
    } finally {
      setQuietLogs(true);
      spy.mockRestore();
    }
    const dropped = lines.filter((l) => l.includes('update from a read-only connection dropped'));
    expect(dropped).toHaveLength(1);
    expect(lines.length, lines.join('')).toBeLessThanOrEqual(5);
  });
});
