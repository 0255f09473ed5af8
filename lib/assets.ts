/** Where the server serves tldraw's static assets; versioned so they can be cached forever. */
export const TLDRAW_ASSETS_VERSION = '5.4.2';

/** URL path prefix of the self-hosted tldraw assets. */
export const TLDRAW_ASSETS_PATH = `/tldraw-assets/${TLDRAW_ASSETS_VERSION}`;

/** Where a board's uploaded files are served: `/api/assets/<boardId>/<assetId>`. */
export function assetUrlPrefix(boardId: string): string {
  return `/api/assets/${boardId}/`;
}
