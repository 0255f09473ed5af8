/** `/api/boards`: create, list, read and end boards, and manage their links. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import {
  CreateBoardRequest,
  toBoardMeta,
  type BoardList,
  type CreateBoardResponse,
  type LinkResponse,
} from '../../lib/api';
import { LINK_ROLES, linkPath, type LinkRole } from '../../lib/access';
import { createSeedUpdate } from '../../lib/board/seed';
import { newBoardLinks } from '../auth';
import { HttpError, readJson, sendJson } from '../http';
import { clientAddress } from '../origin';
import { log } from '../log';
import { requireBoardAccess, requireInterviewer } from './guard';
import type { ApiContext } from './context';

/** A new random board id: 128 bits, url-safe. */
export function newBoardId(): string {
  return randomBytes(16).toString('base64url');
}

/**
 * The origin links are built on: PUBLIC_URL, or the address the browser used when it is one of
 * this server's own (421 otherwise: a forged Host must not end up in a link).
 */
function linkOrigin(req: IncomingMessage, ctx: ApiContext): string {
  const origin = ctx.origins.originFor(req);
  if (!origin) {
    req.resume();
    throw new HttpError(421, 'this server does not answer for that host; set PUBLIC_URL');
  }
  return origin;
}

/** An absolute link for a role with its token. */
function linkUrl(origin: string, role: LinkRole, boardId: string, token: string): string {
  return `${origin}${linkPath(role, boardId)}?token=${token}`;
}

/** `POST /api/boards` (interviewers): 201 with the board's URL and its candidate and review links. */
export async function createBoard(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  await requireInterviewer(req, ctx.auth);
  const origin = linkOrigin(req, ctx);
  const wait = await ctx.createLimiter.take(clientAddress(req, ctx.trustedProxies));
  if (wait > 0) {
    req.resume();
    throw new HttpError(429, 'too many boards created; try again later', { 'retry-after': String(wait) });
  }
  const body = await readJson(req, CreateBoardRequest);
  const question = body.questionId ? await ctx.questions.get(body.questionId) : null;
  if (body.questionId && !question)
    throw new HttpError(400, `invalid body: questionId: no question "${body.questionId}"`);
  const id = newBoardId();
  const links = newBoardLinks();
  await ctx.store.createBoard(
    {
      id,
      // A title or prompt given with a question overrides the question's.
      title: body.title ?? question!.title,
      prompt: (body.prompt ?? question?.prompt ?? '').trim(),
      createdAt: Date.now(),
      questionId: question?.id ?? null,
      questionTitle: question?.title ?? null,
    },
    createSeedUpdate(),
    links.hashes,
  );
  log.info('board created', { board: id, question: question?.id });
  const response: CreateBoardResponse = {
    id,
    url: `${origin}/b/${id}`,
    candidateUrl: linkUrl(origin, 'candidate', id, links.tokens.candidate),
    reviewUrl: linkUrl(origin, 'reviewer', id, links.tokens.reviewer),
  };
  sendJson(res, 201, response, { location: `/api/boards/${id}` });
}

/** `GET /api/boards` (interviewers): every board, newest first. */
export async function listBoards(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  await requireInterviewer(req, ctx.auth);
  const now = Date.now();
  const boards = await ctx.store.listBoards();
  const body: BoardList = { boards: await ctx.summaries.summarizeAll(boards, now) };
  sendJson(res, 200, body);
}

/** `GET /api/boards/<id>` (any role on the board). */
export async function getBoard(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  id: string,
): Promise<void> {
  const { board } = await requireBoardAccess(req, url, ctx, id);
  sendJson(res, 200, toBoardMeta(board));
}

/** `POST /api/boards/<id>/end` (interviewer): the board becomes read-only for candidates. */
export async function endBoard(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  id: string,
): Promise<void> {
  await requireBoardAccess(req, url, ctx, id, (role) => role === 'interviewer');
  const ended = await ctx.store.endBoard(id, Date.now());
  if (!ended) throw new HttpError(404, 'board not found');
  await ctx.control.boardEnded(id, ended.endedAt ?? Date.now());
  log.info('board ended', { board: id });
  sendJson(res, 200, toBoardMeta(ended));
}

function parseLinkRole(raw: string | undefined): LinkRole {
  const role = LINK_ROLES.find((r) => r === raw);
  if (!role) throw new HttpError(404, 'links exist for "candidate" and "reviewer"');
  return role;
}

/** `POST /api/boards/<id>/links/<role>` (interviewer): a new link; the old one stops working at once. */
export async function regenerateLink(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  id: string,
  rawRole: string | undefined,
): Promise<void> {
  await requireBoardAccess(req, url, ctx, id, (role) => role === 'interviewer');
  const role = parseLinkRole(rawRole);
  const token = await ctx.auth.regenerateLink(id, role);
  ctx.control.linkRevoked(id, role);
  log.info('board link regenerated', { board: id, role });
  const body: LinkResponse = { url: linkUrl(linkOrigin(req, ctx), role, id, token) };
  sendJson(res, 200, body);
}

/** `DELETE /api/boards/<id>/links/<role>` (interviewer): revokes the link; open connections using it close. */
export async function revokeLink(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  id: string,
  rawRole: string | undefined,
): Promise<void> {
  await requireBoardAccess(req, url, ctx, id, (role) => role === 'interviewer');
  const role = parseLinkRole(rawRole);
  await ctx.auth.revokeLink(id, role);
  ctx.control.linkRevoked(id, role);
  log.info('board link revoked', { board: id, role });
  res.writeHead(204, { 'cache-control': 'no-store' });
  res.end();
}

/** `DELETE /api/boards/<id>` (interviewer): removes the board and every stored byte of it. */
export async function deleteBoard(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  id: string,
): Promise<void> {
  await requireBoardAccess(req, url, ctx, id, (role) => role === 'interviewer');
  await ctx.control.boardDeleted(id);
  await ctx.store.deleteBoard(id);
  // A connection admitted while the rows were being deleted read the board before they went and was
  // tracked after the first pass: close what is there once more (docs/architecture.md, "Authority").
  await ctx.control.boardDeleted(id);
  ctx.summaries.forget(id);
  log.info('board deleted', { board: id });
  res.writeHead(204, { 'cache-control': 'no-store' });
  res.end();
}
