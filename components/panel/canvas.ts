/** Panel actions on the canvas: place a text as a note, zoom to shapes. */
import { toRichText, type Editor, type TLShape, type TLShapeId } from 'tldraw';
import { fitInView, type Rect } from '../canvas/camera';
import { freeSpotBeside } from './notePlacement';

/** Gives the keyboard back to the canvas (after Enter in a panel field), so shortcuts draw again. */
export function returnToCanvas(editor: Editor | null): void {
  if (!editor) return;
  if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
  editor.focus();
}

/** Marks the notes the panel placed, so the next one lines up under them, not beside them. */
const PANEL_NOTE_META = 'boardroomPanelNote';
/** Closest zoom when showing a focus component: readable, never one giant box. */
export const FOCUS_MAX_ZOOM = 1.25;

function isPanelNote(shape: TLShape): boolean {
  return shape.meta[PANEL_NOTE_META] === true;
}

/**
 * Places `text` as a compact, left-aligned note in free space beside the drawing (each new one
 * below the last, never on a shape), selects it and brings it into view.
 */
export function placeNote(editor: Editor, text: string): void {
  const shapes = editor.getCurrentPageShapes();
  const boxesOf = (list: TLShape[]): Rect[] =>
    list
      .map((s) => editor.getShapePageBounds(s))
      .filter((b): b is NonNullable<typeof b> => !!b)
      .map((b) => ({ x: b.x, y: b.y, w: b.w, h: b.h }));
  const drawn = boxesOf(shapes.filter((s) => !isPanelNote(s) && !s.parentId.startsWith('shape:')));
  const drawing = drawn.length
    ? drawn.reduce((a, b) => ({
        x: Math.min(a.x, b.x),
        y: Math.min(a.y, b.y),
        w: Math.max(a.x + a.w, b.x + b.w) - Math.min(a.x, b.x),
        h: Math.max(a.y + a.h, b.y + b.h) - Math.min(a.y, b.y),
      }))
    : null;
  const obstacles = boxesOf(shapes);
  const view = editor.getViewportPageBounds();
  editor.markHistoryStoppingPoint('place note');
  const id = `shape:${crypto.randomUUID()}` as TLShapeId;
  editor.createShape({
    id,
    type: 'note',
    x: view.x + 48,
    y: view.y + 48,
    meta: { [PANEL_NOTE_META]: true },
    props: { richText: toRichText(text), size: 's', align: 'start', verticalAlign: 'start', font: 'sans' },
  });
  // Its height depends on the text: measure it, then find it a place.
  const placed = editor.getShapePageBounds(id);
  const size = { w: placed?.w ?? 200, h: placed?.h ?? 200 };
  const spot = freeSpotBeside(drawing, obstacles, size, { x: view.x + 48, y: view.y + 48 });
  editor.updateShape({ id, type: 'note', x: spot.x, y: spot.y });
  editor.select(id);
  const bounds = editor.getShapePageBounds(id);
  if (bounds && !editor.getViewportPageBounds().contains(bounds)) {
    fitInView(
      editor,
      { x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h },
      { maxZoom: editor.getZoomLevel(), styleOpen: true },
    );
  }
}

/** The shapes `ids` with every arrow bound to them and the shapes at those arrows' other ends. */
export function withNeighbours(editor: Editor, ids: readonly TLShapeId[]): TLShapeId[] {
  const out = new Set<TLShapeId>(ids);
  for (const id of ids) {
    for (const binding of editor.getBindingsToShape(id, 'arrow')) {
      out.add(binding.fromId);
      for (const end of editor.getBindingsFromShape(binding.fromId, 'arrow')) out.add(end.toId);
    }
  }
  return [...out].filter((id) => editor.getShape(id));
}

/**
 * Selects the shapes that still exist and shows them with their connected arrows and
 * neighbours, padded, clear of tldraw's menus, at most at FOCUS_MAX_ZOOM; false when none are left.
 */
export function zoomToShapes(editor: Editor, ids: readonly string[]): boolean {
  const existing = ids.filter((id) => editor.getShape(id as TLShapeId)) as TLShapeId[];
  if (existing.length === 0) return false;
  editor.select(...existing);
  const bounds = editor.getShapesPageBounds(withNeighbours(editor, existing));
  if (bounds) {
    fitInView(
      editor,
      { x: bounds.x, y: bounds.y, w: bounds.w, h: bounds.h },
      { maxZoom: FOCUS_MAX_ZOOM, styleOpen: true },
    );
  }
  return true;
}
