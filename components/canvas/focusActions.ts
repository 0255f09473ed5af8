/** Deep-dive focus from the canvas: mark the selected shapes, or take them out again. */
import type { Editor, TLShapeId } from 'tldraw';
import { addFocus, focusedShapes, unmarkFocusShapes } from '../../lib/board/focus';
import { COMPONENT_SHAPE_TYPE, type ComponentShape } from '../../lib/canvas/componentShape';
import type { CanvasEnv } from './CanvasEnv';

/** A name for the focus component: the labels of the shapes marked, or a fallback. */
export function focusLabel(editor: Editor, ids: readonly TLShapeId[]): string {
  const labels = ids
    .map((id) => editor.getShape(id))
    .map((s) => (s?.type === COMPONENT_SHAPE_TYPE ? (s as ComponentShape).props.text.trim() : ''))
    .filter(Boolean);
  if (labels.length > 0) return labels.join(' + ');
  return ids.length === 1 ? 'Focus component' : `${ids.length} shapes`;
}

/** True when every one of `ids` is already part of a focus component. */
export function isFocused(env: CanvasEnv, ids: readonly TLShapeId[]): boolean {
  const focused = focusedShapes(env.doc);
  return ids.length > 0 && ids.every((id) => focused.has(id));
}

/** Marks `ids` as one focus component, or, when all are marked already, takes them out. */
export function toggleFocus(editor: Editor, env: CanvasEnv, ids: readonly TLShapeId[]): void {
  if (ids.length === 0) return;
  if (isFocused(env, ids)) unmarkFocusShapes(env.doc, ids);
  else
    addFocus(env.doc, { label: focusLabel(editor, ids), shapeIds: [...ids], by: env.actor, at: env.now() });
}
