'use client';
/**
 * The deep-dive focus, drawn on the canvas for everyone: a ring around every shape marked as a
 * focus component, with the component's name. Read from the board's focus collection, so both
 * people (and the review's replay) see the same rings.
 */
import { useEditor, useValue, type TLShapeId } from 'tldraw';
import { focusedShapes } from '../../lib/board/focus';
import { useBoardValue } from './CanvasEnv';

const RING_GAP = 8;

/** Rendered in tldraw's `OnTheCanvas` slot (page coordinates, under the selection UI). */
export function FocusOverlay() {
  const editor = useEditor();
  const focused = useBoardValue(focusedShapes);
  const rings = useValue(
    'focus rings',
    () => {
      if (!focused) return [];
      const out: Array<{ id: string; label: string; x: number; y: number; w: number; h: number }> = [];
      for (const [id, label] of focused) {
        const shapeId = id as TLShapeId;
        if (!editor.getShape(shapeId) || editor.getAncestorPageId(shapeId) !== editor.getCurrentPageId())
          continue;
        const b = editor.getShapePageBounds(shapeId);
        if (b) out.push({ id, label, x: b.x, y: b.y, w: b.w, h: b.h });
      }
      return out;
    },
    [editor, focused],
  );
  return (
    <>
      {rings.map((r) => (
        <div
          key={r.id}
          className="br-focus-ring"
          data-testid="canvas.focus-ring"
          data-shape-id={r.id}
          style={{
            transform: `translate(${r.x - RING_GAP}px, ${r.y - RING_GAP}px)`,
            width: r.w + RING_GAP * 2,
            height: r.h + RING_GAP * 2,
          }}
        >
          <span className="br-focus-ring__tag">Deep dive: {r.label}</span>
        </div>
      ))}
    </>
  );
}
