/**
 * Board content for tests: valid tldraw records built with `@tldraw/tlschema` (the same package
 * the server validates with), the updates a change produces, and document comparisons that do
 * not recurse into the content (a hostile document may be 8,000 maps deep).
 */
import * as Y from 'yjs';
import { createTLSchema } from '@tldraw/tlschema';
import { createBoardDoc, tldrawEntries, type RecordJson } from '../../lib/board/schema';

export { embedShape, geoShape, noteShape, putRecords, textShape } from '../../lib/board/fixtures';
import type { BoardStore } from '../storage/BoardStore';

const schema = createTLSchema();

/** Throws unless tldraw's schema accepts the record (keeps the "valid" builders honest). */
export function assertValidRecord(record: RecordJson): RecordJson {
  const type = (schema.types as Record<string, { validate(r: unknown): unknown }>)[record.typeName];
  if (!type) throw new Error(`no record type ${record.typeName}`);
  type.validate(record);
  return record;
}

/**
 * Runs `change` on `doc` and returns the one update it produced (merged if Yjs emitted several).
 * `origin` is the transaction origin: a provider passed here does not send the change itself.
 */
export function captureUpdate(doc: Y.Doc, change: (doc: Y.Doc) => void, origin: unknown = null): Uint8Array {
  const updates: Uint8Array[] = [];
  const onUpdate = (u: Uint8Array) => updates.push(u);
  doc.on('update', onUpdate);
  try {
    doc.transact(() => change(doc), origin);
  } finally {
    doc.off('update', onUpdate);
  }
  if (updates.length === 0) throw new Error('the change produced no update');
  return updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
}

/**
 * The update a client that has seen everything `base` has makes by appending `records` to the
 * canvas list as they are (no check on the way: a hostile client's), one entry each.
 */
export function appendingUpdate(base: Y.Doc, records: readonly RecordJson[]): Uint8Array {
  const client = cloneDoc(base);
  const update = captureUpdate(client, (d) =>
    tldrawEntries(d).push(records.map((val) => ({ key: val.id, val }))),
  );
  client.destroy();
  return update;
}

/** A copy of `doc` with its own client id (a second client that has seen everything `doc` has). */
export function cloneDoc(doc: Y.Doc): Y.Doc {
  const copy = createBoardDoc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

/** A document rebuilt from updates, applied in order. */
export function docFromUpdates(updates: Iterable<Uint8Array>): Y.Doc {
  const doc = createBoardDoc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
}

/**
 * True when both documents hold exactly the same items and deletions (state vector and delete
 * set), and neither waits on missing dependencies. Never walks the content.
 */
export function sameDocState(a: Y.Doc, b: Y.Doc): boolean {
  return hasNoPending(a) && hasNoPending(b) && Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b));
}

/** True when the document integrated everything it received (no structs or deletions waiting). */
export function hasNoPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs === null && doc.store.pendingDs === null;
}

/**
 * Appends a change to a document's stored log directly, as if the server had made it (e.g. a
 * framework event, which only the server may write). Call before anyone connects: a loaded room
 * would not see it.
 */
export async function appendStored(
  store: BoardStore,
  docId: string,
  change: (doc: Y.Doc) => void,
): Promise<Uint8Array> {
  const doc = docFromUpdates((await store.readLog(docId)).map((u) => u.bytes));
  const update = captureUpdate(doc, change);
  doc.destroy();
  await store.appendUpdates([{ docId, bytes: update }]);
  return update;
}
