/**
 * Roles and what each may do. The server enforces these rules; the UI mirrors them.
 */
import type { BoardStatus } from './api';

/** Who someone is on a board. */
export type Role = 'interviewer' | 'candidate' | 'reviewer';

/** Roles that come from a board link (the interviewer signs in instead). */
export type LinkRole = 'candidate' | 'reviewer';

/** The link roles. */
export const LINK_ROLES: readonly LinkRole[] = ['candidate', 'reviewer'];

/** True when `role` may change the board document while it has `status`. */
export function canEditBoard(role: Role, status: BoardStatus): boolean {
  return role === 'interviewer' || (role === 'candidate' && status === 'live');
}

/** Only interviewers may open a board's private notes. */
export function canOpenNotes(role: Role): boolean {
  return role === 'interviewer';
}

/** The path a link role opens: candidates the live board, reviewers the review page. */
export function linkPath(role: LinkRole, boardId: string): string {
  return role === 'candidate' ? `/b/${boardId}` : `/r/${boardId}`;
}
