/**
 * Who is asking: interviewer sessions (cookie), board links (token in the URL or in the
 * board's cookie), and the decision of a role for a board. Every rule is enforced here, on
 * the server; tokens are stored only as hashes and never logged.
 */
import type { IncomingMessage } from 'node:http';
import type { Role, LinkRole } from '../../lib/access';
import type { BoardStore } from '../storage/BoardStore';
import { SESSION_COOKIE, clearCookie, cookie, linkCookieName, readCookies } from './cookies';
import { OneTimeCodes, type WorkspaceSecret } from './secret';
import { hashToken, newToken, sameHash, sameSecret } from './tokens';

/** How long an interviewer stays signed in. */
export const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** How long a board link's cookie lasts in the browser (the server can revoke it any time). */
export const LINK_COOKIE_TTL_MS = 90 * 24 * 60 * 60 * 1000;

/** Why access was refused. */
export type DenyReason = 'missing' | 'invalid' | 'revoked';

/**
 * The outcome of checking someone's access to a board. `credential` identifies what granted it
 * (a hash of the session or link token, as hex): connections are counted and closed by it.
 */
export type Access =
  | { ok: true; role: Role; via: 'session'; credential: string }
  | { ok: true; role: LinkRole; via: 'link'; credential: string }
  | { ok: false; reason: DenyReason };

/** The authentication service. */
export class Auth {
  /** One-time sign-in codes for the link printed at start-up. */
  readonly codes = new OneTimeCodes();

  constructor(
    private readonly store: BoardStore,
    private readonly workspace: WorkspaceSecret,
    /** Whether cookies get the Secure flag (PUBLIC_URL is https). */
    private readonly secureCookies: boolean,
  ) {}

  /** True when the request carries a valid interviewer session. */
  async isInterviewer(req: IncomingMessage): Promise<boolean> {
    return (await this.sessionOf(req)) !== null;
  }

  /** The hash (hex) of the request's valid interviewer session, or null. */
  async sessionOf(req: IncomingMessage): Promise<string | null> {
    const token = readCookies(req).get(SESSION_COOKIE);
    if (!token) return null;
    const hash = hashToken(token);
    return (await this.store.isSessionValid(hash, Date.now())) ? Buffer.from(hash).toString('hex') : null;
  }

  /** Checks a secret; on success starts a session and returns its Set-Cookie header. */
  async signIn(secret: string): Promise<string | null> {
    if (!sameSecret(secret, this.workspace.secret)) return null;
    return this.startSession();
  }

  /** Redeems a one-time code; on success starts a session and returns its Set-Cookie header. */
  async signInWithCode(code: string): Promise<string | null> {
    return this.codes.redeem(code) ? this.startSession() : null;
  }

  private async startSession(): Promise<string> {
    const token = newToken();
    const now = Date.now();
    await this.store.createSession(hashToken(token), now, now + SESSION_TTL_MS);
    return cookie(SESSION_COOKIE, token, {
      maxAgeSeconds: SESSION_TTL_MS / 1000,
      secure: this.secureCookies,
    });
  }

  /**
   * Ends the request's session. Returns the Set-Cookie header that clears it, and the ended
   * session's hash (hex; null when there was none) so its open connections can be closed.
   */
  async signOut(req: IncomingMessage): Promise<{ setCookie: string; ended: string | null }> {
    const token = readCookies(req).get(SESSION_COOKIE);
    let ended: string | null = null;
    if (token) {
      const hash = hashToken(token);
      await this.store.deleteSession(hash);
      ended = Buffer.from(hash).toString('hex');
    }
    return { setCookie: clearCookie(SESSION_COOKIE, this.secureCookies), ended };
  }

  /** The Set-Cookie header that keeps a board link's token for later requests and the WebSocket. */
  linkCookie(boardId: string, token: string): string {
    return cookie(linkCookieName(boardId), token, {
      maxAgeSeconds: LINK_COOKIE_TTL_MS / 1000,
      secure: this.secureCookies,
    });
  }

  /**
   * The role of the request on a board: interviewer by session, else candidate or reviewer by
   * link token (`urlToken` first, then the board's cookie).
   */
  async boardAccess(req: IncomingMessage, boardId: string, urlToken: string | null): Promise<Access> {
    const session = await this.sessionOf(req);
    if (session) return { ok: true, role: 'interviewer', via: 'session', credential: session };
    const token = urlToken ?? readCookies(req).get(linkCookieName(boardId)) ?? null;
    if (!token) return { ok: false, reason: 'missing' };
    return this.linkAccess(boardId, token);
  }

  /** The role a link token grants on a board. */
  async linkAccess(boardId: string, token: string): Promise<Access> {
    const hash = hashToken(token);
    const current = await this.store.getLinkHashes(boardId);
    // Compare against both so timing does not tell which role a token almost matched.
    const isCandidate = sameHash(hash, current?.candidate ?? null);
    const isReviewer = sameHash(hash, current?.reviewer ?? null);
    const credential = Buffer.from(hash).toString('hex');
    if (isCandidate) return { ok: true, role: 'candidate', via: 'link', credential };
    if (isReviewer) return { ok: true, role: 'reviewer', via: 'link', credential };
    const revoked = await this.store.findRevokedLink(boardId, hash);
    return { ok: false, reason: revoked ? 'revoked' : 'invalid' };
  }

  /** Creates a new link token for a role, replacing (and revoking) the old one. */
  async regenerateLink(boardId: string, role: LinkRole): Promise<string> {
    const token = newToken();
    await this.store.replaceLinkHash(boardId, role, hashToken(token), Date.now());
    return token;
  }

  /** Revokes a role's link without a replacement. */
  async revokeLink(boardId: string, role: LinkRole): Promise<void> {
    await this.store.replaceLinkHash(boardId, role, null, Date.now());
  }
}

/** Fresh tokens for a new board, and the hashes to store. */
export function newBoardLinks(): { tokens: Record<LinkRole, string>; hashes: Record<LinkRole, Uint8Array> } {
  const tokens = { candidate: newToken(), reviewer: newToken() };
  return { tokens, hashes: { candidate: hashToken(tokens.candidate), reviewer: hashToken(tokens.reviewer) } };
}
