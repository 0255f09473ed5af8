/**
 * The `/sync/<docId>` WebSocket endpoint: accepts the upgrade, checks the document exists,
 * joins the connection to its room, and validates every frame before the room sees it.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode, SYNC_PATH_PREFIX, parseDocId } from '../lib/protocol';
import { MAX_MESSAGE_BYTES } from '../lib/limits';
import { decodeClientFrame } from '../lib/wire';
import { Connection } from './connection';
import { MalformedMessageError, type Room } from './room';
import type { Rooms } from './rooms';
import type { BoardStore } from './storage/BoardStore';
import { log } from './log';

/** What the sync endpoint needs. */
export interface SyncDeps {
  rooms: Rooms;
  store: BoardStore;
  pingIntervalMs: number;
  maxBufferedBytes: number;
}

/** The sync endpoint. */
export interface SyncEndpoint {
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every socket with `code` and stops the ping loop. */
  close(code: number, reason: string): void;
  /** Number of open sockets. */
  readonly connectionCount: number;
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

  function reject(ws: WebSocket, code: number, reason: string, fields: Record<string, string>): void {
    log.warn('sync connection refused', { code, reason, ...fields });
    ws.close(code, reason);
  }

  function onFrame(room: Room, conn: Connection, data: RawData, isBinary: boolean): void {
    if (!isBinary) {
      log.warn('sync text frame', { conn: conn.id, doc: room.docId });
      conn.close(CloseCode.Malformed, 'text frames are not accepted');
      return;
    }
    const decoded = decodeClientFrame(toBytes(data));
    if (!decoded.ok) {
      log.warn('sync malformed frame', { conn: conn.id, doc: room.docId, reason: decoded.reason });
      conn.close(CloseCode.Malformed, decoded.reason);
      return;
    }
    try {
      room.handle(conn, decoded.message);
    } catch (err) {
      if (err instanceof MalformedMessageError) {
        log.warn('sync malformed frame', { conn: conn.id, doc: room.docId, reason: err.message });
        conn.close(CloseCode.Malformed, err.message);
      } else {
        log.error('sync handler failed', { conn: conn.id, doc: room.docId, err: String(err) });
        conn.close(CloseCode.TryAgainLater, 'internal error');
      }
    }
  }

  async function accept(ws: WebSocket, req: IncomingMessage): Promise<void> {
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    const path = (req.url ?? '').split('?')[0]!;
    let docId: string;
    try {
      docId = decodeURIComponent(path.slice(SYNC_PATH_PREFIX.length));
    } catch {
      docId = '';
    }
    const conn = new Connection(ws, true, deps.maxBufferedBytes);
    // Frames that arrive while the document loads wait here, rate-limited like any others.
    const early: Array<[RawData, boolean]> = [];
    let room: Room | null = null;
    ws.on('error', (err) => log.warn('sync socket error', { conn: conn.id, err: err.message }));
    ws.on('message', (data, isBinary) => {
      alive.set(ws, true);
      if (!conn.takeToken()) {
        log.warn('sync rate limit', { conn: conn.id, doc: docId });
        conn.close(CloseCode.TryAgainLater, 'message rate limit exceeded');
        return;
      }
      if (room) onFrame(room, conn, data, isBinary);
      else early.push([data, isBinary]);
    });

    const ref = parseDocId(docId);
    if (!ref) return reject(ws, CloseCode.NotFound, 'unknown document', { doc: docId.slice(0, 64) });
    const board = await deps.store.getBoard(ref.boardId);
    if (!board) return reject(ws, CloseCode.NotFound, 'unknown document', { doc: docId });

    let joined: Room;
    try {
      joined = await deps.rooms.acquire(docId);
    } catch {
      return reject(ws, CloseCode.TryAgainLater, 'document could not be loaded', { doc: docId });
    }
    if (!conn.isOpen) {
      deps.rooms.release(joined);
      return;
    }
    room = joined;
    joined.add(conn);
    ws.on('close', () => {
      joined.remove(conn);
      deps.rooms.release(joined);
    });
    for (const [data, isBinary] of early.splice(0)) {
      if (!conn.isOpen) break;
      onFrame(joined, conn, data, isBinary);
    }
  }

  return {
    handleUpgrade(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => {
        accept(ws, req).catch((err: unknown) => {
          log.error('sync accept failed', { err: String(err) });
          ws.close(CloseCode.TryAgainLater, 'internal error');
        });
      });
    },
    close(code, reason) {
      clearInterval(pingTimer);
      for (const ws of wss.clients) ws.close(code, reason);
      wss.close();
    },
    get connectionCount() {
      return wss.clients.size;
    },
  };
}
