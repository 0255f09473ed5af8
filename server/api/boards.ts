/** `/api/boards`: create a board, read a board's metadata. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { BoardMeta, CreateBoardRequest, type CreateBoardResponse } from '../../lib/api';
import { isBoardId } from '../../lib/ids';
import { createSeedUpdate } from '../../lib/board/seed';
import type { BoardRecord, BoardStore } from '../storage/BoardStore';
import { HttpError, originOf, readJson, sendJson } from '../http';
import { log } from '../log';

/** A new random board id: 128 bits, url-safe. */
export function newBoardId(): string {
  return randomBytes(16).toString('base64url');
}

/** The public view of a stored board. */
export function toBoardMeta(board: BoardRecord): BoardMeta {
  return BoardMeta.parse(board);
}

/** Looks a board up by an untrusted id; 404 when unknown or malformed. */
export async function requireBoard(store: BoardStore, id: string): Promise<BoardRecord> {
  const board = isBoardId(id) ? await store.getBoard(id) : null;
  if (!board) throw new HttpError(404, 'board not found');
  return board;
}

/** `POST /api/boards`. */
export async function createBoard(
  req: IncomingMessage,
  res: ServerResponse,
  ctx: { store: BoardStore; publicUrl: string | null },
): Promise<void> {
  const body = await readJson(req, CreateBoardRequest);
  const id = newBoardId();
  await ctx.store.createBoard(
    { id, title: body.title, prompt: body.prompt?.trim() ?? '', createdAt: Date.now() },
    createSeedUpdate(),
  );
  log.info('board created', { board: id });
  const response: CreateBoardResponse = { id, url: `${originOf(req, ctx.publicUrl)}/b/${id}` };
  sendJson(res, 201, response, { location: `/api/boards/${id}` });
}

/** `GET /api/boards/<id>`. */
export async function getBoard(res: ServerResponse, store: BoardStore, id: string): Promise<void> {
  sendJson(res, 200, toBoardMeta(await requireBoard(store, id)));
}
