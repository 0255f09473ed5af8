/**
 * The board links an interviewer was given, remembered in this browser: the server keeps
 * only their hashes, so it cannot show them again (regenerating makes a new one).
 */
import type { LinkRole } from '../../lib/access';

const key = (boardId: string) => `boardroom.links.${boardId}`;

/** Links known for a board. */
export function rememberedLinks(boardId: string): Partial<Record<LinkRole, string>> {
  try {
    return JSON.parse(window.localStorage.getItem(key(boardId)) ?? '{}') as Partial<Record<LinkRole, string>>;
  } catch {
    return {};
  }
}

/** Remembers (or forgets, with null) a board's link for a role. */
export function rememberLink(boardId: string, role: LinkRole, url: string | null): void {
  const links = rememberedLinks(boardId);
  if (url) links[role] = url;
  else delete links[role];
  window.localStorage.setItem(key(boardId), JSON.stringify(links));
}
