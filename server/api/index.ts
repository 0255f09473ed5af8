/** Routes `/api/*` to their handlers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServerTime } from '../../lib/api';
import { HttpError, allowMethods, decodePathPart, sendJson } from '../http';
import {
  createBoard,
  deleteBoard,
  endBoard,
  getBoard,
  listBoards,
  regenerateLink,
  revokeLink,
} from './boards';
import { getHistory, getLog, getSummary } from './review';
import { getExportZip } from './export';
import { getAssessment, publishAssessment } from './assessment';
import { serveAsset, uploadAsset } from './assets';
import { signIn, signOut } from './session';
import { handleQuestions } from './questions';
import { requireSameOrigin } from './guard';
import type { ApiContext } from './context';

export type { ApiContext, BoardControl } from './context';

/** Handles an API request; throws HttpError for client errors. */
export async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') requireSameOrigin(req, ctx.origins);
  const parts = url.pathname
    .split('/')
    .filter(Boolean)
    .map((part) => {
      const decoded = decodePathPart(part);
      if (decoded === null) throw new HttpError(400, 'malformed URL');
      return decoded;
    }); // ['api', ...]
  const [, resource, id, sub, arg] = parts;
  const n = parts.length;

  if (resource === 'time' && n === 2) {
    // Browsers learn their offset from server time, so timestamps in shared state agree.
    allowMethods(req, 'GET');
    return sendJson(res, 200, { now: Date.now() } satisfies ServerTime);
  }
  if (resource === 'session' && n === 2) {
    allowMethods(req, 'POST', 'DELETE');
    return req.method === 'POST' ? signIn(req, res, ctx) : signOut(req, res, ctx);
  }
  if (resource === 'boards' && n === 2) {
    allowMethods(req, 'GET', 'POST');
    return req.method === 'POST' ? createBoard(req, res, ctx) : listBoards(req, res, ctx);
  }
  if (resource === 'boards' && id && n === 3) {
    allowMethods(req, 'GET', 'DELETE');
    return req.method === 'DELETE' ? deleteBoard(req, res, url, ctx, id) : getBoard(req, res, url, ctx, id);
  }
  if (
    resource === 'boards' &&
    id &&
    n === 4 &&
    (sub === 'log' || sub === 'history' || sub === 'summary.md' || sub === 'export.zip')
  ) {
    allowMethods(req, 'GET');
    if (sub === 'log') return getLog(req, res, url, ctx, id);
    if (sub === 'export.zip') return getExportZip(req, res, url, ctx, id);
    return sub === 'history' ? getHistory(req, res, url, ctx, id) : getSummary(req, res, url, ctx, id);
  }
  if (resource === 'boards' && id && sub === 'assessment' && n === 4) {
    allowMethods(req, 'GET', 'POST');
    return req.method === 'POST'
      ? publishAssessment(req, res, url, ctx, id)
      : getAssessment(req, res, url, ctx, id);
  }
  if (resource === 'boards' && id && sub === 'end' && n === 4) {
    allowMethods(req, 'POST');
    return endBoard(req, res, url, ctx, id);
  }
  if (resource === 'boards' && id && sub === 'links' && n === 5) {
    allowMethods(req, 'POST', 'DELETE');
    return req.method === 'POST'
      ? regenerateLink(req, res, url, ctx, id, arg)
      : revokeLink(req, res, url, ctx, id, arg);
  }
  if (resource === 'questions' && n <= 4) {
    return handleQuestions(req, res, url, ctx, id, sub);
  }
  if (resource === 'assets' && n === 2) {
    allowMethods(req, 'POST');
    return uploadAsset(req, res, url, ctx);
  }
  if (resource === 'assets' && id && sub && n === 4) {
    allowMethods(req, 'GET');
    return serveAsset(req, res, url, ctx, id, sub);
  }
  throw new HttpError(404, `no API route ${req.method} ${url.pathname}`);
}
