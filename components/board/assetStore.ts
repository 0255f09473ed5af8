/** tldraw asset store that uploads pasted files to our server instead of inlining base64. */
import type { TLAssetStore } from 'tldraw';
import { UploadAssetResponse, ErrorResponse } from '../../lib/api';

/** Creates the asset store for one board. */
export function createAssetStore(boardId: string): TLAssetStore {
  return {
    async upload(_asset, file, abortSignal) {
      const res = await fetch(`/api/assets?board=${encodeURIComponent(boardId)}`, {
        method: 'POST',
        headers: { 'content-type': file.type || 'application/octet-stream' },
        body: file,
        signal: abortSignal,
      });
      const body: unknown = await res.json().catch(() => null);
      if (!res.ok) {
        const parsed = ErrorResponse.safeParse(body);
        throw new Error(parsed.success ? parsed.data.error : `upload failed (${res.status})`);
      }
      return { src: UploadAssetResponse.parse(body).src };
    },
    resolve(asset) {
      return asset.props.src;
    },
  };
}
