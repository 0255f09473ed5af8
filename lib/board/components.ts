/**
 * The system-design components on a board and how they connect, read from the stored tldraw
 * records as plain JSON (the server renders summaries without tldraw's store).
 */
import type * as Y from 'yjs';
import { z } from 'zod';
import { COMPONENT_KINDS, COMPONENT_SHAPE_TYPE } from '../canvas/componentKinds';
import { readTldrawRecords } from './schema';

const ComponentRecord = z.object({
  id: z.string(),
  typeName: z.literal('shape'),
  type: z.literal(COMPONENT_SHAPE_TYPE),
  x: z.number(),
  y: z.number(),
  props: z.object({
    kind: z.enum(COMPONENT_KINDS),
    text: z.string(),
    replicas: z.number(),
    tech: z.string(),
    capacity: z.string(),
    estimate: z.string(),
  }),
});

const ArrowBinding = z.object({
  typeName: z.literal('binding'),
  type: z.literal('arrow'),
  fromId: z.string(),
  toId: z.string(),
  props: z.object({ terminal: z.enum(['start', 'end']) }),
});

/** A component as the summary lists it. */
export interface BoardComponent {
  id: string;
  kind: (typeof COMPONENT_KINDS)[number];
  label: string;
  replicas: number;
  tech: string;
  capacity: string;
  /** The attached estimate figure, or empty. */
  estimate: string;
}

/** Components left to right, then top to bottom (roughly the order a diagram reads in). */
export function readComponents(doc: Y.Doc): BoardComponent[] {
  const out: Array<BoardComponent & { x: number; y: number }> = [];
  for (const record of readTldrawRecords(doc)) {
    // Only components are parsed: a failed zod parse is slow, and most records are not components.
    if (record.type !== COMPONENT_SHAPE_TYPE) continue;
    const parsed = ComponentRecord.safeParse(record);
    if (!parsed.success) continue;
    const { id, x, y, props } = parsed.data;
    out.push({
      id,
      x,
      y,
      kind: props.kind,
      label: props.text,
      replicas: props.replicas,
      tech: props.tech,
      capacity: props.capacity,
      estimate: props.estimate,
    });
  }
  return out
    .sort((a, b) => a.x - b.x || a.y - b.y || a.id.localeCompare(b.id))
    .map(({ x: _x, y: _y, ...c }) => c);
}

/** Arrows bound at both ends to components: `[from, to]` component ids. */
export function readConnections(doc: Y.Doc): Array<[string, string]> {
  const ends = new Map<string, { start?: string; end?: string }>();
  for (const record of readTldrawRecords(doc)) {
    if (record.typeName !== 'binding') continue;
    const parsed = ArrowBinding.safeParse(record);
    if (!parsed.success) continue;
    const b = parsed.data;
    const e = ends.get(b.fromId) ?? {};
    e[b.props.terminal] = b.toId;
    ends.set(b.fromId, e);
  }
  const out: Array<[string, string]> = [];
  for (const e of ends.values()) if (e.start && e.end) out.push([e.start, e.end]);
  return out;
}
