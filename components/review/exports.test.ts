import { describe, expect, it } from 'vitest';
import { MAX_PNG_SIDE_PX, pngPixelRatio } from './exports';

describe('PNG export size', () => {
  it('is twice the drawing for a small board', () => {
    expect(pngPixelRatio(420, 180)).toBe(2);
  });

  it('is capped at the longest side for a big one (issue 12, 9: 3976 px before)', () => {
    for (const [w, h] of [
      [1_988, 1_700],
      [6_000, 300],
      [300, 9_000],
    ] as const) {
      const ratio = pngPixelRatio(w, h);
      expect(ratio).toBeLessThan(2);
      // The picture is the drawing plus 32 px of padding on each side, times the ratio.
      expect(Math.round((Math.max(w, h) + 64) * ratio)).toBeLessThanOrEqual(MAX_PNG_SIDE_PX);
      expect(Math.round((Math.max(w, h) + 64) * ratio)).toBeGreaterThanOrEqual(MAX_PNG_SIDE_PX - 1);
    }
  });

  it("never goes below a quarter of the drawing's size", () => {
    expect(pngPixelRatio(50_000, 50_000)).toBe(0.25);
  });
});
