/**
 * Board content for tests: valid tldraw records built with `@tldraw/tlschema` (the same package
 * the server validates with), the updates a change produces, and document comparisons that do
 * not recurse into the content (a hostile document may be 8,000 maps deep).
 */
import * as Y from 'yjs';
import { createShapeId, createTLSchema, toRichText } from '@tldraw/tlschema';
import { FIRST_PAGE_ID } from '../../lib/board/seed';
import { createBoardDoc, tldrawRecords, type RecordJson } from '../../lib/board/schema';
import type { BoardStore } from '../storage/BoardStore';

const schema = createTLSchema();

/** tldraw's default geo shape props (GeoShapeUtil.getDefaultProps in tldraw 5.4). */
const GEO_DEFAULTS = {
  w: 100,
  h: 100,
  geo: 'rectangle',
  dash: 'draw',
  growY: 0,
  url: '',
  scale: 1,
  flipX: false,
  flipY: false,
  color: 'black',
  labelColor: 'black',
  fill: 'none',
  size: 'm',
  font: 'draw',
  align: 'middle',
  verticalAlign: 'middle',
  richText: toRichText(''),
};

/** tldraw's default text shape props (TextShapeUtil.getDefaultProps). */
const TEXT_DEFAULTS = {
  color: 'black',
  size: 'm',
  w: 8,
  font: 'draw',
  textAlign: 'start',
  autoSize: true,
  scale: 1,
};

/** tldraw's default note shape props (NoteShapeUtil.getDefaultProps). */
const NOTE_DEFAULTS = {
  color: 'black',
  labelColor: 'black',
  size: 'm',
  font: 'draw',
  fontSizeAdjustment: 1,
  align: 'middle',
  verticalAlign: 'middle',
  growY: 0,
  url: '',
  scale: 1,
  textLastEditedBy: null,
};

/** Throws unless tldraw's schema accepts the record (keeps the "valid" builders honest). */
export function assertValidRecord(record: RecordJson): RecordJson {
  const type = (schema.types as Record<string, { validate(r: unknown): unknown }>)[record.typeName];
  if (!type) throw new Error(`no record type ${record.typeName}`);
  type.validate(record);
  return record;
}

function shape(type: string, props: Record<string, unknown>, at: { x?: number; y?: number }): RecordJson {
  return {
    id: createShapeId(),
    typeName: 'shape',
    type,
    x: at.x ?? 100,
    y: at.y ?? 100,
    rotation: 0,
    index: 'a1',
    parentId: FIRST_PAGE_ID,
    isLocked: false,
    opacity: 1,
    meta: {},
    props,
  };
}

/** A valid rectangle on the seeded page; `props` and `meta` override the defaults (to build invalid ones). */
export function geoShape(
  opts: { x?: number; y?: number; props?: Record<string, unknown>; meta?: Record<string, unknown> } = {},
): RecordJson {
  const record = shape('geo', { ...GEO_DEFAULTS, ...opts.props }, opts);
  if (opts.meta) record.meta = opts.meta;
  return record;
}

/** A text shape holding `text` (valid for tldraw's schema at any length). */
export function textShape(text: string, at: { x?: number; y?: number } = {}): RecordJson {
  return shape('text', { ...TEXT_DEFAULTS, richText: toRichText(text) }, at);
}

/** A sticky note holding `text`. */
export function noteShape(text: string): RecordJson {
  return shape('note', { ...NOTE_DEFAULTS, richText: toRichText(text) }, {});
}

/** Writes tldraw records the way the browser does (one YKeyValue entry per record). */
export function putRecords(doc: Y.Doc, records: readonly RecordJson[]): void {
  const kv = tldrawRecords(doc);
  doc.transact(() => {
    for (const r of records) kv.set(r.id, r);
  });
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
