/**
 * Review endpoints (interviewer session or the board's review link): the update log for
 * replay, the board as of a moment, and the Markdown summary.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FOLLOW_ENTRIES_MAX, LOG_THROUGH_HEADER } from '../../lib/history';
import { fileNameFor } from '../../lib/fileName';
import { HttpError } from '../http';
import { readBoard, type BoardReading } from '../documents';
import { requireBoardAccess } from './guard';
import { toBoardMeta } from '../../lib/api';
import type { ApiContext } from './context';
import type { Role } from '../../lib/access';
import type { BoardRecord } from '../storage/BoardStore';

/** Who may read a board's record: the interviewer and the review link. */
export const reviewers = (role: string) => role === 'interviewer' || role === 'reviewer';

/**
 * A read of the board's whole record (the log, a moment rebuilt from it, the summary) by whoever
 * `access` is: each one reads and decodes the log, so one credential may make
 * `reviewReadsPerMinute` of them per board (docs/architecture.md, "Authority"). 429 beyond.
 */
async function takeRecordRead(
  ctx: ApiContext,
  boardId: string,
  access: { credential: string },
): Promise<void> {
  const wait = await ctx.reviewReadLimiter.take(`${boardId}:${access.credential}`);
  if (wait > 0) {
    throw new HttpError(429, "too many reads of this board's record; try again later", {
      'retry-after': String(wait),
    });
  }
}

/**
 * `GET /api/boards/<id>/log[?from=<n> | ?after=<seq>]`: every update (or those after the first n,
 * or those stored after log position `seq`) with its server time, step and actor (see
 * lib/history.ts), for replay and for following a live board. The `x-log-through` header names
 * the last position the response covers; a review page following a live board asks for what
 * came after it, which the store reads by its index, at most FOLLOW_ENTRIES_MAX entries at a
 * time, so a poll costs what it returns (docs/architecture.md, "Review replay").
 */
export async function getLog(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  id: string,
): Promise<void> {
  const { access } = await requireBoardAccess(req, url, ctx, id, reviewers);
  const from = url.searchParams.get('from');
  if (from !== null && !/^\d{1,9}$/.test(from)) throw new HttpError(400, 'from must be a log position');
  const after = url.searchParams.get('after');
  if (after !== null && !/^\d{1,16}$/.test(after)) throw new HttpError(400, 'after must be a log position');
  if (from !== null && after !== null) throw new HttpError(400, 'ask for from or after, not both');
  // Following (after=) reads a bounded page by the index; anything else reads the whole log.
  if (after === null) await takeRecordRead(ctx, id, access);
  // Read and encoded by the store (on the SQLite thread, off the event loop); a whole log in its
  // turn among the whole-board reads, and counted in flight until the client has taken it.
  await ctx.held.send(req, res, async () => {
    const log =
      after !== null
        ? await ctx.store.readEncodedLog(id, { afterSeq: Number(after), limit: FOLLOW_ENTRIES_MAX })
        : await ctx.boardReads.run(() => ctx.store.readEncodedLog(id, { skip: Number(from ?? 0) }));
    return {
      bytes: log.bytes,
      type: 'application/octet-stream',
      headers: { [LOG_THROUGH_HEADER]: String(log.through ?? (after !== null ? Number(after) : 0)) },
    };
  });
  // A review page's whole read: what the server could not compact before it stopped is compacted
  // now, once, after this read rather than before it or beside it (either made that first open
  // about a second or two slower: docs/architecture.md, "Storage"). Later reads find nothing to do
  // in two lookups.
  if (after === null && from === null) void ctx.compactStale(id);
}

/** `GET /api/boards/<id>/history?at=<unix ms>`: one Yjs update that rebuilds the board as of then. */
export async function getHistory(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  id: string,
): Promise<void> {
  const { access } = await requireBoardAccess(req, url, ctx, id, reviewers);
  const raw = url.searchParams.get('at');
  const at = raw !== null && /^\d{1,16}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(at)) throw new HttpError(400, 'at must be a time in unix milliseconds');
  await takeRecordRead(ctx, id, access);
  // Read and encoded on the store's thread, rebuilt on the read thread: off the event loop; in
  // its turn among the whole-board reads.
  await ctx.held.send(req, res, async () => ({
    bytes: await ctx.boardReads.run(async () =>
      ctx.history.rebuildAt((await ctx.store.readEncodedLog(id)).bytes, at),
    ),
    type: 'application/octet-stream',
  }));
}

/** How the API reads whole boards (server/documents.ts). */
export function boardReading(ctx: ApiContext): BoardReading {
  return { store: ctx.store, reader: ctx.history, lanes: ctx.boardReads };
}

/** The Markdown summary of a board as `role` may read it: the private notes only for interviewers. */
export async function summaryFor(ctx: ApiContext, board: BoardRecord, role: Role): Promise<string> {
  const read = await readBoard(boardReading(ctx), board.id, {
    summary: { board: toBoardMeta(board), now: Date.now(), withNotes: role === 'interviewer' },
  });
  return read.summary!;
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
  await takeRecordRead(ctx, id, access);
  const download: Record<string, string> = url.searchParams.has('download')
    ? { 'content-disposition': `attachment; filename="${fileNameFor(board.title)}.md"` }
    : {};
  await ctx.held.send(req, res, async () => ({
    bytes: new TextEncoder().encode(await summaryFor(ctx, board, access.role)),
    type: 'text/markdown; charset=utf-8',
    headers: download,
  }));
}
