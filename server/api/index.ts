/** Routes `/api/*` and `/healthz` to their handlers. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BoardStore } from '../storage/BoardStore';
import type { ServerTime } from '../../lib/api';
import { HttpError, allowMethods, decodePathPart, sendJson } from '../http';
import { createBoard, getBoard } from './boards';
import { serveAsset, uploadAsset } from './assets';

/** What the API needs. */
export interface ApiContext {
  store: BoardStore;
  publicUrl: string | null;
}

/** Handles an API request; throws HttpError for client errors. */
export async function handleApi(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
): Promise<void> {
  const parts = url.pathname
    .split('/')
    .filter(Boolean)
    .map((part) => {
      const decoded = decodePathPart(part);
      if (decoded === null) throw new HttpError(400, 'malformed URL');
      return decoded;
    }); // ['api', ...]
  if (url.pathname === '/healthz') {
    allowMethods(req, 'GET', 'HEAD');
    return sendJson(res, 200, { ok: true });
  }
  const [, resource, id, sub] = parts;
  if (resource === 'time' && parts.length === 2) {
    // Browsers learn their offset from server time, so timestamps in shared state agree.
    allowMethods(req, 'GET');
    return sendJson(res, 200, { now: Date.now() } satisfies ServerTime);
  }
  if (resource === 'boards' && parts.length === 2) {
    allowMethods(req, 'POST');
    return createBoard(req, res, ctx);
  }
  if (resource === 'boards' && parts.length === 3 && id) {
    allowMethods(req, 'GET');
    return getBoard(res, ctx.store, id);
  }
  if (resource === 'assets' && parts.length === 2) {
    allowMethods(req, 'POST');
    return uploadAsset(req, res, ctx.store, url);
  }
  if (resource === 'assets' && parts.length === 4 && id && sub) {
    allowMethods(req, 'GET');
    return serveAsset(res, ctx.store, id, sub);
  }
  throw new HttpError(404, `no API route ${req.method} ${url.pathname}`);
}
