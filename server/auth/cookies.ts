/** Reading and writing cookies (no dependency needed for the two we use). */
import type { IncomingMessage } from 'node:http';

/** Name of the interviewer's session cookie. */
export const SESSION_COOKIE = 'br_session';

/** Name of the cookie that holds a board link's token (candidate or reviewer). */
export function linkCookieName(boardId: string): string {
  return `br_link_${boardId}`;
}

/** Cookies sent with a request. */
export function readCookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    const raw = part.slice(i + 1).trim();
    try {
      out.set(name, decodeURIComponent(raw));
    } catch {
      // a malformed cookie is ignored, like a missing one
    }
  }
  return out;
}

/** A Set-Cookie value: HttpOnly, SameSite=Lax, Path=/, Secure when served over https. */
export function cookie(
  name: string,
  value: string,
  opts: { maxAgeSeconds: number; secure: boolean },
): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Lax',
    `Max-Age=${Math.max(0, Math.floor(opts.maxAgeSeconds))}`,
    ...(opts.secure ? ['Secure'] : []),
  ].join('; ');
}

/** A Set-Cookie value that deletes the cookie. */
export function clearCookie(name: string, secure: boolean): string {
  return cookie(name, '', { maxAgeSeconds: 0, secure });
}
