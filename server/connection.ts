/**
 * One client WebSocket: its permissions, rate limit, awareness client ids, and a send that
 * refuses to buffer without bound (a client that stops reading is closed, not fed).
 */
import type { WebSocket } from 'ws';
import { CloseCode } from '../lib/protocol';
import { MAX_MESSAGES_PER_SECOND, MESSAGE_BURST } from '../lib/limits';
import type { Role } from '../lib/access';
import { log } from './log';

/** Grace period between a close frame and dropping the TCP connection. */
const CLOSE_GRACE_MS = 1_000;

let nextConnectionId = 1;

/** A connected sync client. */
export class Connection {
  /** Process-unique id, for logs. */
  readonly id = nextConnectionId++;
  /** Awareness client ids this connection has announced (removed when it leaves). */
  readonly clientIds = new Set<number>();
  /** Last time a pong (or any message) arrived; used by the ping loop. */
  alive = true;
  private tokens = MESSAGE_BURST;
  private lastRefillMs = Date.now();
  private closing = false;

  constructor(
    readonly ws: WebSocket,
    /** The role decided at the upgrade. */
    readonly role: Role,
    /**
     * Whether document updates from this connection are applied; read-only connections keep
     * reading (and sending presence) but their updates are dropped. Turns false when the
     * interviewer ends the interview.
     */
    public canWrite: boolean,
    private readonly maxBufferedBytes: number,
  ) {}

  /** True while frames can be sent. */
  get isOpen(): boolean {
    return !this.closing && this.ws.readyState === this.ws.OPEN;
  }

  /** Sends a frame; closes the connection instead when it already has too much unsent data. */
  send(frame: Uint8Array): void {
    if (!this.isOpen) return;
    if (this.ws.bufferedAmount > this.maxBufferedBytes) {
      log.warn('slow consumer closed', { conn: this.id, buffered: this.ws.bufferedAmount });
      this.close(CloseCode.TryAgainLater, 'slow consumer: too much unsent data');
      return;
    }
    this.ws.send(frame);
  }

  /** Takes one message from the rate-limit bucket; false when the client is over its rate. */
  takeToken(nowMs = Date.now()): boolean {
    const elapsed = nowMs - this.lastRefillMs;
    if (elapsed > 0) {
      this.tokens = Math.min(MESSAGE_BURST, this.tokens + (elapsed * MAX_MESSAGES_PER_SECOND) / 1000);
      this.lastRefillMs = nowMs;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Closes with a code and reason, then drops the socket if the peer does not answer. */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    try {
      this.ws.close(code, reason);
    } catch {
      this.ws.terminate();
      return;
    }
    const timer = setTimeout(() => this.ws.terminate(), CLOSE_GRACE_MS);
    timer.unref();
    this.ws.once('close', () => clearTimeout(timer));
  }
}
