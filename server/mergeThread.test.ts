/**
 * The compactor's merge thread: it merges exactly what the same merge in this thread gives, the
 * entries and runs crossing as one buffer each, and a thread that stops refuses what it had.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createBoardDoc, tldrawRecords } from '../lib/board/schema';
import { setStep } from '../lib/board/framework';
import type { StoredUpdate } from './storage/BoardStore';
import { mergeLog, packRuns, unpackRuns } from './logMerge';
import { decodeEntries, encodeEntries } from './storage/appendBatch';
import { MergeThread } from './mergeThread';
import { encodeLog } from '../lib/history';
import { updateAt } from '../lib/board/replay';
import { readFrameworkEvents } from '../lib/board/framework';
import { readNotes, setNote } from '../lib/board/notes';
import { renderSummary } from '../lib/summary';
import { readTldrawRecords } from '../lib/board/schema';
import type { BoardMeta } from '../lib/api';
import { readStoredBoard } from './boardReads';

/** Two people's drags at 60 fps, pauses between them, a step change: entries as the store keeps them. */
function entries(): StoredUpdate[] {
  const doc = createBoardDoc();
  const out: StoredUpdate[] = [];
  let at = 50_000;
  let actor: StoredUpdate['actor'] = null;
  let step: number | null = null;
  doc.on('update', (bytes: Uint8Array) => out.push({ seq: out.length * 2 + 1, at, bytes, actor, step }));
  for (let s = 0; s < 8; s++) {
    actor = s % 2 === 0 ? { role: 'candidate', name: 'Ada' } : { role: 'interviewer', name: 'Grace' };
    for (let x = 0; x < 30; x++) {
      at += 16;
      tldrawRecords(doc).set(`shape:${s}`, { id: `shape:${s}`, typeName: 'shape', x } as never);
    }
    if (s === 3) {
      step = 0;
      setStep(doc, 1, { id: 'i', name: 'Grace' }, at);
    }
    at += 2_500;
  }
  return out;
}

/** The nice value of each of this process's threads (Linux). */
function niceValues(): number[] {
  return fs.readdirSync('/proc/self/task').map((tid) => {
    const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis: state is field 3, nice field 19.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
  });
}

describe('merge thread', () => {
  it('merges on its thread what the same merge gives here', async () => {
    const log = entries();
    const from = 40; // the first 40 entries were compacted before: they only give the state
    const here = mergeLog(log, from, 1_000);
    expect(here.runs.length).toBeGreaterThan(4);

    const thread = new MergeThread();
    try {
      await thread.warm(); // resolves once the thread has loaded its program
      const job = thread.open();
      job.add(log.slice(0, 100)); // as the compactor reads it, a page at a time
      job.add(log.slice(100));
      const there = await job.merge(from, 1_000);
      expect(there).toEqual(here);
      // On Linux it runs at the lowest priority: the cores go to the event loop first.
      if (process.platform === 'linux') expect(niceValues()).toContain(19);
    } finally {
      await thread.close();
    }
  });

  it('rebuilds a board at any moment of a whole log as the same rebuild here does, and refuses a log that does not decode', async () => {
    const log = entries();
    const wire = log.map((e) => ({ at: e.at, step: e.step, actor: e.actor, update: e.bytes }));
    const thread = new MergeThread({ lowPriority: false });
    try {
      for (const at of [0, log[0]!.at, log[120]!.at, log.at(-1)!.at + 1]) {
        const bytes = encodeLog(wire); // moved to the thread by each call
        const there = await thread.rebuildAt(bytes, at);
        expect(bytes.byteLength).toBe(0); // handed over, not copied
        expect(Buffer.from(there).equals(Buffer.from(updateAt(wire, at)))).toBe(true);
      }
      await expect(thread.rebuildAt(Uint8Array.of(9, 9, 9), 1)).rejects.toThrow(/log format/);
      // The thread goes on after a refusal.
      expect((await thread.rebuildAt(encodeLog(wire), 0)).length).toBeGreaterThan(0);
    } finally {
      await thread.close();
    }
  });

  it('reads a summary, records and events from a stored document as this thread does, with the entries that did not apply', async () => {
    const log = entries();
    const board = createBoardDoc();
    for (const e of log) Y.applyUpdate(board, e.bytes);
    const notesDoc = createBoardDoc();
    setNote(notesDoc, 'overall', 'Strong on estimates');
    const meta: BoardMeta = {
      id: 'b1',
      title: 'Design a chat',
      prompt: '',
      status: 'live',
      createdAt: 0,
      updatedAt: 0,
      endedAt: null,
      candidateName: 'Ada',
      questionId: null,
      questionTitle: null,
    };
    // A snapshot of the first half, the rest as entries, one of which is not an update.
    const half = Math.floor(log.length / 2);
    const first = createBoardDoc();
    for (const e of log.slice(0, half)) Y.applyUpdate(first, e.bytes);
    const broken = { ...log[half]!, seq: 999_999, bytes: Uint8Array.of(1, 2, 3) };
    const stored = {
      snapshot: { seq: log[half - 1]!.seq, at: log[half - 1]!.at, bytes: Y.encodeStateAsUpdate(first) },
      updates: [...log.slice(half, half + 3), broken, ...log.slice(half + 3)],
    };
    const notes = { snapshot: null, updates: [{ ...log[0]!, bytes: Y.encodeStateAsUpdate(notesDoc) }] };
    const now = log.at(-1)!.at + 60_000;
    const request = { summary: { board: meta, now, notes }, records: true, events: true };
    const lowBefore = process.platform === 'linux' ? niceValues().filter((n) => n === 19).length : 0;
    const threadsBefore = process.platform === 'linux' ? niceValues().length : 0;
    const thread = new MergeThread({ lowPriority: false });
    try {
      await thread.warm();
      if (process.platform === 'linux') {
        // Someone waits for a read: its thread keeps the usual priority (at nice 19 a busy machine
        // starved it for tens of seconds).
        expect(niceValues().length).toBeGreaterThan(threadsBefore);
        expect(niceValues().filter((n) => n === 19).length).toBe(lowBefore);
      }
      const there = await thread.readBoard(stored, request);
      expect(there).toEqual(readStoredBoard(stored, request));
      expect(there).toEqual({
        summary: renderSummary(meta, board, { now, notes: readNotes(notesDoc) }),
        records: readTldrawRecords(board),
        schema: null,
        events: readFrameworkEvents(board),
        badEntries: [{ doc: 'board', seq: 999_999, err: expect.any(String) }],
      });
      expect(there.summary).toContain('Strong on estimates');
      // Copied, not moved: the stored document is still the caller's.
      expect(stored.snapshot.bytes.byteLength).toBeGreaterThan(0);
      // Without the notes, the summary has none.
      const reviewer = await thread.readBoard(stored, { summary: { board: meta, now, notes: null } });
      expect(reviewer.summary).not.toContain('Strong on estimates');
      expect(reviewer.records).toBeUndefined();
    } finally {
      await thread.close();
    }
  });

  it('packs entries and runs into one buffer and back, actors and steps included', () => {
    const log = entries();
    expect(decodeEntries(encodeEntries(log))).toEqual(log);
    const { runs } = mergeLog(log, 0, 1_000);
    expect(runs.some((r) => r.actor === null) || runs.some((r) => r.step === null)).toBe(true);
    const back = unpackRuns(packRuns(runs));
    expect(back).toEqual(runs);
    // Each run's bytes are its own, not a view into the shared buffer (they go on to the store).
    expect(back.every((r) => r.bytes.byteLength === r.bytes.buffer.byteLength)).toBe(true);
  });

  it('refuses the merges it had when it stops; the next job starts a new thread', async () => {
    const log = entries();
    const thread = new MergeThread();
    try {
      const job = thread.open();
      job.add(log);
      const merging = job.merge(0, 1_000);
      await thread.close();
      await expect(merging).rejects.toThrow(/merge thread stopped/);

      // A job whose first entries went to the stopped thread is refused, not merged from half a log.
      const orphan = thread.open();
      orphan.add(log.slice(0, 50));
      await thread.close();
      orphan.add(log.slice(50));
      await expect(orphan.merge(60, 1_000)).rejects.toThrow(/lost/);

      const next = thread.open();
      next.add(log);
      const merged = await next.merge(0, 1_000);
      const a = createBoardDoc();
      const b = createBoardDoc();
      for (const e of log) Y.applyUpdate(a, e.bytes);
      for (const e of log) {
        const run = merged.runs.find((r) => e.seq >= r.firstSeq && e.seq <= r.lastSeq);
        if (!run) Y.applyUpdate(b, e.bytes);
        else if (e.seq === run.lastSeq) Y.applyUpdate(b, run.bytes);
      }
      expect(Y.encodeStateAsUpdate(b)).toEqual(Y.encodeStateAsUpdate(a));
    } finally {
      await thread.close();
    }
  });
});
