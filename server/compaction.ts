/**
 * Log compaction. The log is the board's history, so compaction may only merge updates less
 * than a second apart (docs/architecture.md, "Storage"): a run of such updates becomes one update carrying the
 * run's net effect. Everything a run overwrote (a shape dragged 30 times in half a second keeps
 * only its last position) is dropped, which is where the space goes: a scripted hour shrinks
 * about 20x (docs/benchmarks.md). Replay keeps one-second resolution, a run never spans a
 * step change or a clock start/pause, so step markers stay exactly where they were, and a run
 * holds one actor's entries only, so who did what is never blurred.
 *
 * The merge itself (logMerge.ts) runs on a thread of its own (mergeThread.ts); here the log is
 * read and the runs written, in short stretches between yields to the event loop.
 */
import { setImmediate as nextTick } from 'node:timers/promises';
import type { BoardStore, StoredUpdate } from './storage/BoardStore';
import { log } from './log';
import { MergeThread, type MergeJob } from './mergeThread';

/**
 * Work time after which the compactor yields: with one step after it (a page read and handed to
 * the merge thread, or a few runs written, each well under 2 ms), a stretch stays under the 5 ms a
 * live room may be held (docs/architecture.md, "Storage").
 */
const SLICE_MS = 2;

/** Log entries read per query, and merged runs written per transaction (a few ms each). */
const READ_PAGE = 200;
const WRITE_RUNS = 4;

/**
 * Bytes of live boards' states kept between passes (docs/architecture.md, "Storage"): an hour of
 * busy drawing is ~60 KB, so this holds some hundreds of boards; the rest are read in full.
 */
const KEPT_STATE_BYTES = 32 * 1024 * 1024;

/** Live boards' states between compaction passes, the least recently used dropped first. */
class KeptStates {
  private readonly states = new Map<string, { through: number; state: Uint8Array }>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** Takes a document's state out (the caller puts back a newer one, or none). */
  take(docId: string): { through: number; state: Uint8Array } | undefined {
    const kept = this.states.get(docId);
    if (!kept) return undefined;
    this.states.delete(docId);
    this.bytes -= kept.state.byteLength;
    return kept;
  }

  /** Keeps a document's state as of log position `through`. */
  put(docId: string, kept: { through: number; state: Uint8Array }): void {
    this.take(docId);
    if (kept.state.byteLength > this.maxBytes) return;
    this.states.set(docId, kept);
    this.bytes += kept.state.byteLength;
    for (const [id, old] of this.states) {
      if (this.bytes <= this.maxBytes) break;
      this.states.delete(id);
      this.bytes -= old.state.byteLength;
    }
  }
}

/** What compacting one document did. */
export interface CompactionResult {
  docId: string;
  /**
   * Entries of the part of the log it looked at: all of it or what was stored before `before`,
   * and only what is new since the last pass when that pass kept the board's state.
   */
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
  /**
   * Keeps the document's state for the next pass (default: with `before`, a live board's pass). A
   * board that is not open (the start-up sweep, a review read) would only push live boards' states
   * out of the bytes kept for them.
   */
  keepState?: boolean;
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
  private readonly thread = new MergeThread();
  private readonly states = new KeptStates(KEPT_STATE_BYTES);
  private readonly threadReady: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: BoardStore,
    private readonly opts: CompactorOptions,
  ) {
    if (opts.windowMs < 0 || opts.windowMs > 1_000) {
      throw new Error(`the compaction window must be 0-1000 ms, got ${opts.windowMs}`);
    }
    if (opts.windowMs > 0) this.threadReady = this.thread.warm();
  }

  /**
   * Resolves once the merge thread is ready (at once when compaction is off); rejects when it
   * cannot start. The server waits for it as it starts.
   */
  ready(): Promise<void> {
    return this.threadReady;
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
    const before = opts.before ?? Infinity;
    const job = this.run(docId, before, opts.keepState ?? before !== Infinity)
      .catch((err: unknown) => {
        if (!this.stopped) log.error('log compaction failed', { doc: docId, err: String(err) });
        return null;
      })
      .finally(() => this.running.delete(docId));
    this.running.set(docId, job);
    return job;
  }

  /**
   * Stops starting new work, and waits for what runs (shutdown, before the store closes): a merge
   * under way is abandoned, a write under way finishes.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.thread.close();
    await Promise.all(this.running.values());
  }

  private async run(docId: string, before: number, keepState: boolean): Promise<CompactionResult | null> {
    const started = performance.now();
    const slicer = new Slicer(this.opts.sliceMs ?? SLICE_MS);
    const cursor = await slicer.io(() => this.store.compactedThrough(docId));
    // Most passes over a live board find little or nothing new: look at one entry first.
    const [first] = await slicer.io(() => this.store.readLogRange(docId, cursor, undefined, 1));
    if (!first || first.at >= before) return null;
    // A live board's state where the last pass left it, if the log was not compacted since by
    // anyone else: then only what is new is read. Taken out now, put back only if this pass ends
    // well (the thread gets it, moved).
    const kept = this.states.take(docId);
    const base = kept?.through === cursor ? kept.state : undefined;
    const job = this.thread.open();
    try {
      const read = await this.readInto(job, docId, base ? cursor : 0, cursor, before, slicer);
      if (!read || this.stopped) return null;
      const { seqs, from, bytesBefore } = read;
      const merged = await slicer.io(() => job.merge(from, this.opts.windowMs, { base, keepState }));
      if (this.stopped) return null;
      const { runs, next } = merged;
      if (merged.stopped) {
        log.error('log compaction stopped at an entry that does not apply', { doc: docId, seq: seqs[next] });
      }
      if (next === from) return null;
      // The cursor moves past everything processed, merged or kept as it was; a few runs per
      // transaction, so no write holds the event loop for long.
      const through = seqs[next - 1]!;
      for (let i = 0; i === 0 || i < runs.length; i += WRITE_RUNS) {
        const batch = runs.slice(i, i + WRITE_RUNS);
        const last = i + WRITE_RUNS >= runs.length;
        const stored = await slicer.io(() =>
          this.store.compactLog(docId, batch, last ? through : batch.at(-1)!.lastSeq),
        );
        if (!stored) return null;
      }
      if (merged.state) this.states.put(docId, { through, state: merged.state });
      const replaced = runs.reduce((n, r) => n + r.count, 0);
      return {
        docId,
        entriesBefore: seqs.length,
        entriesAfter: seqs.length - replaced + runs.length,
        bytesBefore,
        bytesAfter: bytesBefore - merged.replacedBytes + runs.reduce((n, r) => n + r.bytes.length, 0),
        ms: Math.round(performance.now() - started),
        longestStallMs: Math.round(slicer.longest * 10) / 10,
        longestStallStart: slicer.longestStart,
      };
    } finally {
      job.drop();
    }
  }

  /**
   * Reads the log after position `start` up to time `before`, a page at a time, and hands each
   * page to the merge job. Returns the entries' positions, the index of the first one after
   * `cursor` (the first to merge) and their bytes in all; null when nothing after `cursor` is old
   * enough.
   */
  private async readInto(
    job: MergeJob,
    docId: string,
    start: number,
    cursor: number,
    before: number,
    slicer: Slicer,
  ): Promise<{ seqs: number[]; from: number; bytesBefore: number } | null> {
    const seqs: number[] = [];
    let bytesBefore = 0;
    let from = -1;
    for (let afterSeq = start; !this.stopped;) {
      const page: StoredUpdate[] = await slicer.io(() =>
        this.store.readLogRange(docId, afterSeq, undefined, READ_PAGE),
      );
      const end = page.findIndex((e) => e.at >= before);
      const taken = end === -1 ? page : page.slice(0, end);
      for (const e of taken) {
        if (from === -1 && e.seq > cursor) from = seqs.length;
        seqs.push(e.seq);
        bytesBefore += e.bytes.length;
      }
      job.add(taken);
      if (end !== -1 || page.length === 0) break;
      afterSeq = page.at(-1)!.seq;
    }
    return from === -1 ? null : { seqs, from, bytesBefore };
  }
}
