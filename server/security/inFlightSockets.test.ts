/**
 * A sync socket that asks for the whole document and never reads it kept the document queued in
 * the server's memory until the next ping found it (up to a minute), and one address could open
 * 64 such sockets onto a board a candidate grew to 64 MiB. Now a large queue counts against the
 * address and the server with the large HTTP answers (docs/architecture.md, "Authority"): past
 * its share, the socket is closed with 1013 before anything more is queued for it.
 */
import WebSocket from 'ws';
import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  connectProvider,
  createBoard,
  onCleanup,
  startTestServer,
  synced,
  waitFor,
} from '../testing/harness';
import { wholeDocumentStep1 } from '../testing/frames';
import { geoShape, putRecords } from '../../lib/board/fixtures';
import { readTldrawRecords } from '../../lib/board/schema';

const MiB = 1024 * 1024;
/** Shapes of ~60 KB each (under the 64 KiB per record cap): a document of ~24 MiB. */
const SHAPES = 400;
const BATCH = 50;

describe('sync bytes in flight', () => {
  it('a socket not reading its whole document counts against its address until it closes; past the share the next is closed with 1013 before anything is queued', async () => {
    const server = await startTestServer({
      trustProxy: ['127.0.0.1'],
      reviewReadsPerMinute: 1_000,
      inFlight: {
        maxBytes: 256 * MiB,
        maxBytesPerAddress: 8 * MiB,
        graceMs: 600_000,
        minBytesPerSecond: 64 * 1024,
      },
    });
    const board = await createBoard(server.url);

    // A candidate grows the board within the rules: ~24 MiB, several times what the kernel
    // buffers for a socket that stopped reading.
    const writer = connectProvider(server.url, board.id, { token: board.candidateToken });
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
    const check = connectProvider(server.url, board.id, { token: board.candidateToken });
    await waitFor(() => shapes(check.doc) === SHAPES, 30_000, 'the whole document stored and served');
    writer.destroy();
    check.destroy();

    const wsUrl = `${server.url.replace(/^http/, 'ws')}/sync/${board.id}?token=${board.candidateToken}`;
    const socketFrom = async (address: string) => {
      const ws = new WebSocket(wsUrl, { headers: { 'x-forwarded-for': address } });
      onCleanup(() => ws.terminate());
      const closed = new Promise<{ code: number; reason: string }>((resolve) =>
        ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
      );
      ws.on('error', () => {});
      await new Promise<void>((resolve) => ws.on('open', () => resolve()));
      return { ws, closed };
    };
    const followFrom = async (address: string) => {
      const res = await fetch(`${server.url}/api/boards/${board.id}/log?after=1000000`, {
        headers: { cookie: board.interviewer, 'x-forwarded-for': address },
      });
      await res.arrayBuffer();
      return res.status;
    };

    // One socket asks for the whole document and stops reading.
    const stalled = await socketFrom('203.0.113.5');
    stalled.ws.send(wholeDocumentStep1());
    (stalled.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    // Its queue now holds the address's share: even a small HTTP answer waits (429).
    await waitFor(async () => (await followFrom('203.0.113.5')) === 429, 10_000, 'the queue counted');

    // A second socket from that address asking for the whole document is closed at once,
    // with the reason, and nothing queued before the close.
    const second = await socketFrom('203.0.113.5');
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
    await waitFor(async () => (await followFrom('203.0.113.5')) === 200, 10_000, 'the share freed');
  });

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
    const wsUrl = `${server.url.replace(/^http/, 'ws')}/sync/${board.id}?token=${board.candidateToken}`;
    const admittedFrom = async (address: string) => {
      const ws = new WebSocket(wsUrl, { headers: { 'x-forwarded-for': address } });
      onCleanup(() => ws.terminate());
      ws.on('error', () => {});
      const closed = new Promise<{ code: number; reason: string }>((resolve) =>
        ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
      );
      // Admitted once the room greets it (its sync step 1).
      await new Promise<void>((resolve) => ws.once('message', () => resolve()));
      return { ws, closed };
    };
    const followFrom = async (address: string) => {
      const res = await fetch(`${server.url}/api/boards/${board.id}/log?after=1000000`, {
        headers: { cookie: board.interviewer, 'x-forwarded-for': address },
      });
      await res.arrayBuffer();
      return res.status;
    };
    const fragments = (ws: WebSocket, count: number) => {
      for (let i = 0; i < count; i++) ws.send(Buffer.alloc(512 * 1024, 1), { fin: false });
    };

    // 3 MiB of one message, never finished (within the 4 MiB frame limit; pings still answered).
    const slow = await admittedFrom('203.0.113.5');
    fragments(slow.ws, 6);
    await waitFor(async () => (await followFrom('203.0.113.5')) === 429, 10_000, 'the message counted');

    // Another socket from the address starts one too: closed at its first counted MiB.
    const second = await admittedFrom('203.0.113.5');
    fragments(second.ws, 3);
    expect(await second.closed).toEqual({
      code: 1013,
      reason: 'too much data in flight from this address; try again later',
    });

    // The unfinished message goes with its socket.
    slow.ws.terminate();
    await waitFor(async () => (await followFrom('203.0.113.5')) === 200, 10_000, 'the share freed');
  });
});
