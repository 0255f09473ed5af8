/**
 * Issue 11, finding 9: uploads are bounded per board (bytes and rate) and must be what they say
 * they are. Before the fix, 40 x 10 MiB uploads in 10 s added 420 MB to the database.
 */
import { describe, expect, it } from 'vitest';
import { createBoard, startTestServer, type TestBoard } from '../testing/harness';
import { pngOfSize } from '../testing/png';

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
