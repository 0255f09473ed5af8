/**
 * A batch of appends as one buffer, for the SQLite thread (sqliteThread.ts): the structured clone
 * of an object per update (its document id, actor and step, its bytes) cost the event loop about
 * as much as the commit it was moved off (docs/benchmarks.md, section 2). One buffer is written
 * here, moved to the worker without a copy, and read back there as views into it; the log
 * positions come back the same way.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { UpdateActor, UpdateToAppend } from './BoardStore';

/** The appends of one batch, in order. */
export function encodeAppends(updates: readonly UpdateToAppend[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, updates.length);
  for (const u of updates) {
    encoding.writeVarString(e, u.docId);
    if (u.actor) {
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, u.actor.role);
      encoding.writeVarString(e, u.actor.name);
    } else encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, u.step === null || u.step === undefined ? 0 : u.step + 1);
    encoding.writeVarUint8Array(e, u.bytes);
  }
  return encoding.toUint8Array(e);
}

/** The appends `encodeAppends` wrote; each update's bytes are a view into `buffer`. */
export function decodeAppends(buffer: Uint8Array): UpdateToAppend[] {
  const d = decoding.createDecoder(buffer);
  return Array.from({ length: decoding.readVarUint(d) }, () => {
    const docId = decoding.readVarString(d);
    const actor: UpdateActor | null =
      decoding.readVarUint(d) === 1
        ? { role: decoding.readVarString(d) as UpdateActor['role'], name: decoding.readVarString(d) }
        : null;
    const step = decoding.readVarUint(d);
    return { docId, actor, step: step === 0 ? null : step - 1, bytes: decoding.readVarUint8Array(d) };
  });
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
