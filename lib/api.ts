/** HTTP API bodies, declared once and validated with zod at the edge (server) and on receipt (browser). */
import { z } from 'zod';
import { MAX_PROMPT_CHARS, MAX_TITLE_CHARS } from './limits';

/** Longest question id accepted in a request. */
export const MAX_QUESTION_ID_CHARS = 64;

/**
 * `POST /api/boards` request body. With `questionId`, title and prompt come from that library
 * question unless given here.
 */
export const CreateBoardRequest = z
  .object({
    title: z.string().trim().min(1, 'title must not be empty').max(MAX_TITLE_CHARS).optional(),
    prompt: z.string().max(MAX_PROMPT_CHARS).optional(),
    questionId: z.string().min(1).max(MAX_QUESTION_ID_CHARS).optional(),
  })
  .strict()
  .refine((b) => b.title !== undefined || b.questionId !== undefined, {
    path: ['title'],
    message: 'give a title, or a questionId to take it from',
  });
export type CreateBoardRequest = z.infer<typeof CreateBoardRequest>;

/** `POST /api/boards` response body: the board and its two links (shown once; only hashes are stored). */
export const CreateBoardResponse = z.object({
  id: z.string(),
  url: z.string(),
  candidateUrl: z.string(),
  reviewUrl: z.string(),
});
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
  endedAt: z.number().nullable(),
  /** The name the candidate gave, once one joined. */
  candidateName: z.string().nullable(),
  /** The library question the board was created from (null: a blank board). */
  questionId: z.string().nullable().default(null),
  /** That question's title at the time. */
  questionTitle: z.string().nullable().default(null),
});
export type BoardMeta = z.infer<typeof BoardMeta>;

/** The public view of a board: its metadata without anything else the server keeps. */
export function toBoardMeta(board: BoardMeta): BoardMeta {
  return BoardMeta.parse(board);
}

/** A dashboard row: a board with its interview timing. */
export const BoardSummary = BoardMeta.extend({
  /** Clock time of the interview so far, ms. */
  totalMs: z.number(),
  /** Clock time per step, ms. */
  perStepMs: z.array(z.number()),
  currentStep: z.number(),
  /** True once the interviewer first started the clock (before that the board says "Not started"). */
  started: z.boolean(),
});
export type BoardSummary = z.infer<typeof BoardSummary>;

/** `GET /api/boards` response body (interviewers only). */
export const BoardList = z.object({ boards: z.array(BoardSummary) });
export type BoardList = z.infer<typeof BoardList>;
/** Where the dashboard gets its boards (`GET`; its page's HTML also preloads it: see app/dashboard). */
export const BOARDS_PATH = '/api/boards';

/** `POST /api/session` request body. */
export const SignInRequest = z.object({ secret: z.string().min(1).max(1_000) }).strict();
export type SignInRequest = z.infer<typeof SignInRequest>;

/** `POST /api/boards/<id>/links/<role>` response body: the new link (the old one stops working). */
export const LinkResponse = z.object({ url: z.string() });
export type LinkResponse = z.infer<typeof LinkResponse>;

/** `POST /api/assets` response body. */
export const UploadAssetResponse = z.object({ src: z.string() });
export type UploadAssetResponse = z.infer<typeof UploadAssetResponse>;

/** Every error response: `{"error": "..."}`. */
export const ErrorResponse = z.object({ error: z.string() });
export type ErrorResponse = z.infer<typeof ErrorResponse>;

/** `GET /api/time` response body: the server clock, unix ms. */
export const ServerTime = z.object({ now: z.number() });
export type ServerTime = z.infer<typeof ServerTime>;
