/**
 * A large answer (here a board's whole log) stays in the server's memory until its client has taken
 * it. A link holder who asks and never reads used to hold each answer for as long as the
 * connection stayed open: sixty 17 MB logs a minute, forever. Now such answers are counted per
 * address and in total until taken, and a client that takes one too slowly is disconnected
 * (docs/architecture.md, "Authority").
 */
import net from 'node:net';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createBoard, startTestServer, tempDir, waitFor, type TestBoard } from '../testing/harness';
import { openSqliteStore } from '../storage/sqlite';
import type { HeldResponseLimits } from '../heldResponses';

const MiB = 1024 * 1024;
/** Entries of the stored log: 24 MiB, several times what the kernel buffers for a reader that stopped. */
const ENTRIES = 24;
/** A follow poll that finds nothing new: a small answer. */
const FOLLOW_PAST_THE_END = 'log?after=1000000';

async function boardWithLargeLog(limits: HeldResponseLimits) {
  const store = openSqliteStore(path.join(tempDir(), 'boardroom.db'));
  // Behind a trusted proxy, so the test can speak for several client addresses.
  const server = await startTestServer(
    { trustProxy: ['127.0.0.1'], reviewReadsPerMinute: 1_000, inFlight: limits },
    { store },
  );
  const board = await createBoard(server.url);
  // Bytes as stored: the log route sends them without reading them.
  await store.appendUpdates(
    Array.from({ length: ENTRIES }, () => ({ docId: board.id, bytes: randomBytes(MiB) })),
  );
  const get = (address: string, what: string) =>
    fetch(`${server.url}/api/boards/${board.id}/${what}`, {
      headers: { cookie: board.interviewer, 'x-forwarded-for': address },
    });
  return { server, board, get };
}

/** Asks for the whole log over a raw socket and stops reading after the first bytes arrive. */
async function stopReadingLog(serverUrl: string, board: TestBoard, address: string) {
  const { hostname, port } = new URL(serverUrl);
  const socket = net.connect(Number(port), hostname);
  socket.write(
    `GET /api/boards/${board.id}/log HTTP/1.1\r\nHost: ${hostname}\r\nCookie: ${board.interviewer}\r\n` +
      `X-Forwarded-For: ${address}\r\n\r\n`,
  );
  let received = 0;
  let ended = false;
  socket.on('data', (chunk: Buffer) => (received += chunk.length));
  socket.on('close', () => (ended = true));
  await new Promise<void>((resolve, reject) => {
    socket.once('data', () => resolve());
    socket.once('error', reject);
  });
  socket.pause();
  return {
    socket,
    /** Reads the rest until the connection ends; resolves to every byte received. */
    async readToEnd(): Promise<number> {
      socket.resume();
      await waitFor(() => ended, 20_000, 'the connection to end');
      return received;
    },
  };
}

describe('answers not yet taken', () => {
  it('count against the address and the server until taken: a second whole log gets 429 and 503, small answers go on, then the connection closes and they are freed', async () => {
    const { server, board, get } = await boardWithLargeLog({
      maxBytes: 40 * MiB,
      maxBytesPerAddress: 30 * MiB,
      graceMs: 600_000,
      minBytesPerSecond: 64 * 1024,
    });
    const stalled = await stopReadingLog(server.url, board, '203.0.113.5');

    // The same address: another whole log would pass its share (24 + 24 > 30 MiB); a follow poll (a
    // small answer) fits.
    const again = await get('203.0.113.5', 'log');
    expect(again.status).toBe(429);
    expect(again.headers.get('retry-after')).toBe('5');
    expect(await again.json()).toEqual({
      error: 'this address has not yet taken its earlier downloads; try again once they finish',
    });
    expect((await get('203.0.113.5', FOLLOW_PAST_THE_END)).status).toBe(200);

    // Another address: the server's share would pass (24 + 24 > 40 MiB); small answers go on.
    const other = await get('198.51.100.7', 'log');
    expect(other.status).toBe(503);
    expect(await other.json()).toEqual({
      error: 'the server is busy sending large answers: try again in a few seconds',
    });
    const summary = await get('198.51.100.7', 'summary.md');
    expect(summary.status).toBe(200);
    await summary.text();

    // The client that stopped reading goes away: what it held is freed.
    stalled.socket.destroy();
    let whole: Response | null = null;
    await waitFor(
      async () => {
        whole = await get('198.51.100.7', 'log');
        if (whole.status !== 200) await whole.arrayBuffer();
        return whole.status === 200;
      },
      10_000,
      'the whole log for another address',
    );
    expect((await whole!.arrayBuffer()).byteLength).toBeGreaterThan(ENTRIES * MiB);
  }, 60_000); // ~2 s here, 7-9 s beside three busy processes (24 MiB logs read and sent)

  it('a client that takes an answer too slowly is disconnected, and its share freed', async () => {
    // The address's share is one log; the deadline a fifth of a second for 24 MiB.
    const { server, board, get } = await boardWithLargeLog({
      maxBytes: 256 * MiB,
      maxBytesPerAddress: ENTRIES * MiB,
      graceMs: 200,
      minBytesPerSecond: 1024 * MiB,
    });
    const stalled = await stopReadingLog(server.url, board, '203.0.113.5');
    // Held, the address may ask for nothing more (429 before anything is read); the server
    // disconnects the stalled reader at its deadline and the address may ask again.
    await waitFor(
      async () => {
        const res = await get('203.0.113.5', FOLLOW_PAST_THE_END);
        await res.arrayBuffer();
        return res.status === 200;
      },
      10_000,
      'the stalled answer to be dropped',
    );
    // What reached the client before the server closed the connection: not the whole answer.
    expect(await stalled.readToEnd()).toBeLessThan(ENTRIES * MiB);
  });
});
