/**
 * Serves tldraw's fonts, icons and translations from the installed `@tldraw/assets` package, so
 * the editor never asks a CDN for them. Not its embed dialog's site icons: a board offers no
 * embeds (docs/architecture.md, "Authority").
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { ServerResponse } from 'node:http';
import { TLDRAW_ASSETS_PATH } from '../lib/assets';
import { HttpError, decodePathPart } from './http';

const CONTENT_TYPES: Record<string, string> = {
  '.woff2': 'font/woff2',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
};

/** What every file whose address names its content is sent with: cached for good, never sniffed. */
export const IMMUTABLE_FILE_HEADERS = {
  'cache-control': 'public, max-age=31536000, immutable',
  'x-content-type-options': 'nosniff',
} as const;

const SERVED_DIRS = new Set(['fonts', 'icons', 'translations']);

/** Creates a handler for `TLDRAW_ASSETS_PATH/...` rooted at the installed package. */
export function createTldrawAssetHandler(
  projectDir: string,
): (res: ServerResponse, pathname: string) => Promise<void> {
  const pkgDir = path.dirname(
    createRequire(path.join(projectDir, 'package.json')).resolve('@tldraw/assets/package.json'),
  );
  return async (res, pathname) => {
    const rel = decodePathPart(pathname.slice(TLDRAW_ASSETS_PATH.length + 1));
    if (rel === null) throw new HttpError(400, 'malformed URL');
    const parts = rel.split('/');
    const type = CONTENT_TYPES[path.extname(rel)];
    if (!SERVED_DIRS.has(parts[0] ?? '') || parts.some((p) => p === '..' || p === '') || !type) {
      throw new HttpError(404, 'not found');
    }
    const file = path.join(pkgDir, ...parts);
    let data: Buffer;
    try {
      data = await fs.promises.readFile(file);
    } catch {
      throw new HttpError(404, 'not found');
    }
    res.writeHead(200, {
      'content-type': type,
      'content-length': data.length,
      ...IMMUTABLE_FILE_HEADERS,
    });
    res.end(data);
  };
}
