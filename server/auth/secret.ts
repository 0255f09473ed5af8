/**
 * The workspace secret interviewers sign in with: BOARDROOM_SECRET, or one generated on first
 * start and kept in DATA_DIR. One-time sign-in codes let the console print a sign-in link.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hashToken, newToken, sameHash } from './tokens';

/** File (under DATA_DIR) holding a generated secret. */
export const SECRET_FILE = 'workspace-secret';

/** How long a printed one-time sign-in link stays valid. */
export const ONE_TIME_CODE_TTL_MS = 24 * 60 * 60 * 1000;

/** The secret and where it came from. */
export interface WorkspaceSecret {
  secret: string;
  source: 'env' | 'file' | 'generated';
  file: string | null;
}

/** Shortest workspace secret accepted: it is the only thing between the internet and every board. */
export const MIN_SECRET_CHARS = 16;

/** Loads (or on first start creates) the workspace secret; refuses a weak one from the environment. */
export function loadWorkspaceSecret(envSecret: string | null, dataDir: string): WorkspaceSecret {
  if (envSecret) {
    if (envSecret.length < MIN_SECRET_CHARS) {
      throw new Error(
        `BOARDROOM_SECRET is too weak: use at least ${MIN_SECRET_CHARS} characters (a random one: ` +
          `\`openssl rand -base64 24\`), or unset it to have one generated`,
      );
    }
    return { secret: envSecret, source: 'env', file: null };
  }
  const file = path.join(dataDir, SECRET_FILE);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing) return { secret: existing, source: 'file', file };
  } catch {
    // not created yet
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = newToken();
  fs.writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
  return { secret, source: 'generated', file };
}

/** One-time sign-in codes, kept in memory only (a restart invalidates them). */
export class OneTimeCodes {
  private readonly codes: Array<{ hash: Uint8Array; expiresAt: number }> = [];

  /** Issues a code. */
  issue(now = Date.now()): string {
    const code = newToken();
    this.codes.push({ hash: hashToken(code), expiresAt: now + ONE_TIME_CODE_TTL_MS });
    return code;
  }

  /** Uses a code up; true when it was valid. */
  redeem(code: string, now = Date.now()): boolean {
    const hash = hashToken(code);
    const i = this.codes.findIndex((c) => sameHash(c.hash, hash) && c.expiresAt > now);
    if (i < 0) return false;
    this.codes.splice(i, 1);
    return true;
  }
}
