/**
 * Large answers (a board's log, the board at a moment, its summary, the export bundle, an uploaded
 * file) are held in this process's memory from when they are written until the client has taken
 * them: a client that stops reading holds its answer for as long as it keeps the connection open.
 * These answers are counted while they are held, per client address and in total, and a client
 * that takes one too slowly is disconnected (docs/architecture.md, "Authority").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './http';
import { log } from './log';

export interface HeldResponseLimits {
  /** Bytes of answers not yet taken, every client together; past it, 503 (one answer always fits). */
  maxBytes: number;
  /** Bytes of answers not yet taken by one client address; past it, 429 (one answer always fits). */
  maxBytesPerAddress: number;
  /** A client has this long plus the answer's size at `minBytesPerSecond` to take it, or is disconnected. */
  graceMs: number;
  minBytesPerSecond: number;
}

/** What a route answers: the body and how to describe it. */
export interface WholeAnswer {
  bytes: Uint8Array;
  type: string;
  headers?: Record<string, string>;
}

export class HeldResponses {
  private total = 0;
  private readonly byAddress = new Map<string, number>();

  constructor(
    private readonly limits: HeldResponseLimits,
    private readonly addressOf: (req: IncomingMessage) => string,
  ) {}

  /** Bytes held now, every client together. */
  get heldBytes(): number {
    return this.total;
  }

  /**
   * Produces the answer with `read` and sends it with status 200, counting it until the client has
   * taken it or the connection closed. Throws 429 when this address already holds its share (before
   * `read` runs, so a client waiting for its earlier answers costs no read), 503 when the server
   * holds its share; the route's error handler answers those.
   */
  async send(req: IncomingMessage, res: ServerResponse, read: () => Promise<WholeAnswer>): Promise<void> {
    const address = this.addressOf(req);
    const { maxBytes, maxBytesPerAddress, graceMs, minBytesPerSecond } = this.limits;
    const busyAddress = (): HttpError =>
      new HttpError(429, 'this address has not yet taken its earlier downloads; try again once they finish', {
        'retry-after': '5',
      });
    if ((this.byAddress.get(address) ?? 0) >= maxBytesPerAddress) throw busyAddress();

    // The client may leave while the answer is read: nothing is counted for it then.
    let gone = false;
    const leave = (): void => void (gone = true);
    res.once('close', leave);
    let answer: WholeAnswer;
    try {
      answer = await read();
    } finally {
      res.off('close', leave);
    }
    if (gone || res.destroyed) return;

    const size = answer.bytes.length;
    const mine = this.byAddress.get(address) ?? 0;
    if (mine > 0 && mine + size > maxBytesPerAddress) throw busyAddress();
    if (this.total > 0 && this.total + size > maxBytes) {
      throw new HttpError(503, 'the server is busy sending large answers: try again in a few seconds', {
        'retry-after': '5',
      });
    }
    this.total += size;
    this.byAddress.set(address, mine + size);
    const deadline = setTimeout(
      () => {
        log.warn('a client took too long to take an answer; disconnected', {
          path: (req.url ?? '').split('?')[0],
          bytes: size,
          address,
        });
        res.destroy();
      },
      graceMs + Math.ceil((size / minBytesPerSecond) * 1000),
    );
    deadline.unref();
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      clearTimeout(deadline);
      this.total -= size;
      const left = (this.byAddress.get(address) ?? size) - size;
      if (left > 0) this.byAddress.set(address, left);
      else this.byAddress.delete(address);
    };
    // 'finish': the last byte is with the operating system; 'close': the connection ended first.
    res.once('finish', release);
    res.once('close', release);
    res.writeHead(200, {
      'content-type': answer.type,
      'content-length': size,
      'cache-control': 'no-store',
      ...answer.headers,
    });
    res.end(answer.bytes);
  }
}
