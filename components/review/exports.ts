/** Exports: PNG, SVG and the .tldr file of the canvas as shown (tldraw's own functions), and the server's bundle. */
import { serializeTldrawJsonBlob, type Editor } from 'tldraw';

/** Saves a blob as a file. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function shapesOnPage(editor: Editor) {
  return [...editor.getCurrentPageShapeIds()];
}

/** Longest side of an exported PNG, in pixels. */
export const MAX_PNG_SIDE_PX = 2_400;
const PNG_PADDING = 32;

/**
 * The pixel ratio of a PNG export: twice the drawing's size, less when that would make a side
 * longer than MAX_PNG_SIDE_PX (tldraw would otherwise also multiply by its own default of 2).
 */
export function pngPixelRatio(width: number, height: number): number {
  const side = Math.max(width, height) + 2 * PNG_PADDING;
  return Math.max(0.25, Math.min(2, MAX_PNG_SIDE_PX / Math.max(1, side)));
}

/** The canvas as shown (all shapes on the page) as PNG; null when there is nothing to draw. */
export async function exportPng(editor: Editor): Promise<Blob | null> {
  const ids = shapesOnPage(editor);
  const bounds = editor.getShapesPageBounds(ids);
  if (ids.length === 0 || !bounds) return null;
  const { blob } = await editor.toImage(ids, {
    format: 'png',
    background: true,
    padding: PNG_PADDING,
    scale: 1,
    pixelRatio: pngPixelRatio(bounds.w, bounds.h),
  });
  return blob;
}

/** The canvas as shown as SVG; null when empty. */
export async function exportSvg(editor: Editor): Promise<Blob | null> {
  const ids = shapesOnPage(editor);
  if (ids.length === 0) return null;
  const result = await editor.getSvgString(ids, { background: true, padding: PNG_PADDING });
  return result ? new Blob([result.svg], { type: 'image/svg+xml' }) : null;
}

/** The board as a .tldr file that tldraw opens. */
export async function exportTldr(editor: Editor): Promise<Blob> {
  return serializeTldrawJsonBlob(editor);
}

/**
 * A file the server makes (`path` under the API); the server's reason when it refuses (busy: 503
 * or 429 with a reason; the caller shows it).
 */
async function serverFile(path: string): Promise<Blob> {
  const res = await fetch(path, { cache: 'no-store' });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: string } | null;
    throw new Error(body?.error ?? `the server answered ${res.status}`);
  }
  return res.blob();
}

/**
 * The export bundle, built by the server (`GET /api/boards/<id>/export.zip`): summary.md (which
 * shows board.svg), board.svg, board.png and board.tldr of the final board, the same bytes anyone
 * with access gets from the API. The summary is the server's (notes only for interviewers).
 */
export function exportZip(boardId: string): Promise<Blob> {
  return serverFile(`/api/boards/${encodeURIComponent(boardId)}/export.zip`);
}

/**
 * The Markdown summary (`GET /api/boards/<id>/summary.md`), fetched rather than linked: a link
 * would save the server's refusal (a JSON error) as the .md file.
 */
export function exportMarkdown(boardId: string): Promise<Blob> {
  return serverFile(`/api/boards/${encodeURIComponent(boardId)}/summary.md`);
}
