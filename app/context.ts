import { headers } from 'next/headers';
import { forbidden, notFound, unauthorized } from 'next/navigation';
import { PAGE_CONTEXT_HEADER, decodePageContext, type PageContext } from '../lib/pageContext';
import type { BoardMeta } from '../lib/api';
import type { Role } from '../lib/access';

/** The context the server computed for this request (who is signed in, board and role). */
export async function pageContext(): Promise<PageContext> {
  return decodePageContext((await headers()).get(PAGE_CONTEXT_HEADER));
}

/** The board and role of a board page, or the right error page (404, 401, 403). */
export async function requireBoardPage(): Promise<{ board: BoardMeta; role: Role; signedIn: boolean }> {
  const ctx = await pageContext();
  if (ctx.denied === 'not-found') notFound();
  if (ctx.denied === 'wrong-role') forbidden();
  if (ctx.denied || !ctx.board || !ctx.role) unauthorized();
  return { board: ctx.board, role: ctx.role, signedIn: ctx.signedIn };
}
