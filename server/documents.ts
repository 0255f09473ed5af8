/**
 * The server reading board documents (for summaries, exports, dashboard timings): always from
 * storage, which holds every update anyone saw; what is read is computed off the event loop
 * (boardReads.ts).
 */
import type * as Y from 'yjs';
import type { BoardMeta, BoardSummary } from '../lib/api';
import { createBoardDoc } from '../lib/board/schema';
import { computeTimeline, type FrameworkEvent } from '../lib/board/timeline';
import { notesDocId } from '../lib/protocol';
import type { BoardRecord, BoardStore } from './storage/BoardStore';
import { applyStored } from './storage/docLog';
import type { BoardReadResult, BoardReader } from './boardReads';
import type { Lanes } from './lanes';
import { log } from './log';
import { toBoardMeta } from '../lib/api';

/** Rebuilds a document from storage, in this process (tests; the server reads with `readBoard`). */
export async function loadDocument(store: BoardStore, docId: string): Promise<Y.Doc> {
  const doc = createBoardDoc();
  applyStored(doc, await store.loadDoc(docId), (seq, err) =>
    log.error('stored update failed to apply', { doc: docId, seq, err: String(err) }),
  );
  return doc;
}

/** What to read from a board (boardReads.ts), with the notes loaded here when `withNotes`. */
export interface BoardReadWanted {
  summary?: { board: BoardMeta; now: number; withNotes: boolean };
  records?: boolean;
  events?: boolean;
}

/** Where boards are read from and by whom, and the turns for reading them. */
export interface BoardReading {
  store: BoardStore;
  /** The read thread. */
  reader: BoardReader;
  /**
   * Turns: a read holds the whole stored board (and its copy on the thread) until it is answered,
   * so only a few run at once; a burst of summaries of a 64 MiB board would otherwise hold one
   * copy per request (docs/architecture.md, "Storage"). 503 past the waiting line.
   */
  lanes: Lanes;
}

/** Reads what `wanted` asks for from a board's stored documents, in its turn. */
export async function readBoard(
  { store, reader, lanes }: BoardReading,
  boardId: string,
  wanted: BoardReadWanted,
): Promise<BoardReadResult> {
  return lanes.run(async () => {
    const { summary, ...rest } = wanted;
    const [stored, notes] = await Promise.all([
      store.loadDoc(boardId),
      summary?.withNotes ? store.loadDoc(notesDocId(boardId)) : null,
    ]);
    const read = await reader.readBoard(stored, {
      ...rest,
      ...(summary ? { summary: { board: summary.board, now: summary.now, notes } } : {}),
    });
    for (const bad of read.badEntries) {
      const doc = bad.doc === 'notes' ? notesDocId(boardId) : boardId;
      log.error('stored update failed to apply', { doc, seq: bad.seq, err: bad.err });
    }
    return read;
  });
}

/** Dashboard rows asked for at once (the board reads' turns then decide how many run). */
const READS_AT_ONCE = 4;

/**
 * Dashboard rows. What a row needs from a board's document (its framework events) is kept until
 * the document's log moves on (`logHeads`, one query for every board); the timing is computed
 * from them at each request, so a running clock is always current without reloading anything.
 */
export class BoardSummaries {
  private readonly events = new Map<string, { head: number; events: FrameworkEvent[] }>();

  constructor(private readonly reading: BoardReading) {}

  /** Every board with its timing at `now`, in the order given. */
  async summarizeAll(boards: readonly BoardRecord[], now: number): Promise<BoardSummary[]> {
    const heads = await this.reading.store.logHeads(boards.map((b) => b.id));
    const stale = boards.flatMap((board, i) => {
      const head = heads[i]!;
      return this.events.get(board.id)?.head === head ? [] : [{ board, head }];
    });
    // A few at a time, so that a dashboard of 1,000 boards never fills the board reads' waiting line.
    let next = 0;
    const readNext = async (): Promise<void> => {
      for (let item = stale[next++]; item; item = stale[next++]) {
        const read = await readBoard(this.reading, item.board.id, { events: true });
        this.events.set(item.board.id, { head: item.head, events: read.events ?? [] });
      }
    };
    await Promise.all(Array.from({ length: Math.min(READS_AT_ONCE, stale.length) }, readNext));
    return boards.map((board) => {
      const t = computeTimeline(this.events.get(board.id)?.events ?? [], board.endedAt ?? now);
      return {
        ...toBoardMeta(board),
        totalMs: t.totalMs,
        perStepMs: t.perStepMs,
        currentStep: t.currentStep,
        started: t.startedAt !== null,
      };
    });
  }

  /** Forgets a deleted board. */
  forget(boardId: string): void {
    this.events.delete(boardId);
  }
}
