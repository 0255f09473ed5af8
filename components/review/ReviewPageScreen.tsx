'use client';
import { useState } from 'react';
import type { BoardMeta } from '../../lib/api';
import type { Role } from '../../lib/access';
import { codeSlot } from '../codeSlot';
import { loadBoardCanvas } from '../board/canvasCode';

interface ScreenProps {
  board: BoardMeta;
  role: Role;
}

// The review and tldraw exist only in the browser: the screen loads in its own chunk, after the
// page, and renders nothing until then.
const review = codeSlot<ScreenProps>(() => import('./ReviewScreen').then((m) => m.default), null);

/** The review page (client side): history, replay, exports. */
export function ReviewPageScreen({ board, role }: ScreenProps) {
  // The screen's code and the canvas's are requested together in the page's first render in the
  // browser, while the log downloads (docs/architecture.md, "Pages open fast").
  useState(() => {
    if (typeof window === 'undefined') return;
    void review.load();
    void loadBoardCanvas();
  });
  return <review.Slot board={board} role={role} />;
}
