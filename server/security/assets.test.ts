/**
 * Issue 11, finding 9: uploads are bounded per board (bytes and rate) and must be what they say
 * they are. Before the fix, 40 x 10 MiB uploads in 10 s added 420 MB to the database.
 */
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { createBoard, startTestServer, waitFor, type TestBoard } from '../testing/harness';
import { pngOfSize } from '../testing/png';
import { startFaultyServer } from '../testing/faultyStore';

/** Uploads `body` as the candidate; resolves with the status and the JSON body. */
async function upload(
  baseUrl: string,
  board: TestBoard,
  body: Uint8Array<ArrayBuffer>,
  contentType = 'image/png',
): Promise<{ status: number; error: unknown }> {
  const res = await fetch(`${baseUrl}/api/assets?board=${board.id}&token=${board.candidateToken}`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
  const json = (await res.json()) as { error?: unknown };
  return { status: res.status, error: json.error };
}

/**
 * Starts uploading `body` as the candidate and sends only its first half; `finish` sends the rest
 * and resolves with the answer. `received` is true once the server has read some of the body.
 */
function slowUpload(baseUrl: string, board: TestBoard, body: Uint8Array) {
  const url = new URL(`${baseUrl}/api/assets?board=${board.id}&token=${board.candidateToken}`);
  const req = http.request(url, {
    method: 'POST',
    headers: { 'content-type': 'image/png', 'content-length': body.length },
  });
  const answer = new Promise<{ status: number; error: unknown }>((resolve, reject) => {
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          error: (JSON.parse(Buffer.concat(chunks).toString()) as { error?: unknown }).error,
        }),
      );
    });
  });
  req.write(body.subarray(0, body.length >> 1));
  return {
    finish: () => {
      req.end(body.subarray(body.length >> 1));
      return answer;
    },
  };
}

const interviewerCall = (url: string, method: string, cookie: string) =>
  fetch(url, { method, headers: { cookie, origin: new URL(url).origin } });

describe('issue 11: uploaded assets are bounded and checked (finding 9)', () => {
  it('answers 413 once a board holds maxAssetBytesPerBoard; other boards are not affected', async () => {
    const server = await startTestServer({ maxAssetBytesPerBoard: 1024 * 1024 });
    const board = await createBoard(server.url);
    const other = await createBoard(server.url, 'Other', board.interviewer);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await upload(server.url, board, pngOfSize(300_000, i + 1))).status);
    const over = await upload(server.url, board, pngOfSize(300_000, 4));
    const elsewhere = await upload(server.url, other, pngOfSize(300_000, 5));

    expect({ first3x300KB: statuses, fourth: over, otherBoard: elsewhere.status }).toEqual({
      first3x300KB: [201, 201, 201],
      fourth: { status: 413, error: expect.any(String) },
      otherBoard: 201,
    });
  });

  it('answers 429 to the 31st upload within a minute on one board (assetUploadsPerMinute, default 30)', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const other = await createBoard(server.url, 'Other', board.interviewer);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++)
      statuses.push((await upload(server.url, board, pngOfSize(200, i + 1))).status);
    const elsewhere = await upload(server.url, other, pngOfSize(200, 99));

    expect({
      first30: statuses.slice(0, 30),
      thirtyFirst: statuses[30],
      otherBoard: elsewhere.status,
    }).toEqual({
      first30: Array<number>(30).fill(201),
      thirtyFirst: 429,
      otherBoard: 201,
    });
  });

  it('refuses an upload that outlives its access: the link revoked, the interview ended or the board deleted before its last byte', async () => {
    const { server, faulty } = await startFaultyServer();
    const outcomes: Record<string, unknown> = {};
    const cases: Array<[string, (board: TestBoard) => Promise<Response>]> = [
      [
        'revoked',
        (b) => interviewerCall(`${server.url}/api/boards/${b.id}/links/candidate`, 'DELETE', b.interviewer),
      ],
      ['ended', (b) => interviewerCall(`${server.url}/api/boards/${b.id}/end`, 'POST', b.interviewer)],
      ['deleted', (b) => interviewerCall(`${server.url}/api/boards/${b.id}`, 'DELETE', b.interviewer)],
    ];
    for (const [what, change] of cases) {
      const board = await createBoard(server.url, `Slow ${what}`);
      const listings = faulty.assetListings;
      const upload = slowUpload(server.url, board, pngOfSize(200_000, 7));
      // The server has checked the upload's access (it lists the board's files next, then reads the body).
      await waitFor(() => faulty.assetListings > listings, 5_000, 'the upload to be admitted');
      const changed = await change(board);
      const answer = await upload.finish();
      outcomes[what] = {
        changed: changed.status,
        answer,
        stored: (await faulty.store.listAssets(board.id)).assets.length,
      };
    }
    const board = await createBoard(server.url, 'Slow, nothing changed');
    const untouched = await slowUpload(server.url, board, pngOfSize(200_000, 8)).finish();

    expect({ ...outcomes, untouched: untouched.status }).toEqual({
      revoked: { changed: 204, answer: { status: 401, error: 'this link was revoked' }, stored: 0 },
      ended: {
        changed: 200,
        answer: { status: 403, error: 'not allowed for the candidate role' },
        stored: 0,
      },
      deleted: { changed: 204, answer: { status: 404, error: 'board not found' }, stored: 0 },
      untouched: 201,
    });
  });

  it("counts uploads still arriving against the board's room: past it, 429 until they end; other boards go on", async () => {
    // Before, only stored files counted: uploads sent slowly held their bodies in memory, 30 a
    // minute of up to 10 MiB each, for as long as they took.
    const { server, faulty } = await startFaultyServer({ maxAssetBytesPerBoard: 1024 * 1024 });
    const board = await createBoard(server.url);
    const other = await createBoard(server.url, 'Other', board.interviewer);
    const slow = [1, 2, 3].map((seed) => slowUpload(server.url, board, pngOfSize(300_000, seed)));
    // Admitted: each listed the board's files (and reserved its room) before reading its body.
    await waitFor(() => faulty.assetListings >= 3, 5_000, 'three uploads admitted');
    const fourth = await upload(server.url, board, pngOfSize(300_000, 4));
    const elsewhere = await upload(server.url, other, pngOfSize(300_000, 5));
    const finished = await Promise.all(slow.map((u) => u.finish()));
    // Once they are stored, what is left of the room is free again.
    const small = await upload(server.url, board, pngOfSize(100_000, 6));

    expect({
      fourth,
      elsewhere: elsewhere.status,
      finished: finished.map((f) => f.status),
      small: small.status,
    }).toEqual({
      fourth: {
        status: 429,
        error: 'other uploads to this board are still arriving; try again once they finish',
      },
      elsewhere: 201,
      finished: [201, 201, 201],
      small: 201,
    });
  });

  it('answers 415 when the bytes are not the declared type (image/png declared, random bytes sent)', async () => {
    const server = await startTestServer();
    const board = await createBoard(server.url);
    const random = new Uint8Array(4096);
    for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + 13) & 0xff;
    const html = new TextEncoder().encode('<html><script>alert(1)</script></html>');

    expect({
      realPng: (await upload(server.url, board, pngOfSize(500))).status,
      randomBytesAsPng: await upload(server.url, board, random, 'image/png'),
      htmlAsJpeg: await upload(server.url, board, html, 'image/jpeg'),
    }).toEqual({
      realPng: 201,
      randomBytesAsPng: { status: 415, error: expect.any(String) },
      htmlAsJpeg: { status: 415, error: expect.any(String) },
    });
  });
});
