/**
 * Valid board content for tests (unit, integration and end-to-end): tldraw records built with
 * tldraw's schema package only, so Node tests can write real shapes into a board document.
 */
import { createShapeId } from '@tldraw/tlschema';
import type * as Y from 'yjs';
import { FIRST_PAGE_ID } from './seed';
import { readTldrawRecords, tldrawRecords, type RecordJson } from './schema';

/** tldraw 5.4's default props of a geo shape. */
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

/** tldraw's rich text for a plain string (one paragraph per line). */
export function richText(text: string): unknown {
  return {
    type: 'doc',
    content: text
      .split('\n')
      .map((line) =>
        line ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' },
      ),
  };
}

/** A valid rectangle on the board's first page; `props` override the defaults. */
export function geoShape(
  opts: { id?: string; x?: number; y?: number; text?: string; props?: Record<string, unknown> } = {},
): RecordJson {
  return {
    id: opts.id ?? createShapeId(),
    typeName: 'shape',
    type: 'geo',
    x: opts.x ?? 0,
    y: opts.y ?? 0,
    rotation: 0,
    index: 'a1',
    parentId: FIRST_PAGE_ID,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: { ...GEO_DEFAULTS, richText: richText(opts.text ?? ''), ...opts.props },
  };
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
