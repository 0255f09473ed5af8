/**
 * Uploaded files nobody placed: an upload that no version of its board ever referenced (the
 * board's whole update log is searched, so files still visible in the replay stay) is deleted
 * once it is old enough that the upload cannot still be on its way into the document.
 */
import type { BoardStore } from './storage/BoardStore';
import { log } from './log';

/** How old an unreferenced upload must be before it is deleted. */
export const ORPHAN_ASSET_AGE_MS = 10 * 60_000;

/** Deletes a board's uploads that its log never mentions; returns how many went. */
export async function sweepOrphanAssets(
  store: BoardStore,
  boardId: string,
  now = Date.now(),
  minAgeMs = ORPHAN_ASSET_AGE_MS,
): Promise<number> {
  const { assets } = await store.listAssets(boardId);
  const old = assets.filter((a) => now - a.createdAt >= minAgeMs);
  if (old.length === 0) return 0;
  // Asset ids are 22 url-safe characters stored verbatim in the records' JSON, so a byte search
  // over the log finds every reference, including in entries that were later overwritten.
  const text = (await store.readLog(boardId)).map((u) => Buffer.from(u.bytes).toString('latin1')).join('\n');
  const orphans = old.filter((a) => !text.includes(a.id)).map((a) => a.id);
  if (orphans.length > 0) {
    await store.deleteAssets(boardId, orphans);
    log.info('unreferenced uploads deleted', { board: boardId, count: orphans.length });
  }
  return orphans.length;
}
