/**
 * Large answers (a board's log, the board at a moment, its summary, the export bundle, an uploaded
 * file) are held in this process's memory from when they are written until the client has taken
 * them: a client that stops reading holds its answer for as long as it keeps the connection open.
 * These answers are counted while they are held, per client address and in total (inFlight.ts,
 * with what sync sockets have not yet written), and a client that takes one too slowly is
 * disconnected (docs/architecture.md, "Authority").
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './http';
import { log } from './log';
import type { InFlightBytes, InFlightLimits } from './inFlight';

export interface HeldResponseLimits extends InFlightLimits {
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
  constructor(
    private readonly inFlight: InFlightBytes,
    private readonly deadline: Pick<HeldResponseLimits, 'graceMs' | 'minBytesPerSecond'>,
    private readonly addressOf: (req: IncomingMessage) => string,
  ) {}

  /**
   * Produces the answer with `read` and sends it with status 200, counting it until the client has
   * taken it or the connection closed. Throws 429 when this address already holds its share (before
   * `read` runs, so a client waiting for its earlier answers costs no read), 503 when the server
   * holds its share; the route's error handler answers those.
   */
  async send(req: IncomingMessage, res: ServerResponse, read: () => Promise<WholeAnswer>): Promise<void> {
    const address = this.addressOf(req);
    const busyAddress = (): HttpError =>
      new HttpError(429, 'this address has not yet taken its earlier downloads; try again once they finish', {
        'retry-after': '5',
      });
    if (this.inFlight.isFull(address)) throw busyAddress();

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
    const hold = this.inFlight.take(address, size);
    if (hold === 'address') throw busyAddress();
    if (hold === 'server') {
      throw new HttpError(503, 'the server is busy sending large answers: try again in a few seconds', {
        'retry-after': '5',
      });
    }
    const { graceMs, minBytesPerSecond } = this.deadline;
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
    const release = (): void => {
      clearTimeout(deadline);
      hold.release();
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
