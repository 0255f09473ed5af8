/**
 * Values shared between the documents a replay rebuilds (docs/architecture.md, "Review replay").
 *
 * A seek back rebuilds the board from a checkpoint, and Yjs decodes every record in it again:
 * the same few hundred record versions, as new objects, on every seek. In Chromium that was
 * most of what a scrub allocated (157 MB for the bench's 40 seeks, 96 MB of it decoding
 * checkpoints), and the garbage collections it caused were the slowest seeks. Here a value's
 * encoded bytes are looked up first: a value read before, byte for byte the same, is the same
 * object. Nothing mutates a decoded value (Yjs keeps it as it is, the records reach tldraw as
 * immutable records), so sharing it is safe, and a canvas diff finds most records unchanged by
 * identity.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';

/** Values shorter than this are decoded as usual (looking them up costs about as much). */
const SHARED_FROM_BYTES = 16;
/** Values kept at most by default. */
const MAX_SHARED = 20_000;
/**
 * Encoded bytes of the values kept at most: what they hold alive decoded is a small multiple of
 * this (the server refuses values that decode much larger than they are sent, lib/board/decodeUpdate.ts).
 */
const MAX_SHARED_BYTES = 8 * 1024 * 1024;
/** Deeper values are decoded as usual (a skip that recursed without bound). */
const MAX_DEPTH = 32;

/** lib0's type tags (lib0/decoding.js, `readAnyLookupTable`: tag 127 - index). */
const TAG_OBJECT = 118;
const TAG_ARRAY = 117;

interface Shared {
  bytes: Uint8Array;
  value: unknown;
  next: Shared | undefined;
}

/** A cache of decoded values, and the Yjs decoder that reads through it. */
export class SharedValues {
  private readonly byHash = new Map<number, Shared>();
  private size = 0;
  private bytes = 0;
  /** Yjs's version 1 update decoder, reading plain objects and arrays through this cache. */
  private readonly Decoder: typeof Y.UpdateDecoderV1;

  /** `maxShared`: values kept at most; `maxBytes`: their encoded bytes at most; past either the cache starts again. */
  constructor(
    private readonly maxShared = MAX_SHARED,
    private readonly maxBytes = MAX_SHARED_BYTES,
  ) {
    const read = (d: decoding.Decoder) => this.read(d);
    this.Decoder = class SharingDecoder extends Y.UpdateDecoderV1 {
      override readAny(): unknown {
        return read(this.restDecoder);
      }
    };
  }

  /** Applies a version 1 update to `doc`, sharing the values read before. */
  apply(doc: Y.Doc, update: Uint8Array): void {
    Y.applyUpdateV2(doc, update, null, this.Decoder);
  }

  /** Values held now. */
  get count(): number {
    return this.size;
  }

  /** lib0's `readAny`, answered from the cache when the same bytes were read before. */
  read(d: decoding.Decoder): unknown {
    const arr = d.arr;
    const start = d.pos;
    const tag = arr[start];
    if (tag !== TAG_OBJECT && tag !== TAG_ARRAY) return decoding.readAny(d);
    const skipped = skip(d, 0);
    const end = d.pos;
    d.pos = start;
    if (!skipped || end - start < SHARED_FROM_BYTES) return decoding.readAny(d);
    const hash = hashBytes(arr, start, end);
    for (let s = this.byHash.get(hash); s; s = s.next) {
      if (sameBytes(s.bytes, arr, start, end)) {
        d.pos = end;
        return s.value;
      }
    }
    const value = decoding.readAny(d);
    if (d.pos !== end) return value; // not what the skip read: left out of the cache
    if (this.size >= this.maxShared || this.bytes + (end - start) > this.maxBytes) {
      this.byHash.clear();
      this.size = 0;
      this.bytes = 0;
    }
    this.bytes += end - start;
    this.byHash.set(hash, { bytes: arr.subarray(start, end), value, next: this.byHash.get(hash) });
    this.size++;
    return value;
  }
}

/** FNV-1a over `arr[start, end)`. */
function hashBytes(arr: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ arr[i]!, 0x01000193);
  return h >>> 0;
}

function sameBytes(a: Uint8Array, arr: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== arr[start + i]) return false;
  return true;
}

/**
 * Where the value lib0 encoded at `pos` ends, without decoding it (its `writeAny` format); -1
 * for anything it cannot tell (then the value is decoded as usual, with lib0's own errors).
 */
export function skipAny(arr: Uint8Array, pos: number, depth: number): number {
  const d = decoding.createDecoder(arr);
  d.pos = pos;
  return skip(d, depth) ? d.pos : -1;
}

/**
 * Moves `d` past one value, reading only lengths and counts with lib0's own readers; false for
 * anything it cannot tell (an unknown tag, too deep, past the end).
 */
function skip(d: decoding.Decoder, depth: number): boolean {
  if (depth > MAX_DEPTH || d.pos >= d.arr.length) return false;
  try {
    switch (decoding.readUint8(d)) {
      case 127: // undefined
      case 126: // null
      case 121: // false
      case 120: // true
        break;
      case 125: // a variable-length integer
        decoding.readVarInt(d);
        break;
      case 124: // float32
        d.pos += 4;
        break;
      case 123: // float64
      case 122: // bigint64
        d.pos += 8;
        break;
      case 119: // string
      case 116: // bytes
        skipBytes(d);
        break;
      case 118: // object: a count, then each key (a string) and value
        for (let n = decoding.readVarUint(d); n > 0; n--) {
          skipBytes(d);
          if (!skip(d, depth + 1)) return false;
        }
        break;
      case 117: // array: a count, then each value
        for (let n = decoding.readVarUint(d); n > 0; n--) if (!skip(d, depth + 1)) return false;
        break;
      default:
        return false;
    }
  } catch {
    return false; // lib0's readers: past the end, or out of range
  }
  return d.pos <= d.arr.length;
}

/** Moves `d` past a length-prefixed run of bytes (a string or binary value). */
function skipBytes(d: decoding.Decoder): void {
  const length = decoding.readVarUint(d); // read first: `d.pos += read(d)` would add to the old position
  d.pos += length;
}
