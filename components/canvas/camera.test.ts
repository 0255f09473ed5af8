import { describe, expect, it } from 'vitest';
import { ZOOM_STEPS, cameraToFit, type Insets } from './camera';

const none: Insets = { top: 0, right: 0, bottom: 0, left: 0 };

function toScreen(p: { x: number; y: number }, c: { x: number; y: number; z: number }) {
  return { x: (p.x + c.x) * c.z, y: (p.y + c.y) * c.z };
}

describe('cameraToFit', () => {
  it('never zooms a small shape beyond the cap', () => {
    const c = cameraToFit({ x: 0, y: 0, w: 100, h: 50 }, { w: 1000, h: 800 }, none, { maxZoom: 1.25 });
    expect(c.z).toBe(1.25);
  });

  it('keeps the bounds inside the free area, padded, clear of the menus', () => {
    const insets = { top: 56, right: 216, bottom: 76, left: 16 };
    const bounds = { x: 500, y: 300, w: 2000, h: 600 };
    const c = cameraToFit(bounds, { w: 1280, h: 720 }, insets, { maxZoom: 1.25, padding: 32 });
    const tl = toScreen({ x: bounds.x, y: bounds.y }, c);
    const br = toScreen({ x: bounds.x + bounds.w, y: bounds.y + bounds.h }, c);
    expect(tl.x).toBeGreaterThanOrEqual(16 + 32 - 0.01);
    expect(tl.y).toBeGreaterThanOrEqual(56 + 32 - 0.01);
    expect(br.x).toBeLessThanOrEqual(1280 - 216 - 32 + 0.01);
    expect(br.y).toBeLessThanOrEqual(720 - 76 - 32 + 0.01);
  });

  it('never zooms out past the smallest zoom step of the canvas', () => {
    const c = cameraToFit({ x: 0, y: 0, w: 100_000, h: 50_000 }, { w: 1000, h: 800 }, none, {
      maxZoom: 1.25,
    });
    expect(c.z).toBe(ZOOM_STEPS[0]);
  });
});
