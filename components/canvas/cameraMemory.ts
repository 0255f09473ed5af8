/**
 * The camera of a board is remembered per browser (localStorage, by board id) and restored when
 * the board opens again: a reload puts you back where you were. It is restored once, as the editor
 * mounts, before anything else moves the camera; zoom to fit and the focus zoom (camera.ts) move it
 * later as before, and what they do is remembered in turn.
 */
import { react, type Editor } from 'tldraw';

/** Shortest time between two writes while the camera moves (the last position is always written). */
const SAVE_EVERY_MS = 250;

const keyOf = (boardId: string) => `boardroom.camera.${boardId}`;

interface SavedCamera {
  x: number;
  y: number;
  z: number;
}

function read(boardId: string): SavedCamera | null {
  try {
    const v = JSON.parse(
      window.localStorage.getItem(keyOf(boardId)) ?? 'null',
    ) as Partial<SavedCamera> | null;
    if (!v || ![v.x, v.y, v.z].every((n) => typeof n === 'number' && Number.isFinite(n))) return null;
    if (v.z! <= 0) return null;
    return { x: v.x!, y: v.y!, z: v.z! };
  } catch {
    return null;
  }
}

/**
 * Where the middle of the view will be when the board opens (page coordinates): from the
 * remembered camera, or tldraw's first camera (the page's origin at the top-left, 100 %). The
 * window stands in for the canvas, which is not there yet.
 */
export function firstViewCentre(boardId: string): { x: number; y: number } {
  const camera = read(boardId) ?? { x: 0, y: 0, z: 1 };
  return {
    x: window.innerWidth / 2 / camera.z - camera.x,
    y: window.innerHeight / 2 / camera.z - camera.y,
  };
}

/** Restores `editor`'s remembered camera for `boardId` and keeps remembering it; returns the stop function. */
export function rememberCamera(editor: Editor, boardId: string): () => void {
  const saved = read(boardId);
  if (saved) editor.setCamera(saved);
  let timer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const { x, y, z } = editor.getCamera();
    try {
      window.localStorage.setItem(keyOf(boardId), JSON.stringify({ x, y, z }));
    } catch {
      // storage full or disabled: the camera is simply not remembered
    }
  };
  const stop = react('remember camera', () => {
    editor.getCamera();
    timer ??= setTimeout(save, SAVE_EVERY_MS);
  });
  window.addEventListener('pagehide', save);
  return () => {
    stop();
    window.removeEventListener('pagehide', save);
    if (timer !== null) save();
  };
}
