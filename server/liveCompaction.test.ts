/**
 * Live compaction: while a board is open and someone keeps drawing, the server compacts the part
 * of its log older than LIVE_COMPACTION_AFTER_MS, and the board stays exactly what everyone sees.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardJson, createBoardDoc, tldrawRecords } from '../lib/board/schema';
import { geoShape, putRecords } from './testing/content';
import { decodeLog, LOG_THROUGH_HEADER } from '../lib/history';
import {
  connectProvider,
  createBoard,
  onCleanup,
  startTestServer,
  synced,
  tempDir,
  waitFor,
} from './testing/harness';
import { startServerProcess } from './testing/process';
import { DATABASE_FILE, openSqliteStore } from './storage/sqlite';

describe('live compaction', () => {
  it('compacts an open board behind the drawing; a late joiner and a reload see the same board', async () => {
    const server = await startTestServer({ liveCompactionAfterMs: 300 });
    const board = await createBoard(server.url);
    const writer = connectProvider(server.url, board.id, { token: board.candidateToken }, createBoardDoc());
    await synced(writer);

    // A shape dragged for a while: many small updates, a few per 10 ms.
    // Without compaction the log would hold one entry per update written, and more. How much a
    // pass has merged when the drawing has gone on for a while depends on the machine's speed, so
    // the drawing goes on until the log is shorter than what was written.
    let written = 0;
    let cursor = 0;
    await waitFor(
      async () => {
        putRecords(writer.doc, [geoShape({ id: 'shape:dragged', x: written++ })]);
        cursor = await server.store.compactedThrough(board.id);
        if (cursor === 0 || written <= 100) return false;
        return (await server.store.readLog(board.id)).length < written;
      },
      20_000,
      'the log to be compacted while the board is open',
    );
    expect(server.rooms.openDocIds()).toContain(board.id); // live all along

    putRecords(writer.doc, [geoShape({ id: 'shape:last', x: 1 })]);
    const joiner = connectProvider(server.url, board.id, { token: board.candidateToken }, createBoardDoc());
    await synced(joiner);
    await waitFor(() => tldrawRecords(joiner.doc).has('shape:last'), 5_000, 'the last shape at the joiner');
    expect(boardJson(joiner.doc)).toEqual(boardJson(writer.doc));

    // What is stored rebuilds the same board.
    await server.rooms.withRoom(board.id, (room) => room.persisted());
    const stored = createBoardDoc();
    for (const e of await server.store.readLog(board.id)) Y.applyUpdate(stored, e.bytes);
    expect(boardJson(stored)).toEqual(boardJson(writer.doc));
  });

  it('a review page following the board asks for what came after its last position, across compactions', async () => {
    const server = await startTestServer({ liveCompactionAfterMs: 300 });
    const board = await createBoard(server.url);
    const writer = connectProvider(server.url, board.id, { token: board.candidateToken }, createBoardDoc());
    await synced(writer);
    const read = async (query = '') => {
      const res = await fetch(`${server.url}/api/boards/${board.id}/log?token=${board.reviewToken}${query}`);
      expect(res.status).toBe(200);
      const through = Number(res.headers.get(LOG_THROUGH_HEADER));
      expect(Number.isSafeInteger(through)).toBe(true);
      return { entries: decodeLog(new Uint8Array(await res.arrayBuffer())), through };
    };

    const follower = createBoardDoc();
    const first = await read();
    for (const e of first.entries) Y.applyUpdate(follower, e.update);
    let through = first.through;
    let written = 0;
    let largestPoll = 0;
    const startedAt = await server.store.compactedThrough(board.id);
    await waitFor(
      async () => {
        for (let i = 0; i < 3; i++) putRecords(writer.doc, [geoShape({ id: 'shape:dragged', x: written++ })]);
        const poll = await read(`&after=${through}`);
        for (const e of poll.entries) Y.applyUpdate(follower, e.update);
        expect(poll.through).toBeGreaterThanOrEqual(through);
        through = poll.through;
        largestPoll = Math.max(largestPoll, poll.entries.length);
        // Several compactions behind the follower, not only the first.
        return (await server.store.compactedThrough(board.id)) > startedAt + 50 && written > 150;
      },
      20_000,
      'the log to be compacted while the review page follows',
    );
    // Each poll held what was written since the one before (a few entries), never the whole log.
    expect(largestPoll).toBeLessThan(written / 3);
    putRecords(writer.doc, [geoShape({ id: 'shape:last', x: 1 })]);
    await server.rooms.withRoom(board.id, (room) => room.persisted());
    writer.destroy();
    const last = await read(`&after=${through}`);
    for (const e of last.entries) Y.applyUpdate(follower, e.update);
    expect(tldrawRecords(follower).has('shape:last')).toBe(true);
    expect(boardJson(follower)).toEqual(boardJson(writer.doc));
    // Nothing new: nothing sent, and the position stays.
    const idle = await read(`&after=${last.through}`);
    expect(idle).toEqual({ entries: [], through: last.through });
  });

  it('a log the server never compacted (it stopped first) is compacted once a review page reads it', async () => {
    // The store's clock an hour back while the board is drawn: the server that drew it is gone.
    let offset = -3_600_000;
    const dataDir = tempDir();
    const store = openSqliteStore(`${dataDir}/${DATABASE_FILE}`, () => Date.now() + offset);
    onCleanup(() => store.close());
    const server = await startTestServer({ dataDir }, { store });
    const board = await createBoard(server.url);
    const drawn = createBoardDoc();
    for (const e of await store.readLog(board.id)) Y.applyUpdate(drawn, e.bytes);
    const updatesOf = (change: () => void): Uint8Array[] => {
      const out: Uint8Array[] = [];
      const onUpdate = (u: Uint8Array) => out.push(u);
      drawn.on('update', onUpdate);
      change();
      drawn.off('update', onUpdate);
      return out;
    };
    const drag = updatesOf(() => {
      for (let x = 0; x < 300; x++) putRecords(drawn, [geoShape({ id: 'shape:dragged', x })]);
    });
    await store.appendUpdates(drag.map((bytes) => ({ docId: board.id, bytes })));
    offset = 0;
    // And a moment ago, within the live-compaction delay: left as it is.
    const recent = updatesOf(() => {
      for (let i = 0; i < 3; i++) putRecords(drawn, [geoShape({ id: `shape:recent${i}` })]);
    });
    await store.appendUpdates(recent.map((bytes) => ({ docId: board.id, bytes })));
    const storedBefore = (await store.readLog(board.id)).length;

    const read = async () => {
      const res = await fetch(`${server.url}/api/boards/${board.id}/log?token=${board.reviewToken}`);
      expect(res.status).toBe(200);
      return decodeLog(new Uint8Array(await res.arrayBuffer()));
    };
    // The first read gets the log as it is, and starts its compaction.
    expect((await read()).length).toBe(storedBefore);
    await waitFor(
      async () => (await store.readLog(board.id)).length < storedBefore,
      10_000,
      'the log compacted',
    );
    const entries = await read();
    // The 300 moves, less than a second apart, are one entry now; the three recent ones stay.
    expect(storedBefore).toBeGreaterThan(300);
    expect(entries.length).toBeLessThan(storedBefore - 290);
    expect(entries.slice(-3).map((e) => e.update)).toEqual(recent);
    expect((await store.readLog(board.id)).length).toBe(entries.length);
    const replayed = createBoardDoc();
    for (const e of entries) Y.applyUpdate(replayed, e.update);
    expect(boardJson(replayed)).toEqual(boardJson(drawn));
  });

  it('the built server merges on its own thread: its program is in the bundle', async () => {
    // It reads the whole log at every step of its wait: not the subject of the read limit here.
    const server = await startServerProcess(tempDir(), {
      env: { LIVE_COMPACTION_AFTER_MS: '300', REVIEW_READS_PER_MINUTE: '1000000' },
    });
    onCleanup(() => server.stop().then(() => undefined));
    let output = '';
    server.child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const board = await createBoard(server.url);
    const writer = connectProvider(server.url, board.id, { token: board.candidateToken }, createBoardDoc());
    await synced(writer);
    let written = 0;
    await waitFor(
      async () => {
        putRecords(writer.doc, [geoShape({ id: 'shape:dragged', x: written++ })]);
        const res = await fetch(`${server.url}/api/boards/${board.id}/log?token=${board.reviewToken}`);
        const entries = decodeLog(new Uint8Array(await res.arrayBuffer()));
        return written > 100 && entries.length < written / 2;
      },
      20_000,
      'the built server to compact the open board',
    );
    writer.destroy();
    expect(output).not.toMatch(/compaction failed|merge thread/);
  });
});
