/** Identifier formats shared by browser and server. */

/** Board ids: 22 url-safe base64 characters (128 random bits). */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;

/** True when `id` has the shape of a board id. */
export function isBoardId(id: string): boolean {
  return BOARD_ID_PATTERN.test(id);
}

/** A random url-safe id with `bytes` bytes of entropy (browser and Node). */
export function randomId(bytes = 12): string {
  const buf = new Uint8Array(bytes);
  crypto.getRandomValues(buf);
  let s = '';
  for (const b of buf) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Which document of a board a doc id names: the shared board, or the interviewer's private notes. */
export type DocKind = 'board' | 'notes';

/** Suffix of the notes document's id: `<boardId>:notes`. */
export const NOTES_SUFFIX = ':notes';

/** A parsed doc id: the board it belongs to and which of its documents. */
export interface DocRef {
  boardId: string;
  kind: DocKind;
}

/** Parses a doc id from the sync path; null when it cannot name any document. */
export function parseDocId(docId: string): DocRef | null {
  if (docId.endsWith(NOTES_SUFFIX)) {
    const boardId = docId.slice(0, -NOTES_SUFFIX.length);
    return isBoardId(boardId) ? { boardId, kind: 'notes' } : null;
  }
  return isBoardId(docId) ? { boardId: docId, kind: 'board' } : null;
}

/** The id of a board's notes document. */
export function notesDocId(boardId: string): string {
  return boardId + NOTES_SUFFIX;
}
