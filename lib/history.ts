/**
 * The update log as the review page downloads it: every stored update of a board with its
 * server time, the step in effect and who made it (the server's view of the connection), in log
 * order. Binary, version 2: varUint LOG_FORMAT, varUint count, then per entry varUint at (unix
 * ms), varUint step + 1 (0: unknown), varUint actor role code (0: unknown, else ACTOR_ROLES
 * index + 1) followed by varString name when known, and varUint8Array update.
 */
import * as decoding from 'lib0/decoding';
import type { Role } from './access';

/** Who made a logged change, as the server knew the connection (never what a client claimed). */
export interface LogActor {
  role: Role | 'server';
  /** The display name the person announced (the server's own changes: "Boardroom"). */
  name: string;
}

/** Version of the wire format of the log. */
export const LOG_FORMAT = 2;

/** Actor roles in their wire order. */
const ACTOR_ROLES = ['interviewer', 'candidate', 'reviewer', 'server'] as const;

/** One logged update. */
export interface LogEntry {
  /** Server time of the update, unix ms; non-decreasing along the log. */
  at: number;
  update: Uint8Array;
  /** The interview step (0-based) in effect once the update was stored; null when unknown. */
  step?: number | null;
  /** Who made it, stamped by the server; null when unknown (the seed, older entries). */
  actor?: LogActor | null;
}

/** Where the review page downloads a board's log (the page also preloads it: see app/r). */
export function boardLogPath(boardId: string): string {
  return `/api/boards/${encodeURIComponent(boardId)}/log`;
}

/**
 * The response header of `/log` naming the last log position the response covers; a page
 * following a live board asks for `/log?after=<that position>` next.
 */
export const LOG_THROUGH_HEADER = 'x-log-through';

/** Entries a `/log?after=` answer holds at most: a page following a board asks again for the rest. */
export const FOLLOW_ENTRIES_MAX = 1_000;

/** Bytes a varUint of `n` takes on the wire. */
function varUintSize(n: number): number {
  let size = 1;
  for (; n > 127; size++) n = Math.floor(n / 128);
  return size;
}

/** Writes `n` as a varUint at `pos`; returns the position after it. */
function putVarUint(out: Uint8Array, pos: number, n: number): number {
  for (; n > 127; n = Math.floor(n / 128)) out[pos++] = 0x80 | (n & 0x7f);
  out[pos++] = n;
  return pos;
}

/** What writing entries needs measured first: their size, role codes and encoded names. */
interface EntriesPlan {
  size: number;
  roles: number[];
  names: Map<string, Uint8Array>;
}

function planEntries(entries: readonly LogEntry[]): EntriesPlan {
  const names = new Map<string, Uint8Array>();
  const utf8 = new TextEncoder();
  let size = 0;
  const roles = entries.map((entry) => (entry.actor ? ACTOR_ROLES.indexOf(entry.actor.role) : -1));
  entries.forEach((entry, i) => {
    size += varUintSize(entry.at) + varUintSize(entry.step == null ? 0 : entry.step + 1) + 1;
    if (entry.actor && roles[i]! >= 0) {
      let name = names.get(entry.actor.name);
      if (!name) names.set(entry.actor.name, (name = utf8.encode(entry.actor.name)));
      size += varUintSize(name.length) + name.length;
    }
    size += varUintSize(entry.update.length) + entry.update.length;
  });
  return { size, roles, names };
}

/** Writes `entries` as planned into `out` from `pos`; returns the position after them. */
function writeEntries(out: Uint8Array, pos: number, entries: readonly LogEntry[], plan: EntriesPlan): number {
  entries.forEach((entry, i) => {
    pos = putVarUint(out, pos, entry.at);
    pos = putVarUint(out, pos, entry.step == null ? 0 : entry.step + 1);
    const role = plan.roles[i]!;
    out[pos++] = role + 1; // a role the wire does not know is sent as unknown; fewer than 128: one byte
    if (entry.actor && role >= 0) {
      const name = plan.names.get(entry.actor.name)!;
      pos = putVarUint(out, pos, name.length);
      out.set(name, pos);
      pos += name.length;
    }
    pos = putVarUint(out, pos, entry.update.length);
    out.set(entry.update, pos);
    pos += entry.update.length;
  });
  return pos;
}

/**
 * Encodes a log for the wire, into one buffer sized up front: a two-hour log is ~17 MB, which an
 * encoder growing chunk by chunk copied twice, with a string encode per entry (docs/benchmarks.md,
 * section 5).
 */
export function encodeLog(entries: readonly LogEntry[]): Uint8Array {
  const plan = planEntries(entries);
  const out = new Uint8Array(varUintSize(LOG_FORMAT) + varUintSize(entries.length) + plan.size);
  const pos = putVarUint(out, putVarUint(out, 0, LOG_FORMAT), entries.length);
  writeEntries(out, pos, entries, plan);
  return out;
}

/**
 * A log encoded a page of entries at a time, for a store that reads it in pages and gives the
 * event loop back between them (docs/architecture.md, "Scale-out"): `add` encodes a page, `finish`
 * puts the header before them (one copy of the whole). Same bytes as `encodeLog` of every entry.
 */
export class LogPages {
  private readonly pages: Uint8Array[] = [];
  private count = 0;
  private size = 0;

  add(entries: readonly LogEntry[]): void {
    if (entries.length === 0) return;
    const plan = planEntries(entries);
    const page = new Uint8Array(plan.size);
    writeEntries(page, 0, entries, plan);
    this.pages.push(page);
    this.count += entries.length;
    this.size += page.length;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(varUintSize(LOG_FORMAT) + varUintSize(this.count) + this.size);
    let pos = putVarUint(out, putVarUint(out, 0, LOG_FORMAT), this.count);
    for (const page of this.pages) {
      out.set(page, pos);
      pos += page.length;
    }
    return out;
  }
}

/** Decodes a log; throws on malformed input. */
export function decodeLog(bytes: Uint8Array): LogEntry[] {
  const d = decoding.createDecoder(bytes);
  const format = decoding.readVarUint(d);
  if (format !== LOG_FORMAT) throw new Error(`unknown log format ${format}`);
  const count = decoding.readVarUint(d);
  const entries: LogEntry[] = [];
  for (let i = 0; i < count; i++) {
    const at = decoding.readVarUint(d);
    const stepCode = decoding.readVarUint(d);
    const roleCode = decoding.readVarUint(d);
    const role = roleCode === 0 ? null : ACTOR_ROLES[roleCode - 1];
    if (role === undefined) throw new Error(`unknown actor role ${roleCode}`);
    const actor = role === null ? null : { role, name: decoding.readVarString(d) };
    const update = decoding.readVarUint8Array(d);
    entries.push({ at, step: stepCode === 0 ? null : stepCode - 1, actor, update });
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
