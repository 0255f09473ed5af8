/**
 * Log entries as one buffer, to cross between threads: a batch of appends to the SQLite thread
 * (sqliteThread.ts), and a log's pages to the compactor's merge thread (mergeThread.ts). The
 * structured clone of an object per update (its document id, actor and step, its bytes) cost the
 * event loop about as much as the commit it was moved off (docs/benchmarks.md, section 2). One
 * buffer is written here, moved to the other thread without a copy, and read back there as views
 * into it; the log positions of appends come back the same way. (Entries read from the SQLite
 * thread cross as structured clones: packing them was measured within noise, ~170 against ~180 ms
 * for 18,000 entries. The review page's log crosses already encoded: `readEncodedLog`.)
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { StoredUpdate, UpdateActor, UpdateToAppend } from './BoardStore';

function writeActor(e: encoding.Encoder, actor: UpdateActor | null | undefined): void {
  if (!actor) return encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, 1);
  encoding.writeVarString(e, actor.role);
  encoding.writeVarString(e, actor.name);
}

function readActor(d: decoding.Decoder): UpdateActor | null {
  if (decoding.readVarUint(d) === 0) return null;
  return { role: decoding.readVarString(d) as UpdateActor['role'], name: decoding.readVarString(d) };
}

/** What every item carries: who made it, its step, its bytes. */
interface Carried {
  actor?: UpdateActor | null;
  step?: number | null;
  bytes: Uint8Array;
}

/** Items in order: each one's own fields (`writeOwn`), then who made it, its step and its bytes. */
export function encodeItems<T extends Carried>(
  items: readonly T[],
  writeOwn: (e: encoding.Encoder, item: T) => void,
): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, items.length);
  for (const item of items) {
    writeOwn(e, item);
    writeActor(e, item.actor);
    encoding.writeVarUint(e, item.step === null || item.step === undefined ? 0 : item.step + 1);
    encoding.writeVarUint8Array(e, item.bytes);
  }
  return encoding.toUint8Array(e);
}

/** The items `encodeItems` wrote (`readOwn` reads each one's own fields); bytes are views into `buffer`. */
export function decodeItems<T>(
  buffer: Uint8Array,
  readOwn: (d: decoding.Decoder) => T,
): Array<T & { actor: UpdateActor | null; step: number | null; bytes: Uint8Array }> {
  const d = decoding.createDecoder(buffer);
  return Array.from({ length: decoding.readVarUint(d) }, () => {
    const own = readOwn(d);
    const actor = readActor(d);
    const step = decoding.readVarUint(d);
    return { ...own, actor, step: step === 0 ? null : step - 1, bytes: decoding.readVarUint8Array(d) };
  });
}

/** The appends of one batch, in order. */
export function encodeAppends(updates: readonly UpdateToAppend[]): Uint8Array {
  return encodeItems(updates, (e, u) => encoding.writeVarString(e, u.docId));
}

/** The appends `encodeAppends` wrote; each update's bytes are a view into `buffer`. */
export function decodeAppends(buffer: Uint8Array): UpdateToAppend[] {
  return decodeItems(buffer, (d) => ({ docId: decoding.readVarString(d) }));
}

/** Log positions, two numbers each. */
export function encodePositions(positions: ReadonlyArray<{ seq: number; at: number }>): Float64Array {
  const out = new Float64Array(positions.length * 2);
  positions.forEach((p, i) => {
    out[2 * i] = p.seq;
    out[2 * i + 1] = p.at;
  });
  return out;
}

/** The positions `encodePositions` wrote. */
export function decodePositions(packed: Float64Array): Array<{ seq: number; at: number }> {
  return Array.from({ length: packed.length / 2 }, (_, i) => ({
    seq: packed[2 * i]!,
    at: packed[2 * i + 1]!,
  }));
}

/** Stored log entries, in order. */
export function encodeEntries(entries: readonly StoredUpdate[]): Uint8Array {
  return encodeItems(entries, (e, u) => {
    encoding.writeFloat64(e, u.seq);
    encoding.writeFloat64(e, u.at);
  });
}

/** The entries `encodeEntries` wrote; each one's bytes are a view into `buffer`. */
export function decodeEntries(buffer: Uint8Array): StoredUpdate[] {
  return decodeItems(buffer, (d) => ({ seq: decoding.readFloat64(d), at: decoding.readFloat64(d) }));
}
