/**
 * The socket layer of `/sync/<docId>`: accepts the upgrade, keeps the socket paused until its
 * session is admitted (session.ts), keeps connections alive with pings, and turns every frame
 * into a validated message (lib/wire.ts) within the connection's rate before the session sees
 * it. Malformed: 4400; over the rate: 1013; larger than the frame limit: 1009 (by `ws` itself).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode } from '../../lib/protocol';
import { MAX_MESSAGE_BYTES } from '../../lib/limits';
import { decodeClientFrame } from '../../lib/wire';
import { admit, type Session, type SessionDeps } from './session';
import { closeSocket, COUNTED_IN_FLIGHT_BYTES } from './connection';
import { clientAddress } from '../origin';
import type { InFlightHold } from '../inFlight';
import type { BoardControl } from './policy';
import { log } from '../log';

/** Bytes a socket may send before it is admitted (it is paused, so normally none arrive). */
const MAX_EARLY_BYTES = 1024 * 1024;

/** What the sync endpoint needs. */
export interface SyncDeps extends SessionDeps {
  pingIntervalMs: number;
}

/** The sync endpoint. */
export interface SyncEndpoint {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every socket with `code` and stops the ping loop. */
  close(code: number, reason: string): void;
  /** Number of open sockets. */
  readonly connectionCount: number;
  /** What board changes do to open connections. */
  readonly control: BoardControl;
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** Creates the sync endpoint. */
export function createSyncEndpoint(deps: SyncDeps): SyncEndpoint {
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    perMessageDeflate: false,
  });
  const alive = new WeakMap<WebSocket, boolean>();

  const pingTimer = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, deps.pingIntervalMs);
  pingTimer.unref();

  function frame(session: Session, data: RawData, isBinary: boolean): void {
    const { conn } = session;
    if (!conn.isOpen) return;
    if (!conn.takeToken()) {
      log.warn('sync rate limit', { conn: conn.id, doc: conn.docId });
      return conn.close(CloseCode.TryAgainLater, 'message rate limit exceeded');
    }
    if (!isBinary) {
      log.warn('sync text frame', { conn: conn.id, doc: conn.docId });
      return conn.close(CloseCode.Malformed, 'text frames are not accepted');
    }
    const decoded = decodeClientFrame(toBytes(data));
    if (!decoded.ok) {
      log.warn('sync malformed frame', { conn: conn.id, doc: conn.docId, reason: decoded.reason });
      return conn.close(CloseCode.Malformed, decoded.reason);
    }
    session.receive(decoded.message);
  }

  /**
   * A message still arriving counts against the address's and the server's bytes in flight once
   * COUNTED_IN_FLIGHT_BYTES of it have arrived (`ws` keeps every fragment until the last, up to the
   * frame limit, and a client can send the fragments slowly and answer pings between them); past
   * its share the socket is closed with 1013 (docs/architecture.md, "Authority"). Only a whole
   * message ends the count: control frames (pings, pongs) may come between fragments. Listens
   * after `ws`: a chunk that completed a message leaves nothing counted (what follows it in the
   * chunk, a few KiB at most, is counted from the next chunk on).
   */
  function countArriving(ws: WebSocket, socket: Duplex, address: string): void {
    let arriving = 0;
    let completed = false;
    let hold: InFlightHold | null = null;
    let refused = false;
    ws.on('message', () => (completed = true));
    socket.on('data', (chunk: Buffer) => {
      if (refused) return;
      arriving = completed ? 0 : arriving + chunk.length;
      completed = false;
      if (arriving < COUNTED_IN_FLIGHT_BYTES) {
        hold?.release();
        hold = null;
        return;
      }
      if (hold) return hold.resize(arriving);
      const taken = deps.inFlight.take(address, arriving);
      if (taken === 'address' || taken === 'server') {
        refused = true;
        log.warn('too much of a message in flight; connection closed', { arriving, full: taken });
        return closeSocket(
          ws,
          CloseCode.TryAgainLater,
          taken === 'address'
            ? 'too much data in flight from this address; try again later'
            : 'the server has too much data in flight; try again later',
        );
      }
      hold = taken;
    });
    ws.once('close', () => hold?.release());
  }

  function accept(ws: WebSocket, req: IncomingMessage, socket: Duplex): void {
    countArriving(ws, socket, clientAddress(req, deps.trustedProxies));
    ws.pause(); // nothing is read before the socket is admitted
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('error', (err) => log.warn('sync socket error', { err: err.message }));
    let session: Session | null = null;
    const early: Array<[RawData, boolean]> = [];
    let earlyBytes = 0;
    ws.on('message', (data, isBinary) => {
      alive.set(ws, true);
      if (session) return frame(session, data, isBinary);
      earlyBytes += toBytes(data).length;
      if (earlyBytes > MAX_EARLY_BYTES) return ws.terminate();
      early.push([data, isBinary]);
    });
    admit(ws, req, deps).then(
      (admitted) => {
        if (!admitted) return;
        session = admitted;
        for (const [data, isBinary] of early.splice(0)) frame(admitted, data, isBinary);
        ws.resume();
      },
      (err: unknown) => {
        log.error('sync accept failed', { err: String(err) });
        closeSocket(ws, CloseCode.TryAgainLater, 'internal error');
      },
    );
  }

  return {
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => accept(ws, req, socket));
    },
    close(code, reason) {
      clearInterval(pingTimer);
      for (const ws of wss.clients) ws.close(code, reason);
      wss.close();
    },
    get connectionCount() {
      return wss.clients.size;
    },
    control: deps.policy,
  };
}
