/**
 * The server reading board documents (for summaries, dashboard timings, history): always from
 * storage, which holds every update anyone saw, and always through lib/board's accessors.
 */
import * as Y from 'yjs';
import type { BoardSummary } from '../lib/api';
import { createBoardDoc } from '../lib/board/schema';
import { readFrameworkEvents } from '../lib/board/framework';
import { computeTimeline } from '../lib/board/timeline';
import type { BoardRecord, BoardStore } from './storage/BoardStore';
import { toBoardMeta } from './api/boards';

/** Rebuilds a document from its newest snapshot and the updates after it. */
export async function loadDocument(store: BoardStore, docId: string): Promise<Y.Doc> {
  const stored = await store.loadDoc(docId);
  const doc = createBoardDoc();
  doc.transact(() => {
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.bytes);
    for (const u of stored.updates) {
      try {
        Y.applyUpdate(doc, u.bytes);
      } catch {
        // the server never stores updates that do not apply; skip a corrupt one rather than fail
      }
    }
  });
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
