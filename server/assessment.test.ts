import { describe, expect, it } from 'vitest';
import { notesDocId } from '../lib/protocol';
import { Assessment } from '../lib/assessment';
import { connectProvider, createBoard, rawSocket, startTestServer, synced, waitFor } from './testing/harness';
import { joined } from './testing/probes';

const MARKER = 'ASSESSMENT-MARKER-7f3a9c';

async function call(url: string, opts: { cookie?: string; method?: string; body?: unknown } = {}) {
  const res = await fetch(url, {
    method: opts.method ?? 'GET',
    headers: {
      ...(opts.cookie ? { cookie: opts.cookie } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: opts.body !== undefined ? JSON.stringify(opts.body) : undefined,
  });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('published assessment', () => {
  it('is 404 until published, then the interviewer and the review link read it; a candidate never gets its bytes', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const api = `${server.url}/api/boards/${board.id}/assessment`;
    const asReviewer = `${api}?token=${board.reviewToken}`;
    const asCandidate = `${api}?token=${board.candidateToken}`;

    expect((await call(api, { cookie: board.interviewer })).status).toBe(404);
    expect((await call(asReviewer)).status).toBe(404);
    expect((await call(asCandidate)).status).toBe(403);
    const optional = await call(`${asReviewer}&optional=1`);
    expect([optional.status, optional.bytes.toString()]).toEqual([200, 'null']);
    expect((await call(`${asCandidate}&optional=1`)).status).toBe(403);

    // Only the interviewer publishes; bad bodies get a clear 400.
    const body = {
      summary: `Strong scoping. ${MARKER}`,
      scores: { navigation: 4, design: 3, overall: 3 },
      notes: [{ text: `Asked about read/write ratio ${MARKER}`, at: 1_700_000_000_000, step: 0 }],
    };
    expect((await call(asReviewer, { method: 'POST', body })).status).toBe(403);
    expect((await call(asCandidate, { method: 'POST', body })).status).toBe(403);
    const bad = await call(api, { method: 'POST', cookie: board.interviewer, body: { summary: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.bytes.toString()).toMatch(/summary/);
    expect(
      (
        await call(api, {
          method: 'POST',
          cookie: board.interviewer,
          body: { ...body, scores: { design: 9 } },
        })
      ).status,
    ).toBe(400);

    // The candidate has a live connection to the board the whole time.
    const candidateSocket = rawSocket(server.url, board.id, { token: board.candidateToken });
    await joined(candidateSocket);

    const published = await call(api, { method: 'POST', cookie: board.interviewer, body });
    expect(published.status).toBe(201);
    const stored = Assessment.parse(JSON.parse(published.bytes.toString()));
    expect(stored).toMatchObject(body);

    for (const read of [await call(api, { cookie: board.interviewer }), await call(asReviewer)]) {
      expect(read.status).toBe(200);
      expect(Assessment.parse(JSON.parse(read.bytes.toString()))).toEqual(stored);
    }
    // Publishing again replaces it.
    const again = await call(api, {
      method: 'POST',
      cookie: board.interviewer,
      body: { ...body, summary: `v2 ${MARKER}` },
    });
    expect(again.status).toBe(201);
    expect(JSON.parse((await call(asReviewer)).bytes.toString())).toMatchObject({ summary: `v2 ${MARKER}` });

    // Every channel a candidate has: the API (this route and the review routes), the board's
    // socket, and the notes document's socket. Not one byte of the marker.
    const marker = Buffer.from(MARKER);
    const candidateReads = [
      await call(asCandidate),
      await call(`${server.url}/api/boards/${board.id}/summary.md?token=${board.candidateToken}`),
      await call(`${server.url}/api/boards/${board.id}/log?token=${board.candidateToken}`),
      await call(`${server.url}/api/boards/${board.id}?token=${board.candidateToken}`),
    ];
    expect(candidateReads[0]!.status).toBe(403);
    for (const r of candidateReads) expect(r.bytes.includes(marker)).toBe(false);
    const viewer = connectProvider(server.url, board.id, { token: board.candidateToken });
    await synced(viewer);
    const notes = rawSocket(server.url, notesDocId(board.id), { token: board.candidateToken });
    await notes.closed;
    await waitFor(async () => candidateSocket.messages.length > 0, 5_000, 'the sync answer');
    for (const m of [...candidateSocket.messages, ...notes.messages]) expect(m.includes(marker)).toBe(false);

    // A deleted board takes its assessment with it.
    expect(
      (
        await fetch(`${server.url}/api/boards/${board.id}`, {
          method: 'DELETE',
          headers: { cookie: board.interviewer },
        })
      ).status,
    ).toBe(204);
    expect(await server.store.getAssessment(board.id)).toBeNull();
  });
});
