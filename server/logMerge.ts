/**
 * The merge at the heart of log compaction (docs/architecture.md, "Storage"), as pure functions
 * of the log's entries, so that it can run on a thread of its own (mergeWorker.ts): a run is up to
 * a second of updates applied in one Yjs transaction, 5-14 ms of work that no room should wait
 * for. Also the merged runs as one buffer, the form in which they cross back from that thread (the
 * entries cross as storage/appendBatch.ts writes them).
 *
 * A run is merged by applying it to a document in one Yjs transaction: the update Yjs emits for
 * that transaction holds the structs the run created (already garbage-collected when the run
 * also deleted them) and only the run's own deletions.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { createBoardDoc, frameworkEvents } from '../lib/board/schema';
import type { LogRun, StoredUpdate } from './storage/BoardStore';
import { decodeItems, encodeItems } from './storage/appendBatch';

/** What one pass over part of a log produced. */
export interface MergedSlice {
  /** Runs of two or more entries, merged (single entries stay as they are). */
  runs: LogRun[];
  /** Bytes of the entries those runs replace. */
  replacedBytes: number;
  /** Index of the first entry not yet processed (everything before it was merged or kept). */
  next: number;
  /** True when an entry did not apply cleanly: stop here, leave the rest as it is. */
  stopped: boolean;
}

/**
 * Merges runs of `entries` starting at `start` until at least `maxEntries` were consumed. `doc`
 * must hold exactly the state before `entries[start]`; it is advanced past every processed run.
 * A run holds entries less than `windowMs` after its first one, all of one actor and one step,
 * and ends right after an entry that changed the framework's events (step changes, clock
 * start/pause).
 */
export function mergeRuns(
  doc: Y.Doc,
  entries: readonly StoredUpdate[],
  start: number,
  maxEntries: number,
  windowMs: number,
): MergedSlice {
  const runs: LogRun[] = [];
  let replacedBytes = 0;
  let i = start;
  while (i < entries.length && i - start < maxEntries) {
    const first = i;
    const runStart = entries[first]!.at;
    const emitted: Uint8Array[] = [];
    const onUpdate = (u: Uint8Array) => emitted.push(u);
    doc.on('update', onUpdate);
    let failed = false;
    try {
      doc.transact(() => {
        const events = frameworkEvents(doc).length;
        while (
          i < entries.length &&
          entries[i]!.at - runStart < windowMs &&
          sameActor(entries[i]!, entries[first]!) &&
          entries[i]!.step === entries[first]!.step
        ) {
          Y.applyUpdate(doc, entries[i]!.bytes);
          i++;
          if (frameworkEvents(doc).length !== events) break;
        }
      });
    } catch {
      failed = true;
    } finally {
      doc.off('update', onUpdate);
    }
    // An entry that threw, or one waiting for something the log does not hold: merging past it
    // could lose content, so this run and everything after it stay as they are.
    if (failed || doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
      return { runs, replacedBytes, next: first, stopped: true };
    }
    const last = entries[i - 1]!;
    const count = i - first;
    if (count > 1 && emitted.length > 0) {
      for (let k = first; k < i; k++) replacedBytes += entries[k]!.bytes.length;
      runs.push({
        firstSeq: entries[first]!.seq,
        lastSeq: last.seq,
        count,
        at: last.at,
        bytes: emitted.length === 1 ? emitted[0]! : Y.mergeUpdates(emitted),
        actor: last.actor,
        step: last.step,
      });
    }
  }
  return { runs, replacedBytes, next: i, stopped: false };
}

function sameActor(a: StoredUpdate, b: StoredUpdate): boolean {
  return a.actor?.role === b.actor?.role && a.actor?.name === b.actor?.name;
}

/** Where a merge of a log starts, and whether to hand back the state it ends with. */
export interface MergeStart {
  /**
   * The document's state just before `entries[0]` (a previous merge's `state`); without it the
   * entries start from an empty document.
   */
  base?: Uint8Array;
  /** Hand back the state after the last entry processed (when nothing stopped the merge). */
  keepState?: boolean;
}

/** What merging a log produced, and the state it ended with when asked. */
export interface MergedLog extends MergedSlice {
  state?: Uint8Array;
}

/**
 * Merges the runs of `entries` from `from` to the end: the state before `entries[from]` is
 * `start.base` (if any) and the entries before `from`, then runs are merged until the end or an
 * entry that does not apply (`stopped`).
 */
export function mergeLog(
  entries: readonly StoredUpdate[],
  from: number,
  windowMs: number,
  start: MergeStart = {},
): MergedLog {
  const doc = createBoardDoc();
  try {
    doc.transact(() => {
      if (start.base) Y.applyUpdate(doc, start.base);
      for (let i = 0; i < from; i++) Y.applyUpdate(doc, entries[i]!.bytes);
    });
    const merged: MergedLog = mergeRuns(doc, entries, from, Infinity, windowMs);
    if (start.keepState && !merged.stopped) merged.state = Y.encodeStateAsUpdate(doc);
    return merged;
  } finally {
    doc.destroy();
  }
}

/** Merged runs as one buffer. */
export function packRuns(runs: readonly LogRun[]): Uint8Array {
  return encodeItems(runs, (e, r) => {
    encoding.writeFloat64(e, r.firstSeq);
    encoding.writeFloat64(e, r.lastSeq);
    encoding.writeVarUint(e, r.count);
    encoding.writeFloat64(e, r.at);
  });
}

/**
 * The runs `packRuns` wrote, each with bytes of its own: they go on to the store, and a view into
 * `buffer` would carry all of it into every call to a store on another thread.
 */
export function unpackRuns(buffer: Uint8Array): LogRun[] {
  const runs = decodeItems(buffer, (d) => ({
    firstSeq: decoding.readFloat64(d),
    lastSeq: decoding.readFloat64(d),
    count: decoding.readVarUint(d),
    at: decoding.readFloat64(d),
  }));
  for (const r of runs) r.bytes = r.bytes.slice();
  return runs;
}
