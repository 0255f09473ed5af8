'use client';
import dynamic from 'next/dynamic';
import type { BoardMeta } from '../../lib/api';
import type { Role } from '../../lib/access';

// tldraw, the sync client and the stored identity exist only in the browser.
const BoardEntry = dynamic(() => import('./BoardEntry'), { ssr: false });
const ReviewScreen = dynamic(() => import('../review/ReviewScreen'), { ssr: false });

/** A board page (client side): the live board, or its review (history, replay, exports). */
export function BoardScreen({ board, role, review }: { board: BoardMeta; role: Role; review: boolean }) {
  return review ? <ReviewScreen board={board} role={role} /> : <BoardEntry board={board} role={role} />;
}
