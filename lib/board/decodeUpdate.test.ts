import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import {
  decodeClientUpdate,
  DecodeRefusal,
  isArrayIndexKey,
  MAX_DECODED_DELETE_RANGES,
  MAX_DECODED_STRUCTS,
  MAX_DECODED_TYPES,
  MAX_DECODED_UPDATE_MEMORY,
} from './decodeUpdate';
import { createBoardDoc, tldrawEntries } from './schema';
import { createSeedUpdate } from './seed';
import { drawShape, geoShape, lineShape, noteShape, putRecords, textShape } from './fixtures';
import { addScopeItem } from './scope';

/** The values of an update's items, as decoded. */
const contents = (decoded: ReturnType<typeof Y.decodeUpdate>) =>
  decoded.structs.map((s) => (s instanceof Y.Item ? s.content.getContent() : s.constructor.name));

/** An update that appends `values` to the board's canvas list. */
function appending(values: unknown[]): Uint8Array {
  const doc = createBoardDoc();
  Y.applyUpdate(doc, createSeedUpdate());
  const before = Y.encodeStateVector(doc);
  tldrawEntries(doc).push(values as never[]);
  return Y.encodeStateAsUpdate(doc, before);
}

describe("decoding a client's update", () => {
  it("reads a board's records exactly as Yjs does", () => {
    const doc = createBoardDoc();
    Y.applyUpdate(doc, createSeedUpdate());
    putRecords(doc, [
      geoShape({ id: 'shape:g' }),
      noteShape('a note'),
      textShape('text', { id: 'shape:t' }),
      drawShape([
        { x: 0, y: 0 },
        { x: 3, y: 4.5 },
      ]),
      lineShape([
        { x: 0, y: 0 },
        { x: 10, y: -2 },
      ]),
    ]);
    addScopeItem(doc, {
      kind: 'assumption',
      text: 'Reads dominate',
      step: 0,
      by: { id: 'a', name: 'Ada' },
      at: 1,
    });
    const update = Y.encodeStateAsUpdate(doc);
    const ours = decodeClientUpdate(update);
    expect(contents(ours)).toEqual(contents(Y.decodeUpdate(update)));
    expect(ours.ds).toEqual(Y.decodeUpdate(update).ds);
  });

  it('refuses a value with a key V8 stores as an array index (12 KB for 9 bytes), or __proto__', () => {
    expect(isArrayIndexKey('1023')).toBe(true);
    expect(isArrayIndexKey('0')).toBe(true);
    for (const key of ['a1', '01', '-1', '1.5', '4294967295', 'x'.repeat(11)])
      expect(isArrayIndexKey(key)).toBe(false);
    const sparse = { ...geoShape({ id: 'shape:s' }), meta: { a: [{ '1023': 0, '2575': 0 }] } };
    expect(() => decodeClientUpdate(appending([{ key: sparse.id, val: sparse }]))).toThrow(
      new DecodeRefusal('a value has the key "1023", which no record has'),
    );
    const proto = JSON.parse('{"id":"shape:p","meta":{"__proto__":{"x":1}}}') as unknown;
    expect(() => decodeClientUpdate(appending([{ key: 'shape:p', val: proto }]))).toThrow(
      'a value has the key "__proto__", which no record has',
    );
  });

  it(`stops reading values past ${MAX_DECODED_UPDATE_MEMORY} bytes of estimated memory`, () => {
    // 4 bytes each on the wire, ~225 bytes of heap: 4 MB would take ~225 MB.
    const nested = Array.from({ length: 1_000_000 }, () => [[]]);
    const update = appending(nested);
    expect(update.length).toBeLessThan(4 * 1024 * 1024);
    expect(() => decodeClientUpdate(update)).toThrow(
      `its values would take more than ${MAX_DECODED_UPDATE_MEMORY} bytes of memory`,
    );
  });

  it(`stops at ${MAX_DECODED_STRUCTS} structs and ${MAX_DECODED_DELETE_RANGES} deleted ranges, before the rest is read`, () => {
    const structs = encoding.createEncoder();
    encoding.writeVarUint(structs, 1); // one client
    encoding.writeVarUint(structs, MAX_DECODED_STRUCTS + 1);
    encoding.writeVarUint(structs, 7); // its id
    encoding.writeVarUint(structs, 0); // from clock 0
    for (let i = 0; i <= MAX_DECODED_STRUCTS; i++) {
      encoding.writeUint8(structs, 0); // a garbage-collected struct (4 bytes on the wire, ~200 in memory)
      encoding.writeVarUint(structs, 1);
    }
    encoding.writeVarUint(structs, 0); // no deletions
    expect(() => decodeClientUpdate(encoding.toUint8Array(structs))).toThrow(
      `more than ${MAX_DECODED_STRUCTS} structs in one update`,
    );
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 0); // no structs
    encoding.writeVarUint(e, 1); // one client's deletions
    encoding.writeVarUint(e, 7);
    encoding.writeVarUint(e, MAX_DECODED_DELETE_RANGES + 1);
    for (let i = 0; i <= MAX_DECODED_DELETE_RANGES; i++) {
      encoding.writeVarUint(e, i * 2);
      encoding.writeVarUint(e, 1);
    }
    expect(() => decodeClientUpdate(encoding.toUint8Array(e))).toThrow(
      `more than ${MAX_DECODED_DELETE_RANGES} deleted ranges in one update`,
    );
  });

  it('refuses binary values and kinds of content no board holds, before Yjs builds them', () => {
    const text = textShape('x', { id: 'shape:b' });
    const binary = {
      ...text,
      props: { ...(text.props as object), richText: { type: 'doc', content: [new Uint8Array(4)] } },
    };
    expect(() => decodeClientUpdate(appending([{ key: binary.id, val: binary }]))).toThrow(
      'a value is binary, which no record has',
    );
    /** An update made by `change` on a fresh document. */
    const made = (change: (doc: Y.Doc) => void) => {
      const doc = new Y.Doc();
      change(doc);
      return Y.encodeStateAsUpdate(doc);
    };
    expect(() => decodeClientUpdate(made((d) => d.getArray('tldraw').push([new Y.Doc()])))).toThrow(
      'an item holds content of kind 9, which no board has',
    );
    expect(() => decodeClientUpdate(made((d) => d.getText('notes').insert(0, 'hello')))).toThrow(
      'an item holds content of kind 4, which no board has',
    );
    expect(() => decodeClientUpdate(made((d) => d.getMap('scope').set('x', new Y.Array())))).toThrow(
      'a nested type of kind 0, which no board has',
    );
    const maps = made((d) => {
      for (let i = 0; i <= MAX_DECODED_TYPES; i++) d.getMap('scope').set(`r${i}`, new Y.Map());
    });
    expect(() => decodeClientUpdate(maps)).toThrow(
      `more than ${MAX_DECODED_TYPES} nested maps in one update`,
    );
  });
});
