/**
 * Putting components on the canvas fast. Placed from the palette by click or keyboard, a new
 * component goes just after the selected shape and is connected to it with a bound arrow, so a
 * chain like "client → load balancer → app servers" is one click per box. Dropped from a drag,
 * it goes where it was dropped and connects to nothing.
 */
import { Box, createShapeId, type Editor, type TLShapeId, type VecLike } from 'tldraw';
import {
  COMPONENT_DEFAULT_SIZE,
  COMPONENT_SHAPE_TYPE,
  defaultComponentProps,
  type ComponentKind,
} from '../../lib/canvas/componentShape';

/** Horizontal room between a shape and the one placed after it (the arrow lives there). */
const GAP_X = 64;
/** Vertical room between siblings placed after the same shape. */
const GAP_Y = 40;

function overlapsAnything(editor: Editor, box: Box): boolean {
  return editor
    .getCurrentPageShapes()
    .some((s) => s.type !== 'arrow' && editor.getShapePageBounds(s.id)?.collides(box));
}

/**
 * The first free spot from `start`: trying below, then above, then further out, so branches
 * from one shape (cache and database after the app servers) stack up beside each other.
 */
function freeSpot(editor: Editor, start: Box): Box {
  const step = start.h + GAP_Y;
  for (let i = 0; i < 12; i++) {
    const dy = i === 0 ? 0 : Math.ceil(i / 2) * step * (i % 2 === 1 ? 1 : -1);
    const box = new Box(start.x, start.y + dy, start.w, start.h);
    if (!overlapsAnything(editor, box)) return box;
  }
  return start;
}

/** The shape a new component connects from: the one selected shape, unless it is an arrow. */
function connectionSource(editor: Editor): TLShapeId | null {
  const only = editor.getOnlySelectedShape();
  return only && only.type !== 'arrow' ? only.id : null;
}

/** Joins two shapes with an arrow bound at both ends (it follows them when they move). */
export function connectShapes(editor: Editor, from: TLShapeId, to: TLShapeId): TLShapeId | null {
  const a = editor.getShapePageBounds(from);
  const b = editor.getShapePageBounds(to);
  if (!a || !b) return null;
  const arrowId = createShapeId();
  const start = { x: a.center.x, y: a.center.y };
  editor.createShape({
    id: arrowId,
    type: 'arrow',
    x: start.x,
    y: start.y,
    props: { start: { x: 0, y: 0 }, end: { x: b.center.x - start.x, y: b.center.y - start.y } },
  });
  const anchor = { normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false };
  editor.createBindings([
    { type: 'arrow', fromId: arrowId, toId: from, props: { terminal: 'start', ...anchor } },
    { type: 'arrow', fromId: arrowId, toId: to, props: { terminal: 'end', ...anchor } },
  ]);
  return arrowId;
}

/**
 * Places a component of `kind` and selects it; returns its id. `at` (page point) centres it
 * there without connecting; without it, it goes after the selected shape (connected) or in
 * the middle of the view. One undo step removes it and its arrow.
 */
export function placeComponent(editor: Editor, kind: ComponentKind, at?: VecLike): TLShapeId {
  const id = createShapeId();
  const { w, h } = COMPONENT_DEFAULT_SIZE;
  const from = at ? null : connectionSource(editor);
  let box: Box;
  if (at) {
    box = new Box(at.x - w / 2, at.y - h / 2, w, h);
  } else if (from) {
    const src = editor.getShapePageBounds(from)!;
    box = freeSpot(editor, new Box(src.maxX + GAP_X, src.center.y - h / 2, w, h));
  } else {
    // On an empty page the first box goes left of centre: chains grow to the right.
    const vp = editor.getViewportPageBounds();
    const x = editor.getCurrentPageShapeIds().size === 0 ? vp.x + vp.w * 0.15 : vp.center.x - w / 2;
    box = freeSpot(editor, new Box(x, vp.center.y - h / 2, w, h));
  }
  editor.markHistoryStoppingPoint('place component');
  editor.run(() => {
    editor.createShape({
      id,
      type: COMPONENT_SHAPE_TYPE,
      x: box.x,
      y: box.y,
      props: defaultComponentProps(kind),
    });
    if (from) connectShapes(editor, from, id);
    editor.select(id);
  });
  editor.zoomToSelectionIfOffscreen(64, { animation: { duration: 200 } });
  return id;
}
