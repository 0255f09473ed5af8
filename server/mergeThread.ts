/**
 * The compactor's merge thread (docs/architecture.md, "Storage"): the compactor reads a log on
 * the event loop a page at a time and hands each page over here as one buffer; the thread
 * rebuilds the document and merges the runs, and the compactor writes them. What stays on the
 * event loop is reading, packing and writing, each a short stretch.
 *
 * The thread starts when warmed (the server does it as it starts) or with the first job, and keeps
 * the process alive only while a merge is awaited.
 * If it dies, the merges it had are refused (that compaction fails and is tried again on the next
 * pass) and the next job starts a new one.
 *
 * The server runs a second thread of the same program at the usual priority for reads someone waits
 * for: `history?at=` (`rebuildAt`) and summaries, export records, dashboard timings (`readBoard`).
 */
import { Worker } from 'node:worker_threads';
import type { LogRun, StoredDoc, StoredUpdate } from './storage/BoardStore';
import { unpackRuns, type MergeStart } from './logMerge';
import { encodeEntries } from './storage/appendBatch';
import { log } from './log';
import { workerProgram } from './workerProgram';
import type { BoardReadRequest, BoardReadResult, BoardReader } from './boardReads';

/** A message to the thread. */
export type MergeCall =
  | { type: 'add'; job: number; entries: Uint8Array }
  /** `count`: how many entries were added, all of which the thread must hold. */
  | {
      type: 'merge';
      job: number;
      from: number;
      windowMs: number;
      count: number;
      base?: Uint8Array;
      keepState: boolean;
    }
  | { type: 'drop'; job: number }
  /** The board as of `at`, from a whole log in the review page's wire format (lib/history.ts). */
  | { type: 'rebuild'; job: number; log: Uint8Array; at: number }
  /** What a summary, an export or the dashboard reads from a board's stored document (boardReads.ts). */
  | { type: 'read'; job: number; stored: StoredDoc; request: BoardReadRequest };

/** The thread's answer to a merge. */
export type MergeReply =
  | {
      job: number;
      ok: true;
      runs: Uint8Array;
      replacedBytes: number;
      next: number;
      stopped: boolean;
      state?: Uint8Array;
    }
  | { job: number; ok: true; rebuilt: Uint8Array }
  | { job: number; ok: true; read: BoardReadResult }
  | { job: number; ok: false; message: string };

/** What merging a job's entries produced (as `mergeLog`). */
export interface Merged {
  runs: LogRun[];
  replacedBytes: number;
  next: number;
  stopped: boolean;
  /** The state after the last entry processed, when asked for and nothing stopped the merge. */
  state?: Uint8Array;
}

/** One log being merged: its entries in order, then one merge. */
export interface MergeJob {
  /** Hands over entries that follow those already added. */
  add(entries: readonly StoredUpdate[]): void;
  /**
   * Merges the runs from entry `from` on. The state it starts from is `start.base` (moved to the
   * thread: the caller must not use it again) and the entries before `from`.
   */
  merge(from: number, windowMs: number, start?: MergeStart): Promise<Merged>;
  /** Forgets the job (it will not be merged). */
  drop(): void;
}

export class MergeThread implements BoardReader {
  /**
   * `lowPriority` (the default): the thread runs at the lowest priority (Linux), for work nobody
   * waits for (compaction). Reads someone waits for (a summary, an export, the dashboard,
   * `history?at=`) go to a thread at the usual priority: at nice 19 a busy machine starved them for
   * tens of seconds (docs/architecture.md, "Storage").
   */
  constructor(private readonly opts: { lowPriority?: boolean } = {}) {}

  private worker: Worker | null = null;
  /** Settles when the current worker has loaded its program (or failed to). */
  private ready: Promise<void> | null = null;
  private nextJob = 1;
  private readonly pending = new Map<
    number,
    { resolve(reply: MergeReply & { ok: true }): void; reject(err: Error): void }
  >();

  /**
   * Starts the thread now, and resolves once it is ready (rejects if it cannot start): starting it
   * takes the event loop some milliseconds and the process ~26 MB, which the server spends when it
   * starts rather than in a pass over a live board.
   */
  warm(): Promise<void> {
    this.worker ??= this.start();
    return this.ready!;
  }

  /** A new job. */
  open(): MergeJob {
    const job = this.nextJob++;
    let count = 0;
    return {
      add: (entries) => {
        if (entries.length === 0) return;
        count += entries.length;
        const packed = encodeEntries(entries);
        this.post({ type: 'add', job, entries: packed }, [packed.buffer as ArrayBuffer]);
      },
      merge: async (from, windowMs, start = {}) => {
        const { base, keepState = false } = start;
        const reply = await this.call(
          { type: 'merge', job, from, windowMs, count, base, keepState },
          base ? [base.buffer as ArrayBuffer] : [],
        );
        if (!('runs' in reply)) throw new Error('the merge thread answered something else');
        const { replacedBytes, next, stopped, state } = reply;
        return { runs: unpackRuns(reply.runs), replacedBytes, next, stopped, state };
      },
      drop: () => {
        if (this.worker) this.post({ type: 'drop', job });
      },
    };
  }

  /**
   * The single update that rebuilds the board as of `at` (`updateAt`) from `log`, a whole log in the
   * review page's wire format, which is moved to the thread: the caller must not use it again.
   * Rebuilding a two-hour log held the event loop for a quarter of a second (`history?at=`).
   */
  async rebuildAt(log: Uint8Array, at: number): Promise<Uint8Array> {
    const reply = await this.call({ type: 'rebuild', job: this.nextJob++, log, at }, [
      log.buffer as ArrayBuffer,
    ]);
    if (!('rebuilt' in reply)) throw new Error('the merge thread answered something else');
    return reply.rebuilt;
  }

  /**
   * Reads what `request` asks for from a board's stored document (`readStoredBoard`) on the
   * thread. The stored document is copied to it, not moved: its buffers may be views into buffers
   * the store still uses.
   */
  async readBoard(stored: StoredDoc, request: BoardReadRequest): Promise<BoardReadResult> {
    const reply = await this.call({ type: 'read', job: this.nextJob++, stored, request }, []);
    if (!('read' in reply)) throw new Error('the merge thread answered something else');
    return reply.read;
  }

  /** Stops the thread; merges under way are refused. */
  async close(): Promise<void> {
    await this.worker?.terminate();
  }

  /** Posts a call that the thread answers, and waits for its answer. */
  private call(
    call: MergeCall & { job: number },
    transfer: ArrayBuffer[],
  ): Promise<MergeReply & { ok: true }> {
    return new Promise((resolve, reject) => {
      this.pending.set(call.job, { resolve, reject });
      this.post(call, transfer);
      this.worker!.ref();
    });
  }

  private post(call: MergeCall, transfer: ArrayBuffer[] = []): void {
    this.worker ??= this.start();
    this.worker.postMessage(call, transfer);
  }

  private start(): Worker {
    const w = new Worker(workerProgram('mergeWorker'), {
      workerData: { lowPriority: this.opts.lowPriority ?? true },
    });
    w.unref();
    this.ready = new Promise<void>((resolve, reject) => {
      w.once('error', reject);
      w.once('exit', (code) => reject(new Error(`the merge thread stopped (exit code ${code})`)));
      w.once('message', () => resolve()); // its first message says it is ready
    });
    this.ready.catch(() => {}); // a start that fails is also reported by the handlers below
    w.on('message', (reply: MergeReply | 'ready') => {
      if (reply === 'ready') return;
      const call = this.pending.get(reply.job);
      if (!call) return;
      this.pending.delete(reply.job);
      if (this.pending.size === 0) w.unref();
      if (reply.ok) call.resolve(reply);
      else call.reject(new Error(reply.message));
    });
    w.on('error', (err) => log.error('the merge thread failed', { err: String(err) }));
    w.on('exit', (code) => {
      if (this.worker === w) this.worker = null;
      const err = new Error(`the merge thread stopped (exit code ${code})`);
      for (const call of this.pending.values()) call.reject(err);
      this.pending.clear();
    });
    return w;
  }
}
