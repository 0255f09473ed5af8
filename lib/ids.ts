/** Identifier formats shared by browser and server. */

/** Board ids: 22 url-safe base64 characters (128 random bits). */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** True when `id` has the shape of a board id. */
export function isBoardId(id: string): boolean {
  return BOARD_ID_PATTERN.test(id);
}

/** A random url-safe id with `bytes` bytes of entropy (browser and Node). */
export function randomId(bytes = 12): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  let s = '';
  for (const b of buf) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
