/**
 * Replay: the board as it was at any moment, rebuilt from the update log (never from
 * screenshots, never from Yjs snapshots, which need GC off). Moving forward applies only the
 * new updates; moving back starts from the nearest in-memory checkpoint, so scrubbing a long
 * log stays responsive without fetching anything again.
 */
import * as Y from 'yjs';
import { countUpTo, type LogEntry } from '../history';
import type { StepIndex } from '../framework';
import { createBoardDoc, frameworkEvents } from './schema';
import { readFrameworkEvents } from './framework';
import { MomentRecorder, type Moment, type RecordChange } from './moments';
import { STEPS } from '../framework';
import { SharedValues } from './sharedValues';

/**
 * A checkpoint every this many updates once the engine has filled them in (in the background,
 * `fillCheckpoints`); a seek back costs one checkpoint decode plus at most this many updates.
 */
const CHECKPOINT_EVERY = 200;
/**
 * The replay pass itself keeps one every this many: each checkpoint is a full encode, and in
 * Chromium encoding every 200 was 40 % of the pass the page waits for (docs/architecture.md,
 * "Review replay").
 */
const PASS_CHECKPOINT_EVERY = 1_000;
/**
 * Up to this many entries (a compacted log: a two-hour board has ~1,700), the pass keeps every
 * CHECKPOINT_EVERY at once: a few encodes, and the first seeks after opening do not wait for
 * the background fill (they were the slowest of a scrub).
 */
const DENSE_PASS_UP_TO = 5_000;

/** Where a step began in the log. */
export interface StepMarker {
  step: StepIndex;
  /** Log position: the number of updates applied once the step began. */
  index: number;
  /** Server time of that update. */
  at: number;
  /** Who moved the interview to the step. */
  by: string;
}

/** The state of the board at one moment, rebuilt from a log. */
export class ReplayEngine {
  /** Step markers, in log order (a step can appear again if people went back). */
  readonly markers: StepMarker[] = [];
  /** Typed moments for the timeline (steps, scope, estimates, focus, gaps), in log order. */
  readonly moments: Moment[] = [];
  /** Log positions (0-based) of entries that did not apply: gaps in the record. */
  readonly failed: number[] = [];
  private readonly entryList: LogEntry[] = [];
  private readonly checkpoints = new Map<number, Uint8Array>();
  private readonly markerKeys = new Set<string>();
  private readonly scratch = createBoardDoc();
  private readonly recorder = new MomentRecorder(this.scratch);
  private seenEvents = 0;
  private doc: Y.Doc = createBoardDoc();
  /** Where `fillCheckpoints` stands (its doc is null when it stands on an existing checkpoint). */
  private fill: { index: number; doc: Y.Doc | null } | null = null;
  private index = 0;
  /** The checkpoints `warmSeeks` has read. */
  private readonly warmed = new Set<number>();
  private readonly passEvery: number;
  /** Values of the documents seeks rebuild, shared between them (docs/architecture.md, "Review replay"). */
  private readonly shared = new SharedValues();

  constructor(entries: readonly LogEntry[]) {
    this.passEvery = entries.length <= DENSE_PASS_UP_TO ? CHECKPOINT_EVERY : PASS_CHECKPOINT_EVERY;
    this.checkpoints.set(0, Y.encodeStateAsUpdate(this.scratch));
    this.append(entries);
    // The page opens at the end: one checkpoint there (not on later appends, which are small).
    this.checkpoints.set(this.entryList.length, Y.encodeStateAsUpdate(this.scratch));
  }

  /** The document after every entry (read only: the engine keeps applying to it). */
  get latest(): Y.Doc {
    return this.scratch;
  }

  /** The log entries, in order. */
  get entries(): readonly LogEntry[] {
    return this.entryList;
  }

  /** What each entry changed (Part flags), by log position. */
  get parts(): readonly number[] {
    return this.recorder.parts;
  }

  /** The panel record each entry changed last, by log position (sparse). */
  get records(): ReadonlyMap<number, RecordChange> {
    return this.recorder.records;
  }

  /** Who created each shape (log actor name), by shape id. */
  get shapeAuthors(): ReadonlyMap<string, string> {
    return this.recorder.shapeAuthors;
  }

  /**
   * Adds entries at the end of the log (a live board being followed). One pass over them:
   * checkpoints, step markers (on the update where each step change first appears, so the
   * marker is on the log's own server time) and moments.
   */
  append(entries: readonly LogEntry[]): void {
    const scratch = this.scratch;
    for (const entry of entries) {
      const i = this.entryList.length;
      this.entryList.push(entry);
      this.recorder.next(i, entry.at, entry.actor?.name ?? null);
      if (!safeApply(scratch, entry.update)) {
        this.failed.push(i);
        this.recorder.gap(i, entry.at);
      }
      const count = frameworkEvents(scratch).length;
      if (count !== this.seenEvents) {
        this.seenEvents = count;
        for (const e of readFrameworkEvents(scratch)) {
          if (e.type !== 'step') continue;
          const key = `${e.step}@${e.by.id}@${e.at}`;
          if (this.markerKeys.has(key)) continue;
          this.markerKeys.add(key);
          this.markers.push({ step: e.step, index: i + 1, at: entry.at, by: e.by.name });
          this.recorder.add('step', `Step ${e.step + 1}: ${STEPS[e.step]!.title}`, e.by.name);
        }
      }
      if ((i + 1) % this.passEvery === 0) this.checkpoints.set(i + 1, Y.encodeStateAsUpdate(scratch));
    }
    this.markers.sort((a, b) => a.index - b.index);
    this.moments.length = 0;
    this.moments.push(...this.recorder.moments.slice().sort((a, b) => a.index - b.index));
  }

  /**
   * Fills in the checkpoints the pass left out (every CHECKPOINT_EVERY updates), for about
   * `budgetMs` at a time; true once there is nothing left to do. Called in slices that yield to
   * the page, after it shows the board.
   */
  fillCheckpoints(budgetMs: number): boolean {
    const started = performance.now();
    const last = Math.floor(this.entryList.length / CHECKPOINT_EVERY) * CHECKPOINT_EVERY;
    while (performance.now() - started < budgetMs) {
      if (this.fill && this.fill.index >= last) return true;
      const at = this.fill?.index ?? 0;
      const next = (Math.floor(at / CHECKPOINT_EVERY) + 1) * CHECKPOINT_EVERY;
      if (next > last) return true;
      if (this.checkpoints.has(next)) {
        this.fill?.doc?.destroy();
        this.fill = { index: next, doc: null };
        continue;
      }
      if (!this.fill?.doc) {
        const from = this.fill?.index ?? 0;
        const doc = createBoardDoc();
        Y.applyUpdate(doc, this.checkpoints.get(from)!);
        this.fill = { index: from, doc };
      }
      // Short steps (the budget is checked every 20 updates), so a slice stays near its budget.
      const fill = this.fill as { index: number; doc: Y.Doc };
      const until = Math.min(next, fill.index + 20);
      for (; fill.index < until; fill.index++) safeApply(fill.doc, this.entryList[fill.index]!.update);
      if (fill.index === next) this.checkpoints.set(next, Y.encodeStateAsUpdate(fill.doc));
    }
    return false;
  }

  /**
   * Reads each checkpoint once through the shared values, for about `budgetMs` at a time (at
   * least one each call); true once every checkpoint there is now was read. Called after the
   * checkpoints are filled in, in slices that yield to the page: the first seeks back then find
   * their records read before (docs/architecture.md, "Review replay").
   */
  warmSeeks(budgetMs: number): boolean {
    const started = performance.now();
    const keys = [...this.checkpoints.keys()].filter((k) => !this.warmed.has(k));
    for (let i = 0; i < keys.length; i++) {
      const doc = createBoardDoc();
      this.shared.apply(doc, this.checkpoints.get(keys[i]!)!);
      doc.destroy();
      this.warmed.add(keys[i]!);
      if (i + 1 < keys.length && performance.now() - started >= budgetMs) return false;
    }
    return true;
  }

  /** Time of the first and last update (0 for an empty log). */
  get range(): { start: number; end: number } {
    return { start: this.entries[0]?.at ?? 0, end: this.entries.at(-1)?.at ?? 0 };
  }

  /** The number of updates at or before time `t`. */
  indexAt(t: number): number {
    return countUpTo(this.entries, t);
  }

  /**
   * The document after the first `index` updates. The same Y.Doc is returned (and mutated)
   * while moving forward; moving back returns a new one.
   */
  docAtIndex(index: number): Y.Doc {
    const target = Math.max(0, Math.min(this.entries.length, Math.floor(index)));
    // Start from the nearest checkpoint at or before the target when going back, or when it is
    // much closer than where we are (a long jump forward; short steps keep the same doc).
    let base = 0;
    for (const k of this.checkpoints.keys()) if (k <= target && k > base) base = k;
    const fresh = target < this.index || (base > this.index && target - this.index > CHECKPOINT_EVERY);
    if (fresh) {
      this.doc = createBoardDoc();
      this.shared.apply(this.doc, this.checkpoints.get(base)!);
      this.index = base;
    }
    if (target > this.index) {
      const apply = () => {
        for (let i = this.index; i < target; i++) safeApply(this.doc, this.entries[i]!.update, this.shared);
      };
      // A fresh doc has no observers yet: one transaction per update, as the log was written,
      // is faster there (Yjs cleans up deleted records as it goes; measured 22 ms against 29 ms
      // for a checkpoint and 199 updates). A doc being shown gets one transaction, so its
      // observers (the panel) run once per seek.
      if (fresh) apply();
      else this.doc.transact(apply);
      this.index = target;
    }
    return this.doc;
  }

  /** The document as it was at time `t` (every update stamped at or before `t`). */
  docAt(t: number): Y.Doc {
    return this.docAtIndex(this.indexAt(t));
  }
}

/** Applies an update; false (and nothing thrown) for one that does not apply. */
function safeApply(doc: Y.Doc, update: Uint8Array, shared?: SharedValues): boolean {
  try {
    if (shared) shared.apply(doc, update);
    else Y.applyUpdate(doc, update);
    return true;
  } catch {
    // a corrupt entry (the server never stores those): the rest of the log still replays
    return false;
  }
}

/** The single update that rebuilds the document as of time `t` (the `history?at=` endpoint). */
export function updateAt(entries: readonly LogEntry[], t: number): Uint8Array {
  const doc = createBoardDoc();
  doc.transact(() => {
    for (let i = 0, n = countUpTo(entries, t); i < n; i++) safeApply(doc, entries[i]!.update);
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
