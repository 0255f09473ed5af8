'use client';
import { useCallback, useEffect, useState } from 'react';
import type { BoardDoc } from '../../lib/board/schema';
import { boardLogPath, decodeLog, type LogEntry } from '../../lib/history';
import { ReplayEngine } from '../../lib/board/replay';

/** How often the review page of a live board asks for new log entries. */
export const FOLLOW_EVERY_MS = 500;
/** How long one slice of filling in the seek checkpoints may run before yielding to the page. */
const FILL_SLICE_MS = 8;

/**
 * The whole log, or (with `since`) the entries stamped at or after that server time. The whole
 * log is asked for exactly as the page's preload asked (same URL, mode and credentials), so the
 * browser hands over the response the preload started before this code loaded; the server marks
 * every API response no-store, so nothing is kept after that.
 */
async function fetchLog(boardId: string, since?: number) {
  const res =
    since === undefined
      ? await fetch(boardLogPath(boardId))
      : await fetch(`${boardLogPath(boardId)}?since=${since}`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`could not load the board's history (${res.status})`);
  return decodeLog(new Uint8Array(await res.arrayBuffer()));
}

/**
 * The entries after those the page holds. Asked by time, not by position: the server compacts
 * the older part of a live board's log, which moves positions but never an entry's time. The page
 * already holds the entries stamped at its last time; the server sends those again (or, compacted,
 * fewer of them, whose content the page also holds), so they are skipped.
 */
async function fetchNewer(boardId: string, held: readonly LogEntry[]): Promise<LogEntry[]> {
  const last = held.at(-1);
  if (!last) return fetchLog(boardId);
  let heldAtLast = 0;
  for (let i = held.length - 1; i >= 0 && held[i]!.at === last.at; i--) heldAtLast++;
  const more = await fetchLog(boardId, last.at);
  const sameTime = more.filter((e) => e.at === last.at);
  return [...sameTime.slice(heldAtLast), ...more.filter((e) => e.at > last.at)];
}

/**
 * The replay engine for a board, from its update log. While the board is live, new entries are
 * fetched every FOLLOW_EVERY_MS and appended (`version` counts the appends), so the review page
 * follows the interview without a reload.
 */
export function useReplayEngine(
  boardId: string,
  live: boolean,
): { engine: ReplayEngine | null; error: string | null; version: number } {
  const [engine, setEngine] = useState<ReplayEngine | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let cancelled = false;
    let timer = 0;
    let filling = 0;
    let current: ReplayEngine | null = null;
    // Checkpoints for seeking, filled in after the board shows, in slices that yield to the page.
    const fill = () => {
      filling = 0;
      if (cancelled || !current) return;
      if (!current.fillCheckpoints(FILL_SLICE_MS)) filling = window.setTimeout(fill, 0);
    };
    const startFilling = () => {
      if (!filling) filling = window.setTimeout(fill, 0);
    };
    const follow = async () => {
      if (cancelled || !current) return;
      try {
        const more = await fetchNewer(boardId, current.entries);
        if (!cancelled && more.length > 0) {
          current.append(more);
          setVersion((v) => v + 1);
          startFilling();
        }
      } catch {
        // a missed poll: the next one asks again from the same position
      }
      if (!cancelled) timer = window.setTimeout(() => void follow(), FOLLOW_EVERY_MS);
    };
    fetchLog(boardId).then(
      (entries) => {
        if (cancelled) return;
        performance.mark('boardroom:log-received');
        current = new ReplayEngine(entries);
        performance.mark('boardroom:replay-built');
        setEngine(current);
        startFilling();
        if (live) timer = window.setTimeout(() => void follow(), FOLLOW_EVERY_MS);
      },
      (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
      window.clearTimeout(filling);
    };
  }, [boardId, live]);
  return { engine, error, version };
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
