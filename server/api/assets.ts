/**
 * `/api/assets`: pasted images and videos are uploaded here instead of being inlined as
 * base64 into the shared document; the document keeps only the returned URL.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { MAX_ASSET_BYTES } from '../../lib/limits';
import type { UploadAssetResponse } from '../../lib/api';
import { canEditBoard, type Role } from '../../lib/access';
import { assetUrlPrefix } from '../../lib/assets';
import { HttpError, readBody, sendJson } from '../http';
import { requireBoardAccess } from './guard';
import type { ApiContext } from './context';
import type { BoardRecord } from '../storage/BoardStore';

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

const ascii = (bytes: Uint8Array, from: number, to: number) =>
  Buffer.from(bytes.subarray(from, to)).toString('latin1');

/** True when the file starts the way files of `contentType` do (its magic bytes). */
export function looksLike(contentType: string, bytes: Uint8Array): boolean {
  const b = bytes;
  switch (contentType) {
    case 'image/png':
      return b[0] === 0x89 && ascii(b, 1, 4) === 'PNG';
    case 'image/jpeg':
      return b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
    case 'image/gif':
      return ascii(b, 0, 4) === 'GIF8';
    case 'image/webp':
      return ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP';
    case 'image/avif':
      return ascii(b, 4, 8) === 'ftyp' && /^avi[fs]$/.test(ascii(b, 8, 12));
    case 'video/mp4':
    case 'video/quicktime':
      return ascii(b, 4, 8) === 'ftyp';
    case 'video/webm':
      return b[0] === 0x1a && b[1] === 0x45 && b[2] === 0xdf && b[3] === 0xa3;
    case 'image/svg+xml': {
      const head = Buffer.from(b.subarray(0, 1024))
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trimStart();
      return head.startsWith('<') && /<svg[\s>]/.test(Buffer.from(b.subarray(0, 64 * 1024)).toString('utf8'));
    }
    default:
      return false;
  }
}

/** `POST /api/assets?board=<id>` with the file as the raw body (whoever may edit the board). */
export async function uploadAsset(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
): Promise<void> {
  const boardId = url.searchParams.get('board') ?? '';
  const mayUpload = (role: Role, b: BoardRecord) => canEditBoard(role, b.status);
  const { board } = await requireBoardAccess(req, url, ctx, boardId, mayUpload);
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!ASSET_CONTENT_TYPES.has(contentType)) {
    req.resume();
    throw new HttpError(
      415,
      `content-type ${contentType || '(none)'} is not an accepted image or video type`,
    );
  }
  const wait = await ctx.assetLimiter.take(board.id);
  if (wait > 0) {
    req.resume();
    throw new HttpError(429, 'too many uploads to this board; try again later', {
      'retry-after': String(wait),
    });
  }
  const declared = Number(req.headers['content-length']);
  const { bytes: used } = await ctx.store.listAssets(board.id);
  if (used + (Number.isFinite(declared) ? declared : 0) > ctx.maxAssetBytesPerBoard) {
    req.resume();
    throw new HttpError(413, 'this board has no room for more files');
  }
  // Uploads still arriving count against the board's room too (what they declared, or what is
  // left of the room, at most 10 MiB): their bodies are in memory until they end, and a slow one
  // may take minutes (docs/architecture.md, "Storage").
  const underWay = ctx.uploadsUnderWay.get(board.id) ?? 0;
  const room = ctx.maxAssetBytesPerBoard - used - underWay;
  const reserved = Number.isFinite(declared) && declared > 0 ? declared : Math.min(MAX_ASSET_BYTES, room);
  if (room <= 0 || reserved > room) {
    req.resume();
    if (underWay === 0) throw new HttpError(413, 'this board has no room for more files');
    throw new HttpError(429, 'other uploads to this board are still arriving; try again once they finish', {
      'retry-after': '5',
    });
  }
  ctx.uploadsUnderWay.set(board.id, underWay + reserved);
  try {
    await receiveAsset(req, res, url, ctx, { board, contentType, used, reserved, mayUpload });
  } finally {
    const left = (ctx.uploadsUnderWay.get(board.id) ?? reserved) - reserved;
    if (left > 0) ctx.uploadsUnderWay.set(board.id, left);
    else ctx.uploadsUnderWay.delete(board.id);
  }
}

/** Reads an admitted upload's body, checks it and what it may do now, and stores it. */
async function receiveAsset(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  ctx: ApiContext,
  upload: {
    board: BoardRecord;
    contentType: string;
    used: number;
    /** Bytes it may bring: what it declared, or its share of the room. */
    reserved: number;
    mayUpload: (role: Role, b: BoardRecord) => boolean;
  },
): Promise<void> {
  const { board, contentType, used, reserved, mayUpload } = upload;
  const bytes = await readBody(req, Math.min(MAX_ASSET_BYTES, reserved));
  if (bytes.length === 0) throw new HttpError(400, 'empty file');
  if (used + bytes.length > ctx.maxAssetBytesPerBoard)
    throw new HttpError(413, 'this board has no room for more files');
  if (!looksLike(contentType, bytes)) {
    throw new HttpError(415, `the file is not a ${contentType} file`);
  }
  // A slow upload outlives what was checked when it began: the link revoked, the interviewer
  // signed out, the interview ended or the board deleted meanwhile refuse it (same statuses).
  await requireBoardAccess(req, url, ctx, board.id, mayUpload);
  const id = randomBytes(16).toString('base64url');
  try {
    await ctx.store.putAsset({ boardId: board.id, id, contentType, bytes, createdAt: Date.now() });
  } catch (err) {
    // Deleted between that check and this write: the store keeps no file of a board it has not.
    if (!(await ctx.store.getBoard(board.id))) throw new HttpError(404, 'board not found');
    throw err;
  }
  const body: UploadAssetResponse = { src: assetUrlPrefix(board.id) + id };
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
  await ctx.held.send(req, res, async () => {
    const asset = ASSET_ID_PATTERN.test(assetId) ? await ctx.store.getAsset(boardId, assetId) : null;
    if (!asset) throw new HttpError(404, 'asset not found');
    return {
      bytes: asset.bytes,
      type: asset.contentType,
      headers: {
        'cache-control': 'private, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
        // An uploaded SVG opened directly must not run script on our origin.
        'content-security-policy': "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'",
      },
    };
  });
}
