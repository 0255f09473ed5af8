/** HTTP API bodies, declared once and validated with zod at the edge (server) and on receipt (browser). */
import { z } from 'zod';
import { MAX_PROMPT_CHARS, MAX_TITLE_CHARS } from './limits';

/** `POST /api/boards` request body. */
export const CreateBoardRequest = z
  .object({
    title: z.string().trim().min(1, 'title must not be empty').max(MAX_TITLE_CHARS),
    prompt: z.string().max(MAX_PROMPT_CHARS).optional(),
  })
  .strict();
export type CreateBoardRequest = z.infer<typeof CreateBoardRequest>;

/** `POST /api/boards` response body. */
export const CreateBoardResponse = z.object({ id: z.string(), url: z.string() });
export type CreateBoardResponse = z.infer<typeof CreateBoardResponse>;

/** Board status: live while the interview runs, ended afterwards. */
export const BoardStatus = z.enum(['live', 'ended']);
export type BoardStatus = z.infer<typeof BoardStatus>;

/** `GET /api/boards/<id>` response body: the board's metadata. */
export const BoardMeta = z.object({
  id: z.string(),
  title: z.string(),
  prompt: z.string(),
  status: BoardStatus,
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type BoardMeta = z.infer<typeof BoardMeta>;

/** `POST /api/assets` response body. */
export const UploadAssetResponse = z.object({ src: z.string() });
export type UploadAssetResponse = z.infer<typeof UploadAssetResponse>;

/** Every error response: `{"error": "..."}`. */
export const ErrorResponse = z.object({ error: z.string() });
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/**
 * Header through which the server hands a board page its metadata (or `missing`).
 * The server always overwrites it, so a client cannot forge it.
 */
export const BOARD_HEADER = 'x-boardroom-board';

/** `GET /api/time` response body: the server clock, unix ms. */
export const ServerTime = z.object({ now: z.number() });
export type ServerTime = z.infer<typeof ServerTime>;
