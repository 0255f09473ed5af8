'use client';
/**
 * What the canvas's own UI (properties editor, context menu, focus highlight) needs from the
 * board beyond tldraw: the board document's panel data and who is acting. Provided around
 * `<Tldraw>`, so tldraw's UI slots rendered inside it can read it.
 */
import { createContext, useContext } from 'react';
import type { BoardDoc } from '../../lib/board/schema';
import { observePanel } from '../../lib/board/schema';
import type { Actor } from '../../lib/board/timeline';
import { useObserved } from '../board/useObserved';

/** The canvas environment. */
export interface CanvasEnv {
  /** The board document (panel data: focus, estimates). */
  doc: BoardDoc;
  actor: Actor;
  /** Server time, unix ms. */
  now: () => number;
}

const CanvasEnvContext = createContext<CanvasEnv | null>(null);

/** Provides the canvas environment. */
export const CanvasEnvProvider = CanvasEnvContext.Provider;

/** The canvas environment, or null outside a board (nothing board-specific is shown then). */
export function useCanvasEnv(): CanvasEnv | null {
  return useContext(CanvasEnvContext);
}

const noop = () => () => {};
const none = () => null;

/** Reads panel data from the board document and re-reads it on every panel change. */
export function useBoardValue<T>(read: (doc: BoardDoc) => T): T | null {
  const env = useCanvasEnv();
  return useObserved<BoardDoc | null, T | null>(
    env?.doc ?? null,
    env ? (observePanel as (doc: BoardDoc | null, l: () => void) => () => void) : noop,
    env ? (read as (doc: BoardDoc | null) => T) : none,
  );
}
