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

/** A checkpoint every this many updates. */
const CHECKPOINT_EVERY = 200;

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
  private readonly checkpoints = new Map<number, Uint8Array>();
  private readonly markerKeys = new Set<string>();
  private doc: Y.Doc = createBoardDoc();
  private index = 0;

  constructor(readonly entries: readonly LogEntry[]) {
    // One pass over the log: checkpoints, and the step markers (the update where each step
    // change first appears, so the marker is on the log's own server time).
    const scratch = createBoardDoc();
    let seenEvents = 0;
    this.checkpoints.set(0, Y.encodeStateAsUpdate(scratch));
    entries.forEach((entry, i) => {
      safeApply(scratch, entry.update);
      const count = frameworkEvents(scratch).length;
      if (count !== seenEvents) {
        seenEvents = count;
        for (const e of readFrameworkEvents(scratch)) {
          if (e.type !== 'step') continue;
          const key = `${e.step}@${e.by.id}@${e.at}`;
          if (this.markerKeys.has(key)) continue;
          this.markerKeys.add(key);
          this.markers.push({ step: e.step, index: i + 1, at: entry.at, by: e.by.name });
        }
      }
      if ((i + 1) % CHECKPOINT_EVERY === 0) this.checkpoints.set(i + 1, Y.encodeStateAsUpdate(scratch));
    });
    this.markers.sort((a, b) => a.index - b.index);
    scratch.destroy();
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
    if (target < this.index || (base > this.index && target - this.index > CHECKPOINT_EVERY)) {
      this.doc = createBoardDoc();
      Y.applyUpdate(this.doc, this.checkpoints.get(base)!);
      this.index = base;
    }
    if (target > this.index) {
      this.doc.transact(() => {
        for (let i = this.index; i < target; i++) safeApply(this.doc, this.entries[i]!.update);
      });
      this.index = target;
    }
    return this.doc;
  }

  /** The document as it was at time `t` (every update stamped at or before `t`). */
  docAt(t: number): Y.Doc {
    return this.docAtIndex(this.indexAt(t));
  }
}

/** Applies an update, skipping one that does not apply (the server never stores those). */
function safeApply(doc: Y.Doc, update: Uint8Array): void {
  try {
    Y.applyUpdate(doc, update);
  } catch {
    // a corrupt entry: the rest of the log still replays
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
