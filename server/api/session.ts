/** `/api/session`: interviewers sign in with the workspace secret and sign out. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SignInRequest } from '../../lib/api';
import { clientAddress } from '../origin';
import type { ApiContext } from './context';
import { HttpError, readJson } from '../http';
import { log } from '../log';

/**
 * `POST /api/session`: 204 with the session cookie, 401 on a wrong secret, 429 after too many
 * wrong secrets from one address (successful sign-ins do not count). The attempt is counted
 * before the body is read, so attempts sent in parallel cannot all be checked.
 */
export async function signIn(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  const ip = clientAddress(req, ctx.trustedProxies);
  const wait = await ctx.signInLimiter.take(ip);
  if (wait > 0) {
    req.resume();
    throw new HttpError(429, 'too many sign-in attempts; try again later', { 'retry-after': String(wait) });
  }
  const { secret } = await readJson(req, SignInRequest);
  const setCookie = await ctx.auth.signIn(secret);
  if (!setCookie) {
    log.warn('sign-in refused', { ip });
    throw new HttpError(401, 'wrong secret');
  }
  await ctx.signInLimiter.giveBack(ip);
  log.info('interviewer signed in', { ip });
  res.writeHead(204, { 'set-cookie': setCookie, 'cache-control': 'no-store' });
  res.end();
}

/** `DELETE /api/session`: 204, cookie cleared, and that session's open boards disconnected. */
export async function signOut(req: IncomingMessage, res: ServerResponse, ctx: ApiContext): Promise<void> {
  const { setCookie, ended } = await ctx.auth.signOut(req);
  if (ended) ctx.control.sessionEnded(ended);
  res.writeHead(204, { 'set-cookie': setCookie, 'cache-control': 'no-store' });
  res.end();
}
