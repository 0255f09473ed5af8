'use client';
import { useEffect, useMemo, useState } from 'react';
import { decodeLog } from '../../lib/history';
import { ReplayEngine } from '../../lib/board/replay';

/** The replay engine for a board, from its update log (downloaded once). */
export function useReplayEngine(boardId: string): {
  engine: ReplayEngine | null;
  error: string | null;
  reload: () => void;
} {
  const [bytes, setBytes] = useState<Uint8Array | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let cancelled = false;
    fetch(`/api/boards/${encodeURIComponent(boardId)}/log`, { cache: 'no-store' })
      .then(async (res) => {
        if (!res.ok) throw new Error(`could not load the board's history (${res.status})`);
        return new Uint8Array(await res.arrayBuffer());
      })
      .then(
        (b) => !cancelled && setBytes(b),
        (err: unknown) => !cancelled && setError(err instanceof Error ? err.message : String(err)),
      );
    return () => {
      cancelled = true;
    };
  }, [boardId, version]);
  const engine = useMemo(() => (bytes ? new ReplayEngine(decodeLog(bytes)) : null), [bytes]);
  return { engine, error, reload: () => setVersion((v) => v + 1) };
}
