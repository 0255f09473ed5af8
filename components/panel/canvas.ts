/** Panel actions on the canvas: place a text as a sticky note, zoom to shapes. */
import { toRichText, type Editor, type TLShapeId } from 'tldraw';

/** Places `text` as a sticky note in the middle of what the person sees, and selects it. */
export function placeNote(editor: Editor, text: string): void {
  const center = editor.getViewportPageBounds().center;
  editor.markHistoryStoppingPoint('place note');
  const before = new Set(editor.getCurrentPageShapeIds());
  editor.createShape({
    type: 'note',
    x: center.x - 100,
    y: center.y - 100,
    props: { richText: toRichText(text) },
  });
  const created = [...editor.getCurrentPageShapeIds()].filter((id) => !before.has(id));
  editor.select(...created);
}

/** Selects the shapes that still exist and zooms the canvas to them; false when none are left. */
export function zoomToShapes(editor: Editor, ids: readonly string[]): boolean {
  const existing = ids.filter((id) => editor.getShape(id as TLShapeId)) as TLShapeId[];
  if (existing.length === 0) return false;
  const bounds = editor.getShapesPageBounds(existing);
  editor.select(...existing);
  if (bounds) editor.zoomToBounds(bounds, { inset: 64, animation: { duration: 300 } });
  return true;
}
