/**
 * Log compaction. The log is the board's history, so compaction may only merge updates less
 * than a second apart (docs/architecture.md, "Storage"): a run of such updates becomes one update carrying the
 * run's net effect. Everything a run overwrote (a shape dragged 30 times in half a second keeps
 * only its last position) is dropped, which is where the space goes: a scripted hour shrinks
 * about 20x (docs/benchmarks.md). Replay keeps one-second resolution, a run never spans a
 * step change or a clock start/pause, so step markers stay exactly where they were, and a run
 * holds one actor's entries only, so who did what is never blurred.
 *
 * A run is merged by applying it to a document in one Yjs transaction: the update Yjs emits for
 * that transaction holds the structs the run created (already garbage-collected when the run
 * also deleted them) and only the run's own deletions.
 */
import { setImmediate as nextTick } from 'node:timers/promises';
import * as Y from 'yjs';
import { createBoardDoc, frameworkEvents } from '../lib/board/schema';
import type { BoardStore, LogRun, StoredUpdate } from './storage/BoardStore';
import { log } from './log';

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

/**
 * Work time after which the compactor yields: with one step after it (20 entries merged, 25
 * applied, a page read or a few runs written, each well under 2 ms), a stretch stays under the
 * 5 ms a live room may be held (docs/architecture.md, "Storage").
 */
const SLICE_MS = 2;

/** Log entries read per query, and merged runs written per transaction (a few ms each). */
const READ_PAGE = 200;
const WRITE_RUNS = 4;

/** What compacting one document did. */
export interface CompactionResult {
  docId: string;
  entriesBefore: number;
  entriesAfter: number;
  bytesBefore: number;
  bytesAfter: number;
  ms: number;
  /**
   * Longest time the compactor held the event loop without yielding: its own work, and a store
   * call's synchronous part (all of it for a store in this thread), not the wait for an answer.
   */
  longestStallMs: number;
  /** When that stretch began (`performance.now()`), to tell it apart from a garbage collection pause. */
  longestStallStart: number;
}

/** Options of the compactor. */
export interface CompactorOptions {
  /** Longest span of a merged run, at most 1,000 ms; 0 turns compaction off. */
  windowMs: number;
  /** Most entries merged in one step (a step is never split by a yield). */
  sliceEntries?: number;
  /** Work time after which the compactor yields to the event loop, so live rooms stay responsive. */
  sliceMs?: number;
}

/** What part of a log one compaction may touch. */
export interface CompactOptions {
  /**
   * Only entries stored before this server time are compacted; later ones stay as they are. A live
   * room's log is compacted this way, some minutes behind (docs/architecture.md, "Storage").
   */
  before?: number;
}

/** Measures how long work runs between yields, and yields once a slice is used up. */
class Slicer {
  private sliceStart = performance.now();
  longest = 0;
  longestStart = 0;

  constructor(private readonly sliceMs: number) {}

  /** Ends the current stretch of synchronous work (call right after it). */
  mark(): void {
    const ms = performance.now() - this.sliceStart;
    if (ms <= this.longest) return;
    this.longest = ms;
    this.longestStart = this.sliceStart;
  }

  /**
   * Runs a store call after a yield: what the call does synchronously (all of it, for a store in
   * this thread) ends the current stretch; while it is awaited the event loop is free (a store on
   * its own thread or a database server), so the next stretch starts when it resolves.
   */
  async io<T>(call: () => Promise<T>): Promise<T> {
    await this.maybeYield(true);
    const pending = call();
    this.mark();
    const value = await pending;
    this.sliceStart = performance.now();
    return value;
  }

  /** Yields to the event loop when the slice is used up; `force` yields regardless. */
  async maybeYield(force = false): Promise<void> {
    this.mark();
    if (!force && performance.now() - this.sliceStart < this.sliceMs) return;
    await nextTick();
    this.sliceStart = performance.now();
  }
}

/** Compacts documents' logs in the background (the server runs it when a room unloads). */
export class LogCompactor {
  private readonly running = new Map<string, Promise<CompactionResult | null>>();
  private stopped = false;

  constructor(
    private readonly store: BoardStore,
    private readonly opts: CompactorOptions,
  ) {
    if (opts.windowMs < 0 || opts.windowMs > 1_000) {
      throw new Error(`the compaction window must be 0-1000 ms, got ${opts.windowMs}`);
    }
  }

  /**
   * Compacts what is new in a document's log since its last compaction (with `before`, only what
   * was stored before that time). Resolves to null when compaction is off, already running for
   * this document, stopped, or nothing changed.
   */
  compact(docId: string, opts: CompactOptions = {}): Promise<CompactionResult | null> {
    if (this.opts.windowMs === 0 || this.stopped) return Promise.resolve(null);
    const busy = this.running.get(docId);
    if (busy) return busy.then(() => null);
    const job = this.run(docId, opts.before ?? Infinity)
      .catch((err: unknown) => {
        log.error('log compaction failed', { doc: docId, err: String(err) });
        return null;
      })
      .finally(() => this.running.delete(docId));
    this.running.set(docId, job);
    return job;
  }

  /** Stops starting new work and waits for what runs (shutdown, before the store closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.running.values());
  }

  /** One page of the log after `afterSeq`, read between two yields. */
  private readPage(docId: string, afterSeq: number, slicer: Slicer): Promise<StoredUpdate[]> {
    return slicer.io(() => this.store.readLogRange(docId, afterSeq, undefined, READ_PAGE));
  }

  private async run(docId: string, before: number): Promise<CompactionResult | null> {
    const started = performance.now();
    const slicer = new Slicer(this.opts.sliceMs ?? SLICE_MS);
    const cursor = await slicer.io(() => this.store.compactedThrough(docId));
    // Most passes over a live board find little or nothing new: look at one entry first.
    const [first] = await slicer.io(() => this.store.readLogRange(docId, cursor, undefined, 1));
    if (!first || first.at >= before) return null;
    const all: StoredUpdate[] = [];
    for (let page = await this.readPage(docId, 0, slicer); page.length > 0;) {
      all.push(...page);
      page = await this.readPage(docId, page.at(-1)!.seq, slicer);
    }
    const end = all.findIndex((e) => e.at >= before);
    const entries = end === -1 ? all : all.slice(0, end);
    const from = entries.findIndex((e) => e.seq > cursor);
    if (from === -1) return null;
    const doc = createBoardDoc();
    try {
      // The state before the first new entry, rebuilt a slice at a time.
      for (let i = 0; i < from;) {
        doc.transact(() => {
          const stop = Math.min(from, i + 25);
          for (; i < stop; i++) Y.applyUpdate(doc, entries[i]!.bytes);
        });
        await slicer.maybeYield();
        if (this.stopped) return null;
      }
      const sliceEntries = this.opts.sliceEntries ?? 20;
      const runs: LogRun[] = [];
      let replacedBytes = 0;
      let next = from;
      while (next < entries.length) {
        if (this.stopped) return null;
        const part = mergeRuns(doc, entries, next, sliceEntries, this.opts.windowMs);
        runs.push(...part.runs);
        replacedBytes += part.replacedBytes;
        next = part.next;
        if (part.stopped) {
          log.error('log compaction stopped at an entry that does not apply', {
            doc: docId,
            seq: entries[next]?.seq,
          });
          break;
        }
        await slicer.maybeYield();
      }
      if (this.stopped || next === from) return null;
      // The cursor moves past everything processed, merged or kept as it was; a few runs per
      // transaction, so no write holds the event loop for long.
      const through = entries[next - 1]!.seq;
      for (let i = 0; i === 0 || i < runs.length; i += WRITE_RUNS) {
        const batch = runs.slice(i, i + WRITE_RUNS);
        const last = i + WRITE_RUNS >= runs.length;
        const stored = await slicer.io(() =>
          this.store.compactLog(docId, batch, last ? through : batch.at(-1)!.lastSeq),
        );
        if (!stored) return null;
      }
      const bytesBefore = all.reduce((n, e) => n + e.bytes.length, 0);
      const replaced = runs.reduce((n, r) => n + r.count, 0);
      return {
        docId,
        entriesBefore: all.length,
        entriesAfter: all.length - replaced + runs.length,
        bytesBefore,
        bytesAfter: bytesBefore - replacedBytes + runs.reduce((n, r) => n + r.bytes.length, 0),
        ms: Math.round(performance.now() - started),
        longestStallMs: Math.round(slicer.longest * 10) / 10,
        longestStallStart: slicer.longestStart,
      };
    } finally {
      doc.destroy();
    }
  }
}
