'use client';
/**
 * The canvas's code (tldraw and the component kit), loaded once and shown without Suspense
 * (docs/architecture.md, "Pages open fast").
 *
 * `next/dynamic` (React.lazy) shows its fallback and, once the chunk arrives, React holds the
 * reveal until 300 ms after that fallback appeared (its throttle against flashing fallbacks). On a
 * warm board open the chunk is in the cache and arrives within ~40 ms: the page then sat idle for
 * ~220 ms before mounting the editor (a trace of the board page: a 218 ms timer set by React).
 * Here the module's promise is kept, the slot reads the component from state, and shows a message
 * until it is there.
 */
import { useEffect, useState, type ComponentProps } from 'react';
import type BoardCanvasComponent from './BoardCanvas';
import { CanvasMessage } from './BoardFrame';

type BoardCanvas = typeof BoardCanvasComponent;

let loading: Promise<BoardCanvas> | null = null;
let loaded: BoardCanvas | null = null;

/** Starts loading the canvas's code (once); resolves to its component. */
export function loadBoardCanvas(): Promise<BoardCanvas> {
  loading ??= import('./BoardCanvas').then((m) => (loaded = m.default));
  return loading;
}

/** The canvas, once its code is loaded (the load starts here if nobody started it). */
export function BoardCanvasSlot(props: ComponentProps<BoardCanvas>) {
  const [Canvas, setCanvas] = useState<BoardCanvas | null>(() => loaded);
  useEffect(() => {
    if (Canvas) return;
    let cancelled = false;
    void loadBoardCanvas().then((c) => !cancelled && setCanvas(() => c));
    return () => {
      cancelled = true;
    };
  }, [Canvas]);
  return Canvas ? <Canvas {...props} /> : <CanvasMessage text="Loading the canvas…" />;
}
