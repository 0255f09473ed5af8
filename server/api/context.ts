/** What the API routes need from the server. */
import type { LinkRole } from '../../lib/access';
import type { Auth } from '../auth';
import type { RateLimiter } from '../ratelimit';
import type { BoardStore } from '../storage/BoardStore';
import type { BoardSummaries } from '../documents';
import type { QuestionLibrary } from '../questions/library';

/** Effects of board changes on open connections and documents (implemented by the sync endpoint). */
export interface BoardControl {
  /** The interview ended: candidates turn read-only, and every open browser is told. */
  boardEnded(boardId: string, endedAt: number): Promise<void>;
  /** A link was revoked or replaced: connections that used it close at once. */
  linkRevoked(boardId: string, role: LinkRole): void;
  /** The board is about to be deleted: close its connections and drop its rooms unsaved. */
  boardDeleted(boardId: string): Promise<void>;
}

/** The API's dependencies. */
export interface ApiContext {
  store: BoardStore;
  auth: Auth;
  control: BoardControl;
  summaries: BoardSummaries;
  questions: QuestionLibrary;
  publicUrl: string | null;
  signInLimiter: RateLimiter;
  createLimiter: RateLimiter;
}
