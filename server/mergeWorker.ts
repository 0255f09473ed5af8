/**
 * The thread that merges log runs for the compactor (mergeThread.ts starts it; docs/architecture.md,
 * "Storage"). It collects each job's entries as they are read, merges them when asked, and
 * answers with the runs; one job at a time runs to its end, which is what the thread is for. It
 * also rebuilds a board at a moment from a whole log (`history?at=`), and reads summaries, records
 * and events from stored documents (boardReads.ts), off the event loop.
 */
import fs from 'node:fs';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { StoredUpdate } from './storage/BoardStore';
import { mergeLog, packRuns } from './logMerge';
import { decodeEntries } from './storage/appendBatch';
import type { MergeCall, MergeReply } from './mergeThread';
import { decodeLog } from '../lib/history';
import { updateAt } from '../lib/board/replay';
import { readStoredBoard } from './boardReads';

const port = parentPort!;

// On Linux a thread has its own nice value: the compactor's thread yields the cores to the event
// loop's work (the thread that answers reads someone waits for keeps the usual priority).
if ((workerData as { lowPriority?: boolean } | null)?.lowPriority !== false) {
  try {
    const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').at(-1));
    if (tid > 0) os.setPriority(tid, 19);
  } catch {
    // elsewhere it runs at the process's priority
  }
}

/** Each job's entries as they came, until it is merged or dropped. */
const jobs = new Map<number, StoredUpdate[]>();

/** Answers that a call failed, with why. */
function refuse(job: number, err: unknown): void {
  port.postMessage({
    job,
    ok: false,
    message: err instanceof Error ? err.message : String(err),
  } satisfies MergeReply);
}

port.on('message', (call: MergeCall) => {
  if (call.type === 'add') {
    const entries = jobs.get(call.job) ?? [];
    for (const e of decodeEntries(call.entries)) entries.push(e);
    jobs.set(call.job, entries);
    return;
  }
  if (call.type === 'drop') {
    jobs.delete(call.job);
    return;
  }
  if (call.type === 'rebuild') {
    try {
      const rebuilt = updateAt(decodeLog(call.log), call.at);
      port.postMessage({ job: call.job, ok: true, rebuilt } satisfies MergeReply, [
        rebuilt.buffer as ArrayBuffer,
      ]);
    } catch (err) {
      refuse(call.job, err);
    }
    return;
  }
  if (call.type === 'read') {
    try {
      const read = readStoredBoard(call.stored, call.request);
      port.postMessage({ job: call.job, ok: true, read } satisfies MergeReply);
    } catch (err) {
      refuse(call.job, err);
    }
    return;
  }
  const entries = jobs.get(call.job) ?? [];
  jobs.delete(call.job);
  try {
    // A thread started after a predecessor died has not seen the job's first entries.
    if (entries.length !== call.count) throw new Error('entries of this merge were lost');
    const merged = mergeLog(entries, call.from, call.windowMs, {
      base: call.base,
      keepState: call.keepState,
    });
    const runs = packRuns(merged.runs);
    const reply: MergeReply = {
      job: call.job,
      ok: true,
      runs,
      replacedBytes: merged.replacedBytes,
      next: merged.next,
      stopped: merged.stopped,
      state: merged.state,
    };
    const moved = [runs.buffer as ArrayBuffer];
    if (merged.state) moved.push(merged.state.buffer as ArrayBuffer);
    port.postMessage(reply, moved);
  } catch (err) {
    refuse(call.job, err);
  }
});

// The first message: the program is loaded (the server waits for it as it starts).
port.postMessage('ready');
