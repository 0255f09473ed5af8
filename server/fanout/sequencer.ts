/**
 * Applying one document's stored updates in log order on an instance that did not store them
 * all itself (docs/architecture.md, "Scale-out"). PostgreSQL numbers each document's updates
 * densely and commits them in order, so a receiver that has everything through N knows exactly
 * what it lacks when N+2 arrives first: N+1. Pure: the caller does the I/O.
 */

/** Something to apply to the document now, in this order. */
export type ToApply = Uint8Array[];

/** One document's position in its log on this instance. */
export class Sequencer {
  /** seq -> its time and bytes (null: stored by this instance, already in the document). */
  private readonly ahead = new Map<number, { at: number; bytes: Uint8Array | null }>();
  private throughAt: number;

  constructor(
    /** Everything through this position is in the document. */
    private throughSeq: number,
    at = 0,
  ) {
    this.throughAt = at;
  }

  /** Everything through this position is in the document. */
  get through(): { seq: number; at: number } {
    return { seq: this.throughSeq, at: this.throughAt };
  }

  /** True while something later than `through` arrived but not everything before it. */
  get hasGap(): boolean {
    return this.ahead.size > 0;
  }

  /** This instance stored `seq` (its content is already in the document). */
  stored(seq: number, at: number): ToApply {
    if (seq <= this.throughSeq) return [];
    this.ahead.set(seq, { at, bytes: null });
    return this.advance();
  }

  /** Another instance stored `bytes` at `seq`. Returns what may be applied now, in order. */
  received(seq: number, at: number, bytes: Uint8Array): ToApply {
    if (seq <= this.throughSeq || this.ahead.has(seq)) return [];
    this.ahead.set(seq, { at, bytes });
    return this.advance();
  }

  /**
   * The log read from storage after `through` (a gap fill): a complete prefix, since numbers
   * commit in order. Compaction may have merged entries into one at the run's last number, so
   * numbers can skip; the entries still carry everything. Returns what to apply, in order.
   */
  filled(entries: ReadonlyArray<{ seq: number; at: number; bytes: Uint8Array }>): ToApply {
    const out: ToApply = [];
    for (const e of entries) {
      if (e.seq <= this.throughSeq) continue;
      // Already in the document when this instance stored it; anything else is applied (Yjs
      // ignores what it already has, so an entry that also came by fan-out does no harm).
      if (this.ahead.get(e.seq)?.bytes !== null) out.push(e.bytes);
      this.ahead.delete(e.seq);
      this.throughSeq = e.seq;
      this.throughAt = e.at;
    }
    for (const seq of this.ahead.keys()) if (seq <= this.throughSeq) this.ahead.delete(seq);
    return out.concat(this.advance());
  }

  private advance(): ToApply {
    const out: ToApply = [];
    for (let next = this.ahead.get(this.throughSeq + 1); next; next = this.ahead.get(this.throughSeq + 1)) {
      this.ahead.delete(this.throughSeq + 1);
      if (next.bytes) out.push(next.bytes);
      this.throughSeq++;
      this.throughAt = next.at;
    }
    return out;
  }
}
