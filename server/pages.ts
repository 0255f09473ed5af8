/**
 * What the server does before Next.js renders a page: security headers (CSP with a per-request
 * nonce, no referrer, no framing), swapping a link's `?token=` for a cookie, deciding the
 * viewer's role on a board, and handing pages that context in a header browsers cannot forge.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { PAGE_CONTEXT_HEADER, encodePageContext, type PageContext } from '../lib/pageContext';
import type { Auth } from './auth';
import type { BoardStore } from './storage/BoardStore';
import { toBoardMeta } from '../lib/api';
import { decodePathPart } from './http';

/** The Content-Security-Policy for a page, allowing only our own origin. */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self' data: blob:",
    "worker-src 'self' blob:",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function redirect(res: ServerResponse, location: string, setCookie?: string): void {
  res.writeHead(302, {
    location,
    'cache-control': 'no-store',
    ...(setCookie ? { 'set-cookie': setCookie } : {}),
  });
  res.end();
}

/**
 * Prepares a page request. Returns false when the response was already sent (a redirect),
 * true when Next.js should render the page.
 */
export async function preparePage(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: { store: BoardStore; auth: Auth; dev: boolean },
): Promise<boolean> {
  // Only the server may say who the viewer is.
  delete req.headers[PAGE_CONTEXT_HEADER];
  const nonce = randomBytes(16).toString('base64');
  const csp = contentSecurityPolicy(nonce, deps.dev);
  req.headers['content-security-policy'] = csp; // Next.js reads the nonce from here
  res.setHeader('content-security-policy', csp);
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('x-frame-options', 'DENY');

  const path = url.pathname;
  if (path === '/signin' && url.searchParams.has('code')) {
    const setCookie = await deps.auth.signInWithCode(url.searchParams.get('code')!);
    if (setCookie) redirect(res, '/dashboard', setCookie);
    else redirect(res, '/signin?error=expired');
    return false;
  }

  const ctx: PageContext = { signedIn: await deps.auth.isInterviewer(req) };
  if ((path === '/dashboard' || path === '/questions') && !ctx.signedIn) {
    redirect(res, '/signin');
    return false;
  }

  const boardPage = /^\/([br])\/([^/]+)\/?$/.exec(path);
  if (boardPage) {
    res.setHeader('cache-control', 'no-store');
    const kind = boardPage[1] === 'b' ? 'board' : 'review';
    const id = decodePathPart(boardPage[2]!) ?? '';
    if (!decodePathPart(boardPage[2]!)) req.url = `/${boardPage[1]}/not-a-board`; // Next.js fails on bad escapes
    const board = await deps.store.getBoard(id);
    const urlToken = url.searchParams.get('token');
    if (!board) {
      ctx.denied = 'not-found';
    } else if (urlToken !== null) {
      // Swap the token for a cookie and take it out of the address bar (and of any Referer).
      const access = await deps.auth.linkAccess(board.id, urlToken);
      if (access.ok) {
        url.searchParams.delete('token');
        redirect(res, url.pathname + url.search, deps.auth.linkCookie(board.id, urlToken));
        return false;
      }
      ctx.denied = access.reason;
    } else {
      const access = await deps.auth.boardAccess(req, board.id, null);
      if (!access.ok) ctx.denied = access.reason;
      else if (kind === 'board' && access.role === 'reviewer') {
        redirect(res, `/r/${board.id}`);
        return false;
      } else if (kind === 'review' && access.role === 'candidate') ctx.denied = 'wrong-role';
      else {
        ctx.role = access.role;
        ctx.board = toBoardMeta(board);
      }
    }
  }
  req.headers[PAGE_CONTEXT_HEADER] = encodePageContext(ctx);
  return true;
}
