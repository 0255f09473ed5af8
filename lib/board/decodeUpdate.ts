/**
 * Decoding a client's update without letting its values take more memory than they are worth
 * (docs/architecture.md, "Authority"). Yjs reads plain values with lib0's `readAny`, which builds
 * each object by assigning its keys one by one; V8 sizes an object's element storage to the largest
 * array index assigned to it, so `{"1023": 0}` (9 bytes on the wire) takes 12 KB and
 * `{"1023": 0, "2575": 0}` 31 KB: a 700 KB update took a server past a 1 GB heap before any check
 * could look at it. Here the same values are read, with these differences: a key that is an array
 * index (or `__proto__`, which an assignment turns into the object's prototype) refuses the update,
 * and what the values will take is estimated as they are read (`recordMemory`'s costs), refusing
 * the update past `MAX_DECODED_UPDATE_MEMORY` before the rest is read. No record of a board has
 * either kind of key, nor binary values (lib0 returns them as views into the message, which they
 * would keep in memory whole). Structs, deleted ranges and nested maps are counted as they are read,
 * and kinds of content no board holds are refused before they are read: Yjs decodes all of an
 * update's structs before anything can look at them.
 */
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';

/** Most memory the values of one update may take once decoded, as estimated while reading them. */
export const MAX_DECODED_UPDATE_MEMORY = 64 * 1024 * 1024;

/**
 * Most structs one update may hold, counted as they are read (each is ~200 bytes of heap, an empty
 * deleted item 4 bytes on the wire): twice the new structs the check allows (`MAX_NEW_STRUCTS` in
 * authority.ts), as an update may repeat some the room has.
 */
export const MAX_DECODED_STRUCTS = 20_000;

/** Most deleted ranges one update may hold (the check charges each a placement step, 100,000 at most). */
export const MAX_DECODED_DELETE_RANGES = 100_000;

/**
 * Most nested types one update may create: Yjs builds each as it decodes it (~5 µs and ~700 bytes a
 * map). A board's panel holds at most 650 records, each one map.
 */
export const MAX_DECODED_TYPES = 1_000;

/**
 * What an item of a board may hold, by Yjs's content reference: deleted content (1), a nested map
 * (7) and plain values (8). Every other kind is refused by the check anyway, but only after Yjs
 * has decoded it: a nested document (9) builds a whole `Y.Doc` (~25 µs and ~2 KB for 12 bytes);
 * JSON, embeds and formats (2, 5, 6) are parsed without this reader's estimate; binary (3) and
 * strings (4) have no place in a board.
 */
const ITEM_CONTENT = new Set([1, 7, 8]);
/** Yjs's type reference of a map: the only nested type a board has. */
const YMAP_TYPE_REF = 1;

/**
 * What decoded plain values take in V8's heap, estimated (bytes): the one cost model of this reader
 * and of `recordMemory` (authority.ts), calibrated in docs/architecture.md, "Authority".
 */
export const VALUE_COST = {
  /** A slot holding a small integer, a boolean, null or undefined. */
  slot: 8,
  /** A number that is not a small integer (a heap number), or a bigint. */
  boxed: 24,
  string: (length: number) => 24 + length,
  object: 72,
  key: (length: number) => 32 + length,
  /** An array grown by pushes, as lib0 decodes one, keeps room for more: ~200 bytes when small. */
  array: 208,
};

/** Why an update's values were not read. */
export class DecodeRefusal extends Error {}

/** True for a key V8 stores as an array index (a canonical integer below 2^32 - 1). */
export function isArrayIndexKey(key: string): boolean {
  return /^(?:0|[1-9][0-9]{0,9})$/.test(key) && Number(key) < 4_294_967_295;
}

/** Yjs's version 1 update decoder, reading plain values as described above. */
class GuardedDecoder extends Y.UpdateDecoderV1 {
  private memory = 0;
  private structs = 0;
  private ranges = 0;
  private types = 0;

  override readInfo(): number {
    if (++this.structs > MAX_DECODED_STRUCTS) {
      throw new DecodeRefusal(`more than ${MAX_DECODED_STRUCTS} structs in one update`);
    }
    const info = super.readInfo();
    // 10: a skip; no content bits: garbage collected; else an item with this content reference.
    const content = info & 0b11111;
    if (info !== 10 && content !== 0 && !ITEM_CONTENT.has(content)) {
      throw new DecodeRefusal(`an item holds content of kind ${content}, which no board has`);
    }
    return info;
  }

  override readTypeRef(): number {
    const ref = super.readTypeRef();
    if (ref !== YMAP_TYPE_REF) throw new DecodeRefusal(`a nested type of kind ${ref}, which no board has`);
    if (++this.types > MAX_DECODED_TYPES) {
      throw new DecodeRefusal(`more than ${MAX_DECODED_TYPES} nested maps in one update`);
    }
    return ref;
  }

  override readDsLen(): number {
    if (++this.ranges > MAX_DECODED_DELETE_RANGES) {
      throw new DecodeRefusal(`more than ${MAX_DECODED_DELETE_RANGES} deleted ranges in one update`);
    }
    return super.readDsLen();
  }

  override readAny(): unknown {
    return this.value(this.restDecoder);
  }

  private spend(bytes: number): void {
    this.memory += bytes;
    if (this.memory > MAX_DECODED_UPDATE_MEMORY) {
      throw new DecodeRefusal(`its values would take more than ${MAX_DECODED_UPDATE_MEMORY} bytes of memory`);
    }
  }

  /** lib0's `readAny`, type by type (lib0/decoding.js, `readAnyLookupTable`). */
  private value(d: decoding.Decoder): unknown {
    const type = decoding.readUint8(d);
    switch (type) {
      case 127:
        this.spend(VALUE_COST.slot);
        return undefined;
      case 126:
        this.spend(VALUE_COST.slot);
        return null;
      case 125:
        this.spend(VALUE_COST.slot);
        return decoding.readVarInt(d);
      case 124:
        this.spend(VALUE_COST.boxed);
        return decoding.readFloat32(d);
      case 123:
        this.spend(VALUE_COST.boxed);
        return decoding.readFloat64(d);
      case 122:
        this.spend(VALUE_COST.boxed);
        return decoding.readBigInt64(d);
      case 121:
        this.spend(VALUE_COST.slot);
        return false;
      case 120:
        this.spend(VALUE_COST.slot);
        return true;
      case 119: {
        const s = decoding.readVarString(d);
        this.spend(VALUE_COST.string(s.length));
        return s;
      }
      case 118: {
        const len = decoding.readVarUint(d);
        this.spend(VALUE_COST.object);
        const obj: Record<string, unknown> = {};
        for (let i = 0; i < len; i++) {
          const key = decoding.readVarString(d);
          if (key === '__proto__' || isArrayIndexKey(key)) {
            throw new DecodeRefusal(`a value has the key "${key.slice(0, 20)}", which no record has`);
          }
          this.spend(VALUE_COST.key(key.length));
          obj[key] = this.value(d);
        }
        return obj;
      }
      case 117: {
        const len = decoding.readVarUint(d);
        this.spend(VALUE_COST.array);
        const arr: unknown[] = [];
        for (let i = 0; i < len; i++) arr.push(this.value(d));
        return arr;
      }
      case 116:
        // A view into the message it came in, which it would keep in memory whole: no board holds one.
        throw new DecodeRefusal('a value is binary, which no record has');
      default:
        throw new DecodeRefusal('a value of an unknown type');
    }
  }
}

/** `Y.decodeUpdate` for what a client sent; throws `DecodeRefusal` (or what Yjs throws on malformed bytes). */
export function decodeClientUpdate(update: Uint8Array): ReturnType<typeof Y.decodeUpdate> {
  return Y.decodeUpdateV2(update, GuardedDecoder);
}
