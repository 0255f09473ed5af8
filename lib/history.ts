/**
 * The update log as the review page downloads it: every stored update of a board with its
 * server time, in log order. Binary: varUint count, then per entry varUint at (unix ms) and
 * varUint8Array update.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Role } from './access';

/** Who made a logged change, as the server knew the connection (never what a client claimed). */
export interface LogActor {
  role: Role | 'server';
  /** The display name the person announced (the server's own changes: "Boardroom"). */
  name: string;
}

/** One logged update. */
export interface LogEntry {
  /** Server time of the update, unix ms; non-decreasing along the log. */
  at: number;
  update: Uint8Array;
}

/** Encodes a log for the wire. */
export function encodeLog(entries: readonly LogEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(e, entry.at);
    encoding.writeVarUint8Array(e, entry.update);
  }
  return encoding.toUint8Array(e);
}

/** Decodes a log; throws on malformed input. */
export function decodeLog(bytes: Uint8Array): LogEntry[] {
  const d = decoding.createDecoder(bytes);
  const count = decoding.readVarUint(d);
  const entries: LogEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = decoding.readVarUint(d);
    const update = decoding.readVarUint8Array(d);
    entries.push({ at, update });
  }
  if (decoding.hasContent(d)) throw new Error('trailing bytes after the log');
  return entries;
}

/** How many entries of a time-ordered log are stamped at or before `t` (binary search). */
export function countUpTo(entries: readonly LogEntry[], t: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.at <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
