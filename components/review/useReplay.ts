'use client';
import { useCallback, useEffect, useState } from 'react';
import type { BoardDoc } from '../../lib/board/schema';
import {
  boardLogPath,
  decodeLog,
  FOLLOW_ENTRIES_MAX,
  LOG_THROUGH_HEADER,
  type LogEntry,
} from '../../lib/history';
import { ReplayEngine } from '../../lib/board/replay';

/** How often the review page of a live board asks for new log entries. */
export const FOLLOW_EVERY_MS = 500;
/** How long one slice of filling in the seek checkpoints may run before yielding to the page. */
const FILL_SLICE_MS = 8;

/** A piece of the log and the last log position it covers (LOG_THROUGH_HEADER). */
interface LogPiece {
  entries: LogEntry[];
  through: number;
}

/**
 * The whole log, or (with `after`) the entries stored after that log position. The whole log is
 * asked for exactly as the page's preload asked (same URL, mode and credentials), so the browser
 * hands over the response the preload started before this code loaded; the server marks every
 * API response no-store, so nothing is kept after that.
 *
 * Following asks by log position, which the server reads by its index. Live compaction rewrites
 * the older part of the log, but a merged entry takes the last position of what it merged: what
 * comes after the page's last position is new, or (merged with older entries the page holds)
 * holds content the page also holds, which a Yjs update may carry twice (docs/architecture.md,
 * "Review replay").
 */
async function fetchLog(boardId: string, after?: number): Promise<LogPiece> {
  const res =
    after === undefined
      ? await fetch(boardLogPath(boardId))
      : await fetch(`${boardLogPath(boardId)}?after=${after}`, { cache: 'no-store' });
  if (!res.ok) {
    const reason = ((await res.json().catch(() => null)) as { error?: string } | null)?.error;
    if (res.status === 429 || res.status === 503) {
      const seconds = Number(res.headers.get('retry-after'));
      throw new Busy(reason ?? 'the server is busy', retryDelayMs(seconds));
    }
    throw new Error(`Could not load the board's history: ${reason ?? `the server answered ${res.status}`}.`);
  }
  const entries = decodeLog(new Uint8Array(await res.arrayBuffer()));
  const through = Number(res.headers.get(LOG_THROUGH_HEADER));
  if (!Number.isSafeInteger(through)) throw new Error("the board's history came without its position");
  return { entries, through };
}

/**
 * The server turned the request away for now (429 or 503: too many reads, or busy reading or
 * sending other boards) and said when to ask again: the page waits and asks again by itself.
 */
class Busy extends Error {
  constructor(
    message: string,
    readonly retryInMs: number,
  ) {
    super(message);
  }
}

/** Waiting between tries of the first load: what the server asked for, within 1 to 30 seconds. */
export function retryDelayMs(retryAfterSeconds: number): number {
  const seconds = Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? retryAfterSeconds : 5;
  return Math.min(30, Math.max(1, Math.ceil(seconds))) * 1000;
}

/** Waiting before asking again when the server could not be reached at all. */
const UNREACHABLE_RETRY_MS = 5_000;

/** While the first load waits to ask again: the server's reason and when the page asks again. */
export interface ReplayWait {
  reason: string;
  retryAt: number;
}

/**
 * The replay engine for a board, from its update log. While the board is live, new entries are
 * fetched every FOLLOW_EVERY_MS and appended (`version` counts the appends), so the review page
 * follows the interview without a reload.
 */
export function useReplayEngine(
  boardId: string,
  live: boolean,
): { engine: ReplayEngine | null; error: string | null; wait: ReplayWait | null; version: number } {
  const [engine, setEngine] = useState<ReplayEngine | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [wait, setWait] = useState<ReplayWait | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let cancelled = false;
    let timer = 0;
    let current: ReplayEngine | null = null;
    let through = 0;
    const follow = async () => {
      if (cancelled || !current) return;
      let full = false;
      try {
        const more = await fetchLog(boardId, through);
        if (cancelled) return;
        through = Math.max(through, more.through);
        if (more.entries.length > 0) {
          current.append(more.entries);
          setVersion((v) => v + 1);
        }
        full = more.entries.length >= FOLLOW_ENTRIES_MAX; // more is waiting: ask at once
      } catch {
        // a missed poll: the next one asks again from the same position
      }
      if (!cancelled) timer = window.setTimeout(() => void follow(), full ? 0 : FOLLOW_EVERY_MS);
    };
    const load = () =>
      fetchLog(boardId).then(
        (log) => {
          if (cancelled) return;
          performance.mark('boardroom:log-received');
          through = log.through;
          current = new ReplayEngine(log.entries);
          performance.mark('boardroom:replay-built');
          setWait(null);
          setEngine(current);
          if (live) timer = window.setTimeout(() => void follow(), FOLLOW_EVERY_MS);
        },
        (err: unknown) => {
          if (cancelled) return;
          // Busy, or the server out of reach (restarting): ask again; anything else is final.
          const retryInMs =
            err instanceof Busy ? err.retryInMs : err instanceof TypeError ? UNREACHABLE_RETRY_MS : 0;
          if (retryInMs > 0) {
            const reason = err instanceof Busy ? err.message : 'the server could not be reached';
            setWait({ reason, retryAt: Date.now() + retryInMs });
            timer = window.setTimeout(() => void load(), retryInMs);
          } else setError(err instanceof Error ? err.message : String(err));
        },
      );
    void load();
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [boardId, live]);
  return { engine, error, wait, version };
}

/**
 * Prepares seeking once the canvas shows the board (`shown`), and again after each append
 * (`version`): fills in the seek checkpoints, then reads each once through the shared values
 * (ReplayEngine.fillCheckpoints, warmSeeks), in FILL_SLICE_MS slices that yield to the page.
 * Not before: it would slow down the page's opening, which needs none of it.
 */
export function usePreparedSeeks(engine: ReplayEngine, version: number, shown: boolean): void {
  useEffect(() => {
    if (!shown) return;
    let timer = 0;
    const slice = () => {
      const done = engine.fillCheckpoints(FILL_SLICE_MS) && engine.warmSeeks(FILL_SLICE_MS);
      timer = done ? 0 : window.setTimeout(slice, 0);
    };
    timer = window.setTimeout(slice, 0);
    return () => window.clearTimeout(timer);
  }, [engine, version, shown]);
}

/** Where the replay stands: a log position and the document as of then. */
export interface ReplayPosition {
  index: number;
  doc: BoardDoc;
}

/**
 * The replay's position. `seek` moves the engine outside React's render and calls `onShow`
 * (stable) with the document at once, so the canvas and the panel change in the same frame.
 */
export function useReplayPosition(
  engine: ReplayEngine,
  onShow: (doc: BoardDoc) => void,
): { position: ReplayPosition; seek: (index: number) => void } {
  const [position, setPosition] = useState<ReplayPosition>(() => {
    const index = engine.entries.length;
    const doc = engine.docAtIndex(index);
    onShow(doc);
    return { index, doc };
  });
  const seek = useCallback(
    (index: number) => {
      const doc = engine.docAtIndex(index);
      onShow(doc);
      setPosition({ index: Math.max(0, Math.min(engine.entries.length, Math.floor(index))), doc });
    },
    [engine, onShow],
  );
  return { position, seek };
}
