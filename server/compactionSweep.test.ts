/**
 * The start-up sweep: what a stopped server left uncompacted is compacted once the next one
 * listens, one document at a time, never a board open in a room, and a close stops it.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardJson, createBoardDoc } from '../lib/board/schema';
import { readNotes, setNote } from '../lib/board/notes';
import { decodeLog } from '../lib/history';
import { notesDocId } from '../lib/protocol';
import { geoShape, putRecords } from './testing/content';
import {
  connectProvider,
  createBoard,
  onCleanup,
  startTestServer,
  synced,
  tempDir,
  waitFor,
  type TestBoard,
} from './testing/harness';
import { DATABASE_FILE, openSqliteStore } from './storage/sqlite';
import { openPostgresStore } from './storage/postgres';
import { requireServices, startPostgres } from './testing/services';
import type { BoardStore, StaleLogPage } from './storage/BoardStore';
import type { CompactionResult } from './compaction';
import { sweepStaleLogs } from './compactionSweep';

const HOUR = 3_600_000;
const MOVES = 80;

/** The updates `change` makes to `doc`, one per change. */
function updatesOf(doc: Y.Doc, change: () => void): Uint8Array[] {
  const out: Uint8Array[] = [];
  const onUpdate = (u: Uint8Array) => out.push(u);
  doc.on('update', onUpdate);
  change();
  doc.off('update', onUpdate);
  return out;
}

/**
 * A data dir whose boards were drawn an hour ago by a server that stopped before they unloaded:
 * per board a shape dragged in four bursts a few seconds apart (more moves in all than a page of
 * the compactor's reads), and, from a moment ago, three shapes more. Returns the boards and what
 * each should look like.
 */
async function drawnAnHourAgo(boards: number, opts: { notes?: boolean; databaseUrl?: string } = {}) {
  const dataDir = tempDir();
  let offset = -HOUR;
  const now = () => Date.now() + offset;
  const databaseUrl = opts.databaseUrl ?? null;
  const store = databaseUrl
    ? await openPostgresStore(databaseUrl, { now })
    : openSqliteStore(path.join(dataDir, DATABASE_FILE), now);
  const first = await startTestServer({ dataDir, databaseUrl }, { store });
  const drawn: Array<{
    board: TestBoard;
    doc: Y.Doc;
    recent: Uint8Array[];
    /** Entries stored, and the position of the last from an hour ago. */
    stored: number;
    oldThrough: number;
  }> = [];
  for (let b = 0; b < boards; b++) {
    const board = await createBoard(first.url);
    const doc = createBoardDoc();
    for (const e of await store.readLog(board.id)) Y.applyUpdate(doc, e.bytes);
    drawn.push({ board, doc, recent: [], stored: 0, oldThrough: 0 });
  }
  for (let burst = 0; burst < 4; burst++) {
    offset = -HOUR + burst * 3_000;
    for (const { board, doc } of drawn) {
      const drag = updatesOf(doc, () => {
        for (let x = 0; x < MOVES; x++)
          putRecords(doc, [geoShape({ id: 'shape:dragged', x: burst * MOVES + x })]);
      });
      await store.appendUpdates(drag.map((bytes) => ({ docId: board.id, bytes })));
    }
  }
  // The interviewer's notes, typed a character at a time.
  const notesDoc = new Y.Doc();
  const typed = updatesOf(notesDoc, () => {
    for (let i = 1; i <= 50; i++) setNote(notesDoc, 0, 'n'.repeat(i));
  });
  for (const { board } of opts.notes ? drawn : []) {
    await store.appendUpdates(typed.map((bytes) => ({ docId: notesDocId(board.id), bytes })));
  }
  offset = 0;
  for (const d of drawn) {
    d.recent = updatesOf(d.doc, () => {
      for (let i = 0; i < 3; i++) putRecords(d.doc, [geoShape({ id: `shape:recent${i}` })]);
    });
    await store.appendUpdates(d.recent.map((bytes) => ({ docId: d.board.id, bytes })));
    const log = await store.readLog(d.board.id);
    d.stored = log.length;
    d.oldThrough = log.at(-4)!.seq;
  }
  await first.close(); // closes the store too
  return { dataDir, drawn, notes: readNotes(notesDoc) };
}

describe('start-up compaction sweep', () => {
  it('compacts what a stopped server left uncompacted once the next one listens; the board replays the same', async () => {
    const { dataDir, drawn, notes } = await drawnAnHourAgo(1, { notes: true });
    const [{ board, doc, recent, stored, oldThrough }] = drawn as [(typeof drawn)[number]];
    expect(stored).toBeGreaterThan(4 * MOVES);

    const server = await startTestServer({ dataDir });
    const notesThrough = (await server.store.readLog(notesDocId(board.id))).at(-1)!.seq;
    // Until both cursors are past what was drawn an hour ago: the passes' last writes.
    await waitFor(
      async () =>
        (await server.store.compactedThrough(board.id)) >= oldThrough &&
        (await server.store.compactedThrough(notesDocId(board.id))) >= notesThrough,
      20_000,
      'the board and its notes compacted',
    );
    const log = await server.store.readLog(board.id);
    // Four bursts of moves less than a second apart are four entries (the seed may merge into the
    // first); the three from a moment ago are as they were.
    expect(log.length).toBeLessThanOrEqual(1 + 4 + 3);
    expect(log.slice(-3).map((e) => e.bytes)).toEqual(recent);
    const replayed = createBoardDoc();
    for (const e of log) Y.applyUpdate(replayed, e.bytes);
    expect(boardJson(replayed)).toEqual(boardJson(doc));
    const notesLog = await server.store.readLog(notesDocId(board.id));
    expect(notesLog).toHaveLength(1);
    const notesReplayed = new Y.Doc();
    for (const e of notesLog) Y.applyUpdate(notesReplayed, e.bytes);
    expect(readNotes(notesReplayed)).toEqual(notes);
    expect(notes.steps[0]).toBe('n'.repeat(50));
    expect(server.rooms.isOpen(board.id)).toBe(false);

    // The review page's first read gets the compacted log.
    const res = await fetch(`${server.url}/api/boards/${board.id}/log?token=${board.reviewToken}`);
    expect(res.status).toBe(200);
    expect(decodeLog(new Uint8Array(await res.arrayBuffer())).length).toBe(log.length);
  });

  it('leaves a board that is open in a room to its room', async () => {
    const { dataDir, drawn } = await drawnAnHourAgo(2);
    // The sweep goes in id order: the open board comes first, so once the other is compacted the
    // sweep has been past it.
    const [open, closed] = [...drawn].sort((a, b) => (a.board.id < b.board.id ? -1 : 1)) as [
      (typeof drawn)[number],
      (typeof drawn)[number],
    ];
    const inner = openSqliteStore(path.join(dataDir, DATABASE_FILE));
    let letGo!: () => void;
    const gate = new Promise<void>((resolve) => (letGo = resolve));
    const compacted: string[] = [];
    const store: BoardStore = {
      ...inner,
      // The sweep waits until the board is open.
      staleLogs: async (...args) => {
        await gate;
        return inner.staleLogs(...args);
      },
      compactLog: (docId, runs, through) => {
        compacted.push(docId);
        return inner.compactLog(docId, runs, through);
      },
    };
    const server = await startTestServer({ dataDir }, { store });
    onCleanup(letGo);
    const openLog = await inner.readLog(open.board.id);
    const client = connectProvider(
      server.url,
      open.board.id,
      { token: open.board.candidateToken },
      createBoardDoc(),
    );
    await synced(client);
    expect(server.rooms.isOpen(open.board.id)).toBe(true);
    letGo();

    await waitFor(
      async () => (await inner.compactedThrough(closed.board.id)) >= closed.oldThrough,
      20_000,
      'the other board compacted',
    );
    expect((await inner.readLog(closed.board.id)).length).toBeLessThan(closed.stored);
    expect(compacted).not.toContain(open.board.id);
    expect(await inner.compactedThrough(open.board.id)).toBe(0);
    expect((await inner.readLog(open.board.id)).slice(0, openLog.length)).toEqual(openLog);
    expect(boardJson(client.doc)).toEqual(boardJson(open.doc));
    expect(server.rooms.isOpen(open.board.id)).toBe(true);
  });
});

describe('start-up compaction sweep on PostgreSQL', () => {
  if (!requireServices('postgres')) return;

  it('two instances starting together on one database compact what a stopped one left; the boards replay the same', async () => {
    const db = await startPostgres();
    const { drawn } = await drawnAnHourAgo(2, { databaseUrl: db.url });
    // Each takes a document's lock to compact it, so they share the work, and neither compacts
    // what the other holds.
    const servers = await Promise.all(
      [1, 2].map(() => startTestServer({ dataDir: tempDir(), databaseUrl: db.url })),
    );
    const store = servers[0]!.store;
    await waitFor(
      async () => {
        for (const d of drawn) if ((await store.compactedThrough(d.board.id)) < d.oldThrough) return false;
        return true;
      },
      20_000,
      'every board compacted',
    );
    for (const { board, doc, recent } of drawn) {
      const log = await store.readLog(board.id);
      expect(log.length).toBeLessThanOrEqual(1 + 4 + 3);
      expect(log.slice(-3).map((e) => e.bytes)).toEqual(recent);
      const replayed = createBoardDoc();
      for (const e of log) Y.applyUpdate(replayed, e.bytes);
      expect(boardJson(replayed)).toEqual(boardJson(doc));
    }
  });
});

describe('the sweep itself', () => {
  /** A store of `docs` (id → stale), answering pages as the real ones do. */
  function pagedStore(docs: Record<string, boolean>, calls: Array<[number, string, number]> = []) {
    const ids = Object.keys(docs).sort();
    return {
      calls,
      async staleLogs(before: number, after: string, limit: number): Promise<StaleLogPage> {
        calls.push([before, after, limit]);
        const page = ids.filter((id) => id > after).slice(0, limit);
        return { docIds: page.filter((id) => docs[id]), next: page.length < limit ? null : page.at(-1)! };
      },
    };
  }

  const result = (docId: string): CompactionResult => ({
    docId,
    entriesBefore: 10,
    entriesAfter: 2,
    bytesBefore: 100,
    bytesAfter: 20,
    ms: 1,
    longestStallMs: 0,
    longestStallStart: 0,
  });

  it('compacts the stale documents of every page in order, one at a time, up to the delay, skipping open ones', async () => {
    const store = pagedStore({ a: true, b: false, c: true, d: true, e: false, f: true, g: true });
    const compacted: Array<[string, number]> = [];
    let running = 0;
    let mostAtOnce = 0;
    const sweep = sweepStaleLogs({
      store,
      staleAfterMs: 300,
      now: () => 10_000,
      pageDocs: 3,
      isOpen: (docId) => docId === 'd',
      async compact(docId, before) {
        mostAtOnce = Math.max(mostAtOnce, ++running);
        await new Promise((resolve) => setImmediate(resolve));
        running--;
        compacted.push([docId, before]);
        return result(docId);
      },
    });
    await waitFor(
      () => store.calls.length === 3 && running === 0 && compacted.length === 4,
      5_000,
      'the sweep',
    );
    await sweep.stop();
    expect(compacted).toEqual([
      ['a', 9_700],
      ['c', 9_700],
      ['f', 9_700],
      ['g', 9_700],
    ]);
    expect(mostAtOnce).toBe(1);
    expect(store.calls).toEqual([
      [9_700, '', 3],
      [9_700, 'c', 3],
      [9_700, 'f', 3],
    ]);
  });

  it('stops between documents: the one under way is the last', async () => {
    const store = pagedStore({ a: true, b: true, c: true });
    const started: string[] = [];
    let finish!: () => void;
    const sweep = sweepStaleLogs({
      store,
      staleAfterMs: 0,
      isOpen: () => false,
      compact(docId) {
        started.push(docId);
        return new Promise((resolve) => (finish = () => resolve(null)));
      },
    });
    await waitFor(() => started.length === 1, 5_000, 'the first compaction');
    let ended = false;
    const stopped = sweep.stop().then(() => (ended = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ended).toBe(false); // it waits for the compaction under way (the compactor cuts it short)
    finish();
    await stopped;
    expect(started).toEqual(['a']);
    expect(store.calls).toHaveLength(1);
  });

  it('ends when the store fails, and a close still finds it ended (the next start sweeps again)', async () => {
    let failed = false;
    const compacted: string[] = [];
    const sweep = sweepStaleLogs({
      store: {
        staleLogs: async () => {
          failed = true;
          throw new Error('the database is unreachable');
        },
      },
      staleAfterMs: 0,
      isOpen: () => false,
      compact: async (docId) => (compacted.push(docId), null),
    });
    await waitFor(() => failed, 5_000, 'the failing page');
    await expect(sweep.stop()).resolves.toBeUndefined();
    expect(compacted).toEqual([]);
  });
});
