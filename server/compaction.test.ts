import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardJson, createBoardDoc, tldrawRecords } from '../lib/board/schema';
import { setStep } from '../lib/board/framework';
import { ReplayEngine } from '../lib/board/replay';
import { countUpTo, type LogEntry } from '../lib/history';
import { LogCompactor } from './compaction';
import { mergeRuns } from './logMerge';
import { openSqliteStore } from './storage/sqlite';
import type { BoardStore, StoredUpdate } from './storage/BoardStore';

const BOARD = 'c0000000000000000000aa';
const ada = { id: 'a', name: 'Ada' };

function rect(id: string, x: number) {
  return { id, typeName: 'shape', type: 'geo', x, y: 0, props: { w: 100, h: 50 } };
}

/**
 * A session with known server times: shapes dragged at 60 fps (many updates per second), pauses
 * of a few seconds, and a step change in the middle of a drag burst.
 */
function session(): LogEntry[] {
  const doc = createBoardDoc();
  const log: LogEntry[] = [];
  let t = 10_000;
  doc.on('update', (update: Uint8Array) => log.push({ at: t, update }));
  const kv = tldrawRecords(doc);
  for (let s = 0; s < 6; s++) {
    kv.set(`shape:${s}`, rect(`shape:${s}`, 0) as never);
    for (let step = 1; step <= 40; step++) {
      t += 16;
      kv.set(`shape:${s}`, rect(`shape:${s}`, step * 5) as never);
      if (s === 3 && step === 20) setStep(doc, 1, ada, t); // mid-burst
    }
    t += 3_000;
  }
  kv.delete('shape:5');
  return log;
}

function toStored(log: LogEntry[]): StoredUpdate[] {
  return log.map((e, i) => ({ seq: i + 1, at: e.at, bytes: e.update, actor: null, step: null }));
}

/** The document as replay shows it at time `t` (every entry stamped at or before `t`), as JSON. */
function statesOf(log: readonly LogEntry[]): (t: number) => string {
  const doc = createBoardDoc();
  const states = [JSON.stringify(boardJson(doc))];
  for (const e of log) {
    Y.applyUpdate(doc, e.update);
    states.push(JSON.stringify(boardJson(doc)));
  }
  doc.destroy();
  return (t) => states[countUpTo(log, t)]!;
}

/** Applies the runs to the log the way the store does. */
function applyRuns(stored: StoredUpdate[], runs: ReturnType<typeof mergeRuns>['runs']): LogEntry[] {
  const out: LogEntry[] = [];
  for (const e of stored) {
    const run = runs.find((r) => e.seq >= r.firstSeq && e.seq <= r.lastSeq);
    if (!run) out.push({ at: e.at, update: e.bytes });
    else if (e.seq === run.lastSeq) out.push({ at: run.at, update: run.bytes });
  }
  return out;
}

/** Applies the runs to stored entries the way the store does, keeping actors and steps. */
function applyRunsStored(stored: StoredUpdate[], runs: ReturnType<typeof mergeRuns>['runs']): StoredUpdate[] {
  const out: StoredUpdate[] = [];
  for (const e of stored) {
    const run = runs.find((r) => e.seq >= r.firstSeq && e.seq <= r.lastSeq);
    if (!run) out.push(e);
    else if (e.seq === run.lastSeq)
      out.push({ ...e, at: run.at, bytes: run.bytes, actor: run.actor, step: run.step });
  }
  return out;
}

/**
 * The session in a real (in-memory) SQLite store. The store stamps its own clock, so all of it
 * lands within a second: one run up to the step change, one after.
 */
async function storedSession() {
  const store = openSqliteStore(':memory:');
  const original = session();
  await store.createBoard({ id: BOARD, title: 'T', prompt: '', createdAt: 1 }, original[0]!.update, {
    candidate: null,
    reviewer: null,
  });
  await store.appendUpdates(original.slice(1).map((e) => ({ docId: BOARD, bytes: e.update })));
  return { store, original };
}

describe('log compaction', () => {
  it('merges updates less than a second apart, keeping every state at one-second resolution', () => {
    const original = session();
    const stored = toStored(original);
    const result = mergeRuns(createBoardDoc(), stored, 0, Infinity, 1_000);
    expect(result.stopped).toBe(false);
    expect(stored[result.next - 1]!.seq).toBe(stored.length); // processed through the last entry
    const compacted = applyRuns(stored, result.runs);

    // Far fewer entries and bytes, and the same final document, state vector included.
    expect(compacted.length).toBeLessThan(original.length / 10);
    const size = (log: LogEntry[]) => log.reduce((n, e) => n + e.update.length, 0);
    expect(size(compacted)).toBeLessThan(size(original) / 5);
    const a = createBoardDoc();
    const b = createBoardDoc();
    for (const e of original) Y.applyUpdate(a, e.update);
    for (const e of compacted) Y.applyUpdate(b, e.update);
    expect(boardJson(b)).toEqual(boardJson(a));
    expect(Y.encodeStateVector(b)).toEqual(Y.encodeStateVector(a));

    const originalAt = statesOf(original);
    const compactedAt = statesOf(compacted);
    // At every time the compacted log has an entry, it shows exactly what the original showed.
    for (const e of compacted) expect(compactedAt(e.at)).toBe(originalAt(e.at));
    // At any other moment it shows what the original showed less than a second earlier.
    for (const e of original) {
      const recent = [
        e.at - 1_000,
        ...original.filter((o) => o.at > e.at - 1_000 && o.at <= e.at).map((o) => o.at),
      ];
      expect(recent.map(originalAt)).toContain(compactedAt(e.at));
    }

    // The step marker sits at the same server time: a run ends with the step change.
    const before = new ReplayEngine(original).markers.map((m) => m.at);
    const after = new ReplayEngine(compacted).markers.map((m) => m.at);
    expect(after).toEqual(before);
    expect(after).toHaveLength(1);
  });

  it("never merges two people's changes into one entry, and keeps each entry's step", () => {
    const doc = createBoardDoc();
    const stored: StoredUpdate[] = [];
    const people = [
      { role: 'candidate' as const, name: 'Cai' },
      { role: 'interviewer' as const, name: 'Ivy' },
    ];
    let who = 0;
    let step = 0;
    doc.on('update', (bytes: Uint8Array) =>
      stored.push({ seq: stored.length + 1, at: 1_000 + stored.length, bytes, actor: people[who]!, step }),
    );
    const kv = tldrawRecords(doc);
    // Within one second: Cai drags three times, Ivy twice, Cai again; then a step later, Cai.
    for (const [person, n] of [
      [0, 3],
      [1, 2],
      [0, 1],
    ] as const) {
      who = person;
      for (let k = 0; k < n; k++) kv.set(`shape:${person}`, rect(`shape:${person}`, k) as never);
    }
    step = 1;
    kv.set('shape:0', rect('shape:0', 99) as never);

    const { runs } = mergeRuns(createBoardDoc(), stored, 0, Infinity, 1_000);
    const compacted = applyRunsStored(stored, runs);
    expect(compacted.map((e) => [e.actor!.name, e.step])).toEqual([
      ['Cai', 0],
      ['Ivy', 0],
      ['Cai', 0],
      ['Cai', 1],
    ]);
    for (const run of runs) {
      const members = stored.filter((e) => e.seq >= run.firstSeq && e.seq <= run.lastSeq);
      expect(new Set(members.map((e) => `${e.actor!.name}/${e.step}`)).size).toBe(1);
    }
  });

  it('stops before an entry that does not apply and keeps it and everything after', () => {
    const original = session();
    const stored = toStored(original);
    // An update that depends on content the log does not hold: it would sit pending forever.
    const stranger = new Y.Doc();
    stranger.getMap('x').set('a', 1);
    const sv = Y.encodeStateVector(stranger);
    stranger.getMap('x').set('b', 2);
    stored.splice(100, 0, {
      seq: 0,
      at: stored[99]!.at,
      bytes: Y.encodeStateAsUpdate(stranger, sv),
      actor: null,
      step: null,
    });
    stored.forEach((e, i) => (e.seq = i + 1));
    const result = mergeRuns(createBoardDoc(), stored, 0, Infinity, 1_000);
    expect(result.stopped).toBe(true);
    expect(stored[result.next - 1]!.seq).toBeLessThan(101); // processed no further than before it
    expect(Math.max(0, ...result.runs.map((r) => r.lastSeq))).toBeLessThan(101);
  });

  it('compacts a stored log in place; loading and replay give the same board', async () => {
    const { store, original } = await storedSession();
    const doc = createBoardDoc();
    for (const e of original) Y.applyUpdate(doc, e.update);
    const expected = boardJson(doc);
    const logBefore = await store.readLog(BOARD);
    // A snapshot taken in the middle of what becomes a merged run.
    const atSnapshot = createBoardDoc();
    for (const e of logBefore.slice(0, 151)) Y.applyUpdate(atSnapshot, e.bytes);
    await store.writeSnapshot(BOARD, {
      seq: logBefore[150]!.seq,
      at: logBefore[150]!.at,
      bytes: Y.encodeStateAsUpdate(atSnapshot),
    });

    const compactor = new LogCompactor(store, { windowMs: 1_000 });
    const result = await compactor.compact(BOARD);
    expect(result).toMatchObject({ entriesBefore: original.length });
    expect(result!.entriesAfter).toBeLessThan(logBefore.length);
    expect(result!.bytesAfter).toBeLessThan(result!.bytesBefore);
    const logAfter = await store.readLog(BOARD);
    expect(logAfter).toHaveLength(result!.entriesAfter);
    expect(await store.compactedThrough(BOARD)).toBe(logBefore.at(-1)!.seq);

    const replayed = createBoardDoc();
    for (const e of logAfter) Y.applyUpdate(replayed, e.bytes);
    expect(boardJson(replayed)).toEqual(expected);
    // The snapshot in the middle of a merged run still loads to the full board.
    const loaded = createBoardDoc();
    const stored = await store.loadDoc(BOARD);
    Y.applyUpdate(loaded, stored.snapshot!.bytes);
    for (const u of stored.updates) Y.applyUpdate(loaded, u.bytes);
    expect(boardJson(loaded)).toEqual(expected);

    // Nothing new: nothing to do. New entries: only those are compacted, on top of the old state.
    expect(await compactor.compact(BOARD)).toBeNull();
    const more: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => more.push(u));
    for (let x = 0; x < 20; x++) tldrawRecords(doc).set('shape:0', rect('shape:0', 1_000 + x) as never);
    await store.appendUpdates(more.map((bytes) => ({ docId: BOARD, bytes })));
    const again = await compactor.compact(BOARD);
    expect(again).toMatchObject({ entriesBefore: logAfter.length + 20, entriesAfter: logAfter.length + 1 });
    const final = createBoardDoc();
    for (const e of await store.readLog(BOARD)) Y.applyUpdate(final, e.bytes);
    expect(boardJson(final)).toEqual(boardJson(doc));
    await store.close();
  });

  it('keeps updates appended while it runs (the board was reopened meanwhile)', async () => {
    const { store, original } = await storedSession();
    const doc = createBoardDoc();
    for (const e of original) Y.applyUpdate(doc, e.update);
    const late: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => late.push(u));
    // Someone draws right after the compactor has read the log to its end (the append is synchronous).
    let drawn = false;
    const racing: BoardStore = {
      ...store,
      readLogRange: async (docId, afterSeq, throughSeq, limit) => {
        const page = await store.readLogRange(docId, afterSeq, throughSeq, limit);
        if (page.length === 0 && !drawn) {
          drawn = true;
          tldrawRecords(doc).set('shape:late', rect('shape:late', 7) as never);
          void store.appendUpdates(late.map((bytes) => ({ docId: BOARD, bytes })));
        }
        return page;
      },
    };
    const compactor = new LogCompactor(racing, { windowMs: 1_000 });
    const result = await compactor.compact(BOARD);
    expect(drawn).toBe(true);
    expect(result!.entriesAfter).toBeLessThan(original.length);
    const log = await store.readLog(BOARD);
    expect(log.at(-1)!.bytes).toEqual(late[0]); // untouched, still last
    const rebuilt = createBoardDoc();
    for (const e of log) Y.applyUpdate(rebuilt, e.bytes);
    expect(boardJson(rebuilt)).toEqual(boardJson(doc));
    await store.close();
  });

  it('leaves nothing behind when the board was deleted while compacting', async () => {
    const { store } = await storedSession();
    const log = await store.readLog(BOARD);
    const runs = [
      {
        firstSeq: log[0]!.seq,
        lastSeq: log[5]!.seq,
        count: 6,
        at: log[5]!.at,
        bytes: log[5]!.bytes,
        actor: null,
        step: null,
      },
    ];
    await store.deleteBoard(BOARD);
    expect(await store.compactLog(BOARD, runs, log[5]!.seq)).toBe(false);
    expect(await store.readLog(BOARD)).toEqual([]);
    await store.close();
  });

  it('refuses a window over one second (the history would lose more than the architecture allows)', () => {
    const store = openSqliteStore(':memory:');
    expect(() => new LogCompactor(store, { windowMs: 1_001 })).toThrow(/0-1000/);
    void store.close();
  });

  it('with `before`, compacts only what was stored earlier, and yields to the event loop between slices', async () => {
    // A store whose clock moves 40 ms per entry: the session spans minutes of server time.
    let clock = 1_000_000;
    const store = openSqliteStore(':memory:', () => (clock += 40));
    const original = session();
    await store.createBoard({ id: BOARD, title: 'T', prompt: '', createdAt: 1 }, original[0]!.update, {
      candidate: null,
      reviewer: null,
    });
    for (const e of original.slice(1)) await store.appendUpdates([{ docId: BOARD, bytes: e.update }]);
    const logBefore = await store.readLog(BOARD);
    const cut = logBefore[150]!.at;

    let ticks = 0;
    const ticker = setInterval(() => ticks++, 0);
    const compactor = new LogCompactor(store, { windowMs: 1_000, sliceMs: 1 });
    const result = await compactor.compact(BOARD, { before: cut });
    clearInterval(ticker);
    expect(result).not.toBeNull();
    expect(ticks, 'timers ran while it worked').toBeGreaterThan(0);
    expect(result!.longestStallMs).toBeGreaterThan(0);
    const after = await store.readLog(BOARD);
    // Entries stored at or after the cut are untouched, row for row; the cursor stops before them.
    const untouched = (log: StoredUpdate[]) => log.filter((e) => e.at >= cut);
    expect(untouched(after)).toEqual(untouched(logBefore));
    expect(after.filter((e) => e.at < cut).length).toBeLessThan(150);
    expect(await store.compactedThrough(BOARD)).toBe(logBefore[149]!.seq);

    // Later, the rest: still the same board.
    expect(await compactor.compact(BOARD)).not.toBeNull();
    const doc = createBoardDoc();
    for (const e of original) Y.applyUpdate(doc, e.update);
    const replayed = createBoardDoc();
    for (const e of await store.readLog(BOARD)) Y.applyUpdate(replayed, e.bytes);
    expect(boardJson(replayed)).toEqual(boardJson(doc));
    await store.close();
  });

  it("keeps a live board's state between passes: the next pass reads only what is new, and writes what a full read writes", async () => {
    const original = session();
    // Two stores with the same log.
    const live = await storeWith(original);
    const fresh = await storeWith(original);
    const stored = await live.readLog(BOARD);
    const cuts = [stored[80]!.at, stored[160]!.at, stored[230]!.at];

    const { watched, reads } = watchReads(live);
    const keeping = new LogCompactor(watched, { windowMs: 1_000 });
    for (const before of cuts) {
      const cursor = await live.compactedThrough(BOARD);
      reads.length = 0;
      expect(await keeping.compact(BOARD, { before })).not.toBeNull();
      // The first pass reads from the start; later ones from where the last pass left off.
      expect(Math.min(...reads)).toBe(before === cuts[0] ? 0 : cursor);
      // A compactor with nothing kept, on the same log, reads it all and writes the same.
      expect(await new LogCompactor(fresh, { windowMs: 1_000 }).compact(BOARD, { before })).not.toBeNull();
      expect(await live.readLog(BOARD)).toEqual(await fresh.readLog(BOARD));
    }
    expect(await keeping.compact(BOARD)).not.toBeNull(); // the board unloads: the rest, state dropped
    const replayed = createBoardDoc();
    for (const e of await live.readLog(BOARD)) Y.applyUpdate(replayed, e.bytes);
    const doc = createBoardDoc();
    for (const e of original) Y.applyUpdate(doc, e.update);
    expect(boardJson(replayed)).toEqual(boardJson(doc));
    await keeping.stop();
    await live.close();
    await fresh.close();
  });

  it('keeps nothing for a board that is not open (keepState: false): its next pass reads the log again', async () => {
    const store = await storeWith(session());
    const stored = await store.readLog(BOARD);
    const { watched, reads } = watchReads(store);
    const compactor = new LogCompactor(watched, { windowMs: 1_000 });
    for (const [keepState, before] of [
      [false, stored[80]!.at],
      [true, stored[160]!.at],
      [undefined, stored[230]!.at],
    ] as const) {
      const cursor = await store.compactedThrough(BOARD);
      reads.length = 0;
      expect(await compactor.compact(BOARD, { before, keepState })).not.toBeNull();
      // After a pass that kept nothing the log is read from the start; after one that kept its
      // state (live passes do by default), from where it left off.
      expect(Math.min(...reads)).toBe(keepState === undefined ? cursor : 0);
    }
    await compactor.stop();
    await store.close();
  });
});

/** A store holding `entries` as the board's log; its clock moves 40 ms per entry (minutes of server time). */
async function storeWith(entries: ReadonlyArray<{ update: Uint8Array }>): Promise<BoardStore> {
  let clock = 1_000_000;
  const store = openSqliteStore(':memory:', () => (clock += 40));
  await store.createBoard({ id: BOARD, title: 'T', prompt: '', createdAt: 1 }, entries[0]!.update, {
    candidate: null,
    reviewer: null,
  });
  for (const e of entries.slice(1)) await store.appendUpdates([{ docId: BOARD, bytes: e.update }]);
  return store;
}

/** The store, recording where each of the compactor's page reads starts (not its one-entry peeks). */
function watchReads(store: BoardStore): { watched: BoardStore; reads: number[] } {
  const reads: number[] = [];
  const watched: BoardStore = {
    ...store,
    readLogRange: (docId, afterSeq, throughSeq, limit) => {
      if (limit !== 1) reads.push(afterSeq);
      return store.readLogRange(docId, afterSeq, throughSeq, limit);
    },
  };
  return { watched, reads };
}
