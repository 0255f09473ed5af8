import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { SharedValues, skipAny } from './sharedValues';
import { createBoardDoc, readTldrawRecords, tldrawRecords } from './schema';
import { arrowBetween, drawShape, geoShape, putRecords, richText, textShape } from './fixtures';
import { addScopeItem } from './scope';
import { ReplayEngine } from './replay';
import type { LogEntry } from '../history';

const ada = { id: 'a', name: 'Ada' };

/** Values of every kind lib0 writes, nested. */
const VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  2 ** 40,
  -(2 ** 31),
  1.5,
  Number.MAX_VALUE,
  '',
  'geo',
  'é✓ and a longer string past any short-string path'.repeat(3),
  [],
  {},
  [1, 'two', { three: [3, null, false] }],
  { a: { b: { c: { d: [[[]]] } } }, 'key with spaces': 'é' },
  new Uint8Array([1, 2, 3, 255]),
  2n ** 60n,
  ...[
    geoShape({ id: 'shape:g' }),
    textShape('hello'),
    drawShape([
      { x: 0, y: 0 },
      { x: 3, y: 4 },
    ]),
  ],
  { rich: richText('a note with ünïcode') },
];

describe('skipAny', () => {
  it('ends each value exactly where lib0 stops reading it', () => {
    for (const value of VALUES) {
      const enc = encoding.createEncoder();
      encoding.writeAny(enc, value as never);
      encoding.writeUint8(enc, 42); // what follows the value
      const bytes = encoding.toUint8Array(enc);
      const d = decoding.createDecoder(bytes);
      decoding.readAny(d);
      expect(
        skipAny(bytes, 0, 0),
        JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `${v}n` : v)),
      ).toBe(d.pos);
    }
  });

  it('says it cannot tell for truncated bytes, unknown tags and values nested too deep', () => {
    const enc = encoding.createEncoder();
    encoding.writeAny(enc, { shape: geoShape() } as never);
    const bytes = encoding.toUint8Array(enc);
    for (const cut of [1, 2, 10, bytes.length - 1]) expect(skipAny(bytes.subarray(0, cut), 0, 0)).toBe(-1);
    expect(skipAny(new Uint8Array([100]), 0, 0)).toBe(-1);
    let deep: unknown = [];
    for (let i = 0; i < 40; i++) deep = [deep];
    const deepEnc = encoding.createEncoder();
    encoding.writeAny(deepEnc, deep as never);
    expect(skipAny(encoding.toUint8Array(deepEnc), 0, 0)).toBe(-1);
  });
});

describe('SharedValues', () => {
  /** A board with shapes, arrows and scope items, edited over a few updates. */
  function board(): { doc: Y.Doc; updates: Uint8Array[] } {
    const doc = createBoardDoc();
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    putRecords(doc, [geoShape({ id: 'shape:a' }), geoShape({ id: 'shape:b', x: 200 }), textShape('t')]);
    putRecords(doc, arrowBetween('shape:a', 'shape:b'));
    addScopeItem(doc, { kind: 'assumption', text: '10M DAU', step: 0, by: ada, at: 1 });
    putRecords(doc, [geoShape({ id: 'shape:a', x: 50 })]);
    tldrawRecords(doc).delete('shape:b');
    return { doc, updates };
  }

  it('builds the same document as Yjs, sharing the values it read before', () => {
    const { doc, updates } = board();
    const state = Y.encodeStateAsUpdate(doc);
    const shared = new SharedValues();
    const first = createBoardDoc();
    shared.apply(first, state);
    const second = createBoardDoc();
    for (const u of updates) shared.apply(second, u);
    const plain = createBoardDoc();
    Y.applyUpdate(plain, state);
    for (const built of [first, second]) {
      expect(Y.encodeStateAsUpdate(built)).toEqual(Y.encodeStateAsUpdate(plain));
      expect(built.toJSON()).toEqual(plain.toJSON());
    }
    // A third document from the same state: every record is the object the first one holds.
    const third = createBoardDoc();
    shared.apply(third, state);
    const byId = new Map(readTldrawRecords(first).map((r) => [r.id, r]));
    const records = readTldrawRecords(third);
    expect(records.length).toBeGreaterThan(3);
    for (const r of records) expect(r).toBe(byId.get(r.id));
    expect(shared.count).toBeGreaterThan(0);
  });

  it('keeps a bounded number of values', () => {
    const shared = new SharedValues(50);
    const doc = createBoardDoc();
    for (let i = 0; i < 200; i++) {
      const one = createBoardDoc();
      putRecords(one, [geoShape({ id: `shape:n${i}`, x: i })]);
      shared.apply(doc, Y.encodeStateAsUpdate(one));
      expect(shared.count).toBeLessThanOrEqual(50);
    }
    expect(readTldrawRecords(doc).filter((r) => r.typeName === 'shape')).toHaveLength(200);
    // And a bounded number of bytes: values of ~500 bytes, 4 KB kept at most.
    const byBytes = new SharedValues(20_000, 4_096);
    const big = createBoardDoc();
    for (let i = 0; i < 100; i++) {
      const one = createBoardDoc();
      putRecords(one, [textShape('x'.repeat(400), { id: `shape:t${i}` })]);
      byBytes.apply(big, Y.encodeStateAsUpdate(one));
      expect(byBytes.count).toBeLessThanOrEqual(8);
    }
    expect(readTldrawRecords(big).filter((r) => r.typeName === 'shape')).toHaveLength(100);
  });

  it('lets a replay seek back to records equal to the log, and identical where unchanged', () => {
    const { updates } = board();
    const entries: LogEntry[] = updates.map((update, i) => ({ at: 1_000 + i * 1_000, update }));
    const engine = new ReplayEngine(entries);
    const expected = (n: number) => {
      const d = createBoardDoc();
      for (const u of updates.slice(0, n)) Y.applyUpdate(d, u);
      return d.toJSON();
    };
    for (const n of [updates.length, 2, updates.length - 1, 0, 3, 1]) {
      expect(engine.docAtIndex(n).toJSON(), `at ${n}`).toEqual(expected(n));
    }
    // Two seeks back to the same moment hand over the same record objects.
    const a = readTldrawRecords(engine.docAtIndex(2));
    engine.docAtIndex(updates.length);
    const b = readTldrawRecords(engine.docAtIndex(2));
    expect(b.length).toBeGreaterThan(0);
    b.forEach((r, i) => expect(r).toBe(a[i]));
  });
});
