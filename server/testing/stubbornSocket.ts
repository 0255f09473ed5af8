/**
 * A WebSocket client written on a bare TCP socket that does what no library lets a client do:
 * it never answers the server's close frame and keeps streaming large binary frames as fast as
 * the connection drains (issue 11, finding 4). It reports the close code the server sent and
 * when the server dropped the TCP connection.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';

/** What happened to the stream. */
export interface StubbornOutcome {
  /** HTTP status of the upgrade answer (101 when the WebSocket opened). */
  upgradeStatus: number | null;
  /** Close code in the first close frame the server sent, or null. */
  closeCode: number | null;
  /** Milliseconds from the upgrade to the close frame, or null. */
  closeFrameAfterMs: number | null;
  /** Milliseconds from the close frame (or the upgrade, without one) to the TCP connection ending; null if it did not. */
  tcpGoneAfterMs: number | null;
  /** Bytes of frames written into the socket. */
  bytesSent: number;
  /** Why the client stopped streaming. */
  stoppedBecause: 'server dropped the connection' | 'time limit' | 'stop condition';
}

/** A masked (all-zero mask, so the payload is sent as is) binary frame of `payloadBytes` zero bytes. */
function binaryFrame(payloadBytes: number): Buffer {
  const header = Buffer.alloc(14);
  header[0] = 0x82; // FIN + binary
  header[1] = 0x80 | 127; // masked, 64-bit length
  header.writeBigUInt64BE(BigInt(payloadBytes), 2);
  // bytes 10..13: the mask key, zero
  return Buffer.concat([header, Buffer.alloc(payloadBytes)]);
}

/** The close code of the first close frame in `data` (server frames are not masked), or null. */
function findCloseCode(data: Buffer): number | null {
  let i = 0;
  while (i + 2 <= data.length) {
    const opcode = data[i]! & 0x0f;
    let len = data[i + 1]! & 0x7f;
    let at = i + 2;
    if (len === 126) {
      if (at + 2 > data.length) return null;
      len = data.readUInt16BE(at);
      at += 2;
    } else if (len === 127) {
      if (at + 8 > data.length) return null;
      len = Number(data.readBigUInt64BE(at));
      at += 8;
    }
    if (opcode === 0x8) return at + 2 <= data.length ? data.readUInt16BE(at) : null;
    i = at + len;
  }
  return null;
}

/**
 * Opens a WebSocket to `path` on `baseUrl` and streams `frameBytes`-byte frames, ignoring any
 * close, until the server drops the connection, `maxMs` pass, or `stopWhen()` turns true.
 */
export async function streamIgnoringClose(
  baseUrl: string,
  path: string,
  opts: { frameBytes: number; maxMs: number; stopWhen?: () => boolean },
): Promise<StubbornOutcome> {
  const url = new URL(baseUrl);
  const socket = net.connect(Number(url.port), url.hostname);
  socket.on('error', () => {}); // EPIPE / ECONNRESET: the server dropped us, 'close' follows
  const out: StubbornOutcome = {
    upgradeStatus: null,
    closeCode: null,
    closeFrameAfterMs: null,
    tcpGoneAfterMs: null,
    bytesSent: 0,
    stoppedBecause: 'time limit',
  };
  let gone = false;
  let goneAt = 0;
  const closed = new Promise<void>((resolve) =>
    socket.on('close', () => {
      gone = true;
      goneAt = performance.now();
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.write(
    `GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
  );

  let received = Buffer.alloc(0);
  let upgradedAt = 0;
  let closeFrameAt = 0;
  const upgraded = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (out.upgradeStatus === null) {
        const end = received.indexOf('\r\n\r\n');
        if (end < 0) return;
        out.upgradeStatus = Number(
          /^HTTP\/1\.1 (\d+)/.exec(received.subarray(0, end).toString('latin1'))?.[1],
        );
        upgradedAt = performance.now();
        received = received.subarray(end + 4);
        resolve();
      }
      if (out.closeCode === null) {
        out.closeCode = findCloseCode(received);
        if (out.closeCode !== null) {
          closeFrameAt = performance.now();
          out.closeFrameAfterMs = Math.round(closeFrameAt - upgradedAt);
        }
      }
      if (received.length > 1 << 20) received = Buffer.alloc(0); // only the first frames matter
    });
  });
  await Promise.race([upgraded, closed]);
  if (out.upgradeStatus !== 101) {
    socket.destroy();
    return out;
  }

  const frame = binaryFrame(opts.frameBytes);
  const deadline = performance.now() + opts.maxMs;
  let drained = true;
  socket.on('drain', () => (drained = true));
  while (!gone) {
    if (performance.now() > deadline) break;
    if (opts.stopWhen?.()) {
      out.stoppedBecause = 'stop condition';
      break;
    }
    if (drained) {
      drained = socket.write(frame);
      out.bytesSent += frame.length;
      continue;
    }
    // Wait for the server to read (or drop us), re-checking the deadline and stop condition.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([closed, new Promise((r) => (timer = setTimeout(r, 10)))]);
    clearTimeout(timer);
  }
  if (gone) {
    out.stoppedBecause = 'server dropped the connection';
    out.tcpGoneAfterMs = Math.round(goneAt - (closeFrameAt || upgradedAt));
  }
  socket.destroy();
  return out;
}
