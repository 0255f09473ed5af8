/**
 * The start-up sweep: compacts the logs a server that stopped (a crash, a kill, a deploy) left
 * uncompacted. A board's log is compacted when its room unloads and, while it is open, some minutes
 * behind; a server that stops first leaves the rest, and on a clean shutdown the compactor stops
 * before the rooms unload. So once the server listens it looks through the stored documents and
 * compacts, up to the same delay, those whose log holds entries older than that after its
 * compaction cursor (docs/architecture.md, "Storage").
 */
import type { BoardStore } from './storage/BoardStore';
import type { CompactionResult } from './compaction';
import { log } from './log';

/**
 * Documents looked at per store query: a few index lookups each, ~1 ms a page on the SQLite
 * thread (where appends wait their turn) however many boards are stored (docs/architecture.md,
 * "Storage").
 */
export const SWEEP_PAGE_DOCS = 200;

/** What the sweep needs of the server. */
export interface SweepDeps {
  store: Pick<BoardStore, 'staleLogs'>;
  /**
   * Compacts a document's log up to `before` (the server's compaction, under the document's lock
   * on PostgreSQL); null when there was nothing to do or someone else did it. Never rejects.
   */
  compact(docId: string, before: number): Promise<CompactionResult | null>;
  /** Whether a document is open in a room here: its room's own sweep compacts it. */
  isOpen(docId: string): boolean;
  /** How far behind the present compaction stops (as for open boards). */
  staleAfterMs: number;
  now?: () => number;
  pageDocs?: number;
}

/** A sweep under way. */
export interface CompactionSweep {
  /**
   * Starts nothing more: the compaction under way (if any) is the last, and the sweep ends once it
   * does; resolves then. The server stops its compactor too, which abandons a merge under way, so
   * a close never waits for more than one step of one document.
   */
  stop(): Promise<void>;
}

/**
 * Starts the sweep in the background: a page of documents at a time, in id order, one document
 * compacted at a time (the compactor yields to the event loop every few milliseconds), skipping
 * those open here. Logs what it did once it ends, if it did anything.
 */
export function sweepStaleLogs(deps: SweepDeps): CompactionSweep {
  const now = deps.now ?? Date.now;
  const pageDocs = deps.pageDocs ?? SWEEP_PAGE_DOCS;
  let stopped = false;

  async function sweep(): Promise<void> {
    const started = performance.now();
    let docs = 0;
    let entriesBefore = 0;
    let entriesAfter = 0;
    for (let after: string | null = ''; after !== null && !stopped;) {
      const page = await deps.store.staleLogs(now() - deps.staleAfterMs, after, pageDocs);
      for (const docId of page.docIds) {
        if (stopped) break;
        if (deps.isOpen(docId)) continue;
        const result = await deps.compact(docId, now() - deps.staleAfterMs);
        if (!result) continue;
        docs++;
        entriesBefore += result.entriesBefore;
        entriesAfter += result.entriesAfter;
      }
      after = page.next;
    }
    if (docs > 0) {
      log.info('compacted the logs a stopped server left', {
        docs,
        entriesBefore,
        entriesAfter,
        ms: Math.round(performance.now() - started),
        stopped,
      });
    }
  }

  const done = sweep().catch((err: unknown) => {
    // The store closing under a stopped sweep is no failure; the next start sweeps again.
    if (!stopped) log.error('sweeping uncompacted logs failed', { err: String(err) });
  });
  return {
    stop() {
      stopped = true;
      return done;
    },
  };
}
