/**
 * Uploads nobody placed are deleted once old enough; one that any entry of the board's log
 * mentions stays, however far into the log (the log is searched a page at a time).
 */
import { describe, expect, it } from 'vitest';
import { openSqliteStore } from './storage/sqlite';
import { ORPHAN_ASSET_AGE_MS, sweepOrphanAssets } from './assetSweep';

const BOARD = 'b'.repeat(22);
const id = (n: number) => `asset${String(n).padStart(17, '0')}`; // 22 characters, as the server makes them

describe('the sweep of unplaced uploads', () => {
  it('keeps uploads any log entry mentions, early or past the first page, and deletes the rest once old', async () => {
    const store = openSqliteStore(':memory:');
    const text = (s: string) => new TextEncoder().encode(s);
    await store.createBoard({ id: BOARD, title: 'T', prompt: '', createdAt: 1 }, text('seed'), {
      candidate: null,
      reviewer: null,
    });
    const entries = Array.from({ length: 2_500 }, (_, i) => text(`entry ${i}`));
    entries[3] = text(`{"src":"asset:${id(1)}"}`);
    entries[2_400] = text(`{"src":"asset:${id(2)}"}`);
    await store.appendUpdates(entries.map((bytes) => ({ docId: BOARD, bytes })));
    for (const n of [1, 2, 3]) {
      await store.putAsset({
        boardId: BOARD,
        id: id(n),
        contentType: 'image/png',
        bytes: text('png'),
        createdAt: 0,
      });
    }
    await store.putAsset({
      boardId: BOARD,
      id: id(4),
      contentType: 'image/png',
      bytes: text('png'),
      createdAt: 10,
    });

    expect(await sweepOrphanAssets(store, BOARD, ORPHAN_ASSET_AGE_MS + 5)).toBe(1);
    const left = (await store.listAssets(BOARD)).assets.map((a) => a.id).sort();
    expect(left).toEqual([id(1), id(2), id(4)]); // 3 was never placed; 4 may still be on its way
    await store.close();
  });
});
