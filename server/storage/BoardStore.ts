/**
 * Storage behind the server: boards, the append-only update log of every document, and
 * snapshots (compacted state) for fast loading. SQLite (embedded, one process) and PostgreSQL
 * (several instances) implement it; one conformance suite runs against both.
 */
import type { BoardStatus } from '../../lib/api';
import type { LinkRole } from '../../lib/access';
import type { LogActor } from '../../lib/history';
import type { QuestionContent } from '../../lib/questions/schema';

/** A board's stored metadata. */
export interface BoardRecord {
  id: string;
  title: string;
  prompt: string;
  status: BoardStatus;
  /** Unix ms. */
  createdAt: number;
  /** Unix ms of the last stored update of any of its documents. */
  updatedAt: number;
  /** Unix ms the interviewer ended the interview, or null while live. */
  endedAt: number | null;
  /** The name the candidate gave (from their presence), or null before one joined. */
  candidateName: string | null;
  /** The library question the board was created from, or null for a blank board. */
  questionId: string | null;
  /** That question's title when the board was created (kept if the question changes later). */
  questionTitle: string | null;
}

/** A board to create. */
export type NewBoard = Pick<BoardRecord, 'id' | 'title' | 'prompt' | 'createdAt'> &
  Partial<Pick<BoardRecord, 'questionId' | 'questionTitle'>>;

/** A workspace question (the built-in ones ship with the code and are never stored). */
export interface StoredQuestion {
  id: string;
  /** Validated by the caller before storing, and again when read back. */
  content: QuestionContent;
  /** Archived questions are kept but left out of the board-creation picker. */
  archived: boolean;
  createdAt: number;
  updatedAt: number;
}

/** Hashes of a board's current link tokens (null when revoked and not regenerated). */
export type LinkHashes = Record<LinkRole, Uint8Array | null>;

/** Who made a change, as far as the server knows it (recorded with the update). */
export type UpdateActor = LogActor;

/** One entry of a document's update log. */
export interface StoredUpdate {
  /**
   * Position in the log; increases with every append. PostgreSQL numbers each document densely
   * (1, 2, 3, ...); SQLite uses one counter for every document. Compaction leaves gaps.
   */
  seq: number;
  /** Server time of the append, unix ms; never decreases within one document. */
  at: number;
  bytes: Uint8Array;
  /** Who sent it, or null when unknown (older entries, seeds). */
  actor: UpdateActor | null;
  /** The interview step in effect once it was stored (0-based), or null (older entries, notes). */
  step: number | null;
}

/** Which part of a log `readEncodedLog` reads. */
export interface EncodedLogRange {
  afterSeq?: number;
  limit?: number;
  skip?: number;
}

/** A log encoded for the review page, and the last log position read (null: none was). */
export interface EncodedLog {
  bytes: Uint8Array;
  through: number | null;
}

/** Compacted state of a document covering every update up to and including `seq`. */
export interface StoredSnapshot {
  seq: number;
  /** Server time of the last update the snapshot covers. */
  at: number;
  bytes: Uint8Array;
}

/** What a room needs to rebuild a document: newest snapshot plus the updates after it. */
export interface StoredDoc {
  snapshot: StoredSnapshot | null;
  updates: StoredUpdate[];
}

/**
 * A run of consecutive log entries merged into one update (log compaction). The merged entry
 * takes the run's last position and time, so "the state at T" never shows a change early.
 */
export interface LogRun {
  firstSeq: number;
  lastSeq: number;
  /** How many entries the run replaces (checked against the log before replacing). */
  count: number;
  /** Server time of the run's last entry. */
  at: number;
  bytes: Uint8Array;
  /** Actor of the run (compaction never merges two actors' entries). */
  actor: UpdateActor | null;
  /** Step of the run's last entry. */
  step: number | null;
}

/** A page of `staleLogs`. */
export interface StaleLogPage {
  /** The documents looked at whose log holds something to compact, in the order looked at. */
  docIds: string[];
  /** The last document looked at, where the next page starts; null once there are no more. */
  next: string | null;
}

/** An update to append. */
export interface UpdateToAppend {
  docId: string;
  bytes: Uint8Array;
  /** Who made it (the connection it came from, or the server); null when unknown. */
  actor?: UpdateActor | null;
  /** The interview step in effect once it applied; null when unknown or not a board document. */
  step?: number | null;
}

/** An interviewer's assessment, published to the review link. */
export interface StoredAssessment {
  /** JSON text, as validated when it was published. */
  content: string;
  publishedAt: number;
}

/** An uploaded file (pasted image, video) that belongs to a board. */
export interface StoredAsset {
  boardId: string;
  id: string;
  contentType: string;
  bytes: Uint8Array;
  createdAt: number;
}

/** The storage interface every backend implements. */
export interface BoardStore {
  /** Creates a board, its link token hashes and its first update (the seed) in one transaction. */
  createBoard(board: NewBoard, seed: Uint8Array, links: LinkHashes): Promise<BoardRecord>;
  /** The board, or null when unknown. */
  getBoard(id: string): Promise<BoardRecord | null>;
  /** Every board, newest first. */
  listBoards(): Promise<BoardRecord[]>;
  /** Records the candidate's display name. */
  setCandidateName(id: string, name: string): Promise<void>;
  /** Deletes a board and every stored byte of it (documents, snapshots, assets, links). */
  deleteBoard(id: string): Promise<boolean>;
  /** Marks a board ended (idempotent); returns the updated board. */
  endBoard(id: string, at: number): Promise<BoardRecord | null>;
  /** The board's current link token hashes. */
  getLinkHashes(id: string): Promise<LinkHashes | null>;
  /** Replaces a link's token hash (null revokes it); the old hash is remembered as revoked. */
  replaceLinkHash(id: string, role: LinkRole, hash: Uint8Array | null, at: number): Promise<void>;
  /** The role a revoked token hash belonged to on this board, or null. */
  findRevokedLink(id: string, hash: Uint8Array): Promise<LinkRole | null>;
  /** Stores an interviewer session (by token hash). */
  createSession(hash: Uint8Array, createdAt: number, expiresAt: number): Promise<void>;
  /** True when the session exists and has not expired at `now`. */
  isSessionValid(hash: Uint8Array, now: number): Promise<boolean>;
  /** Deletes a session. */
  deleteSession(hash: Uint8Array): Promise<void>;
  /**
   * Appends updates in one transaction and returns, in order, their sequence numbers and
   * server timestamps. Resolves only once the write is durable.
   */
  appendUpdates(updates: UpdateToAppend[]): Promise<Array<{ seq: number; at: number }>>;
  /** Every update of a document, in log order (the history: snapshots never remove entries). */
  readLog(docId: string): Promise<StoredUpdate[]>;
  /**
   * The entries with afterSeq < seq <= throughSeq (no upper bound when omitted), in log order; at
   * most `limit` of them when given (the first ones), so a long log can be read a page at a time.
   */
  readLogRange(docId: string, afterSeq: number, throughSeq?: number, limit?: number): Promise<StoredUpdate[]>;
  /**
   * A document's log as the review page downloads it (lib/history.ts's wire format), encoded where
   * it is read: on the SQLite thread the event loop receives one buffer, where reading and encoding
   * a two-hour log held it for half a second (docs/architecture.md, "Storage"). The entries after
   * `afterSeq` (default: all), at most `limit`, leaving out the first `skip` of those read.
   */
  readEncodedLog(docId: string, range?: EncodedLogRange): Promise<EncodedLog>;
  /** The newest snapshot of a document and every update after it. */
  loadDoc(docId: string): Promise<StoredDoc>;
  /** Stores a snapshot covering the log up to `seq`, and drops the document's older snapshots. */
  writeSnapshot(docId: string, snapshot: StoredSnapshot): Promise<void>;
  /** The log position through which a document's log is compacted (0: never compacted). */
  compactedThrough(docId: string): Promise<number>;
  /**
   * The newest log position of each document, in the order asked (0: none). It moves whenever the
   * document changes, so a reader can keep what it derived from a document until it does.
   */
  logHeads(docIds: readonly string[]): Promise<number[]>;
  /**
   * Replaces each run by its merged entry and records the log as compacted through `through`,
   * in one transaction. Changes nothing and returns false when the log no longer holds exactly
   * the entries of every run (the board was deleted meanwhile).
   */
  compactLog(docId: string, runs: readonly LogRun[], through: number): Promise<boolean>;
  /**
   * Looks at up to `limit` documents that have a log, in the order of their ids after `afterDocId`
   * ('' for the first), and names those whose log holds entries after its compaction cursor stored
   * before `before`: what the server would have compacted had it not stopped before they unloaded
   * (the start-up sweep, docs/architecture.md, "Storage"). A page costs a few index lookups per
   * document however long the logs are, and a bounded number of them however many boards there are.
   * Ids are ordered byte by byte in SQLite and by the database's collation in PostgreSQL.
   */
  staleLogs(before: number, afterDocId: string, limit: number): Promise<StaleLogPage>;
  /**
   * Stores (or replaces) the published assessment of a board: its JSON text, kept byte for byte.
   * False when the board does not exist.
   */
  putAssessment(boardId: string, content: string, publishedAt: number): Promise<boolean>;
  /** The published assessment of a board, or null before one is published. */
  getAssessment(boardId: string): Promise<StoredAssessment | null>;
  /** Stores an uploaded asset. */
  putAsset(asset: StoredAsset): Promise<void>;
  /** An asset of a board, or null. */
  getAsset(boardId: string, id: string): Promise<StoredAsset | null>;
  /** Every asset of a board (without bytes), and their total size in bytes. */
  listAssets(
    boardId: string,
  ): Promise<{ assets: Array<{ id: string; createdAt: number; size: number }>; bytes: number }>;
  /** Deletes some assets of a board. */
  deleteAssets(boardId: string, ids: readonly string[]): Promise<void>;
  /** Every workspace question, archived ones included, oldest first. */
  listQuestions(): Promise<StoredQuestion[]>;
  /** A workspace question, or null. */
  getQuestion(id: string): Promise<StoredQuestion | null>;
  /** Inserts or replaces questions (by id) in one transaction: an import is all or nothing. */
  putQuestions(questions: readonly StoredQuestion[]): Promise<void>;
  /** Closes the store; pending writes are already durable. */
  close(): Promise<void>;
}
