/** Deep-dive focus components (step 3): canvas shapes marked with a label. */
import type * as Y from 'yjs';
import { z } from 'zod';
import { FOCUS_FIELDS, focusMap } from './schema';
import { deleteRecord, insertRecord, moveRecord, patchRecord, readRecords } from './records';
import type { Actor } from './timeline';

/** Most shapes one focus component names (the schema's limit). */
const MAX_FOCUS_SHAPES = 50;

const { order: _order, ...focusFields } = FOCUS_FIELDS;
const FocusSchema = z.object(focusFields);

/** A focus component. */
export type FocusComponent = z.infer<typeof FocusSchema> & { id: string; order: number };

/** Marks shapes as a focus component; returns its id, or null without shapes or label. */
export function addFocus(
  doc: Y.Doc,
  f: { label: string; shapeIds: string[]; by: Actor; at: number },
): string | null {
  const label = f.label.trim().slice(0, 200);
  if (!label || f.shapeIds.length === 0) return null;
  return insertRecord(focusMap(doc), {
    label,
    shapeIds: [...new Set(f.shapeIds)].slice(0, MAX_FOCUS_SHAPES),
    authorId: f.by.id,
    authorName: f.by.name,
    at: f.at,
  });
}

/** Moves a focus component one place up or down. */
export function moveFocus(doc: Y.Doc, id: string, direction: -1 | 1): void {
  moveRecord(focusMap(doc), readFocus(doc), id, direction);
}

/** Removes a focus component (the shapes stay on the canvas). */
export function deleteFocus(doc: Y.Doc, id: string): void {
  deleteRecord(focusMap(doc), id);
}

/** Every focus component in order. */
export function readFocus(doc: Y.Doc): FocusComponent[] {
  return readRecords(focusMap(doc), FocusSchema);
}

/** Every shape id marked as part of a focus component, with the label of the first one marking it. */
export function focusedShapes(doc: Y.Doc): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readFocus(doc)) for (const id of f.shapeIds) if (!out.has(id)) out.set(id, f.label);
  return out;
}

/**
 * Takes shapes out of every focus component (the canvas context menu's "unmark"). A component
 * left without shapes is removed.
 */
export function unmarkFocusShapes(doc: Y.Doc, shapeIds: readonly string[]): void {
  const drop = new Set(shapeIds);
  doc.transact(() => {
    for (const f of readFocus(doc)) {
      const left = f.shapeIds.filter((id) => !drop.has(id));
      if (left.length === f.shapeIds.length) continue;
      if (left.length === 0) deleteRecord(focusMap(doc), f.id);
      else patchRecord(focusMap(doc), f.id, { shapeIds: left });
    }
  });
}
