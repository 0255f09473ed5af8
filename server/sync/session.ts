/**
 * A client session: from an upgraded socket to a connection joined to its room. The socket stays
 * paused until then (nothing it sends is read, so nothing is buffered for a stranger); who it is
 * decides everything: unknown document 4404, cross-origin 4403, no or bad credentials 4401, a
 * role that may not open the document 4403, too many sockets 1013. Once joined, its frames go to
 * the room, or, for commands, to the board's policy.
 */
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { CloseCode, SYNC_PATH_PREFIX, parseDocId } from '../../lib/protocol';
import { canEditBoard, canOpenNotes } from '../../lib/access';
import type { ClientMessage } from '../../lib/wire';
import type { Auth } from '../auth';
import type { BoardStore } from '../storage/BoardStore';
import type { Rooms } from '../rooms';
import { Refused, type Room } from '../room';
import { clientAddress, type OriginPolicy, type TrustedProxies } from '../origin';
import { Connection, closeSocket } from './connection';
import type { BoardPolicy } from './policy';
import { log } from '../log';

/** What admitting a socket needs. */
export interface SessionDeps {
  rooms: Rooms;
  store: BoardStore;
  auth: Auth;
  policy: BoardPolicy;
  origins: OriginPolicy;
  trustedProxies: TrustedProxies;
  maxBufferedBytes: number;
  maxSocketsPerAddress: number;
}

/** A socket joined to its room. */
export interface Session {
  /** Acts on one well-framed message; closes the connection on what it may not do. */
  receive(msg: ClientMessage): void;
  readonly conn: Connection;
}

function refuse(ws: WebSocket, code: number, reason: string, fields: Record<string, string>): null {
  log.warn('sync connection refused', { code, reason, ...fields });
  closeSocket(ws, code, reason);
  // Read again only to see the peer's close reply; whatever else it sends is capped and
  // dropped (endpoint.ts), and the TCP connection goes after the close grace period anyway.
  ws.resume();
  return null;
}

/** Decides who the socket is and joins it to its room; null when refused (already closed). */
export async function admit(ws: WebSocket, req: IncomingMessage, deps: SessionDeps): Promise<Session | null> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let docId = '';
  try {
    docId = decodeURIComponent(url.pathname.slice(SYNC_PATH_PREFIX.length));
  } catch {
    // a bad escape names no document
  }
  const ref = parseDocId(docId);
  if (!ref) return refuse(ws, CloseCode.NotFound, 'unknown document', { doc: docId.slice(0, 64) });
  if (!deps.origins.allowsRequestFrom(req)) {
    return refuse(ws, CloseCode.Forbidden, 'cross-origin connection refused', { doc: docId });
  }
  const board = await deps.store.getBoard(ref.boardId);
  if (!board) return refuse(ws, CloseCode.NotFound, 'unknown document', { doc: docId });
  const access = await deps.auth.boardAccess(req, ref.boardId, url.searchParams.get('token'));
  if (!access.ok) {
    const reason = access.reason === 'revoked' ? 'link revoked' : 'sign in or use a board link';
    return refuse(ws, CloseCode.Unauthorized, reason, { doc: docId });
  }
  if (ref.kind === 'notes' && !canOpenNotes(access.role)) {
    return refuse(ws, CloseCode.Forbidden, 'interviewers only', { doc: docId, role: access.role });
  }
  const address = clientAddress(req, deps.trustedProxies);
  const cap = deps.policy.capReached(
    ref.boardId,
    docId,
    access.credential,
    address,
    deps.maxSocketsPerAddress,
  );
  if (cap) return refuse(ws, CloseCode.TryAgainLater, cap, { doc: docId, role: access.role });

  const writable = ref.kind === 'notes' || canEditBoard(access.role, board.status);
  const conn = new Connection(
    ws,
    { role: access.role, credential: access.credential, address },
    docId,
    writable,
    deps.maxBufferedBytes,
  );
  let room: Room;
  try {
    room = await deps.rooms.acquire(docId);
  } catch {
    return refuse(ws, CloseCode.TryAgainLater, 'document could not be loaded', { doc: docId });
  }
  if (ws.readyState !== ws.OPEN) {
    deps.rooms.release(room);
    return null;
  }
  deps.policy.track(ref.boardId, conn);
  room.add(conn);
  ws.on('close', () => {
    deps.policy.untrack(ref.boardId, conn);
    room.remove(conn);
    deps.rooms.release(room);
  });

  return {
    conn,
    receive(msg) {
      try {
        if (msg.kind === 'command') deps.policy.command(room, conn, msg.command);
        else {
          room.handle(conn, msg);
          if (msg.kind === 'awareness') deps.policy.recordCandidateName(ref.boardId, conn);
        }
      } catch (err) {
        if (err instanceof Refused) {
          log.warn('sync message refused', {
            conn: conn.id,
            doc: docId,
            code: err.code,
            reason: err.message,
          });
          conn.close(err.code, err.message);
        } else {
          log.error('sync handler failed', { conn: conn.id, doc: docId, err: String(err) });
          conn.close(CloseCode.TryAgainLater, 'internal error');
        }
      }
    },
  };
}
