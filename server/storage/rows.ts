/**
 * Conversions between stored rows and BoardStore values, shared by the SQLite and PostgreSQL
 * stores so both read bytes and actors the same way.
 */
import type { BoardStatus } from '../../lib/api';
import { encodeLog, type LogEntry } from '../../lib/history';
import type { EncodedLog, StoredUpdate, UpdateActor } from './BoardStore';

/** A view of a driver's Buffer as a plain Uint8Array (no copy). */
export function toBytes(blob: Buffer): Uint8Array {
  return new Uint8Array(blob.buffer, blob.byteOffset, blob.byteLength);
}

/** The actor kept in two nullable columns; null unless both are set. */
export function toActor(role: string | null, name: string | null): UpdateActor | null {
  // The columns' CHECK constraint admits only UpdateActor's roles.
  return role === null || name === null ? null : { role: role as UpdateActor['role'], name };
}

/** The two column values for an actor (both null for none). */
export function actorColumns(actor: UpdateActor | null | undefined): [string | null, string | null] {
  return actor ? [actor.role, actor.name] : [null, null];
}

/** The stored step column as a step (null for none). */
export function toStep(step: number | string | null): number | null {
  return step === null ? null : Number(step);
}

/** Every board status, so a new one cannot be forgotten here (no validator: the SQLite thread loads this). */
const STATUSES: Record<BoardStatus, true> = { live: true, ended: true };

/** The stored status column as a status; throws on one no release wrote. */
export function toStatus(status: string): BoardStatus {
  if (Object.hasOwn(STATUSES, status)) return status as BoardStatus;
  throw new Error(`unknown board status: ${status}`);
}

/** Stored entries as the log on the wire carries them. */
export function toLogEntries(entries: readonly StoredUpdate[]): LogEntry[] {
  return entries.map((u) => ({ at: u.at, step: u.step, actor: u.actor, update: u.bytes }));
}

/** Stored entries as `readEncodedLog` answers them: all but the first `skip`, on the wire. */
export function encodeStoredLog(entries: readonly StoredUpdate[], skip = 0): EncodedLog {
  return { bytes: encodeLog(toLogEntries(entries.slice(skip))), through: entries.at(-1)?.seq ?? null };
}
