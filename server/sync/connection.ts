/**
 * One client WebSocket once it is admitted: who it is (role, credentials, the name it
 * announced), what it may do, its rate limit, and a send that refuses to buffer without bound
 * (a client that stops reading is closed, not fed).
 */
import type { WebSocket } from 'ws';
import { CloseCode } from '../../lib/protocol';
import { MAX_MESSAGES_PER_SECOND, MESSAGE_BURST } from '../../lib/limits';
import type { Role } from '../../lib/access';
import type { PresenceUser } from '../../lib/board/presence';
import { log, type LogFields } from '../log';
import type { InFlightBytes, InFlightHold } from '../inFlight';

/** How long a closed socket may keep its TCP connection before it is dropped. */
export const CLOSE_GRACE_MS = 1_000;

/**
 * From this much output queued and not yet written, a connection's queue counts against its
 * address's and the server's bytes in flight (inFlight.ts), until it drains below it again; so
 * does a message still arriving once that much of it has (endpoint.ts).
 */
export const COUNTED_IN_FLIGHT_BYTES = 1024 * 1024;
/** How often a counted queue is looked at again (it shrinks as the client reads). */
const UNSENT_CHECK_MS = 250;

/** Dropped frames logged per connection; the rest are only counted (one line per connection). */
const LOGGED_DROPS = 1;

let nextConnectionId = 1;

/** A WebSocket close reason is at most 123 bytes of UTF-8. */
const MAX_CLOSE_REASON_BYTES = 123;

/** `reason` cut to what a close frame can carry (whole characters only). */
export function closeReason(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out) > MAX_CLOSE_REASON_BYTES) out = out.slice(0, -1);
  return out;
}

/** Closes `ws` with a code and reason, and drops the TCP connection if the peer does not answer. */
export function closeSocket(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === ws.CLOSED) return;
  try {
    ws.close(code, closeReason(reason));
  } catch {
    ws.terminate();
    return;
  }
  const timer = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
  timer.unref();
  ws.once('close', () => clearTimeout(timer));
}

/** Who a connection is, as the server knows it. */
export interface ConnectionIdentity {
  role: Role;
  /** Hash of the credential it came with (a link token or a session), for caps and sign-out. */
  credential: string;
  /** The client address (behind a trusted proxy: the forwarded one). */
  address: string;
}

/** A connected sync client. */
export class Connection {
  /** Process-unique id, for logs. */
  readonly id = nextConnectionId++;
  /** Awareness client ids this connection has announced in its room. */
  readonly clientIds = new Set<number>();
  /** The person it announced in its presence (name and colour), once it did. */
  user: PresenceUser | null = null;
  /** When this connection last got a full sync answer (sync step 2), ms. */
  lastFullSyncAt = -Infinity;
  private tokens = MESSAGE_BURST;
  private lastRefillMs = Date.now();
  private closing = false;
  private dropped = 0;
  private outgoingHold: InFlightHold | null = null;
  /**
   * Bytes of the sync answer this connection asked for that may be unsent on top of
   * maxBufferedBytes without making it a slow consumer; 0 once its queue has drained below
   * maxBufferedBytes.
   */
  private answerAllowance = 0;

  constructor(
    readonly ws: WebSocket,
    readonly identity: ConnectionIdentity,
    /** The document it is joined to. */
    readonly docId: string,
    /**
     * Whether document updates from this connection are applied; read-only connections keep
     * reading (and sending presence) but their updates are dropped. Turns false when the
     * interviewer ends the interview.
     */
    public canWrite: boolean,
    private readonly maxBufferedBytes: number,
    /** Where a large queue is counted (null: not counted; tests and benchmarks of one room). */
    private readonly inFlight: InFlightBytes | null = null,
  ) {}

  /** The connection's role. */
  get role(): Role {
    return this.identity.role;
  }

  /** The person behind the connection for the record: server-known role, announced name. */
  get actor(): { id: string; name: string; role: Role } {
    return { id: this.user?.id ?? this.role, name: this.user?.name ?? this.role, role: this.role };
  }

  /** True while frames can be sent. */
  get isOpen(): boolean {
    return !this.closing && this.ws.readyState === this.ws.OPEN;
  }

  /**
   * True when more output would be too much: the next send closes the connection. The sync answer
   * it asked for does not count (it is held against the address and the server instead,
   * `countUnsent`): a client still reading a board larger than maxBufferedBytes was closed by the
   * first presence relayed to it meanwhile, and again after every reconnect (docs/architecture.md,
   * "Authority").
   */
  get isBacklogged(): boolean {
    const buffered = this.ws.bufferedAmount;
    if (this.answerAllowance > 0 && buffered <= this.maxBufferedBytes) this.answerAllowance = 0;
    return buffered > this.maxBufferedBytes + this.answerAllowance;
  }

  /**
   * True when it has more than maxBufferedBytes unsent, a sync answer included: it is not reading
   * what it already has, so it is not given another whole document.
   */
  get isBehind(): boolean {
    return this.ws.bufferedAmount > this.maxBufferedBytes;
  }

  /**
   * Sends the sync answer the client asked for: until its queue drains below maxBufferedBytes, up
   * to that much more may wait on top of what it leaves unsent (`isBacklogged`).
   */
  sendAnswer(frame: Uint8Array): void {
    const caughtUp = !this.isBehind;
    this.send(frame);
    if (caughtUp && this.isBehind && this.isOpen) this.answerAllowance = this.ws.bufferedAmount;
  }

  /** Sends a frame; closes the connection instead when it already has too much unsent data. */
  send(frame: Uint8Array): void {
    if (!this.isOpen) return;
    if (this.isBacklogged) {
      log.warn('slow consumer closed', { conn: this.id, buffered: this.ws.bufferedAmount });
      this.close(CloseCode.TryAgainLater, 'slow consumer: too much unsent data');
      return;
    }
    if (!this.countUnsent(frame.length)) return;
    this.ws.send(frame);
    this.outgoingHold?.resize(this.ws.bufferedAmount);
  }

  /**
   * A frame that would leave COUNTED_IN_FLIGHT_BYTES or more queued (a whole document for a client
   * that does not read it, a relay it fell behind on) is held against the address and the server
   * until the queue drains below that; when it does not fit there, it is not sent and the
   * connection is closed (1013) with nothing queued before the close (docs/architecture.md,
   * "Authority"). False when the frame must not be sent.
   */
  private countUnsent(frameBytes: number): boolean {
    const queued = this.ws.bufferedAmount + frameBytes;
    if (this.outgoingHold || !this.inFlight || queued < COUNTED_IN_FLIGHT_BYTES) return true;
    const hold = this.inFlight.take(this.identity.address, queued);
    if (hold === 'address' || hold === 'server') {
      log.warn('too much unsent data; connection closed', {
        conn: this.id,
        doc: this.docId,
        queued,
        full: hold,
      });
      this.close(
        CloseCode.TryAgainLater,
        hold === 'address'
          ? 'too much unsent data for this address; try again later'
          : 'the server has too much unsent data; try again later',
      );
      return false;
    }
    this.outgoingHold = hold;
    const check = (): void => {
      const left = this.ws.readyState === this.ws.CLOSED ? 0 : this.ws.bufferedAmount;
      if (left >= COUNTED_IN_FLIGHT_BYTES) return hold.resize(left);
      clearInterval(timer);
      this.ws.off('close', check);
      hold.release();
      if (this.outgoingHold === hold) this.outgoingHold = null;
    };
    const timer = setInterval(check, UNSENT_CHECK_MS);
    timer.unref();
    this.ws.on('close', check);
    return true;
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

  /** Notes a frame dropped on purpose (a read-only writer); logs only the first per connection. */
  noteDropped(what: string, fields: LogFields = {}): void {
    if (this.dropped++ < LOGGED_DROPS) {
      log.info(`${what} dropped (further ones on this connection are not logged)`, {
        conn: this.id,
        ...fields,
      });
    }
  }

  /** Closes with a code and reason, then drops the socket if the peer does not answer. */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    closeSocket(this.ws, code, reason);
  }
}
