/**
 * Where a note from the panel goes on the canvas: in free space beside the drawing, never on a
 * shape. Pure geometry, so it is tested without a browser.
 */
import type { Rect } from '../canvas/camera';

/** Space kept between a placed note and anything else, in page units. */
export const NOTE_GAP = 32;
/** How far down a column of notes grows before the next column starts. */
const MAX_COLUMN_HEIGHT = 2_400;

function overlaps(a: Rect, b: Rect, gap: number): boolean {
  return a.x < b.x + b.w + gap && b.x < a.x + a.w + gap && a.y < b.y + b.h + gap && b.y < a.y + a.h + gap;
}

/**
 * The top-left corner for a `size` note: right of `drawing` (the shapes people drew), at its top,
 * moved down past every obstacle it would touch, and to a new column when one runs long. With no
 * drawing it goes at `fallback` (the middle of the view), still clear of obstacles.
 */
export function freeSpotBeside(
  drawing: Rect | null,
  obstacles: readonly Rect[],
  size: { w: number; h: number },
  fallback: { x: number; y: number },
): { x: number; y: number } {
  const top = drawing ? drawing.y : fallback.y;
  let x = drawing ? drawing.x + drawing.w + NOTE_GAP * 2 : fallback.x;
  let y = top;
  for (let guard = 0; guard < 10_000; guard++) {
    const spot = { x, y, w: size.w, h: size.h };
    const hit = obstacles.find((o) => overlaps(spot, o, NOTE_GAP / 2));
    if (!hit) return { x, y };
    y = hit.y + hit.h + NOTE_GAP;
    if (y - top > MAX_COLUMN_HEIGHT) {
      x += size.w + NOTE_GAP;
      y = top;
    }
  }
  return { x, y };
}
