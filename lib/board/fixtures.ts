/**
 * Valid board content for tests (unit, integration and end-to-end): tldraw records built with
 * tldraw's schema package only, so Node tests can write real shapes into a board document.
 */
import { b64Vecs, createBindingId, createShapeId, toRichText } from '@tldraw/tlschema';
import { defaultComponentProps, type ComponentKind } from '../canvas/componentShape';
import * as Y from 'yjs';
import { FIRST_PAGE_ID } from './seed';
import { createBoardDoc, readTldrawRecords, tldrawRecords, type RecordJson } from './schema';

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

/** A shape whose props are exactly `props` (no rich text), overridden by `opts.props`. */
function plainShape(type: string, props: Record<string, unknown>, opts: ShapeOptions): RecordJson {
  return { ...shape(type, {}, opts), props: { ...props, ...opts.props } };
}

/** An embedded page (tldraw's embed shape) showing `url`. */
export function embedShape(url: string, opts: ShapeOptions = {}): RecordJson {
  return plainShape('embed', { w: 400, h: 300, url }, opts);
}

/** A system-design component of `kind` labelled `label`. */
export function componentShape(kind: ComponentKind, label: string, opts: ShapeOptions = {}): RecordJson {
  return plainShape('system-component', { ...defaultComponentProps(kind), text: label }, opts);
}

/** tldraw 5.4's default arrow props (ArrowShapeUtil.getDefaultProps). */
const ARROW_DEFAULTS = {
  kind: 'arc',
  elbowMidPoint: 0.5,
  dash: 'draw',
  size: 'm',
  fill: 'none',
  color: 'black',
  labelColor: 'black',
  bend: 0,
  start: { x: 0, y: 0 },
  end: { x: 2, y: 0 },
  arrowheadStart: 'none',
  arrowheadEnd: 'arrow',
  labelPosition: 0.5,
  font: 'draw',
  scale: 1,
};

/** An arrow from one shape to another, bound at both ends: the arrow and its two bindings. */
export function arrowBetween(fromId: string, toId: string, opts: ShapeOptions = {}): RecordJson[] {
  const arrow = shape('arrow', ARROW_DEFAULTS, opts);
  const binding = (terminal: 'start' | 'end', target: string): RecordJson => ({
    id: createBindingId(),
    typeName: 'binding',
    type: 'arrow',
    fromId: arrow.id,
    toId: target,
    props: { terminal, normalizedAnchor: { x: 0.5, y: 0.5 }, isExact: false, isPrecise: false, snap: 'none' },
    meta: {},
  });
  return [arrow, binding('start', fromId), binding('end', toId)];
}

/** A free arrow from `start` to `end` (page coordinates), bound to nothing. */
export function freeArrow(
  start: { x: number; y: number },
  end: { x: number; y: number },
  opts: ShapeOptions = {},
) {
  return shape('arrow', ARROW_DEFAULTS, {
    ...opts,
    x: start.x,
    y: start.y,
    props: { end: { x: end.x - start.x, y: end.y - start.y }, ...opts.props },
  });
}

/** A frame named `name`; shapes inside it take its id as `parentId`. */
export function frameShape(name: string, opts: ShapeOptions = {}): RecordJson {
  return plainShape('frame', { w: 320, h: 180, name, color: 'black' }, opts);
}

/** A freehand stroke through `points` (shape coordinates). */
export function drawShape(points: Array<{ x: number; y: number }>, opts: ShapeOptions = {}): RecordJson {
  return plainShape(
    'draw',
    {
      segments: [{ type: 'free', path: b64Vecs.encodePoints(points.map((p) => ({ ...p, z: 0.5 }))) }],
      color: 'black',
      fill: 'none',
      dash: 'draw',
      size: 'm',
      isComplete: true,
      isClosed: false,
      isPen: false,
      scale: 1,
      scaleX: 1,
      scaleY: 1,
    },
    opts,
  );
}

/** A straight line through `points` (shape coordinates). */
export function lineShape(points: Array<{ x: number; y: number }>, opts: ShapeOptions = {}): RecordJson {
  const keyed = Object.fromEntries(
    points.map((p, i) => {
      const index = `a${i + 1}`;
      return [index, { id: index, index, x: p.x, y: p.y }];
    }),
  );
  return plainShape(
    'line',
    { dash: 'solid', size: 'm', color: 'black', spline: 'line', points: keyed, scale: 1 },
    opts,
  );
}

/** Writes records into a board document the way the browser does. */
export function putRecords(doc: Y.Doc, records: readonly RecordJson[]): void {
  const kv = tldrawRecords(doc);
  doc.transact(() => {
    for (const r of records) kv.set(r.id, r);
  });
}

/**
 * One update in which `n` clients that each saw `base` as it is append a shape: every item names
 * the same end of the list (what people drawing at the same moment send, `n` at a time).
 */
export function concurrentAppends(base: Y.Doc, n: number): Uint8Array {
  return Y.mergeUpdates(
    Array.from({ length: n }, () => {
      const client = createBoardDoc();
      Y.applyUpdate(client, Y.encodeStateAsUpdate(base));
      const before = Y.encodeStateVector(client);
      putRecords(client, [geoShape()]);
      return Y.encodeStateAsUpdate(client, before);
    }),
  );
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
