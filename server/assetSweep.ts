/**
 * Uploaded files nobody placed: an upload that no version of its board ever referenced (the
 * board's whole update log is searched, so files still visible in the replay stay) is deleted
 * once it is old enough that the upload cannot still be on its way into the document.
 */
import type { BoardStore } from './storage/BoardStore';
import { log } from './log';

/** How old an unreferenced upload must be before it is deleted. */
export const ORPHAN_ASSET_AGE_MS = 10 * 60_000;

/** Log entries searched at a time. */
const SWEEP_PAGE_ENTRIES = 1_000;

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
  // over the log finds every reference, including in entries that were later overwritten. A page
  // of entries at a time: a two-hour log is 16 MB, searched whole on the event loop it held it.
  const unseen = new Set(old.map((a) => a.id));
  for (let after = 0; unseen.size > 0;) {
    const page = await store.readLogRange(boardId, after, undefined, SWEEP_PAGE_ENTRIES);
    if (page.length === 0) break;
    const text = page.map((u) => Buffer.from(u.bytes).toString('latin1')).join('\n');
    for (const id of unseen) if (text.includes(id)) unseen.delete(id);
    after = page.at(-1)!.seq;
  }
  const orphans = [...unseen];
  if (orphans.length > 0) {
    await store.deleteAssets(boardId, orphans);
    log.info('unreferenced uploads deleted', { board: boardId, count: orphans.length });
  }
  return orphans.length;
}
