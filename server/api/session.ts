/** `/api/session`: interviewers sign in with the workspace secret and sign out. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignInRequest } from '../../lib/api';
import type { Auth } from '../auth';
import type { RateLimiter } from '../ratelimit';
import { HttpError, readJson } from '../http';
import { log } from '../log';

/** The client's address, for rate limiting. */
export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * `POST /api/session`: 204 with the session cookie, 401 on a wrong secret, 429 after too many
 * wrong secrets from one address (successful sign-ins do not count).
 */
export async function signIn(
  req: IncomingMessage,
  res: ServerResponse,
  auth: Auth,
  limiter: RateLimiter,
): Promise<void> {
  const wait = limiter.peek(clientAddress(req));
  if (wait > 0) {
    req.resume();
    throw new HttpError(429, 'too many sign-in attempts; try again later', { 'retry-after': String(wait) });
  }
  const { secret } = await readJson(req, SignInRequest);
  const setCookie = await auth.signIn(secret);
  if (!setCookie) {
    limiter.take(clientAddress(req));
    log.warn('sign-in refused', { ip: clientAddress(req) });
    throw new HttpError(401, 'wrong secret');
  }
  log.info('interviewer signed in', { ip: clientAddress(req) });
  res.writeHead(204, { 'set-cookie': setCookie, 'cache-control': 'no-store' });
  res.end();
}

/** `DELETE /api/session`: 204, cookie cleared. */
export async function signOut(req: IncomingMessage, res: ServerResponse, auth: Auth): Promise<void> {
  res.writeHead(204, { 'set-cookie': await auth.signOut(req), 'cache-control': 'no-store' });
  res.end();
}
