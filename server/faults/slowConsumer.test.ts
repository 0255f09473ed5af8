/**
 * Slow consumer: a client that stops reading must not make the server buffer without bound;
 * the server closes it (1013) once its unsent output passes MAX_BUFFERED_BYTES.
 */
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectProvider, createBoard, onCleanup, synced, tempDir, waitFor } from '../testing/harness';
import { startServerProcess } from '../testing/process';
import { rssBytes } from './procStats';
import { geoShape, putRecords } from '../../lib/board/fixtures';
import { readTldrawRecords } from '../../lib/board/schema';

const MAX_BUFFERED = 256 * 1024;
const UPDATE_BYTES = 60_000;
const UPDATES = 700; // about 42 MB relayed to every reader

/** Floods a board with updates; with `stall`, one extra client stops reading. Returns RSS growth and the stalled client's close code. */
async function flood(
  stall: boolean,
): Promise<{ rssGrowth: number; closedCode: number | null; receivedBytes: number }> {
  const server = await startServerProcess(tempDir(), { env: { MAX_BUFFERED_BYTES: String(MAX_BUFFERED) } });
  onCleanup(() => server.stop().then(() => undefined));
  const board = await createBoard(server.url);
  const writer = connectProvider(server.url, board.id, { token: board.candidateToken });
  const reader = connectProvider(server.url, board.id, { token: board.candidateToken });
  await Promise.all([synced(writer), synced(reader)]);

  let closedCode: number | null = null;
  let receivedBytes = 0;
  let slow: WebSocket | null = null;
  if (stall) {
    slow = new WebSocket(
      `${server.url.replace(/^http/, 'ws')}/sync/${board.id}?token=${board.candidateToken}`,
    );
    const ws = slow;
    onCleanup(() => ws.terminate());
    ws.on('error', () => {});
    ws.on('close', (code) => (closedCode = code));
    ws.on('message', (data: Buffer) => (receivedBytes += data.length));
    await new Promise<void>((resolve) => ws.on('open', () => resolve()));
    // Stop reading: the kernel buffers fill, then the server's send buffer would grow.
    (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  }

  const pid = server.child.pid!;
  const rssBefore = rssBytes(pid)!;
  let rssPeak = rssBefore;
  const payload = 'x'.repeat(UPDATE_BYTES);
  const stroke = (i: number) => ({
    ...geoShape({ id: 'shape:stroke' }),
    meta: { payload: `${i}${payload}` },
  });
  for (let i = 0; i < UPDATES; i++) {
    putRecords(writer.doc, [stroke(i)]); // overwrites: the document stays small
    if (i % 50 === 0) {
      await new Promise((r) => setTimeout(r, 100)); // stay under the per-connection message rate
      rssPeak = Math.max(rssPeak, rssBytes(pid) ?? 0);
    }
  }
  // The reader that keeps reading gets everything.
  await waitFor(
    () =>
      String(
        (readTldrawRecords(reader.doc).find((r) => r.id === 'shape:stroke')?.meta as { payload?: string })
          ?.payload,
      ).startsWith(`${UPDATES - 1}x`),
    20_000,
    'reader',
  );
  rssPeak = Math.max(rssPeak, rssBytes(pid) ?? 0);
  if (slow) {
    (slow as unknown as { _socket: { resume(): void } })._socket.resume();
    await waitFor(() => closedCode !== null, 10_000, 'slow consumer closed by the server');
  }
  return { rssGrowth: rssPeak - rssBefore, closedCode, receivedBytes };
}

describe('slow consumer', () => {
  it('closes a client that stops reading, and server memory does not grow with what it did not read', async () => {
    const baseline = await flood(false);
    const stalled = await flood(true);
    console.log(
      `slow: baseline +${Math.round(baseline.rssGrowth / 1e6)} MB, stalled +${Math.round(stalled.rssGrowth / 1e6)} MB, close ${stalled.closedCode}, stalled client got ${Math.round(stalled.receivedBytes / 1e6)} MB`,
    );
    // 1013 when the close frame got through, 1006 when the server had to drop the TCP connection.
    expect([1013, 1006]).toContain(stalled.closedCode);
    // The server stopped sending once its buffer for the client passed the limit: the client got only
    // what the kernel's socket buffers held, not the ~42 MB it did not read.
    expect(stalled.receivedBytes).toBeLessThan(16 * 1024 * 1024);
    // RSS moves by tens of MB with garbage collection alone; this bound only catches runaway growth.
    expect(stalled.rssGrowth).toBeLessThan(baseline.rssGrowth + 64 * 1024 * 1024);
  }, 90_000);
});
