/**
 * The server reading board documents (for summaries, dashboard timings, history): always from
 * storage, which holds every update anyone saw, and always through lib/board's accessors.
 */
import * as Y from 'yjs';
import type { BoardSummary } from '../lib/api';
import { createBoardDoc } from '../lib/board/schema';
import { readFrameworkEvents } from '../lib/board/framework';
import { computeTimeline } from '../lib/board/timeline';
import type { BoardRecord, BoardStore, StoredDoc } from './storage/BoardStore';
import { log } from './log';
import { toBoardMeta } from './api/boards';

/** Where a rebuilt document stands in its log. */
export interface AppliedLog {
  /** Last log position applied (0 for none). */
  lastSeq: number;
  /** Server time of that position. */
  lastAt: number;
  /** Bytes applied: the snapshot plus every update since. */
  bytes: number;
}

/**
 * Applies a stored document (newest snapshot, then the updates after it) to `doc`. An entry that
 * does not apply is reported and skipped: the server never stores those, so it means corruption,
 * and the rest of the document is still worth having.
 */
export function applyStored(
  doc: Y.Doc,
  stored: StoredDoc,
  onBadEntry: (seq: number, err: unknown) => void,
): AppliedLog {
  const out: AppliedLog = { lastSeq: 0, lastAt: 0, bytes: 0 };
  doc.transact(() => {
    if (stored.snapshot) {
      Y.applyUpdate(doc, stored.snapshot.bytes);
      out.bytes += stored.snapshot.bytes.length;
      out.lastSeq = stored.snapshot.seq;
      out.lastAt = stored.snapshot.at;
    }
    for (const u of stored.updates) {
      try {
        Y.applyUpdate(doc, u.bytes);
      } catch (err) {
        onBadEntry(u.seq, err);
      }
      out.bytes += u.bytes.length;
      out.lastSeq = u.seq;
      out.lastAt = u.at;
    }
  });
  return out;
}

/** Rebuilds a document from storage. */
export async function loadDocument(store: BoardStore, docId: string): Promise<Y.Doc> {
  const doc = createBoardDoc();
  applyStored(doc, await store.loadDoc(docId), (seq, err) =>
    log.error('stored update failed to apply', { doc: docId, seq, err: String(err) }),
  );
  return doc;
}

/** Dashboard rows, cached per board until it changes (ended boards never change again). */
export class BoardSummaries {
  private readonly cache = new Map<
    string,
    { key: string; timing: Pick<BoardSummary, 'totalMs' | 'perStepMs' | 'currentStep'> }
  >();

  constructor(private readonly store: BoardStore) {}

  /** The board with its timing at `now`. */
  async summarize(board: BoardRecord, now: number): Promise<BoardSummary> {
    // A running clock changes with time: live boards are recomputed at most every 5 seconds.
    const key = `${board.updatedAt}:${board.status}:${board.endedAt ?? Math.floor(now / 5_000)}`;
    let entry = this.cache.get(board.id);
    if (!entry || entry.key !== key) {
      const doc = await loadDocument(this.store, board.id);
      const t = computeTimeline(readFrameworkEvents(doc), board.endedAt ?? now);
      doc.destroy();
      entry = { key, timing: { totalMs: t.totalMs, perStepMs: t.perStepMs, currentStep: t.currentStep } };
      this.cache.set(board.id, entry);
    }
    return { ...toBoardMeta(board), ...entry.timing };
  }

  /** Forgets a deleted board. */
  forget(boardId: string): void {
    this.cache.delete(boardId);
  }
}
