/**
 * The server reading board documents (for summaries, dashboard timings, history): always from
 * storage, which holds every update anyone saw, and always through lib/board's accessors.
 */
import type * as Y from 'yjs';
import type { BoardSummary } from '../lib/api';
import { createBoardDoc } from '../lib/board/schema';
import { readFrameworkEvents } from '../lib/board/framework';
import { computeTimeline } from '../lib/board/timeline';
import type { BoardRecord, BoardStore } from './storage/BoardStore';
import { applyStored } from './storage/docLog';
import { log } from './log';
import { toBoardMeta } from '../lib/api';

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
    { key: string; timing: Pick<BoardSummary, 'totalMs' | 'perStepMs' | 'currentStep' | 'started'> }
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
      entry = {
        key,
        timing: {
          totalMs: t.totalMs,
          perStepMs: t.perStepMs,
          currentStep: t.currentStep,
          started: t.startedAt !== null,
        },
      };
      this.cache.set(board.id, entry);
    }
    return { ...toBoardMeta(board), ...entry.timing };
  }

  /** Forgets a deleted board. */
  forget(boardId: string): void {
    this.cache.delete(boardId);
  }
}
