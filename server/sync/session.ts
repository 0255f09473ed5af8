/**
 * A client session: from an upgraded socket to a connection joined to its room. The socket stays
 * paused until then (nothing it sends is read, so nothing is buffered for a stranger); who it is
 * decides everything: unknown document 4404, cross-origin 4403, no or bad credentials 4401, a
 * role that may not open the document 4403, too many sockets 1013. Once joined, its frames go to
 * the room, or, for commands, to the board's policy.
 */
import type { InFlightBytes } from '../inFlight';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { CloseCode, SYNC_PATH_PREFIX, parseDocId } from '../../lib/protocol';
import { canEditBoard, canOpenNotes, type Role } from '../../lib/access';
import type { BoardStatus } from '../../lib/api';
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
  /** Output queued for clients that have not read it, per address and in all (shared with large HTTP answers). */
  inFlight: InFlightBytes;
  maxSocketsPerAddress: number;
  /** Counts one request from `address` (server/app.ts's per-address limit); 0: allowed, else seconds to wait. */
  takeRequest(address: string): number;
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

/**
 * Whether a connection admitted on what was read before it was tracked still would be: the board
 * still exists, with the status it has now, and the credential still grants the same role.
 */
async function stillAdmitted(
  req: IncomingMessage,
  url: URL,
  boardId: string,
  admitted: { role: Role; credential: string },
  deps: SessionDeps,
): Promise<{ refused: { code: number; reason: string } | null; status: BoardStatus }> {
  const [board, access] = await Promise.all([
    deps.store.getBoard(boardId),
    deps.auth.boardAccess(req, boardId, url.searchParams.get('token')),
  ]);
  if (!board) return { refused: { code: CloseCode.NotFound, reason: 'board deleted' }, status: 'ended' };
  if (access.ok && access.role === admitted.role && access.credential === admitted.credential) {
    return { refused: null, status: board.status };
  }
  // The link was revoked or replaced, or the session ended, since the first read.
  const reason = admitted.role === 'interviewer' ? 'signed out' : 'link revoked';
  return { refused: { code: CloseCode.Unauthorized, reason }, status: board.status };
}

/** Decides who the socket is and joins it to its room; null when refused (already closed). */
export async function admit(ws: WebSocket, req: IncomingMessage, deps: SessionDeps): Promise<Session | null> {
  const address = clientAddress(req, deps.trustedProxies);
  // Counted before anything is looked up: an address opening sockets in a loop costs the event
  // loop what requests do. Not logged, as a flood would flood the log.
  if (deps.takeRequest(address) > 0) {
    closeSocket(ws, CloseCode.TryAgainLater, 'too many requests from this address; try again later');
    ws.resume();
    return null;
  }
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
    deps.inFlight,
  );
  // Counted and reachable by the board's events from here on, before anything else is awaited:
  // a link revoked, the board ended or deleted while its room loads closes this connection (or
  // makes it read-only) as it does a joined one, and sockets opened at the same moment count
  // against the caps (docs/architecture.md, "Authority").
  deps.policy.track(ref.boardId, conn);
  let joined: Room | null = null;
  ws.on('close', () => {
    deps.policy.untrack(ref.boardId, conn);
    if (!joined) return;
    joined.remove(conn);
    deps.rooms.release(joined);
  });
  // What was read above may have changed before the connection was tracked: read it again.
  const [loaded, still] = await Promise.all([
    deps.rooms.acquire(docId).catch(() => null),
    stillAdmitted(req, url, ref.boardId, access, deps).catch(() => ({
      refused: { code: CloseCode.TryAgainLater, reason: 'could not check access' },
      status: 'ended' as const,
    })),
  ]);
  if (!loaded) return refuse(ws, CloseCode.TryAgainLater, 'document could not be loaded', { doc: docId });
  if (still.refused || ws.readyState !== ws.OPEN) {
    deps.rooms.release(loaded);
    if (!still.refused) return null; // closed while it loaded: by its client or by a board event
    return refuse(ws, still.refused.code, still.refused.reason, { doc: docId, role: access.role });
  }
  if (ref.kind === 'board' && !canEditBoard(access.role, still.status)) conn.canWrite = false;
  const room = loaded;
  joined = room;
  room.add(conn);

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
