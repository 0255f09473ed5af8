/**
 * The board document layout: the one place that knows the Y.Doc's keys.
 *
 * A board is one Y.Doc:
 * - `tldraw`: document-scope tldraw records (shapes, pages, bindings, assets, the
 *   document record) in a y-utility `YKeyValue` over a Y.Array. A plain Y.Map keeps
 *   every overwritten value of a dragged shape; YKeyValue drops them (measured: 54 KB
 *   vs 0.5 KB after 6,000 drag steps).
 * - `meta`: the layout version and the tldraw schema the records were written with.
 * - `framework`: an append-only list of step changes and clock start/pause events, each with
 *   server time and author; the current step, step history and clock are derived from it.
 * - `plan`: interview length and per-step budgets (minutes).
 * - `scope`, `estimates`, `focus`: records by id, each a Y.Map of fields, so two people editing
 *   different fields of one item (text vs pinned) both win.
 * - `wrapup`: the wrap-up checklist, one key per field.
 *
 * Everything else reads and writes the document through the helpers below. Who may write each
 * part, and what each field may hold, is the table `BOARD_PARTS` below: the server checks every
 * client update against it (lib/board/authority.ts) before the update touches a room.
 */
import * as Y from 'yjs';
import { YKeyValue } from 'y-utility/y-keyvalue';
import { z } from 'zod';
import { MAX_LENGTH_MINUTES, MIN_LENGTH_MINUTES, SCOPE_KINDS, STEP_COUNT, WRAPUP_ITEMS } from '../framework';
import { MAX_DISPLAY_NAME_CHARS } from '../limits';
import { installShortStringDecoder } from '../shortStrings';

// Every board document is read through lib0; its short strings are read the fast way.
installShortStringDecoder();

/** Version of this layout; bump it with a migration when keys change. */
export const LAYOUT_VERSION = 1;

const KEY_TLDRAW = 'tldraw';
const KEY_META = 'meta';
const KEY_FRAMEWORK = 'framework';
const KEY_PLAN = 'plan';
const KEY_SCOPE = 'scope';
const KEY_ESTIMATES = 'estimates';
const KEY_FOCUS = 'focus';
const KEY_WRAPUP = 'wrapup';

/** A board document. UI code names the type through this alias and never imports yjs. */
export type BoardDoc = Y.Doc;

/** The framework event log (see lib/board/framework.ts). */
export function frameworkEvents(doc: Y.Doc): Y.Array<unknown> {
  return doc.getArray(KEY_FRAMEWORK);
}

/** Interview length and budgets. */
export function planMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(KEY_PLAN);
}

/** Scope items by id. */
export function scopeMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(KEY_SCOPE);
}

/** Estimates by id. */
export function estimatesMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(KEY_ESTIMATES);
}

/** Deep-dive focus components by id. */
export function focusMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap(KEY_FOCUS);
}

/** The wrap-up checklist. */
export function wrapupMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(KEY_WRAPUP);
}

/**
 * The whole board document as plain JSON, every part read as its own type (a bare `doc.toJSON()`
 * leaves out root types this copy of the document has not accessed yet). For comparisons.
 */
export function boardJson(doc: Y.Doc): Record<string, unknown> {
  return {
    tldraw: doc.getArray(KEY_TLDRAW).toJSON(),
    meta: metaMap(doc).toJSON(),
    framework: frameworkEvents(doc).toJSON(),
    plan: planMap(doc).toJSON(),
    scope: scopeMap(doc).toJSON(),
    estimates: estimatesMap(doc).toJSON(),
    focus: focusMap(doc).toJSON(),
    wrapup: wrapupMap(doc).toJSON(),
  };
}

/**
 * Calls `listener` after any change to the side panel's data (everything but the canvas), so
 * panel views do not recompute on every shape drag. Returns the unsubscribe function.
 */
export function observePanel(doc: Y.Doc, listener: () => void): () => void {
  const types = [
    metaMap(doc),
    frameworkEvents(doc),
    planMap(doc),
    scopeMap(doc),
    estimatesMap(doc),
    focusMap(doc),
    wrapupMap(doc),
  ];
  const handler = () => listener();
  for (const t of types) t.observeDeep(handler);
  return () => {
    for (const t of types) t.unobserveDeep(handler);
  };
}
const META_LAYOUT_VERSION = 'layoutVersion';
const META_TLDRAW_SCHEMA = 'tldrawSchema';
const META_STATUS = 'status';
const META_ENDED_AT = 'endedAt';

/** A tldraw record as JSON: all the board module needs to know about it. */
export interface RecordJson {
  id: string;
  typeName: string;
  [key: string]: unknown;
}

/** The serialized tldraw schema stored beside the records (opaque here). */
export type SerializedSchemaJson = { schemaVersion: number; [key: string]: unknown };

/** Creates an empty board document (garbage collection on, as history relies on the update log). */
export function createBoardDoc(): Y.Doc {
  return new Y.Doc({ gc: true });
}

const recordStores = new WeakMap<Y.Doc, YKeyValue<RecordJson>>();

/**
 * The tldraw records of a board. One YKeyValue per doc: it caches the current entries and
 * cleans up overwritten ones, so two instances on one doc would fight.
 */
export function tldrawRecords(doc: Y.Doc): YKeyValue<RecordJson> {
  let kv = recordStores.get(doc);
  if (!kv) {
    kv = new YKeyValue<RecordJson>(doc.getArray<{ key: string; val: RecordJson }>(KEY_TLDRAW));
    recordStores.set(doc, kv);
  }
  return kv;
}

/** The raw list under the tldraw records (YKeyValue entries; later entries win). */
export function tldrawEntries(doc: Y.Doc): Y.Array<{ key: string; val: RecordJson }> {
  return doc.getArray(KEY_TLDRAW);
}

/** Every tldraw record in the document, without instantiating the key-value cache (read-only use). */
export function readTldrawRecords(doc: Y.Doc): RecordJson[] {
  const latest = new Map<string, RecordJson>();
  for (const entry of tldrawEntries(doc).toArray()) {
    latest.set(entry.key, entry.val); // later entries win, as in YKeyValue
  }
  return [...latest.values()];
}

function metaMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(KEY_META);
}

/** The tldraw schema the records were written with, or null on an unseeded document. */
export function readTldrawSchema(doc: Y.Doc): SerializedSchemaJson | null {
  const schema = metaMap(doc).get(META_TLDRAW_SCHEMA);
  return schema && typeof schema === 'object' ? (schema as SerializedSchemaJson) : null;
}

/** The layout version stored in the document, or null if it has never been seeded. */
export function readLayoutVersion(doc: Y.Doc): number | null {
  const v = metaMap(doc).get(META_LAYOUT_VERSION);
  return typeof v === 'number' ? v : null;
}

/** True once the document holds a layout version (the server seeds every board at creation). */
export function isSeeded(doc: Y.Doc): boolean {
  return readLayoutVersion(doc) !== null;
}

/**
 * Writes the initial content of a new board: the layout version, tldraw's schema and the
 * default tldraw records (document and first page). Run once, by the server, at creation, so
 * clients never race to create default records.
 */
export function seedBoardDoc(
  doc: Y.Doc,
  tldraw: { schema: SerializedSchemaJson; records: RecordJson[] },
): void {
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set(META_LAYOUT_VERSION, LAYOUT_VERSION);
    meta.set(META_TLDRAW_SCHEMA, tldraw.schema);
    const kv = tldrawRecords(doc);
    for (const record of tldraw.records) kv.set(record.id, record);
  });
}

/**
 * The board's status as shown to people. The authority is the server's database; this copy
 * is written only by the server (when the interviewer ends the interview) so every open
 * browser learns of it at once.
 */
export function readBoardStatus(doc: Y.Doc): { status: 'live' | 'ended'; endedAt: number | null } {
  const meta = metaMap(doc);
  const endedAt = meta.get(META_ENDED_AT);
  return meta.get(META_STATUS) === 'ended'
    ? { status: 'ended', endedAt: typeof endedAt === 'number' ? endedAt : null }
    : { status: 'live', endedAt: null };
}

/** Server only: records that the interview ended. */
export function writeBoardEnded(doc: Y.Doc, endedAt: number): void {
  doc.transact(() => {
    metaMap(doc).set(META_STATUS, 'ended');
    metaMap(doc).set(META_ENDED_AT, endedAt);
  });
}

/** Writes the tldraw schema after a client migrated the records to a newer one. */
export function writeTldrawSchema(doc: Y.Doc, schema: SerializedSchemaJson): void {
  metaMap(doc).set(META_TLDRAW_SCHEMA, schema);
}

// ---------------------------------------------------------------------------------------------
// Who may write what (docs/architecture.md, "Authority")

/** Who writes a part of a document: the server itself, or a connection's role. */
export type Writer = 'server' | 'interviewer' | 'candidate';

/** Longest id of a panel record (ours are 16 characters). */
const RECORD_KEY = /^[A-Za-z0-9_-]{1,64}$/;

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const text = (max: number) => z.string().max(max);
const time = z.number().finite().nonnegative();
const order = z.number().finite();
const authorFields = { authorId: text(64), authorName: text(MAX_DISPLAY_NAME_CHARS), at: time };

/**
 * A part of a document, by its root key:
 * - `records`: tldraw records (YKeyValue entries), checked with tldraw's schema;
 * - `log`: an append-only list the server writes (the framework events);
 * - `map`: one value per key, each key with its validator;
 * - `collection`: records by id, each a Y.Map of validated fields, at most `maxRecords`.
 */
export type DocPart =
  | { kind: 'records'; writers: readonly Writer[] }
  | { kind: 'log'; writers: readonly Writer[] }
  | { kind: 'map'; writers: readonly Writer[]; field: (key: string) => z.ZodType | null }
  | {
      kind: 'collection';
      writers: readonly Writer[];
      fields: Readonly<Record<string, z.ZodType>>;
      maxRecords: number;
    };

/** True when `key` can be a panel record's id. */
export function isRecordKey(key: string): boolean {
  return RECORD_KEY.test(key);
}

/** Fields of a scope item. */
export const SCOPE_FIELDS = {
  kind: z.enum(SCOPE_KINDS),
  text: text(1_000),
  answer: text(1_000),
  step: int(0, STEP_COUNT - 1),
  pinned: z.boolean(),
  order,
  ...authorFields,
};

const nullableCount = z.number().finite().nonnegative().nullable();

/** Fields of a saved estimate (results are derived from the inputs, never stored). */
export const ESTIMATE_FIELDS = {
  label: text(200),
  inputs: z
    .object({
      dau: nullableCount,
      mau: nullableCount,
      dailyActivePercent: nullableCount,
      writesPerUserPerDay: nullableCount,
      readsPerWrite: nullableCount,
      objectBytes: nullableCount,
      storedPercent: nullableCount,
      retentionYears: nullableCount,
      replication: nullableCount,
      peakFactor: nullableCount,
    })
    .strict(),
  pinned: z.boolean(),
  order,
  ...authorFields,
};

/** Fields of a deep-dive focus component. */
export const FOCUS_FIELDS = {
  label: text(200),
  shapeIds: z.array(text(64)).max(50),
  order,
  ...authorFields,
};

const WRAPUP_KEYS = new Set<string>(WRAPUP_ITEMS.map((i) => i.key));
/** Longest note per wrap-up item, in characters. */
export const MAX_WRAPUP_NOTE_CHARS = 2_000;

function wrapupField(key: string): z.ZodType | null {
  const [item, what] = key.split(':');
  if (!item || !WRAPUP_KEYS.has(item)) return null;
  if (what === 'done') return z.boolean();
  if (what === 'note') return text(MAX_WRAPUP_NOTE_CHARS);
  return null;
}

function planField(key: string): z.ZodType | null {
  if (key === 'lengthMinutes') return int(MIN_LENGTH_MINUTES, MAX_LENGTH_MINUTES);
  if (/^budget[0-3]$/.test(key)) return int(1, MAX_LENGTH_MINUTES);
  return null;
}

const EDITORS: readonly Writer[] = ['interviewer', 'candidate'];

/**
 * The board document's parts and who may write them. Status, the tldraw schema and the
 * framework events (steps, clock, with their times and authors) are the server's: clients ask
 * for those through commands (lib/protocol.ts) and the server stamps them. The plan is the
 * interviewer's; the canvas and the panel's records are shared by both people in the room.
 */
export const BOARD_PARTS: Readonly<Record<string, DocPart>> = {
  [KEY_TLDRAW]: { kind: 'records', writers: EDITORS },
  [KEY_META]: { kind: 'map', writers: ['server'], field: () => z.unknown() },
  [KEY_FRAMEWORK]: { kind: 'log', writers: ['server'] },
  [KEY_PLAN]: { kind: 'map', writers: ['interviewer'], field: planField },
  [KEY_SCOPE]: { kind: 'collection', writers: EDITORS, fields: SCOPE_FIELDS, maxRecords: 500 },
  [KEY_ESTIMATES]: { kind: 'collection', writers: EDITORS, fields: ESTIMATE_FIELDS, maxRecords: 100 },
  [KEY_FOCUS]: { kind: 'collection', writers: EDITORS, fields: FOCUS_FIELDS, maxRecords: 50 },
  [KEY_WRAPUP]: { kind: 'map', writers: EDITORS, field: wrapupField },
};

/**
 * Server only: stores `records` in place of the entries under their keys (the YKeyValue
 * semantics, without a YKeyValue, whose observer would write on its own on the server).
 */
export function replaceRecords(doc: Y.Doc, records: readonly RecordJson[]): void {
  if (records.length === 0) return;
  const entries = tldrawEntries(doc);
  const keys = new Set(records.map((r) => r.id));
  doc.transact(() => {
    const list = entries.toArray();
    for (let i = list.length - 1; i >= 0; i--) if (keys.has(list[i]!.key)) entries.delete(i, 1);
    entries.push(records.map((val) => ({ key: val.id, val })));
  });
}
