'use client';
import { useState } from 'react';
import type { BoardMeta } from '../../lib/api';
import { canEditBoard, type Role } from '../../lib/access';
import { openEarly } from '../../lib/board/connection';
import { codeSlot } from '../codeSlot';
import { loadBoardCanvas } from './canvasCode';

interface ScreenProps {
  board: BoardMeta;
  role: Role;
}

// tldraw and the stored identity exist only in the browser: both screens load in their own
// chunks, after the page, and render nothing until then. The connection's code is imported here
// (it is only called in the browser) so that the board syncs while those chunks download.
const entry = codeSlot<ScreenProps>(() => import('./BoardEntry').then((m) => m.default), null);
const review = codeSlot<ScreenProps>(() => import('../review/ReviewScreen').then((m) => m.default), null);

/** A board page (client side): the live board, or its review (history, replay, exports). */
export function BoardScreen({ board, role, review: isReview }: ScreenProps & { review: boolean }) {
  // The screen's code and the canvas's are requested in the page's first render in the browser,
  // together, and the live board's connection opens then: the canvas's chunk does not wait for
  // the screen's to arrive and render first, and the board syncs while they download
  // (docs/architecture.md, "Pages open fast").
  useState(() => {
    if (typeof window === 'undefined') return;
    if (!isReview) {
      performance.mark('boardroom:connect');
      openEarly(board.id, { keepLocalCopy: canEditBoard(role, board.status) });
    }
    void (isReview ? review : entry).load();
    void loadBoardCanvas();
  });
  return isReview ? <review.Slot board={board} role={role} /> : <entry.Slot board={board} role={role} />;
}
