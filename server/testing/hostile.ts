/**
 * Every kind of invalid board content a client can send in a well-framed update (issue 11,
 * findings 1, 5 and 8), as data: the integration tests, the fuzz test and the hostile-content
 * e2e all send these. Each is one change made on a copy of the board as the sender knows it.
 */
import * as Y from 'yjs';
import { createShapeId } from '@tldraw/tlschema';
import {
  frameworkEvents,
  scopeMap,
  tldrawRecords,
  writeBoardEnded,
  writeTldrawSchema,
  type RecordJson,
} from '../../lib/board/schema';
import { setLength } from '../../lib/board/framework';
import type { FrameworkEvent } from '../../lib/board/timeline';
import { captureUpdate, cloneDoc, embedShape, geoShape, noteShape, textShape } from './content';

/** Who sends a hostile update. */
export type Sender = 'candidate' | 'interviewer';

/** One kind of invalid content. */
export interface HostileCase {
  /** Short stable name (fuzz kinds, e2e markers). */
  id: string;
  /** What is sent, as a test title says it. */
  title: string;
  /** The finding of issue 11 it reproduces, or `origin`: it would make viewers request another host. */
  finding: 1 | 5 | 8 | 'origin';
  /** Who sends it: the rule it breaks holds for this role. */
  as: Sender;
  /** True when the board must already hold a framework event (the change deletes or edits one). */
  needsFrameworkEvent: boolean;
  /** The change, made on the sender's copy of the board. */
  change(doc: Y.Doc): void;
}

/** Longest text a text or note shape may hold after the fix (finding 8). */
export const MAX_SHAPE_TEXT_CHARS = 4_000;

/** Largest JSON of one tldraw record after the fix. */
export const MAX_RECORD_JSON_BYTES = 64 * 1024;

/** Depth of the nested maps of finding 1. */
export const HOSTILE_NESTING_DEPTH = 8_000;

/** A framework event as the server stamps it (tests seed one through the store). */
export function serverStepEvent(step: 0 | 1 | 2 | 3, at = Date.now()): FrameworkEvent {
  return { type: 'step', step, at, by: { id: 'interviewer', name: 'Ines Interviewer' } };
}

/** A step event forged by a client: step 4, credited to the interviewer. */
function forgedStepEvent(): FrameworkEvent {
  return { type: 'step', step: 3, at: Date.now(), by: { id: 'interviewer', name: 'Ines Interviewer' } };
}

function putRaw(doc: Y.Doc, key: string, record: RecordJson): void {
  tldrawRecords(doc).set(key, record);
}

const FIFTY_HOURS_MS = 50 * 60 * 60 * 1000;

/** Every invalid kind; ids are unique. */
export const HOSTILE_CASES: readonly HostileCase[] = [
  {
    id: 'unknown-typename',
    title: 'a tldraw record with an unknown typeName',
    finding: 1,
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => putRaw(doc, 'evil:1', { id: 'evil:1', typeName: 'evil', payload: 'x' }),
  },
  {
    id: 'geo-negative-width',
    title: 'a geo shape with w: -5',
    finding: 1,
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => {
      const r = geoShape({ props: { w: -5 } });
      putRaw(doc, r.id, r);
    },
  },
  {
    id: 'geo-banana',
    title: "a geo shape with geo: 'banana'",
    finding: 1,
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => {
      const r = geoShape({ props: { geo: 'banana' } });
      putRaw(doc, r.id, r);
    },
  },
  {
    id: 'id-not-key',
    title: 'a record whose id is not its key',
    finding: 1,
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => putRaw(doc, createShapeId(), geoShape()),
  },
  {
    id: 'id-prefix-mismatch',
    title: 'a shape record whose id says page:',
    finding: 1,
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => {
      const r = { ...geoShape(), id: `page:${createShapeId().slice('shape:'.length)}` };
      putRaw(doc, r.id, r);
    },
  },
  {
    id: 'parent-missing',
    title: 'a shape whose parent page does not exist',
    finding: 1,
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => {
      const r = { ...geoShape(), parentId: 'page:does-not-exist' };
      putRaw(doc, r.id, r);
    },
  },
  {
    // Not in the list; found while writing these tests: every open tab freezes for good.
    id: 'parent-cycle',
    title: "two shapes that are each other's parent",
    finding: 1,
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => {
      const a = geoShape();
      const b = geoShape({ x: 300 });
      putRaw(doc, a.id, { ...a, parentId: b.id });
      putRaw(doc, b.id, { ...b, parentId: a.id });
    },
  },
  {
    id: 'meta-status-ended',
    title: "meta.status = 'ended'",
    finding: 5,
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => writeBoardEnded(doc, Date.now()),
  },
  {
    id: 'meta-garbage-schema',
    title: 'a garbage meta.tldrawSchema',
    finding: 1,
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => writeTldrawSchema(doc, { schemaVersion: 99, sequences: 'garbage' }),
  },
  {
    id: 'framework-push-candidate',
    title: 'a step event pushed to framework',
    finding: 5,
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => frameworkEvents(doc).push([forgedStepEvent()]),
  },
  {
    id: 'framework-push-interviewer',
    title: 'a step event pushed to framework',
    finding: 5,
    as: 'interviewer',
    needsFrameworkEvent: false,
    change: (doc) => frameworkEvents(doc).push([forgedStepEvent()]),
  },
  {
    id: 'framework-delete-candidate',
    title: 'a framework event deleted',
    finding: 5,
    as: 'candidate',
    needsFrameworkEvent: true,
    change: (doc) => frameworkEvents(doc).delete(0, 1),
  },
  {
    id: 'framework-delete-interviewer',
    title: 'a framework event deleted',
    finding: 5,
    as: 'interviewer',
    needsFrameworkEvent: true,
    change: (doc) => frameworkEvents(doc).delete(0, 1),
  },
  {
    id: 'framework-edit-candidate',
    title: 'a framework event back-dated 50 h',
    finding: 5,
    as: 'candidate',
    needsFrameworkEvent: true,
    change: (doc) => backdateFirstEvent(doc),
  },
  {
    id: 'framework-edit-interviewer',
    title: 'a framework event back-dated 50 h',
    finding: 5,
    as: 'interviewer',
    needsFrameworkEvent: true,
    change: (doc) => backdateFirstEvent(doc),
  },
  {
    id: 'plan-candidate',
    title: 'a valid plan change (interviewer only)',
    finding: 5,
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => setLength(doc, 60),
  },
  {
    id: 'deep-nesting',
    title: `a scope record nesting Y.Maps ${HOSTILE_NESTING_DEPTH} deep`,
    finding: 1,
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => {
      const item = new Y.Map<unknown>();
      scopeMap(doc).set('deep-scope-item', item);
      item.set('kind', 'assumption');
      item.set('text', 'deep');
      let level = new Y.Map<unknown>();
      item.set('answer', level);
      for (let i = 1; i < HOSTILE_NESTING_DEPTH; i++) {
        const next = new Y.Map<unknown>();
        level.set('n', next);
        level = next;
      }
    },
  },
  {
    id: 'unknown-root',
    title: "an unknown root type (doc.getMap('evil'))",
    finding: 1,
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => doc.getMap('evil').set('x', 'evil root'),
  },
  {
    id: 'long-text',
    title: `a text shape of ${MAX_SHAPE_TEXT_CHARS + 1} characters`,
    finding: 8,
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => {
      const r = textShape('x'.repeat(MAX_SHAPE_TEXT_CHARS + 1));
      putRaw(doc, r.id, r);
    },
  },
  {
    id: 'long-note',
    title: 'a note shape of 20,000 characters',
    finding: 8,
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => {
      const r = noteShape('lorem ipsum '.repeat(1_700).slice(0, 20_000));
      putRaw(doc, r.id, r);
    },
  },
  {
    id: 'big-record',
    title: 'a valid geo shape whose JSON is over 64 KiB (a big meta)',
    finding: 1,
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => {
      const r = geoShape({ meta: { blob: 'x'.repeat(MAX_RECORD_JSON_BYTES) } });
      putRaw(doc, r.id, r);
    },
  },
  {
    // tldraw frames any URL an embed names, known site or not.
    id: 'embed-other-host',
    title: 'an embed shape framing a page on another host',
    finding: 'origin',
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => {
      const r = embedShape('https://tracker.example/frame');
      putRaw(doc, r.id, r);
    },
  },
  {
    id: 'bookmark-image-other-host',
    title: 'a bookmark asset whose preview image is on another host',
    finding: 'origin',
    as: 'candidate',
    needsFrameworkEvent: false,
    change: (doc) => {
      const id = 'asset:bookmark1';
      putRaw(doc, id, {
        id,
        typeName: 'asset',
        type: 'bookmark',
        props: { title: '', description: '', image: 'https://tracker.example/i.png', favicon: '', src: null },
        meta: {},
      });
    },
  },
];

function backdateFirstEvent(doc: Y.Doc): void {
  const events = frameworkEvents(doc);
  const first = events.get(0) as FrameworkEvent;
  events.delete(0, 1);
  events.insert(0, [{ ...first, at: first.at - FIFTY_HOURS_MS }]);
}

/** The update a case produces when its sender's copy of the board is `base` (a fresh client id). */
export function hostileUpdate(c: HostileCase, base: Y.Doc): Uint8Array {
  const scratch = cloneDoc(base);
  try {
    return captureUpdate(scratch, c.change);
  } finally {
    scratch.destroy();
  }
}
