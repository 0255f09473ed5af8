/**
 * Shared mechanics for the panel's record collections (scope items, estimates, focus
 * components): each record is a Y.Map of fields under its id, ordered by a numeric `order`.
 */
import * as Y from 'yjs';
import type { z } from 'zod';
import { randomId } from '../ids';

/** Fields every record has. */
export interface RecordBase {
  id: string;
  order: number;
}

/** Adds a record at the end of the collection and returns its id. */
export function insertRecord(collection: Y.Map<Y.Map<unknown>>, fields: Record<string, unknown>): string {
  const id = randomId();
  let last = 0;
  for (const rec of collection.values()) {
    const order = rec.get('order');
    if (typeof order === 'number' && order > last) last = order;
  }
  const rec = new Y.Map<unknown>();
  collection.doc!.transact(() => {
    collection.set(id, rec);
    for (const [k, v] of Object.entries(fields)) rec.set(k, v);
    rec.set('order', last + 1);
  });
  return id;
}

/** Sets some fields of a record; false when it no longer exists. */
export function patchRecord(
  collection: Y.Map<Y.Map<unknown>>,
  id: string,
  fields: Record<string, unknown>,
): boolean {
  const rec = collection.get(id);
  if (!(rec instanceof Y.Map)) return false;
  collection.doc!.transact(() => {
    for (const [k, v] of Object.entries(fields)) rec.set(k, v);
  });
  return true;
}

/** Deletes a record. */
export function deleteRecord(collection: Y.Map<Y.Map<unknown>>, id: string): void {
  collection.delete(id);
}

/** Puts a deleted record back under its id and order (undo); false when the id is in use. */
export function restoreRecord(
  collection: Y.Map<Y.Map<unknown>>,
  id: string,
  fields: Record<string, unknown>,
): boolean {
  if (collection.has(id)) return false;
  const rec = new Y.Map<unknown>();
  collection.doc!.transact(() => {
    collection.set(id, rec);
    for (const [k, v] of Object.entries(fields)) rec.set(k, v);
  });
  return true;
}

/** Every record that parses, in order (ties by id, so all clients agree). */
export function readRecords<S extends z.ZodType>(
  collection: Y.Map<Y.Map<unknown>>,
  schema: S,
): Array<z.infer<S> & RecordBase> {
  const out: Array<z.infer<S> & RecordBase> = [];
  for (const [id, rec] of collection.entries()) {
    if (!(rec instanceof Y.Map)) continue;
    const parsed = schema.safeParse(rec.toJSON());
    const order = rec.get('order');
    if (parsed.success && typeof order === 'number')
      out.push({ ...(parsed.data as object), id, order } as never);
  }
  return out.sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
}

/** Moves a record one place up or down among `ordered` (a filtered, ordered view of the collection). */
export function moveRecord(
  collection: Y.Map<Y.Map<unknown>>,
  ordered: readonly RecordBase[],
  id: string,
  direction: -1 | 1,
): void {
  const i = ordered.findIndex((r) => r.id === id);
  const j = i + direction;
  if (i < 0 || j < 0 || j >= ordered.length) return;
  // Land just beyond the neighbour: halfway between it and the record after it.
  const neighbour = ordered[j]!.order;
  const beyond = ordered[j + direction]?.order ?? neighbour + direction;
  patchRecord(collection, id, { order: (neighbour + beyond) / 2 });
}
