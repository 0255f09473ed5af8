/** The display name and colour a person uses on boards, remembered in this browser. */
import { MAX_DISPLAY_NAME_CHARS } from '../../lib/limits';

/** A person's identity on boards. */
export interface Identity {
  id: string;
  name: string;
  color: string;
}

const STORAGE_KEY = 'boardroom.identity';

/** Distinct, readable cursor colours. */
export const IDENTITY_COLORS = [
  '#e03131',
  '#1971c2',
  '#2f9e44',
  '#f08c00',
  '#9c36b5',
  '#0c8599',
  '#e8590c',
  '#5c940d',
];

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
    return { id: v.id, name: v.name, color: v.color };
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
    color: previous?.color ?? IDENTITY_COLORS[Math.floor(Math.random() * IDENTITY_COLORS.length)]!,
  };
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(identity));
  return identity;
}
