'use client';
/** The canvas's code (tldraw and the component kit), loaded once, in its own chunk. */
import type BoardCanvasComponent from './BoardCanvas';
import { CanvasMessage } from './BoardFrame';
import { codeSlot } from '../codeSlot';

const canvas = codeSlot(
  () => import('./BoardCanvas').then((m): typeof BoardCanvasComponent => m.default),
  <CanvasMessage text="Loading the canvas…" />,
);

/** Starts loading the canvas's code (once); resolves to its component. */
export const loadBoardCanvas = canvas.load;

/** The canvas, once its code is loaded (the load starts here if nobody started it). */
export const BoardCanvasSlot = canvas.Slot;
