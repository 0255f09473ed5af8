/** Access checks shared by the API routes: who may act on which board. */
import type { IncomingMessage } from 'node:http';
import type { Role } from '../../lib/access';
import { isBoardId } from '../../lib/ids';
import type { Auth, Access } from '../auth';
import type { BoardRecord, BoardStore } from '../storage/BoardStore';
import { HttpError } from '../http';
import type { OriginPolicy } from '../origin';

/** The request's board and role, once allowed. */
export interface BoardGrant {
  board: BoardRecord;
  access: Extract<Access, { ok: true }>;
}

/**
 * Looks up the board and the request's role on it. Unknown board: 404. No or bad credentials:
 * 401 (saying "revoked" when the link was). A role `allow` refuses: 403. Nothing about the board
 * is returned before access is granted.
 */
export async function requireBoardAccess(
  req: IncomingMessage,
  url: URL,
  ctx: { store: BoardStore; auth: Auth },
  boardId: string,
  allow: (role: Role, board: BoardRecord) => boolean = () => true,
): Promise<BoardGrant> {
  const board = isBoardId(boardId) ? await ctx.store.getBoard(boardId) : null;
  if (!board) throw new HttpError(404, 'board not found');
  const access = await ctx.auth.boardAccess(req, board.id, url.searchParams.get('token'));
  if (!access.ok) {
    throw new HttpError(
      401,
      access.reason === 'revoked' ? 'this link was revoked' : 'sign in or use a board link',
    );
  }
  if (!allow(access.role, board)) throw new HttpError(403, `not allowed for the ${access.role} role`);
  return { board, access };
}

/** Throws 401 unless the request carries an interviewer session. */
export async function requireInterviewer(req: IncomingMessage, auth: Auth): Promise<void> {
  if (!(await auth.isInterviewer(req))) throw new HttpError(401, 'interviewer sign-in required');
}

/**
 * Refuses state-changing requests sent from another origin (on top of SameSite=Lax cookies).
 * Requests without an Origin header (curl, server-side tools) are allowed.
 */
export function requireSameOrigin(req: IncomingMessage, origins: OriginPolicy): void {
  if (!origins.allowsRequestFrom(req)) throw new HttpError(403, 'cross-origin request refused');
}
