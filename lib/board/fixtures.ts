/**
 * Valid board content for tests (unit, integration and end-to-end): tldraw records built with
 * tldraw's schema package only, so Node tests can write real shapes into a board document.
 */
import { createShapeId, toRichText } from '@tldraw/tlschema';
import type * as Y from 'yjs';
import { FIRST_PAGE_ID } from './seed';
import { readTldrawRecords, tldrawRecords, type RecordJson } from './schema';

/** tldraw 5.4's default props of a geo shape (GeoShapeUtil.getDefaultProps). */
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

/** Where and what a test shape is; `props` and `meta` override the defaults (to build invalid ones). */
export interface ShapeOptions {
  id?: string;
  x?: number;
  y?: number;
  text?: string;
  props?: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

function shape(type: string, defaults: Record<string, unknown>, opts: ShapeOptions): RecordJson {
  return {
    id: opts.id ?? createShapeId(),
    typeName: 'shape',
    type,
    x: opts.x ?? 0,
    y: opts.y ?? 0,
    rotation: 0,
    index: 'a1',
    parentId: FIRST_PAGE_ID,
    isLocked: false,
    opacity: 1,
    meta: opts.meta ?? {},
    props: { ...defaults, richText: toRichText(opts.text ?? ''), ...opts.props },
  };
}

/** tldraw's rich text for a plain string. */
export function richText(text: string): unknown {
  return toRichText(text);
}

/** A valid rectangle on the board's first page. */
export function geoShape(opts: ShapeOptions = {}): RecordJson {
  return shape('geo', GEO_DEFAULTS, opts);
}

/** A text shape holding `text` (valid for tldraw's schema at any length). */
export function textShape(text: string, opts: ShapeOptions = {}): RecordJson {
  return shape('text', TEXT_DEFAULTS, { ...opts, text });
}

/** A sticky note holding `text`. */
export function noteShape(text: string, opts: ShapeOptions = {}): RecordJson {
  return shape('note', NOTE_DEFAULTS, { ...opts, text });
}

/** Writes records into a board document the way the browser does. */
export function putRecords(doc: Y.Doc, records: readonly RecordJson[]): void {
  const kv = tldrawRecords(doc);
  doc.transact(() => {
    for (const r of records) kv.set(r.id, r);
  });
}

/** The ids of the shapes in a board document, sorted. */
export function shapeIds(doc: Y.Doc): string[] {
  return readTldrawRecords(doc)
    .filter((r) => r.typeName === 'shape')
    .map((r) => r.id)
    .sort();
}

/** A shape's x position, or undefined when the shape is not there. */
export function shapeX(doc: Y.Doc, id: string): number | undefined {
  const shape = readTldrawRecords(doc).find((r) => r.id === id);
  return shape ? (shape.x as number) : undefined;
}
