/** Places a question's starter template on the canvas: its components and their arrows. */
import { Box, createShapeId, type Editor, type TLShapeId } from 'tldraw';
import {
  COMPONENT_DEFAULT_SIZE,
  COMPONENT_SHAPE_TYPE,
  clampComponentProps,
  defaultComponentProps,
} from '../../lib/canvas/componentShape';
import type { StarterTemplate } from '../../lib/questions/schema';
import { connectShapes } from './place';

/** Room left between what is on the page and a template placed below it. */
const MARGIN = 80;

/**
 * Creates the template's components and connections as one undo step, in the middle of the
 * view (or below what is already on the page), selects them and brings them into view.
 */
export function placeTemplate(editor: Editor, template: StarterTemplate): TLShapeId[] {
  const { w, h } = COMPONENT_DEFAULT_SIZE;
  const xs = template.components.map((c) => c.x);
  const ys = template.components.map((c) => c.y);
  const size = { w: Math.max(...xs) - Math.min(...xs) + w, h: Math.max(...ys) - Math.min(...ys) + h };
  const view = editor.getViewportPageBounds();
  let origin = { x: view.center.x - size.w / 2, y: view.center.y - size.h / 2 };
  const content = editor.getCurrentPageBounds();
  if (content && content.collides(new Box(origin.x, origin.y, size.w, size.h))) {
    origin = { x: content.minX, y: content.maxY + MARGIN };
  }
  const ids = new Map<string, TLShapeId>();
  editor.markHistoryStoppingPoint('place starter template');
  editor.run(() => {
    for (const c of template.components) {
      const id = createShapeId();
      ids.set(c.key, id);
      editor.createShape({
        id,
        type: COMPONENT_SHAPE_TYPE,
        x: origin.x + c.x - Math.min(...xs),
        y: origin.y + c.y - Math.min(...ys),
        props: clampComponentProps({
          ...defaultComponentProps(c.kind),
          text: c.label,
          replicas: c.replicas,
          tech: c.tech,
        }),
      });
    }
    for (const link of template.connections) connectShapes(editor, ids.get(link.from)!, ids.get(link.to)!);
    editor.select(...ids.values());
  });
  editor.zoomToSelectionIfOffscreen(64, { animation: { duration: 200 } });
  return [...ids.values()];
}
