/**
 * Settings the fix for issue 11 adds to `ServerConfig`. Typed here, loosely, so the tests that
 * use them compile before the fix lands; once it has, pass the fields to `startTestServer`
 * directly and delete this file.
 */
import type { ServerConfig } from '../config';

/** The new settings (see the contract in issue 11). */
export interface Issue11Settings {
  /** Bytes of uploaded assets one board may hold (default 50 MiB); beyond it 413. */
  maxAssetBytesPerBoard?: number;
  /** Uploads per minute per board (default 30); beyond it 429. */
  assetUploadsPerMinute?: number;
}

/** `settings` as config overrides for `startTestServer`. */
export function issue11Settings(settings: Issue11Settings): Partial<ServerConfig> {
  return settings as unknown as Partial<ServerConfig>;
}
