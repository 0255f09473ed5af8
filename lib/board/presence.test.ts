import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { InstancePresenceRecordType, PageRecordType, type TLShapeId } from '@tldraw/tlschema';
import {
  MAX_PRESENCE_JSON_CHARS,
  MAX_SHARED_SELECTION,
  MAX_SHARED_TRAIL_POINTS,
  fitPresenceState,
  readAwarenessUpdate,
  type PublishedPresence,
} from './presence';

const user = { id: 'u1', name: 'Ada Lovelace', color: '#3366ff' };

function state(overrides: Partial<PublishedPresence['presence'] & object> = {}): PublishedPresence {
  return {
    user,
    presence: InstancePresenceRecordType.create({
      id: InstancePresenceRecordType.createId('me'),
      userId: 'user:u1' as never,
      userName: user.name,
      currentPageId: PageRecordType.createId('page'),
      ...overrides,
    }),
  };
}

/** What the server reads of the state as this tab would publish it (y-protocols' own encoding). */
function published(s: PublishedPresence) {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalState(fitPresenceState(s));
  const read = readAwarenessUpdate(encodeAwarenessUpdate(awareness, [awareness.clientID]));
  if (!read.ok) throw new Error(read.reason);
  return read.entries[0]!.state as PublishedPresence;
}

const ids = (n: number) =>
  Array.from({ length: n }, (_, i) => `shape:${String(i).padStart(21, 'x')}` as TLShapeId);
const trail = (points: number) => ({
  id: 'laser',
  points: Array.from({ length: points }, (_, i) => ({ x: 1000.125 + i, y: 2000.25 + i, z: 0.5 })),
  size: 4,
  color: 'laser' as const,
  opacity: 1,
  state: 'active' as const,
  delay: 1200,
  shrink: 0.05,
  taper: true,
});

describe('the presence this tab publishes', () => {
  it('is published as it is when it fits', () => {
    const s = state({ selectedShapeIds: ids(3), scribbles: [trail(10)] });
    expect(fitPresenceState(s)).toEqual(s);
    expect(published(s).presence?.selectedShapeIds).toHaveLength(3);
  });

  it('shares at most MAX_SHARED_SELECTION of a selection: select all on a large board stays connected', () => {
    // 600 ids alone are ~18,000 characters: the server would refuse the state and close the socket.
    expect(JSON.stringify(state({ selectedShapeIds: ids(600) })).length).toBeGreaterThan(
      MAX_PRESENCE_JSON_CHARS,
    );
    const p = published(state({ selectedShapeIds: ids(600) })).presence!;
    expect(p.selectedShapeIds).toEqual(ids(MAX_SHARED_SELECTION));
  });

  it('keeps the newest points of a long laser trail, then drops what still does not fit', () => {
    const long = published(state({ scribbles: [trail(400)] })).presence!;
    expect(long.scribbles[0]!.points).toEqual(trail(400).points.slice(-MAX_SHARED_TRAIL_POINTS));
    // Many long trails and a long selection: the trails go, then the selection; the cursor stays.
    const crowded = published(
      state({ selectedShapeIds: ids(600), scribbles: Array.from({ length: 8 }, () => trail(400)) }),
    ).presence!;
    expect(crowded.scribbles).toEqual([]);
    expect(crowded.currentPageId).toBe('page:page');
  });

  it('is only who this is when nothing else fits', () => {
    const s = state({ chatMessage: 'x'.repeat(MAX_PRESENCE_JSON_CHARS) });
    expect(published(s)).toEqual({ user, presence: null });
  });
});
