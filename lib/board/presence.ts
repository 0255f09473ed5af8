/**
 * Presence (Yjs awareness) as a board client publishes it: `{ user: {id, name, color}, presence }`
 * where `presence` is tldraw's instance-presence record (cursor, selection, viewport), plus the
 * interviewer's `gather` ("Bring everyone to me"). The server checks every state before relaying
 * it: small, well-formed, and a presence tldraw accepts, so nobody can rename someone else or make
 * everyone's page log errors; and `gather` only from an interviewer's connection
 * (docs/architecture.md, "Authority").
 */
import { z } from 'zod';
import * as decoding from 'lib0/decoding';
import { InstancePresenceRecordType, type TLInstancePresence } from '@tldraw/tlschema';
import { MAX_DISPLAY_NAME_CHARS } from '../limits';
import type { Role } from '../access';

/** Largest awareness state one client may publish, as JSON characters. */
export const MAX_PRESENCE_JSON_CHARS = 8 * 1024;

/**
 * Shapes of someone's selection that others see outlined, at most: a select-all of a large board
 * would otherwise go out whole with every cursor move (and past MAX_PRESENCE_JSON_CHARS at about
 * 270 shapes).
 */
export const MAX_SHARED_SELECTION = 64;
/** Newest points of a laser or eraser trail others see, at most, when a state is too long. */
export const MAX_SHARED_TRAIL_POINTS = 48;

/** Who a presence belongs to, as shown to others. */
export const PresenceUser = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().trim().min(1).max(MAX_DISPLAY_NAME_CHARS),
    color: z.string().regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/),
  })
  .strict();
export type PresenceUser = z.infer<typeof PresenceUser>;

/**
 * "Bring everyone to me": a number the interviewer's tab sets anew each time the button is pressed.
 * Everyone else who sees it change starts following that person (until they move their camera).
 */
export const PresenceGather = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const PresenceState = z
  .object({
    user: PresenceUser.optional(),
    presence: z.unknown().optional(),
    gather: PresenceGather.optional(),
  })
  .strict();

/** The awareness state a board client publishes. */
export interface PublishedPresence {
  user: PresenceUser;
  presence: TLInstancePresence | null;
  gather?: number;
}

/**
 * `state` made to fit what the server accepts (MAX_PRESENCE_JSON_CHARS), so that this tab never
 * publishes a presence the server refuses (it closes the connection for one). Others see at most
 * MAX_SHARED_SELECTION of a selection; a state still too long (a long laser trail, long ids)
 * keeps the newest points of each trail, then no trails, then no selection, then no presence
 * but who this is (whose name is short: MAX_DISPLAY_NAME_CHARS).
 */
export function fitPresenceState(state: PublishedPresence): PublishedPresence {
  let presence = state.presence;
  if (!presence) return state;
  if (presence.selectedShapeIds.length > MAX_SHARED_SELECTION) {
    presence = { ...presence, selectedShapeIds: presence.selectedShapeIds.slice(0, MAX_SHARED_SELECTION) };
  }
  const smaller: Array<(p: TLInstancePresence) => TLInstancePresence> = [
    (p) => ({
      ...p,
      scribbles: p.scribbles.map((s) => ({ ...s, points: s.points.slice(-MAX_SHARED_TRAIL_POINTS) })),
    }),
    (p) => ({ ...p, scribbles: [] }),
    (p) => ({ ...p, selectedShapeIds: [] }),
  ];
  for (let i = 0; ; i++) {
    const candidate = { ...state, presence };
    if (JSON.stringify(candidate).length <= MAX_PRESENCE_JSON_CHARS) return candidate;
    if (i === smaller.length) return { ...state, presence: null };
    presence = smaller[i]!(presence);
  }
}

/** Who may publish what in presence: `gather` is the interviewer's alone. Null when allowed. */
export function presenceRefusal(state: AwarenessEntry['state'], role: Role): string | null {
  if (state?.gather !== undefined && role !== 'interviewer') {
    return 'only the interviewer may bring everyone to them';
  }
  return null;
}

/** One entry of an awareness update. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** The published state, or null when the client removes its presence. */
  state: z.infer<typeof PresenceState> | null;
  /** The state as it was sent (relayed as is). */
  json: string;
}

/** Decodes and checks an awareness update; the entries, or why it is refused. */
export function readAwarenessUpdate(
  update: Uint8Array,
): { ok: true; entries: AwarenessEntry[] } | { ok: false; reason: string } {
  const entries: AwarenessEntry[] = [];
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      if (json.length > MAX_PRESENCE_JSON_CHARS) {
        return {
          ok: false,
          reason: `a presence state may hold at most ${MAX_PRESENCE_JSON_CHARS} characters`,
        };
      }
      const why = checkState(JSON.parse(json));
      if (typeof why === 'string') return { ok: false, reason: why };
      entries.push({ clientId, clock, state: why.state, json });
    }
    if (decoding.hasContent(decoder)) return { ok: false, reason: 'trailing bytes after presence' };
  } catch {
    return { ok: false, reason: 'presence does not decode' };
  }
  return { ok: true, entries };
}

function checkState(raw: unknown): { state: AwarenessEntry['state'] } | string {
  if (raw === null) return { state: null };
  const parsed = PresenceState.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return `bad presence ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`.replace('  ', ' ');
  }
  const presence = parsed.data.presence;
  if (presence !== undefined && presence !== null) {
    try {
      InstancePresenceRecordType.validate({
        ...(presence as object),
        id: InstancePresenceRecordType.createId('check'),
        typeName: 'instance_presence',
      });
    } catch (err) {
      return `bad tldraw presence: ${(err instanceof Error ? err.message : String(err)).slice(0, 160)}`;
    }
  }
  return { state: parsed.data };
}
