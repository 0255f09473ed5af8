'use client';
import dynamic from 'next/dynamic';
import type { BoardMeta } from '../../lib/api';

// tldraw, the sync client and the stored identity exist only in the browser.
const BoardEntry = dynamic(() => import('./BoardEntry'), { ssr: false });

/** A board page (client side). */
export function BoardScreen({ board }: { board: BoardMeta }) {
  return <BoardEntry board={board} />;
}
