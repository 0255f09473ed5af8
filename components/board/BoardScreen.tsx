'use client';
import { useEffect, useState } from 'react';
import type { BoardMeta } from '../../lib/api';
import { canEditBoard, type Role } from '../../lib/access';
import { closeEarly, openEarly } from '../../lib/board/connection';
import { codeSlot } from '../codeSlot';
import { loadBoardCanvas } from './canvasCode';

interface ScreenProps {
  board: BoardMeta;
  role: Role;
}

// tldraw and the stored identity exist only in the browser: the screen loads in its own chunk,
// after the page, and renders nothing until then. The connection's code is imported here (it is
// only called in the browser) so that the board syncs while those chunks download. The review
// page has its own screen (ReviewPageScreen), which loads none of it.
const entry = codeSlot<ScreenProps>(() => import('./BoardEntry').then((m) => m.default), null);

/** How many `BoardScreen`s show each board now. */
const mounted = new Map<string, number>();

/** The live board page (client side). */
export function BoardScreen({ board, role }: ScreenProps) {
  // The screen's code and the canvas's are requested in the page's first render in the browser,
  // together, and the board's connection opens then: the canvas's chunk does not wait for the
  // screen's to arrive and render first, and the board syncs while they download
  // (docs/architecture.md, "Pages open fast").
  useState(() => {
    if (typeof window === 'undefined') return;
    performance.mark('boardroom:connect');
    openEarly(board.id, { keepLocalCopy: canEditBoard(role, board.status) });
    void entry.load();
    void loadBoardCanvas();
  });
  // Left before the screen took the connection (an in-app link, the browser's back button): it
  // is closed. Checked a turn later, as React's development mode unmounts and mounts again at once.
  useEffect(() => {
    mounted.set(board.id, (mounted.get(board.id) ?? 0) + 1);
    return () => {
      const left = (mounted.get(board.id) ?? 1) - 1;
      if (left > 0) mounted.set(board.id, left);
      else mounted.delete(board.id);
      setTimeout(() => {
        if (!mounted.has(board.id)) closeEarly(board.id);
      }, 0);
    };
  }, [board.id]);
  return <entry.Slot board={board} role={role} />;
}
