import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import type { Role } from './access';
import { LogPages, decodeLog, encodeLog, LOG_FORMAT, type LogEntry } from './history';

const ROLES = ['interviewer', 'candidate', 'reviewer', 'server'];

/** The wire format as lib0's encoder writes it (what `encodeLog` wrote before it sized its buffer). */
function referenceEncode(entries: readonly LogEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, LOG_FORMAT);
  encoding.writeVarUint(e, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(e, entry.at);
    encoding.writeVarUint(e, entry.step == null ? 0 : entry.step + 1);
    const role = entry.actor ? ROLES.indexOf(entry.actor.role) : -1;
    encoding.writeVarUint(e, role + 1);
    if (role >= 0) encoding.writeVarString(e, entry.actor!.name);
    encoding.writeVarUint8Array(e, entry.update);
  }
  return encoding.toUint8Array(e);
}

/** Entries covering every field's edge: no actor, no step, long names and updates, large times. */
function sampleLog(): LogEntry[] {
  const names = ['Ines', 'Cai', 'Zoë 🦊', 'n'.repeat(200), ''];
  return Array.from({ length: 300 }, (_, i) => ({
    at: 1_790_000_000_000 + i * 997,
    step: i % 5 === 0 ? null : i % 4,
    actor: i % 7 === 0 ? null : { role: ROLES[i % 4] as Role, name: names[i % names.length]! },
    update: Uint8Array.from({ length: (i * 37) % 400 }, (_, j) => (i + j) % 256),
  }));
}

describe('the log on the wire', () => {
  it('is byte for byte what lib0 writes, and decodes to the same entries', () => {
    const log = sampleLog();
    const bytes = encodeLog(log);
    expect(Buffer.from(bytes).equals(Buffer.from(referenceEncode(log)))).toBe(true);
    expect(decodeLog(bytes)).toEqual(
      log.map((e) => ({ ...e, step: e.step ?? null, actor: e.actor ?? null })),
    );
  });

  it('sends an actor whose role it does not know as unknown, and an empty log as a count of zero', () => {
    const odd = { at: 5, step: 1, actor: { role: 'admin', name: 'X' }, update: Uint8Array.of(1, 2) };
    expect(decodeLog(encodeLog([odd as unknown as LogEntry]))).toEqual([
      { at: 5, step: 1, actor: null, update: Uint8Array.of(1, 2) },
    ]);
    expect(decodeLog(encodeLog([]))).toEqual([]);
  });

  it('is the same bytes when encoded a page at a time, empty pages and an empty log included', () => {
    const log = sampleLog();
    const pages = new LogPages();
    for (const size of [0, 1, 128, 0, 171]) pages.add(log.splice(0, size));
    expect(Buffer.from(pages.finish()).equals(Buffer.from(referenceEncode(sampleLog())))).toBe(true);
    expect(decodeLog(new LogPages().finish())).toEqual([]);
  });
});
