import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { MessageType } from './protocol';
import {
  decodeClientFrame,
  encodeCommand,
  encodeAwareness,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from './wire';

/** A command frame carrying `json` as is. */
function commandFrame(json: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.Command);
  encoding.writeVarUint8Array(e, new TextEncoder().encode(json));
  return encoding.toUint8Array(e);
}

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
    ['empty', new Uint8Array(), 'empty frame'],
    ['unknown type', new Uint8Array([2, 0]), 'unknown message type 2'],
    ['query-awareness from a client', new Uint8Array([3]), 'unknown message type 3'],
    ['unknown sync type', new Uint8Array([0, 9, 0]), 'unknown sync message type 9'],
    ['truncated length', new Uint8Array([0, 2, 10, 1, 2]), 'truncated or malformed frame'],
    ['trailing bytes', Uint8Array.from([...encodeSyncUpdate(anUpdate()), 0]), 'trailing bytes after message'],
    [
      'state vector that does not decode',
      encodeSyncStep1(new Uint8Array([5, 200])),
      'truncated or malformed frame',
    ],
    ['command that is not JSON', commandFrame('{step'), 'command is not JSON'],
    ['unknown command', commandFrame('{"type":"delete-board"}'), 'unknown command'],
    ['command with extra fields', commandFrame('{"type":"clock","running":true,"at":1}'), 'unknown command'],
    ['step out of range', commandFrame('{"type":"step","step":7}'), 'unknown command'],
    ['oversized command', commandFrame(`{"type":"clock","x":"${'x'.repeat(2_000)}"}`), 'command too long'],
  ])('rejects %s', (_name, frame, reason) => {
    expect(decodeClientFrame(frame)).toEqual({ ok: false, reason });
  });

  it("leaves an update's own bytes to the room's content check, which decodes them once", () => {
    const garbage = new Uint8Array([200, 200, 200, 200, 200]);
    expect(decodeClientFrame(encodeSyncUpdate(garbage))).toEqual({
      ok: true,
      message: { kind: 'sync-update', update: garbage },
    });
  });

  it('accepts the commands the panel sends', () => {
    for (const command of [
      { type: 'step', step: 2 },
      { type: 'clock', running: false },
      { type: 'request-step', step: 1 },
    ] as const) {
      expect(decodeClientFrame(encodeCommand(command))).toEqual({
        ok: true,
        message: { kind: 'command', command },
      });
    }
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
