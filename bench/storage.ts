/**
 * Storage benchmarks, in process against the real SQLite store:
 * - bytes stored per hour of a scripted session: the log before and after the server's log
 *   compaction (server/compaction.ts, run on the real SQLite store), and a snapshot;
 * - server load time of a 5,000-shape board from the log alone vs from a snapshot;
 * - time to rebuild the board at an arbitrary moment of a long log (client replay engine,
 *   and the server's history?at= path).
 */
import path from 'node:path';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import * as Y from 'yjs';
import { openSqliteStore } from '../server/storage/sqlite';
import { openSqliteStoreOnThread } from '../server/storage/sqliteThread';
import { openPostgresStore } from '../server/storage/postgres';
import { encodeStoredLog } from '../server/storage/rows';
import { createCluster } from '../server/testing/serviceProcesses';
import pg from 'pg';
import type { BoardStore } from '../server/storage/BoardStore';
import { LogCompactor, type CompactionResult } from '../server/compaction';
import { MergeThread } from '../server/mergeThread';
import { boardJson, createBoardDoc, tldrawRecords } from '../lib/board/schema';
import { setStep } from '../lib/board/framework';
import { addScopeItem } from '../lib/board/scope';
import { ReplayEngine, updateAt } from '../lib/board/replay';
import { encodeLog, type LogEntry } from '../lib/history';
import { renderSummary } from '../lib/summary';
import type { BoardMeta } from '../lib/api';
import { applyStored } from '../server/storage/docLog';
import { percentile, round, tempDir } from './common';

const BOARD = 'benchbenchbenchbench00';
const ada = { id: 'a', name: 'Ada' };

function shape(i: number, x: number, y: number) {
  return {
    id: `shape:s${i}`,
    typeName: 'shape',
    type: 'geo',
    parentId: 'page:page',
    index: `a${i}`,
    x,
    y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
    props: {
      w: 160,
      h: 90,
      geo: 'rectangle',
      color: 'black',
      fill: 'none',
      dash: 'draw',
      size: 'm',
      richText: {
        type: 'doc',
        content: [{ type: 'paragraph', content: [{ type: 'text', text: `Service ${i}` }] }],
      },
    },
  };
}

/**
 * One scripted hour: 150 shapes drawn, each dragged 4 times (30 drag steps each, as tldraw sends
 * them at pointer rate), 40 scope items, 4 step changes. Returns the log with synthetic times.
 */
export function scriptedHour(): LogEntry[] {
  const doc = createBoardDoc();
  const log: LogEntry[] = [];
  let t = 0;
  doc.on('update', (update: Uint8Array) => log.push({ at: t, update }));
  const kv = tldrawRecords(doc);
  const hour = 3_600_000;
  for (let i = 0; i < 150; i++) {
    t = Math.floor((i / 150) * hour);
    kv.set(`shape:s${i}`, shape(i, i * 10, i * 5) as never);
    for (let drag = 0; drag < 4; drag++) {
      t += 2_000;
      for (let step = 0; step < 30; step++) {
        t += 16; // 60 fps while dragging
        kv.set(`shape:s${i}`, shape(i, i * 10 + step * 3 + drag * 100, i * 5 + step) as never);
      }
    }
    if (i % 4 === 0)
      addScopeItem(doc, { kind: 'assumption', text: `Assumption ${i}`, step: 0, by: ada, at: t });
    if (i % 38 === 37) setStep(doc, Math.min(3, Math.floor(i / 38) + 1), ada, t);
  }
  return log;
}

/** Bytes per hour, before and after compaction, and what the compacted log replays to. */
export async function storagePerHour() {
  const log = scriptedHour();
  let clock = 0;
  const store = openSqliteStore(path.join(tempDir('storage'), 'db.sqlite'), () => clock);
  // Made first, as the server makes it when it starts: its merge thread starts meanwhile.
  const compactor = new LogCompactor(store, { windowMs: 1_000 });
  await store.createBoard({ id: BOARD, title: 'Storage', prompt: '', createdAt: 0 }, log[0]!.update, {
    candidate: null,
    reviewer: null,
  });
  for (const e of log.slice(1)) {
    clock = e.at; // the store stamps the script's times
    await store.appendUpdates([{ docId: BOARD, bytes: e.update }]);
  }
  const doc = createBoardDoc();
  for (const e of log) Y.applyUpdate(doc, e.update);
  const snapshot = Y.encodeStateAsUpdate(doc);
  const result = (await compactor.compact(BOARD))!;
  const replayed = createBoardDoc();
  for (const e of await store.readLog(BOARD)) Y.applyUpdate(replayed, e.bytes);
  const same = JSON.stringify(boardJson(replayed)) === JSON.stringify(boardJson(doc));
  await compactor.stop();
  await store.close();
  if (!same) throw new Error('the compacted log does not rebuild the board');
  return {
    updates: log.length,
    logBytes: result.bytesBefore,
    compactedUpdates: result.entriesAfter,
    compactedLogBytes: result.bytesAfter,
    ratio: round(result.bytesBefore / result.bytesAfter, 1),
    compactionMs: result.ms,
    snapshotBytes: snapshot.length,
  };
}

/**
 * Live compaction over the scripted hour: the log is appended as the script goes, and once a
 * minute of script time the compactor runs over what is older than five minutes, as the server
 * does for an open board. Reports the longest time one pass held the event loop, with the store
 * on its own thread as the server opens it, or in this thread (as it was before).
 */
export async function liveCompaction(store: 'thread' | 'in-process') {
  const log = scriptedHour();
  let clock = 0;
  const file = path.join(tempDir('live'), 'db.sqlite');
  const db =
    store === 'thread'
      ? await openSqliteStoreOnThread(file, () => clock)
      : openSqliteStore(file, () => clock);
  return { store, ...(await compactLive(db, log, (at) => (clock = at))) };
}

async function compactLive(store: BoardStore, log: LogEntry[], setClock: (at: number) => void) {
  await store.createBoard({ id: BOARD, title: 'Live', prompt: '', createdAt: 0 }, log[0]!.update, {
    candidate: null,
    reviewer: null,
  });
  const compactor = new LogCompactor(store, { windowMs: 1_000 });
  // Garbage collection pauses the whole process, room or not: each pass's longest stretch is also
  // reported without the collector's pauses inside it, which is the compactor's own work.
  const pauses: { start: number; end: number }[] = [];
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, end: e.startTime + e.duration });
  });
  gc.observe({ entryTypes: ['gc'] });
  const results: CompactionResult[] = [];
  // What a room feels: the event loop's longest delay during each pass, whatever held it (the
  // compactor, a store call's synchronous part, reading the worker's answer, a GC pause).
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  const loopLongest: number[] = [];
  const idleLongest: number[] = [];
  const passTimes: { start: number; end: number }[] = [];
  let nextPass = 60_000;
  const pass = async (before: number) => {
    loopDelay.reset();
    loopDelay.enable();
    const start = performance.now();
    const r = await compactor.compact(BOARD, { before });
    loopDelay.disable();
    if (r) {
      const end = performance.now();
      results.push(r);
      loopLongest.push(loopDelay.max / 1e6);
      passTimes.push({ start, end });
      // The control: the same measure over as long a time with nothing to do. A timer on an idle
      // event loop also fires late (the thread wakes late), up to ~10 ms on this machine.
      loopDelay.reset();
      loopDelay.enable();
      await new Promise((resolve) => setTimeout(resolve, end - start));
      loopDelay.disable();
      idleLongest.push(loopDelay.max / 1e6);
    }
  };
  for (const e of log.slice(1)) {
    setClock(e.at);
    await store.appendUpdates([{ docId: BOARD, bytes: e.update }]);
    if (e.at >= nextPass) {
      await pass(e.at - 5 * 60_000);
      nextPass += 60_000;
    }
  }
  const entries = await store.readLog(BOARD);
  const doc = createBoardDoc();
  for (const e of log) Y.applyUpdate(doc, e.update);
  const replayed = createBoardDoc();
  for (const e of entries) Y.applyUpdate(replayed, e.bytes);
  await compactor.stop();
  await store.close();
  if (JSON.stringify(boardJson(replayed)) !== JSON.stringify(boardJson(doc))) {
    throw new Error('the live-compacted log does not rebuild the board');
  }
  await new Promise((r) => setImmediate(r)); // the observer's last entries
  gc.disconnect();
  const stalls = results.map((r) => r.longestStallMs).sort((a, b) => a - b);
  const ownWork = results
    .map((r) => {
      const end = r.longestStallStart + r.longestStallMs;
      let paused = 0;
      for (const p of pauses)
        paused += Math.max(0, Math.min(end, p.end) - Math.max(r.longestStallStart, p.start));
      return r.longestStallMs - paused;
    })
    .sort((a, b) => a - b);
  return {
    passes: stalls.length,
    stallMedianMs: stalls[Math.floor(stalls.length / 2)] ?? 0,
    longestStallMs: stalls.at(-1) ?? 0,
    /** The longest of each pass's longest stretch, less the garbage collection pauses inside it. */
    longestWithoutGcMs: round(ownWork.at(-1) ?? 0, 1),
    longestGcPauseMs: round(Math.max(0, ...pauses.map((p) => p.end - p.start)), 1),
    /** The longest garbage collection pause while a pass ran (it delays the loop as much). */
    longestGcInPassMs: round(
      Math.max(
        0,
        ...pauses
          .filter((p) => passTimes.some((t) => p.start < t.end && p.end > t.start))
          .map((p) => p.end - p.start),
      ),
      1,
    ),
    /** The event loop's longest delay during any pass (monitorEventLoopDelay, 1 ms resolution). */
    eventLoopLongestMs: round(Math.max(0, ...loopLongest), 1),
    eventLoopMedianMs: round(loopLongest.sort((a, b) => a - b)[Math.floor(loopLongest.length / 2)] ?? 0, 1),
    /** The same over idle stretches as long as each pass, right after it (the measure's floor). */
    idleLoopLongestMs: round(Math.max(0, ...idleLongest), 1),
    idleLoopMedianMs: round(idleLongest.sort((a, b) => a - b)[Math.floor(idleLongest.length / 2)] ?? 0, 1),
    /** Log entries the passes read in all (each pass reads what it compacts, or the whole log before it). */
    entriesRead: results.reduce((n, r) => n + r.entriesBefore, 0),
    /** How many passes delayed the event loop more than 5 ms at least once, and idle stretches. */
    passesOver5Ms: loopLongest.filter((ms) => ms > 5).length,
    idleOver5Ms: idleLongest.filter((ms) => ms > 5).length,
    updatesAtEnd: entries.length,
    logBytesAtEnd: entries.reduce((n, e) => n + e.bytes.length, 0),
  };
}

/** Server load time of a board from its log alone vs from a snapshot (median of 7). */
export async function loadTimes(shapes: number) {
  const store = openSqliteStore(path.join(tempDir('load'), 'db.sqlite'));
  await store.createBoard({ id: BOARD, title: 'Load', prompt: '', createdAt: 0 }, new Uint8Array([0, 0]), {
    candidate: null,
    reviewer: null,
  });
  const source = createBoardDoc();
  const updates: Uint8Array[] = [];
  source.on('update', (u: Uint8Array) => updates.push(u));
  const kv = tldrawRecords(source);
  for (let i = 0; i < shapes; i++) kv.set(`shape:s${i}`, shape(i, i, i) as never); // one update per shape
  await store.appendUpdates(updates.map((bytes) => ({ docId: BOARD, bytes })));
  const time = async () => {
    const runs: number[] = [];
    for (let r = 0; r < 7; r++) {
      const started = performance.now();
      const stored = await store.loadDoc(BOARD);
      const doc = createBoardDoc();
      doc.transact(() => {
        if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot.bytes);
        for (const u of stored.updates) Y.applyUpdate(doc, u.bytes);
      });
      runs.push(performance.now() - started);
      doc.destroy();
    }
    return round(percentile(runs, 50), 1);
  };
  const fromLog = await time();
  const last = (await store.readLog(BOARD)).at(-1)!;
  await store.writeSnapshot(BOARD, { seq: last.seq, at: last.at, bytes: Y.encodeStateAsUpdate(source) });
  const fromSnapshot = await time();
  await store.close();
  return { shapes, logUpdates: updates.length, fromLogMs: fromLog, fromSnapshotMs: fromSnapshot };
}

/**
 * One poll of a review page following a live board whose log holds the scripted two hours, as the
 * server answers it with the store on its thread: reading the whole log and keeping what is at or
 * after a time (as `/log?since=` did) against reading after a log position (`/log?after=`), for a
 * poll that returns the last 10 entries (median of 15 each).
 */
export async function followPollTimes() {
  const log = [...scriptedHour(), ...scriptedHour().map((e) => ({ ...e, at: e.at + 3_600_000 }))];
  let clock = 0;
  const store = await openSqliteStoreOnThread(path.join(tempDir('follow'), 'db.sqlite'), () => clock);
  await store.createBoard({ id: BOARD, title: 'Follow', prompt: '', createdAt: 0 }, log[0]!.update, {
    candidate: null,
    reviewer: null,
  });
  for (let i = 1; i < log.length; i += 500) {
    const batch = log.slice(i, i + 500);
    clock = batch[0]!.at;
    await store.appendUpdates(batch.map((e) => ({ docId: BOARD, bytes: e.update })));
  }
  const all = await store.readLog(BOARD);
  const held = all.at(-11)!;
  const time = async (poll: () => Promise<unknown[]>) => {
    const runs: number[] = [];
    for (let r = 0; r < 15; r++) {
      const started = performance.now();
      const got = await poll();
      runs.push(performance.now() - started);
      if (got.length < 10) throw new Error(`a poll returned ${got.length} entries`);
    }
    return round(percentile(runs, 50), 2);
  };
  const byTimeMs = await time(async () => (await store.readLog(BOARD)).filter((e) => e.at >= held.at));
  const byPositionMs = await time(() => store.readLogRange(BOARD, held.seq));
  await store.close();
  return { entries: all.length, byTimeMs, byPositionMs, ratio: round(byTimeMs / byPositionMs, 0) };
}

const TWO_PEOPLE = [
  { role: 'interviewer', name: 'Ines' },
  { role: 'candidate', name: 'Cai' },
] as const;

/** A two-hour log in a store on its thread, as the server keeps it (each entry appended, with its actor). */
async function twoHourStore(name: string) {
  const clock = { now: 0 };
  const store = await openSqliteStoreOnThread(path.join(tempDir(name), 'db.sqlite'), () => clock.now);
  await writeTwoHours(store, clock, name);
  return store;
}

/** Writes the scripted two hours into `store` as the server would, its clock set to each batch's time. */
async function writeTwoHours(store: BoardStore, clock: { now: number }, title: string): Promise<number> {
  const log = [...scriptedHour(), ...scriptedHour().map((e) => ({ ...e, at: e.at + 3_600_000 }))];
  await store.createBoard({ id: BOARD, title, prompt: '', createdAt: 0 }, log[0]!.update, {
    candidate: null,
    reviewer: null,
  });
  for (let i = 1; i < log.length; i += 500) {
    const batch = log.slice(i, i + 500);
    clock.now = batch[0]!.at;
    await store.appendUpdates(
      batch.map((e, j) => ({ docId: BOARD, bytes: e.update, actor: TWO_PEOPLE[(i + j) % 2], step: 1 })),
    );
  }
  return log.length;
}

/** How long `run` takes, and the event loop's longest gap meanwhile (a 1 ms timer). */
async function timedWithStall(run: () => Promise<Uint8Array>) {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  await new Promise((resolve) => setTimeout(resolve, 20));
  worst = 0;
  const started = performance.now();
  const bytes = await run();
  const ms = performance.now() - started;
  clearInterval(timer);
  return { ms, gapMs: Math.max(worst, performance.now() - last), bytes: bytes.length };
}

/** Two ways of doing one thing, alternating, 7 runs each: medians of their times and stalls. */
async function onLoopAgainstOffLoop(onLoop: () => Promise<Uint8Array>, offLoop: () => Promise<Uint8Array>) {
  const before: Array<Awaited<ReturnType<typeof timedWithStall>>> = [];
  const after: typeof before = [];
  for (let r = 0; r < 7; r++) {
    before.push(await timedWithStall(onLoop));
    after.push(await timedWithStall(offLoop));
  }
  const med = (runs: typeof before, key: 'ms' | 'gapMs') =>
    round(
      percentile(
        runs.map((x) => x[key]),
        50,
      ),
      0,
    );
  return {
    megabytes: round(after[0]!.bytes / 1e6, 2),
    onLoopMs: med(before, 'ms'),
    onLoopStallMs: med(before, 'gapMs'),
    offLoopMs: med(after, 'ms'),
    offLoopStallMs: med(after, 'gapMs'),
  };
}

/**
 * What the review endpoints cost the event loop on a two-hour uncompacted log, with the store on its
 * thread, as the server did until 2026-12-04 (on the loop) and does now (off it), alternating,
 * median of 7; "stall" is the event loop's longest gap meanwhile, which every live room on the
 * instance waits out:
 * - `/log`, the whole log: the entries read on the store's thread and encoded on the event loop,
 *   against read and encoded there (`readEncodedLog`);
 * - `history?at=` (the middle of the log): the entries read as objects and the board rebuilt on the
 *   event loop, against the encoded log moved to the merge thread and rebuilt there;
 * - `summary.md`: the board rebuilt from storage and read on the event loop, against on the read
 *   thread (the export bundle and the dashboard read the same way).
 * The thread is the server's read thread: the merge program at the usual priority.
 */
export async function reviewReadCosts() {
  const store = await twoHourStore('review-reads');
  const all = await store.readLog(BOARD);
  const middle = all[Math.floor(all.length / 2)]!.at;
  const entriesOf = async () =>
    (await store.readLog(BOARD)).map((u) => ({ at: u.at, step: u.step, actor: u.actor, update: u.bytes }));
  const thread = new MergeThread({ lowPriority: false });
  await thread.warm();
  try {
    const wholeLog = await onLoopAgainstOffLoop(
      async () => encodeLog(await entriesOf()),
      async () => (await store.readEncodedLog(BOARD)).bytes,
    );
    const history = await onLoopAgainstOffLoop(
      async () => updateAt(await entriesOf(), middle),
      async () => thread.rebuildAt((await store.readEncodedLog(BOARD)).bytes, middle),
    );
    // The Markdown summary, as a reviewer reads it: the board rebuilt and read on the event loop,
    // against rebuilt and read on the merge thread (server/boardReads.ts). First from the log as it
    // is (no snapshot: the worst case), then with a snapshot of the whole board, as the server keeps
    // one every 500 updates.
    const meta: BoardMeta = {
      id: BOARD,
      title: 'Two hours',
      prompt: '',
      status: 'ended',
      createdAt: 0,
      updatedAt: 0,
      endedAt: all.at(-1)!.at,
      candidateName: null,
      questionId: null,
      questionTitle: null,
    };
    const summaryOnLoop = async () => {
      const doc = createBoardDoc();
      applyStored(doc, await store.loadDoc(BOARD), () => {});
      const text = renderSummary(meta, doc, { now: middle, notes: null });
      doc.destroy();
      return new TextEncoder().encode(text);
    };
    const summaryOffLoop = async () => {
      const read = await thread.readBoard(await store.loadDoc(BOARD), {
        summary: { board: meta, now: middle, notes: null },
      });
      return new TextEncoder().encode(read.summary);
    };
    const summary = await onLoopAgainstOffLoop(summaryOnLoop, summaryOffLoop);
    const whole = createBoardDoc();
    const last = all.at(-1)!;
    for (const u of all) Y.applyUpdate(whole, u.bytes);
    await store.writeSnapshot(BOARD, { seq: last.seq, at: last.at, bytes: Y.encodeStateAsUpdate(whole) });
    const summarySnapshot = await onLoopAgainstOffLoop(summaryOnLoop, summaryOffLoop);
    // A large board, as a candidate could make one: 20,000 shapes with 500 bytes of text each, in
    // a snapshot of ~12 MB (a document may grow to 64 MiB).
    const before = Y.encodeStateVector(whole);
    whole.transact(() => {
      for (let i = 0; i < 20_000; i++) {
        tldrawRecords(whole).set(`shape:large${i}`, {
          id: `shape:large${i}`,
          typeName: 'shape',
          type: 'text',
          x: i,
          y: i,
          props: { text: `${i} `.padEnd(500, 'lorem ipsum ') },
        } as never);
      }
    });
    const [added] = await store.appendUpdates([
      { docId: BOARD, bytes: Y.encodeStateAsUpdate(whole, before) },
    ]);
    const large = Y.encodeStateAsUpdate(whole);
    await store.writeSnapshot(BOARD, { ...added!, bytes: large });
    whole.destroy();
    const summaryLarge = await onLoopAgainstOffLoop(summaryOnLoop, summaryOffLoop);
    return [
      { read: '/log (whole log)', entries: all.length, ...wholeLog },
      { read: 'history?at= (middle)', entries: all.length, ...history },
      { read: 'summary.md (no snapshot)', entries: all.length, ...summary },
      { read: 'summary.md (from a snapshot)', entries: all.length, ...summarySnapshot },
      {
        read: 'summary.md (20,000 more shapes)',
        entries: all.length + 1,
        ...summaryLarge,
        megabytes: round(large.length / 1e6, 1),
      },
    ];
  } finally {
    await thread.close();
    await store.close();
  }
}

/**
 * `/log` of a two-hour uncompacted log on PostgreSQL (several instances): node-postgres parses
 * results on the event loop and the log is encoded there. Read in one query and encoded whole (as
 * until 2026-12-04) against read through a cursor 1,000 rows a FETCH and encoded page by page
 * (`readEncodedLog`), alternating, median of 7; "stall" is the event loop's longest gap meanwhile.
 */
export async function postgresLogReads() {
  const cluster = await createCluster();
  try {
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('CREATE DATABASE bench');
    await admin.end();
    const clock = { now: 0 };
    const store = await openPostgresStore(cluster.url('bench'), { now: () => clock.now });
    try {
      const entries = await writeTwoHours(store, clock, 'pg');
      const costs = await onLoopAgainstOffLoop(
        async () => encodeStoredLog(await store.readLogRange(BOARD, 0)).bytes,
        async () => (await store.readEncodedLog(BOARD)).bytes,
      );
      return {
        entries,
        megabytes: costs.megabytes,
        wholeMs: costs.onLoopMs,
        wholeStallMs: costs.onLoopStallMs,
        pagedMs: costs.offLoopMs,
        pagedStallMs: costs.offLoopStallMs,
      };
    } finally {
      await store.close();
    }
  } finally {
    await cluster.stop();
  }
}

/** Rebuilding a long log at arbitrary moments. */
export function replayTimes() {
  const log = [...scriptedHour(), ...scriptedHour().map((e) => ({ ...e, at: e.at + 3_600_000 }))];
  const started = performance.now();
  const engine = new ReplayEngine(log);
  const buildMs = performance.now() - started;
  const jumps: number[] = [];
  for (let i = 0; i < 60; i++) {
    const index = Math.floor((((i * 7_919) % 60) / 60) * log.length);
    const t0 = performance.now();
    engine.docAtIndex(index);
    jumps.push(performance.now() - t0);
  }
  const server: number[] = [];
  for (let i = 0; i < 15; i++) {
    const t0 = performance.now();
    updateAt(log, log[Math.floor((i / 15) * (log.length - 1))]!.at);
    server.push(performance.now() - t0);
  }
  return {
    updates: log.length,
    engineBuildMs: round(buildMs, 0),
    clientJumpP50Ms: round(percentile(jumps, 50), 1),
    clientJumpP99Ms: round(percentile(jumps, 99), 1),
    serverRebuildP50Ms: round(percentile(server, 50), 1),
  };
}
