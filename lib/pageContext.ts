/**
 * What the server tells a page about the request: who is signed in, and for board pages the
 * board and the viewer's role (or why access was refused). It travels in a request header
 * that the server always overwrites, so a browser cannot forge it.
 */
import { z } from 'zod';
import { BoardMeta } from './api';

/** The request header carrying the page context. */
export const PAGE_CONTEXT_HEADER = 'x-boardroom-context';

/** The page context. */
export const PageContext = z.object({
  /** An interviewer session is present. */
  signedIn: z.boolean(),
  board: BoardMeta.optional(),
  role: z.enum(['interviewer', 'candidate', 'reviewer']).optional(),
  /** Set when a board page must not be shown. */
  denied: z.enum(['not-found', 'missing', 'invalid', 'revoked', 'wrong-role']).optional(),
});
export type PageContext = z.infer<typeof PageContext>;

/** Encodes the context for the header. */
export function encodePageContext(ctx: PageContext): string {
  return encodeURIComponent(JSON.stringify(ctx));
}

/** Decodes the header; a missing or unreadable header means "nobody, nothing". */
export function decodePageContext(raw: string | null): PageContext {
  try {
    const parsed = PageContext.safeParse(JSON.parse(decodeURIComponent(raw ?? '')));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through
  }
  return { signedIn: false };
}
