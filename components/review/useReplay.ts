'use client';
import { useCallback, useEffect, useState } from 'react';
import type { BoardDoc } from '../../lib/board/schema';
import { decodeLog } from '../../lib/history';
import { ReplayEngine } from '../../lib/board/replay';

/** How often the review page of a live board asks for new log entries. */
export const FOLLOW_EVERY_MS = 500;

function logUrl(boardId: string, from: number): string {
  return `/api/boards/${encodeURIComponent(boardId)}/log${from > 0 ? `?from=${from}` : ''}`;
}

async function fetchLog(boardId: string, from: number) {
  const res = await fetch(logUrl(boardId, from), { cache: 'no-store' });
  if (!res.ok) throw new Error(`could not load the board's history (${res.status})`);
  return decodeLog(new Uint8Array(await res.arrayBuffer()));
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
    let current: ReplayEngine | null = null;
    const follow = async () => {
      if (cancelled || !current) return;
      try {
        const more = await fetchLog(boardId, current.entries.length);
        if (!cancelled && more.length > 0) {
          current.append(more);
          setVersion((v) => v + 1);
        }
      } catch {
        // a missed poll: the next one asks again from the same position
      }
      if (!cancelled) timer = window.setTimeout(() => void follow(), FOLLOW_EVERY_MS);
    };
    fetchLog(boardId, 0).then(
      (entries) => {
        if (cancelled) return;
        current = new ReplayEngine(entries);
        setEngine(current);
        if (live) timer = window.setTimeout(() => void follow(), FOLLOW_EVERY_MS);
      },
      (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
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
