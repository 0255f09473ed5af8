/**
 * This browser's copies of board documents in IndexedDB (kept for offline edits): their names and
 * how they are deleted. Apart from the connection, so that the dashboard, which deletes them, loads
 * no Yjs, y-websocket or IndexedDB provider (docs/architecture.md, "Process and layout").
 */

/** Name of a document's local copy in IndexedDB. */
export function localCopyName(docId: string): string {
  return `boardroom:${docId}`;
}

/** Deletes this browser's copies of the given documents (a board deleted from here). */
export function forgetLocalCopies(docIds: readonly string[]): void {
  if (typeof indexedDB === 'undefined') return;
  for (const id of docIds) indexedDB.deleteDatabase(localCopyName(id));
}

/** Deletes every board copy this browser keeps (signing out). */
export async function forgetAllLocalCopies(): Promise<void> {
  if (typeof indexedDB === 'undefined' || !indexedDB.databases) return;
  for (const db of await indexedDB.databases()) {
    if (db.name?.startsWith(localCopyName(''))) indexedDB.deleteDatabase(db.name);
  }
}
