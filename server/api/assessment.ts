/**
 * `POST/GET /api/boards/<id>/assessment`: the interviewer publishes an assessment (replacing any
 * earlier one); the interviewer and the review link read it once published. A candidate gets
 * 403 before anything about it is read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AssessmentInput } from '../../lib/assessment';
import { HttpError, readJson, sendJson } from '../http';
import { requireBoardAccess } from './guard';
import type { ApiContext } from './context';
import { log } from '../log';

/** Largest request body, bytes (a summary and 50 notes fit well within it). */
const MAX_ASSESSMENT_BODY_BYTES = 256 * 1024;

/** `POST /api/boards/<id>/assessment` (interviewer): publishes; 201 with what was stored. */
export async function publishAssessment(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  id: string,
): Promise<void> {
  await requireBoardAccess(req, url, ctx, id, (role) => role === 'interviewer');
  const input = await readJson(req, AssessmentInput, {
    limit: MAX_ASSESSMENT_BODY_BYTES,
    what: 'assessment',
  });
  const publishedAt = Date.now();
  const content = JSON.stringify({ ...input, publishedAt });
  if (!(await ctx.store.putAssessment(id, content, publishedAt))) throw new HttpError(404, 'board not found');
  log.info('assessment published', { board: id });
  sendJson(res, 201, JSON.parse(content) as unknown);
}

/** `GET /api/boards/<id>/assessment[?optional=1]` (interviewer or review link): 404 until published. */
export async function getAssessment(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  id: string,
): Promise<void> {
  await requireBoardAccess(req, url, ctx, id, (role) => role === 'interviewer' || role === 'reviewer');
  const stored = await ctx.store.getAssessment(id);
  // `?optional=1` (the review page): 200 with null instead of 404, so a page that merely checks
  // logs no failed request.
  if (!stored && url.searchParams.get('optional') === '1') return sendJson(res, 200, null);
  if (!stored) throw new HttpError(404, 'no assessment was published for this board');
  sendJson(res, 200, JSON.parse(stored.content) as unknown);
}
