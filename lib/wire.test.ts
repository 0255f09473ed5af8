import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  decodeClientFrame,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from './wire';

function anUpdate(): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('m').set('k', 'v');
  return Y.encodeStateAsUpdate(doc);
}

describe('decodeClientFrame', () => {
  it('accepts every message a y-websocket client sends', () => {
    const update = anUpdate();
    const sv = Y.encodeStateVector(new Y.Doc());
    expect(decodeClientFrame(encodeSyncStep1(sv))).toEqual({
      ok: true,
      message: { kind: 'sync-step1', stateVector: sv },
    });
    expect(decodeClientFrame(encodeSyncStep2(update))).toEqual({
      ok: true,
      message: { kind: 'sync-step2', update },
    });
    expect(decodeClientFrame(encodeSyncUpdate(update))).toEqual({
      ok: true,
      message: { kind: 'sync-update', update },
    });
    const awareness = new Uint8Array([1, 2, 3]);
    expect(decodeClientFrame(encodeAwareness(awareness))).toEqual({
      ok: true,
      message: { kind: 'awareness', update: awareness },
    });
  });

  it.each([
    ['empty', new Uint8Array()],
    ['unknown type', new Uint8Array([2, 0])],
    ['query-awareness from a client', new Uint8Array([3])],
    ['unknown sync type', new Uint8Array([0, 9, 0])],
    ['truncated length', new Uint8Array([0, 2, 10, 1, 2])],
    ['trailing bytes', Uint8Array.from([...encodeSyncUpdate(anUpdate()), 0])],
    ['update that does not decode', encodeSyncUpdate(new Uint8Array([200, 200, 200, 200, 200]))],
    ['state vector that does not decode', encodeSyncStep1(new Uint8Array([5, 200]))],
  ])('rejects %s', (_name, frame) => {
    const result = decodeClientFrame(frame);
    expect(result.ok).toBe(false);
  });

  it('never throws on random bytes', () => {
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 256;
    for (let i = 0; i < 2_000; i++) {
      const frame = Uint8Array.from({ length: 1 + (i % 64) }, rand);
      expect(() => decodeClientFrame(frame)).not.toThrow();
    }
  });
});
