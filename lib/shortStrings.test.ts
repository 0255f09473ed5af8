import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as string from 'lib0/string';
import * as Y from 'yjs';
import { decodeShortAscii, installShortStringDecoder } from './shortStrings';

const reference = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Bytes of a random string mixing ASCII, two-, three- and four-byte characters. */
function randomBytes(seed: number): Uint8Array {
  const length = seed % 90;
  const bytes: number[] = [];
  for (let i = 0; i < length; i++) bytes.push((seed * 7_919 + i * 104_729) % 256);
  return Uint8Array.from(bytes);
}

describe('short string decoding', () => {
  installShortStringDecoder();

  it('reads every short ASCII string as the native decoder does, and leaves the rest to it', () => {
    for (const s of ['', 'a', 'geo', 'shape:abc123', 'x'.repeat(12), 'y'.repeat(13), 'z'.repeat(64)]) {
      expect(decodeShortAscii(new TextEncoder().encode(s))).toBe(s);
    }
    expect(decodeShortAscii(new TextEncoder().encode('café'))).toBeNull();
    expect(decodeShortAscii(Uint8Array.of(0xef, 0xbb, 0xbf, 0x61))).toBeNull();
  });

  it("gives lib0's decoder the same strings and the same errors as before, for any bytes", () => {
    const decoder = string.utf8TextDecoder!;
    expect(Object.hasOwn(decoder, 'decode')).toBe(true);
    for (let seed = 0; seed < 5_000; seed++) {
      const bytes = randomBytes(seed);
      let expected: string | Error;
      try {
        expected = reference.decode(bytes);
      } catch (err) {
        expected = err as Error;
      }
      if (expected instanceof Error) expect(() => decoder.decode(bytes)).toThrow(TypeError);
      else expect(decoder.decode(bytes)).toBe(expected);
    }
    for (const s of ['ascii', 'naïve', '\u{1f600} smile', '\ufeffbom', 'long '.repeat(40)]) {
      const e = encoding.createEncoder();
      encoding.writeVarString(e, s);
      expect(decoding.readVarString(decoding.createDecoder(encoding.toUint8Array(e)))).toBe(s);
    }
  });

  it('round-trips a document with mixed strings', () => {
    const doc = new Y.Doc();
    const map = doc.getMap('m');
    map.set('short', 'geo');
    map.set('unicode', 'Zürich → 東京 \u{1f680}');
    map.set('record', { id: 'shape:1', props: { color: 'black', text: 'a'.repeat(200) } });
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    expect(copy.getMap('m').toJSON()).toEqual(map.toJSON());
  });
});
