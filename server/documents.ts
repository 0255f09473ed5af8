/**
 * The server reading board documents (for summaries, dashboard timings, history): always from
 * storage, which holds every update anyone saw, and always through lib/board's accessors.
 */
import type * as Y from 'yjs';
import type { BoardSummary } from '../lib/api';
import { createBoardDoc } from '../lib/board/schema';
import { readFrameworkEvents } from '../lib/board/framework';
import { computeTimeline, type FrameworkEvent } from '../lib/board/timeline';
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

/**
 * Dashboard rows. What a row needs from a board's document (its framework events) is kept until
 * the document's log moves on (`logHeads`, one query for every board); the timing is computed
 * from them at each request, so a running clock is always current without reloading anything.
 */
export class BoardSummaries {
  private readonly events = new Map<string, { head: number; events: FrameworkEvent[] }>();

  constructor(private readonly store: BoardStore) {}

  /** Every board with its timing at `now`, in the order given. */
  async summarizeAll(boards: readonly BoardRecord[], now: number): Promise<BoardSummary[]> {
    const heads = await this.store.logHeads(boards.map((b) => b.id));
    return Promise.all(
      boards.map(async (board, i) => {
        const head = heads[i]!;
        let kept = this.events.get(board.id);
        if (!kept || kept.head !== head) {
          const doc = await loadDocument(this.store, board.id);
          kept = { head, events: readFrameworkEvents(doc) };
          doc.destroy();
          this.events.set(board.id, kept);
        }
        const t = computeTimeline(kept.events, board.endedAt ?? now);
        return {
          ...toBoardMeta(board),
          totalMs: t.totalMs,
          perStepMs: t.perStepMs,
          currentStep: t.currentStep,
          started: t.startedAt !== null,
        };
      }),
    );
  }

  /** Forgets a deleted board. */
  forget(boardId: string): void {
    this.events.delete(boardId);
  }
}
