'use client';
import dynamic from 'next/dynamic';
import type { BoardMeta } from '../../lib/api';
import type { Role } from '../../lib/access';

// tldraw, the sync client and the stored identity exist only in the browser.
const BoardEntry = dynamic(() => import('./BoardEntry'), { ssr: false });

/** A board page (client side): the live board, or its read-only review. */
export function BoardScreen(props: { board: BoardMeta; role: Role; review: boolean }) {
  return <BoardEntry {...props} />;
}
