/** What the API routes need from the server. */
import type { Auth } from '../auth';
import type { Limiter } from '../ratelimit';
import type { BoardStore } from '../storage/BoardStore';
import type { BoardSummaries } from '../documents';
import type { OriginPolicy, TrustedProxies } from '../origin';
import type { BoardControl } from '../sync/policy';
import type { QuestionLibrary } from '../questions/library';
import type { Lanes } from '../lanes';
import type { MergeThread } from '../mergeThread';
import type { HeldResponses } from '../heldResponses';

export type { BoardControl };

/** The API's dependencies. */
export interface ApiContext {
  store: BoardStore;
  auth: Auth;
  control: BoardControl;
  summaries: BoardSummaries;
  origins: OriginPolicy;
  trustedProxies: TrustedProxies;
  questions: QuestionLibrary;
  signInLimiter: Limiter;
  createLimiter: Limiter;
  /** Uploads per board per minute. */
  assetLimiter: Limiter;
  /** Reads of a board's whole record per credential per board per minute. */
  reviewReadLimiter: Limiter;
  /** Largest total of uploaded files one board may hold, bytes. */
  maxAssetBytesPerBoard: number;
  /** Bytes of uploads still arriving, by board (they count against the board's room). */
  uploadsUnderWay: Map<string, number>;
  /**
   * Rebuilds a board at a moment, and reads its summary and records, off the event loop (a thread
   * of the merge program at the usual priority).
   */
  history: Pick<MergeThread, 'rebuildAt' | 'readBoard'>;
  /** Turns for building export bundles. */
  exports: Lanes;
  /** Turns for reading whole boards from storage (summaries, exports, the dashboard). */
  boardReads: Lanes;
  /** Sends large answers and counts them until their clients have taken them. */
  held: HeldResponses;
  /**
   * Compacts what a board's log holds uncompacted from before the live-compaction delay (a server
   * stopped before it could: docs/architecture.md, "Storage"); resolves when done or when there
   * is nothing to do, never rejects.
   */
  compactStale: (boardId: string) => Promise<void>;
}
