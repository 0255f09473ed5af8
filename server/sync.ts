/**
 * The `/sync/<docId>` WebSocket endpoint: accepts the upgrade, checks the document exists,
 * joins the connection to its room, and validates every frame before the room sees it.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { CloseCode, SYNC_PATH_PREFIX, notesDocId, parseDocId } from '../lib/protocol';
import { MAX_DISPLAY_NAME_CHARS, MAX_MESSAGE_BYTES } from '../lib/limits';
import { decodeClientFrame } from '../lib/wire';
import { Connection } from './connection';
import { MalformedMessageError, type Room } from './room';
import type { Rooms } from './rooms';
import type { BoardStore } from './storage/BoardStore';
import { log } from './log';
import { canEditBoard, canOpenNotes } from '../lib/access';
import { writeBoardEnded } from '../lib/board/schema';
import type { Auth } from './auth';
import type { BoardControl } from './api';
import { originOf } from './http';

/** Most frames a client may send before its room is ready. */
const MAX_EARLY_FRAMES = 256;

/** What the sync endpoint needs. */
export interface SyncDeps {
  rooms: Rooms;
  store: BoardStore;
  auth: Auth;
  publicUrl: string | null;
  pingIntervalMs: number;
  maxBufferedBytes: number;
}

/** The sync endpoint; it also applies board changes (end, revoked links) to open connections. */
export interface SyncEndpoint extends BoardControl {
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
  const byBoard = new Map<string, Set<Connection>>();
  const candidateNames = new WeakMap<Connection, string>();

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
      if (decoded.message.kind === 'awareness' && conn.role === 'candidate') recordCandidateName(room, conn);
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
    ws.on('error', (err) => log.warn('sync socket error', { err: err.message }));
    const url = new URL(req.url ?? '/', 'http://localhost');
    let docId: string;
    try {
      docId = decodeURIComponent(url.pathname.slice(SYNC_PATH_PREFIX.length));
    } catch {
      docId = '';
    }
    // Frames that arrive before the room is ready wait here (bounded); nothing is answered yet.
    let conn: Connection | null = null;
    let room: Room | null = null;
    const early: Array<[RawData, boolean]> = [];
    ws.on('message', (data, isBinary) => {
      alive.set(ws, true);
      if (conn && !conn.takeToken()) {
        log.warn('sync rate limit', { conn: conn.id, doc: docId });
        conn.close(CloseCode.TryAgainLater, 'message rate limit exceeded');
        return;
      }
      if (room && conn) onFrame(room, conn, data, isBinary);
      else if (early.push([data, isBinary]) > MAX_EARLY_FRAMES)
        ws.close(CloseCode.TryAgainLater, 'too many messages before sync');
    });

    const ref = parseDocId(docId);
    if (!ref) return reject(ws, CloseCode.NotFound, 'unknown document', { doc: docId.slice(0, 64) });
    if (!sameOrigin(req))
      return reject(ws, CloseCode.Forbidden, 'cross-origin connection refused', { doc: docId });
    const board = await deps.store.getBoard(ref.boardId);
    if (!board) return reject(ws, CloseCode.NotFound, 'unknown document', { doc: docId });
    const access = await deps.auth.boardAccess(req, ref.boardId, url.searchParams.get('token'));
    if (!access.ok) {
      const reason = access.reason === 'revoked' ? 'link revoked' : 'sign in or use a board link';
      return reject(ws, CloseCode.Unauthorized, reason, { doc: docId });
    }
    if (ref.kind === 'notes' && !canOpenNotes(access.role)) {
      return reject(ws, CloseCode.Forbidden, 'interviewers only', { doc: docId, role: access.role });
    }
    const writable = ref.kind === 'notes' || canEditBoard(access.role, board.status);
    const connection = new Connection(ws, access.role, writable, deps.maxBufferedBytes);

    let joined: Room;
    try {
      joined = await deps.rooms.acquire(docId);
    } catch {
      return reject(ws, CloseCode.TryAgainLater, 'document could not be loaded', { doc: docId });
    }
    if (ws.readyState !== ws.OPEN) {
      deps.rooms.release(joined);
      return;
    }
    conn = connection;
    room = joined;
    track(ref.boardId, connection);
    joined.add(connection);
    ws.on('close', () => {
      untrack(ref.boardId, connection);
      joined.remove(connection);
      deps.rooms.release(joined);
    });
    for (const [data, isBinary] of early.splice(0)) {
      if (!connection.isOpen) break;
      if (!connection.takeToken()) {
        connection.close(CloseCode.TryAgainLater, 'message rate limit exceeded');
        break;
      }
      onFrame(joined, connection, data, isBinary);
    }
  }

  /** Keeps the candidate's display name (from their presence) for the dashboard and summary. */
  function recordCandidateName(room: Room, conn: Connection): void {
    const ref = parseDocId(room.docId);
    if (!ref || ref.kind !== 'board') return;
    for (const id of conn.clientIds) {
      const user = (room.awareness.getStates().get(id) as { user?: { name?: unknown } } | undefined)?.user;
      const name = typeof user?.name === 'string' ? user.name.trim().slice(0, MAX_DISPLAY_NAME_CHARS) : '';
      if (!name || candidateNames.get(conn) === name) continue;
      candidateNames.set(conn, name);
      deps.store
        .setCandidateName(ref.boardId, name)
        .catch((err: unknown) =>
          log.error('storing the candidate name failed', { board: ref.boardId, err: String(err) }),
        );
    }
  }

  function sameOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin) return true; // not a browser: credentials decide
    return origin === originOf(req, deps.publicUrl);
  }

  function track(boardId: string, conn: Connection): void {
    let set = byBoard.get(boardId);
    if (!set) byBoard.set(boardId, (set = new Set()));
    set.add(conn);
  }

  function untrack(boardId: string, conn: Connection): void {
    const set = byBoard.get(boardId);
    set?.delete(conn);
    if (set?.size === 0) byBoard.delete(boardId);
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
    async boardEnded(boardId, endedAt) {
      for (const conn of byBoard.get(boardId) ?? []) {
        if (conn.role === 'candidate') conn.canWrite = false;
      }
      await deps.rooms.withRoom(boardId, (room) =>
        room.applyServerChange((doc) => writeBoardEnded(doc, endedAt)),
      );
    },
    async boardDeleted(boardId) {
      for (const conn of [...(byBoard.get(boardId) ?? [])]) conn.close(CloseCode.NotFound, 'board deleted');
      await deps.rooms.discard(boardId);
      await deps.rooms.discard(notesDocId(boardId));
    },
    linkRevoked(boardId, role) {
      for (const conn of [...(byBoard.get(boardId) ?? [])]) {
        if (conn.role === role) conn.close(CloseCode.Unauthorized, 'link revoked');
      }
    },
  };
}
