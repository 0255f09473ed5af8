import { describe, expect, it } from 'vitest';
import { NOTE_GAP, freeSpotBeside } from './notePlacement';

const size = { w: 200, h: 120 };
const overlap = (a: { x: number; y: number }, b: { x: number; y: number; w: number; h: number }) =>
  a.x < b.x + b.w && b.x < a.x + size.w && a.y < b.y + b.h && b.y < a.y + size.h;

describe('freeSpotBeside', () => {
  it('puts the first note right of the drawing, level with its top', () => {
    const drawing = { x: 0, y: 0, w: 600, h: 300 };
    expect(freeSpotBeside(drawing, [drawing], size, { x: 0, y: 0 })).toEqual({ x: 600 + 2 * NOTE_GAP, y: 0 });
  });

  it('offsets each new note below the last, never on a shape', () => {
    const drawing = { x: 0, y: 0, w: 600, h: 300 };
    const obstacles = [drawing];
    const spots = [];
    for (let i = 0; i < 4; i++) {
      const s = freeSpotBeside(drawing, obstacles, size, { x: 0, y: 0 });
      for (const o of obstacles) expect(overlap(s, o)).toBe(false);
      spots.push(s);
      obstacles.push({ ...s, ...size });
    }
    expect(new Set(spots.map((s) => `${s.x},${s.y}`)).size).toBe(4);
    expect(spots[1]!.y).toBeGreaterThan(spots[0]!.y);
  });

  it('steps around a shape drawn where the column would go', () => {
    const drawing = { x: 0, y: 0, w: 600, h: 300 };
    const inTheWay = { x: 650, y: -20, w: 100, h: 100 };
    const s = freeSpotBeside(drawing, [drawing, inTheWay], size, { x: 0, y: 0 });
    expect(overlap(s, inTheWay)).toBe(false);
  });
});
