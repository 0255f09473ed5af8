/**
 * Review endpoints (interviewer session or the board's review link): the update log for
 * replay, the board as of a moment, and the Markdown summary.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type * as Y from 'yjs';
import { encodeLog, type LogEntry } from '../../lib/history';
import { updateAt } from '../../lib/board/replay';
import { readNotes } from '../../lib/board/notes';
import { notesDocId } from '../../lib/protocol';
import { renderSummary } from '../../lib/summary';
import { fileNameFor } from '../../lib/fileName';
import { HttpError } from '../http';
import { loadDocument } from '../documents';
import { requireBoardAccess } from './guard';
import { toBoardMeta } from '../../lib/api';
import type { ApiContext } from './context';
import type { Role } from '../../lib/access';
import type { BoardRecord } from '../storage/BoardStore';

/** Who may read a board's record: the interviewer and the review link. */
export const reviewers = (role: string) => role === 'interviewer' || role === 'reviewer';

async function readEntries(ctx: ApiContext, boardId: string): Promise<LogEntry[]> {
  return (await ctx.store.readLog(boardId)).map((u) => ({
    at: u.at,
    step: u.step,
    actor: u.actor && { role: u.actor.role, name: u.actor.name },
    update: u.bytes,
  }));
}

export function sendBytes(
  res: ServerResponse,
  bytes: Uint8Array,
  type: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(200, {
    'content-type': type,
    'content-length': bytes.length,
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(bytes);
}

/**
 * `GET /api/boards/<id>/log[?from=<n> | ?since=<unix ms>]`: every update (or those after the first
 * n, or those stamped at or after a time) with its server time, step and actor (see
 * lib/history.ts), for replay and for following a live board. A review page follows by time, not
 * by position: live compaction rewrites older parts of the log, so positions move
 * (docs/architecture.md, "Storage").
 */
export async function getLog(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  id: string,
): Promise<void> {
  await requireBoardAccess(req, url, ctx, id, reviewers);
  const raw = url.searchParams.get('from');
  if (raw !== null && !/^\d{1,9}$/.test(raw)) throw new HttpError(400, 'from must be a log position');
  const since = url.searchParams.get('since');
  if (since !== null && !/^\d{1,16}$/.test(since)) {
    throw new HttpError(400, 'since must be a time in unix milliseconds');
  }
  const entries = await readEntries(ctx, id);
  const selected =
    since !== null ? entries.filter((e) => e.at >= Number(since)) : entries.slice(Number(raw ?? 0));
  sendBytes(res, encodeLog(selected), 'application/octet-stream');
}

/** `GET /api/boards/<id>/history?at=<unix ms>`: one Yjs update that rebuilds the board as of then. */
export async function getHistory(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  id: string,
): Promise<void> {
  await requireBoardAccess(req, url, ctx, id, reviewers);
  const raw = url.searchParams.get('at');
  const at = raw !== null && /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(at)) throw new HttpError(400, 'at must be a time in unix milliseconds');
  sendBytes(res, updateAt(await readEntries(ctx, id), at), 'application/octet-stream');
}

/**
 * The Markdown summary of a board as `role` may read it: the private notes only for interviewers.
 * `doc` is the board's document when the caller has loaded it already (it stays the caller's).
 */
export async function summaryFor(
  ctx: ApiContext,
  board: BoardRecord,
  role: Role,
  loaded?: Y.Doc,
): Promise<string> {
  const doc = loaded ?? (await loadDocument(ctx.store, board.id));
  let notes = null;
  if (role === 'interviewer') {
    const notesDoc = await loadDocument(ctx.store, notesDocId(board.id));
    notes = readNotes(notesDoc);
    notesDoc.destroy();
  }
  const text = renderSummary(toBoardMeta(board), doc, { now: Date.now(), notes });
  if (!loaded) doc.destroy();
  return text;
}

/** `GET /api/boards/<id>/summary.md`: the Markdown summary; the private notes only for interviewers. */
export async function getSummary(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  id: string,
): Promise<void> {
  const { board, access } = await requireBoardAccess(req, url, ctx, id, reviewers);
  const text = await summaryFor(ctx, board, access.role);
  const download: Record<string, string> = url.searchParams.has('download')
    ? { 'content-disposition': `attachment; filename="${fileNameFor(board.title)}.md"` }
    : {};
  sendBytes(res, new TextEncoder().encode(text), 'text/markdown; charset=utf-8', download);
}
