/**
 * The tldraw schema of a board (tldraw's default shapes plus the system-design component), for
 * code that runs outside the browser's editor (the server seeds, validates and migrates records
 * with it), and the rules a board's records follow on top of tldraw's own validators. The
 * browser's store serializes to exactly the same schema (tested), so both sides agree on every
 * record.
 */
import { createTLSchema, defaultShapeSchemas, type TLSchema } from '@tldraw/tlschema';
import {
  COMPONENT_SHAPE_TYPE,
  componentShapeMigrations,
  componentShapeProps,
} from '../canvas/componentShape';
import type * as Y from 'yjs';
import { assetUrlPrefix } from '../assets';
import {
  readTldrawRecords,
  readTldrawSchema,
  replaceRecords,
  writeTldrawSchema,
  type RecordJson,
  type SerializedSchemaJson,
} from './schema';

/** The schema every board's tldraw records follow. */
export function createBoardTLSchema(): TLSchema {
  return createTLSchema({
    shapes: {
      ...defaultShapeSchemas,
      [COMPONENT_SHAPE_TYPE]: { props: componentShapeProps, migrations: componentShapeMigrations },
    },
  });
}

/**
 * True when two serialized schemas name the same versions. Key order differs between a schema
 * built from shape utils and one built from schema definitions, so JSON text cannot be compared.
 */
export function sameSchema(a: SerializedSchemaJson, b: SerializedSchemaJson): boolean {
  const seqA = (a as { sequences?: Record<string, number> }).sequences ?? {};
  const seqB = (b as { sequences?: Record<string, number> }).sequences ?? {};
  const keys = Object.keys(seqA);
  return (
    a.schemaVersion === b.schemaVersion &&
    keys.length === Object.keys(seqB).length &&
    keys.every((k) => seqA[k] === seqB[k])
  );
}

/** Longest text one shape may carry, in characters (longer texts stall every viewer's renderer). */
export const MAX_SHAPE_TEXT_CHARS = 4_000;

/** Largest single record, as JSON characters. */
export const MAX_RECORD_JSON_CHARS = 64 * 1024;

let shared: TLSchema | null = null;
function boardSchema(): TLSchema {
  return (shared ??= createBoardTLSchema());
}

/** Characters of text in a rich-text value (tldraw's TipTap JSON), or Infinity when too deep. */
export function richTextLength(value: unknown, depth = 0): number {
  if (depth > 32) return Infinity;
  if (!value || typeof value !== 'object') return 0;
  let n = 0;
  const node = value as { text?: unknown; content?: unknown };
  if (typeof node.text === 'string') n += node.text.length;
  if (Array.isArray(node.content)) {
    for (const child of node.content) n += richTextLength(child, depth + 1);
  }
  return n;
}

/** `value` (tldraw rich text) with at most `max` characters of text; what is past it is dropped. */
export function truncateRichText(value: unknown, max: number): unknown {
  let left = max;
  const walk = (node: unknown, depth: number): unknown => {
    if (!node || typeof node !== 'object' || depth > 32) return node;
    const n = node as { text?: unknown; content?: unknown };
    const out: Record<string, unknown> = { ...(node as object) };
    if (typeof n.text === 'string') {
      out.text = n.text.slice(0, Math.max(0, left));
      left -= (out.text as string).length;
    }
    if (Array.isArray(n.content)) {
      out.content = n.content
        .map((child) => (left > 0 ? walk(child, depth + 1) : null))
        .filter(
          (child) =>
            child !== null &&
            !(
              typeof (child as { text?: unknown }).text === 'string' &&
              (child as { text: string }).text === ''
            ),
        );
    }
    return out;
  };
  return walk(value, 0);
}

/**
 * Checks one record a client wants to store under `key` on board `boardId`. Returns why it is
 * refused, or null when it may be stored. Only document records belong in a board (camera,
 * selection and presence stay in each browser).
 */
export function checkBoardRecord(key: string, value: unknown, boardId: string): string | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'a record must be an object';
  const record = value as { id?: unknown; typeName?: unknown; props?: Record<string, unknown> };
  if (typeof record.typeName !== 'string') return 'a record needs a typeName';
  const schema = boardSchema();
  const type = schema.types[record.typeName as keyof typeof schema.types];
  if (!type) return `unknown record type "${record.typeName.slice(0, 40)}"`;
  if (type.scope !== 'document') return `${record.typeName} records are not part of a board`;
  if (record.id !== key) return 'a record must be stored under its own id';
  let json: string;
  try {
    json = JSON.stringify(value);
  } catch {
    return 'a record must be plain JSON';
  }
  if (json.length > MAX_RECORD_JSON_CHARS)
    return `a record may hold at most ${MAX_RECORD_JSON_CHARS} characters`;
  try {
    type.validate(value);
  } catch (err) {
    return `invalid ${record.typeName}: ${(err instanceof Error ? err.message : String(err)).slice(0, 200)}`;
  }
  const props = record.props ?? {};
  for (const [name, prop] of Object.entries(props)) {
    if (name === 'richText' && richTextLength(prop) > MAX_SHAPE_TEXT_CHARS) {
      return `a shape may hold at most ${MAX_SHAPE_TEXT_CHARS} characters of text`;
    }
  }
  // What a board shows comes from its own server only (docs/architecture.md, "Authority"): an
  // embed is a frame onto any page its URL names, which the pages' CSP blocks in every viewer's
  // browser; a board holds none.
  if (record.typeName === 'shape' && (record as { type?: unknown }).type === 'embed')
    return 'embedded pages load from other hosts: a board holds none';
  if (record.typeName === 'asset') {
    // No source yet (an upload in progress writes the asset first), or one of this board's uploads;
    // a bookmark's preview image and icon are shown as images, so the same holds for them.
    const prefix = assetUrlPrefix(boardId);
    const ours = (url: unknown) =>
      url === null || url === undefined || url === '' || (typeof url === 'string' && url.startsWith(prefix));
    if (!ours(props.src) || !ours(props.image) || !ours(props.favicon))
      return "an asset must be uploaded to this board's own asset store";
  }
  return null;
}

/**
 * Server only, when a room loads: brings a board written with an older tldraw schema to the
 * current one (migrated records and the new schema, one transaction). Browsers then always get
 * records they can load as they are. Returns whether anything changed; throws when tldraw cannot
 * migrate the records.
 */
export function migrateBoardDoc(doc: Y.Doc): boolean {
  const stored = readTldrawSchema(doc);
  if (!stored) return false; // not a seeded board (a notes document, or a test's)
  const current = boardSchema().serialize() as unknown as SerializedSchemaJson;
  if (sameSchema(stored, current)) return false;
  const records = readTldrawRecords(doc);
  const before = new Map(records.map((r) => [r.id, JSON.stringify(r)]));
  const result = boardSchema().migrateStoreSnapshot({
    store: Object.fromEntries(records.map((r) => [r.id, r])) as never,
    schema: stored as never,
  });
  if (result.type !== 'success') throw new Error(`the board's records cannot be migrated: ${result.reason}`);
  const migrated = Object.values(result.value) as unknown as RecordJson[];
  const changed = migrated.filter((r) => before.get(r.id) !== JSON.stringify(r));
  doc.transact(() => {
    replaceRecords(doc, changed);
    writeTldrawSchema(doc, current);
  });
  return true;
}
