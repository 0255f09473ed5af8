/**
 * `/api/assets`: pasted images and videos are uploaded here instead of being inlined as
 * base64 into the shared document; the document keeps only the returned URL.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { MAX_ASSET_BYTES } from '../../lib/limits';
import type { UploadAssetResponse } from '../../lib/api';
import { canEditBoard } from '../../lib/access';
import { HttpError, readBody, sendJson } from '../http';
import { requireBoardAccess } from './guard';
import type { ApiContext } from './context';

/** Content types accepted for upload (what tldraw can show). */
export const ASSET_CONTENT_TYPES: ReadonlySet<string> = new Set([
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/avif',
  'image/svg+xml',
  'video/mp4',
  'video/webm',
  'video/quicktime',
]);

const ASSET_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** `POST /api/assets?board=<id>` with the file as the raw body (whoever may edit the board). */
export async function uploadAsset(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
): Promise<void> {
  const boardId = url.searchParams.get('board') ?? '';
  const { board } = await requireBoardAccess(req, url, ctx, boardId, (role, b) =>
    canEditBoard(role, b.status),
  );
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!ASSET_CONTENT_TYPES.has(contentType)) {
    req.resume();
    throw new HttpError(
      415,
      `content-type ${contentType || '(none)'} is not an accepted image or video type`,
    );
  }
  const bytes = await readBody(req, MAX_ASSET_BYTES);
  if (bytes.length === 0) throw new HttpError(400, 'empty file');
  const id = randomBytes(16).toString('base64url');
  await ctx.store.putAsset({ boardId: board.id, id, contentType, bytes, createdAt: Date.now() });
  const body: UploadAssetResponse = { src: `/api/assets/${board.id}/${id}` };
  sendJson(res, 201, body);
}

/** `GET /api/assets/<boardId>/<assetId>` (any role on the board). */
export async function serveAsset(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  boardId: string,
  assetId: string,
): Promise<void> {
  await requireBoardAccess(req, url, ctx, boardId);
  const asset = ASSET_ID_PATTERN.test(assetId) ? await ctx.store.getAsset(boardId, assetId) : null;
  if (!asset) throw new HttpError(404, 'asset not found');
  res.writeHead(200, {
    'content-type': asset.contentType,
    'content-length': asset.bytes.length,
    'cache-control': 'private, max-age=31536000, immutable',
    'x-content-type-options': 'nosniff',
    // An uploaded SVG opened directly must not run script on our origin.
    'content-security-policy': "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
  });
  res.end(asset.bytes);
}
