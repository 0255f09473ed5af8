/**
 * Storage behind the server: boards, the append-only update log of every document, and
 * snapshots (compacted state) for fast loading. SQLite implements it today; a Postgres
 * implementation of the same interface comes with scale-out, hence the promises.
 */
import type { BoardStatus } from '../../lib/api';

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
}

/** One entry of a document's update log. */
export interface StoredUpdate {
  /** Position in the log; increases with every append. */
  seq: number;
  /** Server time of the append, unix ms; never decreases within one document. */
  at: number;
  bytes: Uint8Array;
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

/** An update to append. */
export interface UpdateToAppend {
  docId: string;
  bytes: Uint8Array;
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
  /** Creates a board and writes its first update (the seed) in one transaction. */
  createBoard(board: Omit<BoardRecord, 'updatedAt' | 'status'>, seed: Uint8Array): Promise<BoardRecord>;
  /** The board, or null when unknown. */
  getBoard(id: string): Promise<BoardRecord | null>;
  /**
   * Appends updates in one transaction and returns, in order, their sequence numbers and
   * server timestamps. Resolves only once the write is durable.
   */
  appendUpdates(updates: UpdateToAppend[]): Promise<Array<{ seq: number; at: number }>>;
  /** The newest snapshot of a document and every update after it. */
  loadDoc(docId: string): Promise<StoredDoc>;
  /** Stores a snapshot covering the log up to `seq`. */
  writeSnapshot(docId: string, snapshot: StoredSnapshot): Promise<void>;
  /** Stores an uploaded asset. */
  putAsset(asset: StoredAsset): Promise<void>;
  /** An asset of a board, or null. */
  getAsset(boardId: string, id: string): Promise<StoredAsset | null>;
  /** Closes the store; pending writes are already durable. */
  close(): Promise<void>;
}
