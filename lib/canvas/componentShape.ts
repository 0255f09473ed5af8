/**
 * The system-design component shape, as data: its type name, the kinds of component, the props
 * with their validators and caps, and its migrations. Node-safe (no browser imports), because the
 * server validates records against the same schema and seeds boards with it; the browser's
 * ShapeUtil (components/canvas/ComponentShapeUtil.tsx) uses these very objects.
 */
import { createShapePropsMigrationSequence, type RecordProps, type TLShape } from '@tldraw/tlschema';
import { T } from '@tldraw/validate';
import {
  COMPONENT_KINDS,
  COMPONENT_KIND_LABELS,
  MAX_COMPONENT_DETAIL_CHARS,
  MAX_COMPONENT_ESTIMATE_CHARS,
  MAX_COMPONENT_ESTIMATE_REF_CHARS,
  MAX_COMPONENT_LABEL_CHARS,
  MAX_COMPONENT_REPLICAS,
  MAX_COMPONENT_SIZE,
  type ComponentKind,
  type COMPONENT_SHAPE_TYPE,
} from './componentKinds';

export * from './componentKinds';

/** The props of a component shape. */
export interface ComponentShapeProps {
  kind: ComponentKind;
  w: number;
  h: number;
  /** The label (plain text; tldraw's plain-text label editing expects it under `text`). */
  text: string;
  /** How many instances the shape stands for; more than one draws a stack and "×N". */
  replicas: number;
  /** Technology, e.g. "Redis"; empty when not set. */
  tech: string;
  /** Capacity, e.g. "50k QPS"; empty when not set. */
  capacity: string;
  /** An estimate's figure shown on the shape, e.g. "Posts: peak read QPS 6.94K"; empty when none. */
  estimate: string;
  /** Which estimate and figure `estimate` came from (`<estimate id>:<figure key>`); empty when none. */
  estimateRef: string;
}

declare module '@tldraw/tlschema' {
  interface TLGlobalShapePropsMap {
    [COMPONENT_SHAPE_TYPE]: ComponentShapeProps;
  }
}

/** A component shape record. */
export type ComponentShape = TLShape<typeof COMPONENT_SHAPE_TYPE>;

function maxChars(max: number) {
  return T.string.check(`at most ${max} characters`, (s) => {
    if (s.length > max) throw new T.ValidationError(`Expected at most ${max} characters, got ${s.length}`);
  });
}

const size = T.nonZeroNumber.check(`at most ${MAX_COMPONENT_SIZE}`, (n) => {
  if (n > MAX_COMPONENT_SIZE) throw new T.ValidationError(`Expected at most ${MAX_COMPONENT_SIZE}, got ${n}`);
});

/** Validators for every prop (the store, and soon the server, reject records that fail them). */
export const componentShapeProps: RecordProps<ComponentShape> = {
  kind: T.literalEnum(...COMPONENT_KINDS),
  w: size,
  h: size,
  text: maxChars(MAX_COMPONENT_LABEL_CHARS),
  replicas: T.nonZeroInteger.check(`at most ${MAX_COMPONENT_REPLICAS}`, (n) => {
    if (n > MAX_COMPONENT_REPLICAS)
      throw new T.ValidationError(`Expected at most ${MAX_COMPONENT_REPLICAS}, got ${n}`);
  }),
  tech: maxChars(MAX_COMPONENT_DETAIL_CHARS),
  capacity: maxChars(MAX_COMPONENT_DETAIL_CHARS),
  estimate: maxChars(MAX_COMPONENT_ESTIMATE_CHARS),
  estimateRef: maxChars(MAX_COMPONENT_ESTIMATE_REF_CHARS),
};

/**
 * Migrations of the props, like tldraw's own shapes have. The first released version has none;
 * a change to the props adds a step here (with `createShapePropsMigrationIds`), so boards saved
 * before it are upgraded when they load.
 */
export const componentShapeMigrations = createShapePropsMigrationSequence({ sequence: [] });

/** Default size of a new component, in page units. */
export const COMPONENT_DEFAULT_SIZE = { w: 152, h: 96 } as const;

/** Props of a new component of `kind`. */
export function defaultComponentProps(kind: ComponentKind = 'box'): ComponentShapeProps {
  return {
    kind,
    w: COMPONENT_DEFAULT_SIZE.w,
    h: COMPONENT_DEFAULT_SIZE.h,
    text: COMPONENT_KIND_LABELS[kind],
    replicas: 1,
    tech: '',
    capacity: '',
    estimate: '',
    estimateRef: '',
  };
}

/** Clamps free text to what the validators accept (people type; the store must never throw). */
export function clampComponentProps<P extends Partial<ComponentShapeProps>>(props: P): P {
  const out = { ...props };
  if (out.text !== undefined) out.text = out.text.slice(0, MAX_COMPONENT_LABEL_CHARS);
  if (out.tech !== undefined) out.tech = out.tech.slice(0, MAX_COMPONENT_DETAIL_CHARS);
  if (out.capacity !== undefined) out.capacity = out.capacity.slice(0, MAX_COMPONENT_DETAIL_CHARS);
  if (out.estimate !== undefined) out.estimate = out.estimate.slice(0, MAX_COMPONENT_ESTIMATE_CHARS);
  if (out.estimateRef !== undefined)
    out.estimateRef = out.estimateRef.slice(0, MAX_COMPONENT_ESTIMATE_REF_CHARS);
  if (out.replicas !== undefined)
    out.replicas = Math.min(MAX_COMPONENT_REPLICAS, Math.max(1, Math.round(out.replicas) || 1));
  return out;
}

/** True when `kind` names a component kind. */
export function isComponentKind(kind: unknown): kind is ComponentKind {
  return typeof kind === 'string' && (COMPONENT_KINDS as readonly string[]).includes(kind);
}
