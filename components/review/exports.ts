/** Exports of the canvas with tldraw's own functions: PNG, SVG, and the .tldr file. */
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

/** The canvas as shown (all shapes on the page) as PNG; null when there is nothing to draw. */
export async function exportPng(editor: Editor): Promise<Blob | null> {
  const ids = shapesOnPage(editor);
  if (ids.length === 0) return null;
  const { blob } = await editor.toImage(ids, { format: 'png', background: true, padding: 32, scale: 2 });
  return blob;
}

/** The canvas as shown as SVG; null when empty. */
export async function exportSvg(editor: Editor): Promise<Blob | null> {
  const ids = shapesOnPage(editor);
  if (ids.length === 0) return null;
  const result = await editor.getSvgString(ids, { background: true, padding: 32 });
  return result ? new Blob([result.svg], { type: 'image/svg+xml' }) : null;
}

/** The board as a .tldr file that tldraw opens. */
export async function exportTldr(editor: Editor): Promise<Blob> {
  return serializeTldrawJsonBlob(editor);
}
