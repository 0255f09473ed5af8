/** The display name and colour a person uses on boards, remembered in this browser. */
import { MAX_DISPLAY_NAME_CHARS } from '../../lib/limits';

/** A person's identity on boards. */
export interface Identity {
  id: string;
  name: string;
  color: string;
}

const STORAGE_KEY = 'boardroom.identity';

/** Cursor colours far apart from each other (no two reds, no two greens). */
export const IDENTITY_COLORS = [
  '#e03131',
  '#1971c2',
  '#2f9e44',
  '#f08c00',
  '#9c36b5',
  '#0c8599',
  '#c2255c',
  '#495057',
];

function randomColor(): string {
  return IDENTITY_COLORS[Math.floor(Math.random() * IDENTITY_COLORS.length)]!;
}

/**
 * The colour a person shows in on a board: their own, unless another person with a lower client
 * id (every browser sees the same order) already shows in it; then the first colour none of
 * those uses. Everyone publishes the colour they show in, so the choice settles from the lowest
 * id up. The same person's other tabs (same id) do not count.
 */
export function distinctColor(
  self: { id: string; color: string; clientId: number },
  participants: ReadonlyArray<{ id: string; color: string; clientId: number }>,
): string {
  const taken = new Set(
    participants.filter((p) => p.id !== self.id && p.clientId < self.clientId).map((p) => p.color),
  );
  if (!taken.has(self.color)) return self.color;
  return IDENTITY_COLORS.find((c) => !taken.has(c)) ?? self.color;
}

/** The stored identity, or null before the person has given a name. */
export function loadIdentity(): Identity | null {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<Identity>;
    if (
      typeof v.id !== 'string' ||
      typeof v.name !== 'string' ||
      typeof v.color !== 'string' ||
      !v.name.trim()
    )
      return null;
    // A colour from an older palette is swapped for one of today's (kept apart from each other).
    const color = IDENTITY_COLORS.includes(v.color) ? v.color : randomColor();
    return { id: v.id, name: v.name, color };
  } catch {
    return null;
  }
}

/** Cleans a name typed by a person; null when nothing usable is left. */
export function cleanDisplayName(raw: string): string | null {
  const name = raw.replace(/\s+/g, ' ').trim().slice(0, MAX_DISPLAY_NAME_CHARS);
  return name.length > 0 ? name : null;
}

/** Stores (and returns) an identity with the given name, keeping the existing id and colour. */
export function saveIdentity(name: string): Identity {
  const previous = loadIdentity();
  const identity: Identity = {
    id: previous?.id ?? crypto.randomUUID(),
    name,
    color: previous?.color ?? randomColor(),
  };
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(identity));
  return identity;
}
