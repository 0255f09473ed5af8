/**
 * A sync socket that asks for the whole document and never reads it kept the document queued in
 * the server's memory until the next ping found it (up to a minute), and one address could open
 * 64 such sockets onto a board a candidate grew to 64 MiB. Now a large queue counts against the
 * address and the server with the large HTTP answers (docs/architecture.md, "Authority"): past
 * its share, the socket is closed with 1013 before anything more is queued for it.
 */
import type WebSocket from 'ws';
import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  connectProvider,
  createBoard,
  rawSocket,
  startTestServer,
  synced,
  waitFor,
  type TestBoard,
} from '../testing/harness';
import { wholeDocumentStep1 } from '../testing/frames';
import { joined } from '../testing/probes';
import type { BoardroomServer } from '../app';
import { geoShape, putRecords } from '../../lib/board/fixtures';
import { readTldrawRecords } from '../../lib/board/schema';

const MiB = 1024 * 1024;
/** Shapes of ~60 KB each (under the 64 KiB per record cap): a document of ~24 MiB. */
const SHAPES = 400;
const BATCH = 50;

/** A raw sync socket from `address` (the server trusts the test as its proxy), open or joined. */
async function socketFrom(
  server: BoardroomServer,
  board: TestBoard,
  address: string,
  until: 'open' | 'joined',
) {
  const socket = rawSocket(
    server.url,
    board.id,
    { token: board.candidateToken },
    { 'x-forwarded-for': address },
  );
  await (until === 'open' ? socket.opened : joined(socket));
  return socket;
}

/** The status of a follow poll from `address` that finds nothing new: a small answer, 429 while the address holds its share. */
async function followFrom(server: BoardroomServer, board: TestBoard, address: string): Promise<number> {
  const res = await fetch(`${server.url}/api/boards/${board.id}/log?after=1000000`, {
    headers: { cookie: board.interviewer, 'x-forwarded-for': address },
  });
  await res.arrayBuffer();
  return res.status;
}

describe('sync bytes in flight', () => {
  it('a socket not reading its whole document counts against its address until it closes; past the share the next is closed with 1013 before anything is queued', async () => {
    const server = await startTestServer({
      trustProxy: ['127.0.0.1'],
      reviewReadsPerMinute: 1_000,
      // This link writes and asks for the whole ~24 MiB board several times: what it may have the
      // room check and answer is not what this test is about (checking.test.ts).
      checking: { burstBytes: 1024 * MiB, bytesPerSecond: 1024 * MiB },
      inFlight: {
        maxBytes: 256 * MiB,
        maxBytesPerAddress: 8 * MiB,
        graceMs: 600_000,
        minBytesPerSecond: 64 * 1024,
      },
    });
    const board = await createBoard(server.url);

    // A candidate grows the board within the rules: ~24 MiB, several times what the kernel
    // buffers for a socket that stopped reading. (The writer and the reader checking it speak
    // for addresses of their own: each has only its own share.)
    const writer = connectProvider(
      server.url,
      board.id,
      { token: board.candidateToken },
      undefined,
      '198.51.100.1',
    );
    await synced(writer);
    const payload = 'x'.repeat(60_000);
    for (let b = 0; b < SHAPES / BATCH; b++) {
      putRecords(
        writer.doc,
        Array.from({ length: BATCH }, (_, i) => ({
          ...geoShape({ id: `shape:big${b}x${i}` }),
          meta: { payload },
        })),
      );
    }
    const shapes = (doc: Y.Doc) =>
      readTldrawRecords(doc).filter((r) => String(r.id).startsWith('shape:big')).length;
    const check = connectProvider(
      server.url,
      board.id,
      { token: board.candidateToken },
      undefined,
      '198.51.100.2',
    );
    await waitFor(() => shapes(check.doc) === SHAPES, 30_000, 'the whole document stored and served');
    writer.destroy();
    check.destroy();

    // One socket asks for the whole document and stops reading.
    const stalled = await socketFrom(server, board, '203.0.113.5', 'open');
    stalled.ws.send(wholeDocumentStep1());
    (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    // Its queue now holds the address's share: even a small HTTP answer waits (429).
    await waitFor(
      async () => (await followFrom(server, board, '203.0.113.5')) === 429,
      10_000,
      'the queue counted',
    );

    // A second socket from that address asking for the whole document is closed at once,
    // with the reason, and nothing queued before the close.
    const second = await socketFrom(server, board, '203.0.113.5', 'open');
    second.ws.send(wholeDocumentStep1());
    expect(await second.closed).toEqual({
      code: 1013,
      reason: 'too much unsent data for this address; try again later',
    });

    // Another address (the test's own, 127.0.0.1) is served the whole document.
    const other = connectProvider(server.url, board.id, { token: board.candidateToken });
    await waitFor(() => shapes(other.doc) === SHAPES, 30_000, 'another address served');
    other.destroy();

    // The stalled socket goes away: its share is free again.
    stalled.ws.terminate();
    await waitFor(
      async () => (await followFrom(server, board, '203.0.113.5')) === 200,
      10_000,
      'the share freed',
    );
  }, 60_000); // growing and serving a 24 MiB board takes ~4 s here, 7-12 s beside three busy processes

  it('a message still arriving counts against its address; past the share the next socket sending one is closed with 1013; closing frees it', async () => {
    const server = await startTestServer({
      trustProxy: ['127.0.0.1'],
      inFlight: {
        maxBytes: 256 * MiB,
        maxBytesPerAddress: 2 * MiB,
        graceMs: 600_000,
        minBytesPerSecond: 64 * 1024,
      },
    });
    const board = await createBoard(server.url);
    // Fragments of one message, with a ping between each two (control frames may come between
    // fragments, and must not end the count).
    const fragments = (ws: WebSocket, count: number) => {
      for (let i = 0; i < count; i++) {
        ws.send(Buffer.alloc(512 * 1024, 1), { fin: false });
        ws.ping();
      }
    };

    // 3 MiB of one message, never finished (within the 4 MiB frame limit; pings still answered).
    const slow = await socketFrom(server, board, '203.0.113.5', 'joined');
    fragments(slow.ws, 6);
    await waitFor(
      async () => (await followFrom(server, board, '203.0.113.5')) === 429,
      10_000,
      'the message counted',
    );

    // Another socket from the address starts one too: closed at its first counted MiB.
    const second = await socketFrom(server, board, '203.0.113.5', 'joined');
    fragments(second.ws, 3);
    expect(await second.closed).toEqual({
      code: 1013,
      reason: 'too much data in flight from this address; try again later',
    });

    // The unfinished message goes with its socket.
    slow.ws.terminate();
    await waitFor(
      async () => (await followFrom(server, board, '203.0.113.5')) === 200,
      10_000,
      'the share freed',
    );
  });
});
