/**
 * Where the camera goes when the board zooms to something: inside the part of the canvas that
 * tldraw's own menus leave free (menu and page bar on top, toolbar at the bottom, the style panel
 * on the right while something is selected), never closer than a readable maximum.
 */
import type { Editor, TLCameraOptions } from 'tldraw';

/**
 * The zoom levels of every canvas: 10 % to 400 % (tldraw's default is 5 % to 800 %). tldraw draws
 * its pattern fill from images it renders and encodes as PNG on the page's main thread when the
 * editor first mounts, one per power of two up to the ratio of the largest step to the smallest;
 * 5-800 % meant images up to 2,048 px square (4,096 on a 2x screen), ~16 times the work of 10-400 %.
 * See docs/architecture.md, "Canvas zoom range".
 */
export const ZOOM_STEPS = [0.1, 0.25, 0.5, 1, 2, 4];

/** tldraw's camera options with the zoom range above; one object, so the editor is not re-made. */
export const CAMERA_OPTIONS: TLCameraOptions = {
  isLocked: false,
  wheelBehavior: 'pan',
  panSpeed: 1,
  zoomSpeed: 1,
  zoomSteps: ZOOM_STEPS,
};

/** A rectangle in page or screen units. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Space tldraw's menus take along each edge of the canvas, in screen pixels. */
export interface Insets {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The menus of tldraw's default UI: top bar, bottom toolbar. */
export const MENU_INSETS: Insets = { top: 56, right: 16, bottom: 76, left: 16 };
/** The style panel, shown on the right while shapes are selected. */
export const STYLE_PANEL_WIDTH_PX = 200;
/** Room left around what the camera shows, in screen pixels. */
export const FIT_PADDING_PX = 32;

/** Camera (tldraw's x, y, z) that shows `bounds` whole and centred in the free part of the view. */
export function cameraToFit(
  bounds: Rect,
  view: { w: number; h: number },
  insets: Insets,
  opts: { maxZoom: number; minZoom?: number; padding?: number },
): { x: number; y: number; z: number } {
  const pad = opts.padding ?? FIT_PADDING_PX;
  const freeW = Math.max(1, view.w - insets.left - insets.right - 2 * pad);
  const freeH = Math.max(1, view.h - insets.top - insets.bottom - 2 * pad);
  const fit = Math.min(freeW / Math.max(1, bounds.w), freeH / Math.max(1, bounds.h));
  const z = Math.max(opts.minZoom ?? ZOOM_STEPS[0]!, Math.min(opts.maxZoom, fit));
  // Screen = (page + camera) × zoom; the bounds' centre goes to the free area's centre.
  const cx = insets.left + (view.w - insets.left - insets.right) / 2;
  const cy = insets.top + (view.h - insets.top - insets.bottom) / 2;
  return { x: cx / z - (bounds.x + bounds.w / 2), y: cy / z - (bounds.y + bounds.h / 2), z };
}

/** Moves the camera of `editor` to show `bounds` in the free part of the view (see cameraToFit). */
export function fitInView(
  editor: Editor,
  bounds: Rect,
  opts: { maxZoom: number; styleOpen?: boolean },
): void {
  const view = editor.getViewportScreenBounds();
  const insets = opts.styleOpen ? { ...MENU_INSETS, right: STYLE_PANEL_WIDTH_PX + 16 } : MENU_INSETS;
  const camera = cameraToFit(bounds, { w: view.w, h: view.h }, insets, { maxZoom: opts.maxZoom });
  editor.setCamera(camera, { animation: { duration: 250 } });
}
